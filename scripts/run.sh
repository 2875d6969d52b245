#!/usr/bin/env bash
# The main job: installs what the build needs, builds the ashbyknit tool, then runs the whole flow
# on loopback with the bridge's embedded defaults (a SQLite store file, libcurl delivery):
#   the vendor's webhook  `ashbyknit receive`, verifying every signature, refusing a fifth;
#   the bridge           `ashbyknit serve` on a fresh store, with an integration and its secret;
#   Ashby                `ashbyknit simulate`, every reply checked against SPEC 2.
# It waits for every event to be delivered, shows what happened, and ends with "all is well" or
# exits non-zero saying what is not.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build/main -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/main --target ashbyknit_cli >/dev/null

cli=$PWD/build/main/examples/cli/ashbyknit
# shellcheck source=scripts/loopback_services.sh
source scripts/loopback_services.sh
step() { printf '\n== %s\n' "$*"; }
fail() { echo "NOT WELL: $*" >&2; exit 1; }

# A free port on 127.0.0.1 for the bridge, whose public base URL must name it before it starts.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Stops a background program with SIGTERM and checks that it exits 0.
stop() {
  local pid=$1 name=$2 status=0
  kill -TERM "$pid"
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || fail "$name exited $status on SIGTERM"
}

head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/signing.key"
db=$work/ashbyknit.db

step "the vendor's webhook: ashbyknit receive (verifies X-Knit-Signature, answers 500 to a fifth)"
"$cli" receive --listen 127.0.0.1:0 --key-file "$work/signing.key" --fail-rate 0.2 --out "$work/events.jsonl" \
  >"$work/received.txt" 2>"$work/receive.log" &
pids+=($!)
receive_pid=$!
webhook_url="http://127.0.0.1:$(listening_port "$work/receive.log")/webhooks/knit"
echo "$webhook_url"

port=$(free_port)
base_url="http://127.0.0.1:$port/ashby/"
step "an integration and its secret, as Knit's \"Create ATS Assessment Secrets\" gives them to Ashby"
"$cli" integration create --db "$db" --id acme
"$cli" secret issue --db "$db" --integration acme --base-url "$base_url" | tee "$work/secret.json"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretKey"], end="")' "$work/secret.json" \
  >"$work/secret.key"

step "the bridge: ashbyknit serve on $db (durability full, 4 delivery workers)"
# Retries of refused events come within a second here rather than the default 10 s to an hour.
"$cli" serve --db "$db" --listen "127.0.0.1:$port" --base-url "$base_url" --webhook-url "$webhook_url" \
  --signing-key-file "$work/signing.key" --packages tests/fixtures/packages.json \
  --first-retry-ms 200 --max-retry-ms 1000 2>"$work/serve.log" &
pids+=($!)
serve_pid=$!
listening_port "$work/serve.log" >/dev/null
head -n 1 "$work/serve.log"

step "Ashby: ashbyknit simulate (list, starts, retries, cancels and the calls that must be refused)"
"$cli" simulate --base-url "$base_url" --key-file "$work/secret.key" --count 40 --concurrency 4 \
  || fail "the bridge answered a call as Ashby would not expect"

step "waiting for every event to reach the webhook"
health=""
for _ in $(seq 1 600); do
  health=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "http://127.0.0.1:$port/healthz")
  case "$health" in *'"pending":0,'*) break ;; esac
  sleep 0.1
done
echo "$health"
case "$health" in *'"pending":0,"deadLettered":0}') ;; *) fail "events are still undelivered: $health" ;; esac

stop "$serve_pid" "serve"
stop "$receive_pid" "receive"

step "the calls the bridge answered (serve's log: time, method, operation, integration, status, duration)"
grep -c ' POST assessment\.' "$work/serve.log" | sed 's/$/ calls; the first few:/'
grep ' POST assessment\.' "$work/serve.log" | head -n 8

step "the events the webhook received, their signatures verified (receive's output)"
head -n 12 "$work/received.txt"
echo "..."

step "checks"
python3 - "$work/events.jsonl" "$work/received.txt" "$work/receive.log" <<'EOF' || exit 1
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
received = open(sys.argv[2]).read().splitlines()
rejected = [line for line in open(sys.argv[3]) if " 401 " in line]
refused = sum("refused (500)" in line for line in received)
duplicates = sum(line.endswith("duplicate") for line in received)
ids = [event["eventId"] for event in events]
by_type = {kind: sum(event["eventType"] == kind for event in events) for kind in ("record.new", "record.deleted")}
first_new = {}
problems = []
for position, event in enumerate(events):
    if event["eventType"] == "record.new":
        first_new.setdefault(event["recordId"], position)
    elif first_new.get(event["recordId"], len(events)) > position:
        problems.append(f"the record.deleted of {event['recordId']} arrived before its record.new")
if rejected:
    problems.append(f"{len(rejected)} requests had a bad signature")
if len(set(ids)) != len(ids):
    problems.append("an event was accepted twice")
if not by_type["record.new"] or not by_type["record.deleted"]:
    problems.append(f"expected both kinds of event, got {by_type}")
for problem in problems:
    print("NOT WELL:", problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"{len(events)} events delivered ({by_type['record.new']} record.new, {by_type['record.deleted']} "
      f"record.deleted), every signature verified; {refused} answers were 500 and retried, "
      f"{duplicates} duplicates recognised by eventId")
EOF
"$cli" events count --db "$db"
delivered=$(wc -l <"$work/events.jsonl")
stored=$("$cli" events count --db "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["acknowledged"])')
[ "$delivered" -eq "$stored" ] || fail "the webhook accepted $delivered events but the store counts $stored delivered"
echo
echo "all is well: every call answered as Ashby expects, $delivered events delivered in order, nothing left behind"
