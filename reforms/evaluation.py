"""Accuracy of the live extractor and classifier against hand-made gold sets.

Runs the pipeline over the source texts as they are now (never the committed fixtures, which would go
on passing after the extractor broke) and compares figure by figure and case by case. A gold figure
and an extracted one match when they sit at the same place in the case text (their phrases overlap)
and state the same number in the same unit (or the same amount in the base unit).

A metric counts as right when one name contains the other or their character bigrams mostly agree
(Dice ≥ 0.5): 项目审批时间 ~ 单个项目审批, but 企业开办时间 ≁ 办理时间.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .classify import Labels
from .ingest.payload import labels_of, seed_vocabularies
from .ingest.pipeline import ResolvedCase, parse_source
from .outcomes import ExtractedOutcome, FigureFailure, extract_outcomes
from .quantities import base_of
from .text import normalise


def live_cases(sources_dir: Path) -> dict[str, ResolvedCase]:
    """Every case of every source, parsed now, by key `000-1` (source prefix and ordinal)."""
    cases = {}
    for path in sorted(Path(sources_dir).glob("*.txt")):
        for case in parse_source(path).cases:
            cases[f"{path.name[:3]}-{case.record.ordinal}"] = case
    return cases


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _bigrams(text: str) -> Counter:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def metric_agrees(gold: str, found: str) -> bool:
    gold, found = normalise(gold or ""), normalise(found or "")
    if not gold or not found:
        return False
    if gold in found or found in gold:
        return True
    a, b = _bigrams(gold), _bigrams(found)
    total = sum(a.values()) + sum(b.values())
    return bool(total) and 2 * sum((a & b).values()) / total >= 0.5


def _same_number(gold: dict, found: ExtractedOutcome) -> bool:
    unit = normalise(gold.get("unit") or "")
    if _close(found.value, gold.get("value")) and (normalise(found.unit) == unit or unit.endswith(found.unit) or found.unit.endswith(unit)):
        return True
    if gold.get("value") is None or found.value_base is None:
        return _close(found.value, gold.get("value"))
    base, factor = base_of(unit)
    return base == found.base_unit and _close(found.value_base, gold["value"] * factor)


def _spans(text: str, phrase: str) -> list[tuple[int, int]]:
    text, phrase = normalise(text), normalise(phrase)
    spans, start = [], text.find(phrase)
    while phrase and start >= 0:
        spans.append((start, start + len(phrase)))
        start = text.find(phrase, start + 1)
    return spans


@dataclass
class FigureScores:
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    metric_right: int = 0
    direction_right: int = 0
    kind_right: int = 0
    target_right: int = 0
    before_right: int = 0
    change_right: int = 0
    without_metric: int = 0
    failures: list[FigureFailure] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str]] = field(default_factory=list)
    wrong_metric: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_direction: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    def share(self, count: int) -> float:
        return count / self.matched if self.matched else 0.0

    def lines(self) -> list[str]:
        return [
            f"figures: gold {self.gold}, extracted {self.extracted}, matched {self.matched}",
            f"figures: precision {self.precision:.3f}, recall {self.recall:.3f}",
            f"of matched figures: metric {self.share(self.metric_right):.3f}, direction {self.share(self.direction_right):.3f}, "
            f"kind {self.share(self.kind_right):.3f}, target flag {self.share(self.target_right):.3f}, "
            f"before {self.share(self.before_right):.3f}, change {self.share(self.change_right):.3f}",
            f"outcomes without a metric: {self.without_metric}; figures that failed to extract: {len(self.failures)}",
        ]


def score_figures(gold_figures: list[dict], cases: dict[str, ResolvedCase]) -> FigureScores:
    scores = FigureScores()
    by_case: dict[str, list[dict]] = {}
    for figure in gold_figures:
        by_case.setdefault(figure["case"], []).append(figure)
    for key, golds in sorted(by_case.items()):
        case = cases[key]
        failures: list[FigureFailure] = []
        found = extract_outcomes(case.record.body, planned=case.record.status == "planned", failures=failures)
        scores.failures += failures
        scores.gold += len(golds)
        scores.extracted += len(found)
        scores.without_metric += sum(1 for o in found if not o.metric)
        unmatched = list(found)
        for gold in golds:
            spans = _spans(case.record.body, gold["phrase"])
            candidates = [
                o for o in unmatched
                if _same_number(gold, o) and (not spans or any(o.span_start < b and a < o.span_end for a, b in spans))
            ]
            if not candidates:
                scores.missed.append((key, gold["phrase"]))
                continue
            hit = candidates[0]
            unmatched.remove(hit)
            scores.matched += 1
            if metric_agrees(gold.get("metric", ""), hit.metric):
                scores.metric_right += 1
            else:
                scores.wrong_metric.append((key, gold.get("metric", ""), hit.metric))
            if gold.get("direction") == hit.direction:
                scores.direction_right += 1
            else:
                scores.wrong_direction.append((key, hit.phrase, gold.get("direction"), hit.direction))
            scores.kind_right += gold.get("kind") == hit.kind
            scores.target_right += bool(gold.get("is_target")) == hit.is_target
            scores.before_right += (gold.get("before") is None and hit.before is None) or _close(gold.get("before"), hit.before)
            scores.change_right += (gold.get("change_pct") is None and hit.change_pct is None) or (
                gold.get("change_pct") is not None and hit.change_pct is not None and abs(gold["change_pct"] - hit.change_pct) <= 0.15
            )
        scores.spurious += [(key, o.phrase) for o in unmatched]
    return scores


@dataclass
class LabelScores:
    cases: int = 0
    true_types: int = 0
    labelled_types: int = 0
    gold_types: int = 0
    years_right: int = 0
    years_stated: int = 0
    stated_years_right: int = 0
    leads_stated: int = 0
    leads_present: int = 0
    leads_right: int = 0
    wrong_types: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    missing_leads: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    wrong_years: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_types / self.labelled_types if self.labelled_types else 0.0

    @property
    def recall(self) -> float:
        return self.true_types / self.gold_types if self.gold_types else 0.0

    def lines(self) -> list[str]:
        return [
            f"reform types over {self.cases} cases: precision {self.precision:.3f}, recall {self.recall:.3f} "
            f"({self.true_types} right of {self.labelled_types} given, {self.gold_types} in gold)",
            f"years right: {self.years_right}/{self.cases}; where the text states one: {self.stated_years_right}/{self.years_stated}",
            f"lead departments where the text names one: present {self.leads_present}/{self.leads_stated}, "
            f"named as in gold {self.leads_right}/{self.leads_stated}",
        ]


def score_labels(gold_cases: dict[str, dict], cases: dict[str, ResolvedCase]) -> LabelScores:
    indicators, reform_types = seed_vocabularies()
    scores = LabelScores()
    for key, gold in sorted(gold_cases.items()):
        case = cases[key]
        labels: Labels = labels_of(case, indicators, reform_types)
        given, wanted = set(labels.reform_types), set(gold.get("types", []))
        scores.cases += 1
        scores.true_types += len(given & wanted)
        scores.labelled_types += len(given)
        scores.gold_types += len(wanted)
        if given != wanted:
            scores.wrong_types.append((key, sorted(given - wanted), sorted(wanted - given)))
        if gold.get("year") is not None:
            scores.years_stated += 1
            scores.stated_years_right += gold["year"] == case.record.year
        if gold.get("year") == case.record.year:
            scores.years_right += 1
        else:
            scores.wrong_years.append((key, gold.get("year"), case.record.year))
        if gold.get("lead_stated"):
            scores.leads_stated += 1
            names = [d.name for d in case.lead]
            if names:
                scores.leads_present += 1
            if any(normalise(g) in {normalise(n) for n in names} for g in gold.get("lead", [])):
                scores.leads_right += 1
            else:
                scores.missing_leads.append((key, gold.get("lead", []), names))
    return scores


def load_gold_figures(*paths: Path) -> list[dict]:
    figures = []
    for path in paths:
        figures += json.loads(Path(path).read_text(encoding="utf-8"))["figures"]
    return figures


def load_gold_labels(path: Path) -> dict[str, dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["cases"]


TUNING_SHARE = 2 / 3


def split_label_cases(gold_cases: dict[str, dict], part: str) -> dict[str, dict]:
    """The tuning part (the first two thirds of each source's cases by ordinal) or the held-out rest, so a
    rule tuned on one part can be checked on cases it was not tuned on."""
    if part == "all":
        return gold_cases
    by_source: dict[str, list[str]] = {}
    for key in gold_cases:
        by_source.setdefault(key[:3], []).append(key)
    tuning = set()
    for keys in by_source.values():
        keys.sort(key=lambda k: int(k.split("-")[1]))
        tuning.update(keys[: math.ceil(TUNING_SHARE * len(keys))])
    return {k: v for k, v in gold_cases.items() if (k in tuning) == (part == "tune")}
