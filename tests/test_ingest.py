"""The five sources become 126 correct, fully linked cases; broken files are refused and change nothing."""

import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from reforms.ingest.catalogue_sources import KNOWN_SOURCES
from reforms.ingest.lines import is_furniture
from reforms.ingest.pipeline import parse_source
from reforms.ingest.repair import LOST_MARK, garbage_runs, repair_line, repair_text
from reforms.models import Department, Outcome, Reform, Source
from reforms.text import normalise

SOURCES = Path(settings.SOURCES_DIR)
pytestmark = pytest.mark.django_db


def test_sources_are_the_files_as_received():
    """Each text in fixtures/sources has the SHA-256 recorded for it when it was received (no ../shared needed)."""
    files = sorted(SOURCES.glob("*.txt"))
    assert [f.name for f in files] == sorted(KNOWN_SOURCES)
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == KNOWN_SOURCES[path.name].sha256, path.name


def test_sources_carry_publisher_and_date_where_the_text_states_them():
    sources = {s.file_name[:3]: s for s in Source.objects.all()}
    assert sources["000"].publisher == "大洋网" and str(sources["000"].published_on) == "2024-04-02"
    assert str(sources["001"].published_on) == "2022-01-25" and str(sources["002"].published_on) == "2020-04-01"
    assert all(s.publisher for s in sources.values())
    assert "国脉电子政务网" in sources["003"].publisher and "衢州市" in sources["004"].publisher


def test_every_source_yields_its_cases_in_order():
    counts = {s.file_name[:3]: list(s.reforms.order_by("ordinal").values_list("ordinal", flat=True)) for s in Source.objects.all()}
    assert {k: len(v) for k, v in counts.items()} == {"000": 10, "001": 39, "002": 32, "003": 35, "004": 10}
    assert all(v == list(range(1, len(v) + 1)) for v in counts.values())
    assert Reform.objects.count() == 126


@pytest.mark.parametrize(
    "key, title",
    [
        ("000-1", "全国首创公用服务“六联办”,打造政企协同新标杆"),
        ("001-39", "创新推出营商环境观察员制度"),
        ("002-1", "深化商事制度改革"),
        ("003-2", "深圳市在全國首創“企業投資備案秒報秒批一體化”智慧服務"),
        ("003-8", "橫琴粵澳深度合作區打造對澳服務全鏈條跨境辦稅新模式"),
        ("003-13", "肇慶市實施“雙容雙承諾”改革,力促產業投資項目“先建后驗、直接落地”"),
        ("003-34", "廣州全國首創“一手房帶押過戶”"),
        ("003-16", "佛山市首創“人工智能+雙隨機”監管新模式實現監管效能裂變提升"),
        ("004-2", "“铁军护航·警助共富”助力企业安心发展"),
        ("004-10", "龙游县构建“一类事”服务体系助力特种纸产业链培育"),
    ],
)
def test_full_titles(reform_by_key, key, title):
    assert reform_by_key(key).title == title


def test_a_first_body_paragraph_is_not_taken_for_a_subtitle(reform_by_key):
    case = reform_by_key("003-8")
    assert case.subtitle == ""
    assert case.body.startswith("橫琴稅務部門積極探索")


def test_a_short_second_line_is_the_subtitle(reform_by_key):
    assert reform_by_key("003-1").subtitle == "全國首創政府補助“秒到”企業和個人"
    assert reform_by_key("003-1").title == "佛山市探索資金直達改革"


def test_a_wrapped_title_is_joined_and_no_title_repeats_its_subtitle():
    assert reform_by_key_title("003-4") == ("珠海市二手房交易“不動產登記+金融服務”五合一", "")
    assert reform_by_key_title("003-31") == ("廣州市建立“信用風險分類管理+”智慧監管模式,提升監管綜合效能", "")
    for reform in Reform.objects.exclude(subtitle=""):
        assert reform.subtitle not in reform.title, reform.pk


def reform_by_key_title(key):
    source, ordinal = key.split("-")
    reform = Reform.objects.get(source__file_name__startswith=source, ordinal=int(ordinal))
    return reform.title, reform.subtitle


