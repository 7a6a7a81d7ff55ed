"""Extraction of the quantified results a case states ("办证时间由40个工作日缩短至6个工作日").

Works on the normalised text, whose offsets are those of the original (normalisation keeps lengths),
so every phrase is a substring of the case text at the span reported. Years, dates, ordinals, phone
numbers and names that contain digits (12345热线, “惠企5+6”, 4.0模式) are not outcomes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import cn2an

from reforms.text import normalise

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
NUM = rf"(?:\d+(?:\.\d+)?|[{_CN_DIGITS}]+)(?:余(?=[万亿]))?(?:万|亿)?"
_RANGE = rf"{NUM}(?:%?\s*[-~—–]\s*{NUM})?"
_PREFIX_Q = r"(?:约|近|超过|不超过|最高不超过?|不超|超|逾|最高|最多|最少|至少|不到|不足|平均|仅|共计|累计|总计|共)?"
_SUFFIX_Q = r"(?:以上|以内|以下|左右|多|余)?"
TIME_UNITS = {"个工作日": ("工作日", 1), "工作日": ("工作日", 1), "天": ("天", 1), "日": ("天", 1),
              "小时": ("天", 1 / 24), "个小时": ("天", 1 / 24), "个星期": ("天", 7), "年": ("天", 365), "分钟": ("天", 1 / 1440), "个月": ("天", 30), "周": ("天", 7), "秒": ("天", 1 / 86400)}
MONEY_UNITS = {"元": ("元", 1), "万元": ("元", 1e4), "亿元": ("元", 1e8), "千元": ("元", 1e3), "美元": ("美元", 1),
               "万美元": ("美元", 1e4), "亿美元": ("美元", 1e8)}
COUNT_UNITS = ["项", "件", "个", "家", "户", "宗", "份", "次", "人次", "户次", "家次", "人", "名", "条", "台", "笔", "套",
               "类", "场", "批", "所", "张", "本", "种", "期", "平方公里", "平方米", "万亩", "亩", "千瓦时", "万千瓦时", "公里",
               "倍", "单", "支", "只", "位", "座", "栋", "枚", "个园区"]
_UNIT = "|".join(sorted([*TIME_UNITS, *MONEY_UNITS, *COUNT_UNITS, "%"], key=len, reverse=True))
_DECREASE = "缩短|压缩|精简|缩减|减少|下降|降低|压减|减至|降至|节省|节约|减免|减|降|省"
_INCREASE = "提升|提高|增长|增加|提速|扩大|增至|升至|上升|翻"
_CHANGE_VERB = f"{_DECREASE}|{_INCREASE}"

_BEFORE_AFTER = re.compile(
    rf"(?P<lead>由|从|较)(?:[^，,。；;\d由从较]{{0,10}}?的|原来|原先|原本|最初要价|最初|过去|平均|改革前|以前)?\s*(?P<bq>{_PREFIX_Q})\s*(?P<before>{_RANGE})\s*(?P<bunit>{_UNIT})?"
    rf"[^，,。；;由从]{{0,8}}?(?P<verb>{_CHANGE_VERB})(?:了)?(?:到|至|为|成)(?:目前的|现在的|现在|目前|当前的)?\s*(?P<aq>{_PREFIX_Q})\s*(?P<after>{_RANGE})\s*(?P<aunit>{_UNIT})(?P<asq>{_SUFFIX_Q})"
)
_CHANGE = re.compile(
    rf"(?P<verb>{_CHANGE_VERB})(?:了)?(?P<mid>[^，,。；;\d]{{0,12}}?)(?P<q>{_PREFIX_Q})\s*(?P<value>{_RANGE})\s*(?P<unit>%|倍)(?P<sq>{_SUFFIX_Q})"
)
_QUANTITY = re.compile(rf"(?P<q>{_PREFIX_Q})\s*(?P<value>{_RANGE})\s*(?P<sq1>余|多)?(?P<unit>{_UNIT})(?P<sq>{_SUFFIX_Q})")
_AS_OF = re.compile(r"(?:截至|截止|截止到|截至到)\s*(20\d\d)年(?:(\d{1,2})月(?:(\d{1,2})日|底|末)?|底|末)?")
_TARGET_CUE = re.compile(r"预计|力争|目标|计划|将[^，。]{0,6}(?:实现|达到|压缩|缩短)|争取")
_DELIM = re.compile(r"[，,。；;：:、（）()“”\"!！?？\n]")
_COMPARISON = re.compile(r"^(?:较|比)(?:改革前|以前|过去|原来|上年|去年)?|(?:较|比)(?:改革前|以前|过去|原来|上年|去年)$|^改革前")
_QUALIFIERS = re.compile(r"(?:约|近|超过|超|逾|最高|最多|至少|不超过|平均|共计|累计|总计|了)$")
_LEADING_NOISE = re.compile(r"^(?:并|且|将|把|使|让|为|对|在|其中|实现|推动|有效|切实|大幅|进一步|已|已经|均|平均|全市|全区|累计|共|通过|帮助|助力|较|比)+")


@dataclass
class ExtractedOutcome:
    phrase: str
    span_start: int
    span_end: int
    kind: str
    metric: str = ""
    value: float | None = None
    before: float | None = None
    after: float | None = None
    unit: str = ""
    base_unit: str = ""
    value_base: float | None = None
    before_base: float | None = None
    after_base: float | None = None
    change_pct: float | None = None
    qualifier: str = ""
    range_low: float | None = None
    range_high: float | None = None
    is_target: bool = False
    as_of: dt.date | None = None
    notes: list[str] = field(default_factory=list)


def parse_number(text: str) -> float | None:
    """An Arabic or Chinese numeral, with 万/亿, as a float (None when it is not a number)."""
    text = text.strip().replace("余", "")
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            return float(text)
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _parse_range(text: str) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) of `3-7` or `40`; value is the midpoint of a range."""
    parts = re.split(r"%?\s*[-~—–]\s*", text)
    if len(parts) == 2:
        low, high = parse_number(parts[0]), parse_number(parts[1])
        if low is None or high is None:
            return None, None, None
        if parts[1][-1:] in "万亿" and parts[0][-1:] not in "万亿":
            low *= high / parse_number(re.sub(r"[万亿]$", "", parts[1]) or "1") if parse_number(re.sub(r"[万亿]$", "", parts[1]) or "1") else 1
        return (low + high) / 2, low, high
    value = parse_number(text)
    return value, None, None


