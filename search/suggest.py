"""No dead ends: for a query that finds nothing, the labels, departments and regions whose names share its
words, and the thesaurus's near terms — each a filter or another query that does find cases."""

from __future__ import annotations

from functools import lru_cache

from reforms.text import normalise

from .tokens import bigram_stream

MAX_SUGGESTIONS = 8
FACETS = ("indicator", "type", "department", "region")


def _grams(text: str) -> frozenset[str]:
    return frozenset(g for g in bigram_stream(normalise(text)) if len(g) == 2)


# A name's bigrams: the same few thousand labels and thesaurus terms are compared with every query (the
# query's own are not remembered: user text is unbounded).
_name_grams = lru_cache(maxsize=16384)(_grams)


def suggestions(plan, raw: str, labels: dict, live, table: dict[str, list[str]]) -> list[dict]:
    """Suggestions ranked by how many of the query's bigrams they share; only ones with cases. `table`: the
    thesaurus the query was planned with."""
    wanted = _grams(raw)
    if not wanted:
        return []
    scored = []
    for facet in FACETS:
        carried = live.snapshot.values.get(facet, {})
        for value, (label, *_rest) in labels.get(facet, {}).items():
            shared = len(wanted & _name_grams(str(label)))
            if shared and carried.get(value):
                scored.append((-shared, str(label), {"label": str(label), "facet": facet, "value": value}))
    asked = normalise(raw)
    for term in table:
        shared = len(wanted & _name_grams(term))
        if shared and term != asked:
            scored.append((-shared + 0.5, term, {"label": term, "q": term}))
    scored.sort(key=lambda s: (s[0], s[1]))
    out, seen = [], set()
    for _, label, item in scored:
        if label not in seen:
            seen.add(label)
            out.append(item)
        if len(out) == MAX_SUGGESTIONS:
            break
    return out
