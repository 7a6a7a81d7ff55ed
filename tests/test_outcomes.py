"""Quantified outcomes: the brief's examples, a hand-checked gold set, and properties on any text."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reforms.models import Outcome, Reform
from reforms.outcomes import extract_outcomes, parse_number

from .conftest import case_key, load_data


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


def test_money_with_yi_multiplier_and_qualifier():
    o = one("为企业节省购地成本约95亿元")
    assert (o.kind, o.value_base, o.base_unit, o.qualifier) == ("money", 9.5e9, "元", "约")


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
     "电话:010-67117727", "2021年以来,成效明显", "第130届广交会期间", "2019年9月、2021年11月分别发行", "提供7×24小时咨询"],
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


def _matches(gold: dict, o: Outcome) -> bool:
    def close(a, b):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)

    if o.kind != gold["kind"] or not close(o.value, gold["value"]):
        return False
    if "before" in gold and not close(o.before, gold["before"]):
        return False
    if "change_pct" in gold and not close(o.change_pct, gold["change_pct"]):
        return False
    return gold.get("is_target", o.is_target) == o.is_target


@pytest.mark.django_db
def test_precision_and_recall_on_the_gold_set(capsys):
    gold = load_data("outcome_gold.json")["cases"]
    assert len(gold) >= 25 and len({k[:3] for k in gold}) == 5
    reforms = {case_key(r): r for r in Reform.objects.select_related("source").prefetch_related("outcomes")}
    true_pos = extracted = expected = 0
    misses, spurious = [], []
    for key, items in gold.items():
        found = list(reforms[key].outcomes.all())
        extracted += len(found)
        expected += len(items)
        unmatched = list(found)
        for item in items:
            hit = next((o for o in unmatched if _matches(item, o)), None)
            if hit:
                unmatched.remove(hit)
                true_pos += 1
            else:
                misses.append((key, item))
        spurious += [(key, o.phrase) for o in unmatched]
    precision, recall = true_pos / extracted, true_pos / expected
    with capsys.disabled():
        print(f"\noutcomes: precision {precision:.3f}, recall {recall:.3f} ({true_pos} of {expected} gold, {extracted} extracted)")
        print(f"misses: {misses}\nspurious: {spurious}")
    assert precision >= 0.9 and recall >= 0.9


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
