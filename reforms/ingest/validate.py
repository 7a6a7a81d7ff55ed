"""Checks a parsed source must pass before it is imported: numbering that neither skips nor repeats, a
last case that is not cut off, no case implausibly long. Each failure names the file, the line and why.

The layouts read the case headers they expect (1, 2, 3 …); a header they skipped (a gap in the numbering,
a repeated number, a number with more digits than the layout reads) ends up inside the case before it.
These checks find such lines in the raw text of every case."""

from __future__ import annotations

import re

from .lines import is_furniture
from .pipeline import ParsedSource
from .records import IngestError

# The longest real case is 1 554 characters; the 5 000-case file the parser once read as 999 cases had one
# of 1.3 million.
MAX_CASE_CHARS = 20_000
MAX_CASE_OUTCOME_CHARS = 8_000

# `12.标题`, `12、标题`, `案例12`, or a number alone on its line: how the layouts write a case header.
_HEADER_LIKE = re.compile(r"^(?:案例\s*(\d+)\s*[:：]?$|(\d+)\s*[.、．]\s*(?![\d%％])\S|(\d+)$)")
# A closing `label:value` line (邮编:100062, 责任编辑:…) is page furniture, not where the case ends.
_TRAILER = re.compile(r"^[^。,，;；]{1,12}[:：]\s*\S{0,40}$")
_SENTENCE_END = tuple("。．.！!？?；;…”」』）)")


def _case_lines(parsed: ParsedSource, case):
    """(line number, text) of a case's raw text, after its header line, without page furniture."""
    record = case.record
    first = parsed.raw_text.count("\n", 0, record.span_start) + 1
    lines = parsed.raw_text[record.span_start : record.span_end].split("\n")
    for offset, line in enumerate(lines[1:], start=1):
        text = line.strip(" \t\u3000\u00a0\r")
        if text and not is_furniture(text):
            yield first + offset, text


def check_numbering(parsed: ParsedSource) -> None:
    """A header-like line inside a case, numbered past the last case read or with the case's own number."""
    name, count = parsed.info.file_name, len(parsed.cases)
    for case in parsed.cases:
        for line_number, text in _case_lines(parsed, case):
            match = _HEADER_LIKE.match(text)
            if not match:
                continue
            number = int(next(group for group in match.groups() if group))
            if number > count:
                raise IngestError(
                    name, line_number,
                    f"{text[:30]!r} looks like the header of case {number}, but only {count} cases were read "
                    f"(numbering skips after case {count}, or the layout cannot read this number); it is inside case {case.record.ordinal}",
                )
            if number == case.record.ordinal:
                raise IngestError(name, line_number, f"case number {number} appears twice ({text[:30]!r})")


def check_lengths(parsed: ParsedSource) -> None:
    for case in parsed.cases:
        record = case.record
        if len(record.body) > MAX_CASE_CHARS or len(record.outcome_text) > MAX_CASE_OUTCOME_CHARS:
            raise IngestError(
                parsed.info.file_name, record.first_line,
                f"case {record.ordinal} is implausibly long ({len(record.body):,} characters; at most {MAX_CASE_CHARS:,}): "
                "headers of later cases were probably not recognised",
            )


def check_last_case_complete(parsed: ParsedSource) -> None:
    """A copy cut off part-way ends its last case mid-sentence."""
    if not parsed.cases:
        return
    last = parsed.cases[-1]
    lines = [(number, text) for number, text in _case_lines(parsed, last) if not _TRAILER.match(text)]
    if lines and not lines[-1][1].endswith(_SENTENCE_END):
        number, text = lines[-1]
        raise IngestError(
            parsed.info.file_name, number,
            f"the last case ({last.record.ordinal}) ends mid-sentence ({text[-20:]!r}): is the file cut off?",
        )


def validate(parsed: ParsedSource) -> None:
    """Raise IngestError for the first problem found; return quietly when the source may be imported."""
    check_numbering(parsed)
    check_lengths(parsed)
    check_last_case_complete(parsed)