def _is_not_an_outcome(text: str, start: int, end: int, unit: str) -> bool:
    before, after = text[max(0, start - 3) : start], text[end : end + 3]
    number = text[start:end]
    if re.search(r"第\s*$", before) or before.endswith(("+", "＋", "×", "x", "*", ".", "-")) and unit != "%":
        return True
    if after.startswith(("+", "＋", "×", ".0", "x")):
        return True
    if re.match(r"\d{4}", number) and after.startswith("年"):
        return True
    if re.search(r"\d{5,}", number) and unit in ("", "个", "项"):
        return True
    if re.search(r"(热线|电话|专线)", text[end : end + 4]) or re.search(r"(电话|热线)\s*$", before):
        return True
    return False


def _clean_metric(phrase: str) -> str:
    phrase = _COMPARISON.sub("", phrase.strip())
    phrase = re.sub(r"(?:最高|最多|最快|最短|平均|均|已|累计|共|约|近|大幅|进一步)+$", "", phrase)
    return _LEADING_NOISE.sub("", phrase).strip()[-12:]


def _metric_before(text: str, start: int) -> str:
    """The noun phrase in front of a figure: 办证时间 in 办证时间由40个工作日…, 购地成本 in 节省购地成本约95亿元."""
    clause_start = max((m.end() for m in _DELIM.finditer(text, 0, start)), default=0)
    phrase = text[clause_start:start]
    verbs = list(re.finditer(_CHANGE_VERB, phrase))
    if verbs:
        after_verb = _QUALIFIERS.sub("", re.sub(r"^(?:了|到|至|为|成)", "", phrase[verbs[-1].end() :])).strip()
        if after_verb:
            return _clean_metric(after_verb)
        phrase = phrase[: verbs[-1].start()]
    pieces = [p for p in re.split(r"由|从|较|达到?|为|超过?|近|约|共计?|累计", phrase)]
    first = pieces[0] if pieces else ""
    return _clean_metric(first or (pieces[-1] if pieces else ""))


def _metric_after(text: str, end: int) -> str:
    m = _DELIM.search(text, end)
    phrase = text[end : m.start() if m else len(text)]
    phrase = re.split(r"[，,。\d]|的(?=[^的]{0,3}$)", phrase)[0]
    return _LEADING_NOISE.sub("", phrase.strip())[:12]


