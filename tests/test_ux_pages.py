"""The pages people use (issue 18): phone filters, landing pages over the paged search, the comparison,
charts, the 简/繁 reading preference, citable sources, the search flow, styled errors and the editors'
outcome inline. Rendered through Django's test client on the real catalogue; the browser journeys are in
test_z_journeys.py."""

import csv
import io
import re
from html import unescape

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.contrib.staticfiles import finders
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse

from catalogue import views
from catalogue.params import read_params
from reforms.models import Indicator, Reform, Region, Source
from search.engine import SearchResult, search

pytestmark = pytest.mark.django_db


def page(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response.content.decode()


def hrefs(html: str, css_class: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'class="{css_class}" href="([^"]+)"', html)]


def case(key: str) -> Reform:
    source, ordinal = key.split("-")
    return Reform.objects.select_related("source", "region").get(source__file_name__startswith=source, ordinal=int(ordinal))


# 1. Phone: the filters are a 筛选 panel at the top that says how many filters are on


def test_filters_are_a_details_panel_before_the_results_with_the_count_of_filters_on(client):
    html = page(client, "/search/", {"q": "营商", "region": "guangzhou", "indicator": "government-services"})
    panel, results = html.index('<details class="filters"'), html.index('id="results"')
    assert panel < results
    summary = re.search(r"<summary>(.*?)</summary>", html, re.S).group(1)
    assert "筛选" in summary and "已选 2 项" in summary
    assert "已选" not in re.search(r"<summary>(.*?)</summary>", page(client, "/search/", {"q": "营商"}), re.S).group(1)


# 2. and issue 19: region, indicator and source pages are landing pages over the paged search


def test_region_page_has_breadcrumb_children_summary_and_lists_through_the_paged_search(client):
    html = page(client, "/regions/guangzhou/")
    assert re.search(r'aria-label="位置">.*广东省.*aria-current="page">广州市', html)
    huangpu = Region.objects.get(slug="guangzhou-huangpu")
    n = Reform.objects.filter(region__path__startswith=huangpu.path).count()
    assert f'href="/regions/guangzhou-huangpu/">黄埔区</a> <span class="count">{n} 个案例' in html
    total = Reform.objects.filter(region__path__startswith="/guangdong/guangzhou/").count()
    assert f"<strong>{total}</strong> 个案例" in html and f'id="total">{total}<' in html
    assert html.count('<li class="result') == 20 < total  # one page, never every case
    assert 'href="/search/?region=guangzhou&amp;page=2"' in html  # the list continues on /search/
    assert '<details class="filters"' in html and 'name="sort"' in html
    assert "压缩幅度最大" in html


def test_region_figures_are_the_databases_counts_and_follow_an_edit(client):
    """The summary and chart come from the search's facet counts and figures remembered per index version:
    they must equal counting in the database, before and after a case changes."""
    from django.db.models import Count

    from reforms.models import Outcome

    def expected():
        scope = Reform.objects.filter(region__path__startswith="/guangdong/guangzhou/")
        outcomes = Outcome.objects.filter(reform__in=scope).count()
        per_indicator = dict(Indicator.objects.filter(reforms__in=scope).annotate(n=Count("reforms", distinct=True)).values_list("name", "n"))
        return outcomes, per_indicator

    for _ in range(2):
        html = page(client, "/regions/guangzhou/")
        outcomes, per_indicator = expected()
        assert f"<strong>{outcomes}</strong> 项量化成效" in html
        assert f"<strong>{len(per_indicator)}</strong> 个评价指标" in html
        bars = dict(re.findall(r'chart-label">([^<]+)</text>.*?chart-value">(\d+) 个案例', html))
        assert len(bars) == min(12, len(per_indicator))
        assert {name: int(n) for name, n in bars.items()} == {name: per_indicator[name] for name in bars}
        assert min(map(int, bars.values())) >= sorted(per_indicator.values())[-len(bars)]  # the largest
        # an edit: a case leaves Guangzhou with its outcomes (a new index version)
        moved = Reform.objects.filter(region__path__startswith="/guangdong/guangzhou/", outcomes__isnull=False).first()
        moved.region = Region.objects.get(slug="quzhou")
        moved.save()


