#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the demo and the tests, under .cache/pg
# on a free loopback port (never 5432), listening on 127.0.0.1 only and
# requiring a password generated at initdb (kept in .cache/pg/password, 0600).
# Usage: pg.sh start | stop | url | install
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=/usr/lib/postgresql/15/bin
DIR="$PWD/.cache/pg"
DATA="$DIR/data"
RUN="$DIR/run"

install() {
  if [ -x "$PGBIN/initdb" ]; then return; fi
  echo "installing postgresql-15 from Debian..." >&2
  if [ "$(id -u)" -ne 0 ]; then echo "postgresql-15 is missing; run as root or: apt-get install postgresql-15" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql-15 >&2
  # Debian starts a system cluster on 5432; ours does not need it.
}

# as_pg runs a command as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PWFILE="$DIR/password"

url() { echo "postgres://aispm:$(cat "$PWFILE")@127.0.0.1:$(cat "$DIR/port")/aispm?sslmode=disable"; }

running() { [ -f "$DIR/port" ] && as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
  install
  if running; then url; return; fi
  mkdir -p "$DIR" "$RUN"
  # A cluster from before passwords (trust auth) is thrown away: it is a cache.
  if [ -f "$DATA/PG_VERSION" ] && [ ! -s "$PWFILE" ]; then rm -rf "$DATA"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' >"$PWFILE")
  fi
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$DIR"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb" -D "$DATA" -U aispm -A scram-sha-256 --pwfile="$PWFILE" -E UTF8 --locale=C --no-instructions >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
  fi
  export PGPASSWORD
  PGPASSWORD=$(cat "$PWFILE")
  local port
  for port in $(seq 55432 55531); do port_free "$port" && break; done
  echo "$port" >"$DIR/port"
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 \
    -o "-p $port -k $RUN -c listen_addresses=127.0.0.1 -c unix_socket_permissions=0700 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$DIR/postgres.log" >&2; exit 1; }
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U aispm -d postgres -qtAc \
    "select 1 from pg_database where datname = 'aispm'" | grep -q 1 \
    || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U aispm aispm
  url
}

stop() {
  if [ -f "$DATA/PG_VERSION" ]; then as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true; fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  url) running && url || { echo "not running: scripts/pg.sh start" >&2; exit 1; } ;;
  *) echo "usage: $0 start|stop|url|install" >&2; exit 2 ;;
esac
