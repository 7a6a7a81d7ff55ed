"""Two app machines against one database: each gunicorn with its own index directory, kept in step through
the change log. An editor's change made through one is found through the other at once."""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from .servers import ROOT, free_port, fresh_database_url, wait_for


def api_titles(base: str, q: str) -> list[str]:
    url = base + "/api/reforms/?" + urllib.parse.urlencode({"q": q})
    with urllib.request.urlopen(url, timeout=30) as response:
        return [r["title"] for r in json.loads(response.read())["results"]]


def start(env: dict, log: Path):
    port = free_port()
    handle = open(log, "w")  # noqa: SIM115 — closed by the caller's stack
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    return server, handle, f"http://127.0.0.1:{port}"


def test_an_edit_through_one_machine_is_found_through_the_other():
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        tmp = Path(tmp)
        base = {**os.environ, "DATABASE_URL": fresh_database_url(tmp, "catalogue_scaleout"), "DJANGO_DEBUG": "1"}
        base.pop("DJANGO_SETTINGS_MODULE", None)
        machine_a = {**base, "SEARCH_INDEX_DIR": str(tmp / "index-a")}
        machine_b = {**base, "SEARCH_INDEX_DIR": str(tmp / "index-b")}
        subprocess.run([sys.executable, "manage.py", "setup_catalogue"], cwd=ROOT, env=machine_a, check=True, capture_output=True)
        servers = []
        for name, env in (("a", machine_a), ("b", machine_b)):
            server, handle, url = start(env, tmp / f"server-{name}.log")
            stack.callback(handle.close)
            stack.callback(server.wait, 20)
            stack.callback(server.terminate)
            wait_for(url + "/healthz")
            servers.append(url)
        a, b = servers
        assert api_titles(a, "独角兽人才专项") == [] and api_titles(b, "独角兽人才专项") == []
        assert (tmp / "index-b").exists() and (tmp / "index-a").exists()  # machine B built its own index

        edit = "from reforms.models import Reform; r = Reform.objects.order_by('pk').first(); r.title = '独角兽人才专项认定'; r.save()"
        subprocess.run([sys.executable, "manage.py", "shell", "-c", edit], cwd=ROOT, env=machine_a, check=True, capture_output=True)
        committed = time.monotonic()
        while api_titles(b, "独角兽人才专项") != ["独角兽人才专项认定"]:
            assert time.monotonic() - committed < 5, "the edit never reached machine B"
            time.sleep(0.05)
        visible_after = time.monotonic() - committed
        assert api_titles(a, "独角兽人才专项") == ["独角兽人才专项认定"]
        assert visible_after < 1.0
        with urllib.request.urlopen(b + "/healthz", timeout=10) as response:
            health = json.loads(response.read())
        assert health["index_version"] == health["database_version"]
