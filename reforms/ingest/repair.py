"""Repair of GBK mojibake in source texts.

Source 003 was once decoded one byte out of step: a GBK lead byte went missing (it shows as `?`), and
every following two-byte pair was read across character boundaries (`?。ㄒ唬` for `　（一）`). Re-encoding
the run to GB18030 and decoding it with the lost lead byte put back restores the text; decoding falls
back into step by itself at the first single-byte character, so only the damaged stretch changes.

The lost lead byte is chosen by which decoding gives dictionary words (jieba's dictionary and the
character pairs of the clean source lines). Where a run ends on a lead byte whose trail byte was lost
(the second `?`), the trail byte is chosen the same way when the choice makes a word with its
neighbours (推? → 推動) or closes an open quotation mark; otherwise the character is marked lost.
A stretch that still does not read as Chinese after decoding is marked lost, never shown.

Every run is reported with what became of it — repaired, partly (some characters marked lost), lost —
so the counts on the source page can be checked against the text.
"""

from __future__ import annotations

import codecs
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from reforms.segmenter import default_tokenizer
from reforms.text import to_simplified

LOST_MARK = "\ufffd"
_HALF_TO_FULL = str.maketrans({"!": "！"})
_PUA = re.compile(r"[\ue000-\uf8ff]")
# Characters that never occur in clean Chinese prose but are what out-of-step GBK decodes into.
MOJIBAKE_CHARS = re.compile(r"[\u2e80-\u2fdf\ue000-\uf8ff\u0250-\u02ff\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3100-\u312f\ufe10-\ufe1f]")
_LEAD_BYTES = [0xA1, 0xA3] + [b for b in range(0x81, 0xFF) if b not in (0xA1, 0xA3)]
_TRAIL_BYTES = [b for b in range(0x40, 0xFF) if b != 0x7F]
_MAX_RUN = 120
# Out of step, a GB18030 four-byte sequence decodes as "X6\ufffd4": its 2nd and 4th bytes are digits.
_BROKEN_FOUR_BYTE = re.compile(r".?\d\ufffd\d")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_DAMAGED_STRETCH = re.compile(r"\?[^\x00-\x20\x22-\x7e]*|[\ue000-\uf8ff]")
# Full-width letters and punctuation (Ｐ, ；) became ASCII when the text was normalised; inside a run
# an ASCII character may be either, so both readings are tried.
_ASCII_TO_FULL = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F) if chr(c) not in "?,0123456789"})

_PUNCTUATION_TO_FULL = str.maketrans({ch: chr(ord(ch) + 0xFEE0) for ch in "!;:()[]_'\"+-*/=<>@#$%&"})


def _variants(tail: str) -> list[str]:
    end = tail.find("?")
    end = len(tail) if end < 0 else end
    wide = tail[:end].translate(_ASCII_TO_FULL) + tail[end:]
    punctuation = tail[:end].translate(_PUNCTUATION_TO_FULL) + tail[end:]
    return list(dict.fromkeys((tail, to_simplified(tail), punctuation, wide, to_simplified(wide))))
_CLOSERS = {"“": "”", "‘": "’", "（": "）", "《": "》", "「": "」", "『": "』", "【": "】", "〔": "〕"}
READABLE = 0.75

REPAIRED, PARTLY, LOST = "repaired", "partly", "lost"


@dataclass(frozen=True)
class RunRepair:
    """One damaged run: where it is, what the source shows, what the catalogue shows instead, and how well."""

    line: int
    raw: str
    repaired: str
    status: str


@dataclass
class RepairReport:
    runs: list[RunRepair] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for run in self.runs if run.status == status)

    @property
    def runs_found(self) -> int:
        return len(self.runs)

    @property
    def runs_repaired(self) -> int:
        return self.count(REPAIRED)

    @property
    def runs_partly(self) -> int:
        return self.count(PARTLY)

    @property
    def runs_lost(self) -> int:
        return self.count(LOST)

    def as_dict(self) -> dict:
        return {
            "runs_found": self.runs_found,
            "runs_repaired": self.runs_repaired,
            "runs_partly": self.runs_partly,
            "runs_lost": self.runs_lost,
            "runs": [run.__dict__ for run in self.runs],
        }


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
            # A damaged stretch runs from `?` to the next single-byte character; the rest of the line is clean.
            for piece in _DAMAGED_STRETCH.split(line):
                piece = to_simplified(piece)
                pairs.update(piece[k : k + 2] for k in range(len(piece) - 1))
                chars.update(piece)
    return frozenset(pairs), chars


