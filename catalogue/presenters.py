"""What a result row shows, computed once for the page and the API: headline outcome, snippet, labels."""

from __future__ import annotations

from django.db.models import Prefetch

from reforms import figures
from reforms.models import Outcome, Reform
from search.highlight import snippet


def reforms_in_order(ids: list[int], detail: bool = False) -> list[Reform]:
    """The cases with these ids, in this order, with everything a result row shows (a constant number of
    queries); `detail` adds what a comparison or an export shows (practices, partner departments)."""
    related = ["lead_departments", "indicators", "reform_types", Prefetch("outcomes", queryset=Outcome.objects.order_by("position"))]
    if detail:
        related += ["partner_departments", "practices"]
    queryset = Reform.objects.filter(pk__in=ids).select_related("region", "source", "primary_indicator").prefetch_related(*related)
    by_id = {r.pk: r for r in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


def headline_outcome(reform: Reform) -> Outcome | None:
    """The case's most telling figure: the largest time cut, else the first before/after, else the first figure."""
    outcomes = list(reform.outcomes.all())
    time_cuts = [o for o in outcomes if o.kind == "time" and o.change_pct is not None]
    if time_cuts:
        return min(time_cuts, key=lambda o: o.change_pct)
    paired = [o for o in outcomes if o.before is not None]
    if paired:
        return paired[0]
    changed = [o for o in outcomes if o.change_pct is not None]
    return changed[0] if changed else (outcomes[0] if outcomes else None)


def format_number(value: float | None) -> str:
    return figures.number(value)


def outcome_badge(outcome: Outcome | None) -> str:
    """“办证时间 40个工作日 → 6个工作日, −85 %”: metric and figure as people write them."""
    return figures.headline(outcome)


def result_row(reform: Reform, terms: list[str]) -> dict:
    headline = headline_outcome(reform)
    text = f"{reform.summary}\n{reform.body}" if reform.summary else reform.body
    return {
        "reform": reform,
        "snippet": snippet(text, terms),
        "title_html": snippet(reform.title, terms, width=300),
        "badge": outcome_badge(headline),
        "lead": [d.name for d in reform.lead_departments.all()],
        "indicators": list(reform.indicators.all()),
    }
