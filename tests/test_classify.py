"""Every case carries a primary indicator and reform types; the labels match a hand-labelled set."""

from collections import Counter

import pytest

from reforms.classify import Vocabulary, classify
from reforms.ingest.payload import seed_vocabularies
from reforms.models import Indicator, Reform, ReformType

from .conftest import case_key, load_data

pytestmark = pytest.mark.django_db


def test_there_are_18_indicators_each_mapped_to_a_bready_topic():
    topics = {"Business Entry", "Business Location", "Utility Services", "Labor", "Financial Services",
              "International Trade", "Taxation", "Dispute Resolution", "Market Competition", "Business Insolvency"}
    indicators = list(Indicator.objects.all())
    assert len(indicators) == 18
    assert all(i.name_en and i.bready_topic in topics for i in indicators)


def test_reform_type_vocabulary_has_15_to_25_defined_mechanisms():
    types = list(ReformType.objects.all())
    assert 15 <= len(types) <= 25
    assert all(t.definition and t.phrases for t in types)


def test_every_case_has_a_primary_indicator_and_reform_types_only_on_evidence():
    assert not Reform.objects.filter(primary_indicator__isnull=True).exists()
    for reform in Reform.objects.prefetch_related("indicators", "reform_types"):
        assert reform.primary_indicator in reform.indicators.all()
        for reform_type in reform.reform_types.all():
            assert reform.classification_evidence["reform_types"][reform_type.slug]["phrases"], (reform.pk, reform_type.slug)
    # a case that uses none of the mechanisms gets none, not a catch-all label
    assert Reform.objects.filter(reform_types__isnull=True).exists()


def test_weak_single_phrases_do_not_make_a_type():
    indicators, types = seed_vocabularies()
    # 产业园 inside a place name, 标准 of a product, 时间成本: none is the mechanism itself
    labels = classify("化橘红产业园建设", "", "制定化橘红药材标准化种植规范,降低企业时间成本。", indicators, types)
    assert not {"investment-promotion", "service-standards", "fee-reduction"} & set(labels.reform_types)


def test_a_deep_time_cut_is_process_reengineering():
    from reforms.classify import outcome_signals
    from reforms.outcomes import extract_outcomes

    indicators, types = seed_vocabularies()
    body = "技术评审时间从原来的3个工作日缩减至1个工作日。"
    without = classify("多评合一改革", "", body, indicators, types)
    with_figures = classify("多评合一改革", "", body, indicators, types, outcome_signals(extract_outcomes(body)))
    assert "process-reengineering" in with_figures.reform_types
    assert with_figures.evidence["reform_types"]["process-reengineering"]["phrases"]
    assert "process-reengineering" not in without.reform_types or without.evidence["reform_types"]["process-reengineering"]


def test_primary_indicator_accuracy_on_the_hand_labelled_set(capsys):
    gold = load_data("indicator_gold.json")["cases"]
    assert len(gold) >= 40
    predicted = {case_key(r): r.primary_indicator.name for r in Reform.objects.select_related("source", "primary_indicator")}
    confusions = Counter((gold[k], predicted[k]) for k in gold if predicted[k] != gold[k])
    accuracy = 1 - sum(confusions.values()) / len(gold)
    with capsys.disabled():
        print(f"\nprimary-indicator accuracy {accuracy:.3f} on {len(gold)} cases; confusions (gold → predicted): {dict(confusions)}")
    assert accuracy >= 0.9


@pytest.mark.parametrize(
    "title, body, expected",
    [
        ("广州全国首创“一手房带押过户”", "推广二手房带押过户,创新开展一手房带押过户。", "登记财产"),
        ("湛江市首创用电报装物权证明“线上审批”", "用电报装需要物权证明,现在线上审批。", "获得电力"),
        ("东莞市税务局打造“莞慧退”平台", "退税业务全流程电子化,提升退税效率。", "纳税"),
        ("潮州市探索实施招投标“评定分离”", "推行建设工程招标投标评定分离制度。", "招标投标"),
        ("佛山市探索破产重整案件融资模式", "破产重整过程中的融资。", "办理破产"),
        ("打造企业开办“无费区”", "免费为新开办企业刻章。", "开办企业"),
        ("创新构建“全岗通”企业用工快速响应机制", "帮助企业解决用工难题。", "劳动力市场监管"),
        ("东莞市着力优化12345政务服务便民热线", "归并非紧急热线,打造统一平台。", "政务服务"),
    ],
)
def test_examples_from_the_brief(title, body, expected):
    indicators, types = seed_vocabularies()
    labels = classify(title, "", body, indicators, types)
    assert Indicator.objects.get(slug=labels.primary_indicator).name == expected


def test_traditional_text_is_classified_like_its_simplified_twin():
    indicators, types = seed_vocabularies()
    simplified = classify("广州全国首创“一手房带押过户”", "", "不动产登记服务便利化", indicators, types)
    traditional = classify("廣州全國首創“一手房帶押過戶”", "", "不動產登記服務便利化", indicators, types)
    assert (simplified.primary_indicator, simplified.reform_types) == (traditional.primary_indicator, traditional.reform_types)