def _dictionary():
    """jieba's default dictionary: word → frequency (`.get`)."""
    return default_tokenizer().FREQ


@lru_cache(maxsize=65536)
def _is_word(text: str, frequency: int = 1) -> bool:
    return _dictionary().get(to_simplified(text), 0) >= frequency


@lru_cache(maxsize=65536)
def _known_pair(pair: str) -> bool:
    pair = to_simplified(pair)
    return pair in _corpus_stats()[0] or _dictionary().get(pair, 0) > 0


def _plausibility(text: str, before: str = "", strict_first: bool = False, after: str = "") -> tuple[float, int]:
    """(share of ideographs that sit in a known pair or stand alone and are common, ideographs in a pair).

    The second number breaks ties in favour of the decoding that makes more words (跨境 over ＄境).
    `before` is the character in front of the text (context, not judged). With `strict_first` the
    first character counts only if it makes a pair: it is the one a guessed lead byte decides, and a
    common character standing alone must not beat the ideographic space or a punctuation mark.
    """
    judged = len(text)
    text = to_simplified(before[-1:] + text + after[:1])
    offset = len(before[-1:])
    if not text[offset : offset + judged] or MOJIBAKE_CHARS.search(text[offset : offset + judged]):
        return 0.0, 0
    chars = _corpus_stats()[1]
    good = total = paired = 0
    for k in range(offset, offset + judged):
        ch = text[k]
        if not _IDEOGRAPH.match(ch):
            continue
        total += 1
        left = text[k - 1 : k + 1] if k > 0 else ""
        right = text[k : k + 2] if k + 1 < len(text) else ""
        first = strict_first and k == offset
        if first:
            # The guessed character must make a common word with the run, or one the clean text also has.
            both = [pair for pair in (left, right) if len(pair) == 2 and all(_IDEOGRAPH.match(c) for c in pair)]
            in_corpus = [pair for pair in both if _is_word(pair) and to_simplified(pair) in _corpus_stats()[0]]
            if in_corpus or (right in both and _is_word(right, 100)):
                good += 1
                paired += 1
            continue
        if any(len(pair) == 2 and _IDEOGRAPH.match(pair[0]) and _IDEOGRAPH.match(pair[1]) and _known_pair(pair) for pair in (left, right)):
            good += 1
            paired += 1
        elif not _IDEOGRAPH.match(left[:1] or "a") and not _IDEOGRAPH.match(right[1:] or "a") and chars[ch] >= 3:
            good += 1
    return (good / total if total else 0.5), paired


def reads_as_chinese(text: str) -> bool:
    """No mojibake characters, and the ideographs mostly make known pairs."""
    return _plausibility(text.replace(LOST_MARK, ""))[0] >= READABLE


def garbage_runs(text: str) -> list[str]:
    """Stretches a reader would see as garbage: mojibake characters, `?` inside Chinese, three or more
    ideographs none of which makes a known pair with a neighbour (懊敫丁), and any such ideograph next
    to a lost-character mark (搭建腜�: what stands beside a lost byte must read)."""
    return [text[start:end] for start, end in _garbage_spans(text)]


