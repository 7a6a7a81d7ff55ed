"""Extraction of the quantified results a case states ("办证时间由40个工作日缩短至6个工作日").

This module reads the phrase structure — before and after (由A缩短至B, 将A压缩为B), a change (压缩75%,
降低1.09个百分点), a plain amount (约95亿元) — and decides the sign and whether a figure is a target.
Numbers and units are `reforms.quantities`; the name of what was measured is `reforms.metric_names`.

Works on the normalised text, whose offsets are those of the original (normalisation keeps lengths),
so every phrase is a substring of the case text at the span reported. Years, dates, ordinals, phone
numbers and names that contain digits (12345热线, “惠企5+6”, 4.0模式) are not outcomes.

One sign convention: `change_pct` is negative when what was measured fell (a time cut is negative,
whatever verb says it — 压缩, 缩短, 提速), positive when it rose. Between two rates (17.6% → 86%) the
change is in percentage points, not percent.

Each figure is built on its own: one that cannot be read is logged and counted (`failures`), and
every other figure of the case is still extracted.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from . import metric_names
from .quantities import (
    CN_DIGITS,
    RANGE,
    TIME_UNITS,
    UNIT,
    Quantity,
    base_of,
    kind_of_unit,
    parse_number,
    parse_range,
)
from .text import normalise

__all__ = ["ExtractedOutcome", "FigureFailure", "extract_outcomes", "parse_number"]

logger = logging.getLogger(__name__)

_PREFIX_Q = (
    r"(?:约|近|超过|不超过|最高不超过?|不超|超|逾|高达|最高|最多|最少|最低|至少|不到|不足|平均|仅需|只需|仅用|只用|仅|只|最快|最短"
    r"|共计|累计|总计|共|达)?"
)
_SUFFIX_Q = r"(?:以上|以内|之内|以下|左右|多|余|内)?"
_HALF = r"(?P<half>半)?"
_DECREASE = "缩短|压缩|精简|缩减|减少|下降|降低|压减|减至|降至|节省|节约|减免|减|降|简化|削减|让利"
_INCREASE = "提升|提高|增长|增加|提速|扩大|增至|升至|上升|跃升|攀升|扩容|增|翻"
_CHANGE_VERB = f"{_DECREASE}|{_INCREASE}"
_SPEED = "提速|加快"

_BEFORE_AFTER = re.compile(
    rf"(?P<lead>由|从|较)(?:[^，,。；;\d由从较]{{0,10}}?的|原来|原先|原本|最初要价|最初|过去|平均|改革前|以前|试行阶段的)?\s*(?P<bq>{_PREFIX_Q})\s*"
    rf"(?P<before>{RANGE})\s*(?P<bunit>{UNIT})?(?P<bhalf>半)?(?P<bsq>{_SUFFIX_Q})"
    rf"[^，,。；;由从\d]{{0,8}}?(?P<verb>{_CHANGE_VERB}|变为|变成)(?:了)?(?:到|至|为|成)?(?:目前的|现在的|现在|目前|当前的|当前)?\s*(?P<aq>{_PREFIX_Q})\s*"
    rf"(?P<after>{RANGE})\s*(?P<aunit>{UNIT}){_HALF}(?P<asq>{_SUFFIX_Q})"
)
# 将60项审批压缩为3项: before and after of one metric, named between them.
_TAKE_FROM_TO = re.compile(
    rf"(?P<lead>将|把)\s*(?P<bq>{_PREFIX_Q})(?P<before>{RANGE})\s*(?P<bunit>{UNIT})(?P<mid>[^，,。；;\d]{{0,12}}?)"
    rf"(?P<verb>{_CHANGE_VERB})(?:了)?(?:到|至|为|成)\s*(?P<aq>{_PREFIX_Q})\s*(?P<after>{RANGE})\s*(?P<aunit>{UNIT}){_HALF}(?P<asq>{_SUFFIX_Q})"
)
# 由5个工作日压缩至当天: a before whose after is not a number.
_BEFORE_ONLY = re.compile(
    rf"(?P<lead>由|从)(?:原来的|原来|原先|原本)?\s*(?P<bq>{_PREFIX_Q})\s*(?P<before>{RANGE})\s*(?P<bunit>{UNIT})(?P<bhalf>半)?(?P<bsq>{_SUFFIX_Q})"
    rf"(?P<verb>{_DECREASE}|{_INCREASE})(?:了)?(?:到|至|为|成)(?P<after_text>[^，,。；;\d]{{1,6}})"
)
_CHANGE = re.compile(
    rf"(?P<verb>{_CHANGE_VERB})(?:了)?(?P<mid>(?:(?!{_CHANGE_VERB})[^，,。；;\d]){{0,12}}?)(?P<q>{_PREFIX_Q})\s*(?P<value>{RANGE})\s*"
    rf"(?P<unit>%|倍|个百分点|百分点|成|个基点|基点|个BP|BP|个bp|bp)(?P<sq>{_SUFFIX_Q})"
)
_QUANTITY = re.compile(rf"(?P<q>{_PREFIX_Q})\s*(?P<value>{RANGE})\s*(?P<sq1>余|多)?(?P<unit>{UNIT}){_HALF}(?P<sq>{_SUFFIX_Q})")
# 降低企业成本2.76亿, 187万企业: a multiple of 万 or 亿 with no unit written after it.
_BARE_MULTIPLE = re.compile(rf"(?P<q>{_PREFIX_Q})\s*(?P<value>\d+(?:\.\d+)?(?:余|多)?)(?P<unit>万|亿)(?!\s*(?:{UNIT}|[\d余多]))")
# A unit character that starts a word with the next one (项目, 个人, 期间) is no unit.
_GLUED = {"项": "目", "个": "人体", "期": "间限", "名": "单称", "家": "庭属", "户": "籍口", "份": "额", "台": "账", "条": "件例款",
          "场": "景所", "批": "次准", "件": "事", "次": "年日"}
_MONEY_WORDS = re.compile(r"资金|贷款|投资|融资|金额|产值|收入|税|保费|成本|费用|授信|利润|营收|资产|债务|元")
_COST_WORDS = re.compile(r"成本|费用|电费|保费|利息|费|减税|降费|让利|减免")
_AS_OF = re.compile(r"(?:截至|截止|截止到|截至到)\s*(20\d\d)年(?:(\d{1,2})月(?:(\d{1,2})日|底|末)?|底|末)?")
# Words that make a figure a goal rather than a result; 将 alone is not one (将A压缩为B reports a result).
_TARGET_CUE = re.compile(r"预计|力争|目标|计划|争取|将于|有望|拟|预期|努力实现|确保")
_SENTENCE_END = re.compile(r"[。；;\n]")
_CLAUSE = re.compile(r"[，,。；;\n]")
_YEAR_WORDS = re.compile(r"^(?:行动|计划|规划|攻坚|以来|来|度|底|初|末|前|后|间|内|级|期|的时间|月|起)")


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
    direction: str = "level"  # down / up / level: which way what was measured went
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FigureFailure:
    """A figure that could not be read: where it is and why, for the build report."""

    phrase: str
    span_start: int
    error: str


def _is_not_an_outcome(text: str, start: int, end: int, unit: str) -> bool:
    before, after = text[max(0, start - 3) : start], text[end : end + 3]
    number = text[start:end]
    if re.search(r"第\s*$", before) or before.endswith(("+", "＋", "x", "*", ".", "-")) and unit != "%":
        return True
    if before.endswith("×") and unit not in ("小时", "个小时"):
        return True
    if after.startswith(("+", "＋", "×", ".0", "x")):
        return True
    if re.match(r"\d{4}", number) and after.startswith(("年", "-", "至")):
        return True
    if re.search(r"\d{5,}", number) and unit in ("", "个", "项"):
        return True
    if re.search(r"(热线|电话|专线)", text[end : end + 4]) or re.search(r"(电话|热线)\s*$", before):
        return True
    return False


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
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, start)
    return left, m.start() if m else len(text)


def sentence_around(text: str, start: int | None, end: int | None) -> tuple[str, str, str]:
    """The sentence of `text` a figure was read from, as (before, figure, after), so an editor sees it in context."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return "", "", ""
    left, right = _sentence_bounds(text, start)
    right = max(right, end)
    return text[left:start], text[start:end], text[end : right + 1].rstrip("\n")


