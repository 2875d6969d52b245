#!/usr/bin/env bash
# A private PostgreSQL server for scripts and benchmarks: a cluster in DIR/data, its log in
# DIR/log, listening only on a unix socket in DIR (never on TCP), with trust authentication for
# the user ashbyknit. Every server-side step runs as the postgres user when run as root, as
# PostgreSQL refuses root.
#
# Usage: scripts/postgres_server.sh start DIR   initialises DIR if needed, starts the server (if it
#                                               is not running), creates the database ashbyknit and
#                                               prints its URL:
#                                               postgresql:///ashbyknit?host=DIR&user=ashbyknit
#        scripts/postgres_server.sh stop DIR    stops the server of DIR
set -euo pipefail

usage() {
  echo "usage: $0 start DIR | stop DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1

# The newest server's programs, else those pg_config names.
bindir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ ! -x "$bindir/initdb" ]; then
  bindir=$(pg_config --bindir 2>/dev/null || true)
fi
if [ ! -x "$bindir/initdb" ]; then
  echo "$0: no PostgreSQL server programs (initdb, pg_ctl); install postgresql (scripts/setup.sh)" >&2
  exit 1
fi

as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    mkdir -p "$2"
    dir=$(cd "$2" && pwd)
    chmod 0755 "$dir"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
    if ! as_server test -w "$dir"; then
      echo "$0: the postgres user cannot reach $dir: let it enter every directory above (chmod o+x)" >&2
      exit 1
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_server "$bindir/initdb" -A trust -U ashbyknit --no-sync -E UTF8 --locale=C -D "$dir/data" >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_server "$bindir/pg_ctl" status -D "$dir/data" >/dev/null; then
      as_server "$bindir/pg_ctl" start -w -D "$dir/data" -l "$dir/log" \
        -o "-k '$dir' -c listen_addresses='' -c fsync=on -c max_connections=200" >/dev/null ||
        { tail -n 20 "$dir/log" >&2; exit 1; }
    fi
    exists=$("$bindir/psql" -h "$dir" -U ashbyknit -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ashbyknit'")
    [ "$exists" = 1 ] || "$bindir/createdb" -h "$dir" -U ashbyknit ashbyknit
    echo "postgresql:///ashbyknit?host=$dir&user=ashbyknit"
    ;;
  stop)
    dir=$(cd "$2" && pwd)
    as_server "$bindir/pg_ctl" stop -w -m fast -D "$dir/data" >/dev/null
    ;;
  *) usage ;;
esac