def test_indicator_and_source_pages_list_twenty_cases_with_facets(client):
    indicator = Indicator.objects.get(slug="government-services")
    html = page(client, f"/indicators/{indicator.slug}/")
    assert html.count('<li class="result') == min(20, indicator.reforms.count())
    assert 'href="/search/?indicator=government-services&amp;page=2"' in html
    source = Source.objects.get(file_name__startswith="001")
    html = page(client, f"/sources/{source.pk}/")
    assert html.count('<li class="result') == 20 and f'href="/search/?source={source.pk}&amp;page=2"' in html
    assert all(f'id="case-{pk}"' in html for pk in source.reforms.values_list("pk", flat=True))  # provenance stays whole


def test_landing_page_query_count_does_not_grow_with_the_region(client, settings):
    settings.RESPONSE_CACHE_MB = 0  # the rendering is measured, not a kept answer
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page(client, "/regions/quzhou/")  # per-process snapshot and labels
    counts = []
    for slug in ("quzhou", "guangzhou"):
        with CaptureQueriesContext(connection) as ctx:
            page(client, f"/regions/{slug}/")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# 3. The comparison: 2–6 cases from anywhere, the selection in the URL, outcomes aligned, exported


def test_picking_cases_across_pages_keeps_the_selection_in_the_url(client):
    first = page(client, "/search/", {"q": "营商"})
    pick = next(h for h in hrefs(first, "pick-link"))
    picked_id = int(QueryDict(pick.lstrip("?"))["cmp"])
    second = page(client, "/search/?" + pick.lstrip("?") + "&page=2")
    assert "对比清单" in second and f"cmp={picked_id}" in unescape(second)
    other = hrefs(second, "pick-link")[0]
    both = QueryDict(other.lstrip("?"))["cmp"].split(",")
    assert both[0] == str(picked_id) and len(both) == 2 and QueryDict(other.lstrip("?"))["q"] == "营商"
    tray = page(client, "/search/?" + other.lstrip("?"))
    assert f'href="/compare/?ids={",".join(both)}"' in tray
    # a case page adds itself to the same selection
    third = case("004-1")
    html = page(client, f"/reforms/{third.pk}/", {"cmp": ",".join(both)})
    assert f'href="?cmp={",".join(both)},{third.pk}"' in html


def test_compare_aligns_outcomes_by_metric_and_kind(client):
    a, b = case("000-10"), case("003-4")
    html = page(client, "/compare/", {"ids": f"{a.pk},{b.pk}"})
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html, re.S)
    labels = [unescape(label) for label, _ in rows]
    assert labels[:7] == ["地区", "来源", "年份与状态", "牵头单位", "配合单位", "评价指标", "改革类型"]
    time_rows = {label: re.findall(r"<td[^>]*>(.*?)</td>", cells) for label, cells in rows if label.endswith("(时间)")}
    assert all(len(cells) == 2 for cells in time_rows.values())
    assert time_rows["办证时间(时间)"][0] == "40个工作日 → 6个工作日, −85 %" and time_rows["办证时间(时间)"][1] == "—"
    assert "5个工作日 → 2个工作日" in time_rows["办理时限(时间)"][1] and time_rows["办理时限(时间)"][0] == "—"


def test_compare_says_where_the_source_names_no_department(client):
    named, unnamed = case("000-10"), case("001-3")
    assert named.lead_departments.exists() and not unnamed.lead_departments.exists()
    html = page(client, "/compare/", {"ids": f"{named.pk},{unnamed.pk}"})
    cells = dict((unescape(label), re.findall(r"<td[^>]*>(.*?)</td>", row)) for label, row in
                 re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html, re.S))
    assert cells["牵头单位"][0] == unescape(named.lead_departments.first().name)
    assert cells["牵头单位"][1] == "原文未列明"


