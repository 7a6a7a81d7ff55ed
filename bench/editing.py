"""What editors cost searchers: how soon an edit is found by another process, and search latency while two
editors save once a second (each save logs a change every process replays before its next search)."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request

from django.db import close_old_connections

from reforms.models import Reform

from .measure import gunicorn_server, percentiles


def _found(base: str, q: str) -> int:
    url = base + "/api/reforms/?" + urllib.parse.urlencode({"q": q, "page_size": 1})
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())["count"]


def edit_visibility_ms(samples: int = 5) -> dict:
    """Milliseconds from an edit's commit (in this process) until a gunicorn worker (another process,
    same machine) finds it, polling every 10 ms."""
    out = []
    with gunicorn_server() as (base, _server):
        cases = list(Reform.objects.order_by("pk").values_list("pk", flat=True)[:samples])
        for n, pk in enumerate(cases):
            marker = f"编辑标记{n}号案例"
            case = Reform.objects.get(pk=pk)
            case.title = marker
            case.save()
            committed = time.perf_counter()
            while not _found(base, marker):
                if time.perf_counter() - committed > 30:
                    raise RuntimeError("an edit never became visible to the other process")
                time.sleep(0.01)
            out.append((time.perf_counter() - committed) * 1000)
    return percentiles(out)


def _editor(stop: threading.Event, pks: list[int], seed: int) -> None:
    """Saves one case a second, as an editor in the admin would (a separate connection)."""
    n = seed
    try:
        while not stop.is_set():
            case = Reform.objects.get(pk=pks[n % len(pks)])
            case.summary = (case.summary or "") [:500] + " "
            case.save()
            n += 2
            stop.wait(1.0)
    finally:
        close_old_connections()


def search_while_editing(run_query, repeat: int) -> dict:
    """p95 of `run_query` alone and with two editors saving once a second, in milliseconds."""
    def sample(count):
        out = []
        for i in range(count):
            started = time.perf_counter()
            run_query(i)
            out.append((time.perf_counter() - started) * 1000)
        return out

    quiet = sample(repeat)
    pks = list(Reform.objects.order_by("pk").values_list("pk", flat=True)[:200])
    stop = threading.Event()
    editors = [threading.Thread(target=_editor, args=(stop, pks, seed), daemon=True) for seed in (0, 1)]
    for editor in editors:
        editor.start()
    try:
        time.sleep(1.5)
        busy = sample(repeat)
    finally:
        stop.set()
        for editor in editors:
            editor.join(timeout=30)
    quiet_p, busy_p = percentiles(quiet), percentiles(busy)
    return {"quiet_ms": quiet_p, "editing_ms": busy_p, "editing_over_quiet_p95": round(busy_p["p95"] / max(quiet_p["p95"], 1e-6), 3)}
