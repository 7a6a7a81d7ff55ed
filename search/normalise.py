"""One normalisation for documents and queries alike, so that they meet in the same form.

NFKC folds full-width letters and digits; Traditional becomes Simplified with OpenCC's `tw2s` (which,
unlike `t2s`, writes 著力 as 着力) — a length-preserving mapping, so offsets found in the normalised
text are offsets in the original, which highlighting relies on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "„": '"', "‟": '"'})
# Circled numbers are list markers; NFKC would turn ① into 1 and glue it to the next figure.
_KEEP = re.compile(r"[\u2460-\u24ff\u2776-\u2793]")


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("tw2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, one character for one (tw2s keeps lengths)."""
    if not text:
        return text
    converted = _converter().convert(text)
    return converted if len(converted) == len(text) else _per_char(text)


def _per_char(text: str) -> str:
    convert = _converter().convert
    out = []
    for ch in text:
        c = convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def _nfkc_char(ch: str) -> str:
    if _KEEP.match(ch):
        return ch
    folded = unicodedata.normalize("NFKC", ch).lower()
    return folded if len(folded) == 1 else ch


def normalise(text: str) -> str:
    """The searchable form of a text, character for character the same length as the input."""
    if not text:
        return ""
    folded = text.lower() if text.isascii() else "".join(map(_nfkc_char, text))
    return to_simplified(folded).translate(_QUOTES)
