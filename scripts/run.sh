#!/usr/bin/env bash
# The main job: installs what the build needs, builds the ashbyknit tool, then runs the whole flow
# on loopback with the bridge's embedded defaults (a SQLite store file, libcurl delivery):
#   the vendor's webhook  `ashbyknit receive`, verifying every signature, refusing a fifth;
#   Ashby's API           the same `ashbyknit receive`, checking every assessment.update (and
#                         assessment.addCompletedToCandidate) against protocol §5 and refusing a
#                         fifth of them too;
#   the bridge           `ashbyknit serve` on a fresh store, with an integration, its secret, its
#                         Ashby API key (kept encrypted under a master key) and the admin API;
#   Ashby                `ashbyknit simulate`, every reply checked against protocol §2;
#   the vendor's reports  started, progress, completed and cancelled on a few assessments, some
#                         through serve's admin API, some through `ashbyknit report`, and one
#                         completed assessment that Ashby did not start.
# It waits for every event and update to be delivered, shows what happened, and ends with "all is
# well" or exits non-zero saying what is not.
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

# $1 random bytes as visible text. The keys live in files of the work directory: the one that signs
# events, the customer's Ashby API key, the master key that encrypts it in the store, and the admin
# API's bearer token.
random_text() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
random_text 32 >"$work/signing.key"
random_text 24 >"$work/ashby.key"
random_text 36 >"$work/admin.token"
"$cli" master-key generate >"$work/master.key"
db=$work/ashbyknit.db

step "the vendor's webhook and Ashby's API: ashbyknit receive (checks signatures and protocol §5, answers 500 to a fifth)"
"$cli" receive --listen 127.0.0.1:0 --key-file "$work/signing.key" --fail-rate 0.2 --out "$work/events.jsonl" \
  --ashby-key-file "$work/ashby.key" --updates-out "$work/updates.jsonl" >"$work/received.txt" 2>"$work/receive.log" &
pids+=($!)
receive_pid=$!
receive_url="http://127.0.0.1:$(listening_port "$work/receive.log")"
webhook_url="$receive_url/webhooks/knit"
echo "$webhook_url and $receive_url/assessment.update"

port=$(free_port)
base_url="http://127.0.0.1:$port/ashby/"
step "an integration, its secret as Knit's \"Create ATS Assessment Secrets\" gives it to Ashby, its Ashby API key"
"$cli" integration create --db "$db" --id acme
"$cli" secret issue --db "$db" --integration acme --base-url "$base_url" | tee "$work/secret.json"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretKey"], end="")' "$work/secret.json" \
  >"$work/secret.key"
"$cli" integration set-ashby-key --db "$db" --id acme --key-file "$work/ashby.key" --master-key-file "$work/master.key"

step "the bridge: ashbyknit serve on $db (durability full, 4 delivery workers, admin API, reports to $receive_url/)"
# Retries of refused events and updates come within a second here rather than the default 10 s to
# an hour.
"$cli" serve --db "$db" --listen "127.0.0.1:$port" --base-url "$base_url" --webhook-url "$webhook_url" \
  --signing-key-file "$work/signing.key" --packages tests/fixtures/packages.json \
  --ashby-api-url "$receive_url/" --master-key-file "$work/master.key" --admin-token-file "$work/admin.token" \
  --first-retry-ms 200 --max-retry-ms 1000 2>"$work/serve.log" &
pids+=($!)
serve_pid=$!
listening_port "$work/serve.log" >/dev/null
head -n 1 "$work/serve.log"

step "Ashby: ashbyknit simulate (list, starts, retries, cancels and the calls that must be refused)"
"$cli" simulate --base-url "$base_url" --key-file "$work/secret.key" --count 40 --concurrency 4 \
  || fail "the bridge answered a call as Ashby would not expect"

step "the vendor's reports on four assessments still active (through the admin API or ashbyknit report)"
mapfile -t active < <("$cli" assessments list --db "$db" --integration acme |
  python3 -c 'import json,sys; print("\n".join(a["id"] for a in json.load(sys.stdin) if a["status"] == "active"))')
[ "${#active[@]}" -ge 4 ] || fail "only ${#active[@]} assessments are still active"
profile=https://vendor.example/reports/1
score='{"identifier":"score","label":"Score","type":"numeric_score","value":87}'
metadata='[{"identifier":"duration","label":"Duration","type":"numeric_duration_minutes","value":42},'\
'{"identifier":"tasks","label":"Tasks done","type":"string","value":"3 of 4"}]'

