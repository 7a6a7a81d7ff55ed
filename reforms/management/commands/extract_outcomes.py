"""Re-extract quantified outcomes from case texts; cases whose outcomes an editor changed are left alone."""

from django.core.management.base import BaseCommand
from django.db import transaction

from reforms.models import Outcome, Reform
from reforms.outcomes import extract_outcomes


class Command(BaseCommand):
    help = "Re-run outcome extraction (skips cases with outcomes_locked or any edited outcome)."

    @transaction.atomic
    def handle(self, *args, **options):
        from reforms.ingest.payload import OUTCOME_FIELDS
        from reforms.ingest.repair import LOST_MARK

        redone = kept = 0
        failures: list = []
        edited = set(Outcome.objects.filter(edited=True).values_list("reform_id", flat=True))
        for reform in Reform.objects.all():
            if reform.outcomes_locked or reform.pk in edited:
                kept += 1
                continue
            found = extract_outcomes(reform.body, planned=reform.status == "planned", failures=failures)
            found = [o for o in found if LOST_MARK not in o.phrase]
            reform.outcomes.all().delete()
            Outcome.objects.bulk_create(
                Outcome(reform=reform, position=i, **{name: getattr(o, name) for name in OUTCOME_FIELDS})
                for i, o in enumerate(found, 1)
            )
            redone += 1
        self.stdout.write(
            f"re-extracted outcomes of {redone} cases; kept {kept} edited by editors; figures that could not be read: {len(failures)}"
        )
