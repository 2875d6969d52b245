# Sourced by the scripts that run the tool's services on loopback (run.sh, bench_serve.sh): a work
# directory and the background programs, both cleaned up on exit, and waiting for a service to
# listen.

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The port a service printed in its "listening on HOST:PORT" line on the log file $1, once it
# has; exits 1 saying so when it does not start within ten seconds.
listening_port() {
  for _ in $(seq 1 100); do
    if grep -o 'listening on [^ ]*:[0-9]*' "$1" | grep -o '[0-9]*$'; then return; fi
    sleep 0.1
  done
  echo "NOT WELL: $(basename "$1" .log) did not start: $(cat "$1")" >&2
  exit 1
}
