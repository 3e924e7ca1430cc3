#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the whole test suite
# through CTest. Starts a throwaway PostgreSQL server on loopback unless
# LUCCA_TEST_POSTGRES already names one.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${LUCCA_BUILD_DIR:-build}

scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUCCA_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j2

if [[ -z "${LUCCA_TEST_POSTGRES:-}" ]]; then
  postgres_env=$(scripts/postgres.sh start)
  eval "$postgres_env"
  trap 'scripts/postgres.sh stop' EXIT
fi

ctest --test-dir "$build" --output-on-failure -j2 "$@"
