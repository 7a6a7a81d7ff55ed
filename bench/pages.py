"""What pages and exports cost on the catalogue as it is: app CPU and wall time per request, queries per
page, and export throughput (rows/s). Used by the `bench` command after its search timings and on its own
by `bench_pages` (any catalogue, nothing rebuilt).

CPU is the process's own CPU time (time.process_time) around an in-process request, so on PostgreSQL it
is the app's share alone; the database server's work shows in the wall time.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count
from django.db.models.functions import Length
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from catalogue.params import read_params
from reforms.models import Indicator, Reform, Region, Source
from search.engine import search

from .measure import gunicorn_worker_rss, percentiles


def page_paths() -> dict[str, str]:
    """One representative URL per kind of page, picked from the data (the largest region, a mid case)."""
    ids = list(Reform.objects.order_by("pk").values_list("pk", flat=True)[:200])
    case = ids[len(ids) // 2] if ids else 1
    return {
        "home": "/",
        "search": "/search/?q=营商环境",
        "search, no query": "/search/",
        "case": f"/reforms/{case}/",
        "api search": "/api/reforms/?q=营商环境",
        "api case": f"/api/reforms/{case}/",
    }


def _largest_region() -> str | None:
    row = Region.objects.filter(parent__isnull=True).annotate(n=Count("reforms")).order_by("-n").values_list("slug", flat=True).first()
    return row


def landing_paths() -> dict[str, str]:
    """The largest listing page of each kind: the region and the indicator with most cases, and the source
    whose page is heaviest (its whole text is shown)."""
    paths = {}
    region = _largest_region()
    if region:
        paths["region"] = f"/regions/{region}/"
    indicator = Indicator.objects.annotate(n=Count("reforms")).order_by("-n", "position").values_list("slug", flat=True).first()
    if indicator:
        paths["indicator"] = f"/indicators/{indicator}/"
    source = Source.objects.annotate(size=Length("raw_text")).order_by("-size", "pk").values_list("pk", flat=True).first()
    if source:
        paths["source"] = f"/sources/{source}/"
    return paths


def measure_page(client: Client, path: str, repeat: int) -> dict:
    """CPU ms and wall ms per request (percentiles), queries, response size; the first two requests warm up."""
    for _ in range(2):
        response = client.get(path, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: status {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, secure=True)
    queries = len(ctx.captured_queries)  # read now: the list is the connection's log, reset by later requests
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        client.get(path, secure=True)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    # process_time ticks coarsely on some kernels: the mean over all samples is the honest per-request figure
    return {
        "cpu_ms_mean": round(sum(cpu) / len(cpu), 2),
        "wall_ms": percentiles(wall),
        "queries": queries,
        "bytes": len(response.content),
    }


def measure_conditional(client: Client, path: str, repeat: int) -> dict:
    """A repeated request with If-None-Match: the 304's CPU and wall time."""
    etag = client.get(path, secure=True).get("ETag")
    if not etag:
        return {"etag": False}
    cpu, wall, status = [], [], None
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        status = client.get(path, secure=True, HTTP_IF_NONE_MATCH=etag).status_code
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return {"etag": True, "status": status, "cpu_ms_mean": round(sum(cpu) / len(cpu), 3), "wall_ms": percentiles(wall)}


def measure_export(client: Client, fmt: str, params: dict | None = None) -> dict:
    """Rows per second of a whole export streamed to the end (cases rows). Above the per-request limit the
    unfiltered export redirects to the full-catalogue file: then its first download (which builds the
    file for this index version) is timed, and a second one (a file read)."""
    rows = search(read_params(QueryDict(urlencode(params or {})))[0], with_facets=False).total

    def fetch(path, data):
        w0, c0 = time.perf_counter(), time.process_time()
        response = client.get(path, data, secure=True)
        size = sum(len(chunk) for chunk in response.streaming_content) if response.streaming else len(response.content)
        return response, size, time.perf_counter() - w0, time.process_time() - c0

    response, size, seconds, cpu = fetch("/api/reforms/", {"format": fmt, **(params or {})})
    full = response.status_code == 302
    row = {}
    if full:
        # The first download starts building the file on a thread of its own and answers 503 until it is
        # there: the time (and this process's CPU) until the file is served whole is the build.
        from catalogue.export_files import wait_for_builds

        location, w0, c0 = response["Location"], time.perf_counter(), time.process_time()
        response, size, _, _ = fetch(location, None)
        while response.status_code == 503:
            wait_for_builds(timeout=600)
            response, size, _, _ = fetch(location, None)
        seconds, cpu = time.perf_counter() - w0, time.process_time() - c0
        row["served_again_s"] = round(fetch(location, None)[2], 3)
    return {"status": response.status_code, "rows": rows, "seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
            "rows_per_s": round(rows / max(seconds, 1e-6)), "bytes": size, "full_catalogue": full, **row}


