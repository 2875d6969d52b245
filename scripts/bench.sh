#!/usr/bin/env bash
# The performance table: builds a Release tree in build/bench and prints, each as a ratio to a
# baseline measured in the same run (a measurement, never a pass/fail gate):
#   - map_start and map_cancel against a bare simdjson parse of the same fixture body;
#   - a plain-Python mapping of the start fixture (tests/bench/python_mapping.py) against map_start;
#   - `ashbyknit serve` (durable store, delivery to `ashbyknit receive` running) against
#     ashbyknit_noop_server (the same cpp-httplib server doing nothing), both driven by wrk with 32
#     connections, every request a new assessment.start.
# Exits 1 when something breaks (a build, a failed or non-success reply), never for a missed target.
#
# Usage: scripts/bench.sh [SECONDS]   (each wrk run's duration, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS]   (a positive whole number of seconds per wrk run)" >&2
  exit 2
fi

scripts/setup.sh
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build/bench --target ashbyknit_cli ashbyknit_bench ashbyknit_noop_server ashbyknit >/dev/null
cli=$PWD/build/bench/examples/cli/ashbyknit
noop=$PWD/build/bench/tests/bench/noop_server/ashbyknit_noop_server
library=$(ls "$PWD"/build/bench/capi/libashbyknit.so.* | head -1)

# shellcheck source=scripts/loopback_services.sh
source scripts/loopback_services.sh

echo "measuring the mapper (ashbyknit_bench) and plain Python..." >&2
build/bench/tests/bench/ashbyknit_bench --benchmark_min_time=0.5 \
  '--benchmark_filter=^(parse|map)_(start|cancel)$' >"$work/mapping.txt" 2>/dev/null
ASHBYKNIT_LIBRARY=$library PYTHONPATH=capi/python python3 tests/bench/python_mapping.py tests/fixtures \
  >"$work/python.txt"

# Runs wrk against the assessment.start URL $1 with the Authorization header $2, into $work/$3.txt.
drive() {
  AK_BENCH_START_BODY=$PWD/tests/fixtures/ashby-assessment-start.json AK_BENCH_AUTHORIZATION=$2 \
    wrk -t2 -c32 -d"${seconds}s" --latency -s tests/bench/wrk_start.lua "$1" >"$work/$3.txt"
}

echo "driving ashbyknit_noop_server with wrk for ${seconds}s..." >&2
"$noop" 127.0.0.1:0 2>"$work/noop.log" &
noop_pid=$!
pids+=("$noop_pid")
drive "http://127.0.0.1:$(listening_port "$work/noop.log")/ashby/assessment.start" "Basic none" noop
kill -TERM "$noop_pid"

echo "driving ashbyknit serve (durability full, delivering) with wrk for ${seconds}s..." >&2
head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/signing.key"
"$cli" receive --listen 127.0.0.1:0 --key-file "$work/signing.key" >/dev/null 2>"$work/receive.log" &
pids+=($!)
webhook_url="http://127.0.0.1:$(listening_port "$work/receive.log")/knit"
"$cli" integration create --db "$work/store.db" --id bench
"$cli" serve --db "$work/store.db" --listen 127.0.0.1:0 --base-url http://127.0.0.1/ashby/ \
  --webhook-url "$webhook_url" --signing-key-file "$work/signing.key" 2>"$work/serve.log" &
serve_pid=$!
pids+=("$serve_pid")
port=$(listening_port "$work/serve.log")
secret=$("$cli" secret issue --db "$work/store.db" --integration bench --base-url "http://127.0.0.1:$port/ashby/" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["secretKey"], end="")')
drive "http://127.0.0.1:$port/ashby/assessment.start" "Basic $(printf '%s:' "$secret" | base64 -w0)" serve
kill -TERM "$serve_pid"
wait "$serve_pid"

python3 - "$work" <<'PY'
import pathlib, re, sys

work = pathlib.Path(sys.argv[1])
# ashbyknit_bench's table rows: "map_start   873 ns   873 ns   16072".
units = {"ns": 1, "us": 1e3, "ms": 1e6}
mapping = {
    name: float(value) * units[unit]
    for name, value, unit in re.findall(r"^((?:parse|map)_(?:start|cancel))\s+([\d.]+) (ns|us|ms)", (work / "mapping.txt").read_text(), re.M)
}
python_ns = float((work / "python.txt").read_text().split()[1])


def wrk_run(name):
    text = (work / f"{name}.txt").read_text()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non_success = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = sum(map(int, socket.groups())) if socket else 0
    failed = int(re.search(r"failed replies: (\d+)", text).group(1))
    p99 = re.search(r"99%\s+(\S+)", text).group(1)
    return rate, non_success + socket_errors + failed, p99


noop_rate, noop_errors, noop_p99 = wrk_run("noop")
serve_rate, serve_errors, serve_p99 = wrk_run("serve")


def row(name, ratio, figures, verdict):
    print(f"{name:<34} {ratio:>8} | {figures:<44} | {verdict}")


def verdict(met, target):
    return f"{target}: {'met' if met else 'missed'}"


print(f"{'measure':<34} {'ratio':>8} | {'figures':<44} | target")
for kind in ("start", "cancel"):
    mapped, parsed = mapping[f"map_{kind}"], mapping[f"parse_{kind}"]
    ratio = mapped / parsed
    row(f"map_{kind} / parse_{kind}", f"{ratio:.1f}x", f"{mapped:.0f} ns / {parsed:.0f} ns",
        verdict(ratio <= 3, "<= 3x (aim 2x)"))
ratio = python_ns / mapping["map_start"]
row("plain Python / map_start", f"{ratio:.1f}x", f"{python_ns:.0f} ns / {mapping['map_start']:.0f} ns",
    verdict(ratio >= 30, ">= 30x (aim 50x)"))
ratio = serve_rate / noop_rate
row("serve start / noop (wrk -c32)", f"{ratio:.2f}", f"{serve_rate:.0f} / {noop_rate:.0f} req/s, p99 {serve_p99} / {noop_p99}",
    verdict(ratio >= 0.3, ">= 0.3 (aim 0.5)"))
print(f"errors (non-2xx, socket, non-success replies): serve {serve_errors}, noop {noop_errors}")
sys.exit(1 if serve_errors or noop_errors else 0)
PY
