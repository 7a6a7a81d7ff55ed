"""A real catalogue server for end-to-end tests: a fresh database of the suite's engine, set up with
`setup_catalogue`, served by gunicorn on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent


# A test drives far more requests a minute from one address than a person; the limiter has its own tests.
NO_RATE_LIMITS = {"DJANGO_RATE_LIMIT_SEARCH": "0", "DJANGO_RATE_LIMIT_API": "0", "DJANGO_RATE_LIMIT_EXPORT": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database_url(tmp: Path, name: str) -> str:
    """A new, empty database on the engine the suite runs on (SQLite file, or a new PostgreSQL database)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / (name + '.sqlite3')}"
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"], port=config["PORT"], user=config["USER"], password=config["PASSWORD"], dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not come up")


@contextmanager
def catalogue_server(name: str, extra_env: dict | None = None, after_setup: list[list[str]] | None = None):
    """`after_setup`: manage.py commands run on the fresh catalogue before serving (e.g. creating users)."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": fresh_database_url(Path(tmp), name), "DJANGO_DEBUG": "1", **NO_RATE_LIMITS,
               **(extra_env or {})}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        python = sys.executable
        subprocess.run([python, "manage.py", "setup_catalogue"], cwd=ROOT, env=env, check=True, capture_output=True)
        for command in after_setup or []:
            subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115 — closed below
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base + "/healthz")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=20)
            log.close()
