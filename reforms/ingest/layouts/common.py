"""What the layout parsers share: sequential numbering, cutting a case out, telling outcomes from practices."""

from __future__ import annotations

import re

from ..lines import sentences
from ..records import CaseRecord, IngestError, Line

_OUTCOME_CUE = re.compile(r"累计|截至|截止|共为|共有|目前|已有|已累计|成效|实现了?|节省|节约|缩短|压缩|减少|提升|提高|下降|增长|达到?")
_DIGIT = re.compile(r"\d")
# A year that only starts a period (2021年以来, 2020年起), that figures are compared with (较2019年, 是2018年的),
# or that a plan aims at (计划于2022年底前) is not the year of a case.
_YEAR = re.compile(r"(?<![较較比是])(?<!同比)(?<!计划|計劃|预计|預計|力争|力爭)(20[0-2]\d)年(?!以来|起|开始|至今|來|以來|開始|的|底前|前)")


def check_sequence(file_name: str, headers: list[tuple[int, Line]]) -> None:
    """Case numbers must run 1, 2, 3 … without gaps or repeats."""
    if not headers:
        raise IngestError(file_name, None, "no case found: the text does not match this layout")
    for expected, (number, line) in enumerate(headers, start=1):
        if number != expected:
            problem = "duplicate" if number < expected else "missing"
            raise IngestError(file_name, line.number, f"case number {number} where {expected} was expected ({problem} number)")


def case_blocks(lines: list[Line], headers: list[tuple[int, Line]]):
    """(number, header line, the lines up to the next header) for each case header, in order."""
    for index, (number, header) in enumerate(headers):
        end = headers[index + 1][1].number if index + 1 < len(headers) else None
        yield number, header, [line for line in lines if line.number > header.number and (end is None or line.number < end)]


def case_record(ordinal: int, title: str, lines: list[Line], **fields) -> CaseRecord:
    """A record spanning `lines` in the raw text; body is their content, one paragraph per line."""
    body = "\n".join(line.text for line in lines)
    record = CaseRecord(
        ordinal=ordinal,
        title=title,
        span_start=lines[0].start,
        span_end=lines[-1].end,
        first_line=lines[0].number,
        body=body,
        **fields,
    )
    return record


def split_practices_and_outcomes(paragraph: str) -> tuple[list[tuple[str, str]], str]:
    """A paragraph that mixes what was done with what it achieved: figures with result cues go to outcomes."""
    practices, outcomes = [], []
    for sentence in sentences(paragraph):
        if _DIGIT.search(sentence) and _OUTCOME_CUE.search(sentence):
            outcomes.append(sentence)
        else:
            practices.append(("", sentence))
    return practices, "".join(outcomes)


def case_year(text: str, default: int | None, ceiling: int) -> int | None:
    """The year of a case: the first year its text puts something in (a launch, a year's results), not
    later than its source; else the source's year. A later "截至2022年1月" only dates the figures."""
    years = [int(y) for y in _YEAR.findall(text) if 2015 <= int(y) <= ceiling]
    return min(years) if years else default


def require_complete(file_name: str, record: CaseRecord, line: Line) -> None:
    if not record.body.strip() or len(record.body) < 20:
        raise IngestError(file_name, line.number, f"case {record.ordinal} has no text (file cut off mid-case?)")
