"""Search over the catalogue: text match, filters, disjunctive facets, sorting and paging in one place,
so the HTML page and the API give the same answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q, QuerySet

from reforms.models import Reform, Region

from .backends import get_backend
from .query import ParsedQuery, parse_query
from .synonyms import synonym_table

FACETS = ("region", "indicator", "type", "department", "source", "status", "year", "kind")
SORTS = ("relevance", "newest", "reduction")
FACET_SIZE = 30


@dataclass
class SearchParams:
    q: str = ""
    region: list[str] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    department: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    sort: str = ""

    def selected(self, facet: str) -> list:
        return getattr(self, facet)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    depth: int = 0


@dataclass
class SearchResult:
    total: int
    ids: list[int]
    facets: dict[str, list[FacetValue]]
    parsed: ParsedQuery
    sort: str


def _facet_filter(params: SearchParams, facet: str, regions: dict[str, str]) -> Q:
    values = params.selected(facet)
    if not values:
        return Q()
    if facet == "region":
        q = Q(pk__in=[])
        for slug in values:
            q |= Q(region__path__startswith=regions.get(slug, "/nonexistent/"))
        return q
    lookups = {
        "indicator": "indicators__slug__in",
        "type": "reform_types__slug__in",
        "department": "lead_departments__in",
        "source": "source_id__in",
        "status": "status__in",
        "year": "year__in",
        "kind": "outcomes__kind__in",
    }
    return Q(pk__in=Reform.objects.filter(**{lookups[facet]: values}).values("pk"))


def matching(parsed: ParsedQuery) -> QuerySet:
    """Cases matching the text part of a query (all cases for an empty one)."""
    queryset = Reform.objects.all()
    backend = get_backend()
    for tree in parsed.include:
        queryset = queryset.filter(pk__in=backend.match_expression(tree))
    for tree in parsed.exclude:
        queryset = queryset.exclude(pk__in=backend.match_expression(tree))
    return queryset


def _counts(queryset: QuerySet, facet: str) -> list[tuple]:
    spec = {
        "indicator": ("indicators__slug", "indicators__name", "indicators__position"),
        "type": ("reform_types__slug", "reform_types__name", "reform_types__position"),
        "department": ("lead_departments__id", "lead_departments__name", "lead_departments__id"),
        "source": ("source_id", "source__title", "source__file_name"),
        "status": ("status", "status", "status"),
        "year": ("year", "year", "year"),
        "kind": ("outcomes__kind", "outcomes__kind", "outcomes__kind"),
        "region": ("region__path", "region__name", "region__path"),
    }[facet]
    rows = (
        queryset.order_by()
        .values(*spec)
        .annotate(n=Count("pk", distinct=True))
        .filter(**{f"{spec[0]}__isnull": False})
        .order_by("-n", spec[2])
    )
    return [(row[spec[0]], row[spec[1]], row["n"]) for row in rows]


def _region_facet(queryset: QuerySet, params: SearchParams) -> list[FacetValue]:
    """Counts per region with districts rolled up into their city and province, as a tree."""
    per_path = {path: n for path, _, n in _counts(queryset, "region")}
    values = []
    for region in Region.objects.order_by("path"):
        count = sum(n for path, n in per_path.items() if path.startswith(region.path))
        if count or region.slug in params.region:
            values.append(FacetValue(region.slug, region.name, count, region.slug in params.region, region.path.count("/") - 2))
    return values


def facet_counts(parsed: ParsedQuery, params: SearchParams, regions: dict[str, str]) -> dict[str, list[FacetValue]]:
    """Disjunctive facets: each facet counts over the other facets' filters, ignoring its own."""
    from reforms.choices import OutcomeKind, ReformStatus

    base = matching(parsed)
    facets = {}
    for facet in FACETS:
        others = Q()
        for other in FACETS:
            if other != facet:
                others &= _facet_filter(params, other, regions)
        queryset = base.filter(others)
        if facet == "region":
            facets[facet] = _region_facet(queryset, params)
            continue
        labels = {"status": dict(ReformStatus.choices), "kind": dict(OutcomeKind.choices)}.get(facet, {})
        selected = {str(v) for v in params.selected(facet)}
        values = [
            FacetValue(str(value), str(labels.get(value, label)), n, str(value) in selected)
            for value, label, n in _counts(queryset, facet)[: FACET_SIZE + 1]
        ]
        present = {v.value for v in values}
        missing = [v for v in params.selected(facet) if str(v) not in present]
        values += [FacetValue(str(v), _label(facet, v, labels), 0, True) for v in missing]
        facets[facet] = values
    return facets


def _label(facet: str, value, labels: dict) -> str:
    """The display name of a selected value that has no results (so its chip can still be removed)."""
    from reforms.models import Department, Indicator, ReformType, Source

    models = {"indicator": (Indicator, "slug"), "type": (ReformType, "slug"), "department": (Department, "pk"), "source": (Source, "pk")}
    if facet in models:
        model, field = models[facet]
        obj = model.objects.filter(**{field: value}).first()
        return str(obj) if obj else str(value)
    return str(labels.get(value, value))


def search(params: SearchParams, with_facets: bool = True) -> SearchResult:
    parsed = parse_query(params.q, synonym_table())
    regions = dict(Region.objects.values_list("slug", "path"))
    queryset = matching(parsed)
    for facet in FACETS:
        queryset = queryset.filter(_facet_filter(params, facet, regions))
    sort = params.sort if params.sort in SORTS else ("relevance" if parsed.include else "newest")
    if sort == "relevance" and parsed.include:
        scores: dict[int, float] = {}
        backend = get_backend()
        for tree in parsed.include:
            for pk, score in backend.scores(tree).items():
                scores[pk] = scores.get(pk, 0.0) + score
        ids = sorted(queryset.values_list("pk", flat=True), key=lambda pk: (-scores.get(pk, 0.0), pk))
    elif sort == "reduction":
        ids = list(
            queryset.annotate(cut=Min("outcomes__change_pct", filter=Q(outcomes__kind="time")))
            .order_by(F("cut").asc(nulls_last=True), "pk")
            .values_list("pk", flat=True)
        )
    else:
        sort = "newest" if sort == "relevance" else sort
        ids = list(queryset.order_by(F("year").desc(nulls_last=True), "source__file_name", "ordinal").values_list("pk", flat=True))
    facets = facet_counts(parsed, params, regions) if with_facets else {}
    return SearchResult(total=len(ids), ids=ids, facets=facets, parsed=parsed, sort=sort)
