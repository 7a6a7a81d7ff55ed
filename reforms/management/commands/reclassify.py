"""Re-label every case from the vocabularies in the admin; cases an editor labelled are left alone."""

from django.core.management.base import BaseCommand
from django.db import transaction

from reforms.classify import classify, outcome_signals
from reforms.ingest.payload import labelled_title
from reforms.ingest.store import vocabularies_from_db
from reforms.models import Indicator, Reform, ReformType


class Command(BaseCommand):
    help = "Re-run the indicator and reform-type classifier (skips cases with labels_locked)."

    @transaction.atomic
    def handle(self, *args, **options):
        indicators, types = vocabularies_from_db()
        by_slug = {i.slug: i for i in Indicator.objects.all()}
        type_by_slug = {t.slug: t for t in ReformType.objects.all()}
        changed = skipped = 0
        for reform in Reform.objects.prefetch_related("practices", "lead_departments", "outcomes"):
            if reform.labels_locked:
                skipped += 1
                continue
            practices = "\n".join(p.text for p in reform.practices.all()) + "\n" + reform.outcome_text
            title = labelled_title(reform.title, [d.name for d in reform.lead_departments.all()])
            labels = classify(title, practices, reform.body, indicators, types, outcome_signals(reform.outcomes.all()))
            reform.primary_indicator = by_slug.get(labels.primary_indicator)
            reform.classification_evidence = labels.evidence
            reform.save(update_fields=["primary_indicator", "classification_evidence"])
            reform.indicators.set([by_slug[s] for s in labels.indicators if s in by_slug])
            reform.reform_types.set([type_by_slug[s] for s in labels.reform_types if s in type_by_slug])
            changed += 1
        self.stdout.write(f"re-classified {changed} cases; kept {skipped} labelled by editors")
