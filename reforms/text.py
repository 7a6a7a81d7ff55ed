"""One normalisation for documents and queries alike, so that they meet in the same form. It lives in the
domain layer because ingest, outcome extraction and classification use it as much as search does.

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
# Combining marks and jamo: NFKC may merge them with the character before (length changes in place).
_COMBINING = re.compile(r"[\u0300-\u036f\u1100-\u11ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u302a-\u302f\u3099\u309a\ufe20-\ufe2f]")


# tw2s as OpenCC's configuration chains it: Taiwan variants back to standard, then Traditional to
# Simplified; each step is a group of a phrase and a character dictionary, matched longest first.
TW2S_STEPS = (("TWVariantsRevPhrases.txt", "TWVariantsRev.txt"), ("TSPhrases.txt", "TSCharacters.txt"))


class Tw2s:
    """OpenCC's tw2s conversion over OpenCC's own dictionaries, with a lookup table per step instead
    of opencc-python-reimplemented's parse trees (same output on the whole catalogue, ~7x faster;
    tests/test_search.py checks the two agree)."""

    def __init__(self):
        folder = Path(opencc.__file__).with_name("dictionary")
        self.steps = []
        for names in TW2S_STEPS:
            table: dict[str, str] = {}
            for name in names:
                for line in (folder / name).read_text(encoding="utf-8").splitlines():
                    key, _, values = line.partition("\t")
                    if key and values and key not in table:
                        table[key] = values.split()[0]
            lengths: dict[str, set[int]] = {}
            for key in table:
                lengths.setdefault(key[0], set()).add(len(key))
            self.steps.append((table, {c: sorted(ls, reverse=True) for c, ls in lengths.items()}))
        # Every character a step could change: text with none of them (most Simplified text) is returned
        # as it is after one C-speed set test.
        changeable: set[str] = set()
        for table, _ in self.steps:
            for key, value in table.items():
                if len(key) != len(value):
                    changeable.update(key)
                else:
                    changeable.update(a for a, b in zip(key, value, strict=True) if a != b)
        self.changeable = frozenset(changeable)
        # Per step: a translation table for single characters (applied at C speed between phrase
        # starters), and the characters a phrase of two or more characters can start with (~6 % of a
        # Traditional text): only there does the longest-match lookup run in Python.
        self.fast = []
        for table, lengths in self.steps:
            single = {ord(k): v for k, v in table.items() if len(k) == 1}
            starters = sorted(c for c, ls in lengths.items() if any(n > 1 for n in ls))
            pattern = re.compile("[" + "".join(re.escape(c) for c in starters) + "]") if starters else None
            self.fast.append((table, lengths, single, pattern))

    def convert(self, text: str) -> str:
        if self.changeable.isdisjoint(text):
            return text
        for table, lengths, single, starters in self.fast:
            if starters is None:
                text = text.translate(single)
                continue
            out, i, n = [], 0, len(text)
            for m in starters.finditer(text):
                j = m.start()
                if j < i:
                    continue  # inside a phrase already converted
                out.append(text[i:j].translate(single))
                for size in lengths[text[j]]:
                    value = table.get(text[j : j + size]) if j + size <= n else None
                    if value is not None:
                        out.append(value)
                        i = j + size
                        break
                else:
                    out.append(text[j])
                    i = j + 1
            out.append(text[i:].translate(single))
            text = "".join(out)
        return text


@lru_cache(maxsize=1)
def _converter() -> Tw2s:
    return Tw2s()


SHORT = 64  # names, labels and badges: the same few thousand strings on every page


def to_simplified(text: str) -> str:
    """Traditional → Simplified, one character for one (tw2s keeps lengths). Short strings are
    remembered: a result page shows a hundred labels and names, each converted once per process."""
    if not text:
        return text
    if len(text) <= SHORT:
        return _short_to_simplified(text)
    return _to_simplified(text)


def _to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    return converted if len(converted) == len(text) else _per_char(text)


@lru_cache(maxsize=8192)
def _short_to_simplified(text: str) -> str:
    return _to_simplified(text)


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
    elif not _KEEP.search(text) and not _COMBINING.search(text) and len(whole := unicodedata.normalize("NFKC", text).lower()) == len(text):
        # Full-width punctuation (，：（）) makes most Chinese text non-NFKC; folding it all at once is
        # character for character when nothing combines and the length holds.
        folded = whole
    else:
        folded = "".join(map(_nfkc_char, text))
    return to_simplified(folded).translate(_QUOTES)
