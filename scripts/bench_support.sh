# Sourced by the benchmark scripts (bench.sh, bench_replicas.sh), after loopback_services.sh: the
# Release tree they measure, the webhook `serve` delivers to, `serve` on a store with an
# integration to call, and wrk driving new assessment.start calls at it.

# Installs what the build needs and builds the targets "$@" in the Release tree build/bench; sets
# $cli to the tool there.
build_bench_tree() {
  scripts/setup.sh
  cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DAK_BUILD_EXAMPLES=ON -DAK_BUILD_TESTS=OFF -DAK_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build build/bench --target "$@" >/dev/null
  cli=$PWD/build/bench/examples/cli/ashbyknit
}

# Starts `ashbyknit receive` as the vendor's webhook, with a new signing key in $work/signing.key;
# sets $webhook_url.
start_webhook() {
  head -c 32 /dev/urandom | base64 | tr -d '\n' >"$work/signing.key"
  "$cli" receive --listen 127.0.0.1:0 --key-file "$work/signing.key" >/dev/null 2>"$work/receive.log" &
  pids+=($!)
  webhook_url="http://127.0.0.1:$(listening_port "$work/receive.log")/knit"
}

# Creates the integration "bench" in the store $1 and issues its secret key; sets $authorization
# to the Basic header Ashby sends with it.
create_bench_integration() {
  "$cli" integration create --db "$1" --id bench
  local secret
  secret=$("$cli" secret issue --db "$1" --integration bench --base-url http://127.0.0.1/ashby/ |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["secretKey"], end="")')
  authorization="Basic $(printf '%s:' "$secret" | base64 -w0)"
}

# Starts `ashbyknit serve` (durability full, the default) on the store $1, delivering to
# $webhook_url, its log in $work/$2.log; sets $serve_pid and $serve_port.
start_serve() {
  "$cli" serve --db "$1" --listen 127.0.0.1:0 --base-url http://127.0.0.1/ashby/ \
    --webhook-url "$webhook_url" --signing-key-file "$work/signing.key" 2>"$work/$2.log" &
  serve_pid=$!
  pids+=("$serve_pid")
  serve_port=$(listening_port "$work/$2.log")
}

# Runs wrk for $seconds against the assessment.start URL $1 with $authorization, its output in
# $work/$2.txt, with $3 connections (default 32) on $4 threads (default 2). Every request starts a
# new application, named after $2 so that runs at once never share one. A reply counts as an
# error only after 30 s (wrk's default is 2 s): a slow reply is latency, which p99 shows.
drive() {
  AK_BENCH_START_BODY=$PWD/tests/fixtures/ashby-assessment-start.json AK_BENCH_AUTHORIZATION=$authorization \
    AK_BENCH_RUN=$2 wrk -t"${4:-2}" -c"${3:-32}" -d"${seconds}s" --timeout 30s --latency \
    -s tests/bench/wrk_start.lua "$1" >"$work/$2.txt"
}
