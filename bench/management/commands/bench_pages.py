"""Measure pages and exports on the catalogue as it is (nothing rebuilt): app CPU per request, wall time,
queries, conditional GET and export rows/s. `bench --cases N` runs the same after building its corpus."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from bench import pages
from search.warmup import warm_up


class Command(BaseCommand):
    help = "Measure page CPU/latency and export throughput on the current catalogue."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--no-exports", action="store_true")
        parser.add_argument("--json", dest="json_path")
        parser.add_argument("--rss-requests", type=int, default=0, help="mixed requests to a gunicorn worker, then its RSS")

    def handle(self, *args, repeat=30, no_exports=False, json_path=None, rss_requests=0, **options):
        warm_up()
        report = pages.measure(repeat=repeat, exports=not no_exports, rss_requests=rss_requests)
        if json_path:
            Path(json_path).write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        self.stdout.write(pages.table(report))
