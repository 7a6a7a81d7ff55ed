"""Related cases for a case page: the same reform reported by another source, then cases that share
its indicator and reform types and its most distinctive title words."""

from __future__ import annotations

from django.db.models import Count, Q

from reforms.models import Reform
from reforms.text import normalise

from .tokens import bigram_stream


def _title_grams(reform: Reform) -> set[str]:
    return {g for g in bigram_stream(normalise(reform.title)) if len(g) == 2}


def related_reforms(reform: Reform, limit: int = 6) -> list[Reform]:
    candidates = (
        Reform.objects.exclude(pk=reform.pk)
        .filter(Q(indicators__in=reform.indicators.all()) | Q(reform_types__in=reform.reform_types.all()) | Q(region=reform.region))
        .annotate(shared=Count("indicators", distinct=True) + Count("reform_types", distinct=True))
        .select_related("region", "source")
        .order_by("-shared", "pk")
        .distinct()[:200]
    )
    own = _title_grams(reform)

    def score(other: Reform) -> float:
        overlap = len(own & _title_grams(other)) / max(len(own), 1)
        same_reform_elsewhere = other.source_id != reform.source_id and overlap >= 0.3
        return (2.0 if same_reform_elsewhere else 0.0) + overlap * 2 + other.shared * 0.1

    return sorted(candidates, key=lambda other: (-score(other), other.pk))[:limit]
