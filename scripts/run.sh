#!/usr/bin/env bash
# The main job: installs what the build needs, builds the library and the ashbyknit tool, then
# plays one assessment through on the embedded defaults: a secret is issued for an integration,
# Ashby's start and cancel calls are mapped to Knit events, each event is signed as the vendor's
# webhook receives it, and the signature is verified on the raw bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build/main -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build/main --target ashbyknit_cli >/dev/null

cli=build/main/examples/cli/ashbyknit
fixtures=tests/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== ashbyknit $("$cli" version)"
echo "== issuing a secret for integration acme (hand secretKey and baseUrl to Ashby; store keyHash)"
"$cli" secret issue --integration acme --base-url https://hooks.vendor.example/ashby | tee "$work/secret.json"

head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/signing.key"
for call in start cancel; do
  echo "== Ashby calls assessment.$call with:"
  cat "$fixtures/ashby-assessment-$call.json"
  if [ "$call" = start ]; then
    "$cli" map start --packages "$fixtures/packages.json" "$fixtures/ashby-assessment-start.json" >"$work/$call.event"
  else
    "$cli" map cancel "$fixtures/ashby-assessment-cancel.json" >"$work/$call.event"
  fi
  echo "== the vendor receives this event:"
  cat "$work/$call.event"
  signature=$("$cli" sign --key-file "$work/signing.key" "$work/$call.event")
  echo "== X-Knit-Signature: $signature"
  "$cli" verify --key-file "$work/signing.key" --signature "$signature" "$work/$call.event"
  echo "== signature verified on the raw bytes"
done
echo "all is well: 2 calls mapped, 2 events signed and verified"
