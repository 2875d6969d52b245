#!/usr/bin/env bash
# The performance table: builds a Release tree in build/bench and prints, each as a ratio to a
# baseline measured in the same run (a measurement, never a pass/fail gate):
#   - map_start and map_cancel against a bare simdjson parse of the same fixture body;
#   - a plain-Python mapping of the start fixture (tests/bench/python_mapping.py) against map_start;
#   - `ashbyknit serve` (durable store, delivery to `ashbyknit receive` running) against
#     ashbyknit_noop_server (the same cpp-httplib server doing nothing), both driven by wrk with 32
#     connections, every request a new assessment.start;
# then the replicas table of scripts/bench_replicas.sh (one and three `serve` processes, on SQLite
# and on PostgreSQL). Exits 1 when something breaks (a build, a failed or non-success reply), never
# for a missed target.
#
# Usage: scripts/bench.sh [SECONDS]   (each wrk run's duration, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS]   (a positive whole number of seconds per wrk run)" >&2
  exit 2
fi

# shellcheck source=scripts/loopback_services.sh
source scripts/loopback_services.sh
# shellcheck source=scripts/bench_support.sh
source scripts/bench_support.sh
build_bench_tree ashbyknit_cli ashbyknit_bench ashbyknit_noop_server ashbyknit
noop=$PWD/build/bench/tests/bench/noop_server/ashbyknit_noop_server
library=$(ls "$PWD"/build/bench/capi/libashbyknit.so.* | head -1)

echo "measuring the mapper (ashbyknit_bench) and plain Python..." >&2
build/bench/tests/bench/ashbyknit_bench --benchmark_min_time=0.5 \
  '--benchmark_filter=^(parse|map)_(start|cancel)$' >"$work/mapping.txt" 2>/dev/null
ASHBYKNIT_LIBRARY=$library PYTHONPATH=capi/python python3 tests/bench/python_mapping.py tests/fixtures \
  >"$work/python.txt"

echo "driving ashbyknit_noop_server with wrk for ${seconds}s..." >&2
"$noop" 127.0.0.1:0 2>"$work/noop.log" &
noop_pid=$!
pids+=("$noop_pid")
authorization="Basic none"
drive "http://127.0.0.1:$(listening_port "$work/noop.log")/ashby/assessment.start" noop
kill -TERM "$noop_pid"

echo "driving ashbyknit serve (durability full, delivering) with wrk for ${seconds}s..." >&2
start_webhook
create_bench_integration "$work/store.db"
start_serve "$work/store.db" serve
drive "http://127.0.0.1:$serve_port/ashby/assessment.start" serve
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


sys.path.insert(0, "tests/bench")
import wrk_results

noop, serve = (wrk_results.read(work / f"{name}.txt") for name in ("noop", "serve"))


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
ratio = serve.rate / noop.rate
row("serve start / noop (wrk -c32)", f"{ratio:.2f}",
    f"{serve.rate:.0f} / {noop.rate:.0f} req/s, p99 {serve.p99_ms:.2f}ms / {noop.p99_ms:.2f}ms",
    verdict(ratio >= 0.3, ">= 0.3 (aim 0.5)"))
print(f"errors (non-2xx, socket, non-success replies): serve {serve.errors}, noop {noop.errors}")
sys.exit(1 if serve.errors or noop.errors else 0)
PY

echo >&2
scripts/bench_replicas.sh "$seconds" "$cli"
