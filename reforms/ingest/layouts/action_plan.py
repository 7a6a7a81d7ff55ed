"""Layout of source 002: an action plan — numbered tasks `N.标题。正文` under `(一)…工程` headings.

Its tasks are plans: their figures are targets, not results.
"""

from __future__ import annotations

import re

from ..lines import content_lines, sentences
from ..records import CaseRecord, Line
from .common import case_record, check_sequence

_TASK = re.compile(r"^(\d{1,3})\s*[.．、]\s*([^。]{2,60})。(.*)$")
_SECTION = re.compile(r"^[(（][一二三四五六七八九十]+[)）]\s*(实施.+工程)")
_END = re.compile(r"^[一二三四五六七八九十]+、\s*(保障措施|组织保障)")


def parse(lines: list[Line], file_name: str, year: int | None = None) -> list[CaseRecord]:
    lines = content_lines(lines)
    stop = next((line.number for line in lines if _END.match(line.text)), None)
    lines = [line for line in lines if stop is None or line.number < stop]
    headers = [(int(m.group(1)), line) for line in lines if (m := _TASK.match(line.text))]
    check_sequence(file_name, headers)
    records, section = [], ""
    by_number = {line.number: line for line in lines}
    for number, header in headers:
        for n in range(header.number - 1, 0, -1):
            if n in by_number and (m := _SECTION.match(by_number[n].text)):
                section = m.group(1).rstrip("。")
                break
            if n in by_number and _TASK.match(by_number[n].text):
                break
        m = _TASK.match(header.text)
        title, rest = m.group(2).strip(), m.group(3).strip()
        parts = sentences(rest)
        record = case_record(
            number,
            title,
            [header],
            subtitle="",
            summary=f"{section}:{parts[0]}" if section and parts else (parts[0] if parts else ""),
            practices=[("", s) for s in parts],
            status="planned",
            year=year,
        )
        record.body = f"{title}。{rest}"
        records.append(record)
    return records
