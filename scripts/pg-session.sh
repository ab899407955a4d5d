#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL 15 cluster made for it: initdb in
# a temporary directory, a unix socket in that directory and no TCP port
# (listen_addresses=''), trust authentication (only the socket's owner can
# reach it). MARKETDESK_TEST_PG holds its URL; the cluster is stopped and
# removed when the command ends. The server's tests make one database per
# test in it (server/db/pgtest).
# Usage: scripts/pg-session.sh COMMAND [ARGS...]
set -euo pipefail
if [ -n "${MARKETDESK_TEST_PG:-}" ]; then exec "$@"; fi # already inside a session

# PostgreSQL 15 (Debian 12's); another major version from Debian's layout
# when 15 is absent; MARKETDESK_PG_BIN to choose.
bin=${MARKETDESK_PG_BIN:-/usr/lib/postgresql/15/bin}
if [ -z "${MARKETDESK_PG_BIN:-}" ] && [ ! -x "$bin/initdb" ]; then
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$newest" ] && bin=$newest
fi
[ -x "$bin/initdb" ] || { echo "pg-session: $bin/initdb is missing: run scripts/deps.sh test (Debian package postgresql, PostgreSQL 15) or set MARKETDESK_PG_BIN." >&2; exit 1; }

dir=$(mktemp -d -t marketdesk-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then # PostgreSQL refuses to run as root
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a test cluster is thrown away, durability buys nothing here.
opts="-c listen_addresses='' -c unix_socket_directories=$dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$opts" -w start >/dev/null ||
  { cat "$dir/postgres.log" >&2; exit 1; }

export MARKETDESK_TEST_PG="postgres:///postgres?host=$dir&user=postgres&sslmode=disable"
"$@"
