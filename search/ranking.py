"""Ranking: every match of a tantivy query best first, and the tiers of a query plan one after another.

tantivy scores and orders the hits (BM25 over the weighted fields); ties are put in id order for the first
RANK_DEPTH results, so every machine shows the same pages whatever order its index segments are in.
"""

from __future__ import annotations

import threading
from operator import itemgetter

from .compile import compile_tree, ranking_query
from .index import TEXT_FIELDS
from .plan import HANDFUL, Plan, rarest_words
from .tokens import bigram_stream

RANK_DEPTH = 1000
TIE_WINDOW = 256  # scores read past RANK_DEPTH to find where its ties end
_first, _second = itemgetter(0), itemgetter(1)
_frequencies: dict = {"state": None, "counts": {}}
_lock = threading.Lock()


def ranked_ids(searcher, query) -> list[int]:
    """Every case matching a query, best first."""
    total = searcher.num_docs
    if not total:
        return []
    hits = searcher.search(query, limit=total, count=False).hits
    if not hits:
        return []
    # C-level loops: a comprehension per list cost 1.5 ms at 20 000 hits. Scores are read only as far as
    # the head that is sorted again (ties past RANK_DEPTH included).
    ids = searcher.fast_field_values("id", list(map(_second, hits)))
    end = min(len(ids), RANK_DEPTH)
    scores = list(map(_first, hits[: end + TIE_WINDOW]))
    while end < len(scores) and scores[end] == scores[end - 1]:
        end += 1
    if end == len(scores) and end < len(ids):  # more ties than the window: read every score
        scores = list(map(_first, hits))
        while end < len(ids) and scores[end] == scores[end - 1]:
            end += 1
    del hits
    head = sorted(zip(scores[:end], ids[:end], strict=True), key=lambda hit: (-hit[0], hit[1]))
    return [pk for _, pk in head] + ids[end:]


def frequency(live, tree) -> int:
    """How many cases a term is found in: counted by the engine once per catalogue state."""
    state = (live.head, str(live.generation))
    with _lock:
        if _frequencies["state"] != state:
            _frequencies["state"], _frequencies["counts"] = state, {}
        known = _frequencies["counts"].get(tree)
    if known is None:
        known = live.searcher().search(compile_tree(tree), limit=1, count=True).count
        with _lock:
            if len(_frequencies["counts"]) < 100_000:
                _frequencies["counts"][tree] = known
    return known


def indexed(live, text: str) -> bool:
    """Whether every token of a term is somewhere in the index: term-dictionary look-ups, not a search, so
    the cost does not grow with the catalogue."""
    searcher = live.searcher()
    return all(any(searcher.doc_freq(name, token) for name in TEXT_FIELDS) for token in bigram_stream(text))


def tiered(live, plan: Plan) -> tuple[list[int], tuple[int, int]]:
    """Tier 1, then what tier 2 adds, then — when both found fewer than a handful — tier 3's additions;
    each ranked by score. Returns the ids and where tiers 2 and 3 begin."""
    searcher = live.searcher()
    ids = ranked_ids(searcher, ranking_query(plan.exact, plan.proximity, or_titled=plan.all_words))
    exact_end = len(ids)
    if plan.all_words is None and exact_end >= HANDFUL:
        return ids, (exact_end, exact_end)  # nothing to add: no set of a broad query's ids
    seen = set(ids)
    if plan.all_words is not None:
        ids += [pk for pk in ranked_ids(searcher, ranking_query(plan.all_words, plan.proximity)) if pk not in seen]
        seen.update(ids[exact_end:])
    if len(ids) < HANDFUL and plan.compounds is not None:  # the compounds as their parts (用电报装: 用电, 报装)
        ids += [pk for pk in ranked_ids(searcher, ranking_query(plan.compounds, plan.proximity)) if pk not in seen]
        seen.update(ids)
    words_end = len(ids)
    if len(ids) < HANDFUL:
        partial = rarest_words(plan.words, [frequency(live, tree) for _, tree in plan.words], searcher.num_docs)
        if partial is not None:
            ids += [pk for pk in ranked_ids(searcher, ranking_query(partial, plan.proximity)) if pk not in seen]
    return ids, (exact_end, words_end)


def tier_name(position: int, bounds: tuple[int, int]) -> str:
    return "exact" if position < bounds[0] else "all_words" if position < bounds[1] else "partial"
