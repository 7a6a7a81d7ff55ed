"""Quantified outcomes: the brief's examples, a hand-checked gold set, and properties on any text."""

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reforms.models import Outcome
from reforms.outcomes import extract_outcomes, parse_number


def one(text, **kw):
    found = extract_outcomes(text, **kw)
    assert len(found) == 1, [o.phrase for o in found]
    return found[0]


def test_before_after_in_working_days():
    o = one("办证时间由原来的40个工作日缩短至6个工作日")
    assert (o.kind, o.before, o.after, o.base_unit, o.change_pct, o.metric) == ("time", 40, 6, "工作日", -85.0, "办证时间")


def test_materials_before_after():
    o = one("企业报批所需材料从312项精简到119项")
    assert (o.kind, o.before, o.after, o.unit, o.change_pct) == ("materials", 312, 119, "项", -61.9)


def test_a_bare_percentage_cut_of_time():
    o = one("压缩企业办事时间75%")
    assert (o.kind, o.change_pct) == ("time", -75)


def test_money_keeps_the_unit_as_written_beside_its_base_value():
    o = one("为企业节省购地成本约95亿元")
    assert (o.value, o.unit, o.value_base, o.base_unit, o.qualifier) == (95, "亿元", 9.5e9, "元", "约")
    assert (o.kind, o.metric, o.direction) == ("cost", "购地成本", "down")  # money saved is a cost that fell
    assert (one("累计融资超10亿元").kind, one("累计融资超10亿元").metric) == ("money", "融资")


def test_counts_in_wan_and_yi_are_kept_as_written():
    o = one("累计归集信用信息10.9亿条")
    assert (o.value, o.unit, o.value_base, o.base_unit) == (10.9, "亿条", 1.09e9, "条")
    o = one("覆盖全市100多万“三农”人口")
    assert (o.value, o.unit, o.qualifier, o.value_base) == (100, "万", "多", 1e6)
    o = one("项目总投资额超千亿元")
    assert (o.value, o.unit, o.value_base, o.qualifier) == (1000, "亿元", 1e11, "超")


def test_a_range_after():
    o = one("项目开工用时从30个工作日压缩到3-7个工作日")
    assert (o.kind, o.before, o.range_low, o.range_high, o.base_unit) == ("time", 30, 3, 7, "工作日")


def test_an_increase_with_a_lower_bound():
    o = one("审批效率提升80%以上")
    assert (o.kind, o.change_pct, o.qualifier) == ("percent", 80, "以上")


def test_plan_figures_are_targets():
    o = one("2020年实现商事登记、刻制印章、申领发票0.5天办结", planned=True)
    assert (o.kind, o.value, o.base_unit, o.is_target) == ("time", 0.5, "天", True)


def test_expected_figures_are_targets_even_in_a_report():
    found = extract_outcomes("预计将为近6000家中小企业降低用电成本10%-20%")
    assert found and all(o.is_target for o in found)
    cut = [o for o in found if o.unit == "%"][0]
    assert (cut.kind, cut.range_low, cut.range_high) == ("cost", 10, 20)


def test_as_of_dates_are_read():
    o = [x for x in extract_outcomes("截至2023年12月底,全市累计完成371宗存量工业用地的扩容提质审批") if x.value == 371][0]
    assert o.as_of.isoformat() == "2023-12-31"


def test_hours_are_normalised_to_days_but_working_days_stay_apart():
    hours = one("企业间不动产转移登记1小时办结")
    assert (hours.base_unit, round(hours.value_base, 4)) == ("天", round(1 / 24, 4))
    assert one("审批时间不超过8个工作日").base_unit == "工作日"


@pytest.mark.parametrize(
    "text",
    ["东莞市着力优化12345政务服务便民热线", "打造“惠企5+6”法治标杆园区", "构建“1+6+N”政策体系", "实行招商4.0模式",
     "电话:010-67117727", "2021年以来,成效明显", "第130届广交会期间", "2019年9月、2021年11月分别发行",
     "出台“黄金10条”等政策", "以价值1000万元的房产为例"],
)
def test_names_dates_and_phone_numbers_are_not_outcomes(text):
    assert extract_outcomes(text) == []


def test_chinese_numerals_are_read():
    assert parse_number("三十五") == 35
    assert parse_number("4053.47万") == 40534700
    assert one("全程提速四倍").value == 4


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_extraction_never_raises_and_phrases_sit_at_their_spans(text):
    for o in extract_outcomes(text):
        assert text[o.span_start : o.span_end] == o.phrase
        assert o.phrase


figure_text = st.lists(
    st.sampled_from(["办证时间由", "40", "个工作日", "缩短至", "6", "天", "约", "95亿元", "压缩", "75%", "从", "3-7", "项", ",", "。", "提升", "80%以上", "截至2023年12月底", "近", "万元", "由最初要价", "下降至"]),
    max_size=30,
).map("".join)


@given(figure_text)
@settings(max_examples=300, deadline=None)
def test_figure_soup_never_raises_and_spans_hold(text):
    for o in extract_outcomes(text):
        assert text[o.span_start : o.span_end] == o.phrase
        for value in (o.value, o.before, o.after, o.change_pct):
            assert value is None or math.isfinite(value)


