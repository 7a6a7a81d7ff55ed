"""The name of what a figure measures (办证时间, 申请材料, 融资金额), taken from the words around it.

A metric is the subject of the clause that states the figure, or for a count the thing counted
(41项审批事项 → 审批事项). Time phrases, places, adverbs and verbs at either end are not part of it, and
a name is cut only at word boundaries, so no fragment (三是实现, 短短, 进行了) is ever a metric. When the
text names nothing usable the metric says what kind of figure it is (办理时间, 金额, 数量) — never empty.
"""

from __future__ import annotations

import re

from .segmenter import default_tokenizer, pos_tagger

DELIMITERS = re.compile(r"[，,。；;：:、（）()“”\"!！?？\n《》]")
_OBJECT_END = re.compile(r"[，,。；;：:、（）()!！?？\n《》]")  # quotes may stand inside a counted noun (100多万“三农”人口)
MAX_LENGTH = 12

# Words that never name what was measured: time, place, enumeration, framing, adverbs, particles.
_FRAME = (
    r"截至|截止|截止到|目前|现在|当前|今年|去年|全年|每年|每日|每月|每周|每天|每季度|近年来|以来|首先|其次|此外|同时|其中|之前|此前|原来|原先|原本|以前|过去"
    r"|[一二三四五六七八九十]是|第[一二三四五六七八九十]+|全[市区县省镇国]|[本该][市区县]|改革|实施|上线|运行|试点|成功|顺利|直接|有效|切实"
    r"|并且?|且|而|将|把|使|让|对|在|到|至|通过|帮助|助力|推动|大幅|大大|进一步|已经?|均|都|共|共计|累计|总计|合计|分别|同比|环比|短短|仅仅|仅|只|仅需|只需"
    r"|实现了?|完成了?|达|达到|超|超过|逾|约|近|有|为|是|向|给|与|和|及|较|比|从|由|就|还|也|又|再|可|能|便|即|则|此|这|该|其|等|了|的|上|内|后|前|中"
    r"|最高|最多|最快|最短|最少|最低|至少|平均|人均|年均|花费|需要|需|可能|相较|相较于|相比|之|以|于|所|被|给予|得到|里"
    r"|进行|开展|形成|引导|涉及|打造|建立|设置|设立|举办|解决|仅用|用了|才能|就能|即可"
)
# Only ever at a name's end, never its start (用能成本, 高于…): a comparison or a verb's last character
# left over from the figure's sentence (城市停电时间小于, 允许出让年期按, …用电仅用了).
_TRAILING_WORD = re.compile(r"小于|大于|低于|高于|少于|多于|不超过|不到|不足|按|按照|用|才")
_FRAME_WORD = re.compile(rf"(?:{_FRAME})+")
_PLACE_WORD = re.compile(r"[\u4e00-\u9fff]{1,5}[市区县省镇]")
# Words that may sit anywhere in a clause but are never part of a name (低压平均接电时间 → 低压接电时间).
_INSIDE_WORD = re.compile(r"所需|平均|人均|最高|最多|最快|最短|累计|共计|大幅|进一步|均|已|已经|约|近|仅|仅仅|仅需")
# Who a figure is for, not what it measures: 为企业…8000万元债务 names 债务.
_ACTORS = re.compile(r"企业|群众|市民|纳税人|缴费人|项目|单位|商户|个人|主体|市场主体")
# How something is done, said before its verb; left at a name's end it is a fragment (服务事项在线, 企业现场).
_MANNER_WORD = re.compile(r"在线|线上|线下|全程|现场|实时|同步|集中|统一|依法")
_CUT_WORD = re.compile(r"使|让|将|把|为|对|向|与|帮助|协助|助力|推动|实现|完成|提供|共有|已有|其中")
# Verbs whose object is what the figure measures: 节省购地成本约95亿元, 完成固定资产投资1610亿元.
ACTION_VERBS = (
    r"节省|节约|减少|降低|压缩|缩短|精简|缩减|压减|减免|提升|提高|增加|增长|扩大|获得|发放|提供|完成|实现|办理|安排|投入|带动|撬动"
    r"|促成|吸引|新增|帮助|惠及|覆盖|受理|化解|调解|审结|签约|培育|兑现|拨付|落实|减|降|省|下降|上升|提速|减至|降至|增至"
)
_ACTION_WORD = re.compile(ACTION_VERBS)
# After a count, the thing counted ends where a verb or a linking word starts.
_STOP_WORD = re.compile(
    r"的|将|把|使|享受|纳入|整合|进行|开展|参与|入驻|落地|通过|申请|使用|购买|接入|上线|涉及|累计|共|和|与|及|等|直接|均|已|在|为|是|被|获|获得|实现"
    r"|完成|提供|办理|开具|收看|签订|设立|建立|成立|开展|得到|达到|达|超过|占|可|可以|能够|拥有|注入|" + ACTION_VERBS
)
_GENERIC = re.compile(r"时间|时限|时长|用时|耗时|周期|效率|率|成本|费用|材料|环节|金额|数量|次数|量")
_TIME_WORD = re.compile(r"时间|时限|时长|用时|耗时|周期|天数|时效|期限|有效期|期|时")
_DATES = re.compile(
    r"(?:截[至止]到?)?20\d\d年(?:\d{1,2}(?:-\d{1,2})?月份?)?(?:\d{1,2}日)?(?:以来|底|末|初|上半年|下半年|全年|度)?|同比|环比"
)
# A figure and its counter inside a name are another figure's (156家企业投资 → 企业投资): a name has no number.
_COUNTED_BEFORE = re.compile(r"^.*\d[\d.]*[万亿]?(?:多|余)?[家户个项件名位人宗笔次元]+(?=[\u4e00-\u9fff])")
_NOT_A_NAME = re.compile(r"^[\d\W_a-zA-Z]*$|^[\u4e00-\u9fff]$")

