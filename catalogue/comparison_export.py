"""The comparison table as a file: CSV (UTF-8 with BOM) or XLSX, one column per case, rows as on the page."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

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
    sheet.append([])
    sheet.append(["链接", page_url.replace("format=xlsx", "").rstrip("&?")])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 18
    for column in range(2, len(reforms) + 2):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 40
    for line in sheet.iter_rows():
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    body = io.BytesIO()
    workbook.save(body)
    response = HttpResponse(body.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="comparison.xlsx"'
    return response