def _half(q: Quantity | None, half: str | None) -> Quantity | None:
    """1年半 is one and a half years."""
    if q is None or not half:
        return q
    base, factor = base_of(q.unit)
    return Quantity(q.value + 0.5, q.unit, base, round((q.value + 0.5) * factor, 9), q.approximate)


def _refine_kind(kind: str, unit: str, metric: str, context: str = "") -> str:
    """Counts of materials and steps, and percentages of time or cost, are their own kinds."""
    words = f"{metric}{context}"
    if kind == "percent" and unit in ("%", "倍"):
        if re.search(r"率|比例|占比", metric):
            return "percent"
        if re.search(r"成本|费用|电费|费率", metric):
            return "cost"  # the name decides before the words around it: 评审时间缩减67%,费用缩减40%
        if re.search(r"时间|时限|用时|时长|周期|天数|耗时|提速", words):
            return "time"
        if re.search(r"成本|费用|电费|费率", words):
            return "cost"
        if re.search(r"材料|资料|环节|手续|证明", metric):
            return "materials"
    if kind == "count" and re.search(r"材料|环节|手续|证明|表单|要件|资料|岗位", metric):
        return "materials"
    return kind


def _qualifier(*parts: str | None) -> str:
    return next((p for p in parts if p), "")


def _change(before: float | None, after: float | None, base_unit: str) -> float | None:
    """Percent change for amounts; percentage points between two rates."""
    if before is None or after is None:
        return None
    if base_unit == "%":
        return round(after - before, 2)
    if not before:
        return None
    return round((after - before) / before * 100, 1)