FALLBACK = {"time": "办理时间", "money": "金额", "cost": "成本", "materials": "材料", "percent": "比例", "count": "数量"}
# The thing a count unit counts, when the text names nothing after the figure.
_COUNTED = {"家": "企业数", "户": "户数", "家次": "企业服务家次", "户次": "服务户次", "人次": "服务人次", "人": "人数", "名": "人数",
            "笔": "业务笔数", "宗": "宗数", "件": "件数", "项": "事项数", "次": "次数", "条": "条数", "个": "个数"}


def is_common_word(text: str) -> bool:
    """A word jieba's dictionary knows well (人口, 项目): for telling a unit from the start of a word."""
    return default_tokenizer().FREQ.get(text, 0) >= 1000


def _tagged(text: str) -> list[tuple[str, str]]:
    return pos_tagger().lcut(text)


def _words(text: str) -> list[str]:
    return default_tokenizer().lcut(text, HMM=False)


def _is_frame(word: str, place: bool = True) -> bool:
    return bool(_FRAME_WORD.fullmatch(word) or (place and _PLACE_WORD.fullmatch(word) and len(word) >= 3))


OWNER_LENGTH = 6


def _last_words(words: list[str], length: int) -> list[str]:
    kept: list[str] = []
    for word in reversed(words):
        if len("".join(kept)) + len(word) > length:
            break
        kept.insert(0, word)
    return kept


def clean(phrase: str, counted: bool = False) -> str:
    """A candidate name with the framing words at both ends removed, cut at word boundaries. The thing
    counted may itself be a place (217个国家级经济技术开发区), so a counted name keeps a place at its end."""
    phrase = _DATES.sub("", re.sub(r"\s+", "", phrase))
    phrase = _COUNTED_BEFORE.sub("", phrase).replace("所需", "")
    phrase = re.sub(r"[\d.%]+(?:[万亿])?[\u4e00-\u9fff]?(?:以来|年|月|日)?$", "", phrase) if re.search(r"\d", phrase) else phrase
    words = [w for w in _words(phrase.strip('"“”')) if not _INSIDE_WORD.fullmatch(w)]
    comparison = next((i for i, w in enumerate(words) if i and w in ("较", "比", "相较", "相较于", "相比", "比较")), None)
    if comparison is not None:
        words = words[:comparison]  # 利率较年初: what follows 较 is the baseline, not the name
    while words and _is_frame(words[0]):
        words.pop(0)
    while words and (_is_frame(words[-1], not counted) or _ACTION_WORD.fullmatch(words[-1]) or _MANNER_WORD.fullmatch(words[-1])
                     or _TRAILING_WORD.fullmatch(words[-1])):
        words.pop()
    if "等" in words[1:-1]:
        words = words[len(words) - words[::-1].index("等") :]  # 技术短缺等难题: the examples' category
    if "的" in words:
        cut = len(words) - 1 - words[::-1].index("的")
        tail, head = words[cut + 1 :], words[:cut]
        if len("".join(tail)) < 2:
            words = head
        else:  # 方案环节的时间: a bare 时间 or 比例 is named by what it belongs to
            bare = _GENERIC.fullmatch("".join(tail)) or _RATE_WORD.fullmatch("".join(tail))
            words = _last_words(head, OWNER_LENGTH) + tail if bare else tail
    kept = _last_words(words, MAX_LENGTH) or words[-1:]
    while kept and _is_frame(kept[0]):
        kept.pop(0)
    name = "".join(kept).strip()
    return "" if _NOT_A_NAME.match(name) else name


