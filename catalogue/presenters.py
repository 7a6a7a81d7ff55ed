"""What a result row shows, computed once for the page and the API: headline outcome, snippet, labels."""

from __future__ import annotations

from django.db.models import Prefetch

from reforms import figures
from reforms.models import Department, Indicator, Outcome, Reform, ReformType
from search.documents import normalised_bodies, snippet_text
from search.highlight import snippet

# What no list or case page shows: the source's whole text and its repair report (only the source page
# reads them), the classifier's evidence, and the labels' matching phrases and definitions.
HEAVY_FIELDS = ("classification_evidence", "source__raw_text", "source__repair_report",
                "primary_indicator__phrases", "region__aliases")
LABEL_FIELDS = ("pk", "slug", "name", "position")
TEXT_FIELDS = ("summary", "body", "outcome_text")  # what a list without snippets (the API's) does not read


def reforms_in_order(ids: list[int], detail: bool = False, texts: bool = True) -> list[Reform]:
    """The cases with these ids, in this order, with everything a result row shows (a constant number of
    queries); `detail` adds what a comparison shows (practices, partner departments); `texts=False` leaves
    out the case's texts (a list that shows no snippet)."""
    related = [
        Prefetch("lead_departments", queryset=Department.objects.only("pk", "name")),
        Prefetch("indicators", queryset=Indicator.objects.only(*LABEL_FIELDS)),
        Prefetch("reform_types", queryset=ReformType.objects.only(*LABEL_FIELDS)),
        Prefetch("outcomes", queryset=Outcome.objects.order_by("position")),
    ]
    if detail:
        related += [Prefetch("partner_departments", queryset=Department.objects.only("pk", "name")), "practices"]
    queryset = (
        Reform.objects.filter(pk__in=ids)
        .select_related("region", "source", "primary_indicator")
        .defer(*HEAVY_FIELDS, *(() if texts else TEXT_FIELDS))
        .prefetch_related(*related)
    )
    by_id = {r.pk: r for r in queryset}
    return [by_id[pk] for pk in ids if pk in by_id]


def headline_outcome(reform: Reform) -> Outcome | None:
    """The case's most telling figure: the largest time cut, else the first before/after, else the first figure."""
    return pick_headline(list(reform.outcomes.all()))


def pick_headline(outcomes: list):
    """headline_outcome over any outcome-like rows in position order (model instances or export tuples)."""
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


def result_row(reform: Reform, terms: list[str], normalised: str | None = None) -> dict:
    """`normalised`: the case's stored normalised snippet text, when the caller fetched it."""
    headline = headline_outcome(reform)
    text = snippet_text(reform.summary, reform.body)
    return {
        "reform": reform,
        "snippet": snippet(text, terms, normalised=normalised),
        "title_html": snippet(reform.title, terms, width=300),
        "badge": outcome_badge(headline),
        "lead": [d.name for d in reform.lead_departments.all()],
        "indicators": list(reform.indicators.all()),
    }


def result_rows(reforms: list[Reform], terms: list[str]) -> list[dict]:
    """Result rows whose snippets are cut from the stored normalised text (one query for the page): a
    plain string search per result instead of converting each body."""
    normalised = normalised_bodies([r.pk for r in reforms]) if terms else {}
    return [result_row(r, terms, normalised.get(r.pk)) for r in reforms]
