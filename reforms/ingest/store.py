"""Writing a parsed source into a running catalogue, all or nothing."""

from __future__ import annotations

from django.db import transaction

from ..classify import Vocabulary
from ..models import Department, Indicator, Outcome, Practice, Reform, ReformType, Region, Source
from .payload import labels_of, outcomes_of, practices_of, reform_fields, source_fields
from .pipeline import ParsedSource
from .records import IngestError


def vocabularies_from_db() -> tuple[Vocabulary, Vocabulary]:
    """The vocabularies as editors left them in the admin."""
    return (
        Vocabulary([(i.slug, i.phrases) for i in Indicator.objects.order_by("position")]),
        Vocabulary([(t.slug, t.phrases) for t in ReformType.objects.order_by("position")]),
    )


def _department(resolved, regions: dict[str, Region]) -> Department:
    region = regions[resolved.region_slug]
    department, _ = Department.objects.get_or_create(name=resolved.name, region=region)
    if resolved.written_as != resolved.name and resolved.written_as not in department.aliases:
        department.aliases = [*department.aliases, resolved.written_as]
        department.save(update_fields=["aliases"])
    return department


@transaction.atomic
def store_source(parsed: ParsedSource) -> tuple[Source, bool]:
    """Add a source and its cases; a source already present (same text) changes nothing."""
    existing = Source.objects.filter(sha256=parsed.sha256).first()
    if existing is not None:
        return existing, False
    if Source.objects.filter(file_name=parsed.info.file_name).exists():
        raise IngestError(parsed.info.file_name, None, "a different text with this file name is already in the catalogue")
    regions = {r.slug: r for r in Region.objects.all()}
    missing = {case.region_slug for case in parsed.cases} - set(regions)
    if missing:
        raise IngestError(parsed.info.file_name, None, f"regions not in the catalogue: {', '.join(sorted(missing))}")
    source = Source.objects.create(**source_fields(parsed))
    indicators, reform_types = vocabularies_from_db()
    indicator_by_slug = {i.slug: i for i in Indicator.objects.all()}
    type_by_slug = {t.slug: t for t in ReformType.objects.all()}
    for case in parsed.cases:
        labels = labels_of(case, indicators, reform_types)
        reform = Reform(
            **reform_fields(case),
            source=source,
            region=regions[case.region_slug],
            primary_indicator=indicator_by_slug.get(labels.primary_indicator),
            classification_evidence=labels.evidence,
        )
        reform.save()
        reform.lead_departments.set([_department(d, regions) for d in case.lead])
        reform.partner_departments.set([_department(d, regions) for d in case.partners])
        reform.indicators.set([indicator_by_slug[s] for s in labels.indicators if s in indicator_by_slug])
        reform.reform_types.set([type_by_slug[s] for s in labels.reform_types if s in type_by_slug])
        Practice.objects.bulk_create(Practice(reform=reform, **p) for p in practices_of(case))
        Outcome.objects.bulk_create(Outcome(reform=reform, **o) for o in outcomes_of(case))
        reform.save()  # re-index now that practices and outcomes are in
    return source, True