def _garbage_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in re.finditer(rf"{MOJIBAKE_CHARS.pattern}+", text)]
    spans += [m.span() for m in re.finditer(r"[\u4e00-\u9fff]\?|\?[\u4e00-\u9fff。！]", text)]
    for m in re.finditer(r"[\u4e00-\u9fff]+", text):
        run, start = m.group(0), m.start()
        known = [k for k in range(len(run) - 1) if _known_pair(run[k : k + 2])]
        alone = [k for k in range(len(run)) if k - 1 not in known and k not in known]
        stretches: list[list[int]] = []
        for k in alone:
            if stretches and k == stretches[-1][-1] + 1:
                stretches[-1].append(k)
            else:
                stretches.append([k])
        for stretch in stretches:
            near_mark = LOST_MARK in text[max(0, start + stretch[0] - 1) : start + stretch[-1] + 2]
            if len(stretch) >= 3 or (near_mark and len(run) > 1):
                spans.append((start + stretch[0], start + stretch[-1] + 1))
    return sorted(spans)


def _pua_pairs() -> dict[str, bytes]:
    """Private-use characters that GB18030-2000 (the decoder that garbled the text) gave two-byte codes
    and that Python's GB18030-2005 codec spells as four bytes: A994 was U+E7F2."""
    table = {}
    for first, last, lead, trail in (
        (0xE7E7, 0xE7F3, 0xA9, 0x89), (0xE78D, 0xE793, 0xA6, 0xD9), (0xE794, 0xE795, 0xA6, 0xEC), (0xE796, 0xE796, 0xA6, 0xF3),
        (0xE7C7, 0xE7C7, 0xA8, 0xBC),
    ):
        for k, code in enumerate(range(first, last + 1)):
            table[chr(code)] = bytes([lead, trail + k])
    # FE50–FEA0 (no FE7F) were U+E815–E864 in order; the 2005 edition gave many of them real characters.
    for k, trail in enumerate(t for t in range(0x50, 0xA1) if t != 0x7F):
        table[chr(0xE815 + k)] = bytes([0xFE, trail])
    table = {ch: code for ch, code in table.items() if len(ch.encode("gb18030")) == 4}
    table["€"] = b"\x80"  # the Windows code page read a lone byte 0x80 as the euro sign
    return table


_PUA_PAIRS = _pua_pairs()


def _encode(text: str) -> bytes:
    text = text.translate(_HALF_TO_FULL)
    if not any(ch in _PUA_PAIRS for ch in text):
        return text.encode("gb18030", errors="replace")
    return b"".join(_PUA_PAIRS.get(ch) or ch.encode("gb18030", errors="replace") for ch in text)


def _decode(data: bytes) -> str:
    return data.decode("gb18030", errors="replace")


def _dangling_byte(lead: int, run: str) -> int | None:
    """The lead byte left without its trail at the end of a re-stepped run, if there is one."""
    decoder = codecs.getincrementaldecoder("gb18030")(errors="replace")
    decoder.decode(bytes([lead]) + _encode(run), final=False)
    pending = decoder.getstate()[0]
    return pending[0] if len(pending) == 1 else None


def _damaged_length(tail: str, decoded: str) -> tuple[int, int]:
    """How many characters at the start of tail/decoded differ: the part the shift changed."""
    reference = tail.translate(_HALF_TO_FULL)
    low, high = 0, min(len(reference), len(decoded))  # the common suffix is at least low, at most high long
    while low < high:
        middle = (low + high + 1) // 2
        if reference[len(reference) - middle :] == decoded[len(decoded) - middle :]:
            low = middle
        else:
            high = middle - 1
    return len(tail) - low, len(decoded) - low