@pytest.mark.parametrize(
    "key, region",
    [
        ("000-1", "广州市"), ("000-6", "越秀区"), ("000-7", "黄埔区"), ("000-10", "增城区"), ("001-5", "黄埔区"),
        ("002-3", "天河区"), ("003-8", "横琴粤澳深度合作区"), ("003-10", "德庆县"), ("003-15", "黄埔区"),
        ("003-19", "云浮市"), ("003-21", "化州市"), ("004-1", "衢州市"), ("004-10", "龙游县"),
    ],
)
def test_each_case_gets_the_most_specific_region_it_is_about(reform_by_key, key, region):
    assert reform_by_key(key).region.name == region


def test_departments_are_resolved_to_canonical_names_in_their_region(reform_by_key):
    case = reform_by_key("000-5")
    assert [d.name for d in case.lead_departments.all()] == ["广州市市场监督管理局"]
    assert "市市场监管局" in case.lead_departments.get().aliases
    quzhou = reform_by_key("004-1")
    assert [d.name for d in quzhou.lead_departments.all()] == ["衢州市生态环境局"]
    assert {d.name for d in quzhou.partner_departments.all()} == {"衢州市应急管理局", "衢州市发展和改革委员会"}


def test_lead_unit_written_as_department_with_prefix_variant(reform_by_key):
    assert [d.name for d in reform_by_key("004-2").lead_departments.all()] == ["衢州市公安局"]
    assert [d.name for d in reform_by_key("000-1").lead_departments.all()] == ["广州供电局"]


def test_partner_in_a_district_belongs_to_that_district(reform_by_key):
    partner = reform_by_key("004-8").partner_departments.get()
    assert (partner.name, partner.region.name) == ("衢州市柯城区司法局", "柯城区")


@pytest.mark.parametrize(
    "key, lead",
    [
        ("003-1", "佛山市财政局"),  # 佛山市財政局按照…: named where a clause opens
        ("003-24", "湛江市政务服务数据管理局"),
        ("003-25", "国家税务总局深圳市税务局"),  # a tax bureau under its registered name
        ("003-27", "佛山市中级人民法院"),  # 佛山市法院
        ("004-3", "衢州控股集团有限公司"),  # 衢控集团
        ("000-8", "广州市天河区市场监督管理局"),  # unit 天河区, 区市场监管局 does the work
        ("001-6", "广州市黄埔区市场监督管理局"),  # 由市场监管部门牵头
        ("000-6", "广州市越秀区人民政府"),  # a district named as the unit: its government
        ("003-8", "国家税务总局珠海市横琴粤澳深度合作区税务局"),  # 横琴税务部门积极探索…, again and again
    ],
)
def test_lead_departments_named_in_the_text(reform_by_key, key, lead):
    assert lead in [normalise(d.name) for d in reform_by_key(key).lead_departments.all()]


def test_partners_named_in_running_text(reform_by_key):
    partners = {d.name for d in reform_by_key("000-1").partner_departments.all()}
    assert {"广州市水务局", "广州市通信设施建设管理办公室", "广州市政务服务数据管理局"} <= partners
    assert {"国家税务总局广州市黄埔区税务局", "广州市黄埔区财政局"} <= {d.name for d in reform_by_key("001-6").partner_departments.all()}


@pytest.mark.parametrize("text", ["珠海市基于区块链去中心化,", "茂名市市场监管系统共查办知识产权违法案件", "亮点1.政企协同合力推出联办模式。",
                                  "保险机构联合高校院所、研究智库"])
def test_a_phrase_that_merely_ends_in_a_body_suffix_is_no_department(text):
    from reforms.ingest.departments import leading_department, partners_named

    assert leading_department(text) is None and partners_named(text) == []


@pytest.mark.parametrize("text, acting", [
    ("橫琴稅務部門積極探索跨境辦稅。橫琴稅務部門與澳門合作,面向居民辦稅。", "横琴税务局"),  # as the Traditional source writes it
    ("佛山市市场监管部门创新监管方式,佛山市市场监管部门通过信用分类开展检查。", "佛山市市场监管局"),
    ("横琴税务部门积极探索跨境办税服务。", None),  # once is a mention, not the case's actor
    ("税务部门积极探索。税务部门通过数据共享。", None),  # no place: which bureau is unknown
    ("横琴税务部门积极探索,佛山市市场监管部门通过…。横琴税务部门主动服务,佛山市市场监管部门联合…", None),  # two actors
])
def test_a_department_named_by_place_and_kind_as_the_actor_leads(text, acting):
    from reforms.ingest.departments import kind_acting

    assert kind_acting(text) == acting