# The admin API's client: POSTs {"integrationId":"acme","assessmentId":$3, the members of $4} to
# $1reports/$2 with the bearer token in the file $5, and prints the receipt.
cat >"$work/admin_report.py" <<'EOF'
import json, sys, urllib.error, urllib.request
prefix, kind, assessment, fields, token_file = sys.argv[1:]
body = json.dumps({"integrationId": "acme", "assessmentId": assessment, **json.loads(fields)}).encode()
headers = {"Authorization": "Bearer " + open(token_file).read().strip(), "Content-Type": "application/json"}
try:
    print(urllib.request.urlopen(urllib.request.Request(prefix + "reports/" + kind, body, headers)).read().decode())
except urllib.error.HTTPError as refusal:
    sys.exit(f"{refusal.code} {refusal.read().decode()}")
EOF
admin_report() { python3 "$work/admin_report.py" "http://127.0.0.1:$port/admin/" "$1" "$2" "$3" "$work/admin.token"; }
cli_report() { "$cli" report "$1" --db "$db" --integration acme --assessment "$2" "${@:3}"; }

# Makes one report ($1: admin or cli; $2: its kind; $3: the assessment; then its fields), shows it
# and keeps its receipt for the checks.
report() {
  local how=$1 kind=$2 assessment=$3 receipt
  shift 3
  receipt=$("${how}_report" "$kind" "$assessment" "$@") || fail "the $kind report on $assessment was refused"
  echo "$receipt" >>"$work/receipts.jsonl"
  printf '%-5s %-9s %s %s\n' "$how" "$kind" "$assessment" "$receipt"
}
completed=${active[0]} also_completed=${active[1]} cancelled=${active[2]} in_progress=${active[3]}
report admin started "$completed" "{\"profileUrl\":\"$profile\"}"
report admin progress "$completed" "{\"status\":\"In progress\",\"metadata\":$metadata}"
report admin completed "$completed" "{\"result\":$score,\"profileUrl\":\"$profile\",\"metadata\":$metadata}"
report cli started "$also_completed"
report cli progress "$also_completed" --status "In progress" --metadata "$metadata"
report cli completed "$also_completed" --result "$score" --profile-url "$profile"
report admin started "$cancelled" '{}'
report cli cancelled "$cancelled" --reason "The vendor closed the test."
report cli started "$in_progress" --profile-url "$profile"
report admin progress "$in_progress" "{\"status\":\"Reviewing\",\"metadata\":$metadata}"
if refusal=$(cli_report completed "$also_completed" --result "$score" --profile-url "$profile" 2>&1); then
  fail "a second completion of $also_completed was queued: $refusal"
fi
echo "a second completion is refused: $refusal"
taken_elsewhere=vendor_take_home_1
cat >"$work/taken_elsewhere.json" <<EOF
{"candidateId":"cand_taken_elsewhere","partnerId":"partner_vendor","assessment":{"assessmentTypeId":"pkg_456",
"assessmentId":"$taken_elsewhere","assessmentName":"Take-home exercise","result":$score,"metadata":$metadata}}
EOF
receipt=$("$cli" report add-completed --db "$db" --integration acme --body-file "$work/taken_elsewhere.json") ||
  fail "the completed assessment $taken_elsewhere was refused"
echo "$receipt" >>"$work/receipts.jsonl"
printf '%-5s %-9s %s %s\n' cli added "$taken_elsewhere" "$receipt"
printf '%s\n' "$completed completed" "$also_completed completed" "$cancelled cancelled" "$in_progress started" \
  "$taken_elsewhere completed" >"$work/expected_states.txt"

step "waiting for every event to reach the webhook and every call Ashby's API"
health=""
for _ in $(seq 1 600); do
  health=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "http://127.0.0.1:$port/healthz")
  case "$health" in *'"pending":0,'*) break ;; esac
  sleep 0.1
done
echo "$health"
case "$health" in
  *'"pending":0,"deadLettered":0}') ;;
  *) fail "events or updates are still undelivered: $health" ;;
esac

stop "$serve_pid" "serve"
stop "$receive_pid" "receive"

step "the calls the bridge answered (serve's log: time, method, operation, integration, status, duration)"
grep -c ' POST assessment\.' "$work/serve.log" | sed 's/$/ calls; the first few:/'
# awk reads the whole log: a reader that stops early would kill the writer with SIGPIPE.
awk '/ POST assessment\./ && shown++ < 8' "$work/serve.log"

step "the events the webhook received, their signatures verified (receive's output)"
awk '!/ (update|completed) / && shown++ < 12' "$work/received.txt"
echo "..."

step "the calls Ashby's API received, checked against protocol §5 (receive's output)"
awk '/ update / && shown++ < 8 || / completed /' "$work/received.txt"
echo "..."