def _direction_of(change: float | None, verb: str = "") -> str:
    if change is not None and change != 0:
        return "down" if change < 0 else "up"
    if verb and re.fullmatch(_DECREASE, verb):
        return "down"
    if verb and re.fullmatch(_SPEED, verb):
        return "down"
    if verb and re.fullmatch(_INCREASE, verb):
        return "up"
    return "level"


def _in_quoted_name(text: str, start: int, end: int) -> bool:
    """Whether a figure stands inside a short quoted name: an opening quote shortly before it and a
    closing one shortly after, with no other quote between (normalised text has only ASCII quotes)."""
    line_start = text.rfind("\n", 0, start) + 1
    after = text[end : end + 12].split("\n")[0]
    opened = text.rfind('"', line_start, start)
    return text.count('"', line_start, start) % 2 == 1 and start - opened <= 12 and '"' in after


def _illustrative(sentence: str) -> bool:
    """以价值1000万元的房产为例: figures of a worked example are not results."""
    return bool(re.search(r"以[^。；;,，]{0,20}为例", sentence))


class _Extraction:
    """One case text's figures, found pass by pass; later passes skip what earlier ones took."""

    def __init__(self, original: str, planned: bool, failures: list[FigureFailure] | None):
        self.original, self.text, self.planned = original, normalise(original), planned
        self.taken: list[tuple[int, int]] = []
        self.results: list[ExtractedOutcome] = []
        self.failures = failures if failures is not None else []

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.taken)

    def run(self) -> list[ExtractedOutcome]:
        for pattern, build in (
            (_TAKE_FROM_TO, self.from_to),
            (_BEFORE_AFTER, self.from_to),
            (_BEFORE_ONLY, self.before_only),
            (_CHANGE, self.change),
            (_QUANTITY, self.amount),
            (_BARE_MULTIPLE, self.amount),
        ):
            for m in pattern.finditer(self.text):
                try:
                    outcome = build(m)
                except Exception as error:  # noqa: BLE001 — one unreadable figure must not hide the others
                    logger.warning("figure not extracted: %r at %d: %s", m.group(0), m.start(), error)
                    self.failures.append(FigureFailure(self.original[m.start() : m.end()], m.start(), repr(error)))
                    continue
                if outcome is not None:
                    self.finish(outcome)
        self.results.sort(key=lambda o: o.span_start)
        return self.results

    def finish(self, outcome: ExtractedOutcome) -> None:
        text = self.text
        s_start, s_end = _sentence_bounds(text, outcome.span_start)
        if _illustrative(text[s_start:s_end]):
            self.taken.append((outcome.span_start, outcome.span_end))
            return
        outcome.as_of = _as_of(text[s_start:s_end])
        outcome.is_target = self.planned or bool(_TARGET_CUE.search(text[s_start : outcome.span_end]))
        outcome.metric = metric_names.respective_subject(text, outcome.span_end) or outcome.metric
        outcome.metric = metric_names.for_kind(outcome.metric, outcome.kind, outcome.unit) or metric_names.fallback(outcome.kind, outcome.unit)
        outcome.phrase = self.original[outcome.span_start : outcome.span_end]
        self.taken.append((outcome.span_start, outcome.span_end))
        self.results.append(outcome)

    def _span_start(self, metric: str, position: int, floor: int) -> int:
        found = self.text.rfind(metric, floor, position) if metric else -1
        return found if found >= 0 else position

    def from_to(self, m: re.Match) -> ExtractedOutcome | None:
        text = self.text
        if not self.free(m.start(), m.end()):
            return None
        aunit = m.group("aunit")
        bunit = m.group("bunit") or aunit
        if _is_not_an_outcome(text, m.start("before"), m.end("before"), bunit):
            return None
        if m.group("lead") == "较" and not m.group("bunit"):
            return None  # 较2019年提高… compares with a year, not a figure
        before, _, _ = parse_range(m.group("before"), bunit)
        after, low, high = parse_range(m.group("after"), aunit)
        before = _half(before, m.groupdict().get("bhalf"))
        after = _half(after, m.group("half"))
        if before is None or after is None:
            return None
        comparable = before.base_unit == after.base_unit
        if not comparable and {before.base_unit, after.base_unit} != {"天", "工作日"}:
            return None
        mid = m.groupdict().get("mid")
        metric = metric_names.clean(mid) if mid else ""
        if not metric:
            metric = metric_names.subject_before(text, m.start())
        if not metric and mid is not None:
            metric = metric_names.object_after(text, m.end("bunit"))
        kind = _refine_kind(kind_of_unit(aunit), aunit, metric, m.group("verb"))
        change = _change(before.value_base, after.value_base, after.base_unit) if comparable else None
        if change is None and comparable is False:
            change = _change(before.value_base, after.value_base, "天")
        start = self._span_start(metric, m.start(), metric_names.clause_start(text, m.start())) if mid is None else m.start()
        return ExtractedOutcome(
            phrase="", span_start=min(start, m.start()), span_end=m.end(), kind=kind, metric=metric,
            value=after.value, before=before.value, after=after.value, unit=after.unit, base_unit=after.base_unit,
            value_base=after.value_base, before_base=before.value_base if comparable else round(before.value_base, 9),
            after_base=after.value_base, change_pct=change,
            qualifier=_qualifier(m.group("aq"), m.group("asq"), after.approximate), range_low=low, range_high=high,
            direction=_direction_of(change, m.group("verb")),
        )

    def before_only(self, m: re.Match) -> None:
        """由110个工作日缩短到“拿地即动工”: the figure describes the old state only; it is not a result,
        and it must not be read as one by the later passes."""
        if self.free(m.start("before"), m.end("bunit")):
            self.taken.append((m.start("before"), m.end("bunit")))

    def change(self, m: re.Match) -> ExtractedOutcome | None:
        text = self.text
        if not self.free(m.start("value"), m.end("unit")):
            return None
        if _is_not_an_outcome(text, m.start("value"), m.end("value"), m.group("unit")):
            return None
        unit, verb = m.group("unit"), m.group("verb")
        if unit == "百分点":
            unit = "个百分点"
        value, low, high = parse_range(m.group("value"), unit)
        if value is None:
            return None
        mid = metric_names.clean(m.group("mid"))
        subject = metric_names.subject_before(text, m.start())
        metric = mid or subject
        if not metric:
            # 节省电费约63万元,较改革前下降约15%: an unnamed change is about what the clause before named.
            previous = metric_names.clause_start(text, m.start())
            metric = metric_names.subject_before(text, max(previous - 1, 0)) if previous else ""
        kind = _refine_kind("percent", unit, metric, text[max(0, m.start() - 16) : m.start()] + verb)
        speed = bool(re.fullmatch(_SPEED, verb))
        if speed:
            kind = "time"  # 提速83.3%: the time itself fell by 83.3 %
        decrease = speed or bool(re.fullmatch(_DECREASE, verb))
        change: float | None
        if unit == "倍":
            change = None if decrease else value.value * 100
        else:
            change = -value.value if decrease else value.value
        start = m.start()
        if not mid and subject:
            start = self._span_start(subject, m.start(), metric_names.clause_start(text, m.start()))
        return ExtractedOutcome(
            phrase="", span_start=start, span_end=m.end(), kind=kind, metric=metric, value=value.value, unit=unit,
            base_unit=value.base_unit, value_base=value.value_base, change_pct=change,
            qualifier=_qualifier(m.group("q"), m.group("sq")), range_low=low, range_high=high,
            direction="down" if decrease else "up",
        )

    def amount(self, m: re.Match) -> ExtractedOutcome | None:
        text = self.text
        v_start, v_end, unit = m.start("value"), m.end("value"), m.group("unit")
        if not self.free(v_start, m.end("unit")):
            return None
        if _is_not_an_outcome(text, v_start, v_end, unit):
            return None
        numeral, after_unit = m.group("value"), text[m.end("unit") : m.end("unit") + 4]
        if _in_quoted_name(text, v_start, m.end()):
            return None  # “黄金10条”, “10分钟党群税费服务群”: a name in quotes
        if unit == "日" and re.match(r"\d{1,2}$", numeral) and "月" in text[max(0, v_start - 3) : v_start]:
            return None
        if unit == "年" and (not re.fullmatch(r"\d{1,2}(?:\.\d)?(?:-\d{1,2})?", numeral) or _YEAR_WORDS.match(after_unit) and not m.groupdict().get("half")):
            return None  # 2023年, 三年行动: dates and names, not durations
        if re.fullmatch(rf"[{CN_DIGITS}]+", numeral) and not self._spelled_figure(numeral, unit, m.end()):
            return None
        if unit == "个" and re.match(r"[\d月工]", after_unit):
            return None  # 4个1, 3个月 is read as 个月
        if _GLUED.get(unit) and after_unit[:1] and after_unit[:1] in _GLUED[unit] and not metric_names.is_common_word(after_unit[:2]):
            return None  # 百亿项目, 10个人: the unit's character belongs to the next word (but 10个人口密度大的镇街)
        if unit in ("个百分点", "百分点"):
            unit = "个百分点"
        value, low, high = parse_range(numeral + (m.groupdict().get("sq1") or ""), unit)
        value = _half(value, m.groupdict().get("half"))
        if value is None:
            return None
        kind = kind_of_unit(value.unit)
        clause = text[metric_names.clause_start(text, m.start()) : m.start()]
        verbs = [v for v in re.finditer(_CHANGE_VERB, clause) if not clause[max(0, v.start() - 1) : v.start()] == "新"]
        verb = verbs[-1].group(0) if verbs and len(clause) - verbs[-1].end() <= 12 else ""
        if kind == "count" and verbs and not re.fullmatch(r"(?:了)?(?:到|至|为)?\s*", clause[verbs[-1].end() :]):
            verb = ""  # 减免…案件133宗 counts cases; only 增加至133宗 states a change
        if kind in ("count", "other") and not re.search(rf"(?:{_CHANGE_VERB})(?:了)?(?:到|至|为)?\s*$", clause):
            metric = metric_names.object_after(text, m.end()) or metric_names.subject_before(text, m.start())
        else:
            metric = metric_names.subject_before(text, m.start())
            if not metric or metric_names.is_actor(metric):
                metric = metric_names.object_after(text, m.end()) or metric  # 解决企业8000万元债务: 债务, not 企业
        kind = _refine_kind(kind, unit, metric, text[m.end() : m.end() + 8])
        if kind == "percent":
            metric = metric_names.as_rate(metric, text, m.end())
        if value.unit in ("小时", "个小时") and value.value == 24 and not re.search(r"时间|时限|用时", metric):
            metric = "服务时间"  # 24小时, 7×24小时: round-the-clock service, not a duration something took
        if kind == "money" and (_COST_WORDS.search(metric) or re.fullmatch(_DECREASE, verb or "-")):
            kind = "cost"
        if kind == "count" and value.unit in ("万", "亿") and _MONEY_WORDS.search(metric + text[m.end() : m.end() + 4]):
            kind = "cost" if _COST_WORDS.search(metric) else "money"
        approximate = _qualifier(m.groupdict().get("sq1"), value.approximate)
        return ExtractedOutcome(
            phrase="", span_start=m.start() if m.group("q") else v_start, span_end=m.end(), kind=kind, metric=metric,
            value=value.value, unit=value.unit, base_unit=value.base_unit, value_base=value.value_base,
            qualifier=_qualifier(m.group("q"), approximate, m.groupdict().get("sq")), range_low=low, range_high=high,
            direction=_direction_of(None, verb),
        )

    def _spelled_figure(self, numeral: str, unit: str, end: int) -> bool:
        """A figure spelled in characters (两期, 百家, 八成) rather than a name that contains a numeral
        (一张表单, 五证联发, 三年行动): a magnitude, a duration, or a count that ends its clause."""
        text = self.text
        start = end - len(numeral)
        if numeral == "一" or re.search(r"[每第前后]$", text[max(0, start - 1) : start]):
            return False  # 一个, 一趟: an article, not a figure
        if numeral[0] in "百千万":
            return unit not in TIME_UNITS  # 百家, 千亿; but 百日攻坚 is a name
        if unit in TIME_UNITS and unit != "年":
            return not re.match(r"(?:行动|计划|攻坚|一|内)", text[end : end + 2])
        return bool(re.match(r"\s*(?:[，,。；;、)）]|$|以上|左右)", text[end : end + 3]))


def extract_outcomes(text: str, planned: bool = False, failures: list[FigureFailure] | None = None) -> list[ExtractedOutcome]:
    """Every quantified result stated in `text`, in order. A figure that cannot be read is left out,
    logged and appended to `failures`; it never costs the case its other figures."""
    return _Extraction(text or "", planned, failures).run()
