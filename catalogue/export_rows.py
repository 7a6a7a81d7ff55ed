"""The rows of an export, read as plain tuples in batches of ids (a fixed number of queries per batch, no
model instances), so a 100 000-case export costs seconds, not minutes.

Columns carry a machine key and a Chinese label; `readable=True` also writes values for people (状态
已实施, 类别 时间, 目标值 是/否), `readable=False` the machine codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter

from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat
from django.urls import reverse

from reforms.choices import OutcomeKind, ReformStatus
from reforms.models import Practice, Reform
from reforms.text import to_simplified

from .presenters import outcome_badge, pick_headline
from .rows import OutcomeRow, fetch, headlines, within
from .rows import outcomes as outcome_rows_of

BATCH = 2000  # ids per round of queries: under SQLite's 32 766 parameters, few enough round trips at 100 000


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float = 12  # characters, for the spreadsheet
    number_format: str = ""  # Excel number format of numeric columns


CASE_COLUMNS = [
    Column("id", "编号", 7, "0"),
    Column("title", "标题", 40),
    Column("subtitle", "副标题", 20),
    Column("region", "地区", 10),
    Column("lead_departments", "牵头单位", 24),
    Column("partner_departments", "配合单位", 24),
    Column("status", "状态", 7),
    Column("year", "年份", 7, "0"),
    Column("primary_indicator", "主要指标", 14),
    Column("indicators", "相关指标", 22),
    Column("reform_types", "改革类型", 22),
    Column("practices", "主要做法", 60),
    Column("headline_outcome", "主要成效", 28),
    Column("outcome_count", "成效数", 7, "0"),
    Column("source_title", "来源", 30),
    Column("source_publisher", "发布者", 22),
    Column("source_file", "来源文件", 26),
    Column("ordinal", "来源中的序号", 8, "0"),
    Column("url", "网址", 36),
]

OUTCOME_COLUMNS = [
    Column("reform_id", "案例编号", 9, "0"),
    Column("reform_title", "案例标题", 32),
    Column("source_file", "来源文件", 26),
    Column("ordinal", "来源中的序号", 8, "0"),
    Column("phrase", "原文短语", 40),
    Column("metric", "指标", 14),
    Column("kind", "类别", 8),
    Column("before", "改革前", 9, "#,##0.##"),
    Column("after", "改革后", 9, "#,##0.##"),
    Column("value", "数值", 10, "#,##0.##"),
    Column("unit", "单位", 8),
    Column("base_unit", "基准单位", 8),
    Column("value_base", "基准单位数值", 12, "#,##0.##"),
    Column("change_pct", "变化(%)", 9, '0.0"%"'),
    Column("qualifier", "限定词", 7),
    Column("range_low", "区间下限", 9, "#,##0.##"),
    Column("range_high", "区间上限", 9, "#,##0.##"),
    Column("is_target", "目标值", 7),
    Column("as_of", "截至日期", 11, "yyyy-mm-dd"),
]

_CASE_FIELDS = ("id", "title", "subtitle", "region__name", "status", "year", "primary_indicator__name",
                "source__title", "source__publisher", "source__file_name", "ordinal")


_STATUS = dict(ReformStatus.choices)
_KIND = dict(OutcomeKind.choices)


def _as_bool(value) -> bool:
    return bool(value)  # SQLite answers 0/1


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value  # SQLite answers text


def _joined(rows: list[tuple[int, str]], separator: str) -> dict[int, str]:
    """reform id → its texts joined, from (reform id, text) rows ordered by reform id (grouped at C speed)."""
    second = itemgetter(1)
    return {reform_id: separator.join(map(second, group)) for reform_id, group in groupby(rows, itemgetter(0))}


def _names(relation: str, chunk: list[int], order: str) -> dict[int, str]:
    """reform id → "name、name" for one many-to-many relation of Reform, in `order` (a field of the label)."""
    through = getattr(Reform, relation).through
    target = getattr(Reform, relation).field.m2m_reverse_field_name()
    rows = through.objects.filter(within(chunk)).order_by("reform_id", f"{target}__{order}").values_list("reform_id", f"{target}__name")
    return _joined(fetch(rows), "、")


def _practices(chunk: list[int]) -> dict[int, str]:
    """reform id → its practices, one a line, each after its marker (①, 1.) when it has one."""
    shown = Case(When(marker="", then=F("text")), default=Concat("marker", Value(" "), "text", output_field=TextField()),
                 output_field=TextField())
    rows = Practice.objects.filter(within(chunk)).order_by("reform_id", "position").values_list("reform_id", shown)
    return _joined(fetch(rows), "\n")


def _as_written(text):
    return text


def batches(ids: list[int], base_url: str, readable: bool = True, with_outcomes: bool = True,
            simplified: bool = True) -> Iterator[tuple[list[list], list[list]]]:
    """(case rows, outcome rows) per batch of ids, in the order of `ids`, columns as CASE/OUTCOME_COLUMNS;
    without outcomes the outcome rows stay empty and only each case's headline outcome is read whole.
    `simplified`: texts of Traditional originals in Simplified (the reader's preference; Simplified text
    passes through after one character-class test)."""
    script = to_simplified if simplified else _as_written
    head, tail = reverse("catalogue:reform", args=[0]).rsplit("0", 1)  # the case URL, without a reverse() per row
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        cases = {row[0]: row for row in fetch(Reform.objects.filter(within(chunk, "pk")).order_by().values_list(*_CASE_FIELDS))}
        lead = _names("lead_departments", chunk, "name")
        partner = _names("partner_departments", chunk, "name")
        indicators = _names("indicators", chunk, "position")
        types = _names("reform_types", chunk, "position")
        practices = _practices(chunk)
        if with_outcomes:
            outcomes = outcome_rows_of(chunk, OutcomeRow)
            headline = {pk: (len(own), pick_headline(own)) for pk, own in outcomes.items()}
        else:
            outcomes, headline = {}, headlines(chunk)
        case_rows, outcome_rows = [], []
        for pk in chunk:
            case = cases.get(pk)
            if case is None:  # deleted since the search ran
                continue
            _, title, subtitle, region, status, year, primary, source_title, publisher, file_name, ordinal = case
            count, figure = headline.get(pk, (0, None))
            title = script(title)  # the case row's and its outcome rows'
            case_rows.append([
                pk, title, script(subtitle), region, script(lead.get(pk, "")), script(partner.get(pk, "")),
                _STATUS.get(status, status) if readable else status,
                year, primary or "", indicators.get(pk, ""), types.get(pk, ""), script(practices.get(pk, "")),
                script(outcome_badge(figure)), count, script(source_title), script(publisher), file_name, ordinal,
                f"{base_url}{head}{pk}{tail}",
            ])
            for o in outcomes.get(pk, ()):
                outcome_rows.append([
                    pk, title, file_name, ordinal, script(o.phrase), script(o.metric), _KIND.get(o.kind, o.kind) if readable else o.kind,
                    o.before, o.after, o.value, o.unit, o.base_unit, o.value_base, o.change_pct, o.qualifier, o.range_low,
                    o.range_high, ("是" if o.is_target else "否") if readable else _as_bool(o.is_target),
                    o.as_of if o.as_of is None else _as_date(o.as_of),
                ])
        yield case_rows, outcome_rows
