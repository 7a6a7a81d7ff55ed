"""Plain records a parser produces: what one case says, before it touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field


class IngestError(Exception):
    """A source text cannot be read as the layout it claims; says which file, which line, and why."""

    def __init__(self, file_name: str, line: int | None, reason: str):
        self.file_name, self.line, self.reason = file_name, line, reason
        where = f"{file_name}:{line}" if line else file_name
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Line:
    """One line of a source: its number, its place in the raw text, and its (repaired) content."""

    number: int
    start: int
    end: int
    text: str


@dataclass
class CaseRecord:
    ordinal: int
    title: str
    span_start: int
    span_end: int
    first_line: int
    subtitle: str = ""
    summary: str = ""
    practices: list[tuple[str, str]] = field(default_factory=list)
    outcome_text: str = ""
    body: str = ""
    region_name: str = ""
    unit: str = ""
    lead: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    status: str = "implemented"
    year: int | None = None