def _kind_for(unit: str, metric: str) -> str:
    if unit in TIME_UNITS:
        return "time"
    if unit in MONEY_UNITS:
        return "money"
    if unit in ("%", "倍"):
        if re.search(r"时间|时限|用时|时长|周期|天数|耗时", metric):
            return "time"
        if re.search(r"成本|费用|电费", metric):
            return "cost"
        if re.search(r"材料|资料|环节|手续|证明", metric):
            return "materials"
        return "percent"
    if re.search(r"材料|环节|手续|证明|表单|要件|资料|岗位", metric):
        return "materials"
    return "count"


def _base(unit: str, value: float | None) -> tuple[str, float | None]:
    if value is None:
        return "", None
    table = {**TIME_UNITS, **MONEY_UNITS}
    if unit in table:
        base, factor = table[unit]
        return base, round(value * factor, 6)
    if unit == "材料":
        return "项", value
    return unit, value


def _qualifier(*parts: str) -> str:
    for part in parts:
        if part:
            return part
    return ""


def _as_of(sentence: str) -> dt.date | None:
    m = _AS_OF.search(sentence)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    month = int(month) if month else 12
    if not 1 <= month <= 12:
        return None
    if day and 1 <= int(day) <= 31:
        try:
            return dt.date(year, month, int(day))
        except ValueError:
            return None
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def _sentence_bounds(text: str, start: int) -> tuple[int, int]:
    left = max((m.end() for m in re.finditer(r"[。；;\n]", text[:start])), default=0)
    m = re.search(r"[。；;\n]", text[start:])
    return left, start + m.start() if m else len(text)


