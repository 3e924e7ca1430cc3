#!/usr/bin/env bash
# Plays a long randomized convergence run: --sequences sequences on one
# backend, split over --jobs driver processes with disjoint seeds, then
# prints the summed figures. On a divergence it prints the failing seed, the
# shortest failing step list found and the command that replays it.
#
#   tests/reliability/run-long.sh --sequences 1000 --backend sqlite
#   tests/reliability/run-long.sh --sequences 200 --backend postgresql --jobs 1
#
# PostgreSQL needs LUCCA_TEST_POSTGRES; without it the script starts the
# throwaway server of scripts/postgres.sh. The driver comes from
# ${LUCCA_BUILD_DIR:-build}, which is built first.
set -euo pipefail
cd "$(dirname "$0")/../.."

sequences=1000
backend=sqlite
jobs=2
seed=1
rebuild=true
build=${LUCCA_BUILD_DIR:-build}
logs=""

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: --sequences N  --backend sqlite|postgresql  --jobs N (default 2)"
  echo "         --seed N (first seed, default 1)  --logs DIR (default: a new temporary folder)"
  echo "         --no-build (use the driver already built in the build folder)"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --sequences) sequences=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --logs) logs=$2; shift 2 ;;
    --no-build) rebuild=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-long.sh: unknown option '$1'" >&2; usage >&2; exit 3 ;;
  esac
done
[[ $backend == sqlite || $backend == postgresql ]] ||
  { echo "run-long.sh: invalid backend '$backend'; expected sqlite or postgresql" >&2; exit 3; }

if $rebuild; then
  cmake -S . -B "$build" >/dev/null
  cmake --build "$build" -j2 --target convergence-driver >/dev/null
fi
if [[ $backend == postgresql && -z "${LUCCA_TEST_POSTGRES:-}" ]]; then
  eval "$(scripts/postgres.sh start)"
fi
[[ -n $logs ]] || logs=$(mktemp -d /tmp/convergence-XXXXXX)
mkdir -p "$logs"

# 1. One driver per job, each with its own block of seeds.
per_job=$(( (sequences + jobs - 1) / jobs ))
pids=()
for (( job = 0; job < jobs; job++ )); do
  first=$(( seed + job * per_job ))
  count=$(( sequences - job * per_job ))
  (( count > per_job )) && count=$per_job
  (( count > 0 )) || break
  "$build/bin/convergence-driver" --backend "$backend" --seed "$first" --sequences "$count" \
    >"$logs/job$job.out" 2>"$logs/job$job.err" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done

# 2. The summed figures of every job's summary line.
awk '/^convergence-driver: summary/ {
       for (i = 3; i <= NF; i++) { split($i, pair, "="); total[pair[1]] += pair[2] } }
     END {
       printf "run-long.sh: %d sequences, %d steps, %d runs, %d faults armed (%d fired), ",
              total["sequences"], total["steps"], total["runs"], total["faultsArmed"], total["faultsFired"]
       printf "%d SIGKILL and %d SIGTERM mid-run, %d table checks, %d rows compared, ",
              total["kills"], total["terminations"], total["tableChecks"], total["rowsCompared"]
       printf "%d watermark checks, %d failures\n", total["watermarkChecks"], total["failures"] }' \
  "$logs"/job*.out
awk '/^convergence-driver: exit codes/ {
       for (i = 6; i <= NF; i++) { split($i, pair, "="); codes[pair[1]] += pair[2] } }
     END { printf "run-long.sh: runs per exit code:"; for (c in codes) printf " %s=%d", c, codes[c]; print "" }' \
  "$logs"/job*.out
echo "run-long.sh: backend $backend, seeds $seed to $(( seed + sequences - 1 )), logs in $logs"

# 3. Every divergence with its shortest reproduction.
if [[ $status -ne 0 ]]; then
  for err in "$logs"/job*.err; do
    sed -n '/^DIVERGENCE/,$p' "$err" | grep -v '^  shrinking:' || true
  done
  exit 1
fi
