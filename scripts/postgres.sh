#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server on loopback for the tests.
#
#   scripts/postgres.sh start   prints `export LUCCA_TEST_POSTGRES=...`
#   scripts/postgres.sh stop
#
# The cluster lives in $LUCCA_POSTGRES_DIR (default /tmp/lucca-postgres-PORT)
# and listens on 127.0.0.1:$LUCCA_POSTGRES_PORT (default 55432). As root it
# runs the server as the `postgres` system user, because PostgreSQL refuses
# to run as root.
set -euo pipefail

port=${LUCCA_POSTGRES_PORT:-55432}
dir=${LUCCA_POSTGRES_DIR:-/tmp/lucca-postgres-$port}
user=lucca
database=lucca_test
# A fixed password for a throwaway server that only listens on loopback.
password=lucca-test-password

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bindir/initdb" ]] || { echo "postgres.sh: PostgreSQL server binaries not found; run scripts/install-deps.sh" >&2; exit 1; }

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [[ ! -f "$dir/PG_VERSION" ]]; then
    mkdir -p "$dir"
    [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$dir"
    chmod 700 "$dir"
    local pwfile
    pwfile=$(mktemp)
    printf '%s\n' "$password" >"$pwfile"
    [[ $(id -u) -ne 0 ]] || chown postgres "$pwfile"
    as_server_user "$bindir/initdb" -D "$dir" -U "$user" --pwfile="$pwfile" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 ||
      { cat "$dir.initdb.log" >&2; rm -f "$pwfile"; exit 1; }
    rm -f "$pwfile"
  fi
  if ! as_server_user "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_server_user "$bindir/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  fi
  if ! PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
       "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qc \
      "CREATE DATABASE $database" >/dev/null
  fi
  echo "export LUCCA_TEST_POSTGRES='host=127.0.0.1 port=$port user=$user password=$password dbname=$database'"
}

stop() {
  [[ -f "$dir/PG_VERSION" ]] || return 0
  as_server_user "$bindir/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/postgres.sh start|stop" >&2; exit 2 ;;
esac