step "checks"
"$cli" events list --db "$db" --state delivered >"$work/delivered.json"
"$cli" assessments list --db "$db" --integration acme >"$work/assessments.json"
python3 - "$work" <<'EOF' || exit 1
import collections, json, pathlib, sys
work = pathlib.Path(sys.argv[1])
events = [json.loads(line) for line in (work / "events.jsonl").open()]
received = (work / "received.txt").read_text().splitlines()
rejected = [line for line in (work / "receive.log").open() if " 401 " in line]
call_lines = [line for line in received if " update " in line or " completed " in line]
event_lines = [line for line in received if line not in call_lines]
delivered = json.loads((work / "delivered.json").read_text())
problems = []

# The events: each accepted once, in order per record, as many as the store counts delivered.
refused = sum("refused (500)" in line for line in event_lines)
duplicates = sum(line.endswith("duplicate") for line in event_lines)
ids = [event["eventId"] for event in events]
by_type = {kind: sum(event["eventType"] == kind for event in events) for kind in ("record.new", "record.deleted")}
first_new = {}
for position, event in enumerate(events):
    if event["eventType"] == "record.new":
        first_new.setdefault(event["recordId"], position)
    elif first_new.get(event["recordId"], len(events)) > position:
        problems.append(f"the record.deleted of {event['recordId']} arrived before its record.new")
if rejected:
    problems.append(f"{len(rejected)} requests had a bad signature or Ashby API key")
if len(set(ids)) != len(ids):
    problems.append("an event was accepted twice")
if not by_type["record.new"] or not by_type["record.deleted"]:
    problems.append(f"expected both kinds of event, got {by_type}")
ashby_calls = ("assessment.update", "assessment.addCompletedToCandidate")
stored_events = sum(entry["eventType"] not in ashby_calls for entry in delivered)
if stored_events != len(events):
    problems.append(f"the webhook accepted {len(events)} events but the store counts {stored_events} delivered")

# The calls to Ashby: none broke protocol §5; each queued one arrived (a call accepted again after a
# lost answer is the same bytes), and each assessment's updates arrived in the order they happened.
accepted = (work / "updates.jsonl").read_bytes().splitlines()
calls = [json.loads(line) for line in dict.fromkeys(accepted)]
updates = [call for call in calls if "assessment_id" in call]
added = [call for call in calls if "candidateId" in call]
violations = [line for line in call_lines if " violation: " in line]
if violations:
    problems.append(f"{len(violations)} calls to Ashby broke protocol §5; the first: {violations[0]}")
receipts = {receipt["updateId"]: receipt["timestamp"] for receipt in map(json.loads, (work / "receipts.jsonl").open())}
queued = sorted((entry["assessmentId"], receipts.get(entry["eventId"])) for entry in delivered
                if entry["eventType"] in ashby_calls)
arrived = sorted([(update["assessment_id"], update["timestamp"]) for update in updates] +
                 [(call["assessment"]["assessmentId"], call["timestamp"]) for call in added])
if len(queued) != len(receipts) or queued != arrived:
    problems.append(f"{len(receipts)} calls to Ashby were queued, the store counts {len(queued)} delivered, "
                    f"and Ashby's API accepted {len(arrived)}; they differ")
if len(added) != 1:
    problems.append(f"Ashby's API accepted {len(added)} completed assessments, not the one added")
last = {}
for update in updates:
    assessment, timestamp = update["assessment_id"], update["timestamp"]
    if timestamp <= last.get(assessment, 0):
        problems.append(f"an update of {assessment} of {timestamp} arrived after one of {last[assessment]}")
    last[assessment] = timestamp
states = {entry["id"]: entry["status"] for entry in json.loads((work / "assessments.json").read_text())}
for assessment, expected in (line.split() for line in (work / "expected_states.txt").open()):
    if states[assessment] != expected:
        problems.append(f"{assessment} is {states[assessment]}, not {expected}")

for problem in problems:
    print("NOT WELL:", problem, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"{len(events)} events delivered ({by_type['record.new']} record.new, {by_type['record.deleted']} "
      f"record.deleted), every signature verified; {refused} answers were 500 and retried, "
      f"{duplicates} duplicates recognised by eventId")
kinds = collections.Counter("cancelled" if "cancelled_reason" in update else update["assessment_status"]["value"]
                            for update in updates)
print(f"{len(updates)} updates ({', '.join(f'{n} {kind}' for kind, n in kinds.items())}) and {len(added)} "
      f"completed assessment that Ashby did not start reached Ashby's API, every one within protocol §5 and "
      f"the updates in order per assessment; "
      f"{sum(line.endswith('refused (500)') for line in call_lines)} answers were 500 and retried, "
      f"{len(accepted) - len(calls)} accepted again")
EOF
"$cli" events count --db "$db"
delivered=$(wc -l <"$work/events.jsonl")
calls=$(sort -u "$work/updates.jsonl" | wc -l)
echo
echo "all is well: every call answered as Ashby expects, $delivered events delivered in order, $calls calls" \
  "reported back to Ashby (updates in order, and a completed assessment added), nothing left behind"
