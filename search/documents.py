"""The stored searchable form of each case (SearchDocument), its facet rows, and the change-log entries that
tell every index about them — all written in the transaction that changed the case.

Computing a document is the costly part of indexing (OpenCC over the text, jieba over the title); it runs
when a case is saved, never per machine or per rebuild.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Prefetch

from reforms.models import Department, Indicator, Outcome, Practice, Reform, ReformType
from reforms.text import normalise

from .models import FacetEntry, IndexChange, SearchDocument
from .tokens import title_words


@dataclass(frozen=True)
class FieldTexts:
    """A case's normalised text per weighted field."""

    title: str
    labels: str
    main: str
    body: str
    summary: str


def _label_names(reform) -> list[str]:
    """What a case is labelled with, as people name it: indicators (Chinese, English, B-READY topic),
    reform types (each part of 秒批/智能审批), departments with every alias, and its regions up to the
    province with their aliases."""
    names = []
    for indicator in reform.indicators.all():
        names += [indicator.name, indicator.name_en, indicator.bready_topic]
    for reform_type in reform.reform_types.all():
        names += [reform_type.name, *reform_type.name.split("/")]
    for department in [*reform.lead_departments.all(), *reform.partner_departments.all()]:
        names += [department.name, *(department.aliases or [])]
    for region in reform.region.ancestors():
        names += region.all_names()
    return list(dict.fromkeys(n for n in names if n))


def field_texts(reform) -> FieldTexts:
    """Title; labels; practices and outcomes; summary and body less the paragraphs already in the
    practices and outcomes field, so that no text is indexed twice."""
    practices = [p.text for p in reform.practices.all()]
    title = reform.title if reform.subtitle in reform.title else f"{reform.title} {reform.subtitle}"
    body = reform.body
    for paragraph in sorted(practices + reform.outcome_text.split("\n"), key=len, reverse=True):
        if len(paragraph) >= 8:
            body = body.replace(paragraph, "\n")
    return FieldTexts(
        title=normalise(title),
        labels=normalise("\n".join(_label_names(reform))),
        main=normalise("\n".join([*practices, reform.outcome_text])),
        body=normalise(f"{reform.summary}\n{body}"),
        summary=normalise(reform.summary),
    )


def document_queryset(queryset):
    """Cases with just what a document reads, prefetched: it decides how fast retokenising runs."""
    return (
        queryset.select_related("region__parent__parent")
        .only("id", "title", "subtitle", "summary", "body", "outcome_text", "region", "source_id", "status", "year", "updated_at")
        .prefetch_related(
            Prefetch("practices", queryset=Practice.objects.only("reform_id", "text", "position")),
            Prefetch("lead_departments", queryset=Department.objects.only("id", "name", "aliases")),
            Prefetch("partner_departments", queryset=Department.objects.only("id", "name", "aliases")),
            Prefetch("indicators", queryset=Indicator.objects.only("id", "slug", "name", "name_en", "bready_topic")),
            Prefetch("reform_types", queryset=ReformType.objects.only("id", "slug", "name")),
            Prefetch("outcomes", queryset=Outcome.objects.only("reform_id", "kind")),
        )
        .order_by("pk")
    )


def facet_values(reform) -> list[tuple[str, str]]:
    """(facet, value) pairs of a case; its region comes with every region above it."""
    pairs = [("region", r.slug) for r in reform.region.ancestors()]
    pairs += [("indicator", i.slug) for i in reform.indicators.all()]
    pairs += [("type", t.slug) for t in reform.reform_types.all()]
    pairs += [("department", str(d.pk)) for d in reform.lead_departments.all()]
    pairs += [("source", str(reform.source_id)), ("status", reform.status)]
    if reform.year:
        pairs.append(("year", str(reform.year)))
    pairs += [("kind", kind) for kind in sorted({o.kind for o in reform.outcomes.all()})]
    return list(dict.fromkeys(pairs))


def _document(reform) -> SearchDocument:
    texts = field_texts(reform)
    return SearchDocument(
        reform_id=reform.pk, title=texts.title, labels=texts.labels, main=texts.main, body=texts.body,
        title_words=" ".join(title_words(texts.title)), summary=texts.summary, reform_updated_at=reform.updated_at,
    )


def _insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows, not model instances (a quarter of a large write); COPY on PostgreSQL."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)


def log_changes(reform_ids) -> None:
    """Change-log entries for these cases (None: every index rebuilds from the stored documents)."""
    IndexChange.objects.bulk_create([IndexChange(reform_id=pk, token=uuid.uuid4().hex) for pk in reform_ids])


def _write(reforms: list, fresh: bool) -> None:
    pks = [r.pk for r in reforms]
    if not fresh:
        SearchDocument.objects.filter(reform_id__in=pks).delete()
        FacetEntry.objects.filter(reform_id__in=pks).delete()
    SearchDocument.objects.bulk_create([_document(r) for r in reforms])
    _insert_rows("search_facetentry", ("reform_id", "facet", "value"), [(r.pk, f, v) for r in reforms for f, v in facet_values(r)])


def store(reforms) -> None:
    """Recompute these cases' documents and facet rows and log them, in the caller's transaction."""
    reforms = list(reforms)
    if not reforms:
        return
    with transaction.atomic():
        fresh = document_queryset(Reform.objects.filter(pk__in=[r.pk for r in reforms]))
        _write(list(fresh), fresh=False)
        log_changes([r.pk for r in reforms])


def store_ids(reform_ids) -> None:
    store(Reform.objects.filter(pk__in=list(reform_ids)).only("pk"))


def remove(reform_ids) -> None:
    """Forget deleted cases (their documents go with them by cascade) and log it."""
    reform_ids = list(reform_ids)
    with transaction.atomic():
        SearchDocument.objects.filter(reform_id__in=reform_ids).delete()
        FacetEntry.objects.filter(reform_id__in=reform_ids).delete()
        log_changes(reform_ids)


def retokenize_all(progress=None, batch_size: int = 500) -> int:
    """Recompute every case's document from scratch (after a load, or when analysis changed), then ask
    every index to rebuild: one log entry instead of one per case."""
    count = 0
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        FacetEntry.objects.all().delete()
        batch = []
        for reform in document_queryset(Reform.objects.all()).iterator(chunk_size=batch_size):
            batch.append(reform)
            count += 1
            if len(batch) == batch_size:
                _write(batch, fresh=True)
                batch = []
            if progress:
                progress(count)
        _write(batch, fresh=True)
        log_changes([None])
    return count
