"""The production path: secure settings, the container entry point run without Docker against a fresh
database, gunicorn on loopback with DJANGO_DEBUG=0, checked over HTTP; the API schema fuzzed by
schemathesis; and a PostgreSQL outage that the app survives without a restart."""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .servers import NO_RATE_LIMITS, ROOT, free_port, fresh_database_url

VENV_BIN = str(Path(sys.executable).parent)
HTTPS = {"X-Forwarded-Proto": "https"}


def production_env(tmp: Path, database_url: str, port: int) -> dict:
    env = {
        **os.environ,
        "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", ""),
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "JIEBA_CACHE_DIR": str(tmp / "jieba"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        **NO_RATE_LIMITS,  # the schema fuzzer sends thousands of requests a minute from one address
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def fetch(url, headers=None, method="GET"):
    url = urllib.parse.quote(url, safe=":/?&=%")
    request = urllib.request.Request(url, headers={**HTTPS, **(headers or {})}, method=method)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def production_server(database_url=None):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = production_env(tmp, database_url or fresh_database_url(tmp, "catalogue_production"), port)
        # What the image build does: collect static files (hashed, compressed).
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
        log = open(tmp / "server.log", "w")  # noqa: SIM115
        server = subprocess.Popen(["sh", "scripts/entrypoint.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if server.poll() is not None:
                    raise RuntimeError((tmp / "server.log").read_text())
                try:
                    if fetch(base + "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            yield base, env, tmp
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


@pytest.fixture(scope="module")
def prod():
    with production_server() as running:
        yield running


def test_production_refuses_to_start_without_a_secret_key_or_hosts():
    env = {**os.environ, "DJANGO_DEBUG": "0"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DJANGO_ALLOWED_HOSTS"] = ""
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_secret_key_shorter_than_50_characters():
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "localhost", "DJANGO_SECRET_KEY": secrets.token_hex(20)}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "50+ characters" in result.stderr


def test_deploy_checks_pass_at_warning_level(tmp_path):
    env = production_env(tmp_path, "sqlite:///" + str(tmp_path / "x.sqlite3"), 0)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_and_api_answer_under_production_settings(prod):
    base, _, _ = prod
    for path in ["/", "/search/?q=带押过户", "/reforms/1/", "/api/reforms/?q=秒批", "/api/reforms/1/", "/healthz", "/api/schema/"]:
        status, _, body = fetch(base + path)
        assert status == 200, (path, body[:200])


def test_static_files_are_hashed_compressed_and_cached(prod):
    base, _, tmp = prod
    manifest = json.loads((tmp / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["catalogue/site.css"]
    assert hashed != "catalogue/site.css"
    status, headers, _ = fetch(f"{base}/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers.get("Content-Encoding") in {"gzip", "br"}
    assert "max-age=315360000" in headers.get("Cache-Control", "")
    status, _, html = fetch(base + "/")
    assert hashed.encode() in html


def test_security_headers_are_present(prod):
    base, _, _ = prod
    _, headers, _ = fetch(base + "/")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert headers["Referrer-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_but_health_checks_are_not(prod):
    base, _, _ = prod
    status, headers, _ = fetch(base + "/", {"X-Forwarded-Proto": "http"})
    assert status == 301 and headers["Location"].startswith("https://")
    assert fetch(base + "/healthz", {"X-Forwarded-Proto": "http"})[0] == 200


def test_the_browsable_api_is_off_in_production(prod):
    base, _, _ = prod
    status, headers, body = fetch(base + "/api/regions/", {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})  # as a browser asks
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert body.lstrip().startswith(b"[") or body.lstrip().startswith(b"{")


def test_admin_redirects_to_login(prod):
    base, _, _ = prod
    status, headers, _ = fetch(base + "/admin/")
    assert status == 302 and "/admin/login/" in headers["Location"]


def test_setup_is_idempotent_and_keeps_editor_changes(prod):
    base, env, _ = prod
    change = "from reforms.models import Reform; r = Reform.objects.get(pk=1); r.title = '编辑改过的标题'; r.save()"
    subprocess.run([sys.executable, "manage.py", "shell", "-c", change], cwd=ROOT, env=env, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "manage.py", "setup_catalogue"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "fixtures not loaded" in result.stdout
    assert "编辑改过的标题".encode() in fetch(base + "/reforms/1/")[2]


def test_the_api_schema_holds_under_schemathesis(prod):
    base, _, tmp = prod
    result = subprocess.run(
        [
            os.path.join(VENV_BIN, "schemathesis"), "run", f"{base}/api/schema/", "--url", base,
            "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
            "--max-examples", "25", "--seed", "1", "--header", "X-Forwarded-Proto: https", "--no-color",
            "--phases", "examples,coverage,fuzzing", "--max-failures", "5",
        ],
        cwd=tmp, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[:3000] + result.stdout[-3000:] + result.stderr[-2000:]


PG_BIN = Path("/usr/lib/postgresql/15/bin")


@contextmanager
def throwaway_postgres():
    """A PostgreSQL 15 cluster of our own, so that stopping it harms no other test."""
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is missing: install the Debian package 'postgresql'")
    tmp = Path(tempfile.mkdtemp(prefix="catalogue-fault-"))
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
    port = free_port()
    subprocess.run([*as_pg, str(PG_BIN / "initdb"), "-D", str(tmp / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True)

    def ctl(*args):
        subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(tmp / "data"), *args], check=True, capture_output=True)

    start = ("-l", str(tmp / "log"), "-w", "-o", f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    ctl(*start)
    try:
        subprocess.run([*as_pg, str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "catalogue"],
                       check=True, capture_output=True)
        yield (f"postgres://postgres@127.0.0.1:{port}/catalogue", (lambda: ctl("-m", "immediate", "stop")), (lambda: ctl(*start)),
               tmp / "data")
    finally:
        subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(tmp / "data"), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def test_a_postgres_outage_gives_a_friendly_503_and_the_app_recovers_without_restart():
    with throwaway_postgres() as (url, stop, start, _), production_server(url) as (base, _, _):
        assert fetch(base + "/search/?q=税")[0] == 200
        stop()
        for path in ["/search/?q=税", "/reforms/1/", "/", "/api/reforms/"]:
            status, headers, body = fetch(base + path)
            assert status == 503, (path, status, body[:300])
        status, _, body = fetch(base + "/healthz")
        assert status == 503 and json.loads(body)["database"] is False
        assert "服务暂时不可用".encode() in fetch(base + "/")[2]
        start()
        deadline = time.monotonic() + 30
        while fetch(base + "/healthz")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert fetch(base + "/healthz")[0] == 200
        assert fetch(base + "/search/?q=税")[0] == 200


def postgres_processes(data_dir: Path) -> list[int]:
    """The postmaster (first line of postmaster.pid) and every process it started."""
    postmaster = int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(entry.name))
    return [postmaster, *children]


def timed_fetch(url):
    started = time.monotonic()
    status = fetch(url)[0]
    return status, time.monotonic() - started


FREEZE_S = 20
REQUEST_DEADLINE_S, CONNECT_TIMEOUT_S, GUNICORN_TIMEOUT_S = 15, 3, 30  # the defaults of config/settings.py and gunicorn.py


def test_a_frozen_postgres_gives_503_within_the_deadline_and_the_app_recovers_after_sigcont():
    """SIGSTOP every process of a real PostgreSQL server for 20 s: each request (two workers, four at once, so
    two wait in gunicorn's queue) is answered 503 well inside gunicorn's worker timeout; after SIGCONT the
    same workers serve again, no restart."""
    import signal
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/search/?q=税", "/reforms/1/", "/", "/api/reforms/"]
    with throwaway_postgres() as (url, _, _, data_dir), production_server(url) as (base, _, _):
        for path in paths * 2:
            assert fetch(base + path)[0] == 200  # both workers hold a persistent connection
        processes = postgres_processes(data_dir)
        for pid in processes:
            os.kill(pid, signal.SIGSTOP)
        frozen_at = time.monotonic()
        try:
            with ThreadPoolExecutor(len(paths)) as pool:
                answers = list(pool.map(timed_fetch, [base + path for path in paths]))
            # A request is answered by its own deadline, or, queued behind one that was, after two connect
            # timeouts (the ETag middleware and then the view each try to connect).
            bound = REQUEST_DEADLINE_S + 2 * CONNECT_TIMEOUT_S + 2
            assert all(status == 503 for status, _ in answers), answers
            assert max(seconds for _, seconds in answers) < bound < GUNICORN_TIMEOUT_S, answers
            time.sleep(max(0.0, FREEZE_S - (time.monotonic() - frozen_at)))
        finally:
            for pid in processes:
                os.kill(pid, signal.SIGCONT)
        deadline = time.monotonic() + 30
        while fetch(base + "/healthz")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        for path in paths:
            assert fetch(base + path)[0] == 200, path
