"""Relevance on the judged set written blind (tests/data/search_judged_v2.json), tiered matching, the
thesaurus and department short forms — on whichever database the suite runs on."""

import json

import pytest
import tantivy

from search.compile import compile_tree
from search.engine import SearchParams, search
from search.evaluation import case_keys, evaluate, ours
from search.index import SCHEMA
from search.mentions import named_departments
from search.models import SynonymGroup
from search.plan import plan_query, segment
from search.query import Synonyms
from search.thesaurus import build_table, department_short_forms, name_alternatives
from search.tokens import field_tokens

from .conftest import DATA

pytestmark = pytest.mark.django_db
JUDGED = json.loads((DATA / "search_judged_v2.json").read_text(encoding="utf-8"))["queries"]


def keys(q):
    by_id = case_keys()
    return [by_id[pk] for pk in search(SearchParams(q=q), with_facets=False).ids]


@pytest.mark.parametrize("full, short", [
    ("广州市应急管理局", "应急局"), ("广州市工业和信息化局", "工信局"), ("衢州市卫生健康委员会", "卫健委"),
    ("交通运输局", "交通局"), ("广州市发展和改革委员会", "发改委"), ("人力资源和社会保障局", "人社局"),
    ("住房和城乡建设局", "住建局"), ("广州市市场监督管理局", "市场监管局"), ("规划和自然资源局", "规划资源局"),
    ("广州市政务服务数据管理局", "政数局"), ("国有资产监督管理委员会", "国资委"), ("广州市中级人民法院", "中院"),
    ("文化广电旅游局", "文广旅局"), ("广州市市场监督管理局", "市监局"),
    ("衢州市自然资源和规划局", "规划和自然资源局"),  # joined parts in the other order
])
def test_department_short_forms_follow_the_official_conventions(full, short):
    assert short in department_short_forms(full)


def test_segmentation_drops_particles_and_keeps_single_characters_together():
    assert segment("拿地开工") == ["拿地", "开工"]  # not 拿/地/开工
    assert segment("施工许可的办理")[-1] == "办理" and "的" not in "".join(segment("施工许可的办理"))
    assert set(segment("注销企业")) == set(segment("企业注销")) == {"注销", "企业"}


def test_other_word_order_is_found_as_all_words_below_the_exact_matches():
    SynonymGroup.objects.all().delete()
    exact = search(SearchParams(q="区块链发票"), with_facets=False)
    swapped = search(SearchParams(q="发票区块链"), with_facets=False)
    assert set(exact.ids) <= set(swapped.ids)
    assert {swapped.tier(pk) for pk in swapped.ids} <= {"exact", "all_words"}
    assert any(swapped.tier(pk) == "all_words" for pk in swapped.ids)
    tiers = [swapped.tier(pk) for pk in swapped.ids]
    assert tiers == sorted(tiers, key=["exact", "all_words", "partial"].index)  # tier order holds


def test_a_thesaurus_alternative_ranks_below_a_literal_match_and_is_reported():
    result = search(SearchParams(q="应急局"), with_facets=False)
    assert result.total > 0 and any("应急管理局" in a for a in result.also_searched)


@pytest.mark.parametrize("item", [q for q in JUDGED if not q["relevant"]], ids=lambda q: q["q"])
def test_topics_the_catalogue_does_not_have_stay_silent(item):
    assert len(search(SearchParams(q=item["q"]), with_facets=False).ids) <= 2


def test_an_empty_result_suggests_labels_that_share_its_words():
    result = search(SearchParams(q="电力审批流程量子"))
    assert result.total == 0 and result.suggestions
    assert all("label" in s and ("q" in s or "facet" in s) for s in result.suggestions)


def test_judged_relevance_holds_its_measured_level(capsys):
    """Floors a little under what `python manage.py evaluate_search` measured when this was written (the
    issue's targets are 0.95; see the README): a regression in matching or ranking fails here. On a freshly
    built index, as on a new machine: an index that applied edits ranks at the margins by statistics that
    still count the deleted documents."""
    from search import indexing

    indexing.rebuild()
    report = evaluate(JUDGED, ours(case_keys()))
    overall = report["all"]
    with capsys.disabled():
        print(f"\n[judged v2] {json.dumps(overall, ensure_ascii=False)}")
    # Measured 0.917 / 0.817 / 0.989 over both parts; the 0.95 targets are not met yet.
    assert overall["recall@10"] >= 0.91 and overall["must_top3"] >= 0.80 and overall["mrr"] >= 0.97
    assert overall["absent_over_2"] == 0  # the target: every absent topic at most 2 results


def test_renaming_a_department_reindexes_the_cases_that_carry_it(reform_by_key):
    from reforms.models import Department

    department = reform_by_key("004-3").lead_departments.first()
    assert department is not None
    old_name = department.name
    department.name = "衢州市独角兽培育服务中心"
    department.save()
    assert reform_by_key("004-3").pk in search(SearchParams(q="独角兽培育服务中心"), with_facets=False).ids
    assert Department.objects.filter(name=old_name).count() == 0


def test_renaming_an_indicator_reaches_every_case_labelled_with_it():
    from reforms.models import Indicator

    indicator = Indicator.objects.get(slug="paying-taxes")
    labelled = set(indicator.reforms.values_list("pk", flat=True))
    indicator.name = "税费缴纳便利度"
    indicator.save()
    assert labelled and labelled <= set(search(SearchParams(q="税费缴纳便利度"), with_facets=False).ids)


