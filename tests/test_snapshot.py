"""The in-process index snapshot (facet bitmaps and sort orders) against the database it is loaded from."""

from array import array
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import F, Min, Q
from hypothesis import given
from hypothesis import strategies as st

from reforms.models import Indicator, Reform, Source
from search import live
from search import snapshot as snapshots
from search.engine import FACETS, SearchParams, search
from search.models import FacetEntry
from search.snapshot import Membership, bits_from_ids, ids_from_bits

pytestmark = pytest.mark.django_db

PARAMS = [
    SearchParams(),
    SearchParams(q="不动产"),
    SearchParams(q="营商环境", region=["guangdong"]),
    SearchParams(q="税", indicator=["paying-taxes", "starting-a-business"], status=["implemented"]),
    SearchParams(region=["guangzhou", "quzhou"], kind=["time"]),
    SearchParams(q="办理 -不动产", year=[2023, 2022]),
    SearchParams(q="量子"),
]


@given(st.sets(st.integers(min_value=0, max_value=5000)), st.integers(min_value=0, max_value=5100))
def test_bitmaps_round_trip_and_answer_membership(ids, probe):
    bits = bits_from_ids(ids)
    assert ids_from_bits(bits) == sorted(ids)
    assert bits.bit_count() == len(ids)
    assert (probe in Membership(bits)) == (probe in ids)
    assert bits_from_ids(array("q", sorted(ids))) == bits


@given(st.sets(st.integers(min_value=0, max_value=3000)), st.lists(st.integers(min_value=0, max_value=3100), unique=True))
def test_keeping_members_keeps_the_ranked_order(members, ranked):
    kept = Membership(bits_from_ids(members)).keep(array("q", ranked)).tolist()
    assert kept == [pk for pk in ranked if pk in members]


def _matching_ids(params: SearchParams) -> set[int]:
    return set(search(SearchParams(q=params.q), with_facets=False).ids)


def _having(facet: str, values) -> set[int]:
    return set(FacetEntry.objects.filter(facet=facet, value__in=[str(v) for v in values]).values_list("reform_id", flat=True))


@pytest.mark.parametrize("params", PARAMS, ids=range(len(PARAMS)))
def test_totals_and_disjunctive_counts_equal_a_database_oracle(params):
    result = search(params)
    matching = _matching_ids(params)
    chosen = {f: _having(f, params.selected(f)) for f in FACETS if params.selected(f)}
    expected_ids = matching.intersection(*chosen.values()) if chosen else matching
    assert result.total == len(expected_ids) and set(result.ids) == expected_ids
    for facet in FACETS:
        base = matching.intersection(*[ids for other, ids in chosen.items() if other != facet])
        expected = Counter(FacetEntry.objects.filter(facet=facet, reform_id__in=base).values_list("value", flat=True))
        shown = {v.value: v.count for v in result.facets[facet] if v.count}
        assert shown == {k: n for k, n in expected.items() if k in shown}  # every shown count is right
        assert len(shown) == min(len(expected), 30)  # and none is missing (30 values at most)


@pytest.mark.parametrize("params", PARAMS[:6], ids=range(6))
def test_newest_and_largest_cut_pages_equal_the_database_order(params):
    for sort, ordering in (
        ("newest", Reform.objects.order_by(F("year").desc(nulls_last=True), "source__file_name", "ordinal")),
        ("reduction", Reform.objects.annotate(cut=Min("outcomes__change_pct", filter=Q(outcomes__kind="time")))
         .order_by(F("cut").asc(nulls_last=True), "pk")),
    ):
        result = search(SearchParams(**{**params.__dict__, "sort": sort}), with_facets=False)
        expected = list(ordering.filter(pk__in=result.ids).values_list("pk", flat=True))
        assert result.ids == expected
        assert result.page_ids(5, 7) == expected[5:12]


def test_the_snapshot_follows_a_relabelled_case_and_forgets_a_rolled_back_one(reform_by_key):
    case = reform_by_key("001-1")
    spare = Indicator.objects.exclude(pk__in=case.indicators.all()).order_by("position").first()

    def count():
        return search(SearchParams(indicator=[spare.slug]), with_facets=False).total

    before = count()
    with pytest.raises(RuntimeError), transaction.atomic():
        case.indicators.add(spare)
        assert count() == before + 1  # seen at once, within the change
        raise RuntimeError("the editor's change fails")
    assert count() == before  # rolled back: the snapshot loaded inside the change is not reused
    case.indicators.add(spare)
    assert count() == before + 1


def test_renaming_a_source_reorders_its_cases_in_the_newest_order():
    head = live.current().head
    source = Source.objects.order_by("pk").first()
    source.file_name = "zzz_" + source.file_name
    source.save()
    newest = search(SearchParams(sort="newest"), with_facets=False).ids
    expected = list(Reform.objects.order_by(F("year").desc(nulls_last=True), "source__file_name", "ordinal").values_list("pk", flat=True))
    assert live.current().head != head and newest == expected


def _same(a: snapshots.Snapshot, b: snapshots.Snapshot) -> bool:
    return (a.universe == b.universe and a.values == b.values
            and all(a.orders[n].entries == b.orders[n].entries for n in snapshots.ORDER_SQL))


def test_the_patched_snapshot_equals_one_loaded_afresh(reform_by_key):
    live.current()
    case, other = reform_by_key("001-1"), reform_by_key("003-5")
    case.indicators.clear()
    case.year = 1999
    case.save()
    other.outcomes.filter(kind="time").update(change_pct=-99.9)
    other.save()
    reform_by_key("000-3").delete()
    assert _same(live.current().snapshot, snapshots.load())


def test_remembered_matches_never_outlive_an_index_change(reform_by_key):
    case = reform_by_key("004-9")
    assert search(SearchParams(q="独角兽人才专项"), with_facets=False).total == 0  # remembered: no match
    with pytest.raises(RuntimeError), transaction.atomic():
        case.title = "独角兽人才专项认定"
        case.save()
        assert search(SearchParams(q="独角兽人才专项"), with_facets=False).ids == [case.pk]
        raise RuntimeError("rolled back")
    assert search(SearchParams(q="独角兽人才专项"), with_facets=False).total == 0


def test_remembered_matches_stay_within_their_bound(monkeypatch):
    from search import matchcache

    matchcache.clear()
    monkeypatch.setattr(matchcache, "MAX_IDS", 150)
    monkeypatch.setattr(matchcache, "MAX_ENTRIES", 3)
    expected = {q: search(SearchParams(q=q), with_facets=False).ids for q in ("营商环境", "不动产", "税", "登记", "量子")}
    assert matchcache._size <= 150 and len(matchcache._entries) <= 3
    for q, ids in expected.items():  # evicted or not, the answers are the same
        assert search(SearchParams(q=q), with_facets=False).ids == ids
    matchcache.clear()


