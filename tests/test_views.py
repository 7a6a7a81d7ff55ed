"""Public pages: they render, keep all state in the URL, run a constant number of queries, and never 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reforms.models import Department, Reform

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_home_shows_counts_indicators_regions_and_sources(client):
    html = client.get("/").content.decode()
    assert "126 个案例" in html and "开办企业" in html and "广州市" in html and "衢州市2023年度优化营商环境十佳创新案例" in html


def test_search_page_shows_results_with_highlight_facets_and_badge(client):
    html = client.get("/search/", {"q": "办证时间"}).content.decode()
    assert "<mark>办证时间</mark>" in html
    assert "评价指标" in html and "地区" in html
    assert "40个工作日 → 6个工作日, −85 %" in html  # the badge, as people write it


def test_traditional_and_simplified_queries_find_the_same_case(client):
    simplified = client.get("/search/", {"q": "带押过户"}).content.decode()
    traditional = client.get("/search/", {"q": "帶押過戶"}).content.decode()
    case = Reform.objects.get(source__file_name__startswith="003", ordinal=34)
    for html in (simplified, traditional):  # shown in Simplified by default
        assert f"/reforms/{case.pk}/" in html and "一手房<mark>带押过户</mark>" in html
    client.cookies["reading"] = "original"
    original = client.get("/search/", {"q": "带押过户"}).content.decode()
    assert "一手房<mark>帶押過戶</mark>" in original


def test_no_results_says_so_and_offers_to_drop_a_filter(client):
    html = client.get("/search/", {"q": "莞慧退", "region": "quzhou"}).content.decode()
    assert "没有找到" in html and "移除" in html


def test_unknown_filter_values_are_reported_not_fatal(client):
    response = client.get("/search/", {"region": "atlantis", "page": "abc", "sort": "sideways", "year": "x"})
    assert response.status_code == 200
    assert "atlantis" in response.content.decode()


def test_search_page_query_count_does_not_grow_with_results(client):
    from search import matchcache

    queries_for(client, "/search/")  # loads what a process keeps per index version (snapshot, facet labels)
    matchcache.clear()
    few = queries_for(client, "/search/?q=莞慧退")
    matchcache.clear()
    many = queries_for(client, "/search/?q=营商")
    assert few == many
    refined = "/search/?q=营商&indicator=paying-taxes"
    matchcache.clear()
    client.get(refined)
    misses = matchcache.misses
    client.get(refined + "&page=2")
    assert matchcache.misses == misses  # the next page reuses the remembered matches: the engine is not asked


def test_case_page_query_count_is_constant(client):
    small = Reform.objects.get(source__file_name__startswith="002", ordinal=21).pk
    large = Reform.objects.get(source__file_name__startswith="003", ordinal=18).pk
    assert queries_for(client, f"/reforms/{small}/") == queries_for(client, f"/reforms/{large}/")


def test_case_page_shows_provenance_outcomes_and_links(client):
    case = Reform.objects.get(source__file_name__startswith="000", ordinal=10)
    html = client.get(f"/reforms/{case.pk}/").content.decode()
    assert "广州营商环境改革十大最佳实践(2023)" in html and "第 10 个案例" in html
    assert f"/sources/{case.source_id}/#case-{case.pk}" in html
    assert "/indicators/" in html and "办证时间" in html and "广东省" in html


def test_traditional_case_is_simplified_by_default_and_the_original_one_click_away(client):
    case = Reform.objects.get(source__file_name__startswith="003", ordinal=34)
    simplified = client.get(f"/reforms/{case.pk}/").content.decode()
    assert "一手房带押过户" in simplified and "查看繁體原文" in simplified
    switch = client.get("/reading/", {"script": "original", "next": f"/reforms/{case.pk}/"})
    assert switch.status_code == 302 and switch["Location"] == f"/reforms/{case.pk}/"
    original = client.get(f"/reforms/{case.pk}/").content.decode()  # the cookie is kept by the client
    assert "一手房帶押過戶" in original and 'lang="zh-Hant"' in original and "改为简体显示" in original


def test_source_page_anchors_every_case(client):
    source = Reform.objects.filter(source__file_name__startswith="004").first().source
    html = client.get(f"/sources/{source.pk}/").content.decode()
    assert all(f'id="case-{r.pk}"' in html for r in source.reforms.all())


def test_region_and_indicator_pages_list_cases_and_chart(client):
    html = client.get("/regions/guangzhou/").content.decode()
    assert "<svg" in html and "增城区" in html or "拿地即开工" in html
    assert client.get("/indicators/getting-electricity/").status_code == 200
    assert client.get("/regions/atlantis/").status_code == 404


def test_healthz_reports_database_and_index(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["search_index"] is True


@pytest.mark.parametrize("q", ['"', "NEAR(", "\x00", "x" * 10000, "😀", "\u202e", "-", "'; DROP TABLE x;--", "%", "税 OR 1=1"])
def test_hostile_queries_get_a_page_not_an_error(client, q):
    assert client.get("/search/", {"q": q}).status_code == 200
    assert client.get("/api/reforms/", {"q": q}).status_code == 200


def test_editor_markup_renders_inert_everywhere(client):
    case = Reform.objects.get(source__file_name__startswith="004", ordinal=6)
    case.title = '<script>alert(1)</script>"><img src=x onerror=alert(2)> 全岗通'
    case.save()
    outcome = case.outcomes.first() or case.outcomes.create(phrase="x", kind="count")
    outcome.metric = "<img src=x onerror=alert(3)>"
    outcome.save()
    department = Department.objects.create(name='<img src=x onerror=alert(4)>"&局', region=case.region)
    case.lead_departments.add(department)  # a facet label on the search page
    for url in ["/search/?q=全岗通", f"/reforms/{case.pk}/", "/regions/quzhou/", "/indicators/labor-market/", f"/compare/?ids={case.pk},1",
                f"/api/reforms/{case.pk}/", "/api/reforms/?q=全岗通"]:
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body and "<img src=x" not in body, url
    assert client.get(f"/api/reforms/{case.pk}/").json()["title"] == case.title  # escaped, not altered
    assert "&lt;img src=x onerror=alert(4)&gt;&quot;&amp;局" in client.get("/search/?q=全岗通").content.decode()


def test_compare_shows_two_to_six_cases_side_by_side(client):
    a = Reform.objects.get(source__file_name__startswith="001", ordinal=39)
    b = Reform.objects.get(source__file_name__startswith="003", ordinal=15)
    html = client.get("/compare/", {"ids": f"{a.pk},{b.pk}"}).content.decode()
    assert a.title in html and "营商环境观察员" in html and "牵头单位" in html
    assert "请选择 2–6 个案例" in client.get("/compare/", {"ids": "abc"}).content.decode()
    six = ",".join(str(pk) for pk in Reform.objects.values_list("pk", flat=True)[:6])
    assert client.get("/compare/", {"ids": six}).content.decode().count('<th scope="col"><a href="/reforms/') == 6
    seven = ",".join(str(pk) for pk in Reform.objects.values_list("pk", flat=True)[:7])
    assert "最多同时对比 6 个" in client.get("/compare/", {"ids": seven}).content.decode()


def test_compare_query_count_is_constant(client):
    two = ",".join(str(pk) for pk in Reform.objects.values_list("pk", flat=True)[:2])
    four = ",".join(str(pk) for pk in Reform.objects.values_list("pk", flat=True)[10:14])
    assert queries_for(client, f"/compare/?ids={two}") == queries_for(client, f"/compare/?ids={four}")


def test_outcome_figures_read_as_people_write_them(client):
    case = Reform.objects.get(source__file_name__startswith="003", ordinal=34)
    html = client.get(f"/reforms/{case.pk}/").content.decode()
    assert "42 亿元" in html and "4200000000" not in html and "4,200,000,000" not in html  # as the text writes it


def test_search_page_links_exports_with_the_same_filters(client):
    html = client.get("/search/", {"q": "税", "region": "guangzhou"}).content.decode()
    assert "format=csv" in html and "format=xlsx" in html and "region=guangzhou" in html
