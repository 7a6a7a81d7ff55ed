"""Which reform mechanisms a case's own words show, and whether that evidence is enough for a label.

A reform type's phrases are of two strengths. A *name* of the mechanism (秒批, 容缺受理, 帮办代办) is
evidence by itself, once if it is specific (four characters or more), twice if it is short. A *cue*,
written with a leading `~` in the vocabulary (~港澳, ~纠纷, ~压缩), is a word that often goes with the
mechanism but also appears without it (粤港澳大湾区 as a place, 纠纷 in a list of services); a cue
counts only beside a second, different cue, even in the title (政策兑现"一门式" is not 一件事). In a
phrase, `…` stands for a few words of the same clause (取消…审查).

Each stretch of text is one piece of evidence: where phrases overlap (粤港澳大湾区 holds 粤港澳, 港澳 and
大湾区; 证照联办 holds 联办) only the longest counts, for the type it names, and the text is read left to
right as a segmenter reads it (并联办理 is 并联 + 办理, not 联办).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reforms.metric_names import is_common_word
from reforms.text import normalise

CUE_MARK = "~"
GAP = r"[^，,。；;：:、\n]{0,8}?"
MIN_CUES = 2
SPECIFIC_LENGTH = 4
_MEASURE_HEAD = re.compile(r"[\"”]?(?:主题)?(?:服务|改革|机制|模式|制度)")
# A mechanism put to use (依托大数据比对, 利用大数据技术): a short name after these is a measure too.
_PUT_TO_USE = re.compile(r"(?:依托|利用|运用|借助|应用)$")
_LISTED = re.compile(r"[、,，和及与等]")  # 利用区块链、大数据等先进技术: one of a list of tools, not the measure


@dataclass(frozen=True)
class Hit:
    slug: str
    phrase: str
    field: str
    start: int
    end: int
    cue: bool
    as_measure: bool = False


def phrase_text(phrase: str) -> str:
    """The words of a vocabulary phrase, without the cue mark."""
    return phrase.removeprefix(CUE_MARK)


def is_cue(phrase: str) -> bool:
    return phrase.startswith(CUE_MARK)


def phrase_pattern(words: str) -> str:
    """A phrase as a pattern: `…` stands for a few words of the same clause (取消…审查 matches 取消施工图审查)."""
    return GAP.join(re.escape(part) for part in words.split("…"))


def named_as_measure(text: str, start: int, end: int) -> bool:
    """The phrase heads a measure (代办服务, 联办改革, "容缺"机制, 一件事主题服务) or is put to use on its own
    (依托大数据比对, not 利用区块链、大数据等), not a modifier of something else (代办点, 网办事项). Quotes alone
    say little: slogans are quoted in lists ("提前办""线上办")."""
    put_to_use = _PUT_TO_USE.search(text, max(0, start - 2), start) and not _LISTED.match(text, end)
    return bool(_MEASURE_HEAD.match(text, end) or put_to_use)


def straddles_words(text: str, start: int, end: int) -> bool:
    """The phrase is the tail of one common word and the head of the next (协[调解]决: 协调 + 解决)."""
    if start == 0 or end >= len(text):
        return False
    return is_common_word(text[start - 1 : start + 1]) and is_common_word(text[end - 1 : end + 1])


def find_hits(entries: list[tuple[str, list[str]]], fields: dict[str, str]) -> list[Hit]:
    """Every occurrence of every phrase in the (normalised) fields, read as a segmenter would, none
    cutting across two words."""
    hits = []
    for field_name, text in fields.items():
        found = []
        for slug, phrases in entries:
            for phrase in phrases:
                words = normalise(phrase_text(phrase))
                for m in re.finditer(phrase_pattern(words), text) if words else ():
                    measure = named_as_measure(text, m.start(), m.end())
                    found.append(Hit(slug, phrase, field_name, m.start(), m.end(), is_cue(phrase), measure))
        hits += [h for h in _leftmost_longest(found) if not straddles_words(text, h.start, h.end)]
    return hits


def _leftmost_longest(found: list[Hit]) -> list[Hit]:
    """Read the text left to right the way a word segmenter does: at each place the longest phrase wins,
    and a phrase that starts inside one already read is not there (并联办理 is 并联 + 办理, not 联办)."""
    kept, cursor, last = [], -1, None
    for hit in sorted(found, key=lambda h: (h.start, h.start - h.end)):
        if hit.start >= cursor or (hit.start, hit.end) == last:
            kept.append(hit)
            cursor, last = hit.end, (hit.start, hit.end)
    return kept


def is_established(hits: list[Hit]) -> bool:
    """Enough evidence for the type: a name in the title; a specific name (four characters or more:
    容缺受理, 领导小组) anywhere; a short name (代办, 大数据) heading a measure (代办服务), mentioned twice
    or beside another phrase of the type, since once it is as often a modifier (代办点, 大数据平台); two
    different cues."""
    if any(h.field == "title" and (not h.cue or h.as_measure) for h in hits):
        return True  # a name in the title, or a cue heading the title's measure (企业用工快速响应机制)
    body = [h for h in hits if h.field == "body"]
    names = [h for h in body if not h.cue]
    if any(h.end - h.start >= SPECIFIC_LENGTH or h.as_measure for h in names) or (names and len(body) >= 2):
        return True
    return len({h.phrase for h in hits}) >= MIN_CUES
