#!/usr/bin/env bash
# One command: set up and run the whole test suite on SQLite, then on a throwaway PostgreSQL 15 server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
export DJANGO_DEBUG=1 PYTHONHASHSEED=0
unset DATABASE_URL

echo "== lint and project checks"
.venv/bin/ruff check .
.venv/bin/python manage.py check --fail-level ERROR
.venv/bin/python manage.py makemigrations --check --dry-run

echo "== test suite on SQLite"
.venv/bin/python -m pytest -p no:cacheprovider -q "$@"

echo "== test suite on PostgreSQL"
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 not found in $PG_BIN (install the Debian package 'postgresql')" >&2
  exit 1
fi
PG_DIR=$(mktemp -d /tmp/catalogue-pg.XXXXXX)
PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
stop_pg() { as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
trap stop_pg EXIT
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/catalogue"
.venv/bin/python -m pytest -p no:cacheprovider -q "$@"
