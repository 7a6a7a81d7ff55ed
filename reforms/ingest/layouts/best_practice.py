"""Layout of source 000: `案例N`, then `单位:标题`, then `亮点N.` paragraphs, then an outcome paragraph."""

from __future__ import annotations

import re

from ..lines import content_lines
from ..records import CaseRecord, IngestError, Line
from .common import case_blocks, case_record, case_year, check_sequence, require_complete

_HEADER = re.compile(r"^案例\s*(\d+)\s*[:：]?$")
_HIGHLIGHT = re.compile(r"^(亮点\s*\d+)\s*[.、．:：]\s*(.*)$")
_OUTCOME_LEAD = re.compile(r"^(在?实施成效上|截至|.*以来|通过)")


def parse(lines: list[Line], file_name: str, year: int | None = None) -> list[CaseRecord]:
    lines = content_lines(lines)
    headers = [(int(m.group(1)), line) for line in lines if (m := _HEADER.match(line.text))]
    check_sequence(file_name, headers)
    records = []
    for number, header, block in case_blocks(lines, headers):
        if not block:
            raise IngestError(file_name, header.number, f"case {number} has no title (file cut off mid-case?)")
        parts = re.split(r"[:：]", block[0].text, maxsplit=1)
        if len(parts) < 2:
            raise IngestError(file_name, block[0].number, f"case {number}: expected `单位:标题`, got {block[0].text[:30]!r}")
        paragraphs = [line.text for line in block[1:]]
        practices = [(m.group(1).replace(" ", ""), m.group(2)) for p in paragraphs if (m := _HIGHLIGHT.match(p))]
        first_practice = next((i for i, p in enumerate(paragraphs) if _HIGHLIGHT.match(p)), len(paragraphs))
        last_practice = max((i for i, p in enumerate(paragraphs) if _HIGHLIGHT.match(p)), default=-1)
        summary = "".join(paragraphs[:first_practice])
        outcome_text = "\n".join(paragraphs[last_practice + 1 :])
        record = case_record(
            number,
            parts[1].strip(),
            [header, *block],
            summary=summary,
            practices=practices,
            outcome_text=outcome_text,
            unit=parts[0].strip(),
            year=case_year(outcome_text, year, year or 2100),
        )
        record.body = "\n".join(line.text for line in block)
        require_complete(file_name, record, header)
        records.append(record)
    return records