@pytest.mark.django_db
def test_every_outcome_phrase_is_in_its_case_text_at_its_span():
    for o in Outcome.objects.select_related("reform"):
        assert o.reform.body[o.span_start : o.span_end] == o.phrase


@pytest.mark.django_db
def test_re_extraction_keeps_what_an_editor_changed(reform_by_key):
    from django.core.management import call_command

    case = reform_by_key("000-10")
    edited = case.outcomes.first()
    edited.metric, edited.edited = "编辑改过的指标", True
    edited.save()
    other = reform_by_key("000-1")
    other.outcomes.all().delete()
    call_command("extract_outcomes", verbosity=0)
    assert case.outcomes.filter(metric="编辑改过的指标").exists()
    assert other.outcomes.count() == 1


def test_service_hours_are_figures():
    o = one("提供7×24小时咨询")
    assert (o.value, o.unit, o.kind, o.metric) == (24, "小时", "time", "服务时间")


def test_a_rate_between_two_rates_changes_by_percentage_points():
    o = one("违法发现率由之前的17.6%提升到86%")
    assert (o.before, o.value, o.change_pct, o.direction, o.metric) == (17.6, 86, 68.4, "up", "违法发现率")
    o = one("小微企业综合融资成本比年初降低1.09个百分点")
    assert (o.value, o.unit, o.change_pct, o.direction) == (1.09, "个百分点", -1.09, "down")


@pytest.mark.parametrize("text", ["办证时间最高提速83.3%", "办证时间压缩83.3%", "办证时间缩短83.3%", "单个项目审批最高提速83.3%"])
def test_a_time_cut_is_negative_whatever_verb_says_it(text):
    o = one(text)
    assert (o.kind, o.change_pct, o.direction) == ("time", -83.3, "down")


def test_rises_written_with_yuesheng_keep_their_before():
    o = one("涉港澳业务“非接触式”办理率由4%跃升至99%")
    assert (o.before, o.value, o.change_pct) == (4, 99, 95)


def test_mixed_durations_and_units_on_both_sides():
    o = one("建设审批时间从1年半压缩至3个月")
    assert (o.before, o.value, o.unit, o.before_base, o.value_base) == (1.5, 3, "个月", 547.5, 90)
    o = one("线上申请事项平均办理时间从2.8天大幅缩短至1小时内")
    assert (o.before, o.value, o.unit, o.change_pct, o.qualifier) == (2.8, 1, "小时", -98.5, "内")


def test_take_a_from_b_is_one_outcome_and_not_a_target():
    o = one("将60项审批压缩为3项")
    assert (o.before, o.value, o.change_pct, o.is_target, o.metric) == (60, 3, -95, False, "审批")


def test_a_before_whose_after_is_not_a_number_is_not_a_value():
    assert extract_outcomes("审批时间由110个工作日缩短到“拿地即动工”") == []


def test_qualifiers_are_kept():
    assert one("从事项申报至审批结果自动生成仅需6秒").qualifier == "仅需"
    assert one("办理时间压缩至3个工作日内").qualifier == "内"


def test_every_outcome_has_a_metric_and_no_fragment_is_one():
    text = "三是实现6秒办结。短短54天完成签约。进行了3164家企业核查。涉企事项达100个。"
    found = extract_outcomes(text)
    assert found and all(o.metric for o in found)
    assert not {o.metric for o in found} & {"三是实现", "短短", "进行了", "相", "事"}


def test_one_figure_that_fails_is_logged_and_counted_and_the_others_stay(monkeypatch, caplog):
    from reforms import outcomes

    real = outcomes.parse_range

    def breaks_on_seven(numeral, unit):
        if numeral == "7":
            raise ValueError("unreadable numeral")
        return real(numeral, unit)

    monkeypatch.setattr(outcomes, "parse_range", breaks_on_seven)
    failures = []
    found = extract_outcomes("办证时间由40个工作日缩短至6个工作日;服务企业7家;节省成本95亿元", failures=failures)
    assert [o.value for o in found] == [6, 95]
    assert len(failures) == 1 and failures[0].phrase.startswith("7") and "unreadable" in failures[0].error
    assert "figure not extracted" in caplog.text


def test_the_build_report_counts_figures_that_could_not_be_read(monkeypatch, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from reforms import outcomes

    real = outcomes.parse_range
    monkeypatch.setattr(outcomes, "parse_range", lambda numeral, unit: 1 / 0 if numeral == "95" else real(numeral, unit))
    out = StringIO()
    call_command("build_fixtures", out=str(tmp_path), stdout=out)
    report = out.getvalue()
    assert "figures that could not be read: 0" in report and re.search(r"figures that could not be read: [1-9]", report)
    assert "figure not read" in report and "ZeroDivisionError" in report


def test_a_bare_share_is_named_by_what_happened_to_the_things():
    assert [o.metric for o in extract_outcomes("对出让地块100%核查,明确责任。")] == ["出让地块核查率"]
