"""The match tree a query's terms become (words, phrases of bigrams, prefixes, and/or), and the input
cleaning. search/plan.py reads the query language (space = AND, "quoted" = phrase, -word excludes) into
tiers of these trees; search/compile.py turns them into tantivy queries term by term, so user text never
reaches a query parser as syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reforms.text import normalise

from .tokens import bigrams, is_cjk, runs

MAX_QUERY_CHARS = 200
MAX_CLAUSES = 12


@dataclass(frozen=True)
class Word:
    token: str


@dataclass(frozen=True)
class Phrase:
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    token: str


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Synonyms:
    """A term or any of its thesaurus alternatives: matches as an Or, but scores as the best of them, an
    alternative's score discounted, so a literal match outranks a synonym's and a case that happens to use
    many of a term's alternatives does not pile up their scores above one that uses the term itself."""

    literal: object
    alternatives: tuple


CLAUSE = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')  # -"quoted phrase" or -word
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean(raw: str) -> str:
    """Query text without control characters, bidi marks or lone surrogates, capped in length."""
    return normalise(_CONTROL.sub(" ", raw or "")[:MAX_QUERY_CHARS])


def _segment(run: str):
    if not is_cjk(run):
        return Word(run)
    if len(run) == 1:
        return Prefix(run)
    if len(run) == 2:
        return Word(run)  # its single bigram is the word itself
    return Or((Word(run), Phrase(tuple(bigrams(run)))))


def term_tree(text: str):
    """A term matches when every script run of it matches (12345热线 = 12345 AND 热线)."""
    parts = [_segment(run) for run in runs(text)]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def phrase_tree(text: str):
    tokens = [gram for run in runs(text) for gram in bigrams(run)]
    if not tokens:
        return None
    if len(tokens) == 1:
        return term_tree(text)
    return Phrase(tuple(tokens))
