#!/usr/bin/env bash
# One command: set up (venv, database, fixtures, index) and serve the catalogue on SQLite.
# HOST and PORT choose where it listens (default 127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/python manage.py setup_catalogue
echo "== serving on http://${HOST:-127.0.0.1}:${PORT:-8000}/ (Ctrl-C stops)"
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
