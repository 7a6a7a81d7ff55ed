#!/usr/bin/env bash
# Run the benchmark at 1k, 10k and 100k cases on SQLite and on a throwaway PostgreSQL 15 server, writing
# bench/results/<engine>-<N>.json and a table per run. Usage: bash bench/run_all.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
mkdir -p bench/results
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=$(mktemp -d /tmp/catalogue-bench-pg.XXXXXX)
PG_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
trap 'as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"' EXIT
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_buffers=512MB" start >/dev/null
export DJANGO_DEBUG=1
for n in ${sizes[@]}; do
  for engine in sqlite postgresql; do
    if [ "$engine" = sqlite ]; then
      rm -f "/tmp/catalogue-bench-$n.sqlite3"*
      url="sqlite:////tmp/catalogue-bench-$n.sqlite3"
    else
      as_postgres "$PG_BIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres --if-exists "bench_$n"
      as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "bench_$n"
      url="postgres://postgres@127.0.0.1:$PG_PORT/bench_$n"
    fi
    DATABASE_URL=$url .venv/bin/python manage.py migrate -v0
    DATABASE_URL=$url .venv/bin/python manage.py bench --cases "$n" --json "bench/results/$engine-$n.json"
  done
done
