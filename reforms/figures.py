"""Figures written the way people write them: 700亿元, 1.09亿条, 2.8天 → 1小时, −98.5 %, +68.4 个百分点.

One place formats every figure a person reads — pages, badges, charts, the API's display fields and
exports — so none of them ever shows 7e+10 or 0.041667 天. Works on anything with an outcome's fields
(the model or an extracted outcome).
"""

from __future__ import annotations

import math

MINUS = "\u2212"
_PREFIX_ONLY = ("以上", "以内", "之内", "以下", "左右", "内")
_INSIDE = ("余", "多")
_MULTIPLIERS = ("千亿", "万亿", "百万", "千万", "亿", "万")


def number(value: float | None, decimals: int = 2) -> str:
    """A plain decimal, never scientific notation: 40.0 → 40, 93.77 → 93.77, 0.5 → 0.5."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")


def magnitude(value: float, unit: str) -> str:
    """A large base-unit amount in 万 or 亿, as Chinese texts write it: 7e10 元 → 700亿元, 1.09e9 条 → 10.9亿条."""
    size = abs(value)
    if size >= 1e8:
        return f"{number(value / 1e8)}亿{unit}"
    if size >= 1e4 and unit not in ("%", "个百分点", "倍"):
        return f"{number(value / 1e4)}万{unit}"
    return f"{number(value)}{unit}"


def duration(days: float, base_unit: str = "天") -> str:
    """A duration in its most natural unit: 0.041667 天 → 1小时, 2.8 天 → 2.8天, 0.00007 天 → 6秒."""
    if base_unit != "天":
        return f"{number(days)}{base_unit}"
    seconds = days * 86400
    if seconds < 60:
        return f"{number(seconds)}秒"
    if seconds < 3600:
        return f"{number(seconds / 60)}分钟"
    if days < 1:
        return f"{number(days * 24)}小时"
    if days >= 365 and (days / 365 * 2).is_integer():
        return f"{number(days / 365)}年"
    if days >= 28 and (days / 30).is_integer():
        return f"{number(days / 30)}个月"
    if days >= 14 and (days / 7).is_integer():
        return f"{number(days / 7)}周"
    return f"{number(days)}天"


def quantity(value: float | None, unit: str, qualifier: str = "") -> str:
    """A value with the unit it was written in and its qualifier where Chinese puts it: 约95亿元, 2800余宗, 8个工作日以内."""
    if value is None:
        return ""
    shown = number(value)
    if shown == "1" and unit.startswith(("千亿", "百亿", "千万", "百万")):
        shown = ""  # 千亿元 is written without a leading 1
    prefix = suffix = ""
    if qualifier in _INSIDE:
        multiplier = next((m for m in _MULTIPLIERS if unit.startswith(m)), "")
        return f"{shown}{multiplier}{qualifier}{unit[len(multiplier):]}"
    if qualifier in _PREFIX_ONLY:
        suffix = qualifier
    elif qualifier and qualifier != "了":
        prefix = qualifier
    return f"{prefix}{shown}{unit}{suffix}"


def change(outcome) -> str:
    """The change as people write it: −85 % for amounts, +68.4 个百分点 between two rates."""
    pct = getattr(outcome, "change_pct", None)
    if pct is None:
        return ""
    sign = "+" if pct > 0 else (MINUS if pct < 0 else "±")
    points = outcome.unit == "个百分点" or (outcome.unit == "%" and outcome.before is not None)
    return f"{sign}{number(abs(pct), 1 if not points else 2)} {'个百分点' if points else '%'}"


def _before(outcome) -> str:
    """The before value, in its own unit when it was written in another one (2.8天 → 1小时)."""
    base_unit, before_base = outcome.base_unit, getattr(outcome, "before_base", None)
    factor = (outcome.value_base / outcome.value) if outcome.value and outcome.value_base is not None else None
    same_unit = before_base is not None and factor and math.isclose(before_base, outcome.before * factor, rel_tol=1e-6)
    if before_base is None or same_unit:
        return quantity(outcome.before, outcome.unit)
    if base_unit == "天":
        return duration(before_base)
    return magnitude(before_base, base_unit)


def describe(outcome) -> str:
    """The figure alone, as a reader would quote it (no metric): 40个工作日 → 6个工作日, −85 %."""
    qualifier = outcome.qualifier or ""
    if outcome.range_low is not None and outcome.range_high is not None and outcome.value is not None:
        after = f"{number(outcome.range_low)}–{quantity(outcome.range_high, outcome.unit, qualifier)}"
    else:
        after = quantity(outcome.value, outcome.unit, qualifier)
    if outcome.value is not None and outcome.base_unit == "天" and outcome.unit in ("天", "日") and outcome.value < 1:
        after = duration(outcome.value_base)
    delta = change(outcome)
    if outcome.before is not None:
        if outcome.value is None:
            return f"原{_before(outcome)}"
        text = f"{_before(outcome)} → {after}"
        return f"{text}, {delta}" if delta else text
    if outcome.unit in ("%", "个百分点") and delta:
        return f"{qualifier if qualifier not in _PREFIX_ONLY else ''}{delta}{qualifier if qualifier in _PREFIX_ONLY else ''}".strip()
    return after


def headline(outcome) -> str:
    """Metric and figure together, for badges and export cells: 办证时间 40个工作日 → 6个工作日, −85 %."""
    if outcome is None:
        return ""
    return " ".join(part for part in (outcome.metric, describe(outcome)) if part)
