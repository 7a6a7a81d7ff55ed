"""Layout of source 001: a table flattened to lines — the number alone, then the name, then the content."""

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

_NUMBER = re.compile(r"^(\d{1,3})$")


def parse(lines: list[Line], file_name: str, year: int | None = None) -> list[CaseRecord]:
    lines = content_lines(lines)
    headers = [(int(m.group(1)), line) for line in lines if (m := _NUMBER.match(line.text))]
    check_sequence(file_name, headers)
    records = []
    for number, header, block in case_blocks(lines, headers):
        if len(block) < 2:
            raise IngestError(file_name, header.number, f"case {number} lacks its name or content (file cut off mid-case?)")
        title, content = block[0].text, "\n".join(line.text for line in block[1:])
        practices, outcome_text = split_practices_and_outcomes(content.replace("\n", ""))
        record = case_record(
            number,
            title,
            [header, *block],
            summary=practices[0][1] if practices else "",
            practices=practices,
            outcome_text=outcome_text,
            year=case_year(content, year, year or 2100),
        )
        record.body = content
        require_complete(file_name, record, header)
        records.append(record)
    return records
