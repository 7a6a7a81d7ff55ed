#!/usr/bin/env bash
# Bounded load test: gunicorn with production settings on 127.0.0.1 over a throwaway PostgreSQL 15,
# 50 concurrent clients for 60 s against search and case pages (wrk, from Debian). Loopback only. All
# clients share one address here, so the per-client rate limits are off for the run.
# Usage: bash bench/loadtest.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60}
CONNECTIONS=${2:-50}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
bash scripts/bootstrap.sh
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TMP=$(mktemp -d /tmp/catalogue-load.XXXXXX)
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PG_PORT=$(free_port); APP_PORT=$(free_port)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$TMP"
cleanup() {
  [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$TMP/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
as_postgres "$PG_BIN/initdb" -D "$TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$TMP/data" -l "$TMP/pg.log" -w -o "-p $PG_PORT -k $TMP -c listen_addresses=127.0.0.1" start >/dev/null
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres catalogue
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/catalogue" DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 \
  DJANGO_SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))") DJANGO_BEHIND_TLS_PROXY=1 \
  DJANGO_RATE_LIMIT_SEARCH=0 DJANGO_RATE_LIMIT_API=0 DJANGO_RATE_LIMIT_EXPORT=0 \
  DJANGO_STATIC_ROOT="$TMP/static" GUNICORN_BIND="127.0.0.1:$APP_PORT" WEB_CONCURRENCY=${WEB_CONCURRENCY:-4} PATH="$PWD/.venv/bin:$PATH"
python manage.py collectstatic --noinput -v0
sh scripts/entrypoint.sh --access-logfile /dev/null > "$TMP/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 60); do curl -sf -H "X-Forwarded-Proto: https" "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 1; done
echo "load: $CONNECTIONS clients for ${DURATION}s against http://127.0.0.1:$APP_PORT (WEB_CONCURRENCY=$WEB_CONCURRENCY)"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/loadtest.lua "http://127.0.0.1:$APP_PORT"
