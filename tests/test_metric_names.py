"""Names of what a figure measures: the clause's subject or the thing counted, never a fragment."""

import pytest

from reforms.metric_names import clean, fallback, for_kind, object_after, subject_before


@pytest.mark.parametrize(
    "text, name",
    [
        ("办证时间由原来的40个工作日", "办证时间"),
        ("为企业节省购地成本约", "购地成本"),
        ("截至2023年12月底,全市累计完成固定资产投资", "固定资产投资"),
        ("线上申请事项平均办理时间从", "线上申请事项办理时间"),
        ("小微企业综合融资成本比年初降低", "小微企业综合融资成本"),
        ("湛江市财政每年安排", "财政"),
    ],
)
def test_subject_in_front_of_a_figure(text, name):
    assert subject_before(text, len(text)) == name


def test_the_thing_counted_after_a_figure():
    assert object_after("41项审批事项整合为一个准入项目", 3) == "审批事项"
    assert object_after("128家企业节省电费约63万元", 4) == "企业"
    assert object_after("100多万“三农”人口,并共享", 5) == "三农人口"


@pytest.mark.parametrize("fragment", ["三是实现", "短短", "进行了", "已", "的", "2023年", "一是"])
def test_fragments_are_not_names(fragment):
    assert clean(fragment) == ""


def test_a_time_figure_is_named_as_a_time_and_nothing_is_left_unnamed():
    assert for_kind("低压接电", "time") == "低压接电时间" and for_kind("审批时限", "time") == "审批时限"
    assert fallback("count", "家") == "企业数" and fallback("money", "元") == "金额"


def test_a_name_never_holds_another_figure():
    # the count in front belongs to its own figure: 向58家企业融资3亿元 measures 企业融资
    assert clean("为58家企业融资") == "企业融资"
    assert clean("累计向7个园区新增投资") == "园区新增投资"
    assert clean("二手房交易") == "二手房交易"  # nothing to cut where there is no figure


def test_a_manner_word_is_not_left_at_the_end_of_a_name():
    assert object_after("420个政务事项在线办理,", 4) == "政务事项"
    assert object_after("35家企业现场签约", 3) == "企业"
    assert clean("在线服务事项") == "在线服务事项" and clean("现场服务") == "现场服务"  # inside a name it stays


def test_the_thing_counted_may_be_a_place():
    assert object_after("217个国家级经济技术开发区,科学", 4) == "国家级经济技术开发区"
    assert clean("注册企业黄埔区") == "注册企业"  # after a subject, a place only says where


def test_a_modal_verb_ends_the_thing_counted():
    assert object_after("36个社区书屋可借阅图书", 3) == "社区书屋"
    assert object_after("8个产业园区能够共享", 2) == "产业园区"


def test_firms_counted_are_named_as_firms_not_by_what_they_did():
    assert object_after("230家企业参保安全生产责任险,", 4) == "企业"
    assert object_after("230家企业用户,", 4) == "企业用户"  # a noun after the actor is part of the name


def test_required_and_helped_are_not_part_of_a_name():
    assert clean("企业申报所需材料") == "企业申报材料"
    assert subject_before("协助企业降低", 6) == "企业"  # the firm helped, as with 帮助企业


def test_how_often_is_not_what_was_measured():
    from reforms.outcomes import extract_outcomes

    assert [o.metric for o in extract_outcomes("每周至少安排6小时驻点服务,随时提供咨询。")] == ["驻点服务时间"]
    assert clean("每月") == "" and clean("每周例会") == "例会"


def test_a_share_of_things_is_named_as_a_rate_of_what_happened_to_them():
    from reforms.metric_names import as_rate

    text = "对出让地块100%核查,"
    assert as_rate("出让地块", text, text.index("%") + 1) == "出让地块核查率"
    assert as_rate("群众满意度", text, text.index("%") + 1) == "群众满意度"  # already a rate