def test_no_department_of_the_catalogue_is_a_fragment_of_running_text():
    names = set(Department.objects.values_list("name", flat=True))
    assert not {"珠海市基于区块链去中心", "茂名市市场监管系统共查办", "合力推出联办", "高校院"} & names
    assert {"广州市黄埔区营商环境建设办公室", "广州市通信设施建设管理办公室", "深圳市发展和改革委员会"} <= names  # 营商办, 通建办, 发展改革委


def test_one_department_record_per_canonical_name():
    assert Department.objects.filter(name="衢州市公安局").count() == 1


def test_action_plan_cases_are_planned_and_their_figures_are_targets():
    assert set(Reform.objects.filter(source__file_name__startswith="002").values_list("status", flat=True)) == {"planned"}
    assert not Outcome.objects.filter(reform__source__file_name__startswith="002", is_target=False).exists()
    assert not Reform.objects.exclude(source__file_name__startswith="002").filter(status="planned").exists()


FURNITURE = ["11.jpg", "image.png", "微信截图_20240407114230.png", "关于国脉", "關於國脈", "相关附件:", "热门文章", "联系方式",
             "电话:010-67117727", "更多精彩,请关注“官方微信”", "打印文档 关闭窗口", "网站支持IPv6", "邮编:100062",
             "責任編輯:ouruijia", "附件:天河区全面优化营商环境任务清单.xls"]


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_is_recognised(line):
    assert is_furniture(line)


def test_no_case_contains_page_furniture():
    pattern = re.compile(r"\.(png|jpe?g)\b|关于国脉|關於國脈|国脉,是|國脈,是|相关附件|热门文章|联系方式|邮箱:|邮编|責任編輯|责任编辑|更多精彩|打印文档")
    offenders = [r.pk for r in Reform.objects.all() if pattern.search(r.body + r.title + r.summary + r.outcome_text)]
    assert offenders == []


def test_no_provenance_span_ends_in_page_furniture():
    for reform in Reform.objects.select_related("source"):
        span = reform.source.raw_text[reform.span_start : reform.span_end]
        assert not any(is_furniture(line) for line in span.split("\n") if line.strip()), (reform.pk, span[-60:])


def test_no_title_carries_mojibake_or_lost_marks():
    bad = re.compile(r"[\ue000-\uf8ff?\ufffd\u0250-\u02ff\u2500-\u257f\u3100-\u312f]")
    assert [r.title for r in Reform.objects.all() if bad.search(r.title + r.subtitle)] == []


def test_spans_point_at_the_case_in_the_raw_text():
    for reform in Reform.objects.select_related("source"):
        raw = reform.source.raw_text[reform.span_start : reform.span_end]
        first_line = raw.split("\n", 1)[0]
        assert str(reform.ordinal) in first_line, (reform.pk, first_line)


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("  ?。ㄒ唬┩菩小霸u定分離”,明確", "  \u3000（一）推行“評定分離”,明確"),
        # the trail byte lost at the end of the run is the one that makes a word: 力度, 推動, 模型
        (" ?。ǘ\ue46a┨嵘\ue40a翱尚拧绷Χ?,登記信息", " \u3000（二）提升“可信”力度,登記信息"),
        (" ?。ㄒ唬┳⒅馗呶煌苿?,加強統籌協調。", " \u3000（一）注重高位推動,加強統籌協調。"),
        (" ?。ǘ\ue46a┐罱\ue7ccP?,風險預測提高監管精準性。", " \u3000（二）搭建模型,風險預測提高監管精準性。"),
        # ...or closes the quotation mark the run opened
        ("無人干預、公平高效?!懊敫丁?,即將平臺與微信", "無人干預、公平高效。“秒付”,即將平臺與微信"),
        ("高集成功能的突破?!拜富弁恕逼脚_將廣東省", "高集成功能的突破。“莞慧退”平臺將廣東省"),
        # the lost lead byte is the one whose decoding makes words (跨境, not ＄境)
        ("求反饋和解決渠道??缇扯愂諣幾h綠色通道", f"求反饋和解決渠道{LOST_MARK}跨境稅收爭議綠色通道"),
        # a full-width semicolon that normalisation made ASCII is read back as the byte it was
        ("  一是緊跟時事熱點?;顒友\ue382垙V州市商務局", "  一是緊跟時事熱點。活動邀請廣州市商務局"),
        (" ?。ㄒ唬┖炇鹂蚣軈f議,系統性構建", " \u3000（一）簽署框架協議,系統性構建"),
    ],
)
def test_mojibake_runs_of_source_003_are_repaired(damaged, repaired):
    assert repair_line(damaged) == repaired