def test_labels_are_explained_by_the_phrases_that_led_to_them(reform_by_key):
    evidence = reform_by_key("003-34").classification_evidence
    assert "带押过户" in evidence["indicators"]["registering-property"]["phrases"]


def test_classification_is_deterministic():
    vocab = Vocabulary([("a", ["用电"]), ("b", ["纳税"])])
    results = {classify("用电 纳税", "", "", vocab, vocab).primary_indicator for _ in range(5)}
    assert results == {"a"}  # a tie goes to the earlier entry, every time


def test_editor_labels_survive_reclassification(reform_by_key):
    from django.core.management import call_command

    case = reform_by_key("000-1")
    paying_taxes = Indicator.objects.get(slug="paying-taxes")
    case.primary_indicator = paying_taxes
    case.labels_locked = True
    case.save()
    untouched = reform_by_key("000-2")
    untouched.primary_indicator = paying_taxes
    untouched.save()
    call_command("reclassify", verbosity=0)
    case.refresh_from_db(), untouched.refresh_from_db()
    assert case.primary_indicator == paying_taxes
    assert untouched.primary_indicator.name == "办理建筑许可"


def _types(title, body, with_figures=False):
    from reforms.classify import outcome_signals
    from reforms.outcomes import extract_outcomes

    indicators, types = seed_vocabularies()
    signals = outcome_signals(extract_outcomes(body)) if with_figures else None
    return classify(title, "", body, indicators, types, signals).reform_types


def test_a_cue_alone_is_not_a_type_but_two_different_cues_are():
    assert "gba-rules" not in _types("", "推动与港澳青年交流,举办港澳青年论坛。")  # one cue, twice
    assert "gba-rules" not in _types("深化粤港澳合作", "举办论坛。")  # even in the title
    assert "gba-rules" in _types("", "为港澳居民提供跨境办税服务。")
    assert "gba-rules" in _types("深化粤港澳合作", "提供跨境服务。")
    assert "instant-approval" in _types("推行秒批", "优化服务。")  # a name in the title is enough


def test_overlapping_phrases_are_one_piece_of_evidence():
    # 粤港澳大湾区 holds three cues (粤港澳, 港澳, 大湾区) but is one place name
    assert "gba-rules" not in _types("", "入驻粤港澳大湾区科技园,落户粤港澳大湾区。")


def test_a_phrase_that_starts_inside_another_word_is_not_read():
    body = "施工许可与规划许可并联办理,竣工验收并联办理。"
    assert "one-thing" not in _types("", body)  # 并联办理 is 并联 + 办理, not 联办
    assert "process-reengineering" in _types("", body)
    assert "one-thing" in _types("", "水电气过户一窗联办,交易登记一窗联办。")


def test_a_phrase_across_two_words_is_not_read():
    assert "dispute-resolution" not in _types("", "协调解决企业融资问题,协调解决用地问题。")
    assert "dispute-resolution" in _types("", "依法调解纠纷,开展调解。")


def test_a_short_name_needs_a_second_mention_unless_it_heads_a_measure():
    assert "assisted-service" not in _types("", "在街道设立代办点。")
    assert "assisted-service" in _types("", "推行全程代办服务。")
    assert "assisted-service" in _types("", "代办员上门,全程代办。")
    assert "acceptance-with-deficiencies" in _types("", "建立容缺受理清单。")  # a specific name counts once


def test_a_committed_time_limit_is_process_reengineering():
    assert "process-reengineering" in _types("", "审批时间不超过5个工作日。", with_figures=True)
    assert "process-reengineering" not in _types("", "审批用时5个工作日。", with_figures=True)
    assert "process-reengineering" not in _types("", "专员上门时间不超过1小时。", with_figures=True)  # a visit, not a procedure


def test_a_gap_in_a_phrase_stays_inside_one_clause():
    assert "process-reengineering" in _types("", "取消建设工程消防设计审查。")
    assert "process-reengineering" not in _types("", "取消了一批收费项目,强化设计审查。")


def test_a_short_name_put_to_use_on_its_own_is_a_measure_but_one_of_a_list_of_tools_is_not():
    assert "big-data-ai" in _types("", "依托大数据比对结果进行审核。")
    assert "big-data-ai" not in _types("", "利用大数据、人脸识别等技术核验身份。")
    assert "big-data-ai" not in _types("", "建设大数据平台。")
    assert "one-thing" in _types("", "推出获得电力一件事主题服务。")


def test_a_cue_heading_the_measure_the_title_names_is_a_type():
    assert "feedback-mechanism" in _types("创新构建企业用工快速响应机制", "帮助企业解决用工难题。")
    assert "precise-regulation" not in _types("推进合规", "优化服务。")  # a cue alone in the title, heading nothing


def test_a_government_guidance_fund_is_investment_promotion():
    assert "investment-promotion" in _types("", "设立人才引导基金,撬动社会资本。")
    assert "investment-promotion" not in _types("", "设立奖励基金。")  # a fund alone is a cue
