"""Related cases for a case page: the same reform reported by another source, then cases that share its
indicators and reform types and its most distinctive title words.

Bounded at any catalogue size: candidates are chosen by id only — at most POOL cases sharing an indicator
and a reform type (the search's facet filters; for a case without labels, cases of its region) and at
most TITLE_POOL cases matching the title's most distinctive word (the search's ranking puts title hits
first) — then scored from their titles and labels (two small queries over at most 130 ids), and only
the winners are loaded as model instances. The winners' ids are remembered per index version.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from django.core.cache import cache
from django.db import connection

from reforms.models import Reform
from reforms.text import normalise

from .engine import SearchParams, best_ids, search
from .models import IndexState
from .tokens import bigram_stream, title_words

POOL = 100  # label candidates considered (the newest sharing an indicator and a type)
TITLE_POOL = 30  # title-word candidates considered (best ranked)
CACHE_SECONDS = 3600  # a choice is remembered per index version; any change to the catalogue makes a new key
SAME_REFORM_OVERLAP = 0.3  # title bigram overlap from which a case in another source is the same reform


@lru_cache(maxsize=4096)
def _title_grams(title: str) -> frozenset[str]:
    """Title bigrams, normalised (Traditional folded into Simplified); remembered, since the same
    candidates recur on many case pages and normalising is the costly part."""
    return frozenset(g for g in bigram_stream(normalise(title)) if len(g) == 2)


def _title_word(title: str) -> str:
    """The title's longest word (longer words are rarer, so the query stays narrow; on the real cases one
    word finds more of the same reforms in other sources than two words together)."""
    words = sorted({w for w in title_words(normalise(title)) if len(w) >= 2}, key=lambda w: (-len(w), w))
    return words[0] if words else ""


def _labels(ids: list[int]) -> dict[int, set[tuple[str, int]]]:
    """Each case's indicators and reform types, as (kind, id) pairs: two queries on the link tables."""
    labels = defaultdict(set)
    for kind, relation, column in (("i", Reform.indicators, "indicator_id"), ("t", Reform.reform_types, "reformtype_id")):
        for reform_id, label_id in relation.through.objects.filter(reform_id__in=ids).values_list("reform_id", column):
            labels[reform_id].add((kind, label_id))
    return labels


def _candidate_ids(reform: Reform) -> list[int]:
    indicators = list(reform.indicators.values_list("slug", flat=True))
    types = list(reform.reform_types.values_list("slug", flat=True))
    # a case without labels draws on its region instead (two engine calls either way)
    shared = SearchParams(indicator=indicators, type=types) if indicators or types else SearchParams(region=[reform.region.slug])
    pools = [search(shared, with_facets=False).page_ids(0, POOL)]
    word = _title_word(reform.title)
    if word:
        pools.append(best_ids(word, TITLE_POOL))
    seen, ids = {reform.pk}, []
    for pool in pools:
        for pk in pool:
            if pk not in seen:
                seen.add(pk)
                ids.append(pk)
    return ids


def related_reforms(reform: Reform, limit: int = 6) -> list[Reform]:
    # The choice depends only on the catalogue: remembered per index version (ids only, a few bytes).
    key = f"related:{connection.alias}:{IndexState.current()}:{reform.pk}:{limit}"
    winners = cache.get(key)
    if winners is None:
        winners = _choose(reform, limit)
        cache.set(key, winners, CACHE_SECONDS)
    loaded = Reform.objects.filter(pk__in=winners).select_related("region").only(
        "pk", "title", "subtitle", "year", "status", "source_id", "region__name", "region__slug", "region__path"
    )
    by_id = {r.pk: r for r in loaded}
    return [by_id[pk] for pk in winners if pk in by_id]


def _choose(reform: Reform, limit: int) -> list[int]:
    """The ids of the best `limit` candidates."""
    ids = _candidate_ids(reform)
    if not ids:
        return []
    rows = Reform.objects.filter(pk__in=ids).values_list("pk", "title", "source_id")
    labels = _labels([reform.pk, *ids])
    own_labels = labels.get(reform.pk, set())
    own = _title_grams(reform.title)

    def score(row) -> float:
        pk, title, source_id = row
        overlap = len(own & _title_grams(title)) / max(len(own), 1)
        same_reform_elsewhere = source_id != reform.source_id and overlap >= SAME_REFORM_OVERLAP
        shared = len(own_labels & labels.get(pk, set()))
        return (2.0 if same_reform_elsewhere else 0.0) + overlap * 2 + shared * 0.1

    return [row[0] for row in sorted(rows, key=lambda row: (-score(row), row[0]))[:limit]]
