"""What a region or indicator page says above its list of cases, at bounded cost whatever the size of the
catalogue: case and label counts come from the page's own search (its facet counts, kept in memory), and
the scope's figures — how many outcomes, which time cuts are deepest — are counted once per index version
and remembered, as the home page's are (at 100 000 cases they cost ~150 ms of SQL, the rest ~2 ms)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection

from reforms.models import Outcome

from .comparison import figure_text

FIGURES_SECONDS = 300  # remembered per index version, and at most this long


def scope_figures(token: str, scope: str, outcomes, cuts: int) -> dict:
    """{"outcomes": how many outcomes the scope's cases report, "cuts": its `cuts` deepest measured time
    cuts (implemented, not targets), each as plain values a page shows}. `scope` names the page
    ("region:guangdong"); `outcomes` is the scope's Outcome queryset."""
    key = f"landing:{connection.alias}:{token}:{scope}:{cuts}"
    figures = cache.get(key)
    if figures is None:
        deepest = (outcomes.filter(kind="time", change_pct__lt=0, is_target=False)
                   .select_related("reform__region").order_by("change_pct", "pk")[:cuts])
        figures = {
            "outcomes": outcomes.count(),
            "cuts": [
                {"reform_id": o.reform_id, "title": o.reform.title, "region": o.reform.region.name, "metric": o.metric,
                 "change_pct": o.change_pct, "text": figure_text(o)}
                for o in deepest
            ],
        }
        cache.set(key, figures, FIGURES_SECONDS)
    return figures


def summary(total: int, counts: dict[str, dict[str, int]], figures: dict) -> dict:
    """The line of figures at the top of a landing page."""
    return {
        "cases": total,
        "indicators": sum(1 for n in counts.get("indicator", {}).values() if n),
        "outcomes": figures["outcomes"],
        "largest": figures["cuts"][:3],
    }


def region_outcomes(region):
    return Outcome.objects.filter(reform__region__path__startswith=region.path)