def test_compare_exports_the_table_as_csv_and_xlsx(client):
    a, b, c = case("000-2"), case("001-3"), case("003-34")
    ids = f"{a.pk},{b.pk},{c.pk}"
    body = client.get("/compare/", {"ids": ids, "format": "csv"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    from reforms.text import to_simplified

    assert table[0] == ["项目", a.title, b.title, to_simplified(c.title)]  # shown in the reader's script (简体 by default)
    assert [row[0] for row in table[1:4]] == ["地区", "来源", "年份与状态"]
    response = client.get("/compare/", {"ids": ids, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["对比"]
    assert sheet["A1"].value == "项目" and sheet.freeze_panes == "B2" and sheet.column_dimensions["B"].width == 40


def test_compare_page_charts_each_cases_largest_time_cut(client):
    a, b = case("000-2"), case("001-3")
    html = page(client, "/compare/", {"ids": f"{a.pk},{b.pk}"})
    chart = html[html.index('<figure class="chart"') :]
    assert f'href="/reforms/{a.pk}/"' in chart and "−" in chart


# 4. Charts: server-rendered SVG, labelled by case, linked, values outside the bar, text alternative


def test_indicator_chart_shows_time_cuts_by_case_largest_first_with_a_table(client):
    html = page(client, "/indicators/construction-permits/")
    svg = html[html.index("<svg width") : html.index("</svg>\n")]
    bars = re.findall(r'<a href="/reforms/(\d+)/"><text x="0" y="\d+" class="chart-label">(.*?)</text><rect .*? width="([\d.]+)%"', svg)
    assert len(bars) >= 2
    widths = [float(w) for _, _, w in bars]
    assert widths == sorted(widths, reverse=True) and max(widths) <= 55
    first = Reform.objects.select_related("region").get(pk=int(bars[0][0]))
    assert bars[0][1].endswith(" · " + first.region.name)
    cut = first.outcomes.filter(kind="time", change_pct__lt=0).order_by("change_pct").first()
    from catalogue.comparison import figure_text

    assert figure_text(cut) in unescape(svg)  # the value as people write it, after the bar
    assert "以表格查看图中数据" in html and 'aria-labelledby="landing-chart-title"' in html


def test_chart_escapes_its_labels_and_links():
    from django.template import engines

    from catalogue.charts import Bar, bar_chart

    chart = bar_chart('<b>"标题"</b>', "说明 & 注", [Bar("<script>x</script>", 2, "2 个案例", "/search/?a=1&b=<2>"), Bar("乙", 1, "1 个")])
    html = engines["django"].from_string("{% load catalogue_tags %}{% bar_chart chart 'c' %}").render({"chart": chart})
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and 'href="/search/?a=1&amp;b=&lt;2&gt;"' in html
    assert "&lt;b&gt;&quot;标题&quot;&lt;/b&gt;" in html and "说明 &amp; 注" in html
    assert html.count('class="chart-bar"') == 2 and html.count("<tr><td>") == 2


def test_source_text_and_repair_rows_are_escaped():
    from django.template import engines

    render = engines["django"].from_string("{% load catalogue_tags %}{% source_pieces pieces %}|{% repair_rows runs %}").render
    html = render({
        "pieces": [{"text": "<b>前言</b> & 目录", "reform": None},
                   {"text": "正文<script>x</script>", "reform": {"pk": 7, "ordinal": 2, "title": "标题<i>", "url": "/reforms/7/"}}],
        "runs": [{"line": 3, "raw": "<乱码&>", "repaired": "修复\"后\"", "status": "repaired"}, {"line": 9, "raw": "x", "repaired": "", "status": "lost"}],
    })
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html and "<乱码" not in html
    assert '<pre class="furniture">&lt;b&gt;前言&lt;/b&gt; &amp; 目录</pre>' in html
    assert '<section id="case-7" class="case-anchor"><p><a href="/reforms/7/">案例 2:标题&lt;i&gt;</a></p><pre>正文&lt;script&gt;' in html
    assert '<tr class="run-repaired"><td>3</td><td>&lt;乱码&amp;&gt;</td><td>修复&quot;后&quot;</td><td>已修复</td></tr>' in html
    assert '<td>无法恢复</td>' in html


def test_chart_text_is_at_least_12px():
    css = open(finders.find("catalogue/site.css"), encoding="utf-8").read()
    for name in ("chart-label", "chart-value"):
        size = re.search(rf"\.{name} {{[^}}]*font-size: (\d+)px", css).group(1)
        assert int(size) >= 12


def test_region_chart_counts_cases_by_indicator_and_links_to_the_filtered_search(client):
    html = page(client, "/regions/quzhou/")
    assert 'href="/search/?region=quzhou&amp;indicator=' in html and "个案例</text>" in html


# 5. The reading preference: every text on every page, remembered; the source page shows the original


def test_reading_preference_converts_every_text_of_a_traditional_case(client):
    reform = case("003-34")
    html = page(client, f"/reforms/{reform.pk}/")
    practice = reform.practices.first().text
    assert "帶押過戶" not in html.split('<section class="provenance-block"')[0]
    assert "主动创新" in html and practice[:6] not in html
    assert "广东营商环境改革经验" in html  # the source column
    search_html = page(client, "/search/", {"q": "帶押過戶"})
    assert "廣州" not in search_html and "广州全国首创" in search_html
    client.cookies["reading"] = "original"
    html = page(client, f"/reforms/{reform.pk}/")
    assert practice[:6] in html and "帶押過戶" in html


def test_source_page_always_shows_the_text_as_published(client):
    source = Source.objects.get(file_name__startswith="003")
    html = page(client, f"/sources/{source.pk}/")
    assert source.raw_text[200:260] in unescape(html) and 'lang="zh-Hant"' in html


def test_reading_switch_refuses_to_redirect_elsewhere(client):
    response = client.get("/reading/", {"script": "original", "next": "https://evil.example/"})
    assert response["Location"] == "/" and response.cookies["reading"].value == "original"
    assert "reading" not in client.get("/reading/", {"script": "klingon"}).cookies


# 6. Sources: citable, with publisher, URL and date, and a 数据说明 page


def test_case_page_has_a_gbt7714_citation(client):
    reform = case("000-10")
    html = page(client, f"/reforms/{reform.pk}/")
    citation = unescape(re.search(r'<pre id="citation">(.*?)</pre>', html, re.S).group(1))
    assert citation.startswith(f"大洋网. 广州营商环境改革十大最佳实践(2023): {reform.title}[EB/OL]. (2024-04-02)[")
    assert citation.endswith(f"http://testserver/reforms/{reform.pk}/.")
    assert 'data-copy="citation"' in html


def test_citation_uses_the_original_url_once_an_editor_adds_it(client):
    reform = case("004-1")
    Source.objects.filter(pk=reform.source_id).update(original_url="https://example.gov.cn/a.html")
    html = page(client, f"/reforms/{reform.pk}/")
    assert "[EB/OL]. [" in html and "https://example.gov.cn/a.html." in html


def test_about_page_explains_sources_method_limits_licence_citation_and_errors(client):
    html = page(client, "/about/")
    for heading in ("案例从哪里来", "如何拆分案例", "如何抽取数字与分配标签", "已知局限", "许可", "如何引用", "如何报告错误"):
        assert f">{heading}</h2>" in html
    assert "大洋网" in html and "2024-04-02" in html and "[DB/OL]" in html
    assert 'href="/about/"' in page(client, "/")


# 8. The search flow


def test_a_results_tag_adds_its_filter_to_the_current_search(client):
    html = page(client, "/search/", {"q": "秒批", "region": "guangdong"})
    tag = QueryDict(hrefs(html, "tag")[0].lstrip("?"))
    assert tag["q"] == "秒批" and tag.getlist("region") == ["guangdong"] and tag.getlist("indicator")


def test_page_two_continues_the_numbering_and_the_pager_has_numbered_pages(client):
    html = page(client, "/search/", {"q": "营商", "page": 2})
    assert '<ol class="result-list" start="21">' in html
    assert '<span aria-current="page">2</span>' in html and 'aria-label="第 1 页"' in html


def test_search_page_has_one_h1_a_skip_link_to_the_results_and_distinct_compare_links(client):
    html = page(client, "/search/", {"q": "营商"})
    assert html.count("<h1") == 1 and 'class="skip" href="#results"' in html
    names = re.findall(r'class="pick-link"[^>]*>(.*?)</a>', html)
    assert len(names) == 20 and len(set(names)) == 20


def test_zero_results_keep_the_facets_and_show_the_suggestions(rf_request):
    params, errors = read_params(QueryDict("q=莞慧退&region=guangzhou"))
    result = search(params)
    assert result.total == 0
    result.suggestions = [{"label": "广州市", "facet": "region", "value": "guangzhou"}, {"label": "秒批", "q": "秒批"}]
    html = render_results(rf_request("/search/?q=莞慧退&region=guangzhou"), params, errors, result)
    assert '<details class="filters" id="filters" open>' in html and "广州市" in html.split('id="filters"')[1]
    suggestions = re.search(r'<p class="suggestions">(.*?)</p>', html, re.S).group(1)
    assert 'href="?q=%E7%A7%92%E6%89%B9">秒批</a>' in suggestions


def test_also_searched_and_partial_matches_are_shown(rf_request):
    params, errors = read_params(QueryDict("q=秒批"))
    result = search(params)
    ids = result.page_ids(0, 20)
    result.also_searched = ["秒报秒批"]
    result._tiers = {ids[-1]: "partial", ids[-2]: "partial"}
    html = render_results(rf_request("/search/?q=秒批"), params, errors, result)
    assert "同时搜索:" in html and '<span class="term">秒报秒批</span>' in html
    exact, partial = html.split('<h2 class="partial-heading"')
    assert f"/reforms/{ids[-1]}/" in partial and f"/reforms/{ids[-1]}/" not in exact
    assert f'start="{len(ids) - 1}"' in partial


@pytest.fixture
def rf_request():
    def make(url):
        request = RequestFactory().get(url)
        request.reading = "simplified"
        return request

    return make


def render_results(request, params, errors, result: SearchResult) -> str:
    from django.shortcuts import render

    context = views.results_context(request, request.GET, params, errors, result)
    return render(request, "catalogue/search.html", context).content.decode()


# 9. Editors: compact outcome inline with the source sentence, Chinese admin, styled errors, favicon


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor2", "e2@example.com", "pw-Strong-123", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user


def test_outcome_inline_shows_the_source_sentence_with_one_line_inputs(client, editor):
    client.force_login(editor)
    reform = case("000-2")
    html = page(client, reverse("admin:reforms_reform_change", args=[reform.pk]))
    outcome = reform.outcomes.exclude(span_start=None).first()
    assert "原文句子" in html and f"<mark>{reform.body[outcome.span_start:outcome.span_end]}</mark>" in html
    inline = html[html.index("outcomes-inline") :]
    assert "<textarea" not in inline.split("</fieldset>")[0]
    assert "catalogue/admin" in html  # the compact inline's stylesheet


def test_admin_selector_widgets_speak_chinese(client, editor):
    client.force_login(editor)
    catalog = client.get("/admin/jsi18n/").content.decode("unicode_escape")
    assert "全选%s" in catalog and "移除所选%s" in catalog  # strings Django's own zh_Hans catalogue lacks


def test_error_pages_are_styled(client, editor):
    client.force_login(editor)
    forbidden = client.get(reverse("admin:auth_user_changelist"))
    assert forbidden.status_code == 403 and "没有权限" in forbidden.content.decode() and "site.css" in forbidden.content.decode()
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode() and "site.css" in missing.content.decode()
    from django.views.defaults import server_error

    error = server_error(RequestFactory().get("/"))
    assert error.status_code == 500 and "服务器出错了" in error.content.decode() and "site.css" in error.content.decode()


def test_every_page_names_a_favicon_that_exists(client):
    assert 'rel="icon" href="/static/catalogue/favicon.svg"' in page(client, "/")
    assert finders.find("catalogue/favicon.svg")


# 10. Newcomers: long set-up steps say what they are doing


def test_setup_catalogue_reports_each_step_with_elapsed_seconds():
    from django.core.management import call_command

    out = io.StringIO()
    call_command("setup_catalogue", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines if line.endswith("s)")] == [
        "migrating the database", "building the search index", "search index rebuilt; set-up done",
    ]
