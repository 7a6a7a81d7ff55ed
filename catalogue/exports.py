"""CSV and Excel exports of a search result: every case a user can find, with the same filters.

CSV streams row by row (UTF-8 with a BOM so Excel reads Chinese); XLSX is written in openpyxl's
write-only mode to a temporary file and streamed from disk. Text that a spreadsheet would run as a
formula (=, +, -, @ and control characters in front) is neutralised; numbers stay numbers.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

from .presenters import headline_outcome, outcome_badge, reforms_in_order

CHUNK = 200
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CASE_COLUMNS = [
    "id", "source_file", "ordinal", "title", "subtitle", "region", "lead_departments", "partner_departments", "status",
    "year", "primary_indicator", "indicators", "reform_types", "headline_outcome", "outcome_count", "url",
]
OUTCOME_COLUMNS = [
    "reform_id", "source_file", "ordinal", "phrase", "metric", "kind", "before", "after", "value", "unit", "base_unit",
    "value_base", "change_pct", "qualifier", "range_low", "range_high", "is_target", "as_of",
]


def neutralise(value):
    """A cell value that no spreadsheet will evaluate: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _in_chunks(ids: list[int]) -> Iterator:
    for start in range(0, len(ids), CHUNK):
        yield from reforms_in_order(ids[start : start + CHUNK], detail=True)


def case_row(reform, base_url: str) -> list:
    return [
        reform.pk, reform.source.file_name, reform.ordinal, reform.title, reform.subtitle, reform.region.name,
        "、".join(d.name for d in reform.lead_departments.all()), "、".join(d.name for d in reform.partner_departments.all()),
        reform.status, reform.year, reform.primary_indicator.name if reform.primary_indicator else "",
        "、".join(i.name for i in reform.indicators.all()), "、".join(t.name for t in reform.reform_types.all()),
        outcome_badge(headline_outcome(reform)), len(reform.outcomes.all()), f"{base_url}{reform.get_absolute_url()}",
    ]


def outcome_rows(reform) -> Iterable[list]:
    for o in reform.outcomes.all():
        yield [
            reform.pk, reform.source.file_name, reform.ordinal, o.phrase, o.metric, o.kind, o.before, o.after, o.value,
            o.unit, o.base_unit, o.value_base, o.change_pct, o.qualifier, o.range_low, o.range_high, o.is_target,
            o.as_of.isoformat() if o.as_of else None,
        ]


class _Echo:
    def write(self, value):
        return value


def csv_response(ids: list[int], base_url: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(CASE_COLUMNS)
        for reform in _in_chunks(ids):
            yield writer.writerow([neutralise(v) for v in case_row(reform, base_url)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reforms.csv"'
    return response


def xlsx_response(ids: list[int], base_url: str) -> FileResponse:
    workbook = Workbook(write_only=True)
    cases, outcomes = workbook.create_sheet("cases"), workbook.create_sheet("outcomes")
    cases.append(CASE_COLUMNS)
    outcomes.append(OUTCOME_COLUMNS)
    for reform in _in_chunks(ids):
        cases.append([neutralise(v) for v in case_row(reform, base_url)])
        for row in outcome_rows(reform):
            outcomes.append([neutralise(v) for v in row])
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename="reforms.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

