"""The name of what a figure measures (办证时间, 申请材料, 融资金额), taken from the words around it.

A metric is the subject of the clause that states the figure, or for a count the thing counted
(41项审批事项 → 审批事项). Time phrases, places, adverbs and verbs at either end are not part of it, and
a name is cut only at word boundaries, so no fragment (三是实现, 短短, 进行了) is ever a metric. When the
text names nothing usable the metric says what kind of figure it is (办理时间, 金额, 数量) — never empty.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

DELIMITERS = re.compile(r"[，,。；;：:、（）()“”\"!！?？\n《》]")
MAX_LENGTH = 12

# At the start of a clause: time, place, enumeration and framing words that never name what was measured.
_LEADING = re.compile(
    r"^(?:"
    r"截[至止](?:到)?\s*20\d\d年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末)?|20\d\d年(?:\d{1,2}(?:-\d{1,2})?月)?(?:以来|底|末|上半年|下半年|全年|度)?"
    r"|[一二三四五六七八九十]是|第[一二三四五六七八九十]|首先|其次|此外|同时|目前|现在|当前|今年|去年|全年|每年|每日|每月|近年来|以来"
    r"|改革(?:实施)?(?:前|后|以来)|实施以来|上线以来|运行以来|试点以来"
    r"|全[市区县省镇国]|[本该][市区县]|[\u4e00-\u9fff]{2,4}[市区县省](?=[\u4e00-\u9fff]{2})"
    r"|并且?|且|而|将|把|使|让|对|在|到|至|其中|通过|帮助|助力|推动|有效|切实|大幅|大大|进一步|已经?|均|都|共计?|累计|总计|合计"
    r"|实现了?|完成了?|达到?|超过?|有|为|向|给|与|和|及|较|比|从|由|仅仅?|只|就|还|也|又|再|可|能|便|即|则|已|此|这|该|其"
    r")+"
)
# At the end of a subject: verbs, qualifiers and particles between the name and the figure.
_TRAILING = re.compile(
    r"(?:"
    r"由|从|较|比|(?:原来|原先|原本|以前|过去|改革前|此前)的?|已经?|均|都|共计?|累计|总计|合计|约|近|超过?|逾|达到?|达|为|是|有|至|到"
    r"|最高|最多|最快|最短|最少|至少|平均|仅需?|只需|仅用|只用|花费|需要|需|大幅|大大|进一步|分别|同比|环比|年均|人均|每年|每日"
    r"|实现了?|完成了?|提供了?|办理了?|发放了?|安排了?|投入了?|新增了?|增加了?|吸引了?|帮助|惠及|服务|覆盖|涉及|带动|促成|撬动|引导|节省|节约"
    r"|(?:比|较)(?:改革前|以前|过去|原来|上年|去年|年初|同期)|了|的|上|内|在|后|前|" + "缩短|压缩|精简|缩减|减少|下降|降低|压减|提升|提高|增长|增加|提速|扩大"
    r")+$"
)
_CUT_AT = re.compile(r"(?:使|让|将|把|为|对|向|与|帮助|助力|推动|实现|完成|提供|共有|已有|其中)")
# Verbs whose object is what the figure measures: 节省购地成本约95亿元, 完成固定资产投资1610亿元.
ACTION_VERBS = (
    r"节省|节约|减少|降低|压缩|缩短|精简|缩减|压减|减免|提升|提高|增加|增长|扩大|获得|发放|提供|完成|实现|办理|安排|投入|带动|撬动"
    r"|促成|吸引|新增|帮助|惠及|覆盖|服务|受理|化解|调解|审结|签约|培育|兑现|拨付|落实|减|降|省"
)
_ACTION = re.compile(ACTION_VERBS)
_GENERIC = re.compile(r"时间|时限|时长|用时|耗时|周期|效率|率|成本|费用|材料|环节|金额|数量|次数|量")
_DATES = re.compile(r"20\d\d年(?:\d{1,2}(?:-\d{1,2})?月份?)?(?:\d{1,2}日)?(?:以来|底|末|上半年|下半年|全年|度)?|同比|环比")
_NOT_A_NAME = re.compile(r"^[\d\W_a-zA-Z]*$|^[\u4e00-\u9fff]$")

FALLBACK = {"time": "办理时间", "money": "金额", "cost": "成本", "materials": "材料", "percent": "比例", "count": "数量"}
# The thing a count unit counts, when the text names nothing after the figure.
_COUNTED = {"家": "企业数", "户": "户数", "家次": "企业服务家次", "户次": "服务户次", "人次": "服务人次", "人": "人数", "名": "人数",
            "笔": "业务笔数", "宗": "宗数", "件": "件数", "项": "事项数", "次": "次数", "条": "条数", "个": "个数"}


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    return jieba.dt


def _words(text: str) -> list[str]:
    return _tokenizer().lcut(text, HMM=False)


def clean(phrase: str) -> str:
    """A candidate name with the framing words at both ends removed, cut at word boundaries."""
    phrase = _DATES.sub("", re.sub(r"\s+", "", phrase))
    phrase = re.sub(r"[\d.%]+(?:[万亿])?[\u4e00-\u9fff]?(?:以来|年|月|日)?$", "", phrase) if re.search(r"\d", phrase) else phrase
    for _ in range(3):
        before = phrase
        phrase = _LEADING.sub("", phrase)
        phrase = _TRAILING.sub("", phrase)
        if phrase == before:
            break
    if "的" in phrase:
        head, _, tail = phrase.rpartition("的")
        phrase = tail if len(tail) >= 2 else head
    if len(phrase) > MAX_LENGTH:
        words = _words(phrase)
        kept: list[str] = []
        for word in reversed(words):
            if sum(map(len, kept)) + len(word) > MAX_LENGTH:
                break
            kept.insert(0, word)
        phrase = "".join(kept)
        phrase = _LEADING.sub("", phrase)
    phrase = phrase.strip()
    return "" if _NOT_A_NAME.match(phrase) else phrase


def clause_start(text: str, position: int) -> int:
    return max((m.end() for m in DELIMITERS.finditer(text, 0, position)), default=0)


def clause_end(text: str, position: int) -> int:
    m = DELIMITERS.search(text, position)
    return m.start() if m else len(text)


def subject_before(text: str, position: int, floor: int = 0) -> str:
    """The name in front of a figure in its clause (办证时间 in 办证时间由40个工作日…)."""
    phrase = text[max(clause_start(text, position), floor) : position]
    if re.search(r"[由从]", phrase[1:]):
        head = clean(re.split(r"(?<=.)[由从]", phrase)[0])
        if head:
            return head
    for action in reversed(list(_ACTION.finditer(phrase))):
        tail = clean(phrase[action.end() :])
        if tail and _GENERIC.fullmatch(tail):
            tail = clean(phrase[action.start() :])  # 办理时间, 兑现时限: the verb is part of the name
        if tail:
            return tail
        break
    cut = list(_CUT_AT.finditer(phrase))
    if cut and cut[-1].end() < len(phrase):
        tail = clean(phrase[cut[-1].end() :])
        if tail:
            return tail
    return clean(phrase)


def object_after(text: str, position: int) -> str:
    """The thing counted right after a figure (审批事项 in 41项审批事项整合为…), up to the first verb."""
    phrase = text[position : clause_end(text, position)]
    phrase = re.split(
        r"[\d]|的|将|把|使|(?:享受|纳入|整合|进行|开展|参与|入驻|落地|通过|申请|使用|购买|接入|上线|涉及|累计|共|和|与|及|等|直接|均|已|在)|"
        + ACTION_VERBS,
        phrase,
    )[0]
    return clean(phrase)


def fallback(kind: str, unit: str) -> str:
    """A name for a figure whose text names nothing: what kind of figure it is."""
    if kind == "count" and unit in _COUNTED:
        return _COUNTED[unit]
    return FALLBACK.get(kind, "数量")
