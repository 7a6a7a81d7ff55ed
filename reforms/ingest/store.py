"""Writing a parsed source into a running catalogue.

Everything that can refuse a file (already present, duplicates, regions) is decided before the first write.
Cases are then written in batches, each its own short transaction, so editors can save while a large file
loads; a batch that fails rolls itself back and the batches before it are removed again, so a failed import
leaves the catalogue as it was. Each case is indexed once (one save after its relations are in)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction

from ..classify import Vocabulary
from ..models import Department, Indicator, Outcome, Practice, Reform, ReformType, Region, Source
from .duplicates import Duplicate, find_duplicates
from .payload import labels_of, outcomes_of, practices_of, reform_fields, source_fields
from .pipeline import ParsedSource, ResolvedCase
from .records import IngestError

logger = logging.getLogger(__name__)
BATCH_SIZE = 10


class OnDuplicate(StrEnum):
    REFUSE = "refuse"  # the whole file is refused, nothing written
    SKIP = "skip"  # only the cases not yet in the catalogue are imported
    REPLACE = "replace"  # the catalogue's copies take the new text and move to the new source (same id)


@dataclass
class ImportReport:
    file_name: str
    source: Source | None = None
    already_present: bool = False
    imported: list[int] = field(default_factory=list)
    replaced: list[Duplicate] = field(default_factory=list)
    skipped: list[Duplicate] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.already_present:
            return [f"{self.file_name} is already in the catalogue; nothing changed"]
        lines = [
            f"{self.file_name}: imported {len(self.imported)} cases, replaced {len(self.replaced)}, "
            f"skipped {len(self.skipped)}" + (f" (layout {self.source.layout})" if self.source else "")
        ]
        lines += [f"  replaced: {d.describe()}" for d in self.replaced]
        lines += [f"  skipped, already in the catalogue: {d.describe()}" for d in self.skipped]
        return lines


def vocabularies_from_db() -> tuple[Vocabulary, Vocabulary]:
    """The vocabularies as editors left them in the admin."""
    return (
        Vocabulary([(i.slug, i.phrases) for i in Indicator.objects.order_by("position")]),
        Vocabulary([(t.slug, t.phrases) for t in ReformType.objects.order_by("position")]),
    )


@dataclass
class _Prepared:
    """Everything a case needs written, computed before any transaction opens."""

    case: ResolvedCase
    fields: dict
    primary_indicator: str | None
    evidence: dict
    indicators: list[str]
    reform_types: list[str]
    practices: list[dict]
    outcomes: list[dict]


class _Writer:
    def __init__(self, parsed: ParsedSource, regions: dict[str, Region]):
        self.parsed, self.regions = parsed, regions
        self.vocabularies = vocabularies_from_db()
        self.indicators = {i.slug: i for i in Indicator.objects.all()}
        self.reform_types = {t.slug: t for t in ReformType.objects.all()}
        self.source: Source | None = None
        self.new_departments: set[int] = set()

    def prepare(self, case: ResolvedCase) -> _Prepared:
        labels = labels_of(case, *self.vocabularies)
        return _Prepared(
            case, reform_fields(case), labels.primary_indicator, labels.evidence, labels.indicators, labels.reform_types,
            practices_of(case), outcomes_of(case),
        )

    def department(self, resolved) -> Department:
        region = self.regions[resolved.region_slug]
        department, created = Department.objects.get_or_create(name=resolved.name, region=region)
        if created:
            self.new_departments.add(department.pk)
        if resolved.written_as != resolved.name and resolved.written_as not in department.aliases:
            department.aliases = [*department.aliases, resolved.written_as]
            department.save(update_fields=["aliases"])
        return department

    def ensure_source(self) -> Source:
        if self.source is None:
            self.source = Source.objects.create(**source_fields(self.parsed))
        return self.source

    def create(self, batch: list[_Prepared]) -> None:
        """New cases in bulk (no per-row signals), then one save each so the index sees them complete."""
        source = self.ensure_source()
        reforms = Reform.objects.bulk_create(
            Reform(
                **p.fields, source=source, region=self.regions[p.case.region_slug],
                primary_indicator=self.indicators.get(p.primary_indicator), classification_evidence=p.evidence,
            )
            for p in batch
        )
        links = {Reform.lead_departments.through: [], Reform.partner_departments.through: [],
                 Reform.indicators.through: [], Reform.reform_types.through: []}
        for reform, p in zip(reforms, batch, strict=True):
            links[Reform.lead_departments.through] += [
                Reform.lead_departments.through(reform=reform, department=d) for d in {self.department(x) for x in p.case.lead}
            ]
            links[Reform.partner_departments.through] += [
                Reform.partner_departments.through(reform=reform, department=d) for d in {self.department(x) for x in p.case.partners}
            ]
            links[Reform.indicators.through] += [
                Reform.indicators.through(reform=reform, indicator=self.indicators[s]) for s in p.indicators if s in self.indicators
            ]
            links[Reform.reform_types.through] += [
                Reform.reform_types.through(reform=reform, reformtype=self.reform_types[s]) for s in p.reform_types if s in self.reform_types
            ]
        for through, rows in links.items():
            through.objects.bulk_create(rows)
        Practice.objects.bulk_create(Practice(reform=r, **row) for r, p in zip(reforms, batch, strict=True) for row in p.practices)
        Outcome.objects.bulk_create(Outcome(reform=r, **row) for r, p in zip(reforms, batch, strict=True) for row in p.outcomes)
        for reform in reforms:
            reform.save(update_fields=["updated_at"])  # indexed once, with everything in place

    def replace(self, reform: Reform, p: _Prepared) -> None:
        """The catalogue's copy takes the new text and moves to the new source; editors' locked labels and
        outcomes stay as they are."""
        for name, value in p.fields.items():
            setattr(reform, name, value)
        reform.source = self.ensure_source()
        reform.region = self.regions[p.case.region_slug]
        if not reform.labels_locked:
            reform.primary_indicator = self.indicators.get(p.primary_indicator)
            reform.classification_evidence = p.evidence
            reform.indicators.set([self.indicators[s] for s in p.indicators if s in self.indicators])
            reform.reform_types.set([self.reform_types[s] for s in p.reform_types if s in self.reform_types])
        reform.lead_departments.set({self.department(x) for x in p.case.lead})
        reform.partner_departments.set({self.department(x) for x in p.case.partners})
        reform.practices.all().delete()
        Practice.objects.bulk_create(Practice(reform=reform, **row) for row in p.practices)
        if not reform.outcomes_locked:
            reform.outcomes.all().delete()
            Outcome.objects.bulk_create(Outcome(reform=reform, **row) for row in p.outcomes)
        reform.save()

    def undo(self) -> None:
        """Remove what earlier, committed batches wrote."""
        if self.source is None or self.source.pk is None:
            return
        with transaction.atomic():
            Reform.objects.filter(source=self.source).delete()
            Department.objects.filter(pk__in=self.new_departments, led_reforms=None, partnered_reforms=None).delete()
            Source.objects.filter(pk=self.source.pk).delete()
        logger.warning("import of %s failed part-way; the cases already written were removed", self.parsed.info.file_name)


def store_source(parsed: ParsedSource, on_duplicate: OnDuplicate = OnDuplicate.REFUSE, batch_size: int = BATCH_SIZE) -> ImportReport:
    """Add a source and its cases; a source already present (same text) changes nothing; cases already in
    the catalogue refuse the file unless `on_duplicate` says to skip or replace them."""
    report = ImportReport(parsed.info.file_name)
    existing = Source.objects.filter(sha256=parsed.sha256).first()
    if existing is not None:
        report.source, report.already_present = existing, True
        return report
    if Source.objects.filter(file_name=parsed.info.file_name).exists():
        raise IngestError(parsed.info.file_name, None, "a different text with this file name is already in the catalogue")
    regions = {r.slug: r for r in Region.objects.all()}
    missing = {case.region_slug for case in parsed.cases} - set(regions)
    if missing:
        raise IngestError(parsed.info.file_name, None, f"regions not in the catalogue: {', '.join(sorted(missing))}")

    duplicates = find_duplicates(parsed, {slug: r.pk for slug, r in regions.items()})
    if duplicates and on_duplicate == OnDuplicate.REFUSE:
        listed = "; ".join(d.describe() for d in list(duplicates.values())[:10])
        more = f" and {len(duplicates) - 10} more" if len(duplicates) > 10 else ""
        raise IngestError(
            parsed.info.file_name, None,
            f"{len(duplicates)} of {len(parsed.cases)} cases are already in the catalogue: {listed}{more}. "
            "Use --skip-duplicates to import only the new cases, or --replace to replace the catalogue's copies",
        )
    new = [case for case in parsed.cases if case.record.ordinal not in duplicates]
    replacing = [case for case in parsed.cases if case.record.ordinal in duplicates] if on_duplicate == OnDuplicate.REPLACE else []
    report.skipped = [] if replacing else list(duplicates.values())
    if not new and not replacing:
        return report

    writer = _Writer(parsed, regions)
    try:
        for start in range(0, len(new), batch_size):
            prepared = [writer.prepare(case) for case in new[start : start + batch_size]]
            with transaction.atomic():
                writer.create(prepared)
            report.imported += [p.case.record.ordinal for p in prepared]
        if replacing:
            prepared = [writer.prepare(case) for case in replacing]
            with transaction.atomic():
                for p in prepared:
                    duplicate = duplicates[p.case.record.ordinal]
                    writer.replace(Reform.objects.select_for_update().get(pk=duplicate.existing_pk), p)
                    report.replaced.append(duplicate)
    except BaseException:
        writer.undo()
        raise
    report.source = writer.source
    return report
