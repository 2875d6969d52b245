#!/usr/bin/env bash
# The test command: installs what the build needs, then builds from scratch and runs the whole
# suite twice, once plainly and once under AddressSanitizer + UndefinedBehaviorSanitizer
# (halting on the first report); between the two, the multi-threaded tests run under
# ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

jobs=$(nproc)

# Configures a fresh build/<name> with the given CMake options.
configure() {
  local name=$1
  shift
  echo "== $name: configure and build" >&2
  rm -rf "build/$name"
  cmake -S . -B "build/$name" -G Ninja "$@" >/dev/null
}

# Builds everything into build/<name> and runs every test there.
run_suite() {
  local name=$1
  shift
  configure "$name" -DAK_BUILD_TESTS=ON -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_BENCHMARKS=ON "$@"
  cmake --build "build/$name" -j "$jobs"
  echo "== $name: test" >&2
  ctest --test-dir "build/$name" --output-on-failure -j "$jobs"
}

run_suite plain -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure threads -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAK_SANITIZE_THREAD=ON \
  -DAK_BUILD_TESTS=ON -DAK_BUILD_EXAMPLES=OFF -DAK_BUILD_BENCHMARKS=OFF
cmake --build build/threads -j "$jobs" --target ashbyknit_unit_tests ashbyknit_capi_tests
echo "== threads: test" >&2
TSAN_OPTIONS=halt_on_error=1 build/threads/tests/unit/ashbyknit_unit_tests "[threads]"
TSAN_OPTIONS=halt_on_error=1 build/threads/tests/capi/ashbyknit_capi_tests "[threads]"

export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run_suite sanitized -DCMAKE_BUILD_TYPE=Debug -DAK_SANITIZE=ON
