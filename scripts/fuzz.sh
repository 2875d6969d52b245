#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz and runs each for SECONDS seconds
# (default 60). Each fuzzer works on its own corpus in build-fuzz/corpus/<target>, seeded from
# tests/fuzz/corpus/<target> and kept between runs; the source tree is never written to.
# Crashing inputs are saved in build-fuzz/artifacts/<target>/. Exits 1 when any fuzzer finds a
# crash, a leak, a time-out or a sanitizer report.
#
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS]   (a positive whole number of seconds per fuzzer)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
targets=(fuzz_start_request fuzz_cancel_request fuzz_catalogue fuzz_secret_key fuzz_standard_webhooks)
# The whole build is instrumented, the library included: coverage guides libFuzzer, and the
# sanitizers see only instrumented code. The fuzz targets add -fsanitize=fuzzer themselves.
instrument="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

CC=clang CXX=clang++ cmake -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="$instrument" -DCMAKE_CXX_FLAGS="$instrument" \
  -DAK_BUILD_FUZZERS=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_EXAMPLES=OFF -DAK_BUILD_BENCHMARKS=OFF \
  -DAK_INSTALL=OFF >/dev/null
cmake --build "$build" --parallel --target "${targets[@]}"

failed=()
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  # -L: some seeds are symbolic links to the test fixtures.
  cp -L "$root/tests/fuzz/corpus/$target/"* "$corpus/"
  echo "== $target: ${seconds}s"
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$corpus"; then
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} found a problem; the inputs are in $build/artifacts/" >&2
  exit 1
fi
echo "fuzz: no problem found in ${seconds}s per target"
