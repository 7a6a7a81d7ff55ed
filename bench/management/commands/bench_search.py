"""The search function alone over the benchmark's query mix, on the catalogue as it is (nothing rebuilt):
for A/B comparisons of two checkouts against one database, run in turn on the same machine."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from bench.management.commands.bench import QUERY_MIX, _params
from bench.measure import percentiles
from search import matchcache
from search.engine import search
from search.warmup import warm_up


class Command(BaseCommand):
    help = "p50/p95 of the search function (facets and the first page, remembered matches cleared) per query of the mix."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, repeat=20, **options):
        warm_up()
        for name, spec in QUERY_MIX:
            params = _params(spec)
            samples = []
            for _ in range(repeat):
                matchcache.clear()
                started = time.perf_counter()
                result = search(params)
                result.page_ids(0, 20)
                samples.append((time.perf_counter() - started) * 1000)
            p = percentiles(samples)
            self.stdout.write(f"{name:<24}{result.total:>8} matches   p50 {p['p50']:>7} ms   p95 {p['p95']:>7} ms")