def sample_case_ids(n: int) -> list[int]:
    """n case ids spread evenly over the whole catalogue (old and new, every source)."""
    ids = list(Reform.objects.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // n)
    return ids[::step][:n]


def measure_distinct_cases(client: Client, n: int) -> dict:
    """Case pages each requested once (nothing of theirs remembered yet): what a reader browsing costs."""
    cpu, wall = [], []
    for pk in sample_case_ids(n):
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(f"/reforms/{pk}/", secure=True)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"/reforms/{pk}/: status {response.status_code}")
    return {"pages": len(wall), "cpu_ms_mean": round(sum(cpu) / len(cpu), 2), "wall_ms": percentiles(wall)}


MIXED_QUERIES = ["营商环境", "不动产 登记", "營商環境", '"带押过户"', "税", "电力", "秒批", "一网通办", "企业开办", "跨境"]


def mixed_paths(n: int) -> list[str]:
    """n requests as readers make them: searches (with filters and pages), case pages across the catalogue,
    region listings (as paged searches), the API; every path distinct where the catalogue allows."""
    cases = sample_case_ids(max(1, n // 2))
    regions = list(Region.objects.order_by("path").values_list("slug", flat=True))
    paths = []
    for i in range(n):
        kind = i % 10
        q = MIXED_QUERIES[i % len(MIXED_QUERIES)]
        if kind < 5:
            paths.append(f"/reforms/{cases[(i // 2) % len(cases)]}/")
        elif kind < 8:
            paths.append(f"/search/?q={q}&page={1 + (i // 10) % 3}" + (f"&region={regions[i % len(regions)]}" if kind == 7 else ""))
        elif kind == 8:  # a region's cases, as its landing page lists them (paged search)
            paths.append(f"/search/?region={regions[i % len(regions)]}&page={1 + (i // 10) % 3}")
        else:
            paths.append(f"/api/reforms/?q={q}&page_size=50")
    return paths


def measure(repeat: int = 30, exports: bool = True, rss_requests: int = 0) -> dict:
    """Every figure of this module on the current catalogue."""
    client = Client(SERVER_NAME="localhost")
    paths = page_paths()
    paths.update(landing_paths())
    report = {"cases": Reform.objects.count(), "pages": {}}
    with override_settings(RESPONSE_CACHE_MB=0):  # what rendering costs: no answer served from the kept ones
        for label, path in paths.items():
            report["pages"][label] = {"path": path, **measure_page(client, path, repeat)}
        report["distinct_cases"] = measure_distinct_cases(client, 100)
    report["conditional_get"] = measure_conditional(client, paths["case"], repeat)
    with override_settings(RESPONSE_CACHE_MB=16):  # the default budget, whatever the caller turned off
        report["kept_answer"] = {"path": paths["search"], **measure_page(client, paths["search"], repeat)}
    if exports:
        report["exports"] = {fmt: measure_export(client, fmt) for fmt in ("csv", "xlsx")}
    if rss_requests:
        report["memory_after_mixed"] = {"requests": rss_requests, **gunicorn_worker_rss(mixed_paths(rss_requests), rounds=1)}
    return report


def table(report: dict) -> str:
    lines = [f"pages at {report['cases']} cases",
             f"{'page':<18}{'cpu ms':>8}{'p50 ms':>9}{'p95 ms':>9}{'queries':>8}{'KB':>8}  path"]
    for label, row in report["pages"].items():
        lines.append(f"{label:<18}{row['cpu_ms_mean']:>8}{row['wall_ms']['p50']:>9}{row['wall_ms']['p95']:>9}"
                     f"{row['queries']:>8}{row['bytes'] / 1024:>8.1f}  {row['path']}")
    distinct = report.get("distinct_cases")
    if distinct:
        lines.append(f"{distinct['pages']} distinct case pages, each once: cpu {distinct['cpu_ms_mean']} ms, "
                     f"p50 {distinct['wall_ms']['p50']} ms, p95 {distinct['wall_ms']['p95']} ms")
    kept = report.get("kept_answer")
    if kept:
        lines.append(f"{kept['path']} again (answer kept under its ETag): cpu {kept['cpu_ms_mean']} ms, "
                     f"p95 {kept['wall_ms']['p95']} ms, {kept['queries']} query")
    cond = report.get("conditional_get", {})
    if cond.get("etag"):
        lines.append(f"case page again with If-None-Match: {cond['status']}, cpu {cond['cpu_ms_mean']} ms, p95 {cond['wall_ms']['p95']} ms")
    for fmt, row in report.get("exports", {}).items():
        lines.append(f"export {fmt}: {row['rows']} rows in {row['seconds']} s = {row['rows_per_s']} rows/s "
                     f"(cpu {row['cpu_s']} s, {row['bytes'] / 1e6:.1f} MB)"
                     + (f" · full-catalogue file built; served again in {row['served_again_s']} s" if row["full_catalogue"] else ""))
    memory = report.get("memory_after_mixed")
    if memory:
        lines.append(f"gunicorn worker after {memory['requests']} mixed requests: RSS {memory['worker_rss_mb']} MB "
                     f"(peak {memory['worker_peak_rss_mb']} MB; own {memory.get('worker_private_mb', '—')} MB, "
                     f"mapped index and code files {memory.get('worker_mapped_files_mb', '—')} MB)")
    return "\n".join(lines)
