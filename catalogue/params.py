"""Reading search parameters from a query string: the page and the API accept exactly the same ones."""

from __future__ import annotations

from reforms.choices import OutcomeKind, ReformStatus
from reforms.models import Department, Indicator, ReformType, Region, Source
from search.engine import SORTS, SearchParams

MAX_PAGE_SIZE = 100


def _ints(values: list[str]) -> tuple[list[int], list[str]]:
    good, bad = [], []
    for v in values:
        (good if v.strip().isdigit() and len(v.strip()) < 10 else bad).append(int(v) if v.strip().isdigit() and len(v.strip()) < 10 else v)
    return good, bad


def read_params(query) -> tuple[SearchParams, dict[str, list[str]]]:
    """SearchParams from a QueryDict, and the values that name nothing (reported, never a 500)."""
    errors: dict[str, list[str]] = {}

    def known(name: str, allowed: set[str]) -> list[str]:
        values = [v for v in query.getlist(name) if v != ""][:20]
        bad = [v for v in values if v not in allowed]
        if bad:
            errors[name] = bad
        return [v for v in values if v in allowed]

    def known_ints(name: str, allowed: set[int]) -> list[int]:
        good, bad = _ints([v for v in query.getlist(name) if v != ""][:20])
        bad += [str(v) for v in good if v not in allowed]
        if bad:
            errors[name] = [str(b)[:50] for b in bad]
        return [v for v in good if v in allowed]

    params = SearchParams(
        q=(query.get("q") or "")[:1000],
        region=known("region", set(Region.objects.values_list("slug", flat=True))),
        indicator=known("indicator", set(Indicator.objects.values_list("slug", flat=True))),
        type=known("type", set(ReformType.objects.values_list("slug", flat=True))),
        department=known_ints("department", set(Department.objects.values_list("pk", flat=True))),
        source=known_ints("source", set(Source.objects.values_list("pk", flat=True))),
        status=known("status", set(ReformStatus.values)),
        year=known_ints("year", set(range(1990, 2100))),
        kind=known("kind", set(OutcomeKind.values)),
        sort=query.get("sort", "") if query.get("sort", "") in SORTS else "",
    )
    if query.get("sort") and query.get("sort") not in SORTS:
        errors["sort"] = [query.get("sort")[:50]]
    return params, errors


def read_page(query, name: str = "page", default: int = 1) -> int:
    try:
        return max(1, min(int(query.get(name, default)), 100000))
    except (TypeError, ValueError):
        return default


def read_page_size(query, default: int = 20) -> int:
    try:
        return max(1, min(int(query.get("page_size", default)), MAX_PAGE_SIZE))
    except (TypeError, ValueError):
        return default