def sentence_around(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """The sentence of `text` a figure was read from, as (before, figure, after), so an editor sees it in context."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return "", "", ""
    left, right = _sentence_bounds(text, start)
    right = max(right, end)
    return text[left:start], text[start:end], text[end : right + 1].rstrip("\n")


def _signed(verb: str, value: float | None) -> float | None:
    if value is None:
        return None
    return -value if re.fullmatch(_DECREASE, verb) else value


def extract_outcomes(text: str, planned: bool = False) -> list[ExtractedOutcome]:
    """Every quantified result stated in `text`, in order; never raises on any input."""
    try:
        return _extract(text or "", planned)
    except Exception:  # noqa: BLE001 — a bad figure must never stop an import; it is simply not extracted
        return []


def _extract(original: str, planned: bool) -> list[ExtractedOutcome]:
    text = normalise(original)
    taken: list[tuple[int, int]] = []
    results: list[ExtractedOutcome] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def finish(outcome: ExtractedOutcome) -> None:
        s_start, s_end = _sentence_bounds(text, outcome.span_start)
        sentence = text[s_start:s_end]
        outcome.as_of = _as_of(sentence)
        outcome.is_target = planned or bool(_TARGET_CUE.search(text[s_start : outcome.span_end]))
        outcome.phrase = original[outcome.span_start : outcome.span_end]
        taken.append((outcome.span_start, outcome.span_end))
        results.append(outcome)

    for m in _BEFORE_AFTER.finditer(text):
        unit = m.group("aunit")
        bunit = m.group("bunit") or unit
        if _is_not_an_outcome(text, m.start("before"), m.end("before"), bunit):
            continue
        if m.group("lead") == "较" and not m.group("bunit"):
            continue  # 较2019年提高… compares with a year, not a figure
        before = _parse_range(m.group("before"))[0]
        after, low, high = _parse_range(m.group("after"))
        if before is None or after is None:
            continue
        metric = _metric_before(text, m.start())
        kind = _kind_for(unit, metric)
        if unit == "%":
            kind = "percent" if kind == "percent" else kind
        base_unit, after_base = _base(unit, after)
        _, before_base = _base(bunit, before)
        if bunit != unit and before_base is not None and after_base is not None and _base(bunit, 1)[0] != base_unit:
            before_base = None
        change = None
        if before_base and after_base is not None and _base(bunit, 1)[0] == base_unit:
            change = round((after_base - before_base) / before_base * 100, 1)
        start = m.start("lead") if not metric else max(m.start() - len(metric), 0)
        start = text.rfind(metric, 0, m.start()) if metric and text.rfind(metric, 0, m.start()) >= 0 else m.start()
        finish(ExtractedOutcome(
            phrase="", span_start=start, span_end=m.end("aunit") + len(m.group("asq") or ""), kind=kind, metric=metric,
            value=after, before=before, after=after, unit=unit, base_unit=base_unit, value_base=after_base,
            before_base=before_base, after_base=after_base, change_pct=change,
            qualifier=_qualifier(m.group("aq"), m.group("asq"), m.group("bq")), range_low=low, range_high=high,
        ))

    for m in _CHANGE.finditer(text):
        if not free(m.start("value"), m.end("unit")):
            continue
        if _is_not_an_outcome(text, m.start("value"), m.end("value"), m.group("unit")):
            continue
        value, low, high = _parse_range(m.group("value"))
        if value is None:
            continue
        mid = m.group("mid").strip()
        metric = mid or _metric_before(text, m.start())
        metric = _LEADING_NOISE.sub("", metric)
        unit = m.group("unit")
        pct = value * 100 if unit == "倍" else value
        # 节省电费约63万元,较改革前下降约15%: an unnamed change is about what the clause before named.
        context = metric or text[max(0, m.start() - 16) : m.start()]
        kind = _kind_for("%", context + m.group("verb"))
        start = m.start()
        prefix = _metric_before(text, m.start())
        if not mid and prefix and text.rfind(prefix, 0, m.start()) >= 0:
            start = text.rfind(prefix, 0, m.start())
        change = _signed(m.group("verb"), pct)
        if kind == "time" and m.group("verb") == "提速":
            change = -pct  # 办证时间提速83.3%: the time itself fell by 83.3%
        finish(ExtractedOutcome(
            phrase="", span_start=start, span_end=m.end(), kind=kind, metric=metric or prefix, value=value, unit=unit,
            base_unit="%", value_base=pct, change_pct=change,
            qualifier=_qualifier(m.group("q"), m.group("sq")), range_low=low, range_high=high,
        ))

    for m in _QUANTITY.finditer(text):
        v_start, v_end, unit = m.start("value"), m.end("value"), m.group("unit")
        if not free(v_start, m.end("unit")):
            continue
        if _is_not_an_outcome(text, v_start, v_end, unit):
            continue
        if unit == "日" and (re.match(r"\d{1,2}$", m.group("value")) and "月" in text[max(0, v_start - 3) : v_start]):
            continue
        if re.fullmatch(rf"[{_CN_DIGITS}]+", m.group("value")) and (unit not in TIME_UNITS or unit == "年"):
            continue  # 一张表单, 五证联发, 三年行动: names and counts of things, not results
        if unit == "年" or (unit == "个" and re.match(r"\d", text[m.end("unit") : m.end("unit") + 1])):
            continue  # 4个1, bare years
        if unit in ("小时", "个小时") and re.match(r".{0,3}(不打烊|在线|自助|服务|政务|智能|通关|咨询|值守|受理)", text[m.end() : m.end() + 8]):
            continue  # 24小时不打烊 is a service feature, not a result
        if unit == "个" and re.match(r"[月工]", text[m.end("unit") : m.end("unit") + 1]):
            continue
        value, low, high = _parse_range(m.group("value"))
        if value is None:
            continue
        if unit == "%":
            metric = _metric_before(text, m.start())
            kind = _kind_for("%", metric)
            base_unit, value_base = "%", value
        else:
            after_verb = re.search(rf"(?:{_CHANGE_VERB})(?:了)?(?:到|至|为)\s*$", text[max(0, m.start() - 6) : m.start()])
            use_before = unit in TIME_UNITS or unit in MONEY_UNITS or after_verb
            metric = _metric_before(text, m.start()) if use_before else _metric_after(text, m.end())
            kind = _kind_for(unit, metric + text[m.end() : m.end() + 8])
            base_unit, value_base = _base(unit, value)
        finish(ExtractedOutcome(
            phrase="", span_start=m.start() if m.group("q") else v_start, span_end=m.end(), kind=kind, metric=metric,
            value=value, unit=unit, base_unit=base_unit, value_base=value_base,
            qualifier=_qualifier(m.group("q"), m.group("sq1"), "余" if "余" in m.group("value") else "", m.group("sq")),
            range_low=low, range_high=high,
        ))

    results.sort(key=lambda o: o.span_start)
    return results
