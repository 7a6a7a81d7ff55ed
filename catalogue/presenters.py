"""What a result row shows, computed once for the page and the API: headline outcome, snippet, labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Prefetch
from django.urls import reverse

from reforms import figures
from reforms.models import Department, Indicator, Outcome, Practice, Reform, ReformType
from search.documents import normalised_bodies, snippet_text
from search.highlight import snippet

from .rows import HeadlineRow, OutcomeRow, fetch, outcomes, related

# What no list or case page shows: the source's whole text and its repair report (only the source page
# reads them), the classifier's evidence, and the labels' matching phrases and definitions.
HEAVY_FIELDS = ("classification_evidence", "source__raw_text", "source__repair_report",
                "primary_indicator__phrases", "region__aliases")
LABEL_FIELDS = ("pk", "slug", "name", "position")


def reforms_in_order(ids: list[int], detail: bool = False) -> list[Reform]:
    """The cases with these ids, in this order, as model instances with their labels and outcomes (a
    constant number of queries); `detail` adds what a comparison shows (practices, partner departments)."""
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
        .defer(*HEAVY_FIELDS)
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


class Card(NamedTuple):
    """A case as a result row shows it: plain values read by `result_rows`, no model instance."""

    pk: int
    title: str
    year: int | None
    status: str
    summary: str
    body: str
    region_name: str


_CARD_COLUMNS = (*Card._fields[:-1], "region__name")


def path_maker(view: str, placeholder: str = "0") -> Callable[[object], str]:
    """argument → the path reverse(view, args=[argument]) gives, without a reverse() per row (a result page
    or an export writes one per case). Made per request: the path carries its script prefix. `placeholder`:
    a value the view's converter accepts (0 for an id, - for a slug)."""
    head, tail = reverse(view, args=[placeholder]).rsplit(placeholder, 1)
    return lambda argument: f"{head}{argument}{tail}"


def case_url_maker() -> Callable[[int], str]:
    """pk → the case page's path."""
    return path_maker("catalogue:reform")


def result_rows(ids: list[int], terms: list[str]) -> list[dict]:
    """What each result row shows, in the order of `ids` (deleted cases left out), in five plain queries:
    the cases, their lead departments, indicators and headline figures, and — when there are terms to
    highlight — the stored normalised text the snippets are cut from (a plain string search per result
    instead of converting each body)."""
    if not ids:
        return []
    cards = {row[0]: Card._make(row) for row in fetch(Reform.objects.filter(pk__in=ids).order_by().values_list(*_CARD_COLUMNS))}
    lead = related("lead_departments", ids, ("region__path", "name"), "name")
    indicators = related("indicators", ids, "position", "slug", "name")
    figures_of = outcomes(ids, HeadlineRow)
    normalised = normalised_bodies(ids) if terms else {}
    url_of = case_url_maker()
    rows = []
    for pk in ids:
        card = cards.get(pk)
        if card is None:
            continue
        rows.append({
            "reform": card,
            "url": url_of(pk),
            "snippet": snippet(snippet_text(card.summary, card.body), terms, normalised=normalised.get(pk)),
            "title_html": snippet(card.title, terms, width=300),
            "badge": outcome_badge(pick_headline(figures_of.get(pk, []))),
            "lead": lead.get(pk, []),
            "indicators": indicators.get(pk, []),  # (slug, name)
        })
    return rows


def case_lists(pk: int) -> dict:
    """What a case page lists besides the case itself — departments, labels, practices, outcomes — as
    plain rows (six small queries, no model instance per item)."""
    ids = [pk]
    practices = fetch(Practice.objects.filter(reform_id=pk).order_by("position").values_list("marker", "text"))
    return {
        "lead": related("lead_departments", ids, ("region__path", "name"), "pk", "name").get(pk, []),
        "partners": related("partner_departments", ids, ("region__path", "name"), "name").get(pk, []),
        "indicators": related("indicators", ids, "position", "slug", "name").get(pk, []),
        "types": related("reform_types", ids, "position", "slug", "name").get(pk, []),
        "practices": practices,
        "outcome_rows": outcomes(ids, OutcomeRow).get(pk, []),
    }


_LIST_COLUMNS = ("pk", "title", "subtitle", "region__slug", "region__name", "source__file_name", "ordinal", "status",
                 "year", "primary_indicator__slug")


def list_rows(ids: list[int]) -> list[dict]:
    """The API's list view of these cases (the fields of ReformListSerializer, same values and order),
    in the order of `ids`, read as plain rows: five queries and no model instance or serializer field
    per case, which were most of an API search's CPU."""
    if not ids:
        return []
    cases = {row[0]: row for row in fetch(Reform.objects.filter(pk__in=ids).order_by().values_list(*_LIST_COLUMNS))}
    indicators = related("indicators", ids, "position", "slug")
    types = related("reform_types", ids, "position", "slug")
    lead = related("lead_departments", ids, ("region__path", "name"), "name")
    out = []
    for pk in ids:
        row = cases.get(pk)
        if row is None:
            continue
        _, title, subtitle, region, region_name, source_file, ordinal, status, year, primary = row
        out.append({
            "id": pk, "title": title, "subtitle": subtitle, "region": region, "region_name": region_name,
            "source_file": source_file, "ordinal": ordinal, "status": status, "year": year, "primary_indicator": primary,
            "indicators": indicators.get(pk, []), "reform_types": types.get(pk, []), "lead_departments": lead.get(pk, []),
        })
    return out
