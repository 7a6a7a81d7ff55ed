"""Search over the catalogue: text match, filters, disjunctive facets, sorting and paging in one place,
so the HTML page and the API give the same answers.

Filters and facet counts read the FacetEntry table (one row per case and facet value, regions rolled up
to their ancestors), so every facet is one indexed GROUP BY; ranking, limiting and counting happen in
the database, never by loading the matches into Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet

from reforms.choices import OutcomeKind, ReformStatus
from reforms.models import Department, Indicator, Reform, ReformType, Region, Source

from .backends import get_backend
from .models import FacetEntry
from .query import And, ParsedQuery, parse_query
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

    def has_filters(self) -> bool:
        return any(self.selected(f) for f in FACETS)


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
    facets: dict[str, list[FacetValue]]
    parsed: ParsedQuery
    sort: str
    _page: object = None

    def page_ids(self, offset: int, limit: int) -> list[int]:
        """Ids of one page of results, in result order (one query)."""
        return self._page(offset, limit) if self.total else []

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def __getitem__(self, index):
        """Slices fetch one page (so a Paginator can page through results without loading them all)."""
        if isinstance(index, slice):
            start, stop, _ = index.indices(self.total)
            return self.page_ids(start, max(0, stop - start))
        return self.page_ids(index, 1)[0]

    @property
    def ids(self) -> list[int]:
        """Every result id in order (exports and tests; pages use page_ids)."""
        return self.page_ids(0, self.total)


def _facet_filter(facet: str, values: list) -> Q:
    if not values:
        return Q()
    rows = FacetEntry.objects.filter(facet=facet, value__in=[str(v) for v in values]).values("reform_id")
    return Q(pk__in=rows)


def _text_filter(parsed: ParsedQuery) -> Q:
    backend = get_backend()
    q = Q()
    if parsed.include:
        q &= Q(pk__in=backend.match_expression(_combined(parsed)))
    for tree in parsed.exclude:
        q &= ~Q(pk__in=backend.match_expression(tree))
    return q


def _combined(parsed: ParsedQuery):
    return parsed.include[0] if len(parsed.include) == 1 else And(tuple(parsed.include))


def _filters(params: SearchParams, skip: str | None = None) -> Q:
    q = Q()
    for facet in FACETS:
        if facet != skip:
            q &= _facet_filter(facet, params.selected(facet))
    return q


def _catalogue_version() -> str:
    """Changes whenever a case is indexed, re-indexed or removed (its facet rows are written anew, with
    new ids): the key of cached facet counts."""
    from django.db.models import Max

    stats = FacetEntry.objects.aggregate(n=Count("pk"), latest=Max("pk"))
    return f"{stats['n']}-{stats['latest']}"


def _grouped_counts(reform_ids: QuerySet | None, facets: list[str]) -> dict[str, dict[str, int]]:
    # With every facet wanted, no facet condition: the planner then walks the matches' rows by reform
    # id instead of scanning every row of every facet and probing the matches.
    rows = FacetEntry.objects.all() if set(facets) == set(FACETS) else FacetEntry.objects.filter(facet__in=facets)
    if reform_ids is not None:
        rows = rows.filter(reform_id__in=reform_ids)
    counts: dict[str, dict[str, int]] = {f: {} for f in facets}
    for row in rows.values("facet", "value").annotate(n=Count("reform_id")).order_by():
        counts[row["facet"]][row["value"]] = row["n"]
    return counts


def _labels(version: str) -> dict[str, dict[str, tuple[str, tuple]]]:
    """Display name and sort key of every facet value that can exist (small tables), cached per index
    version: a relabelled or re-imported catalogue re-indexes, which changes the version."""
    key = f"facet-labels:{connection.alias}:{version}"
    labels = cache.get(key)
    if labels is None:
        labels = _load_labels()
        cache.set(key, labels, 300)
    return labels


def _load_labels() -> dict[str, dict[str, tuple[str, tuple]]]:
    regions = {r.slug: (r.name, (r.path,), r.path.count("/") - 2) for r in Region.objects.all()}
    return {
        "region": regions,
        "indicator": {i.slug: (i.name, (i.position,)) for i in Indicator.objects.all()},
        "type": {t.slug: (t.name, (t.position,)) for t in ReformType.objects.all()},
        "source": {str(s.pk): (s.title, (s.file_name,)) for s in Source.objects.only("pk", "title", "file_name")},
        "status": {v: (label, (v,)) for v, label in ReformStatus.choices},
        "kind": {v: (label, (v,)) for v, label in OutcomeKind.choices},
    }


def _facet_values(facet: str, counts: dict[str, int], selected: list, labels: dict) -> list[FacetValue]:
    chosen = {str(v) for v in selected}
    values = set(counts) | chosen
    table = labels.get(facet, {})
    if facet == "department":
        names = dict(Department.objects.filter(pk__in=[int(v) for v in values if v.isdigit()]).values_list("pk", "name"))
        table = {str(pk): (name, ()) for pk, name in names.items()}
    out = []
    for value in values:
        label, *_ = table.get(value, (value, ()))
        depth = table[value][2] if facet == "region" and value in table else 0
        out.append(FacetValue(value, str(label), counts.get(value, 0), value in chosen, depth))
    if facet == "region":
        out.sort(key=lambda v: table.get(v.value, ("", ("~",)))[1])
    elif facet == "year":
        out.sort(key=lambda v: v.value, reverse=True)
    else:
        out.sort(key=lambda v: (-v.count, table.get(v.value, ("", ()))[1], v.value))
    return [v for v in out if v.count or v.selected][: FACET_SIZE + len(chosen)]


def facet_counts(parsed: ParsedQuery, params: SearchParams, version: str) -> dict[str, dict[str, int]]:
    """Disjunctive counts: each facet counts over the text match and the other facets' filters."""
    if parsed.is_empty and not params.has_filters():
        key = f"facets:{connection.alias}:{version}"
        cached = cache.get(key)
        if cached is None:
            cached = _grouped_counts(None, list(FACETS))
            cache.set(key, cached, 300)
        return cached
    text = _text_filter(parsed)
    unselected = [f for f in FACETS if not params.selected(f)]
    counts = _grouped_counts(Reform.objects.filter(text & _filters(params)).values("pk"), unselected) if unselected else {}
    for facet in FACETS:
        if params.selected(facet):
            base = Reform.objects.filter(text & _filters(params, skip=facet)).values("pk")
            counts.update(_grouped_counts(base, [facet]))
    return counts


