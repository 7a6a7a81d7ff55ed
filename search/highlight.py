"""Highlighting on the original text: matches are found in the normalised text (same length, so the same
offsets) and marked in the original, which is HTML-escaped before any <mark> goes in."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from reforms.text import normalise


def _spans(text: str, terms: list[str], norm: str | None = None) -> list[tuple[int, int]]:
    if not any(terms):
        return []  # nothing to find (a listing without a query): no text to normalise
    norm = normalise(text) if norm is None else norm
    spans = []
    for term in sorted(set(t for t in terms if t), key=len, reverse=True):
        start = norm.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = norm.find(term, start + len(term))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, terms: list[str], normalised: str | None = None) -> str:
    """The whole text, escaped, with every match wrapped in <mark>. `normalised`: the text's stored
    normalised form (same length), when the caller has it."""
    out, last = [], 0
    for s, e in _spans(text, terms, normalised):
        out.append(escape(text[last:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        last = e
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


WINDOW = 600


def _first_match(text: str, terms: list[str]) -> int | None:
    """Where the first match starts, normalising the text a window at a time (long Traditional texts
    are costly to convert whole, and the first match is usually near the start)."""
    longest = max((len(t) for t in terms if t), default=0)
    if not longest:
        return None
    step = WINDOW - longest
    for offset in range(0, len(text), max(step, 1)):
        spans = _spans(text[offset : offset + WINDOW], terms)
        if spans:
            return offset + spans[0][0]
    return None


def snippet(text: str, terms: list[str], width: int = 110, normalised: str | None = None) -> str:
    """A window of the text around its first match (or its start), escaped and highlighted. With the
    text's stored normalised form (search.documents.normalised_bodies) this is a plain string search."""
    if normalised is not None and len(normalised) != len(text):
        normalised = None  # stored before an edit this page already shows: normalise afresh
    if normalised is None:
        first = _first_match(text, terms)
    else:
        spans = _spans(text, terms, normalised)
        first = spans[0][0] if spans else None
    start = max(0, first - width // 3) if first is not None else 0
    end = min(len(text), start + width)
    piece = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    norm_piece = normalised[start:end] if normalised is not None else None
    return mark_safe(prefix + highlight(piece, terms, norm_piece) + suffix)
