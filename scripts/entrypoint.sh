#!/usr/bin/env sh
# Container entry point (also exercised by the test suite without Docker): set the catalogue up
# idempotently — migrate, load the fixtures into an empty catalogue, rebuild the index — then serve.
set -eu
cd "$(dirname "$0")/.."
python manage.py setup_catalogue
exec gunicorn config.wsgi -c config/gunicorn.py "$@"
