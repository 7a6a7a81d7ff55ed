"""A small streaming XLSX writer for exports: sheets of typed rows with column widths and number formats,
a bold frozen header, an autofilter, and a wrapped two-column note sheet.

General writers spend most of an export's time per cell (type dispatch, shared-string bookkeeping, a
regex per string); here a row is a few f-strings, each sheet's XML goes to its own temporary file while
rows arrive (so sheets can be filled side by side in constant memory) and the zip is assembled at the end.
"""

from __future__ import annotations

import math
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk already absorbed)

# &, <, > escaped; characters XML 1.0 forbids (C0 controls but tab and newline) dropped.
_ESCAPE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_ESCAPE.update({c: None for c in range(32) if c not in (9, 10, 13)})
_ESCAPE.update({0xFFFE: None, 0xFFFF: None})


_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text as XML character data (translate is slow on CJK text: only strings that need it go through it)."""
    return text.translate(_ESCAPE) if _NEEDS_ESCAPE.search(text) else text


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetColumn:
    width: float
    number_format: str = ""


class Sheet:
    """Rows are appended in order; the header is row 1 and stays frozen when `header` is given."""

    def __init__(self, book: Workbook, name: str, columns: list[SheetColumn], header: list[str] | None, wrap: bool = False,
                 text: Callable[[str], str] | None = None, text_starts: frozenset[str] | None = None):
        self.name, self.columns, self.rows = name, columns, 0
        # Applied to text cells (exports neutralise formulas here): to those that start with one of
        # `text_starts` when given (a call per cell costs more than writing it), else to all.
        self.text = text or (lambda value: value)
        self.text_starts = text_starts if text else frozenset()
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 — closed by Workbook.close
        self.letters = [column_letter(i) for i in range(len(columns))]
        self.styles = [book.style(c.number_format, wrap=wrap) for c in columns]
        self.date_styles = [book.style(c.number_format or "yyyy-mm-dd", wrap=wrap) for c in columns]
        self.header = header is not None
        if header is not None:
            self.append(header, style=book.style("", bold=True))

    def append(self, values: list, style: int | None = None) -> None:
        self.extend([values], style)

    def extend(self, rows: list[list], style: int | None = None) -> None:
        """Append rows, written to the sheet's file in one piece (a write per row cost as much as the row)."""
        text, starts, needs_escape = self.text, self.text_starts, _NEEDS_ESCAPE.search
        styles = self.styles if style is None else [style] * len(self.styles)
        columns = list(zip(self.letters, styles, self.date_styles, strict=True))
        out = []
        n = self.rows
        for values in rows:
            n += 1
            cells = []
            for (letter, s, date_style), value in zip(columns, values, strict=False):
                kind = type(value)
                if kind is str:
                    if not value:
                        continue
                    if starts is None or value[:1] in starts:
                        value = text(value)
                    if needs_escape(value):
                        value = value.translate(_ESCAPE)
                    cells.append(f'<c r="{letter}{n}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>')
                elif value is None:
                    continue
                elif kind is bool:
                    cells.append(f'<c r="{letter}{n}" s="{s}" t="b"><v>{int(value)}</v></c>')
                elif kind is int or (kind is float and math.isfinite(value)):
                    cells.append(f'<c r="{letter}{n}" s="{s}"><v>{value!r}</v></c>')
                elif kind is date or kind is datetime:
                    day = value.date() if kind is datetime else value
                    cells.append(f'<c r="{letter}{n}" s="{date_style}"><v>{(day - EPOCH).days}</v></c>')
                elif value != "":
                    cells.append(f'<c r="{letter}{n}" s="{s}" t="inlineStr"><is><t>{escape(text(str(value)))}</t></is></c>')
            out.append(f'<row r="{n}">{"".join(cells)}</row>')
        self.rows = n
        self.file.write("".join(out).encode())

    @property
    def range(self) -> str:
        return f"A1:{self.letters[-1]}{max(self.rows, 1)}"

    def xml_parts(self):
        yield (HEAD + f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">').encode()
        if self.header:
            yield (b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                   b'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
        yield b"<cols>" + "".join(
            f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>' for i, c in enumerate(self.columns, 1)
        ).encode() + b"</cols><sheetData>"
        self.file.seek(0)
        while chunk := self.file.read(1 << 20):
            yield chunk
        yield b"</sheetData>"
        if self.header:
            yield f'<autoFilter ref="{self.range}"/>'.encode()
        yield b"</worksheet>"


class Workbook:
    """Sheets, then close(): the .xlsx is written to `target` (a path or a binary file)."""

    def __init__(self, target):
        self.target = target
        self.sheets: list[Sheet] = []
        self.formats: list[str] = []
        self.xfs: list[tuple[str, bool, bool]] = [("", False, False)]  # (number format, bold, wrap); 0 is the default

    def style(self, number_format: str, bold: bool = False, wrap: bool = False) -> int:
        key = (number_format, bold, wrap)
        if key not in self.xfs:
            self.xfs.append(key)
            if number_format and number_format not in self.formats:
                self.formats.append(number_format)
        return self.xfs.index(key)

    def add_sheet(self, name: str, columns: list[SheetColumn], header: list[str] | None = None, wrap: bool = False,
                  text: Callable[[str], str] | None = None, text_starts: frozenset[str] | None = None) -> Sheet:
        sheet = Sheet(self, name, columns, header, wrap, text, text_starts)
        self.sheets.append(sheet)
        return sheet

    def _styles(self) -> str:
        num_fmts = "".join(f"<numFmt numFmtId=\"{164 + i}\" formatCode={quoteattr(f)}/>" for i, f in enumerate(self.formats))
        xfs = []
        for number_format, bold, wrap in self.xfs:
            fmt_id = 164 + self.formats.index(number_format) if number_format else 0
            attrs = f'numFmtId="{fmt_id}" fontId="{int(bold)}" fillId="{2 if bold else 0}" borderId="{int(bold)}" xfId="0"'
            attrs += ' applyNumberFormat="1"' if number_format else ""
            attrs += ' applyFont="1" applyFill="1" applyBorder="1"' if bold else ""
            if wrap:
                xfs.append(f'<xf {attrs} applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>')
            else:
                xfs.append(f"<xf {attrs}/>")
        return (HEAD + f'<styleSheet xmlns="{MAIN}"><numFmts count="{len(self.formats)}">{num_fmts}</numFmts>'
                '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
                '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
                '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>'
                '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
                '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')

    def _workbook(self) -> str:
        sheets = "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(self.sheets, 1))
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(quoteattr_sheet(s.name))}!{absolute(s.range)}</definedName>"
            for i, s in enumerate(self.sheets) if s.header
        )
        return (HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews><workbookView/></bookViews>'
                f"<sheets>{sheets}</sheets>{f'<definedNames>{names}</definedNames>' if names else ''}</workbook>")

    def close(self) -> None:
        n = len(self.sheets)
        content_types = (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Default Extension="xml" ContentType="application/xml"/>'
                         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                                   for i in range(1, n + 1))
                         + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
        package_rels = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        book_rels = (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     + "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
                     + f'<Relationship Id="rId{n + 1}" Type="{RELS}/styles" Target="styles.xml"/></Relationships>')
        with zipfile.ZipFile(self.target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("[Content_Types].xml", content_types)
            package.writestr("_rels/.rels", package_rels)
            package.writestr("xl/workbook.xml", self._workbook())
            package.writestr("xl/_rels/workbook.xml.rels", book_rels)
            package.writestr("xl/styles.xml", self._styles())
            for i, sheet in enumerate(self.sheets, 1):
                with package.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                    for part in sheet.xml_parts():
                        out.write(part)
                sheet.file.close()


def quoteattr_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def absolute(cell_range: str) -> str:
    """A1:S10 → $A$1:$S$10"""
    out = []
    for ref in cell_range.split(":"):
        letters = "".join(ch for ch in ref if ch.isalpha())
        out.append(f"${letters}${ref[len(letters):]}")
    return ":".join(out)
