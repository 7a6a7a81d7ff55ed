"""Figures as people write them, wherever a person reads one: badges, pages, the API's display field."""

import re
from types import SimpleNamespace

import pytest

from reforms import figures
from reforms.models import Outcome

SCIENTIFIC = re.compile(r"\d[eE][+-]?\d")


def outcome(**fields):
    base = dict(metric="", value=None, unit="", base_unit="", value_base=None, before=None, before_base=None, after=None,
                change_pct=None, qualifier="", range_low=None, range_high=None)
    return SimpleNamespace(**(base | fields))


@pytest.mark.parametrize(
    "fields, written",
    [
        (dict(value=700, unit="亿元", base_unit="元", value_base=7e10), "700亿元"),
        (dict(value=1.09, unit="亿条", base_unit="条", value_base=1.09e8), "1.09亿条"),
        (dict(value=1, unit="小时", base_unit="天", value_base=1 / 24, before=2.8, before_base=2.8, change_pct=-98.5), "2.8天 → 1小时, −98.5 %"),
        (dict(value=86, unit="%", base_unit="%", value_base=86, before=17.6, before_base=17.6, change_pct=68.4), "17.6% → 86%, +68.4 个百分点"),
        (dict(value=75, unit="%", base_unit="%", value_base=75, change_pct=-75), "−75 %"),
        (dict(value=1.09, unit="个百分点", base_unit="个百分点", value_base=1.09, change_pct=-1.09), "−1.09 个百分点"),
        (dict(value=2800, unit="宗", base_unit="宗", value_base=2800, qualifier="余"), "2800余宗"),
        (dict(value=9, unit="万户", base_unit="户", value_base=9e4, qualifier="余"), "9万余户"),
        (dict(value=95, unit="亿元", base_unit="元", value_base=9.5e9, qualifier="约"), "约95亿元"),
        (dict(value=8, unit="个工作日", base_unit="工作日", value_base=8, qualifier="以内"), "8个工作日以内"),
        (dict(value=3, unit="个月", base_unit="天", value_base=90, before=1.5, before_base=547.5, change_pct=-83.6), "1.5年 → 3个月, −83.6 %"),
        (dict(value=4000, unit="美元", base_unit="美元", value_base=4000, before=100, before_base=1e6, change_pct=-99.6), "100万美元 → 4000美元, −99.6 %"),
        (dict(value=5, unit="个工作日", base_unit="工作日", value_base=5, before=30, before_base=30, range_low=3, range_high=7, change_pct=-83.3),
         "30个工作日 → 3–7个工作日, −83.3 %"),
    ],
)
def test_figures_are_written_as_people_write_them(fields, written):
    assert figures.describe(outcome(**fields)) == written


def test_numbers_never_use_scientific_notation():
    for value in (7e10, 1.09e9, 3e6, 1e-5, 123456789.0, 0.041667):
        assert not SCIENTIFIC.search(figures.number(value)) and not SCIENTIFIC.search(figures.magnitude(value, "元"))
    assert figures.magnitude(7e10, "元") == "700亿元" and figures.duration(1 / 24) == "1小时"


def test_headline_names_the_metric():
    assert figures.headline(outcome(metric="办证时间", value=6, unit="个工作日", base_unit="工作日", value_base=6, before=40,
                                    before_base=40, change_pct=-85)) == "办证时间 40个工作日 → 6个工作日, −85 %"


@pytest.mark.django_db
def test_no_figure_a_person_reads_is_in_scientific_notation(client):
    for o in Outcome.objects.all():
        assert o.metric, o.pk
        text = figures.headline(o)
        assert text and not SCIENTIFIC.search(text), (o.pk, text)
    data = client.get("/api/outcomes/", {"page_size": 100}).json()
    rows = data["results"] if isinstance(data, dict) else data
    assert rows and all(row["display"] and not SCIENTIFIC.search(row["display"]) for row in rows)
    html = client.get("/search/", {"q": "亿元"}).content.decode()
    assert "亿元" in html and not re.search(r"\de\+\d", html)