def _guess_lost_trail(lead: int, before: str, after: str) -> str | None:
    """The character whose trail byte was lost: the one that makes a word with its neighbours, or the
    mark that closes a quotation left open; None when nothing but a guess would decide."""
    if lead == 0xA1:
        opened = [ch for ch in before if ch in _CLOSERS or ch in _CLOSERS.values()]
        depth: list[str] = []
        for ch in opened:
            if ch in _CLOSERS:
                depth.append(ch)
            elif depth and _CLOSERS[depth[-1]] == ch:
                depth.pop()
        return _CLOSERS[depth[-1]] if depth else None
    best, best_score = None, 0.0
    for trail in _TRAIL_BYTES:
        try:
            ch = bytes([lead, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if not _IDEOGRAPH.match(ch):
            continue
        score = 0.0
        for n in (2, 3, 4):
            for word in (before[-(n - 1) :] + ch, ch + after[: n - 1]):
                if len(word) == n and _IDEOGRAPH.match(word[0]) and _IDEOGRAPH.match(word[-1]):
                    freq = _dictionary().get(to_simplified(word), 0)
                    if freq:
                        score = max(score, n + math.log(freq))
        if score > best_score:
            best, best_score = ch, score
    return best


def _mark_unreadable(text: str) -> str:
    """Each stretch between lost marks that still does not read as Chinese is marked lost too, and so
    is any character beside a lost mark that makes no word with its neighbours."""
    pieces = text.split(LOST_MARK)
    kept = [p if not _IDEOGRAPH.search(p) and not MOJIBAKE_CHARS.search(p) or reads_as_chinese(p) else LOST_MARK * len(p) for p in pieces]
    text = LOST_MARK.join(kept)
    for start, end in _garbage_spans(text):
        text = text[:start] + LOST_MARK * (end - start) + text[end:]
    return text


def _best_repair(tail: str, before: str = "") -> tuple[str, int] | None:
    """The most plausible repair of the run at the start of tail, as (replacement, characters consumed)."""
    candidates = []
    for variant in _variants(tail):
        encoded = _encode(variant[:_MAX_RUN])
        for lead in _LEAD_BYTES:
            decoded = _decode(bytes([lead]) + encoded)
            consumed, produced = _damaged_length(variant[:_MAX_RUN], decoded)
            if consumed == 0:
                continue
            replacement = _BROKEN_FOUR_BYTE.sub(LOST_MARK, _PUA.sub(LOST_MARK, decoded[:produced]))
            after = variant[consumed : consumed + 1] if consumed < len(variant) else ""
            # Before a `?` the last character's trail byte is lost; it is guessed below, not held against the run.
            lost = (replacement.rstrip(LOST_MARK) if after == "?" else replacement).count(LOST_MARK)
            if lost * 4 > len(replacement):
                continue
            judged = replacement.replace(LOST_MARK, "")
            if after == "?":
                judged, after = judged[:-1], ""  # its neighbour is the character whose trail byte was lost
            share, paired = _plausibility(judged, before, True, after)
            candidates.append(((round(share - 0.05 * lost, 6), paired), len(candidates), replacement, consumed, lead, variant))
    if not candidates:
        return None
    top = max(c[0] for c in candidates)
    if top[0] < READABLE or _plausibility(tail[: next(c[3] for c in candidates if c[0] == top)], before) >= top:
        return None
    # Among the best, the lost trail byte at the end decides (搭建模? → 模型 beats 搭建腜?); the order of
    # _LEAD_BYTES (ideographic space and full-width punctuation first) breaks remaining ties.
    finished = []
    for score, order, replacement, consumed, lead, variant in candidates:
        if score != top:
            continue
        if consumed < len(tail) and tail[consumed] == "?":
            # The byte the decoder stumbled on when it fell back into step is lost; the source shows "?".
            dangling = _dangling_byte(lead, variant[:consumed])
            replacement = replacement.rstrip(LOST_MARK)
            guess = _guess_lost_trail(dangling, replacement, tail[consumed + 1 :]) if dangling is not None else None
            replacement += guess or LOST_MARK
            consumed += 1
        judged = replacement.replace(LOST_MARK, "")
        final = _plausibility(judged, before, True, tail[consumed : consumed + 1])
        finished.append(((final[0] - 0.05 * replacement.count(LOST_MARK), final[1]), -order, replacement, consumed))
    _, _, replacement, consumed = max(finished)
    return _mark_unreadable(replacement), consumed


def _unreadable_prefix(tail: str, limit: int = 16) -> int:
    """How many characters after a lost byte are still out of step: up to where two known pairs follow
    each other (the text reads again), a digit, or a space."""
    for n in range(min(limit, len(tail))):
        if tail[n] in " \u3000\n" or tail[n].isdigit() or tail[n] == "?":
            return n
        if _IDEOGRAPH.match(tail[n]) and (
            (_known_pair(tail[n : n + 2]) and _known_pair(tail[n + 1 : n + 3])) or _dictionary().get(to_simplified(tail[n : n + 2]), 0) >= 500
        ):
            return n
        if n == 0 and tail[n] in "，,。、；：“”" and (_IDEOGRAPH.match(tail[1:2] or "a") and _known_pair(tail[1:3])):
            return n
    return min(limit, len(tail)) if len(tail) <= limit else 0


def _status(replacement: str) -> str:
    if LOST_MARK not in replacement:
        return REPAIRED
    return LOST if not _IDEOGRAPH.search(replacement) else PARTLY


def repair_line(line: str, report: RepairReport | None = None, number: int = 0) -> str:
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
        repaired = _best_repair(line[i + 1 :], "".join(out)[-1:])
        if repaired is None:
            # Nothing reads as Chinese: the stretch the shift garbled is marked lost, never shown.
            stretch = "?" + line[i + 1 : i + 1 + _unreadable_prefix(line[i + 1 :])]
            out.append(LOST_MARK * len(stretch))
            if report is not None:
                report.runs.append(RunRepair(number, stretch, LOST_MARK * len(stretch), LOST))
            i += len(stretch)
            continue
        replacement, consumed = repaired
        if report is not None:
            report.runs.append(RunRepair(number, line[i : i + 1 + consumed], replacement, _status(replacement)))
        out.append(replacement)
        i += 1 + consumed
    # A PUA code point left over is a byte pair that decodes to nothing real.
    return _PUA.sub(LOST_MARK, "".join(out))


def repair_text(text: str) -> tuple[str, RepairReport]:
    repaired, runs = _repair_text(text)
    return repaired, RepairReport(list(runs))


@lru_cache(maxsize=8)
def _repair_text(text: str) -> tuple[str, tuple[RunRepair, ...]]:
    """Repair is deterministic and costs seconds on a damaged source: each text is repaired once per process."""
    report = RepairReport()
    lines = [repair_line(line, report, number) for number, line in enumerate(text.split("\n"), start=1)]
    return "\n".join(lines), tuple(report.runs)


def apply_report(raw: str, runs: list[dict]) -> str:
    """The repaired text rebuilt from a stored repair report (cheap, and exactly what the report lists)."""
    lines = raw.split("\n")
    cursors = [0] * len(lines)
    for run in runs:
        number = run["line"] - 1
        line, cursor = lines[number], cursors[number]
        found = line.find(run["raw"], cursor)
        if found < 0:
            continue
        lines[number] = line[:found] + run["repaired"] + line[found + len(run["raw"]) :]
        cursors[number] = found + len(run["repaired"])
    return _PUA.sub(LOST_MARK, "\n".join(lines))


def readable_slices(raw: str, bounds: list[int], runs: list[dict]) -> list[str]:
    """The raw text cut at `bounds` (offsets into the raw text, at line starts or ends, as case spans
    are), each piece shown as repaired by the report's `runs`: readers of a source page see no garbage,
    and the cuts still fall where the cases begin and end. Repair keeps lines, so a line maps to a line."""
    repaired = apply_report(raw, runs) if runs else raw
    if repaired == raw:
        return [raw[a:b] for a, b in zip([0, *bounds], [*bounds, len(raw)], strict=True)]
    raw_lines, fixed_lines = raw.split("\n"), repaired.split("\n")
    raw_starts, starts = _line_starts(raw_lines), _line_starts(fixed_lines)

    def mapped(offset: int) -> int:
        number = bisect_right(raw_starts, offset) - 1
        column = offset - raw_starts[number]
        if column >= len(raw_lines[number]):
            return starts[number] + len(fixed_lines[number])
        return starts[number] + min(column, len(fixed_lines[number]))

    cuts = [mapped(b) for b in bounds]
    return [repaired[a:b] for a, b in zip([0, *cuts], [*cuts, len(repaired)], strict=True)]


def _line_starts(lines: list[str]) -> list[int]:
    """The offset each line starts at in the text the lines were split from."""
    return list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))


def strip_marks(text: str) -> str:
    """Text fit for titles: lost characters and stray `?` removed."""
    return text.replace(LOST_MARK, "").replace("?", "")
