#!/usr/bin/env bash
# Runs the benchmark: installs missing packages, builds in release mode,
# starts a throwaway PostgreSQL server on loopback unless LUCCA_TEST_POSTGRES
# names one, and measures every scenario (see docs/benchmarks.md).
#
#   bench/run.sh [--runs N] [--sizes 100000,1000000] [--page-sizes 10000,1000]
#                [--no-peer] [--no-incremental] [--no-postgres] ...
#
# Arguments other than --no-postgres go to bench/benchmark.py, which lists
# them with `bench/run.sh --help`. The build folder is $LUCCA_BENCH_BUILD_DIR
# (default build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${LUCCA_BENCH_BUILD_DIR:-build-bench}
postgres=on
arguments=()
for argument in "$@"; do
  if [[ "$argument" == "--no-postgres" ]]; then postgres=off; else arguments+=("$argument"); fi
done

scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLUCCA_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j2 --target connector-host lucca-timeentries lucca-simulator \
  bench-transfer-ceiling bench-sqlite-write-ceiling bench-postgres-copy-ceiling

if [[ "$postgres" == off ]]; then
  unset LUCCA_TEST_POSTGRES
  arguments+=(--postgres "")
elif [[ -z "${LUCCA_TEST_POSTGRES:-}" ]]; then
  # A port and folder of its own, so that a test run's server is left alone.
  export LUCCA_POSTGRES_PORT=${LUCCA_BENCH_POSTGRES_PORT:-55442}
  export LUCCA_POSTGRES_DIR=${LUCCA_BENCH_POSTGRES_DIR:-/tmp/lucca-bench-postgres-$LUCCA_POSTGRES_PORT}
  eval "$(scripts/postgres.sh start)"
  trap 'scripts/postgres.sh stop' EXIT
fi

# Debian's interpreter, whose python3-requests install-deps.sh provides.
/usr/bin/python3 bench/benchmark.py --build "$build" "${arguments[@]}"
