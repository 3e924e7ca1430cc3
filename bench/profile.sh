#!/usr/bin/env bash
# Profiles one initial SQLite sync of the connector with perf. It starts the
# simulator on a dataset that bench/run.sh generated and records
# connector-host with `perf record`. Then it prints the CPU samples per
# library and per thread: the main thread fetches and parses the pages, and
# the other threads write them.
#
#   bench/profile.sh [SIZE] [PAGE_SIZE]     defaults: 1000000 10000
#
# Needs perf (Debian package linux-perf) and a finished bench/run.sh, whose
# build-bench/ and bench/data/ it reuses. Output goes to bench/results/profile/.
set -euo pipefail
cd "$(dirname "$0")/.."

size=${1:-1000000}
page_size=${2:-10000}
bin=${LUCCA_BENCH_BUILD_DIR:-build-bench}/bin
dataset=bench/data/dataset-$size-seed7.json
out=bench/results/profile
command -v perf >/dev/null || { echo "profile.sh: perf not found; install linux-perf" >&2; exit 1; }
[[ -f "$dataset" ]] || { echo "profile.sh: $dataset not found; run bench/run.sh first" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"

# 1. The simulator, with its rate limit off, on a free loopback port.
"$bin/lucca-simulator" --dataset="$dataset" --rate-limit=0 --port=0 \
  --port-file="$out/port.json" >"$out/simulator.log" 2>&1 &
simulator=$!
trap 'kill "$simulator" 2>/dev/null || true' EXIT
until [[ -f "$out/port.json" ]]; do
  kill -0 "$simulator" 2>/dev/null || { cat "$out/simulator.log" >&2; exit 1; }
  sleep 0.2
done
port=$(sed -E 's/.*"http":([0-9]+).*/\1/' "$out/port.json")

# 2. One initial sync under perf.
cat >"$out/pipeline.yaml" <<YAML
pipeline: profile
state:
  path: $PWD/$out/state.db
steps:
  - name: timeentries
    connector: lucca-timeentries
    config:
      baseUrl: http://127.0.0.1:$port
      apiKey: lucca-simulator-demo-key
      pageSize: $page_size
      rateLimitPerMinute: 1000000
      destination:
        type: sqlite
        path: $PWD/$out/entries.db
YAML
perf record -F 999 -g -o "$out/perf.data" "$bin/connector-host" run "$out/pipeline.yaml" \
  >"$out/host.log" 2>&1

# 3. Samples per library, then per thread and function (top frame only).
perf report -i "$out/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
  grep '%' | head -10
# The writer thread is named page-writer; every other thread counts as main.
perf script -i "$out/perf.data" -F comm,ip,sym,dso 2>/dev/null | awk '
  /^ *[^ ]+ *$/ { thread = ($1 == "page-writer") ? "writer" : "main"; top = 1; next }
  top && NF > 0 {
    top = 0; library = $NF; gsub(/[()]/, "", library); sub(/.*\//, "", library)
    samples[thread]++; functions[thread " " substr($2, 1, 60) " (" library ")"]++
  }
  END {
    for (thread in samples) printf "%s thread: %d samples\n", thread, samples[thread] > "/dev/stderr"
    for (key in functions) printf "%d %s\n", functions[key], key
  }' 2>&1 >"$out/functions.txt"
sort -k1,1nr "$out/functions.txt" | head -40
