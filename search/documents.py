"""The stored searchable form of each case (SearchDocument), its facet rows, and the change-log entries that
tell every index about them — all written in the transaction that changed the case.

Computing a document is the costly part of indexing (OpenCC over the text, jieba over the title); it runs
when a case is saved, never per machine or per rebuild.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction

from reforms.models import Outcome, Practice, Reform, Region
from reforms.text import normalise

from .mentions import named_departments
from .models import FacetEntry, IndexChange, SearchDocument
from .tokens import title_words


@dataclass(frozen=True)
class FieldTexts:
    """A case's normalised text per weighted field."""

    title: str
    labels: str
    main: str
    body: str


@dataclass
class CaseRecord:
    """What a document is computed from, as plain values (no model instances: a quarter of the time)."""

    pk: int
    title: str
    subtitle: str
    summary: str
    body: str
    outcome_text: str
    region_id: int
    source_id: int
    status: str
    year: int | None
    updated_at: object
    practices: list[str] = field(default_factory=list)
    departments: list[tuple[int, str, list, bool]] = field(default_factory=list)  # id, name, aliases, leads
    indicators: list[tuple[str, str, str, str]] = field(default_factory=list)  # slug, name, English, topic
    types: list[tuple[str, str]] = field(default_factory=list)  # slug, name
    kinds: set[str] = field(default_factory=set)


def _regions() -> dict[int, tuple[str, list[str], int | None]]:
    """id → (slug, names, parent id) of every region (a small table)."""
    return {pk: (slug, [name, *(aliases or [])], parent) for pk, slug, name, aliases, parent
            in Region.objects.values_list("pk", "slug", "name", "aliases", "parent_id")}


def _chain(regions: dict, region_id: int) -> list[tuple[str, list[str], int | None]]:
    chain, node = [], region_id
    while node is not None and node in regions:
        chain.append(regions[node])
        node = regions[node][2]
    return list(reversed(chain))


def case_records(ids: list[int]) -> list[CaseRecord]:
    """The records of these cases, in id order, with seven queries whatever their number."""
    fields = ("pk", "title", "subtitle", "summary", "body", "outcome_text", "region_id", "source_id", "status", "year", "updated_at")
    records = {row[0]: CaseRecord(*row) for row in Reform.objects.filter(pk__in=ids).order_by("pk").values_list(*fields)}
    for reform_id, text in Practice.objects.filter(reform_id__in=ids).order_by("reform_id", "position").values_list("reform_id", "text"):
        records[reform_id].practices.append(text)
    for through, leads in ((Reform.lead_departments.through, True), (Reform.partner_departments.through, False)):
        for reform_id, pk, name, aliases in through.objects.filter(reform_id__in=ids).order_by("reform_id", "department_id").values_list(
                "reform_id", "department_id", "department__name", "department__aliases"):
            records[reform_id].departments.append((pk, name, aliases or [], leads))
    for reform_id, *indicator in Reform.indicators.through.objects.filter(reform_id__in=ids).order_by(
            "reform_id", "indicator__position").values_list("reform_id", "indicator__slug", "indicator__name", "indicator__name_en", "indicator__bready_topic"):
        records[reform_id].indicators.append(tuple(indicator))
    for reform_id, slug, name in Reform.reform_types.through.objects.filter(reform_id__in=ids).order_by(
            "reform_id", "reformtype__position").values_list("reform_id", "reformtype__slug", "reformtype__name"):
        records[reform_id].types.append((slug, name))
    # No order (a set): Outcome's default one joins reform and source to sort by them.
    for reform_id, kind in Outcome.objects.filter(reform_id__in=ids).order_by().values_list("reform_id", "kind"):
        records[reform_id].kinds.add(kind)
    return [records[pk] for pk in sorted(records)]


def _label_names(record: CaseRecord, regions: dict) -> list[str]:
    """What a case is labelled with, as people name it: indicators (Chinese, English, B-READY topic),
    reform types (each part of 秒批/智能审批), departments with every alias, and its regions up to the
    province with their aliases."""
    names = []
    for _slug, name, name_en, topic in record.indicators:
        names += [name, name_en, topic]
    for _slug, name in record.types:
        names += [name, *name.split("/")]
    for _pk, name, aliases, _leads in record.departments:
        names += [name, *aliases]
    for _slug, region_names, _parent in _chain(regions, record.region_id):
        names += region_names
    return list(dict.fromkeys(n for n in names if n))


