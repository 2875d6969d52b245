#!/usr/bin/env bash
# The service benchmark: `ashbyknit simulate` against `ashbyknit serve` on 127.0.0.1, at
# concurrency 1, 8 and 64, each against a fresh store file with durability full (every accepted
# call is synced to disk before its reply), delivering to `ashbyknit receive`. Prints, for
# assessment.start, the calls per second and the p50/p99 latency, and the throughput at 8 and 64
# connections as a ratio to 1 connection, measured in the same run.
#
# Usage: scripts/bench_serve.sh [ROUNDS] [ASHBYKNIT]
#   ROUNDS     rounds simulate plays at each concurrency (default 2000)
#   ASHBYKNIT  the tool to measure (default: a Release build in build/bench-serve)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-2000}
cli=${2:-}
if [ -z "$cli" ]; then
  scripts/setup.sh
  cmake -S . -B build/bench-serve -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_BENCHMARKS=OFF >/dev/null
  cmake --build build/bench-serve --target ashbyknit_cli >/dev/null
  cli=$PWD/build/bench-serve/examples/cli/ashbyknit
fi

# shellcheck source=scripts/loopback_services.sh
source scripts/loopback_services.sh
head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/signing.key"
"$cli" receive --listen 127.0.0.1:0 --key-file "$work/signing.key" >/dev/null 2>"$work/receive.log" &
pids+=($!)
webhook_url="http://127.0.0.1:$(listening_port "$work/receive.log")/knit"

# One run at `concurrency`, against a fresh store: writes "calls_per_second p50_ms p99_ms" of
# assessment.start to $work/c<concurrency>.result.
measure() {
  local concurrency=$1 run=$work/c$1
  mkdir "$run"
  "$cli" integration create --db "$run/store.db" --id bench
  # Only the base URL's path routes calls; the port is known once serve has bound it.
  "$cli" serve --db "$run/store.db" --listen 127.0.0.1:0 --base-url http://127.0.0.1/ashby/ \
    --webhook-url "$webhook_url" --signing-key-file "$work/signing.key" 2>"$run/serve.log" &
  local serve_pid=$!
  pids+=("$serve_pid")
  local port
  port=$(listening_port "$run/serve.log")
  "$cli" secret issue --db "$run/store.db" --integration bench --base-url "http://127.0.0.1:$port/ashby/" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["secretKey"], end="")' >"$run/secret.key"
  if ! "$cli" simulate --base-url "http://127.0.0.1:$port/ashby/" --key-file "$run/secret.key" \
    --count "$rounds" --concurrency "$concurrency" --seed 1 >"$run/simulate.txt"; then
    cat "$run/simulate.txt" >&2
    echo "simulate found unexpected replies at concurrency $concurrency" >&2
    exit 1
  fi
  kill -TERM "$serve_pid"
  wait "$serve_pid"
  # The rate is that of all the run's calls (starts are most of them); the latencies are those of
  # the start row: "start <calls> <p50> <p90> <p99> <max> <statuses>".
  python3 -c '
import re, sys
text = open(sys.argv[1]).read()
start = next(line.split() for line in text.splitlines() if line.startswith("start "))
total = re.search(r"total \d+ calls in [\d.]+ s: ([\d.]+) calls/s", text)
print(f"{float(total.group(1)):.1f} {start[2]} {start[4]}")
' "$run/simulate.txt" >"$work/c$concurrency.result"
}

echo "simulate -> serve on 127.0.0.1, $rounds rounds each, store durability full (synchronous=FULL, WAL)"
declare -A rate
for concurrency in 1 8 64; do
  measure "$concurrency"
  read -r per_second p50 p99 <"$work/c$concurrency.result"
  rate[$concurrency]=$per_second
  printf 'concurrency %2d: %8s calls/s   assessment.start p50 %s ms, p99 %s ms\n' "$concurrency" "$per_second" "$p50" "$p99"
done
python3 -c 'import sys; one, eight, sixtyfour = map(float, sys.argv[1:]); print(f"throughput ratio to 1 connection: 8 -> {eight / one:.2f}, 64 -> {sixtyfour / one:.2f}")' \
  "${rate[1]}" "${rate[8]}" "${rate[64]}"