def _ranked(texts: dict[str, str], tree) -> list[str]:
    """Names of in-memory documents (body text only) matching a tree, best first."""
    index = tantivy.Index(SCHEMA)
    writer = index.writer(heap_size=15_000_000, num_threads=1)
    for pk, text in enumerate(texts, start=1):
        writer.add_document(tantivy.Document(id=pk, title="", labels="", main="", body=" ".join(field_tokens(texts[text]))))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    names = list(texts)
    hits = searcher.search(compile_tree(tree), limit=10).hits
    return [names[pk - 1] for pk in searcher.fast_field_values("id", [address for _, address in hits])]


def test_a_literal_match_outranks_a_case_that_uses_many_of_its_alternatives():
    plan = plan_query("纳税", {"纳税": ["税务", "办税", "税费"]})
    assert isinstance(plan.exact, Synonyms)
    ranked = _ranked({"literal": "企业纳税服务水平提升", "alternatives": "税务部门办税服务和税费服务,税务办税税费"}, plan.exact)
    assert ranked == ["literal", "alternatives"]


def test_an_equivalent_name_searches_what_its_equivalent_searches():
    table = build_table([], [])
    assert {"获得信贷", "融资", "信贷"} <= set(table["getting credit"])
    assert "用工" in table["labor market regulation"]


def test_departments_named_in_running_text_are_found_by_their_short_forms(reform_by_key):
    assert "工信局" in named_departments("市工业和信息化局、广州供电局联合市水务局")
    assert {"税务部门", "公安部门"} <= set(named_departments("推行市场监管、税务、社保、公安等部门信息共享"))
    assert not named_departments("推行市场监管、税务、社保、公安部门信息共享")  # no 等部门: not a listing
    text_only = reform_by_key("000-1")  # names 市工业和信息化局 in its text, not as a department
    assert text_only.pk in search(SearchParams(q="工信局"), with_facets=False).ids


def test_a_department_query_also_searches_the_shorter_names_the_index_has():
    assert "金融局" in name_alternatives({}, "金融工作局")
    assert "税务部门" in name_alternatives({}, "税务局")
    assert name_alternatives({}, "金融工作局", indexed=lambda form: False) == []
    assert name_alternatives({}, "营商环境") == []  # not a department name
    assert any("金融局" in a for a in search(SearchParams(q="金融工作局"), with_facets=False).also_searched)


def test_a_place_query_also_searches_the_places_other_names():
    assert {"广州开发区", "黄埔"} <= set(search(SearchParams(q="黄埔区"), with_facets=False).also_searched)


def test_a_title_with_every_word_in_another_order_ranks_with_the_exact_matches(reform_by_key):
    case = reform_by_key("001-31")  # 探索在重点领域率先衔接港澳规则
    result = search(SearchParams(q="港澳规则衔接"), with_facets=False)
    assert result.tier(case.pk) == "exact" and result.ids.index(case.pk) < 3


def test_an_alternative_that_contains_the_term_is_not_searched_again():
    plan = plan_query("深圳", {"深圳": ["深圳市", "鹏城"]})
    assert isinstance(plan.exact, Synonyms) and len(plan.exact.alternatives) == 1  # 深圳市 ⊂ matches of 深圳
    assert "深圳市" in plan.also


def test_a_body_searched_by_its_former_or_other_provinces_name_finds_its_cases(reform_by_key):
    renamed = reform_by_key("004-1")  # 衢州市生态环境局 leads; 环保局 is its name before 2018
    result = search(SearchParams(q="环保局"), with_facets=False)
    assert renamed.pk in result.ids and "生态环境局" in result.also_searched
    other_name = reform_by_key("004-9")  # 衢州市经济和信息化局: 浙江's 经信局 does what 工信局 does in 广东
    assert other_name.pk in search(SearchParams(q="工信局"), with_facets=False).ids


def test_a_thesaurus_term_inside_a_clause_stays_one_word():
    assert segment("施工许可证办理", terms={"施工许可证": ["施工许可"]}) == ["施工许可证", "办理"]
    assert segment("施工许可证办理") != ["施工许可证", "办理"]  # what jieba alone makes of it


def test_a_compound_splits_into_the_words_that_tile_it_only_when_few_cases_match_it_whole():
    from search.plan import compound_parts

    assert compound_parts("用电报装") == ["用电", "报装"]  # not 电报
    assert compound_parts("免费刻章", known=lambda w: True) == ["免费", "刻章"]
    assert compound_parts("营商") == []
    plan = plan_query("用电报装", {})
    assert plan.compounds is not None and plan.all_words is None  # asked only when tiers 1-2 find too few


def test_a_word_order_variant_of_a_compound_finds_its_cases_as_all_words(reform_by_key):
    case = reform_by_key("000-6")  # 水电气报装: 报装 and 用电 apart, never 用电报装
    result = search(SearchParams(q="用电报装"), with_facets=False)
    assert case.pk in result.ids and result.tier(case.pk) == "all_words"


def test_everyday_names_of_one_mechanism_find_each_other(reform_by_key):
    case = reform_by_key("001-9")  # says 信息共享, never 数据共享
    assert case.pk not in search(SearchParams(q='"数据共享"'), with_facets=False).ids  # quoted: as written only
    result = search(SearchParams(q="数据共享"), with_facets=False)
    assert case.pk in result.ids and "信息共享" in result.also_searched
