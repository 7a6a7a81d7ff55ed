"""Search over the catalogue: text match, filters, disjunctive facets, sorting and paging in one place,
so the HTML page and the API give the same answers.

The tantivy index (search/index.py, kept in step by search/live.py) finds and ranks the text matches;
filters, the total and the disjunctive facet counts are then bitmap operations on those ids
(search/snapshot.py), and the "newest" and "largest cut" orders are walks over precomputed orders. A
refinement of the same text (facet click, next page, other order) reuses the remembered matches
(search/matchcache.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection

from reforms.choices import OutcomeKind, ReformStatus
from reforms.models import Department, Indicator, ReformType, Region, Source

from . import live as live_index
from .compile import compile_tree, ranking_query
from .matchcache import Matches, cached_matches
from .plan import Plan, plan_query
from .query import term_tree
from .ranking import frequency, indexed, ranked_ids, tier_name, tiered
from .snapshot import Membership, Snapshot
from .suggest import suggestions
from .thesaurus import thesaurus

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
    parsed: Plan
    sort: str
    _page: object = None
    # What the query was widened with (thesaurus alternatives), for "同时搜索: …" on the page and API.
    also_searched: list[str] = field(default_factory=list)
    # For a query with no results: labels, departments, regions and near terms that share its words,
    # each a dict with "label" and either "facet" + "value" (a filter) or "q" (another query).
    suggestions: list[dict] = field(default_factory=list)
    # How each result matched: "exact" (as written), "all_words" (every word, any order) or "partial";
    # `_tiers` holds explicit answers (a result built by hand), `_tier_of` works them out.
    _tiers: dict = field(default_factory=dict)
    _tier_of: object = None
    # Every facet value's count, untruncated (`facets` shows the first FACET_SIZE): what a landing page
    # summarises (child regions, cases per indicator) without counting over the database.
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def tier(self, pk: int) -> str:
        if pk in self._tiers:
            return self._tiers[pk]
        return self._tier_of(pk) if self._tier_of is not None else "exact"

    @property
    def terms(self) -> list[str]:
        return self.parsed.terms

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
        "department": {str(pk): (name, (name,)) for pk, name in Department.objects.values_list("pk", "name")},
        "status": {v: (label, (v,)) for v, label in ReformStatus.choices},
        "kind": {v: (label, (v,)) for v, label in OutcomeKind.choices},
    }


def _facet_values(facet: str, counts: dict[str, int], selected: list, labels: dict) -> list[FacetValue]:
    chosen = {str(v) for v in selected}
    values = set(counts) | chosen
    table = labels.get(facet, {})
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


def facet_counts(maps: Snapshot, matches: int, filters: dict[str, int]) -> dict[str, dict[str, int]]:
    """Disjunctive counts: each facet counts over the text matches and the other facets' filters, so
    choosing 广州 still shows how many cases 深圳 would give."""
    counts = {}
    for facet in FACETS:
        base = matches
        for other, bits in filters.items():
            if other != facet:
                base &= bits
        counts[facet] = maps.counts(facet, base)
    return counts


def _remembered(live: live_index.Live, key, compute) -> Matches:
    return cached_matches((connection.alias, live.head, str(live.generation), key), compute)


def _known(live: live_index.Live):
    """Whether the catalogue has a word at all. A word of no searchable characters (a CJK radical such as ⺀
    is neither a Han character nor a letter) matches nothing; it used to reach the engine as no query."""

    def known(word: str) -> bool:
        tree = term_tree(word)
        return tree is not None and frequency(live, tree) > 0

    return known


def search(params: SearchParams, with_facets: bool = True) -> SearchResult:
    live = live_index.current()
    table = thesaurus((connection.alias, live.head, str(live.generation)))
    plan = plan_query(params.q, table, known=_known(live), indexed=lambda text: indexed(live, text))
    maps = live.snapshot
    sort = params.sort if params.sort in SORTS else ("relevance" if plan.exact is not None else "newest")
    if sort == "relevance" and plan.exact is None:
        sort = "newest"
    filters = {facet: maps.any_of(facet, params.selected(facet)) for facet in FACETS if params.selected(facet)}

    ranked, tier_of = None, None
    if plan.exact is None:
        matches = maps.universe
    else:
        found = _remembered(live, ("tiers", plan.key()), lambda: tiered(live, plan))
        ranked, matches = found.ids, found.bits & maps.universe

        def tier_of(pk, ids=found.ids, bounds=found.bounds):
            return tier_name(ids.index(pk), bounds) if pk in found_members else "exact"

        found_members = Membership(found.bits)
    for tree in plan.exclude:
        matches &= ~_remembered(live, ("match", tree), lambda t=tree: ranked_ids(live.searcher(), compile_tree(t))).bits
    results = matches
    for bits in filters.values():
        results &= bits
    total = results.bit_count()

    if sort == "relevance":
        if filters or plan.exclude or total != len(ranked):
            ranked = Membership(results).keep(ranked).tolist()

        def page(offset, limit):
            return list(ranked[offset : offset + limit])
    else:

        def page(offset, limit):
            return maps.ordered_page(sort, results, offset, limit)

    facets, counts = {}, {}
    if with_facets:
        counts = facet_counts(maps, matches, filters)
        labels = _labels(f"{live.head}:{live.generation.name}")
        facets = {f: _facet_values(f, counts.get(f, {}), params.selected(f), labels) for f in FACETS}
    hints = suggestions(plan, params.q, _labels(f"{live.head}:{live.generation.name}"), live, table) if not total and plan.exact is not None else []
    return SearchResult(total=total, facets=facets, parsed=plan, sort=sort, _page=page, also_searched=plan.also,
                        suggestions=hints, _tier_of=tier_of, counts=counts)


def best_ids(q: str, limit: int) -> list[int]:
    """The `limit` best-ranked cases matching a text query as written (its first tier), ranked by the
    engine's top-k alone: no facets and no list of every match, which a broad word at 100 000 cases makes
    cost 20–40 ms where thirty candidates (a case page's related cases) cost a few."""
    live = live_index.current()
    plan = plan_query(q, thesaurus((connection.alias, live.head, str(live.generation))),
                      known=_known(live), indexed=lambda text: indexed(live, text))
    if plan.exact is None or limit <= 0:
        return []
    searcher = live.searcher()
    hits = searcher.search(ranking_query(plan.exact, plan.proximity, or_titled=plan.all_words), limit=limit).hits
    ids = searcher.fast_field_values("id", [address for _, address in hits])
    ranked = sorted(zip((score for score, _ in hits), ids, strict=True), key=lambda hit: (-hit[0], hit[1]))
    return [pk for _, pk in ranked]
