"""A resolved case turned into field values for the catalogue: one place for fixtures and imports alike."""

from __future__ import annotations

from dataclasses import asdict

from ..classify import Labels, Vocabulary, classify, outcome_signals
from ..outcomes import extract_outcomes
from ..taxonomy import INDICATORS, REFORM_TYPES
from .pipeline import ParsedSource, ResolvedCase
from .repair import LOST_MARK, strip_marks

OUTCOME_FIELDS = (
    "phrase", "span_start", "span_end", "metric", "kind", "before", "after", "value", "unit", "base_unit",
    "value_base", "before_base", "after_base", "change_pct", "qualifier", "range_low", "range_high", "is_target", "as_of",
)


def seed_vocabularies() -> tuple[Vocabulary, Vocabulary]:
    return (
        Vocabulary([(slug, phrases) for slug, _, _, _, phrases in INDICATORS]),
        Vocabulary([(slug, phrases) for slug, _, _, phrases in REFORM_TYPES]),
    )


def reform_fields(case: ResolvedCase) -> dict:
    r = case.record
    return {
        "title": strip_marks(r.title)[:255],
        "subtitle": strip_marks(r.subtitle)[:255],
        "summary": r.summary,
        "body": r.body,
        "outcome_text": r.outcome_text,
        "ordinal": r.ordinal,
        "span_start": r.span_start,
        "span_end": r.span_end,
        "status": r.status,
        "year": r.year,
    }


def practices_of(case: ResolvedCase) -> list[dict]:
    return [{"position": i, "marker": marker, "text": text} for i, (marker, text) in enumerate(case.record.practices, 1)]


def outcomes_of(case: ResolvedCase, failures: list | None = None) -> list[dict]:
    """Outcomes found in the case body; lost characters never end up in a phrase. Figures that could not
    be read are appended to `failures` (each fails alone; the case keeps its other figures)."""
    found = extract_outcomes(case.record.body, planned=case.record.status == "planned", failures=failures)
    rows = []
    for position, outcome in enumerate(found, 1):
        if LOST_MARK in outcome.phrase:
            continue
        row = {name: getattr(outcome, name) for name in OUTCOME_FIELDS}
        row["as_of"] = outcome.as_of.isoformat() if outcome.as_of else None
        row["position"] = position
        rows.append(row)
    return rows


def labels_of(case: ResolvedCase, indicators: Vocabulary, reform_types: Vocabulary) -> Labels:
    r = case.record
    practices = "\n".join(text for _, text in r.practices) + "\n" + r.outcome_text
    signals = outcome_signals(extract_outcomes(r.body, planned=r.status == "planned"))
    return classify(labelled_title(r.title, [d.name for d in case.lead]), practices, r.body, indicators, reform_types, signals)


def labelled_title(title: str, lead_names: list[str]) -> str:
    """What the classifier reads as the title: the title and who led the case (广州供电局 says 获得电力)."""
    return " ".join([title, *lead_names])


def source_fields(parsed: ParsedSource) -> dict:
    info = parsed.info
    return {
        "title": info.title,
        "publisher": info.publisher,
        "published_on": info.published_on.isoformat() if info.published_on else None,
        "original_url": info.original_url,
        "file_name": info.file_name,
        "script": info.script,
        "layout": info.layout,
        "sha256": parsed.sha256,
        "raw_text": parsed.raw_text,
        "repair_report": parsed.repair.as_dict(),
    }


__all__ = ["asdict", "labels_of", "outcomes_of", "practices_of", "reform_fields", "seed_vocabularies", "source_fields"]
