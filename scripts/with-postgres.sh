#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on 127.0.0.1, stopped and removed on exit.
# Usage: scripts/with-postgres.sh COMMAND...  (DATABASE_URL and TEST_DATABASE_URL are set for it)
set -uo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 2
fi
PGROOT=$(mktemp -d)
PGPORT=${PGPORT:-$((55000 + RANDOM % 1000))}
chown postgres:postgres "$PGROOT"
stop() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PGROOT"
}
trap stop EXIT
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c max_connections=200 -c fsync=off" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres accord
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/accord"
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
"$@"
