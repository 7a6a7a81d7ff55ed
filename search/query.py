"""The query language (space = AND, "quoted" = phrase, -word excludes) parsed into a small match tree.

The tree is compiled by each backend into its own syntax with every token quoted, so user text never
reaches FTS5's MATCH or PostgreSQL's to_tsquery as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


@dataclass
class ParsedQuery:
    include: list = field(default_factory=list)  # match trees that must all hold
    exclude: list = field(default_factory=list)  # match trees that must not hold
    terms: list[str] = field(default_factory=list)  # normalised strings to highlight

    @property
    def is_empty(self) -> bool:
        return not self.include and not self.exclude


_CLAUSE = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
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


def parse_query(raw: str, synonyms: dict[str, list[str]] | None = None) -> ParsedQuery:
    """Parse user input; unknown syntax degrades to words, never to an error."""
    synonyms = synonyms or {}
    parsed = ParsedQuery()
    for m in list(_CLAUSE.finditer(clean(raw)))[:MAX_CLAUSES]:
        negated = bool(m.group(1) or m.group(3))
        quoted = m.group(2) is not None
        text = (m.group(2) if quoted else m.group(4)) or ""
        if quoted:
            tree = phrase_tree(text)
        else:
            alternatives = [text, *synonyms.get(text, [])]
            trees = [t for t in (term_tree(a) for a in alternatives) if t is not None]
            tree = trees[0] if len(trees) == 1 else (Or(tuple(trees)) if trees else None)
        if tree is None:
            continue
        (parsed.exclude if negated else parsed.include).append(tree)
        if not negated:
            parsed.terms.extend(r for r in runs(text))
            if not quoted:
                parsed.terms.extend(r for a in synonyms.get(text, []) for r in runs(a))
    return parsed
