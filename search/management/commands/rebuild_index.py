"""Rebuild this machine's search index (beside the old one, then swapped in)."""

import sys
import time

from django.core.management.base import BaseCommand

from reforms.models import Reform
from search import indexing
from search.warmup import warm_up


class Command(BaseCommand):
    help = "Rebuild the search index from the stored documents (--retokenize: recompute them first)."

    def add_arguments(self, parser):
        parser.add_argument("--retokenize", action="store_true",
                            help="recompute every case's stored document (normalisation, jieba) before building")
        parser.add_argument("--digest", action="store_true", help="only print a fingerprint of what the index is built from")

    def handle(self, *args, **options):
        if options["digest"]:
            self.stdout.write(indexing.digest())
            return
        warm_up(load_index=False)  # dictionaries loaded and frozen first: a collection no longer walks them
        total = Reform.objects.count()
        started = time.perf_counter()
        interactive = sys.stdout.isatty() and options.get("verbosity", 1) > 0
        verbose = options.get("verbosity", 1) > 0

        def progress(done):
            if interactive and (done % 200 == 0 or done == total):
                rate = done / max(time.perf_counter() - started, 1e-6)
                eta = (total - done) / rate if rate else 0
                self.stdout.write(f"\r{done}/{total} cases, {rate:.0f}/s, ETA {eta:.0f}s", ending="")

        if verbose:
            self.stdout.write(("recomputing stored documents and " if options["retokenize"] else "") + f"building the index of {total} cases")
        count = indexing.rebuild(retokenize=options["retokenize"], progress=progress)
        if interactive:
            self.stdout.write("")
        self.stdout.write(f"indexed {count} cases in {time.perf_counter() - started:.2f}s")
