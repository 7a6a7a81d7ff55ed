"""The exports' content against a slow oracle written from the ORM (model instances, one case at a time):
the fast path (plain tuples in batches, no instances) must write the very same CSV bytes and the same
XLSX cells, for people and machines, in Simplified and as published."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalogue.exports import neutralise
from catalogue.presenters import headline_outcome, outcome_badge
from reforms.models import Reform
from reforms.text import to_simplified
from search.engine import SearchParams, search

pytestmark = pytest.mark.django_db
BASE = "http://testserver"
VARIANTS = [(readable, simplified) for readable in (True, False) for simplified in (True, False)]


def cases_in_search_order():
    ids = search(SearchParams(), with_facets=False).ids
    by_id = Reform.objects.select_related("region", "primary_indicator", "source").in_bulk(ids)
    return [by_id[pk] for pk in ids]


def case_row(case, readable, simplified):
    script = to_simplified if simplified else (lambda text: text)
    practices = "\n".join(f"{p.marker} {p.text}" if p.marker else p.text for p in case.practices.order_by("position"))
    return [
        case.pk, script(case.title), script(case.subtitle), case.region.name,
        script("、".join(case.lead_departments.order_by("name").values_list("name", flat=True))),
        script("、".join(case.partner_departments.order_by("name").values_list("name", flat=True))),
        case.get_status_display() if readable else case.status, case.year,
        case.primary_indicator.name if case.primary_indicator else "",
        "、".join(case.indicators.order_by("position").values_list("name", flat=True)),
        "、".join(case.reform_types.order_by("position").values_list("name", flat=True)),
        script(practices), script(outcome_badge(headline_outcome(case))), case.outcomes.count(),
        script(case.source.title), script(case.source.publisher), case.source.file_name, case.ordinal,
        BASE + reverse("catalogue:reform", args=[case.pk]),
    ]


def outcome_rows(case, readable, simplified):
    script = to_simplified if simplified else (lambda text: text)
    return [
        [case.pk, script(case.title), case.source.file_name, case.ordinal, script(o.phrase), script(o.metric),
         o.get_kind_display() if readable else o.kind, o.before, o.after, o.value, o.unit, o.base_unit, o.value_base,
         o.change_pct, o.qualifier, o.range_low, o.range_high, ("是" if o.is_target else "否") if readable else o.is_target,
         o.as_of]
        for o in case.outcomes.order_by("position")
    ]


def export(client, fmt, readable, simplified) -> bytes:
    client.cookies["reading"] = "simplified" if simplified else "original"
    response = client.get("/api/reforms/", {"format": fmt, **({} if readable else {"header": "key"})})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("readable, simplified", VARIANTS)
def test_csv_export_is_byte_for_byte_what_the_orm_says(client, readable, simplified):
    header = export(client, "csv", readable, simplified).decode("utf-8").split("\r\n", 1)[0]
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(next(csv.reader([header.lstrip("\ufeff")])))
    for case in cases_in_search_order():
        writer.writerow([neutralise(v) for v in case_row(case, readable, simplified)])
    assert export(client, "csv", readable, simplified) == ("\ufeff" + expected.getvalue()).encode("utf-8")


def cells(sheet) -> list[list]:
    return [[None if v == "" else v for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]


def as_read(rows) -> list[list]:
    """Rows as a spreadsheet reads them back: empty text is no cell, a date is a datetime at midnight."""
    from datetime import date, datetime

    def cell(v):
        if v == "" or v is None:
            return None
        if isinstance(v, date) and not isinstance(v, datetime):
            return datetime(v.year, v.month, v.day)
        return neutralise(v)

    return [[cell(v) for v in row] for row in rows]


@pytest.mark.parametrize("readable, simplified", VARIANTS)
def test_xlsx_export_has_every_cell_the_orm_says(client, readable, simplified):
    book = load_workbook(io.BytesIO(export(client, "xlsx", readable, simplified)))
    cases_sheet, outcomes_sheet = book.worksheets[:2]
    cases = cases_in_search_order()
    assert cells(cases_sheet) == as_read(case_row(c, readable, simplified) for c in cases)
    assert cells(outcomes_sheet) == as_read(row for c in cases for row in outcome_rows(c, readable, simplified))


def reference_row(n, values, styles, date_styles, text) -> str:
    """A row of sheet XML written the plain way, a cell at a time (the writer before it was made fast)."""
    import math
    from datetime import date, datetime

    from catalogue.xlsx import EPOCH, escape

    cells = []
    for i, value in enumerate(values):
        letter, s = "ABCDEFGHIJ"[i], styles[i]
        if value is None or value == "":
            continue
        if type(value) is str:
            cells.append(f'<c r="{letter}{n}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{escape(text(value))}</t></is></c>')
        elif type(value) is bool:
            cells.append(f'<c r="{letter}{n}" s="{s}" t="b"><v>{int(value)}</v></c>')
        elif type(value) is int or (type(value) is float and math.isfinite(value)):
            cells.append(f'<c r="{letter}{n}" s="{s}"><v>{value!r}</v></c>')
        elif type(value) in (date, datetime):
            day = value.date() if type(value) is datetime else value
            cells.append(f'<c r="{letter}{n}" s="{date_styles[i]}"><v>{(day - EPOCH).days}</v></c>')
        else:
            cells.append(f'<c r="{letter}{n}" s="{s}" t="inlineStr"><is><t>{escape(text(str(value)))}</t></is></c>')
    return f'<row r="{n}">{"".join(cells)}</row>'


def test_xlsx_cells_are_written_as_a_cell_at_a_time_writer_writes_them():
    import zipfile
    from datetime import date, datetime
    from decimal import Decimal

    from django.utils.translation import gettext_lazy

    from catalogue.exports import _SUSPECT
    from catalogue.xlsx import SheetColumn, Workbook
    from reforms.choices import ReformStatus

    rows = [
        ["营商环境", "", None, 0, -3.5, True, date(2024, 3, 1), datetime(2024, 3, 1, 12), Decimal("1.5"), float("inf")],
        ["=1+1", " =1+1", "a<b & c>d", "\x01控制", False, 10**20, float("nan"), ReformStatus.PLANNED, "-2", "@x"],
        [gettext_lazy(""), gettext_lazy("=说明"), "", None, "", None, "", None, "", "末"],
    ]
    columns = [SheetColumn(10, "0.0" if i % 3 == 0 else "") for i in range(10)]
    target = io.BytesIO()
    book = Workbook(target)
    sheet = book.add_sheet("案例", columns, [f"列{i}" for i in range(10)], text=neutralise, text_starts=_SUSPECT)
    sheet.extend(rows)
    sheet.append(rows[0])
    book.close()
    xml = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode("utf-8")
    bold = book.style("", bold=True)
    expected = reference_row(1, [f"列{i}" for i in range(10)], [bold] * 10, sheet.date_styles, neutralise) + "".join(
        reference_row(n, row, sheet.styles, sheet.date_styles, neutralise) for n, row in enumerate([*rows, rows[0]], 2))
    assert "<sheetData>" + expected + "</sheetData>" in xml


def test_an_export_read_ahead_on_a_thread_writes_what_reading_in_line_writes(monkeypatch):
    """Outside a transaction the next batch is read on a thread of its own (the bench's path and the
    full-catalogue file's); inside one (this test's) every batch is read in line. Same bytes either way."""
    import threading

    from django.db import connections

    from catalogue import export_rows
    from catalogue.exports import ExportOptions, csv_chunks, write_workbook

    monkeypatch.setattr(export_rows, "BATCH", 10)  # 13 batches of the 126 cases
    readers = []
    read = export_rows._read
    monkeypatch.setattr(export_rows, "_read", lambda *a, **k: readers.append(threading.current_thread().name) or read(*a, **k))
    ids = search(SearchParams(), with_facets=False).ids
    options = ExportOptions(BASE)
    in_line = "".join(csv_chunks(ids, options))
    assert readers and all(name == threading.current_thread().name for name in readers)
    readers.clear()
    outside = {}

    def export_outside_the_transaction():
        try:
            outside["csv"] = "".join(csv_chunks(ids, options))
            outside["xlsx"] = write_workbook(io.BytesIO(), ids, options)
        finally:
            connections.close_all()

    thread = threading.Thread(target=export_outside_the_transaction)
    thread.start()
    thread.join()
    assert outside["csv"] == in_line
    assert outside["xlsx"] == (len(ids), sum(Reform.objects.get(pk=pk).outcomes.count() for pk in ids))
    assert len(readers) == 2 * 13 and all(name.startswith("read-ahead") for name in readers)

