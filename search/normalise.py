"""One normalisation for documents and queries alike, so that they meet in the same form.

NFKC folds full-width letters and digits; Traditional becomes Simplified with OpenCC's `tw2s` (which,
unlike `t2s`, writes 著力 as 着力) — a length-preserving mapping, so offsets found in the normalised
text are offsets in the original, which highlighting relies on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "„": '"', "‟": '"'})
# Circled numbers are list markers; NFKC would turn ① into 1 and glue it to the next figure.
_KEEP = re.compile(r"[\u2460-\u24ff\u2776-\u2793]")


_TW2S_DICTIONARIES = ("TWVariantsRevPhrases.txt", "TWVariantsRev.txt", "TSPhrases.txt", "TSCharacters.txt")
_CHUNK = re.compile(r"[^\s,，。；;:：!！?？、()（）“”\"]+|[\s,，。；;:：!！?？、()（）“”\"]+")


@lru_cache(maxsize=1)
def _converter():
    return opencc.OpenCC("tw2s")


@lru_cache(maxsize=1)
def _changeable() -> frozenset[str]:
    """Every character tw2s could ever change (read from the dictionaries its configuration chains).

    A stretch of text without any of them converts to itself, so Simplified text (nearly all of the
    catalogue) skips OpenCC's pure-Python matching altogether.
    """
    folder = Path(opencc.__file__).with_name("dictionary")
    chars: set[str] = set()
    for name in _TW2S_DICTIONARIES:
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            for value in values.split():
                if len(value) != len(key):
                    chars.update(key)
                else:
                    chars.update(a for a, b in zip(key, value, strict=True) if a != b)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Traditional → Simplified, one character for one (tw2s keeps lengths)."""
    if not text:
        return text
    changeable = _changeable()
    if not any(ch in changeable for ch in text):
        return text
    out = []
    for chunk in _CHUNK.findall(text):
        out.append(_converter().convert(chunk) if any(ch in changeable for ch in chunk) else chunk)
    converted = "".join(out)
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
    if text.isascii():
        folded = text.lower()
    elif unicodedata.is_normalized("NFKC", text) and not _KEEP.search(text):
        folded = text.lower() if len(text.lower()) == len(text) else "".join(map(_nfkc_char, text))
    else:
        folded = "".join(map(_nfkc_char, text))
    return to_simplified(folded).translate(_QUOTES)
