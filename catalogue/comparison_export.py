"""The comparison table as a file: CSV (UTF-8 with BOM) or XLSX, one column per case, rows as on the page."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .citation import catalogue_citation
from .exports import neutralise
from .reading import for_reading

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(reforms, table) -> list[list[str]]:
    rows = [["项目", *[for_reading(r.title) for r in reforms]]]
    for section in ("facts", "outcomes", "practices"):
        rows += [[label, *cells] for label, cells in table[section]]
    return [[neutralise(v) for v in row] for row in rows]


def comparison_export(fmt: str, reforms, table, page_url: str) -> HttpResponse:
    rows = _rows(reforms, table)
    page_url = page_url.replace("format=xlsx", "").replace("format=csv", "").rstrip("&?")
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="comparison.csv"'
        return response
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "对比"
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 18
    for column in range(2, len(reforms) + 2):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 40
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = workbook.create_sheet("说明")
    for row in (
        ["内容", "案例对比(每列一个案例,量化成效按指标与类别对齐)"],
        ["案例", "、".join(f"{for_reading(r.title)}(id {r.pk})" for r in reforms)],
        ["导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")],
        ["链接", page_url],
        ["引用", catalogue_citation(page_url)],
    ):
        notes.append(row)
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 100
    body = io.BytesIO()
    workbook.save(body)
    response = HttpResponse(body.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="comparison.xlsx"'
    return response
