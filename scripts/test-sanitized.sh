#!/usr/bin/env bash
# Builds the project with sanitizers in a separate build folder and runs the
# CTest suite there.
#
#   scripts/test-sanitized.sh [address|thread] [CTEST ARGS...]
#
# address (the default): AddressSanitizer and UndefinedBehaviorSanitizer
#   (-DLUCCA_SANITIZE=ON) in build-asan, every target, whole suite.
#   Undefined behaviour aborts the test, as a memory error does.
# thread: ThreadSanitizer (-DLUCCA_SANITIZE_THREAD=ON) in build-tsan. It
#   builds and runs only the suites that drive code running on several
#   threads: the connector's partition workers and page-writing threads (labels
#   connector, hostile and reliability) and the host's callbacks and signal
#   handling (label host).
#
# Both builds use -O1 -g1, which compile faster than the plain build's
# -O2 -g. Sanitizer reports still show file and line numbers, because -g1
# keeps the line tables.
#
# LUCCA_SANITIZE_BUILD_DIR overrides the build folder. Like scripts/test.sh,
# it starts a throwaway PostgreSQL server unless LUCCA_TEST_POSTGRES is set.
# Exits non-zero when the build fails or any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=address
if [[ $# -gt 0 && ( "$1" == address || "$1" == thread ) ]]; then
  mode=$1
  shift
fi

flags="-O1 -g1 -DNDEBUG"
runner=()
if [[ $mode == address ]]; then
  build=${LUCCA_SANITIZE_BUILD_DIR:-build-asan}
  options=(-DLUCCA_SANITIZE=ON -DLUCCA_SANITIZE_THREAD=OFF)
  targets=(all)
  # Leak reports stay on; a sanitizer report makes the process exit non-zero.
  # With intercept_tls_get_addr=0 the leak check does not scan dynamic TLS.
  # Otherwise GCC 12's leak check died with "Tracer caught signal 11" at the
  # exit of a connector-host that had unloaded the connector with
  # PostgreSQL, because it read a stale dynamic TLS range. The option can
  # add a leak report for a block that only a thread_local of a loaded
  # library points to, but it hides no leak.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:intercept_tls_get_addr=0}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  default_tests=()
else
  build=${LUCCA_SANITIZE_BUILD_DIR:-build-tsan}
  options=(-DLUCCA_SANITIZE=OFF -DLUCCA_SANITIZE_THREAD=ON)
  # The executables of the labels below, and the programs they start.
  targets=(connector_unit_tests connector_integration_tests hostile_integration_tests
           host-unit-tests host-integration-tests convergence-driver connector-host
           lucca-timeentries lucca-simulator host-test-plugins)
  # The suppressions cover false positives in Poco, which is not
  # instrumented. The path is absolute because tests run in other folders.
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan-suppressions.txt}
  # The hostile suite fails runs while a page write is in flight, the path
  # where a worker's threads are torn down. -L takes a regular expression,
  # so the names are anchored.
  default_tests=(-L '^(connector|hostile|reliability|host)$')
  # The ThreadSanitizer runtime can abort with "unexpected memory mapping"
  # on kernels with a high vm.mmap_rnd_bits. Running the tests without
  # address-space randomisation avoids that without changing the machine's
  # settings.
  if command -v setarch >/dev/null; then
    runner=(setarch "$(uname -m)" -R)
  fi
fi

scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUCCA_BUILD_TESTS=ON \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="$flags" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" \
  "${options[@]}" >/dev/null
started=$SECONDS
cmake --build "$build" -j2 --target "${targets[@]}"
echo "test-sanitized: $mode build took $((SECONDS - started)) s" >&2

if [[ -z "${LUCCA_TEST_POSTGRES:-}" ]]; then
  # Assigned first, so a failed start stops the script (eval of a failed
  # command substitution would succeed).
  postgres_env=$(scripts/postgres.sh start)
  eval "$postgres_env"
  trap 'scripts/postgres.sh stop' EXIT
fi

if [[ $# -eq 0 ]]; then
  set -- "${default_tests[@]}"
fi
started=$SECONDS
status=0
"${runner[@]}" ctest --test-dir "$build" --output-on-failure -j2 "$@" || status=$?
echo "test-sanitized: $mode tests took $((SECONDS - started)) s" >&2
exit "$status"
