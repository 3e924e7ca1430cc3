#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, then runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to 60 (LUCCA_FUZZ_SECONDS also sets it).
# TARGET is page-parser or pipeline-loader; the default is both.
# The build goes to build-fuzz (LUCCA_FUZZ_BUILD_DIR overrides it). New
# inputs go to build-fuzz/corpus/TARGET, seeded from tests/fuzz/corpus;
# a crashing input is written to build-fuzz/artifacts/TARGET/ and the
# script exits non-zero. Copy such an input into tests/fuzz/corpus/ once
# the bug is fixed, so the replay tests keep it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${LUCCA_FUZZ_SECONDS:-60}}
[[ $# -gt 0 ]] && shift
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(page-parser pipeline-loader)
build=${LUCCA_FUZZ_BUILD_DIR:-build-fuzz}

scripts/install-deps.sh
sanitizers=-fsanitize=fuzzer-no-link,address,undefined
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLUCCA_BUILD_TESTS=ON -DLUCCA_BUILD_FUZZERS=ON \
  -DCMAKE_C_FLAGS="$sanitizers -fno-sanitize-recover=all" \
  -DCMAKE_CXX_FLAGS="$sanitizers -fno-sanitize-recover=all" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_MODULE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz-}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for target in "${targets[@]}"; do
  case $target in
    page-parser) seeds=tests/fuzz/corpus/page ;;
    pipeline-loader) seeds=tests/fuzz/corpus/pipeline ;;
    *) echo "fuzz.sh: unknown target '$target'; use page-parser or pipeline-loader" >&2; exit 2 ;;
  esac
  corpus=$build/corpus/$target
  artifacts=$build/artifacts/$target/
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz.sh: running $target for $seconds s" >&2
  # -timeout: one input slower than 10 s is reported as a hang;
  # -rss_limit_mb: one input needing more than 2 GB is reported as well.
  if ! "$build/bin/fuzz-$target" "$corpus" "$seeds" -max_total_time="$seconds" \
      -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$artifacts" \
      -print_final_stats=1; then
    echo "fuzz.sh: $target found a failure; see $artifacts" >&2
    status=1
  fi
done
exit $status