def test_unrecoverable_bytes_are_marked_not_guessed():
    assert repair_line("推進140多個事項“汕頭?深圳跨城通辦”") == f"推進140多個事項“汕頭{LOST_MARK}深圳跨城通辦”"


def test_a_stretch_that_cannot_be_read_is_marked_lost_not_shown():
    line = "熱點?懊敫丁兀鹿州市商務局"  # no lead byte makes this read as Chinese
    repaired = repair_line(line)
    assert garbage_runs(repaired) == [] and "州市商務局" in repaired and LOST_MARK in repaired


def test_repair_report_counts_match_a_recheck():
    source = Source.objects.get(file_name__startswith="003")
    report = source.repair_report
    runs = report["runs"]
    assert report["runs_found"] == len(runs) == report["runs_repaired"] + report["runs_partly"] + report["runs_lost"]
    for status in ("repaired", "partly", "lost"):
        assert report[f"runs_{status}"] == sum(1 for run in runs if run["status"] == status)
    for run in runs:
        marks = run["repaired"].count(LOST_MARK)
        assert (run["status"] == "repaired") == (marks == 0), run
        assert run["status"] != "lost" or marks == len(run["repaired"]), run
        assert garbage_runs(run["repaired"]) == [], run
    # every lost character in the repaired text comes from a reported run
    repaired_text, _ = repair_text(source.raw_text)
    assert repaired_text.count(LOST_MARK) == sum(run["repaired"].count(LOST_MARK) for run in runs)
    assert report["runs_repaired"] >= 80


def test_no_garbage_run_in_any_displayed_or_indexed_field():
    for reform in Reform.objects.prefetch_related("practices", "outcomes"):
        texts = [reform.title, reform.subtitle, reform.summary, reform.body, reform.outcome_text]
        texts += [p.text for p in reform.practices.all()] + [f"{o.phrase} {o.metric}" for o in reform.outcomes.all()]
        for text in texts:
            assert garbage_runs(text) == [], (reform.pk, garbage_runs(text))
            assert "?" not in text.replace("？", ""), (reform.pk, text[:80])


def test_garbage_is_recognised():
    assert garbage_runs("公平高效?!懊敫丁?,即將") and garbage_runs("（一�駜炦x聘營商環境") and garbage_runs("搭建腜�")
    assert garbage_runs("办证时间由原来的40个工作日缩短至6个工作日。以月保季、以季保年") == []


def test_clean_text_is_left_alone():
    line = "办证时间由原来的40个工作日缩短至6个工作日。"
    assert repair_line(line) == line


