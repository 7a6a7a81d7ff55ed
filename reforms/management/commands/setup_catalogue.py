"""Migrate, load the fixtures into an empty catalogue, build the search index. Safe to run again."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from reforms.models import Reform, Region, Source


class Command(BaseCommand):
    help = "Idempotent setup: migrate, load fixtures only into an empty catalogue, rebuild the index."

    def step(self, message: str) -> None:
        """Say what is happening before each slow step, so a first set-up is not 20 silent seconds."""
        self.stdout.write(f"{message} ({time.monotonic() - self.started:.1f}s)")
        self.stdout.flush()

    def handle(self, *args, **options):
        self.started = time.monotonic()
        self.step("migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        self._ensure_editors_group()
        if Reform.objects.exists() or Source.objects.exists():
            self.stdout.write("catalogue already holds data: fixtures not loaded (editors' changes are kept)")
        else:
            self.step("loading regions, taxonomy and the five sources' cases from fixtures/")
            with transaction.atomic():
                if not Region.objects.exists():
                    call_command("loaddata", "regions", "taxonomy", verbosity=0)
                call_command("loaddata", "catalogue", verbosity=0)
            self.stdout.write(f"loaded {Reform.objects.count()} cases from {Source.objects.count()} sources")
        self.step("building the search index")
        call_command("rebuild_index", retokenize=True, verbosity=0)
        self.step("search index rebuilt; set-up done")

    def _ensure_editors_group(self):
        from reforms.permissions import ensure_editors_group

        ensure_editors_group()
