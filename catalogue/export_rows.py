"""The rows of an export, read as plain tuples in batches of ids (a fixed number of queries per batch, no
model instances), so a 100 000-case export costs seconds, not minutes.

Columns carry a machine key and a Chinese label; `readable=True` also writes values for people (状态
已实施, 类别 时间, 目标值 是/否), `readable=False` the machine codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.db import connections, router
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Concat

from reforms.choices import OutcomeKind, ReformStatus
from reforms.models import Indicator, Practice, Reform, Region, Source
from reforms.text import to_simplified

from .presenters import case_url_maker, outcome_badge, pick_headline
from .rows import OutcomeRow, fetch, headlines, read_ahead, within
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

_CASE_FIELDS = ("id", "title", "subtitle", "region_id", "status", "year", "primary_indicator_id", "source_id", "ordinal")


class LabelNames:
    """id → shown name of the labels an export meets (regions, departments, indicators, types, sources), each
    read and converted once per export instead of joined into and converted on every row: a 100 000-case
    export meets a few dozen labels a hundred thousand times."""

    def __init__(self, script):
        self.script = script
        self.known: dict[type, dict[int, object]] = {}

    def of(self, model, ids, fields=("name",), convert=False) -> dict[int, object]:
        """The names (or tuples of `fields`) of these ids of `model`, reading only the ones not seen yet."""
        known = self.known.setdefault(model, {})
        missing = {pk for pk in ids if pk is not None and pk not in known}
        if missing:
            script = self.script if convert else _as_written
            for pk, *values in fetch(model.objects.filter(pk__in=missing).order_by().values_list("pk", *fields)):
                values = [script(v) if isinstance(v, str) else v for v in values]
                known[pk] = values[0] if len(fields) == 1 else tuple(values)
        return known


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


def _names(relation: str, chunk: list[int], order: str, labels: LabelNames, convert: bool = False) -> dict[int, str]:
    """reform id → "name、name" for one many-to-many relation of Reform, in `order` (a field of the label)."""
    field = getattr(Reform, relation).field
    through, target = field.remote_field.through, field.m2m_reverse_field_name()
    rows = fetch(through.objects.filter(within(chunk)).order_by("reform_id", f"{target}__{order}").values_list("reform_id", f"{target}_id"))
    names = labels.of(field.related_model, {label for _, label in rows}, convert=convert)
    return {reform_id: "、".join([names[label] for _, label in group]) for reform_id, group in groupby(rows, itemgetter(0))}


def _practices(chunk: list[int]) -> dict[int, str]:
    """reform id → its practices, one a line, each after its marker (①, 1.) when it has one."""
    shown = Case(When(marker="", then=F("text")), default=Concat("marker", Value(" "), "text", output_field=TextField()),
                 output_field=TextField())
    rows = Practice.objects.filter(within(chunk)).order_by("reform_id", "position").values_list("reform_id", shown)
    return _joined(fetch(rows), "\n")


def _as_written(text):
    return text


class _Batch(NamedTuple):
    """What one batch of ids reads from the database, labels already named."""

    chunk: list[int]
    cases: dict[int, tuple]
    regions: dict
    primaries: dict
    sources: dict
    lead: dict[int, str]
    partner: dict[int, str]
    indicators: dict[int, str]
    types: dict[int, str]
    practices: dict[int, str]
    outcomes: dict[int, list]
    headline: dict[int, tuple]


def _read(chunk: list[int], labels: LabelNames, with_outcomes: bool) -> _Batch:
    cases = {row[0]: row for row in fetch(Reform.objects.filter(within(chunk, "pk")).order_by().values_list(*_CASE_FIELDS))}
    rows = cases.values()
    if with_outcomes:
        outcomes = outcome_rows_of(chunk, OutcomeRow)
        headline = {pk: (len(own), pick_headline(own)) for pk, own in outcomes.items()}
    else:
        outcomes, headline = {}, headlines(chunk)
    return _Batch(
        chunk, cases,
        labels.of(Region, {row[3] for row in rows}),
        labels.of(Indicator, {row[6] for row in rows}),
        labels.of(Source, {row[7] for row in rows}, ("title", "publisher", "file_name"), convert=True),
        _names("lead_departments", chunk, "name", labels, convert=True),
        _names("partner_departments", chunk, "name", labels, convert=True),
        _names("indicators", chunk, "position", labels),
        _names("reform_types", chunk, "position", labels),
        _practices(chunk), outcomes, headline,
    )


def batches(ids: list[int], base_url: str, readable: bool = True, with_outcomes: bool = True,
            simplified: bool = True) -> Iterator[tuple[list[list], list[list]]]:
    """(case rows, outcome rows) per batch of ids, in the order of `ids`, columns as CASE/OUTCOME_COLUMNS;
    without outcomes the outcome rows stay empty and only each case's headline outcome is read whole.
    `simplified`: texts of Traditional originals in Simplified (the reader's preference; Simplified text
    passes through after one character-class test). The next batch is read while this one is written."""
    script = to_simplified if simplified else _as_written
    url_of = case_url_maker()
    read = partial(_read, labels=LabelNames(script), with_outcomes=with_outcomes)
    chunks = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    for batch in read_ahead(chunks, read, connections[router.db_for_read(Reform)].vendor):
        cases, sources, regions, primaries = batch.cases, batch.sources, batch.regions, batch.primaries
        lead, partner, indicators, types = batch.lead, batch.partner, batch.indicators, batch.types
        practices, outcomes, headline = batch.practices, batch.outcomes, batch.headline
        case_rows, outcome_rows = [], []
        for pk in batch.chunk:
            case = cases.get(pk)
            if case is None:  # deleted since the search ran
                continue
            _, title, subtitle, region, status, year, primary, source, ordinal = case
            source_title, publisher, file_name = sources[source]
            count, figure = headline.get(pk, (0, None))
            title = script(title)  # the case row's and its outcome rows'
            case_rows.append([
                pk, title, script(subtitle), regions[region], lead.get(pk, ""), partner.get(pk, ""),
                _STATUS.get(status, status) if readable else status,
                year, primaries.get(primary, ""), indicators.get(pk, ""), types.get(pk, ""), script(practices.get(pk, "")),
                script(outcome_badge(figure)), count, source_title, publisher, file_name, ordinal,
                base_url + url_of(pk),
            ])
            for o in outcomes.get(pk, ()):
                outcome_rows.append([
                    pk, title, file_name, ordinal, script(o.phrase), script(o.metric), _KIND.get(o.kind, o.kind) if readable else o.kind,
                    o.before, o.after, o.value, o.unit, o.base_unit, o.value_base, o.change_pct, o.qualifier, o.range_low,
                    o.range_high, ("是" if o.is_target else "否") if readable else _as_bool(o.is_target),
                    o.as_of if o.as_of is None else _as_date(o.as_of),
                ])
        yield case_rows, outcome_rows