def clause_start(text: str, position: int) -> int:
    return max((m.end() for m in DELIMITERS.finditer(text, 0, position)), default=0)


def clause_end(text: str, position: int) -> int:
    m = DELIMITERS.search(text, position)
    return m.start() if m else len(text)


def _list_start(text: str, start: int) -> int:
    """Where a list of examples (甲、乙、丙等) that ends in the clause beginning at `start` begins."""
    while start > 0 and text[start - 1] == "、":
        start = clause_start(text, start - 1)
    return start


def listed_category(text: str, position: int, floor: int = 0) -> str:
    """A figure after a list of examples counts their category, said after 等, as the verb that opens the
    list acts on it: 解决资金不足、技术短缺等难题65件 → 解决难题; 优化…等市政设施25项 → 优化市政设施."""
    start = max(_list_start(text, clause_start(text, position)), floor)
    phrase = text[start:position]
    if "等" not in phrase[1:-1]:
        return ""
    category = clean(phrase[phrase.rindex("等") + 1 :])
    if not category or "、" not in phrase:
        return category
    verbs = []
    for word, tag in _tagged(phrase[: phrase.index("、")]):
        if tag in ("v", "vn") and len(word) == 2 and not _CUT_WORD.fullmatch(word):
            verbs.append(word)
        elif verbs:
            break  # 推动解决企业…: the last verb of the opening run
    return f"{verbs[-1]}{category}" if verbs and len(verbs[-1] + category) <= MAX_LENGTH else category


_RESPECTIVELY = re.compile(r"分别")
_SENTENCE_PART = re.compile(r"[，,。；;：:\n]")


def respective_subject(text: str, end: int) -> str:
    """甲和乙分别提高至90%、99%: the k-th figure after 分别 is the k-th subject before it (满意度 for 99%),
    when there are as many subjects as figures; otherwise ""."""
    left = max((m.end() for m in _SENTENCE_PART.finditer(text, 0, end)), default=0)
    right = next((m.start() for m in _SENTENCE_PART.finditer(text, end)), len(text))
    part = text[left:right]
    marker = _RESPECTIVELY.search(part, 0, end - left)
    if marker is None:
        return ""
    subjects = [name for piece in re.split(r"[和、及与]", part[: marker.start()]) if (name := clean(piece))]
    figures = re.split(r"[、和及]", part[marker.end() :])
    position = len(re.split(r"[、和及]", text[left + marker.end() : end])) - 1
    if len(subjects) < 2 or len(subjects) != len(figures) or not all(re.search(r"\d", f) for f in figures):
        return ""
    return subjects[position]


_ASIDE = re.compile(r"[(（][\u4e00-\u9fff]{1,3}[)）]$")


def _aside_start(text: str, start: int) -> int:
    """A clause that starts after a short aside inside a word (博(硕)士2757名) starts before it."""
    aside = _ASIDE.search(text, max(0, start - 5), start)
    if aside and aside.start() and "\u4e00" <= text[aside.start() - 1] <= "\u9fff":
        return clause_start(text, aside.start())
    return start


_FROM_TO = re.compile(r"^(?:[^从]{0,4})从[^到至]{2,20}[到至]([^到至]{2,16})$")
_QUOTED_NAME = re.compile(r"[“\"「]([^“”\"「」，,。；;]{2,12})[”\"」]\s*$")


