"""Reading search parameters from a query string: the page and the API accept exactly the same ones."""

from __future__ import annotations

import re

from reforms.choices import OutcomeKind, ReformStatus
from reforms.models import Department, Indicator, ReformType, Region, Source
from search.engine import SORTS, SearchParams

MAX_PAGE_SIZE = 100

FACET_LABELS = {
    "region": "地区", "indicator": "评价指标", "type": "改革类型", "department": "牵头单位",
    "source": "来源", "status": "状态", "year": "年份", "kind": "成效类别",
}
SORT_LABELS = {"": "默认", "relevance": "相关度", "newest": "最新", "reduction": "降幅最大"}


_SMALL_INT = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit() also accepts ², which int() refuses


def _ints(values: list[str]) -> tuple[list[int], list[str]]:
    good, bad = [], []
    for v in values:
        if _SMALL_INT.fullmatch(v.strip()):
            good.append(int(v.strip()))
        else:
            bad.append(v)
    return good, bad


def _existing(model, field: str):
    """Which of the given values name a row of `model` (one small query, and none when no value is given)."""

    def lookup(values):
        # A NUL byte names nothing, and PostgreSQL refuses it in a query parameter.
        values = [v for v in values if "\x00" not in str(v)]
        return set(model.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True)) if values else set()

    return lookup


def read_params(query) -> tuple[SearchParams, dict[str, list[str]]]:
    """SearchParams from a QueryDict, and the values that name nothing (reported, never a 500)."""
    errors: dict[str, list[str]] = {}

    def known(name: str, existing) -> list[str]:
        values = [v for v in query.getlist(name) if v != ""][:20]
        allowed = existing(values)
        bad = [v for v in values if v not in allowed]
        if bad:
            errors[name] = bad
        return [v for v in values if v in allowed]

    def known_ints(name: str, existing) -> list[int]:
        good, bad = _ints([v for v in query.getlist(name) if v != ""][:20])
        allowed = existing(good)
        bad += [str(v) for v in good if v not in allowed]
        if bad:
            errors[name] = [str(b)[:50] for b in bad]
        return [v for v in good if v in allowed]

    params = SearchParams(
        q=(query.get("q") or "")[:1000],
        region=known("region", _existing(Region, "slug")),
        indicator=known("indicator", _existing(Indicator, "slug")),
        type=known("type", _existing(ReformType, "slug")),
        department=known_ints("department", _existing(Department, "pk")),
        source=known_ints("source", _existing(Source, "pk")),
        status=known("status", lambda values: set(ReformStatus.values)),
        year=known_ints("year", lambda values: set(range(1990, 2100))),
        kind=known("kind", lambda values: set(OutcomeKind.values)),
        sort=query.get("sort", "") if query.get("sort", "") in SORTS else "",
    )
    if query.get("sort") and query.get("sort") not in SORTS:
        errors["sort"] = [query.get("sort")[:50]]
    return params, errors


# Everything the search page and the API read from a query string; links they generate carry nothing else.
# cmp: the cases picked for a comparison (catalogue/comparison.py), kept across pages and searches
LINK_PARAMS = (
    "q", "region", "indicator", "type", "department", "source", "status", "year", "kind", "sort", "page", "page_size", "cmp",
)
MAX_VALUES_PER_PARAM = 20


def link_query(query):
    """A copy of `query` with only the parameters the catalogue reads (and at most 20 values of each), so
    junk in a URL is not repeated into every facet, page and export link of the answer."""
    kept = query.copy()
    for name in list(kept.keys()):
        if name in LINK_PARAMS:
            kept.setlist(name, [v[:1000] for v in kept.getlist(name)[:MAX_VALUES_PER_PARAM]])
        else:
            del kept[name]
    return kept


def read_ids(values: list[str]) -> list[int]:
    """Case ids written as `12,57` or repeated (full-width commas too), ASCII digits only, first seen first."""
    parts = [part for value in values for part in value.replace("，", ",").split(",")]
    good, _ = _ints(parts)
    return list(dict.fromkeys(good))


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


def describe(params: SearchParams) -> list[tuple[str, str]]:
    """The query and each filter in words (names, not slugs), for an export's 说明 sheet."""
    names = {
        "region": dict(Region.objects.filter(slug__in=params.region).values_list("slug", "name")),
        "indicator": dict(Indicator.objects.filter(slug__in=params.indicator).values_list("slug", "name")),
        "type": dict(ReformType.objects.filter(slug__in=params.type).values_list("slug", "name")),
        "department": dict(Department.objects.filter(pk__in=params.department).values_list("pk", "name")),
        "source": dict(Source.objects.filter(pk__in=params.source).values_list("pk", "title")),
        "status": dict(ReformStatus.choices),
        "kind": dict(OutcomeKind.choices),
    }
    rows = [("检索词", params.q or "(无)")]
    for facet, label in FACET_LABELS.items():
        values = params.selected(facet)
        if values:
            rows.append((label, "、".join(str(names.get(facet, {}).get(v, v)) for v in values)))
    if not params.has_filters():
        rows.append(("筛选", "(无)"))
    rows.append(("排序", SORT_LABELS.get(params.sort, params.sort)))
    return rows
