#!/usr/bin/env bash
# The replicas benchmark: new assessment.start calls per second with one `ashbyknit serve` and with
# three sharing one store, on SQLite (one file) and on PostgreSQL (a private server on a unix
# socket), each run on a fresh store with durability full and delivery to `ashbyknit receive`
# running. wrk drives 32 connections in all (split over the replicas, one wrk each). Prints each
# run's calls per second, worst p99 and errors, then ratios measured in the same run: PostgreSQL
# against SQLite with one and with three serves, and three serves against one on each store.
# Exits 1 when something breaks (a build, a failed or non-success reply), never for a figure.
#
# Usage: scripts/bench_replicas.sh [SECONDS] [ASHBYKNIT]
#   SECONDS    each wrk run's duration (default 10)
#   ASHBYKNIT  the tool to measure (default: the Release build in build/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
cli=${2:-}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [SECONDS] [ASHBYKNIT]   (a positive whole number of seconds per wrk run)" >&2
  exit 2
fi

# shellcheck source=scripts/loopback_services.sh
source scripts/loopback_services.sh
# shellcheck source=scripts/bench_support.sh
source scripts/bench_support.sh
[ -n "$cli" ] || build_bench_tree ashbyknit_cli

# The server's directory is not under $work, which only this user may enter.
postgres_dir=$(mktemp -d)
trap 'scripts/postgres_server.sh stop "$postgres_dir" >/dev/null 2>&1 || true; rm -rf "$postgres_dir"; cleanup' EXIT
scripts/postgres_server.sh start "$postgres_dir" >/dev/null
start_webhook

# A fresh store of kind $1 (sqlite or postgresql) for the run $2: prints where it is.
fresh_store() {
  if [ "$1" = sqlite ]; then
    echo "$work/$2.db"
    return
  fi
  psql -X -q -h "$postgres_dir" -U ashbyknit -d postgres -c "CREATE DATABASE $2"
  echo "postgresql:///$2?host=$postgres_dir&user=ashbyknit"
}

# One run on a fresh store of kind $1 with $2 serve processes, all driven at once; each wrk's
# output goes to $work/<kind>_<replicas>_<n>.txt.
measure() {
  local kind=$1 replicas=$2 run=${1}_${2} store n
  store=$(fresh_store "$kind" "$run")
  create_bench_integration "$store"
  local serve_pids=() ports=() drivers=()
  for n in $(seq 1 "$replicas"); do
    start_serve "$store" "${run}_serve_$n"
    serve_pids+=("$serve_pid")
    ports+=("$serve_port")
  done
  for n in $(seq 1 "$replicas"); do
    # 32 connections in all: the first replicas take the remainder; one wrk alone gets 2 threads.
    local connections=$((32 / replicas + (n <= 32 % replicas ? 1 : 0))) threads=$((replicas == 1 ? 2 : 1))
    drive "http://127.0.0.1:${ports[n - 1]}/ashby/assessment.start" "${run}_$n" "$connections" "$threads" &
    drivers+=($!)
  done
  for n in "${drivers[@]}"; do wait "$n"; done
  for n in "${serve_pids[@]}"; do
    kill -TERM "$n"
    wait "$n"
  done
}

for kind in sqlite postgresql; do
  for replicas in 1 3; do
    echo "driving $replicas serve process(es) on $kind with wrk for ${seconds}s..." >&2
    measure "$kind" "$replicas"
  done
done

python3 - "$work" <<'PY'
import pathlib, sys

sys.path.insert(0, "tests/bench")
import wrk_results

work = pathlib.Path(sys.argv[1])
runs = {}
print(f"{'replicas: start calls per second':<34} {'req/s':>8} | {'worst p99':>10} | errors")
for kind in ("sqlite", "postgresql"):
    for replicas in (1, 3):
        parts = [wrk_results.read(work / f"{kind}_{replicas}_{n}.txt") for n in range(1, replicas + 1)]
        rate, errors = sum(part.rate for part in parts), sum(part.errors for part in parts)
        runs[kind, replicas] = rate, errors
        label = f"{kind}, {replicas} serve" + ("s" if replicas > 1 else "")
        print(f"{label:<34} {rate:>8.0f} | {max(part.p99_ms for part in parts):>8.2f}ms | {errors}")
for name, (top, bottom) in {
    "postgresql / sqlite, 1 serve": (("postgresql", 1), ("sqlite", 1)),
    "postgresql / sqlite, 3 serves": (("postgresql", 3), ("sqlite", 3)),
    "3 serves / 1 serve, sqlite": (("sqlite", 3), ("sqlite", 1)),
    "3 serves / 1 serve, postgresql": (("postgresql", 3), ("postgresql", 1)),
}.items():
    print(f"{name:<34} {runs[top][0] / runs[bottom][0]:>8.2f}")
sys.exit(1 if any(errors for _, errors in runs.values()) else 0)
PY
