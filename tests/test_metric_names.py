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


def test_a_figure_after_a_list_of_examples_counts_their_category_with_the_verb_that_opens_the_list():
    text = "农企建立资金库,解决资金不足、技术短缺等难题65件。"
    assert subject_before(text, text.index("65")) == "解决难题"
    text = "优化东明三路架空线、护林路雨水渠箱等市政设施25项"
    assert subject_before(text, text.index("25")) == "优化市政设施"
    assert clean("技术短缺等难题") == "难题"  # without the list's verb, the category alone


def test_figures_said_respectively_take_their_subjects_in_order():
    from reforms.outcomes import extract_outcomes

    found = extract_outcomes("坐席扩容后,话务接通率和满意度分别提高至90%、99%。")
    assert [(o.metric, o.value) for o in found] == [("话务接通率", 90.0), ("满意度", 99.0)]
    from reforms.metric_names import respective_subject

    text = "话务接通率和满意度分别提高至90%、99%、80%。"  # three figures for two subjects: no pairing
    assert respective_subject(text, text.index("99") + 3) == ""


def test_a_short_aside_inside_a_word_does_not_cut_the_name_in_front_of_a_figure():
    text = "认定高层次人才352名,新引进博(硕)士2757名"
    assert subject_before(text, text.index("2757")) == "新引进博硕士"


def test_a_bare_time_or_share_is_named_by_what_it_belongs_to():
    assert clean("用电报装答复供电方案环节的时间") == "供电方案环节时间"
    assert clean("企业检查存在问题的比例") == "检查存在问题比例"
    assert clean("企业的办证时间") == "办证时间"  # a name of its own stays as it is


def test_the_thing_counted_follows_its_description():
    assert object_after("选取10个人口密度大、业务需求多的邮政所,", 4) == "邮政所"


def test_a_count_of_times_says_so_and_a_verb_stays_with_the_firms_it_served():
    from reforms.outcomes import extract_outcomes

    assert [o.metric for o in extract_outcomes("各部门每年对同一企业同类型抽查不超过1次。")] == ["同一企业同类型抽查次数"]
    text = "改造后惠及企业1万多家。"
    assert subject_before(text, text.index("1万")) == "惠及企业"


def test_a_name_in_quotes_right_before_a_figure_is_what_it_counts():
    text = "其中办理“一手房带押过户”145套"
    assert subject_before(text, text.index("145")) == "一手房带押过户"
    text = "“一网通办”事项达到98%"  # the quotes do not stand right before the figure
    assert subject_before(text, text.index("98")) != "一网通办"


def test_a_comparison_or_a_leftover_character_does_not_end_a_name():
    assert clean("城市停电时间小于") == "城市停电时间"
    assert clean("允许出让年期按") == "允许出让年期"
    assert clean("用能成本支出") == "用能成本支出"  # at a name's start they stay


def test_a_duration_from_one_step_to_another_is_named_by_where_it_ends():
    text = "从签署合作备忘录到正式启动仅仅用时16个月"
    assert subject_before(text, text.index("16")) == "正式启动用时"


def test_a_one_character_verb_cut_from_its_word_stays_in_the_name():
    text = "各类企业累计减费让利5898万元"
    assert subject_before(text, text.index("5898")) == "减费让利"  # jieba: 减/费/让利
