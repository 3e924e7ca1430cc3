#!/usr/bin/env bash
# Builds the whole project with sanitizers in a separate build folder and
# runs the CTest suite there.
#
#   scripts/test-sanitized.sh [address|thread] [CTEST ARGS...]
#
# address (the default): AddressSanitizer and UndefinedBehaviorSanitizer
#   (-DLUCCA_SANITIZE=ON) in build-asan, whole suite. Undefined behaviour
#   aborts the test, as a memory error does.
# thread: ThreadSanitizer (-DLUCCA_SANITIZE_THREAD=ON) in build-tsan, the
#   suites whose code runs on several threads: connector, reliability, host.
#
# LUCCA_SANITIZE_BUILD_DIR overrides the build folder. Like scripts/test.sh,
# it starts a throwaway PostgreSQL server unless LUCCA_TEST_POSTGRES is set.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=address
if [[ $# -gt 0 && ( "$1" == address || "$1" == thread ) ]]; then
  mode=$1
  shift
fi

if [[ $mode == address ]]; then
  build=${LUCCA_SANITIZE_BUILD_DIR:-build-asan}
  options=(-DLUCCA_SANITIZE=ON -DLUCCA_SANITIZE_THREAD=OFF)
  # Leak reports stay on; a sanitizer report makes the process exit non-zero.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  default_tests=()
else
  build=${LUCCA_SANITIZE_BUILD_DIR:-build-tsan}
  options=(-DLUCCA_SANITIZE=OFF -DLUCCA_SANITIZE_THREAD=ON)
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
  default_tests=(-L 'connector|reliability|host')
fi

scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUCCA_BUILD_TESTS=ON \
  "${options[@]}" >/dev/null
cmake --build "$build" -j2

if [[ -z "${LUCCA_TEST_POSTGRES:-}" ]]; then
  eval "$(scripts/postgres.sh start)"
  trap 'scripts/postgres.sh stop' EXIT
fi

if [[ $# -eq 0 ]]; then
  set -- "${default_tests[@]}"
fi
ctest --test-dir "$build" --output-on-failure -j2 "$@"
