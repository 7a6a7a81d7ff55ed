"""Rule-based labelling of cases with indicators and reform types, explainable phrase by phrase.

Works on the normalised (Simplified) text, so a Traditional case is labelled exactly as its Simplified
twin. A phrase in the title weighs most, then in the practices and outcomes, then in the body; the
best-scoring indicator is primary, others that score close to it are secondary. A reform type is given
on enough evidence (`type_evidence.is_established`: a mechanism's name, or corroborated cues) or when
the case's own figures show it (`outcome_signals`); its score only ranks and explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reforms.text import normalise
from reforms.type_evidence import Hit, find_hits, is_established, phrase_text

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


FIELD_WEIGHTS = {"title": TITLE_WEIGHT, "practices": PRACTICE_WEIGHT, "body": BODY_WEIGHT}


def _type_scores(vocabulary: Vocabulary, title: str, practices: str, body: str) -> dict[str, tuple[float, list[str], list[Hit]]]:
    scores: dict[str, tuple[float, list[str], list[Hit]]] = {}
    for hit in find_hits(vocabulary.entries, {"title": title, "practices": practices, "body": body}):
        total, phrases, hits = scores.get(hit.slug, (0.0, [], []))
        weight = FIELD_WEIGHTS[hit.field] * (1 + 0.25 * (hit.end - hit.start - 2))
        phrase = phrase_text(hit.phrase)
        scores[hit.slug] = (round(total + weight, 2), phrases if phrase in phrases else [*phrases, phrase], [*hits, hit])
    return scores


FALLBACK_INDICATOR = "government-services"


# A cut this deep in a time, or any cut in steps and materials, is what 流程再造/时限压缩 means.
DEEP_TIME_CUT = -30.0
TIME_LIMIT = re.compile(r"不超过?|最多|最长|以内|之内|内")
# Procedures whose duration a 时限 limits (not a visit or a reply: 上门时间, 建议类事项时间).
PROCEDURE = re.compile(r"流程|全过程|审批|审查|评审|办理|办结|办证|出证|登记|许可|验收|开办|注册|报装|接电|接入")
TYPE_FROM_OUTCOMES = {"time_cut": "process-reengineering", "fewer_steps": "process-reengineering", "cost_cut": "fee-reduction"}


def outcome_signals(outcomes) -> dict[str, list[str]]:
    """Reform types the case's own figures show, with the figures as evidence: a time cut by 30 % or more
    or a procedure capped by a limit (审批不超过N个工作日), fewer steps and materials (流程再造/时限压缩), a cost that fell (减费降本)."""
    signals: dict[str, list[str]] = {}
    for o in outcomes:
        change = o.change_pct
        if change is None and o.before and o.value is not None:
            change = (o.value - o.before) / o.before * 100
        direction = getattr(o, "direction", None) or ("down" if change is not None and change < 0 else "level")
        if o.kind == "time" and ((change is not None and change <= DEEP_TIME_CUT) or (change is None and direction == "down")):
            signal = "time_cut"
        elif o.kind == "time" and o.before is None and TIME_LIMIT.fullmatch(getattr(o, "qualifier", "") or "") and PROCEDURE.search(o.metric or ""):
            signal = "time_cut"  # 审批时间不超过5个工作日: a committed limit on a procedure is what 时限压缩 sets
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
    found = _type_scores(reform_types, title, practices, body)
    t_order = {slug: i for i, (slug, _) in enumerate(reform_types.entries)}
    type_scores = {slug: (score, phrases) for slug, (score, phrases, _) in found.items()}
    given = {slug for slug, (_, _, hits) in found.items() if is_established(hits)}
    for slug, figures in (signals or {}).items():
        if slug in t_order:
            score, phrases = type_scores.get(slug, (0.0, []))
            type_scores[slug] = (round(score + MIN_TYPE_SCORE, 2), [*phrases, *figures])
            given.add(slug)
    # A type is given only on real evidence: no fallback, since a case may use none of the mechanisms.
    types = sorted(given, key=t_order.get)
    evidence = {
        "fallback": ["indicator"] if not ranked else [],
        "indicators": {slug: {"score": score, "phrases": phrases} for slug, (score, phrases) in ranked},
        "reform_types": {slug: {"score": score, "phrases": phrases} for slug, (score, phrases) in type_scores.items()},
    }
    return Labels(primary, [primary, *secondary] if primary else [], types, evidence)
