"""Layout of source 004: `N.标题`, a `牵头单位:` line (once `牵头单位部门:`), an optional `配合单位:`
line, then one paragraph."""

from __future__ import annotations

import re

from ..lines import content_lines
from ..records import CaseRecord, IngestError, Line
from .common import (
    case_blocks,
    case_record,
    case_year,
    check_sequence,
    require_complete,
    split_practices_and_outcomes,
)

_HEADER = re.compile(r"^(\d{1,3})\s*[.．、]\s*(\S.{3,})$")
_LEAD = re.compile(r"^牵头单位(?:部门)?\s*[:：]\s*(.+)$")
_PARTNER = re.compile(r"^配合单位(?:部门)?\s*[:：]\s*(.+)$")


def _names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r"[、,，;；]", text) if name.strip()]


def parse(lines: list[Line], file_name: str, year: int | None = None) -> list[CaseRecord]:
    lines = content_lines(lines)
    headers = []
    for i, line in enumerate(lines):
        m = _HEADER.match(line.text)
        if m and i + 1 < len(lines) and _LEAD.match(lines[i + 1].text):
            headers.append((int(m.group(1)), line))
    check_sequence(file_name, headers)
    records = []
    for number, header, block in case_blocks(lines, headers):
        lead = _names(_LEAD.match(block[0].text).group(1))
        rest = block[1:]
        partners = []
        if rest and (m := _PARTNER.match(rest[0].text)):
            partners = _names(m.group(1))
            rest = rest[1:]
        if not rest:
            raise IngestError(file_name, header.number, f"case {number} has no text (file cut off mid-case?)")
        content = "\n".join(line.text for line in rest)
        practices, outcome_text = split_practices_and_outcomes(content.replace("\n", ""))
        record = case_record(
            number,
            _HEADER.match(header.text).group(2).strip(),
            [header, *block],
            summary=practices[0][1] if practices else "",
            practices=practices,
            outcome_text=outcome_text,
            lead=lead,
            partners=partners,
            year=case_year(content, year, year or 2100),
        )
        record.body = content
        require_complete(file_name, record, header)
        records.append(record)
    return records
