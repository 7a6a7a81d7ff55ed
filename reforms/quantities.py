"""Numbers and units as the sources write them, and the same figure in a base unit per kind.

A figure keeps the unit it was written in (95亿元 stays 95 and 亿元, so it can be quoted as written)
and gains its value in a base unit (9.5e9 元), which sorting, filtering and comparing use. Days, items,
yuan and percent are the base units; working days stay apart from calendar days because they differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九十百千"
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千亿": 1e11, "百亿": 1e10, "万亿": 1e12, "百万": 1e6, "千万": 1e7}
# 95, 1.5, 三十五, 千亿 (no leading digit), 100多万, 1年半 is handled by the caller (it spans the unit).
NUMERAL = (
    rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}]+)(?:余|多)?(?:千亿|百亿|万亿|百万|千万|万|亿)?"
    rf"|(?<![\d{CN_DIGITS}])(?:千亿|百亿|千万|百万)"
)
RANGE = rf"(?:{NUMERAL})(?:%?\s*[-~—–至到]\s*(?:{NUMERAL})(?=\s*[^\s\d]))?"

# unit as written → (kind, base unit, factor to the base unit)
TIME_UNITS = {
    "个工作日": ("工作日", 1), "工作日": ("工作日", 1), "天": ("天", 1), "日": ("天", 1), "个小时": ("天", 1 / 24),
    "小时": ("天", 1 / 24), "个星期": ("天", 7), "星期": ("天", 7), "个月": ("天", 30), "周": ("天", 7), "年": ("天", 365),
    "分钟": ("天", 1 / 1440), "秒钟": ("天", 1 / 86400), "秒": ("天", 1 / 86400),
}
MONEY_UNITS = {"元": ("元", 1), "美元": ("美元", 1), "港元": ("港元", 1), "澳门元": ("澳门元", 1)}
COUNT_UNITS = [
    "项", "件", "个", "家", "户", "宗", "份", "次", "人次", "户次", "家次", "人", "名", "条", "台", "笔", "套", "类", "场",
    "批", "所", "张", "本", "种", "期", "平方公里", "平方米", "亩", "千瓦时", "公里", "单", "支", "只", "位", "座",
    "栋", "枚", "处", "起", "辆", "艘", "吨", "标箱", "间", "轮", "例", "款", "块", "千伏安", "千瓦", "兆瓦",
    "件次", "条次", "席", "期", "趟", "大洲", "大类", "吨标准煤", "个基点", "基点", "个BP", "BP", "bp", "个bp", "户/次", "人/次",
]
# Physical measures rather than counts of things: their kind is "other".
MEASURE_UNITS = ("平方公里", "平方米", "亩", "千瓦时", "公里", "吨", "吨标准煤", "标箱", "千伏安", "千瓦", "兆瓦")
RATE_UNITS = ["%", "个百分点", "百分点", "倍", "成"]
PER_UNIT_PRICES = ["元每千瓦时", "元/千瓦时", "元/平方米", "元每平方米"]
ALL_UNITS = [*TIME_UNITS, *MONEY_UNITS, *COUNT_UNITS, *RATE_UNITS, *PER_UNIT_PRICES]
UNIT = "|".join(sorted(ALL_UNITS, key=len, reverse=True))


@dataclass(frozen=True)
class Quantity:
    """A figure as written (value, unit — 95, 亿元) and in its base unit (9.5e9, 元)."""

    value: float
    unit: str
    base_unit: str
    value_base: float
    approximate: str = ""  # 余 / 多 written inside the numeral (2800余宗, 100多万)


def parse_number(text: str) -> float | None:
    """An Arabic or Chinese numeral, with 万/亿, as a float (None when it is not a number)."""
    text = text.strip().replace("余", "").replace("多", "")
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    number, multiplier = split_multiplier(text)
    if multiplier and number != text:
        inner = parse_number(number) if number else 1.0
        return None if inner is None else inner * _MULTIPLIERS[multiplier]
    if text[0] in "百千万":
        text = "一" + text  # 百家, 千亿: the leading 一 is not written
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def split_multiplier(numeral: str) -> tuple[str, str]:
    """`95亿` → (`95`, `亿`); `千亿` → (``, `千亿`); `三十五` → (`三十五`, ``). 余/多 stay with the number."""
    for multiplier in ("万亿", "亿", "万"):
        if numeral.endswith(multiplier):
            head = numeral[: -len(multiplier)]
            if not head or re.search(r"[\d余多]$", head) or re.fullmatch(rf"[{CN_DIGITS}]+", head):
                return head, multiplier
    return numeral, ""


def base_of(unit: str) -> tuple[str, float]:
    """Base unit and factor of a unit as written, multiplier included: 亿元 → (元, 1e8), 小时 → (天, 1/24)."""
    if unit in _MULTIPLIERS:
        return "", _MULTIPLIERS[unit]  # 187万 (企业): a bare multiple of things the text names after it
    multiplier = ""
    for m in sorted(_MULTIPLIERS, key=len, reverse=True):
        if unit.startswith(m) and unit[len(m) :] in ALL_UNITS:
            multiplier, unit = m, unit[len(m) :]
            break
    factor = _MULTIPLIERS.get(multiplier, 1.0)
    if unit in TIME_UNITS:
        base, f = TIME_UNITS[unit]
        return base, factor * f
    if unit in MONEY_UNITS:
        base, f = MONEY_UNITS[unit]
        return base, factor * f
    if unit in ("个百分点", "百分点"):
        return "个百分点", factor
    if unit == "%":
        return "%", 1.0
    if unit == "成":
        return "%", 10.0 * factor  # 八成 is 80 %
    return unit, factor


def quantity(numeral: str, unit: str) -> Quantity | None:
    """The figure `numeral unit` as written and in its base unit; None when the numeral is not a number."""
    approximate = "余" if "余" in numeral else ("多" if "多" in numeral else "")
    number, multiplier = split_multiplier(numeral)
    value = parse_number(number) if number.strip("余多") else (1.0 if multiplier else None)
    if value is None:
        return None
    written = f"{multiplier}{unit}" if multiplier and unit not in RATE_UNITS else unit
    if multiplier and unit in RATE_UNITS:
        value *= _MULTIPLIERS[multiplier]
    if not number.strip("余多") and multiplier:
        written = f"{multiplier}{unit}"
    base, factor = base_of(written)
    return Quantity(value, written, base, round(value * factor, 9), approximate)


def parse_range(numeral: str, unit: str) -> tuple[Quantity | None, float | None, float | None]:
    """(midpoint, low, high) of `3-7`; (value, None, None) of `40`. Low and high are as written."""
    pair = re.fullmatch(r"([一二两三四五六七八九])([二三四五六七八九])", numeral)
    if pair and parse_number(pair.group(2)) == (parse_number(pair.group(1)) or 0) + 1:
        numeral = f"{pair.group(1)}-{pair.group(2)}"  # 三四趟: three or four
    parts = re.split(r"%?\s*[-~—–至到]\s*", numeral)
    if len(parts) == 2 and parts[0] and parts[1]:
        high = quantity(parts[1], unit)
        low_number, low_mult = split_multiplier(parts[0])
        if not low_mult:
            _, high_mult = split_multiplier(parts[1])
            parts[0] = f"{parts[0]}{high_mult}"  # 15-20万元: both ends in 万
        low = quantity(parts[0], unit)
        if low is None or high is None:
            return None, None, None
        if low.unit != high.unit:
            return None, None, None
        middle = Quantity((low.value + high.value) / 2, high.unit, high.base_unit, (low.value_base + high.value_base) / 2)
        return middle, low.value, high.value
    return quantity(numeral, unit), None, None


def kind_of_unit(unit: str) -> str:
    """time / money / percent / count from the unit alone (the metric may refine count and percent)."""
    base, _ = base_of(unit)
    if base in ("天", "工作日"):
        return "time"
    if base in MONEY_UNITS or base in PER_UNIT_PRICES:
        return "money"
    if base in ("%", "个百分点", "倍"):
        return "percent"
    if base in MEASURE_UNITS:
        return "other"
    return "count"
