"""Timing helpers for the benchmark: latency percentiles, query counting, a gunicorn worker's memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(p):
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    return {"p50": round(pick(50), 2), "p95": round(pick(95), 2), "p99": round(pick(99), 2), "mean": round(statistics.fmean(ordered), 2)}


def time_ms(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        kids += [int(k) for k in text]
    return kids


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


@contextmanager
def gunicorn_server(env_overrides: dict | None = None):
    """A gunicorn with one worker on a free loopback port, on the database DATABASE_URL names; yields its
    base URL and process once /healthz answers."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "WEB_CONCURRENCY": "1", "GUNICORN_BIND": f"127.0.0.1:{port}", **(env_overrides or {})}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.py"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def gunicorn_worker_rss(paths: list[str], env_overrides: dict | None = None, rounds: int = 3) -> dict:
    """Start gunicorn with one worker, send it `paths` `rounds` times, and read the worker's peak and current RSS."""
    with gunicorn_server(env_overrides) as (base, server):
        for _ in range(rounds):
            for path in paths:
                # as the TLS proxy forwards it (production settings redirect plain HTTP)
                request = urllib.request.Request(base + urllib.parse.quote(path, safe="/?=&"), headers={"X-Forwarded-Proto": "https"})
                urllib.request.urlopen(request, timeout=60).read()
        worker = _children(server.pid)[0]
        # RSS counts the index files a worker has mapped (page cache, shared by every worker on the machine);
        # RssAnon is the worker's own memory.
        return {"worker_peak_rss_mb": round(_status_kb(worker, "VmHWM") / 1024, 1),
                "worker_rss_mb": round(_status_kb(worker, "VmRSS") / 1024, 1),
                "worker_private_mb": round(_status_kb(worker, "RssAnon") / 1024, 1),
                "worker_mapped_files_mb": round(_status_kb(worker, "RssFile") / 1024, 1)}
