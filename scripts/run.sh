#!/usr/bin/env bash
# The main job: installs what the build needs, builds the library and the ashbyknit tool, then
# plays an assessment through the bridge on its embedded defaults (a SQLite store file): an
# integration gets a secret key, Ashby's calls go through the bridge with that key, and the
# vendor pulls the Knit events, verifies each signature on the raw bytes and acknowledges them.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build/main -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/main --target ashbyknit_cli >/dev/null

cli=$PWD/build/main/examples/cli/ashbyknit
fixtures=$PWD/tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/ashbyknit.db
base_url=https://hooks.vendor.example/ashby/

step() { printf '\n== %s\n' "$*"; }
fail() { echo "NOT WELL: $*" >&2; exit 1; }

step "ashbyknit $("$cli" version | cut -d' ' -f2): a store at $db"
"$cli" integration create --db "$db" --id acme
"$cli" packages set --db "$db" "$fixtures/packages.json"
step "a secret for integration acme: Ashby is given secretKey and baseUrl; the store keeps a hash"
"$cli" secret issue --db "$db" --integration acme --base-url "$base_url" | tee "$work/secret.json"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["secretKey"], end="")' "$work/secret.json" >"$work/secret.key"
head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/signing.key"

# Plays one of Ashby's calls through the bridge and prints the reply.
call() {
  local operation=$1 body=${2:--}
  step "Ashby calls $operation"
  "$cli" call --db "$db" --base-url "$base_url" --secret-key-file "$work/secret.key" "$operation" "$body"
}
call assessment.list <<<'{}'
started=$(call assessment.start "$fixtures/ashby-assessment-start.json" | tee /dev/stderr | tail -n 1)
assessment_id=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["results"]["assessment_id"])' "$started")
retried=$(call assessment.start "$fixtures/ashby-assessment-start.json" | tail -n 1)
[ "$retried" = "$started" ] || fail "a retried start did not give the same assessment id"
echo "(a retry of the same start gives the same assessment id: $assessment_id)"
call assessment.cancel <<<"{\"assessment_id\":\"$assessment_id\"}"

step "the vendor pulls the events, verifies each X-Knit-Signature and acknowledges it"
# An event waits until the earlier events of its assessment are acknowledged, so pull in rounds.
verified=0
while "$cli" events pull --db "$db" --key-file "$work/signing.key" >"$work/events.jsonl" && [ -s "$work/events.jsonl" ]; do
  while IFS= read -r line; do
    python3 - "$line" "$work" <<'PY'
import json, sys
event, work = json.loads(sys.argv[1]), sys.argv[2]
print(event["eventType"], event["eventId"])
open(f"{work}/body", "wb").write(event["body"].encode())
open(f"{work}/signature", "w").write(event["headers"]["X-Knit-Signature"])
open(f"{work}/event_id", "w").write(event["eventId"])
PY
    "$cli" verify --key-file "$work/signing.key" --signature "$(cat "$work/signature")" "$work/body" \
      || fail "an event's signature does not verify"
    cat "$work/body"; echo
    "$cli" events ack --db "$db" "$(cat "$work/event_id")" >/dev/null
    verified=$((verified + 1))
  done <"$work/events.jsonl"
done
[ "$verified" -eq 2 ] || fail "expected a record.new and a record.deleted, got $verified events"
counts=$("$cli" events count --db "$db")
[ "$counts" = '{"pending":0,"acknowledged":2,"deadLettered":0}' ] || fail "events left undelivered: $counts"
step "assessments in the store"
"$cli" assessments list --db "$db"
echo
echo "all is well: 4 calls answered, 2 events pulled, verified and acknowledged"
