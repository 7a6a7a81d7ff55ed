"""From a raw source file to resolved cases: read, repair, parse, place in a region, name departments.

Everything downstream (fixtures, imports) starts from `parse_source`; nothing here touches the database.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from . import departments, gazetteer
from .catalogue_sources import KNOWN_SOURCES, SourceInfo
from .layouts import PARSERS
from .lines import split_lines
from .records import CaseRecord, IngestError
from .repair import RepairReport, repair_text


@dataclass
class ResolvedCase:
    record: CaseRecord
    region_slug: str
    lead: list[departments.ResolvedDepartment] = field(default_factory=list)
    partners: list[departments.ResolvedDepartment] = field(default_factory=list)


@dataclass
class ParsedSource:
    info: SourceInfo
    raw_text: str
    sha256: str
    cases: list[ResolvedCase]
    repair: RepairReport


def read_source(path: Path) -> str:
    """The text of a source file; refuses empty files and files that are not UTF-8, saying where."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise IngestError(Path(path).name, None, "the file is empty")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise IngestError(Path(path).name, line, f"not UTF-8 (byte {data[error.start]:#04x}); convert the file to UTF-8 first")


def _info_for(file_name: str, text: str, layout: str | None) -> SourceInfo:
    if file_name in KNOWN_SOURCES:
        info = KNOWN_SOURCES[file_name]
        return info if layout in (None, info.layout) else SourceInfo(**{**info.__dict__, "layout": layout})

    first = next((line.strip() for line in text.split("\n") if line.strip()), file_name)
    script = "traditional" if _is_traditional(text) else "simplified"
    region = gazetteer.find_region(first)
    city = region
    while city and gazetteer.depth(city) > 1:
        city = gazetteer.parent_of(city)
    # A new text is placed where its opening line says it is from; titles naming a place inside win.
    return SourceInfo(file_name, first[:200], "", None, layout or "", script, city or "guangzhou", region, None)


def _is_traditional(text: str) -> bool:
    from reforms.text import to_simplified

    sample = text[:5000]
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=True) if a != b)
    return changed > len(sample) * 0.02


def _parse_records(info: SourceInfo, text: str) -> tuple[list[CaseRecord], RepairReport, str]:
    repaired, report = repair_text(text) if info.script == "traditional" or "?" in text else (text, RepairReport())
    lines = split_lines(text, repaired)
    if info.layout:
        if info.layout not in PARSERS:
            raise IngestError(info.file_name, None, f"unknown layout {info.layout!r}; known: {', '.join(PARSERS)}")
        return PARSERS[info.layout](lines, info.file_name, info.year), report, info.layout
    best, errors = None, []
    for name, parser in PARSERS.items():
        try:
            records = parser(lines, info.file_name, info.year)
        except IngestError as error:
            errors.append(f"{name}: {error.reason}")
            continue
        if best is None or len(records) > len(best[0]):
            best = (records, name)
    if best is None:
        raise IngestError(info.file_name, None, "no known layout fits this text (" + "; ".join(errors) + ")")
    return best[0], report, best[1]


def _city_of(slug: str) -> str:
    while gazetteer.depth(slug) > 1:
        slug = gazetteer.parent_of(slug)
    return slug


def _within(slug: str, ancestor: str) -> bool:
    node = slug
    while node is not None:
        if node == ancestor:
            return True
        node = gazetteer.parent_of(node)
    return False


def place_case(record: CaseRecord, info: SourceInfo) -> str:
    """The most specific region a case is about: named in its unit or title, else the source's."""
    named = gazetteer.find_region(f"{record.unit} {record.title}")
    if info.region is None:
        if named is None:
            raise IngestError(info.file_name, record.first_line, f"case {record.ordinal}: no region named in its title")
        region = named
    else:
        region = named if named and _within(named, info.region) else info.region
    return gazetteer.refine_region(region, record.body)


def _departments(record: CaseRecord, region: str, info: SourceInfo):
    city = _city_of(region)
    district = region if gazetteer.depth(region) >= 2 else None
    written_lead = list(record.lead)
    if record.unit:
        # 天河区 as the unit, 天河区市场监管局 doing the work in the text: the department leads.
        named = gazetteer.find_region(record.unit)
        body_lead = None
        if named and record.unit in gazetteer.names_of(named):
            level = "区" if gazetteer.depth(named) >= 2 else "市"
            body_lead = departments.leading_department(record.body, within=record.unit) or departments.relative_department(record.body, level)
        written_lead.append(body_lead or record.unit)
    prefix = "区" if district else "市"
    if not written_lead:
        opening = (departments.leading_department(record.title, record.summary, record.body) or departments.kind_led(record.body, prefix)
                   or departments.kind_acting(record.body))
        if opening:
            written_lead.append(opening)
    lead = [departments.resolve(name, city, district) for name in written_lead]
    lead_names = {d.name for d in lead}
    written_partners = list(record.partners)
    for name in departments.partners_named(record.body) + departments.kinds_helping(record.body, prefix):
        if name not in written_partners:
            written_partners.append(name)
    partners = [d for d in (departments.resolve(name, city, district) for name in written_partners) if d.name not in lead_names]
    return lead, list({d.name: d for d in partners}.values())


def parse_source(path: Path, layout: str | None = None) -> ParsedSource:
    """Parse one source file into resolved cases, or raise IngestError with the file, line and reason."""
    path = Path(path)
    text = read_source(path)
    info = _info_for(path.name, text, layout)
    records, report, used_layout = _parse_records(info, text)
    if used_layout != info.layout:
        info = SourceInfo(**{**info.__dict__, "layout": used_layout})
    cases = []
    for record in records:
        region = place_case(record, info)
        lead, partners = _departments(record, region, info)
        cases.append(ResolvedCase(record, region, lead, partners))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return ParsedSource(info, text, sha, cases, report)