def field_texts(record: CaseRecord, regions: dict | None = None) -> FieldTexts:
    """Title; labels (with the departments the text names); practices and outcomes; summary and body — the
    whole text a result's snippet is cut from, normalised once here (the index leaves out of it what the
    practices field already holds)."""
    regions = _regions() if regions is None else regions
    title = record.title if record.subtitle in record.title else f"{record.title} {record.subtitle}"
    main = normalise("\n".join([*record.practices, record.outcome_text]))
    body = normalise(snippet_text(record.summary, record.body))
    labels = list(dict.fromkeys([*normalise("\n".join(_label_names(record, regions))).split("\n"),
                                 *named_departments(f"{main}\n{body}")]))
    return FieldTexts(title=normalise(title), labels="\n".join(labels), main=main, body=body)


def snippet_text(summary: str, body: str) -> str:
    """The text a result's snippet is cut from (pages show the same): summary, then body."""
    return f"{summary}\n{body}" if summary else body


def body_without(main: str, body: str) -> str:
    """The body less the paragraphs already indexed in the practices and outcomes field, so that no text is
    indexed twice (documents stay small, which phrase matching and ranking pay for)."""
    for paragraph in sorted(main.split("\n"), key=len, reverse=True):
        if len(paragraph) >= 8:
            body = body.replace(paragraph, "\n")
    return body


def normalised_bodies(ids) -> dict[int, str]:
    """The stored normalised snippet text of these cases: pages highlight with a plain string search in it
    instead of converting each body per request (same length as the original, so offsets carry over)."""
    return dict(SearchDocument.objects.filter(reform_id__in=list(ids)).values_list("reform_id", "body"))


def facet_values(record: CaseRecord, regions: dict) -> list[tuple[str, str]]:
    """(facet, value) pairs of a case; its region comes with every region above it."""
    pairs = [("region", slug) for slug, _names, _parent in _chain(regions, record.region_id)]
    pairs += [("indicator", slug) for slug, *_ in record.indicators]
    pairs += [("type", slug) for slug, _name in record.types]
    pairs += [("department", str(pk)) for pk, _name, _aliases, leads in record.departments if leads]
    pairs += [("source", str(record.source_id)), ("status", record.status)]
    if record.year:
        pairs.append(("year", str(record.year)))
    pairs += [("kind", kind) for kind in sorted(record.kinds)]
    return list(dict.fromkeys(pairs))


DOCUMENT_COLUMNS = ("reform_id", "title", "labels", "main", "body", "title_words", "reform_updated_at")


def _document_row(record: CaseRecord, regions: dict) -> tuple:
    """A SearchDocument as a plain row in DOCUMENT_COLUMNS' order."""
    texts = field_texts(record, regions)
    return (record.pk, texts.title, texts.labels, texts.main, texts.body, " ".join(title_words(texts.title)),
            connection.ops.adapt_datetimefield_value(record.updated_at))


def _insert_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows, not model instances (a quarter of a large write); COPY on PostgreSQL, where bulk_create
    would quote every text into the statement on the client (a third of retokenising's database time)."""
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


def _write(ids: list[int], fresh: bool) -> None:
    records, regions = case_records(ids), _regions()
    if not fresh:
        SearchDocument.objects.filter(reform_id__in=ids).delete()
        FacetEntry.objects.filter(reform_id__in=ids).delete()
    _insert_rows(SearchDocument._meta.db_table, DOCUMENT_COLUMNS, [_document_row(r, regions) for r in records])
    _insert_rows("search_facetentry", ("reform_id", "facet", "value"), [(r.pk, f, v) for r in records for f, v in facet_values(r, regions)])


def store(reforms) -> None:
    """Recompute these cases' documents and facet rows and log them, in the caller's transaction."""
    ids = sorted({r.pk for r in reforms})
    if not ids:
        return
    with transaction.atomic():
        _write(ids, fresh=False)
        log_changes(ids)


def remove(reform_ids) -> None:
    """Forget deleted cases (their documents go with them by cascade) and log it."""
    reform_ids = list(reform_ids)
    with transaction.atomic():
        SearchDocument.objects.filter(reform_id__in=reform_ids).delete()
        FacetEntry.objects.filter(reform_id__in=reform_ids).delete()
        log_changes(reform_ids)


def retokenize_all(progress=None, batch_size: int = 500) -> int:
    """Recompute every case's document from scratch (after a load, or when the analysis changed), then
    ask every index to rebuild: one log entry instead of one per case."""
    ids = list(Reform.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        FacetEntry.objects.all().delete()
        for start in range(0, len(ids), batch_size):
            _write(ids[start : start + batch_size], fresh=True)
            if progress:
                progress(min(start + batch_size, len(ids)))
        # Every index rebuilds from here: the entries before are moot (an index still behind them finds
        # the log truncated and rebuilds as well).
        IndexChange.objects.all().delete()
        log_changes([None])
    return len(ids)