def search(params: SearchParams, with_facets: bool = True) -> SearchResult:
    parsed = parse_query(params.q, synonym_table())
    filters = _filters(params)
    text = _text_filter(parsed)
    queryset = Reform.objects.filter(filters & text)
    total = queryset.count()
    sort = params.sort if params.sort in SORTS else ("relevance" if parsed.include else "newest")
    if sort == "relevance" and not parsed.include:
        sort = "newest"

    if sort == "relevance":
        backend = get_backend()
        within_qs = Reform.objects.filter(filters & _text_filter(ParsedQuery(exclude=parsed.exclude)))
        within = within_qs.values("pk").query.sql_with_params() if (params.has_filters() or parsed.exclude) else None

        def page(offset, limit):
            sql, sql_params = backend.ranked_sql(_combined(parsed), within, limit, offset)
            with connection.cursor() as cursor:
                cursor.execute(sql, sql_params)
                return [row[0] for row in cursor.fetchall()]
    else:
        if sort == "reduction":
            ordered = queryset.annotate(cut=Min("outcomes__change_pct", filter=Q(outcomes__kind="time"))).order_by(
                F("cut").asc(nulls_last=True), "pk"
            )
        else:
            ordered = queryset.order_by(F("year").desc(nulls_last=True), "source__file_name", "ordinal")

        def page(offset, limit):
            return list(ordered.values_list("pk", flat=True)[offset : offset + limit])

    facets = {}
    if with_facets:
        version = _catalogue_version()
        counts = facet_counts(parsed, params, version)
        labels = _labels(version)
        facets = {f: _facet_values(f, counts.get(f, {}), params.selected(f), labels) for f in FACETS}
    return SearchResult(total=total, facets=facets, parsed=parsed, sort=sort, _page=page)
