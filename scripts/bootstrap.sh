#!/usr/bin/env bash
# Create .venv and install the pinned dependencies from pyproject.toml (runtime, plus dev with --dev),
# saying what it does: the first run downloads ~60 packages and takes a minute or two.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "== bootstrap: creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi
extras=""
[ "${1:-}" = "--dev" ] && extras="dev"
.venv/bin/python - "$extras" <<'PY' > .venv/requirements.txt
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
deps = list(project["dependencies"])
if sys.argv[1]:
    deps += project["optional-dependencies"][sys.argv[1]]
print("\n".join(deps))
PY
echo "== bootstrap: checking $(wc -l < .venv/requirements.txt) pinned packages${extras:+ (with $extras tools)}; new ones are listed as they download"
.venv/bin/python -m pip install --disable-pip-version-check --progress-bar off -r .venv/requirements.txt 2>&1 \
  | { grep -E --line-buffered '^(Collecting|Successfully installed|ERROR)' || true; }
echo "== bootstrap: done"