def test_build_fixtures_is_deterministic_and_committed(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    call_command("build_fixtures", out=str(first), verbosity=0)
    call_command("build_fixtures", out=str(second), verbosity=0)
    for name in ("regions.json", "taxonomy.json", "catalogue.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
        committed = Path(settings.BASE_DIR) / "fixtures" / name
        assert (first / name).read_bytes() == committed.read_bytes(), f"{name} is stale: run build_fixtures"


# Bad input: a clear error, and the database exactly as before.

def _snapshot():
    return (Source.objects.count(), Reform.objects.count(), Outcome.objects.count(), Department.objects.count())


def _import_fails(path, *args, match):
    before = _snapshot()
    with pytest.raises(CommandError, match=match):
        call_command("import_source", str(path), *args)
    assert _snapshot() == before


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n", encoding="utf-8")
    _import_fails(path, match=r"empty\.txt.*empty")


def test_gbk_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("第一行\n1.标题\n牵头单位:市公安局\n正文".encode("gbk"))
    _import_fails(path, match=r"gbk\.txt:1: not UTF-8")


def test_file_cut_off_mid_case_is_refused(tmp_path):
    text = (SOURCES / "004_1edcca29c0c10a3e.txt").read_text(encoding="utf-8")
    cut = text[: text.index("牵头单位:龙游县") + len("牵头单位:龙游县")]
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    _import_fails(path, "--layout", "lead_unit", match=r"cut\.txt:\d+: case 10 has no text")


def test_duplicate_case_numbers_are_refused(tmp_path):
    text = (SOURCES / "004_1edcca29c0c10a3e.txt").read_text(encoding="utf-8")
    path = tmp_path / "dup.txt"
    path.write_text(text.replace("3.创新产业基金管理机制", "2.创新产业基金管理机制"), encoding="utf-8")
    _import_fails(path, "--layout", "lead_unit", match=r"dup\.txt:\d+: case number 2 where 3 was expected \(duplicate")


def test_layout_that_does_not_match_is_refused(tmp_path):
    path = tmp_path / "wrong.txt"
    path.write_text((SOURCES / "000_cc630a5dbe3f5743.txt").read_text(encoding="utf-8"), encoding="utf-8")
    _import_fails(path, "--layout", "lead_unit", match=r"wrong\.txt.*no case found")


def test_text_in_no_known_layout_is_refused(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("这是一段普通的文字,没有任何编号的案例。\n第二段也没有。", encoding="utf-8")
    _import_fails(path, match=r"no known layout fits")


def test_reimporting_a_source_changes_nothing(capsys):
    before = _snapshot()
    call_command("import_source", str(SOURCES / "000_cc630a5dbe3f5743.txt"))
    assert "nothing changed" in capsys.readouterr().out
    assert _snapshot() == before


def test_an_import_that_fails_halfway_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    from reforms.ingest import store

    text = (SOURCES / "004_1edcca29c0c10a3e.txt").read_text(encoding="utf-8").replace("2023年,衢州市上下", "2024年,衢州市上下")
    path = tmp_path / "quzhou_2024.txt"
    path.write_text(text, encoding="utf-8")
    calls = {"n": 0}
    real = store.outcomes_of

    def fail_on_fifth(case):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real(case)

    monkeypatch.setattr(store, "outcomes_of", fail_on_fifth)
    before = _snapshot()
    with pytest.raises(RuntimeError):
        call_command("import_source", str(path), "--replace")  # a copy of 004: its cases are replaced
    assert calls["n"] == 5
    assert _snapshot() == before


def test_a_new_source_in_a_known_layout_is_imported_detected_and_searchable(tmp_path):
    from search.engine import SearchParams, search

    text = (SOURCES / "004_1edcca29c0c10a3e.txt").read_text(encoding="utf-8").replace("“全岗通”", "“全岗通2.0”")
    path = tmp_path / "quzhou_2024.txt"
    path.write_text(text, encoding="utf-8")
    call_command("import_source", str(path), "--replace")  # nine cases are 004's, replaced in place
    source = Source.objects.get(file_name="quzhou_2024.txt")
    assert source.layout == "lead_unit" and source.reforms.count() == 10
    ids = search(SearchParams(q="全岗通2.0")).ids
    assert ids and Reform.objects.get(pk=ids[0]).source == source


def test_parsing_the_same_file_twice_gives_the_same_records():
    a = parse_source(SOURCES / "003_f1033dd41ee54d40.txt")
    b = parse_source(SOURCES / "003_f1033dd41ee54d40.txt")
    assert [c.record for c in a.cases] == [c.record for c in b.cases]


def test_the_report_rebuilds_the_repaired_text_and_the_source_page_shows_it(client):
    from reforms.ingest.repair import apply_report

    source = Source.objects.get(file_name__startswith="003")
    assert apply_report(source.raw_text, source.repair_report["runs"]) == repair_text(source.raw_text)[0]
    html = client.get(f"/sources/{source.pk}/").content.decode()
    shown = re.sub(r"<[^>]+>", "", html.split('<div class="source-text"', 1)[1].split('>', 1)[1])
    assert "公平高效。“秒付”" in shown and garbage_runs(shown) == []
    report = source.repair_report
    assert f"乱码段 {report['runs_found']} 处:完全修复 {report['runs_repaired']},部分修复 {report['runs_partly']}" in html
    for reform in source.reforms.all():
        assert f'id="case-{reform.pk}"' in html


@pytest.mark.parametrize("text, expected", [
    ("2021年6月上线平台。截至2022年1月31日,共为企业授信3亿元。", 2021),  # launched, then figures dated later
    ("2020年,中山市推行电子保函。截至2022年2月底,累计开具1万份。", 2020),
    ("2021年全年业务量是2018年的15倍,效率较2019年提高39%。", 2021),  # years compared with are no case years
    ("2019年以来累计减税92亿元,计划于2022年底前全市推广。", 2018),  # a period's start, a plan: the source's year
    ("截至2021年底,共建成3个中心。", 2021),
    ("2025年实现全覆盖。", 2018),  # later than the source: a target
])
def test_a_case_is_dated_by_the_first_year_its_text_puts_something_in(text, expected):
    from reforms.ingest.layouts.common import case_year

    assert case_year(text, 2018, 2023) == expected