def subject_before(text: str, position: int, floor: int = 0) -> str:
    """The name in front of a figure in its clause (办证时间 in 办证时间由40个工作日…); a name in quotes right
    before the figure is what it counts (办理“一手房带押过户”145套)."""
    quoted = _QUOTED_NAME.search(text, max(floor, position - 16), position)
    if quoted and clean(quoted.group(1)):
        return clean(quoted.group(1))
    listed = listed_category(text, position, floor)
    if listed:
        return listed
    phrase = text[max(_aside_start(text, clause_start(text, position)), floor) : position]
    phrase = re.sub(r"[()（）]", "", phrase)
    words = _words(_DATES.sub("", phrase))
    span = _FROM_TO.search("".join(words))
    if span and clean(span.group(1)):
        return clean(span.group(1))  # 从签署合作备忘录到正式启动用时16个月: how long until 正式启动
    if "由" in words[1:] or "从" in words[1:]:
        head = clean("".join(words[: max(i for i, w in enumerate(words) if w in ("由", "从"))]))
        if head:
            return head
    for i in range(len(words) - 1, -1, -1):
        if _ACTION_WORD.fullmatch(words[i]):
            tail = clean("".join(words[i + 1 :]))
            glued = len(words[i]) == 1 and i + 1 < len(words) and len(words[i + 1]) == 1  # 减/费/让利: one word cut up
            if tail and (_GENERIC.fullmatch(tail) or is_actor(tail) or glued):
                tail = clean("".join(words[i:])) or tail  # 办理时间, 惠及企业, 减费让利: the verb is part of the name
            if tail:
                return tail
            break
    for i in range(len(words) - 1, -1, -1):
        if _CUT_WORD.fullmatch(words[i]) and i + 1 < len(words):
            tail = clean("".join(words[i + 1 :]))
            if tail:
                return tail
            break
    return clean(phrase)


_DESCRIBED = re.compile(r"[^，,。；;：:“”\d的]{2,12}(?:、[^，,。；;：:“”\d的]{2,12})+的")


def object_after(text: str, position: int) -> str:
    """The thing counted right after a figure (审批事项 in 41项审批事项整合为…), up to the first verb."""
    described = _DESCRIBED.match(text, position)
    if described:  # 10个人口密度大、业务需求多的邮政所: the counted thing follows its description
        return object_after(text, described.end())
    kept: list[str] = []
    end = position
    while end < len(text) and not _OBJECT_END.match(text[end]):
        end += 1
    for word, tag in _tagged(text[position:end].replace('"', "").replace("“", "").replace("”", "")):
        if re.search(r"\d", word) or (kept and _STOP_WORD.fullmatch(word)) or (not kept and word in ("的", "等", "和", "与", "及")):
            break
        if kept and tag.startswith("v") and is_actor("".join(kept)):
            break  # 170家企业投保…责任险: what is counted is the firms, not what they did
        kept.append(word)
    return clean("".join(kept), counted=True)


def for_kind(metric: str, kind: str, unit: str = "") -> str:
    """A time figure's name says it is a time (低压接电 → 低压接电时间), a count of times that it is one
    (同类型抽查 → 同类型抽查次数)."""
    if kind == "time" and metric and not _TIME_WORD.search(metric) and not re.search(r"率|费|成本|次数|效率", metric):
        return f"{metric}时间"
    if kind == "count" and unit in ("次", "趟") and metric and not re.search(r"次|趟|数|率", metric):
        return f"{metric}次数"
    return metric


def is_actor(name: str) -> bool:
    return bool(_ACTORS.fullmatch(name))


def fallback(kind: str, unit: str) -> str:
    """A name for a figure whose text names nothing: what kind of figure it is."""
    if kind == "count" and unit in _COUNTED:
        return _COUNTED[unit]
    return FALLBACK.get(kind, "数量")


_RATE_WORD = re.compile(r"率|比例|占比|比重|份额|度|覆盖面")
RATE_REACH = 8


def as_rate(metric: str, text: str, position: int) -> str:
    """A share of things, named by what happened to them: 对施工图文件100%抽查 → 施工图文件抽查率. The
    verb is the last one within a few characters after the figure, in its clause."""
    if not metric or _RATE_WORD.search(metric):
        return metric
    verbs = [w for w, tag in _tagged(text[position : min(clause_end(text, position), position + RATE_REACH)]) if tag in ("v", "vn") and len(w) >= 2]
    return f"{metric}{verbs[-1]}率" if verbs and not _FRAME_WORD.fullmatch(verbs[-1]) else metric
