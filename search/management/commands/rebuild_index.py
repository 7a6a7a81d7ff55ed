"""Rebuild the search index from the catalogue."""

import sys
import time

from django.core.management.base import BaseCommand

from reforms.models import Reform
from search.backends import get_backend
from search.warmup import warm_up


class Command(BaseCommand):
    help = "Rebuild the full-text index of every case."

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="only print a fingerprint of the current index")

    def handle(self, *args, **options):
        if options.get("digest"):
            self.stdout.write(get_backend().index_digest())
            return
        warm_up()  # dictionaries loaded and frozen first: a collection no longer walks them mid-rebuild
        total = Reform.objects.count()
        started = time.perf_counter()
        interactive = sys.stdout.isatty() and options.get("verbosity", 1) > 0

        def progress(done):
            if interactive and (done % 200 == 0 or done == total):
                rate = done / max(time.perf_counter() - started, 1e-6)
                eta = (total - done) / rate if rate else 0
                self.stdout.write(f"\r{done}/{total} cases, {rate:.0f}/s, ETA {eta:.0f}s", ending="")

        count = get_backend().rebuild(progress)
        elapsed = time.perf_counter() - started
        if interactive:
            self.stdout.write("")
        self.stdout.write(f"indexed {count} cases in {elapsed:.2f}s")
