"""CSV and Excel exports of a search result: every case a user can find, with the same filters, for people
by default (Chinese headers and values, a 说明 sheet with query, filters, date and citation) and for
machines with `?header=key` (column keys, codes as values).

CSV is streamed a batch at a time (UTF-8 with a BOM so Excel reads Chinese); XLSX is written by
catalogue/xlsx.py to a temporary file and streamed from disk. Text that a spreadsheet
would run as a formula is neutralised (see `neutralise`); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from .export_rows import CASE_COLUMNS, OUTCOME_COLUMNS, Column, batches
from .xlsx import SheetColumn, Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SITE = "营商环境改革案例库"


def _formula_starts() -> frozenset[str]:
    """Every character a spreadsheet may read as = + - @ (full-width ＝＋－＠, small ﹦﹢﹣﹫ …): NFKC folds them."""
    found = set()
    for code in range(0x10000):
        char = chr(code)
        if not 0xD800 <= code <= 0xDFFF and unicodedata.normalize("NFKC", char)[:1] in ("=", "+", "-", "@"):
            found.add(char)
    return frozenset(found)


_FORMULA = _formula_starts()
# Blanks and invisible characters a spreadsheet skips before reading a formula (" =1+1", "\n=1+1").
_BLANKS = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF
                  and (chr(c).isspace() or unicodedata.category(chr(c)) in ("Cc", "Cf")))
_ALWAYS = frozenset("\t\r")  # a leading tab or carriage return is quoted whatever follows (OWASP's rule)
_SUSPECT = _FORMULA | frozenset(_BLANKS)  # one set lookup clears almost every cell


def neutralise(value):
    """A cell value that no spreadsheet will evaluate: text that is, or after blanks becomes, a formula gets
    a leading quote."""
    if not isinstance(value, str) or value[:1] not in _SUSPECT:
        return value
    first = value[0]
    if first in _FORMULA or first in _ALWAYS:
        return "'" + value
    rest = value.lstrip(_BLANKS)
    return "'" + value if rest and rest[0] in _FORMULA else value


@dataclass
class ExportOptions:
    """What every export needs besides the ids: whom it is for, where case links point, what was asked."""

    base_url: str
    readable: bool = True  # Chinese headers and values; False: keys and codes (`?header=key`)
    about: list[tuple[str, str]] = field(default_factory=list)  # the 说明 sheet: (label, text) rows
    simplified: bool = True  # the reader's 简/繁 preference: Traditional originals in Simplified

    def headers(self, columns: list[Column]) -> list[str]:
        return [c.label if self.readable else c.key for c in columns]


def csv_chunks(ids: list[int], options: ExportOptions) -> Iterator[str]:
    """The CSV text, one batch of cases per chunk (the first chunk is the BOM and the header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(options.headers(CASE_COLUMNS))
    yield "\ufeff" + buffer.getvalue()
    suspect = _SUSPECT
    for cases, _ in batches(ids, options.base_url, options.readable, with_outcomes=False, simplified=options.simplified):
        buffer.seek(0)
        buffer.truncate()
        # neutralise() only where it may act: a call per cell cost more than writing the row
        writer.writerows([[neutralise(v) if type(v) is str and v[:1] in suspect else v for v in row] for row in cases])
        yield buffer.getvalue()


def csv_response(ids: list[int], options: ExportOptions) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_chunks(ids, options), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reforms.csv"'
    response["X-Export-Rows"] = str(len(ids))
    return response


def _columns(columns: list[Column]) -> list[SheetColumn]:
    return [SheetColumn(c.width, c.number_format) for c in columns]


def write_workbook(target, ids: list[int], options: ExportOptions) -> tuple[int, int]:
    """Write the XLSX to `target` (a path or a binary file); returns (cases, outcomes) written."""
    workbook = Workbook(target)
    names = ("案例", "成效", "说明") if options.readable else ("cases", "outcomes", "about")
    cases = workbook.add_sheet(names[0], _columns(CASE_COLUMNS), options.headers(CASE_COLUMNS), text=neutralise, text_starts=_SUSPECT)
    outcomes = workbook.add_sheet(names[1], _columns(OUTCOME_COLUMNS), options.headers(OUTCOME_COLUMNS), text=neutralise,
                                  text_starts=_SUSPECT)
    about = workbook.add_sheet(names[2], [SheetColumn(14), SheetColumn(100)], wrap=True, text=neutralise)
    for case_rows, outcome_rows in batches(ids, options.base_url, options.readable, simplified=options.simplified):
        cases.extend(case_rows)
        outcomes.extend(outcome_rows)
    for label, text in _about(options, cases.rows - 1, outcomes.rows - 1):
        about.append([label, text])
    workbook.close()
    return cases.rows - 1, outcomes.rows - 1


def _about(options: ExportOptions, cases: int, outcomes: int) -> list[tuple[str, str]]:
    return [
        *options.about,
        ("案例数", str(cases)),
        ("成效数", str(outcomes)),
        ("字段", "; ".join(f"{c.label} = {c.key}" for c in CASE_COLUMNS)),
        ("成效字段", "; ".join(f"{c.label} = {c.key}" for c in OUTCOME_COLUMNS)),
        ("转义", "以 = + - @ 等开头、可能被电子表格当作公式执行的文本前加了一个 ' 。"),
    ]


def xlsx_response(ids: list[int], options: ExportOptions) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — FileResponse closes it
    write_workbook(spool, ids, options)
    spool.seek(0)
    response = FileResponse(spool, as_attachment=True, filename="reforms.xlsx", content_type=XLSX_TYPE)
    response["X-Export-Rows"] = str(len(ids))
    return response


def citation(title: str, url: str, when) -> str:
    """A GB/T 7714 reference to a data set read online: 作者. 题名[DB/OL]. (更新日期)[引用日期]. 网址."""
    day = when.strftime("%Y-%m-%d")
    return f"{SITE}. {title}[DB/OL]. ({day})[{day}]. {url}."


def about_rows(description: list[tuple[str, str]], url: str, token: str, title: str) -> list[tuple[str, str]]:
    """The 说明 sheet's head: what was exported, from where, when, and how to cite it."""
    now = timezone.localtime()
    return [
        ("数据集", f"{SITE} · {title}"),
        *description,
        ("检索网址", url),
        ("导出时间", now.strftime("%Y-%m-%d %H:%M %Z")),
        ("索引版本", token),
        ("建议引用", citation(title, url, now)),
    ]
