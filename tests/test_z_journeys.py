"""The journeys of issue 18 in a real headless Chromium (Debian's /usr/bin/chromium through Playwright),
at 375 px and 1280 px, with and without JavaScript, against gunicorn serving a freshly set-up catalogue:
an official (home → region → district → case → source → citation), a researcher (search → facets → tags
→ pages → compare across pages → export) and an editor (edit an outcome in the inline, see it on the
page and in search). Every step writes a screenshot to var/screenshots/. Then axe-core (bundled by the
PyPI package axe-playwright-python, nothing downloaded at run time) on the main pages, and the contrast
of focus rings and chart marks."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from .servers import catalogue_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "var" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
EDITOR = ("journey-editor", "pw-Journey-2026")
CREATE_EDITOR = (
    "from django.contrib.auth.models import Group, User; "
    f"u = User.objects.create_user('{EDITOR[0]}', 'j@example.com', '{EDITOR[1]}', is_staff=True); "
    "u.groups.add(Group.objects.get(name='editors'))"
)
SETUPS = [(375, True), (375, False), (1280, True), (1280, False)]


@pytest.fixture(scope="module")
def site():
    with catalogue_server("catalogue_journeys", after_setup=[["shell", "-c", CREATE_EDITOR]]) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium'")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Journey:
    """A page at one width, with or without JavaScript, that screenshots every step it is told to."""

    def __init__(self, browser, site, name, width, js):
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="zh-CN", java_script_enabled=js, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.site, self.width, self.step = site, width, 0
        self.prefix = f"{name}-{width}-{'js' if js else 'nojs'}"

    def shot(self, label: str):
        self.step += 1
        assert self.page.evaluate("document.documentElement.scrollWidth") <= self.width + 1, (self.prefix, label)
        self.page.screenshot(path=str(SHOTS / f"{self.prefix}-{self.step:02d}-{label}.png"), full_page=False)

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, site):
    opened = []

    def start(name, width, js):
        j = Journey(browser, site, name, width, js)
        opened.append(j)
        return j

    yield start
    for j in opened:
        j.close()


def query_of(url: str) -> dict:
    return parse_qs(urlparse(url).query)


def total(page) -> int:
    return int(page.locator("#total").inner_text())


def open_filters(page):
    """On a phone the facets sit in the closed 筛选 panel; on a wide screen they are always shown."""
    summary = page.locator("details.filters > summary")
    if page.locator("details.filters .facet").first.is_visible():
        return
    summary.click()
    assert page.locator("details.filters .facet").first.is_visible()


@pytest.mark.parametrize("width, js", SETUPS)
def test_official_goes_from_home_to_a_district_case_its_source_and_citation(journey, site, width, js):
    j = journey("official", width, js)
    page = j.page
    page.goto(site + "/")
    j.shot("home")
    page.locator("ul.tree").get_by_role("link", name="广州市", exact=True).click()
    page.wait_for_url("**/regions/guangzhou/")
    assert page.locator("h1").inner_text() == "广州市"
    assert page.locator("nav.breadcrumb").get_by_role("link", name="广东省").count() == 1
    assert page.locator("li.result").count() == 20
    j.shot("region")
    page.locator("section[aria-labelledby=children-heading]").get_by_role("link", name="黄埔区").click()
    page.wait_for_url("**/regions/guangzhou-huangpu/")
    assert page.locator("nav.breadcrumb").get_by_role("link", name="广州市").count() == 1
    j.shot("district")
    page.locator("li.result h3 a").first.click()
    page.wait_for_url("**/reforms/*/")
    title = page.locator("h1").inner_text()
    j.shot("case")
    page.locator("p.provenance a").first.click()
    page.wait_for_url("**/sources/*/#case-*")
    anchor = urlparse(page.url).fragment
    assert page.locator(f"#{anchor}").is_visible() and "发布者" in page.locator("dl.facts").inner_text()
    j.shot("source")
    page.locator(f"#{anchor} a").first.click()
    page.wait_for_url("**/reforms/*/")
    assert page.locator("h1").inner_text() == title
    citation = page.locator("#citation")
    citation.scroll_into_view_if_needed()
    assert "[EB/OL]" in citation.inner_text() and title[:10] in citation.inner_text()
    if js:  # the copy button only exists with JavaScript
        j.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
        page.get_by_role("button", name="复制引用").click()
        page.get_by_role("button", name="已复制").wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == citation.inner_text().strip()
    else:
        assert not page.get_by_role("button", name="复制引用").is_visible()
    j.shot("citation")


@pytest.mark.parametrize("width, js", SETUPS)
def test_researcher_filters_pages_compares_across_pages_and_exports(journey, site, width, js):
    j = journey("researcher", width, js)
    page = j.page
    page.goto(site + "/search/?q=办理")
    assert page.locator("h1").count() == 1
    j.shot("search")
    open_filters(page)
    j.shot("filters-open")
    page.locator(".facet").filter(has_text="地区").get_by_role("link", name="广州市", exact=True).click()
    page.wait_for_url("**region=guangzhou*")
    assert "已选 1 项" in page.locator("details.filters > summary").inner_text()
    before = total(page)
    j.shot("facet")
    tag = page.locator("li.result .tag").first
    indicator = tag.inner_text().replace("添加筛选:", "").strip()
    tag.click()
    page.wait_for_url("**indicator=*")
    params = query_of(page.url)
    assert params["q"] == ["办理"] and params["region"] == ["guangzhou"] and params["indicator"]
    assert total(page) <= before and indicator in page.locator(".chips").inner_text()
    j.shot("tag-added")
    page.locator(".chips a").filter(has_text="评价指标").click()
    page.wait_for_url(lambda url: "indicator=" not in url)
    assert total(page) == before > 20
    page.locator("nav.pager").get_by_role("link", name="第 2 页").click()
    page.wait_for_url("**page=2*")
    assert page.locator("ol.result-list").first.get_attribute("start") == "21"
    page.locator("li.result .pick-link").first.click()
    page.wait_for_url("**cmp=*")
    assert "page=2" in page.url and page.locator(".tray li").count() == 1
    j.shot("picked-on-page-2")
    page.locator("nav.pager").get_by_role("link", name="第 1 页").click()
    page.wait_for_url("**page=1*")
    page.locator("li.result:not(.picked) .pick-link").first.click()
    page.wait_for_url(lambda url: len(query_of(url).get("cmp", [""])[0].split(",")) == 2)
    assert page.locator(".tray li").count() == 2
    j.shot("picked-on-page-1")
    page.get_by_role("link", name="对比这 2 个案例").click()
    page.wait_for_url("**/compare/?ids=*")
    assert page.locator("table.compare thead th").count() == 3
    assert page.locator("table.compare tbody.outcome-rows tr").count() >= 2
    j.shot("compare")
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook["对比"]
    assert [c.value for c in sheet[1]][0] == "项目" and len(sheet[1]) == 3
    assert sheet.freeze_panes == "B2" and sheet.column_dimensions["B"].width >= 30
    assert "说明" in workbook.sheetnames and workbook["说明"]["A5"].value == "引用"


@pytest.mark.parametrize("width, js", SETUPS)
def test_editor_edits_an_outcome_and_sees_it_on_the_page_and_in_search(journey, site, width, js):
    j = journey("editor", width, js)
    page = j.page
    marker = f"编辑核对时限{width}{'甲' if js else '乙'}"
    log_in_as_editor(page, site)
    page.goto(site + "/search/?q=营商环境")
    links = page.locator("li.result h3 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    pk = re.search(r"/reforms/(\d+)/", links[SETUPS.index((width, js))]).group(1)  # one case per setup
    page.goto(f"{site}/admin/reforms/reform/{pk}/change/")
    inline = page.locator(".outcomes-inline")
    inline.scroll_into_view_if_needed()
    assert inline.locator("td.field-source_sentence mark").count() >= 1
    j.shot("inline")
    kinds = inline.locator("td.field-kind select").evaluate_all("els => els.map(e => e.value)")
    options = inline.locator("td.field-kind select").first.locator("option").evaluate_all("els => els.map(e => e.value)")
    new_kind = next(k for k in options if k and k not in kinds)  # a kind the case does not report yet
    title = page.locator("#id_title").input_value()
    words = title[:4]
    page.goto(f"{site}/search/?q={words}&kind={new_kind}")
    assert f"/reforms/{pk}/" not in (page.locator("#results").inner_html())
    page.goto(f"{site}/admin/reforms/reform/{pk}/change/")
    inline.locator("td.field-metric input").first.fill(marker)
    inline.locator("td.field-kind select").first.select_option(new_kind)
    j.shot("edited")
    page.locator("input[name=_continue]").click()
    page.wait_for_url(f"**/admin/reforms/reform/{pk}/change/")
    assert page.locator(".messagelist").count() == 1
    j.shot("saved")
    page.goto(f"{site}/reforms/{pk}/")
    assert marker in page.locator("table.outcomes").inner_text()
    j.shot("case-page")
    page.goto(f"{site}/search/?q={words}&kind={new_kind}")
    assert f"/reforms/{pk}/" in page.locator("#results").inner_html()
    j.shot("found-in-search")


def log_in_as_editor(page, site):
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill(EDITOR[0])
    page.get_by_label("密码").fill(EDITOR[1])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def test_admin_is_in_chinese_including_the_selector_widgets(journey, site):
    j = journey("admin-language", 1280, True)
    page = j.page
    log_in_as_editor(page, site)
    page.goto(site + "/admin/reforms/reform/1/change/")
    page.wait_for_load_state("load")
    text = page.locator("#content").inner_text()
    for english in ("Available", "Chosen", "Choose all", "Remove all", "Filter", "Type into this box", "Hold down",
                    "Add another", "Delete", "Save", "History", "Change", "Search"):
        assert english not in text, english
    assert page.get_by_label("开办企业").count() == 1  # indicators as labelled checkboxes
    assert "添加另一个" in text and "保存并继续编辑" in page.locator("#reform_form").inner_html()
    j.shot("admin")


# Accessibility: axe-core (bundled in the PyPI package axe-playwright-python), and contrast checks.

AXE_PAGES = ["/", "/search/?q=营商环境&region=guangzhou", "/reforms/{case}/", "/regions/guangzhou/", "/compare/?ids={pair}"]


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def serious_violations(page) -> list[str]:
    page.evaluate(axe_script())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [375, 1280])
def test_no_serious_accessibility_violations(journey, site, width):
    j = journey("axe", width, True)
    page = j.page
    page.goto(site + "/search/?q=营商环境")
    ids = [re.search(r"/reforms/(\d+)/", h).group(1) for h in page.locator("li.result h3 a").evaluate_all("els => els.map(e => e.href)")]
    found = {}
    for path in AXE_PAGES:
        page.goto(site + path.format(case=ids[0], pair=f"{ids[0]},{ids[1]}"))
        found[path] = serious_violations(page)
    log_in_as_editor(page, site)
    page.goto(f"{site}/admin/reforms/reform/{ids[0]}/change/")
    found["admin change page"] = serious_violations(page)
    assert {path: v for path, v in found.items() if v} == {}


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = (_luminance(tuple(int(x) for x in re.findall(r"\d+", c)[:3])) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def test_focus_rings_and_chart_marks_have_enough_contrast(journey, site):
    j = journey("contrast", 1280, True)
    page = j.page
    page.goto(site + "/indicators/construction-permits/")
    page.keyboard.press("Tab")  # the skip link, then the site search box
    page.keyboard.press("Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert width >= 2 and contrast(ring, "rgb(255, 255, 255)") >= 3
    page.locator("li.result h3 a").first.focus()
    assert contrast(page.evaluate("getComputedStyle(document.activeElement).outlineColor"), "rgb(255, 255, 255)") >= 3
    fills = page.locator(".chart-bar").evaluate_all("els => els.map(e => getComputedStyle(e).fill)")
    assert fills and all(contrast(f, "rgb(255, 255, 255)") >= 3 for f in fills)
    sizes = page.locator(".chart-label, .chart-value").evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 12
    j.shot("chart")


def test_skip_link_lands_on_the_first_result(journey, site):
    j = journey("keyboard", 1280, True)
    page = j.page
    page.goto(site + "/search/?q=营商环境")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到搜索结果"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator("li.result h3 a").first.get_attribute("href")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
