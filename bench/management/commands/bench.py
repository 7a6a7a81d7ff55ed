"""Benchmark the catalogue at N synthetic cases on the database DATABASE_URL names, in one run:
ingest of the real sources, index build throughput, search latency (function, page, API) against a naive
icontains baseline and the engine's own unranked match count (the floor), queries per page, and a gunicorn
worker's memory.

It rebuilds the catalogue from scratch, so it refuses to run on a catalogue holding data unless --reset.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from functools import reduce
from operator import and_
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import pages
from bench.corpus import CorpusGenerator
from bench.editing import edit_visibility_ms, search_while_editing
from bench.measure import gunicorn_worker_rss, percentiles, time_ms
from reforms.ingest.fixtures import catalogue_rows, region_rows, taxonomy_rows, write_json
from reforms.ingest.pipeline import parse_source
from reforms.models import Department, Reform, Source
from search import indexing, live, matchcache
from search import snapshot as snapshot_module
from search.compile import compile_tree
from search.engine import SearchParams, search
from search.models import SearchDocument
from search.plan import plan_query
from search.thesaurus import thesaurus
from search.warmup import warm_up

PAGE_URL, API_URL = "/search/", "/api/reforms/"
QUERY_MIX = [
    ("one word", {"q": "营商环境"}),
    ("two words", {"q": "不动产 登记"}),
    ("traditional", {"q": "營商環境觀察員"}),
    ("phrase", {"q": '"带押过户"'}),
    ("single character", {"q": "税"}),
    ("with filters", {"q": "电力", "region": "guangdong", "indicator": "getting-electricity"}),
    ("empty, facets only", {}),
    ("relaxed words", {"q": "注销企业 办理"}),
    ("department short form", {"q": "应急局"}),
]


def _params(spec: dict) -> SearchParams:
    return SearchParams(q=spec.get("q", ""), region=[spec["region"]] if "region" in spec else [],
                        indicator=[spec["indicator"]] if "indicator" in spec else [])


def _naive(spec: dict) -> int:
    """What a first version would do: icontains over title and body for every word, plus the filters;
    it counts the matches and takes the first page, as our search does."""
    queryset = Reform.objects.all()
    words = [w.strip('"') for w in spec.get("q", "").split() if w.strip('"')]
    if words:
        queryset = queryset.filter(reduce(and_, [Q(title__icontains=w) | Q(body__icontains=w) for w in words]))
    if "region" in spec:
        queryset = queryset.filter(region__path__startswith=f"/{spec['region']}/")
    if "indicator" in spec:
        queryset = queryset.filter(indicators__slug=spec["indicator"])
    total = queryset.count()
    return total + len(list(queryset.order_by("-year", "pk").values_list("pk", flat=True)[:20]))


def _floor(spec: dict) -> int:
    """The engine alone: tantivy counting the matches of the text part (unranked, no ids), nothing else."""
    state = live.current()
    plan = plan_query(spec.get("q", ""), thesaurus(("bench", state.head, str(state.generation))))
    searcher = state.searcher()
    if plan.exact is None:
        return searcher.num_docs
    return searcher.search(compile_tree(plan.exact), limit=1, count=True).count


def _cold(fn, *args, **kwargs):
    """Call fn with no matches remembered from earlier queries."""
    matchcache.clear()
    return fn(*args, **kwargs)


def _refine_samples(client, spec: dict, refined: dict, repeat: int) -> list[float]:
    """Milliseconds for the page after a facet click: the query's own page first (not timed), then the
    same query with one more filter (timed)."""
    samples = []
    for _ in range(repeat):
        _cold(client.get, PAGE_URL, spec)
        samples += time_ms(lambda: client.get(PAGE_URL, refined), 1)
    return samples


class Command(BaseCommand):
    help = "Benchmark ingest, indexing and search at N synthetic cases; prints ratios measured in one run."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--json", dest="json_path")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--reset", action="store_true", help="empty the catalogue first (destroys its data)")
        parser.add_argument("--skip-rss", action="store_true")
        parser.add_argument("--only-build", action="store_true",
                            help="stop after the index build rates (no search latencies, editing or pages)")

    def say(self, text):
        if self.interactive or self.verbosity > 1:
            self.stdout.write(text)

    def handle(self, *args, cases, json_path=None, repeat=20, reset=False, skip_rss=False, only_build=False, verbosity=1,
               **options):
        self.verbosity = verbosity
        self.interactive = sys.stdout.isatty() and verbosity > 0
        # The benchmark is one client making thousands of requests: per-client rate limits off, here and in
        # the gunicorn servers it starts.
        settings.RATE_LIMITS = {scope: 0 for scope in settings.RATE_LIMITS}
        for scope in settings.RATE_LIMITS:
            os.environ[f"DJANGO_RATE_LIMIT_{scope.upper()}"] = "0"
        # Every timed page and API request renders: a repeated request would otherwise be served from the
        # answers kept under their ETag (catalogue/response_cache.py; measured on its own by bench_pages).
        settings.RESPONSE_CACHE_MB = 0
        if Reform.objects.exists() and not reset:
            raise CommandError("the catalogue holds data: run on an empty database, or pass --reset to empty it")
        report = {"database": connection.vendor, "cases": cases, "python": platform.python_version(),
                  "machine": f"{platform.machine()}, {os.cpu_count()} cores"}
        report["ingest_real_sources_s"] = self._ingest_real_sources()
        self.say(f"real sources ingested in {report['ingest_real_sources_s']}s")
        generator = CorpusGenerator()
        started = time.perf_counter()
        for done in generator.generate(cases):
            self.say(f"\rgenerating {done}/{cases} cases …")
        report["generate_s"] = round(time.perf_counter() - started, 2)
        total = Reform.objects.count()
        warm_up(load_index=False)  # as rebuild_index does
        started = time.perf_counter()
        indexing.rebuild(retokenize=True, progress=self._progress(total))
        elapsed = time.perf_counter() - started
        report["index_build"] = {"cases": total, "seconds": round(elapsed, 2), "cases_per_s": round(total / elapsed, 1)}
        started = time.perf_counter()
        indexing.rebuild(progress=self._progress(total))
        elapsed = time.perf_counter() - started
        report["index_build_stored"] = {"cases": total, "seconds": round(elapsed, 2), "cases_per_s": round(total / elapsed, 1)}
        report["index_size_mb"] = round(sum(f.stat().st_size for f in indexing.local_index.current_generation().iterdir()) / 2**20, 1)
        self.say(f"\nindexed {total} cases at {report['index_build']['cases_per_s']}/s (tokenising), "
                 f"{report['index_build_stored']['cases_per_s']}/s from stored documents")
        if only_build:
            self._write(report, json_path)
            self.stdout.write(self._build_line(report))
            return
        report["snapshot_load_s"] = self._snapshot_load()
        report["queries"] = self._latencies(repeat)
        report["summary"] = self._summary(report["queries"])
        mix = [_params(spec) for label, spec in QUERY_MIX if spec.get("q")]
        report["editing"] = search_while_editing(lambda i: _cold(search, mix[i % len(mix)]).page_ids(0, 20), max(repeat * 2, 20))
        self.say(f"search p95 with two editors saving once a second: {report['editing']['editing_ms']['p95']}ms "
                 f"({report['editing']['editing_over_quiet_p95']}× quiet)")
        report["pages"] = pages.measure(repeat=repeat, rss_requests=0 if skip_rss else 1000)  # bench/pages.py
        if not skip_rss:
            report["editing"]["visibility_ms"] = edit_visibility_ms()
            paths = ["/search/?" + "&".join(f"{k}={v}" for k, v in spec.items()) for _, spec in QUERY_MIX] + ["/api/reforms/?q=营商"]
            report["memory"] = gunicorn_worker_rss(paths)
        self._write(report, json_path)
        self.stdout.write(self._table(report))

    @staticmethod
    def _write(report: dict, json_path: str | None) -> None:
        if json_path:
            Path(json_path).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @staticmethod
    def _build_line(report: dict) -> str:
        return (f"{report['database']} · {report['cases']} synthetic + real cases · index build: "
                f"{report['index_build']['cases_per_s']} cases/s tokenising, {report['index_build_stored']['cases_per_s']} "
                f"from stored documents · index {report['index_size_mb']} MB")

    def _progress(self, total):
        started = time.perf_counter()

        def show(done):
            if self.interactive and (done % 500 == 0 or done == total):
                rate = done / max(time.perf_counter() - started, 1e-6)
                self.stdout.write(f"\rindexing {done}/{total} · {rate:.0f}/s · ETA {(total - done) / rate:.0f}s", ending="")

        return show

    def _ingest_real_sources(self) -> float:
        """Raw text → parsed cases → fixtures → loaddata → index, for the five real sources."""
        for model in (SearchDocument, Reform, Department, Source):
            model.objects.all().delete()
        started = time.perf_counter()
        parsed = [parse_source(path) for path in sorted(Path(settings.SOURCES_DIR).glob("*.txt"))]
        with tempfile.TemporaryDirectory() as tmp:
            write_json(Path(tmp) / "bench_regions.json", region_rows())
            write_json(Path(tmp) / "bench_taxonomy.json", taxonomy_rows())
            write_json(Path(tmp) / "bench_catalogue.json", catalogue_rows(parsed))
            call_command("loaddata", *[str(Path(tmp) / f"bench_{n}.json") for n in ("regions", "taxonomy", "catalogue")], verbosity=0)
        indexing.rebuild(retokenize=True)
        return round(time.perf_counter() - started, 2)

    @staticmethod
    def _snapshot_load() -> float:
        """Seconds a process spends loading the index snapshot after an index change (once per change)."""
        started = time.perf_counter()
        snapshot_module.load()
        return round(time.perf_counter() - started, 2)

    def _latencies(self, repeat: int) -> dict:
        """Every timing but `refine_ms` starts without remembered matches (matchcache cleared): the cost of
        a new query. `refine_ms` is the next step of the same search: a facet value chosen."""
        warm_up()  # what a gunicorn worker does before its first request
        client = Client(SERVER_NAME="localhost")
        results = {}
        for label, spec in QUERY_MIX:
            params = _params(spec)
            indicators = search(params).facets["indicator"]
            refined = {**spec, "indicator": indicators[0].value} if indicators else {**spec, "region": "guangdong"}
            for _ in range(2):  # warm caches and the tokenizer
                search(params)
                client.get(PAGE_URL, spec)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(PAGE_URL, spec)
            if response.status_code != 200 or client.get(API_URL, spec).status_code != 200:
                raise CommandError(f"{label}: the page or the API did not answer 200")
            row = {
                "matches": search(params, with_facets=False).total,
                "search_ms": percentiles(time_ms(lambda p=params: _cold(search, p).page_ids(0, 20), repeat)),
                "search_no_facets_ms": percentiles(time_ms(lambda p=params: _cold(search, p, with_facets=False).page_ids(0, 20), repeat)),
                "page_ms": percentiles(time_ms(lambda s=spec: _cold(client.get, PAGE_URL, s), repeat)),
                "api_ms": percentiles(time_ms(lambda s=spec: _cold(client.get, API_URL, s), repeat)),
                "refine_ms": percentiles(_refine_samples(client, spec, refined, repeat)),
                "naive_ms": percentiles(time_ms(lambda s=spec: _naive(s), repeat)),
                "floor_ms": percentiles(time_ms(lambda s=spec: _floor(s), repeat)),
                "queries_per_page": len(ctx.captured_queries),
            }
            row["ours_over_naive"] = round(row["search_no_facets_ms"]["p50"] / max(row["naive_ms"]["p50"], 1e-6), 3)
            row["ours_over_floor"] = round(row["search_no_facets_ms"]["p50"] / max(row["floor_ms"]["p50"], 1e-6), 3)
            results[label] = row
            self.say(f"{label}: page p95 {row['page_ms']['p95']}ms")
        return results

    @staticmethod
    def _summary(rows: dict) -> dict:
        worst = {key: max(r[key]["p95"] for r in rows.values()) for key in ("search_ms", "page_ms", "api_ms", "refine_ms")}
        return {
            "worst_p95_ms": worst,
            "ours_over_naive_median": sorted(r["ours_over_naive"] for r in rows.values())[len(rows) // 2],
            "ours_over_floor_median": sorted(r["ours_over_floor"] for r in rows.values())[len(rows) // 2],
            "queries_per_page": sorted({r["queries_per_page"] for r in rows.values()}),
        }

    @staticmethod
    def _table(report: dict) -> str:
        lines = [f"{report['database']} · {report['cases']} synthetic + real cases · {report['machine']}",
                 f"ingest of the 5 real sources: {report['ingest_real_sources_s']}s · index build: "
                 f"{report['index_build']['cases_per_s']} cases/s tokenising, {report['index_build_stored']['cases_per_s']} from stored "
                 f"documents · index {report['index_size_mb']} MB · snapshot load: {report['snapshot_load_s']}s",
                 f"{'query':<20}{'matches':>8}{'search p50/p95':>18}{'page p95':>10}{'api p95':>9}{'refine p95':>11}{'naive p50':>11}"
                 f"{'floor p50':>11}{'÷naive':>8}{'÷floor':>8}{'q/page':>7}"]
        for label, r in report["queries"].items():
            lines.append(
                f"{label:<20}{r['matches']:>8}{r['search_ms']['p50']:>9}/{r['search_ms']['p95']:<8}{r['page_ms']['p95']:>10}"
                f"{r['api_ms']['p95']:>9}{r['refine_ms']['p95']:>11}{r['naive_ms']['p50']:>11}{r['floor_ms']['p50']:>11}{r['ours_over_naive']:>8}"
                f"{r['ours_over_floor']:>8}{r['queries_per_page']:>7}"
            )
        editing = report.get("editing", {})
        if editing:
            lines.append(f"search p95 quiet {editing['quiet_ms']['p95']}ms, with two editors saving once a second "
                         f"{editing['editing_ms']['p95']}ms ({editing['editing_over_quiet_p95']}×)"
                         + (f"; an edit visible to another process after p50 {editing['visibility_ms']['p50']}ms, "
                            f"max {max(editing['visibility_ms']['p99'], editing['visibility_ms']['p95'])}ms" if "visibility_ms" in editing else ""))
        if "memory" in report:
            memory = report["memory"]
            lines.append(f"gunicorn worker after warm-up: peak RSS {memory['worker_peak_rss_mb']} MB "
                         f"(own memory {memory.get('worker_private_mb')} MB, mapped index and code files {memory.get('worker_mapped_files_mb')} MB)")
        if "pages" in report:
            lines.append(pages.table(report["pages"]))
        return "\n".join(lines)
