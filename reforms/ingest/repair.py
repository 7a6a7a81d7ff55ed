"""Repair of GBK mojibake in source texts.

Source 003 was once decoded one byte out of step: a GBK lead byte went missing (it shows as `?`), and
every following two-byte pair was read across character boundaries (`?。ㄒ唬` for `　（一）`). Re-encoding
the run to GB18030 and decoding it with the lost lead byte put back restores the text; decoding falls
back into step by itself at the first single-byte character, so only the damaged stretch changes.
Bytes that were dropped for good are marked with LOST_MARK and never reach titles or the index.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reforms.text import to_simplified

LOST_MARK = "\ufffd"
_HALF_TO_FULL = str.maketrans({"!": "！"})
_PUA = re.compile(r"[\ue000-\uf8ff]")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、。]")
# Characters that never occur in clean Chinese prose but are what out-of-step GBK decodes into.
_MOJIBAKE_CHARS = re.compile(r"[\ue000-\uf8ff\u0250-\u02ff\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3100-\u312f]")
_LEAD_BYTES = [0xA1, 0xA3] + [b for b in range(0x81, 0xFF) if b not in (0xA1, 0xA3)]
_MAX_RUN = 120
# Out of step, a GB18030 four-byte sequence decodes as "X6\ufffd4": its 2nd and 4th bytes are digits.
_BROKEN_FOUR_BYTE = re.compile(r".?\d\ufffd\d")


@dataclass
class RepairReport:
    runs_found: int = 0
    runs_repaired: int = 0
    runs_marked: int = 0
    examples: list[dict] = field(default_factory=list)

    def as_dict(self):
        return {
            "runs_found": self.runs_found,
            "runs_repaired": self.runs_repaired,
            "runs_marked": self.runs_marked,
            "examples": self.examples[:20],
        }


_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _corpus_stats() -> tuple[frozenset[str], Counter]:
    """Adjacent character pairs and character counts of the clean source lines.

    Mojibake is made of common characters in uncommon pairs (拜富弁恕), so pairs, not characters, tell
    repaired text from damaged text.
    """
    from django.conf import settings

    pairs: set[str] = set()
    chars: Counter = Counter()
    for path in sorted(Path(settings.SOURCES_DIR).glob("*.txt")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            if "?" in line or _PUA.search(line):
                continue
            line = to_simplified(line)
            pairs.update(line[k : k + 2] for k in range(len(line) - 1))
            chars.update(line)
    return frozenset(pairs), chars


def _plausibility(text: str) -> float:
    """Share of a text's ideographs that sit in a known pair, or stand alone and are common."""
    text = to_simplified(text)
    if not text or _MOJIBAKE_CHARS.search(text):
        return 0.0
    pairs, chars = _corpus_stats()
    good = total = 0
    for k, ch in enumerate(text):
        if not _IDEOGRAPH.match(ch):
            continue
        total += 1
        left = text[k - 1 : k + 1] if k > 0 else ""
        right = text[k : k + 2] if k + 1 < len(text) else ""
        if left in pairs or right in pairs:
            good += 1
        elif not _IDEOGRAPH.match(left[:1] or "a") and not _IDEOGRAPH.match(right[1:] or "a") and chars[ch] >= 3:
            good += 1
    return good / total if total else 0.5


def _shifted_decode(lead: int, tail: str) -> str:
    data = bytes([lead]) + tail.translate(_HALF_TO_FULL).encode("gb18030", errors="replace")
    return data.decode("gb18030", errors="replace")


def _damaged_length(tail: str, decoded: str) -> tuple[int, int]:
    """How many characters at the start of tail/decoded differ: the part the shift changed."""
    reference = tail.translate(_HALF_TO_FULL)
    common = 0
    while (
        common < min(len(reference), len(decoded))
        and reference[len(reference) - 1 - common] == decoded[len(decoded) - 1 - common]
    ):
        common += 1
    return len(tail) - common, len(decoded) - common


def _best_repair(tail: str) -> tuple[str, int] | None:
    """The most plausible repair of the run at the start of tail, as (replacement, characters consumed)."""
    best = None
    for variant in (tail, to_simplified(tail)):
        for lead in _LEAD_BYTES:
            decoded = _shifted_decode(lead, variant[:_MAX_RUN])
            consumed, produced = _damaged_length(variant[:_MAX_RUN], decoded)
            if consumed == 0:
                continue
            replacement = _BROKEN_FOUR_BYTE.sub(LOST_MARK, _PUA.sub(LOST_MARK, decoded[:produced]))
            lost = replacement.count(LOST_MARK)
            if lost * 4 > len(replacement):
                continue
            # The restored lead byte only decides the first character: judge the rest, and let the
            # order of _LEAD_BYTES (ideographic space and full-width punctuation first) break ties.
            score = _plausibility(replacement[1:].replace(LOST_MARK, "")) - 0.05 * lost
            if best is None or score > best[0]:
                best = (score, replacement, consumed)
            if score == 1.0:
                break
    if best is None or best[0] < 0.75:
        return None
    score, replacement, consumed = best
    damaged = tail[:consumed]
    if _plausibility(damaged) >= score:
        return None
    # The byte the decoder stumbled on when it fell back into step is lost; the source shows it as "?".
    if consumed < len(tail) and tail[consumed] == "?":
        consumed += 1
        replacement = replacement.rstrip(LOST_MARK) + LOST_MARK
    return replacement, consumed


def repair_line(line: str, report: RepairReport | None = None) -> str:
    """Repair the mojibake runs in one line; unrecoverable `?` become LOST_MARK."""
    if "?" not in line and not _PUA.search(line):
        return line
    out, i = [], 0
    while i < len(line):
        ch = line[i]
        if ch != "?":
            out.append(ch)
            i += 1
            continue
        if report is not None:
            report.runs_found += 1
        repaired = _best_repair(line[i + 1 :])
        if repaired is None:
            out.append(LOST_MARK)
            i += 1
            if report is not None:
                report.runs_marked += 1
            continue
        replacement, consumed = repaired
        if report is not None:
            report.runs_repaired += 1
            if len(report.examples) < 20:
                report.examples.append({"raw": line[i : i + 1 + consumed], "repaired": replacement})
        out.append(replacement)
        i += 1 + consumed
    text = "".join(out)
    # A PUA code point left over is a byte pair that decodes to nothing real.
    return _PUA.sub(LOST_MARK, text)


def repair_text(text: str) -> tuple[str, RepairReport]:
    report = RepairReport()
    lines = [repair_line(line, report) for line in text.split("\n")]
    return "\n".join(lines), report


def strip_marks(text: str) -> str:
    """Text fit for titles and the search index: lost characters and stray `?` removed."""
    return text.replace(LOST_MARK, "").replace("?", "")
