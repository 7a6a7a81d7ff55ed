"""Comparing 2–6 cases: the selection (carried in the URL as `cmp=12,57,…`, so it survives paging and
can be shared), and the side-by-side table — facts, then outcomes aligned by kind and metric — that
the compare page shows and exports."""

from __future__ import annotations

from reforms.choices import OutcomeKind

from . import params
from .presenters import outcome_badge
from .reading import for_reading

PARAM = "cmp"
MIN_CASES, MAX_CASES = 2, 6
KIND_ORDER = {kind: index for index, kind in enumerate(OutcomeKind.values)}
KIND_LABELS = dict(OutcomeKind.choices)


def read_ids(values: list[str], limit: int = MAX_CASES * 4) -> list[int]:
    """Case ids from `12,57` or repeated parameters, in order, without repeats (at most `limit`)."""
    return params.read_ids(values[:limit])[:limit]


def toggled(ids: list[int], pk: int) -> list[int]:
    return [i for i in ids if i != pk] if pk in ids else [*ids, pk]


def query_with(query, ids: list[int]) -> str:
    """The query string with the selection replaced by `ids` (dropped when empty)."""
    query = query.copy()
    query.pop(PARAM, None)
    if ids:
        query[PARAM] = ",".join(map(str, ids))
    return query.urlencode(safe=",")


def figure_text(outcome) -> str:
    """What an outcome says without its metric: “40→6 工作日 −85%”, “100 个”."""
    badge = outcome_badge(outcome)
    metric = outcome.metric or ""
    return badge[len(metric) :].strip() if metric and badge.startswith(metric) else badge


UNSTATED = "原文未列明"  # what the case page says where the source names no department


def _names(items, empty: str = "—") -> str:
    return "、".join(for_reading(x.name) for x in items) or empty


def fact_rows(reforms) -> list[tuple[str, list[str]]]:
    return [
        ("地区", [for_reading(r.region.name) for r in reforms]),
        ("来源", [f"{for_reading(r.source.title)} · 第 {r.ordinal} 个" for r in reforms]),
        ("年份与状态", [f"{r.year or '—'} · {r.get_status_display()}" for r in reforms]),
        ("牵头单位", [_names(r.lead_departments.all(), UNSTATED) for r in reforms]),
        ("配合单位", [_names(r.partner_departments.all(), UNSTATED) for r in reforms]),
        ("评价指标", [_names(r.indicators.all()) for r in reforms]),
        ("改革类型", [_names(r.reform_types.all()) for r in reforms]),
    ]


def outcome_rows(reforms) -> list[tuple[str, list[str]]]:
    """One row per (kind, metric) any of the cases reports, the most shared first; each cell lists that
    case's figures for it (before → after, change) or “—”."""
    groups: dict[tuple[str, str], list[list[str]]] = {}
    for column, reform in enumerate(reforms):
        for outcome in reform.outcomes.all():
            key = (outcome.kind, for_reading(outcome.metric) or "其他")
            cells = groups.setdefault(key, [[] for _ in reforms])
            text = figure_text(outcome)
            cells[column].append(f"{text}(目标)" if outcome.is_target else text)
    order = sorted(groups, key=lambda k: (-sum(1 for c in groups[k] if c), KIND_ORDER.get(k[0], 99), k[1]))
    return [
        (f"{metric}({KIND_LABELS.get(kind, kind)})", ["；".join(c) if c else "—" for c in groups[(kind, metric)]])
        for kind, metric in order
    ]


def practice_rows(reforms, width: int = 120) -> list[tuple[str, list[str]]]:
    def practices(r):
        texts = [for_reading(p.text) for p in r.practices.all()]
        return "\n".join(f"{i}. {t if len(t) <= width else t[: width - 1] + '…'}" for i, t in enumerate(texts, 1)) or "—"

    return [("主要做法", [practices(r) for r in reforms])]
