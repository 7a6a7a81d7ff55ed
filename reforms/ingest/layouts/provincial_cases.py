"""Layout of source 003: `N.` or `N、` and a title that may continue on the next short line, then
`一、主要做法` and `二、取得成效` (also written 工作成效, 主要成效, 取得的成效)."""

from __future__ import annotations

import re

from ..lines import content_lines
from ..records import CaseRecord, IngestError, Line
from ..repair import strip_marks
from .common import case_blocks, case_record, case_year

_HEADER = re.compile(r"^(\d{1,3})\s*[.、．]\s*(\S.*)$")
_PRACTICES = re.compile(r"^[一1][、.]\s*主要做法")
_RESULTS = re.compile(r"^[二2][、.]\s*(取得成效|工作成效|主要成效|取得的成效|取得成果|实施成效)")
_PRACTICES_T = re.compile(r"^[一1][、.]\s*主要做法")
_SUBTITLE_MAX = 30
# A second heading line that opens with what the reform achieves or claims is a subtitle (推动营商环境优化,
# 全国首创…); one that goes on with a noun or a quotation continues the wrapped title (力促产业 / 投资项目…).
_SUBTITLE_START = re.compile(
    r"^(?:全国首创|全省首创|全国率先|全省率先|推动|打造|助力|提升|促进|保障|打通|搭建|解决|便利|实现|降低|优化|赋能|激发|护航|破解"
    r"|助推|强化|深化|加快|构建|让|为)"
)


def _is_section(text: str) -> bool:
    from reforms.text import normalise

    simplified = normalise(text)
    return bool(_PRACTICES.match(simplified) or _RESULTS.match(simplified))


def _is_heading_line(text: str) -> bool:
    """A short line under the title that belongs to the heading, rather than the first paragraph of the body."""
    return len(text) <= _SUBTITLE_MAX and not text.endswith(("。", ";", ":")) and not _is_section(text)


def _is_subtitle(text: str) -> bool:
    """A heading line of its own (a subtitle), as opposed to the rest of a title that wrapped."""
    from reforms.text import normalise

    return bool(_SUBTITLE_START.match(normalise(text)))


def parse(lines: list[Line], file_name: str, year: int | None = None) -> list[CaseRecord]:
    from reforms.text import normalise

    lines = content_lines(lines)
    headers: list[tuple[int, Line]] = []
    for line in lines:
        m = _HEADER.match(line.text)
        if m and int(m.group(1)) == len(headers) + 1:
            headers.append((int(m.group(1)), line))
        elif m and headers and int(m.group(1)) == headers[-1][0] and len(line.text) < 80:
            raise IngestError(file_name, line.number, f"duplicate case number {m.group(1)}")
    if not headers:
        raise IngestError(file_name, None, "no case found: the text does not match this layout")
    records = []
    for number, header, block in case_blocks(lines, headers):
        if not block:
            raise IngestError(file_name, header.number, f"case {number} has no text (file cut off mid-case?)")
        title = strip_marks(_HEADER.match(header.text).group(2)).strip()
        subtitle = ""
        if _is_heading_line(block[0].text):
            second = strip_marks(block[0].text).strip()
            if _is_subtitle(second):
                subtitle = second
            else:
                title = f"{title}{second}"
            block = block[1:]
        paragraphs = [line.text for line in block]
        kinds = [normalise(p) for p in paragraphs]
        p_start = next((i for i, k in enumerate(kinds) if _PRACTICES.match(k)), None)
        r_start = next((i for i, k in enumerate(kinds) if _RESULTS.match(k)), None)
        if p_start is None and r_start is None:
            raise IngestError(file_name, header.number, f"case {number} has neither 主要做法 nor 取得成效")
        summary = "\n".join(paragraphs[: p_start if p_start is not None else r_start])
        practice_paras = paragraphs[(p_start + 1) if p_start is not None else 0 : r_start]
        outcome_paras = paragraphs[r_start + 1 :] if r_start is not None else []
        if r_start is not None and not outcome_paras:
            raise IngestError(file_name, block[r_start].number, f"case {number}: 取得成效 has no text (file cut off?)")
        record = case_record(
            number,
            title,
            [header, *block] if block else [header],
            subtitle=subtitle,
            summary=summary,
            practices=[("", p) for p in practice_paras],
            outcome_text="\n".join(outcome_paras),
            year=case_year("\n".join(paragraphs), year, 2023),
        )
        record.body = "\n".join(paragraphs)
        records.append(record)
    return records
