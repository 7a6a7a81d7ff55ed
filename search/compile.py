"""A match tree as a tantivy query. Every token becomes a term built by hand — user text never reaches
tantivy's query parser — and each leaf is looked for in every field, with the field's weight."""

from __future__ import annotations

import re

import tantivy

from .index import SCHEMA, TEXT_FIELDS
from .query import And, Or, Phrase, Prefix, Synonyms, Word

# A title hit outranks a label hit, which outranks many practice or body hits.
FIELD_BOOSTS = {"title": 4.0, "labels": 2.5, "main": 1.5, "body": 1.0}
# A thesaurus alternative's score, relative to the literal term's; and how much the other matching
# alternatives add to the best one (dis-max tie breaker).
ALTERNATIVE_WEIGHT = 0.6
ALTERNATIVE_TIE = 0.2

Occur = tantivy.Occur
Query = tantivy.Query


def _any_field(make, fields) -> Query:
    return Query.boolean_query([(Occur.Should, Query.boost_query(make(name), FIELD_BOOSTS[name])) for name in fields])


def _leaf(tree, slop: int, fields) -> Query:
    if isinstance(tree, Word):
        return _any_field(lambda f: Query.term_query(SCHEMA, f, tree.token), fields)
    if isinstance(tree, Prefix):
        pattern = re.escape(tree.token) + ".*"
        return _any_field(lambda f: Query.regex_query(SCHEMA, f, pattern), fields)
    if isinstance(tree, Phrase):
        return _any_field(lambda f: Query.phrase_query(SCHEMA, f, list(tree.tokens), slop), fields)
    raise TypeError(tree)


def compile_tree(tree, slop: int = 0, fields=TEXT_FIELDS) -> Query:
    """`slop`: how many positions a phrase's tokens may stand apart (0: together, as written); `fields`:
    where to look (every field unless told)."""
    if isinstance(tree, And):
        return Query.boolean_query([(Occur.Must, compile_tree(c, slop, fields)) for c in tree.children])
    if isinstance(tree, Or):
        return Query.boolean_query([(Occur.Should, compile_tree(c, slop, fields)) for c in tree.children])
    if isinstance(tree, Synonyms):
        others = [Query.boost_query(compile_tree(a, slop, fields), ALTERNATIVE_WEIGHT) for a in tree.alternatives]
        return Query.disjunction_max_query([compile_tree(tree.literal, slop, fields), *others], ALTERNATIVE_TIE)
    return _leaf(tree, slop, fields)


PROXIMITY_SLOP = 6
PROXIMITY_BOOST = 0.5


def ranking_query(tree, proximity=(), or_titled=None) -> Query:
    """A tree to match, plus phrases (a clause's bigrams) that score when its words stand close; with
    `or_titled`, also the cases whose title holds that tree (every word of the query, in any order)."""
    match = compile_tree(tree)
    if or_titled is not None:
        match = Query.boolean_query([(Occur.Should, match), (Occur.Should, compile_tree(or_titled, fields=("title",)))])
    if not proximity:
        return match
    bonus = [(Occur.Should, Query.boost_query(compile_tree(p, slop=PROXIMITY_SLOP), PROXIMITY_BOOST)) for p in proximity]
    return Query.boolean_query([(Occur.Must, match), *bonus])
