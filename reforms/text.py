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


_WIDE = re.compile("[\U00010000-\U0010ffff]")
_BMP = list(range(0x10000))  # every step's table starts as a copy (sharing the int objects)


def _char_class(chars) -> str:
    """A regular expression's class of these characters ("" for none)."""
    chars = sorted(set(chars))
    return "[" + "".join(re.escape(c) for c in chars) + "]" if chars else ""


def _either(*patterns: str) -> re.Pattern | None:
    patterns = [p for p in patterns if p]
    return re.compile("|".join(patterns)) if patterns else None


class _Step:
    """One step of tw2s: a phrase dictionary and a character dictionary, matched longest first.

    Characters map one to one, so a step that changes many (Traditional to Simplified) translates the whole
    text once at C speed, through a list indexed by code point (about twice as fast as a dict); Python
    looks only where a phrase of two or more characters may start (a set of their first two characters
    rules out most candidates) and at the characters the list does not hold: past the BMP (rare), or all of
    them in a step that changes few (the Taiwan variants: 39), where finding them beats translating
    everything."""

    FEW = 256

    def __init__(self, table: dict[str, str]):
        self.table = table
        singles = {k: v for k, v in table.items() if len(k) == 1}
        if any(len(v) != 1 for v in singles.values()):
            raise ValueError("tw2s: a character maps to several: the translated text would not line up")
        few = len(singles) <= self.FEW
        self.looked_up = singles if few else {k: v for k, v in singles.items() if ord(k) >= 0x10000}
        self.single = None if few else _BMP.copy()  # code points past it raise IndexError: left as they are
        for key, value in singles.items():
            if key not in self.looked_up:
                self.single[ord(key)] = value
        lengths: dict[str, set[int]] = {}
        for key in table:
            if len(key) > 1:
                lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
        self.prefixes = frozenset(key[:2] for key in table if len(key) > 1)
        # Where Python looks: a character it looks up, or a phrase's first character followed by a character
        # that comes second in some phrase (which rules out four in five). A class with characters past the
        # BMP is several times slower for sre to test: those are added only for a text that has any.
        phrase = f"{_char_class(self.lengths)}(?={_char_class(k[1] for k in self.prefixes)})" if self.lengths else ""
        narrow = [c for c in self.looked_up if ord(c) < 0x10000]
        self.special = _either(_char_class(narrow), phrase)
        self.special_wide = _either(_char_class(self.looked_up), phrase) if len(narrow) < len(self.looked_up) else self.special

    def char(self, char: str) -> str:
        """What the character dictionary makes of one character."""
        if self.single is None or ord(char) >= 0x10000:
            return self.looked_up.get(char, char)
        mapped = self.single[ord(char)]
        return chr(mapped) if isinstance(mapped, int) else mapped

    def convert(self, text: str) -> str:
        translated = text if self.single is None else text.translate(self.single)
        special = self.special_wide if self.special_wide is not self.special and _WIDE.search(text) else self.special
        if special is None:
            return translated
        table, lengths, prefixes, looked_up, n = self.table, self.lengths, self.prefixes, self.looked_up, len(text)
        out, i = [], 0
        for m in special.finditer(text):
            j = m.start()
            if j < i:
                continue  # inside a phrase already converted
            value = None
            if text[j : j + 2] in prefixes:
                for size in lengths.get(text[j], ()):
                    if j + size <= n and (value := table.get(text[j : j + size])) is not None:
                        break
            if value is None and text[j] in looked_up:
                value, size = looked_up[text[j]], 1
            if value is not None:
                out.append(translated[i:j])
                out.append(value)
                i = j + size
        if not out:
            return translated
        out.append(translated[i:])
        return "".join(out)


class Tw2s:
    """OpenCC's tw2s conversion over OpenCC's own dictionaries, with a lookup table per step instead
    of opencc-python-reimplemented's parse trees (same output on the whole catalogue, ~7x faster;
    tests/test_tw2s.py checks the two agree)."""

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
            self.steps.append(_Step(table))
        self.changeable = _changeable(self.steps)
        # The same test as a character class, ~8x faster than set.isdisjoint on CJK text; sre is fast only
        # with a class of BMP characters, so any character past it counts (rare, and then converted).
        bmp = "".join(re.escape(c) for c in sorted(self.changeable) if ord(c) < 0x10000)
        self.may_change = re.compile(f"[{bmp}\U00010000-\U0010ffff]")

    def convert(self, text: str) -> str:
        if self.may_change.search(text) is None:
            return text
        for step in self.steps:
            text = step.convert(text)
        return text


def _changeable(steps: list[_Step]) -> frozenset[str]:
    """The characters a text must contain for tw2s to change it: text with none of them (most Simplified
    text) is returned as it is after one C-speed test.

    A character a step changes, or one in a phrase that changes, counts — except one that tw2s only sends
    round and back (才 → 纔 → 才, 核 → 覈 → 核) and that no phrase of any step touches on the way: common
    in Simplified text, it changes nothing."""
    changeable: set[str] = set()
    for step in steps:
        for key, value in step.table.items():
            if len(key) != len(value):
                changeable.update(key)
            else:
                changeable.update(a for a, b in zip(key, value, strict=True) if a != b)
    in_phrases = [frozenset("".join(k for k in step.table if len(k) > 1)) for step in steps]

    def round_trip(char: str) -> bool:
        current = char
        for step, phrased in zip(steps, in_phrases, strict=True):
            if current in phrased:
                return False
            current = step.char(current)
        return current == char

    return frozenset(c for c in changeable if not round_trip(c))


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
