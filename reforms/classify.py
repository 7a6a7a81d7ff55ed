"""Rule-based labelling of cases with indicators and reform types, explainable phrase by phrase.

Works on the normalised (Simplified) text, so a Traditional case is labelled exactly as its Simplified
twin. A phrase in the title weighs most, then in the practices and outcomes, then in the body; the
best-scoring indicator is primary, others that score close to it are secondary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reforms.text import normalise

TITLE_WEIGHT, PRACTICE_WEIGHT, BODY_WEIGHT = 6.0, 1.5, 1.0
SECONDARY_SHARE = 0.5
MIN_SECONDARY = 4.0
MIN_TYPE_SCORE = 4.0


@dataclass
class Vocabulary:
    """(slug, phrases) pairs, in the vocabulary's order (ties go to the earlier entry)."""

    entries: list[tuple[str, list[str]]]


@dataclass
class Labels:
    primary_indicator: str | None
    indicators: list[str]
    reform_types: list[str]
    evidence: dict = field(default_factory=dict)


def _score(vocabulary: Vocabulary, title: str, practices: str, body: str) -> dict[str, tuple[float, list[str]]]:
    scores = {}
    for slug, phrases in vocabulary.entries:
        total, matched = 0.0, []
        for phrase in phrases:
            p = normalise(phrase)
            hits = TITLE_WEIGHT * title.count(p) + PRACTICE_WEIGHT * practices.count(p) + BODY_WEIGHT * body.count(p)
            if hits:
                # Longer phrases are more specific: 带押过户 says more than 过户.
                total += hits * (1 + 0.25 * (len(p) - 2))
                matched.append(phrase)
        if total:
            scores[slug] = (round(total, 2), matched)
    return scores


FALLBACK_INDICATOR = "government-services"


# A cut this deep in a time, or any cut in steps and materials, is what 流程再造/时限压缩 means.
DEEP_TIME_CUT = -30.0
TYPE_FROM_OUTCOMES = {"time_cut": "process-reengineering", "fewer_steps": "process-reengineering", "cost_cut": "fee-reduction"}


def outcome_signals(outcomes) -> dict[str, list[str]]:
    """Reform types the case's own figures show, with the figures as evidence: a time cut by 30 % or more
    or fewer steps and materials (流程再造/时限压缩), a cost that fell (减费降本)."""
    signals: dict[str, list[str]] = {}
    for o in outcomes:
        change = o.change_pct
        if change is None and o.before and o.value is not None:
            change = (o.value - o.before) / o.before * 100
        direction = getattr(o, "direction", None) or ("down" if change is not None and change < 0 else "level")
        if o.kind == "time" and ((change is not None and change <= DEEP_TIME_CUT) or (change is None and direction == "down")):
            signal = "time_cut"
        elif re.search(r"效率", o.metric or "") and direction == "up":
            signal = "time_cut"  # 审批效率提升80%
        elif o.kind == "materials" and direction == "down":
            signal = "fewer_steps"
        elif o.kind == "cost" and direction == "down":
            signal = "cost_cut"
        else:
            continue
        signals.setdefault(TYPE_FROM_OUTCOMES[signal], []).append(o.phrase[:40])
    return signals


def classify(
    title: str, practices: str, body: str, indicators: Vocabulary, reform_types: Vocabulary, signals: dict[str, list[str]] | None = None
) -> Labels:
    """Labels for one case from its title, practices (with outcomes) and body, and the reform types its
    figures show (`outcome_signals`)."""
    title, practices, body = normalise(title), normalise(practices), normalise(body)
    ind_scores = _score(indicators, title, practices, body)
    order = {slug: i for i, (slug, _) in enumerate(indicators.entries)}
    ranked = sorted(ind_scores.items(), key=lambda kv: (-kv[1][0], order[kv[0]]))
    # A case that names no indicator's phrase is about how government serves firms in general.
    primary = ranked[0][0] if ranked else (FALLBACK_INDICATOR if FALLBACK_INDICATOR in order else None)
    secondary = [
        slug for slug, (score, _) in ranked[1:] if score >= max(MIN_SECONDARY, SECONDARY_SHARE * ranked[0][1][0])
    ]
    type_scores = _score(reform_types, title, practices, body)
    t_order = {slug: i for i, (slug, _) in enumerate(reform_types.entries)}
    for slug, figures in (signals or {}).items():
        if slug in t_order:
            score, phrases = type_scores.get(slug, (0.0, []))
            type_scores[slug] = (round(score + MIN_TYPE_SCORE, 2), [*phrases, *figures])
    # A type is given only on real evidence: no fallback, since a case may use none of the mechanisms.
    types = sorted((s for s, (score, _) in type_scores.items() if score >= MIN_TYPE_SCORE), key=t_order.get)
    evidence = {
        "fallback": ["indicator"] if not ranked else [],
        "indicators": {slug: {"score": score, "phrases": phrases} for slug, (score, phrases) in ranked},
        "reform_types": {slug: {"score": score, "phrases": phrases} for slug, (score, phrases) in type_scores.items()},
    }
    return Labels(primary, [primary, *secondary] if primary else [], types, evidence)
