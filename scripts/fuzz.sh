#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, under AddressSanitizer and UndefinedBehaviorSanitizer,
# into build-fuzz and runs each one, for SECONDS seconds (default 60) or, with --runs, for N
# executions. Each fuzzer works on its own corpus in build-fuzz/corpus/<target>, seeded from
# tests/fuzz/corpus/<target> and kept between runs; the source tree is never written to.
# Crashing inputs are saved in build-fuzz/artifacts/<target>/. Prints each target's executions,
# rate and time, and exits 1 when any fuzzer finds a crash, a leak, a time-out or a sanitizer
# report. With --fork W, each target runs as W worker processes that share its corpus and count
# their executions together (libFuzzer's -fork), so W cores reach N executions W times sooner.
#
# Usage: scripts/fuzz.sh [SECONDS]
#        scripts/fuzz.sh --runs N [--fork W] [TARGET...]   (for instance --runs 10000000 --fork 2)
set -euo pipefail

usage() {
  echo "usage: $0 [SECONDS] | --runs N [--fork W] [TARGET...]   (positive whole numbers)" >&2
  exit 2
}
limit=(-max_total_time=60)
chosen=()
if [ "${1:-}" = "--runs" ]; then
  [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || usage
  limit=(-runs="$2")
  shift 2
  if [ "${1:-}" = "--fork" ]; then
    [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || usage
    limit+=(-fork="$2")
    shift 2
  fi
  chosen=("$@")
elif [ $# -gt 1 ]; then
  usage
elif [ $# -eq 1 ]; then
  [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
  limit=(-max_total_time="$1")
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
targets=(fuzz_start_request fuzz_cancel_request fuzz_catalogue fuzz_secret_key fuzz_standard_webhooks)
if [ ${#chosen[@]} -gt 0 ]; then
  for target in "${chosen[@]}"; do
    [[ " ${targets[*]} " == *" $target "* ]] || { echo "$0: no fuzz target $target; they are ${targets[*]}" >&2; exit 2; }
  done
  targets=("${chosen[@]}")
fi
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
summary=()
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  # -L: some seeds are symbolic links to the test fixtures.
  cp -L "$root/tests/fuzz/corpus/$target/"* "$corpus/"
  echo "== $target: ${limit[*]}"
  started=$(date +%s)
  if ! "$build/tests/fuzz/$target" "${limit[@]}" -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$corpus" 2> >(tee "$artifacts/last-run.log" >&2); then
    failed+=("$target")
  fi
  wait  # for tee
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$artifacts/last-run.log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$artifacts/last-run.log")
  elapsed=$(( $(date +%s) - started ))
  # Forked workers print no final statistics: their parent's last progress line has the total.
  if [ -z "$runs" ]; then
    runs=$(sed -n 's/^#\([0-9]*\): .* job: .*/\1/p' "$artifacts/last-run.log" | tail -1)
    [ -z "$runs" ] || rate=$(( runs / (elapsed > 0 ? elapsed : 1) ))
  fi
  summary+=("$(printf '%-24s %12s executions %8s/s %6ss' "$target" "${runs:-?}" "${rate:-?}" "$elapsed")")
done

printf '%s\n' "${summary[@]}"

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} found a problem; the inputs are in $build/artifacts/" >&2
  exit 1
fi
echo "fuzz: no problem found (${limit[*]} per target)"
