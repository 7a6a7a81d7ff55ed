"""The public catalogue in a real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright,
against gunicorn serving a freshly set-up catalogue. Runs last: it owns an event loop while it runs."""

import os
from pathlib import Path

import pytest

from .servers import catalogue_server

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site():
    with catalogue_server("catalogue_browser") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package 'chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.outside_requests = []
    page.on("request", lambda r: None if r.url.startswith(site) or r.url.startswith("data:") else page.outside_requests.append(r.url))
    yield page
    context.close()


def total(page) -> int:
    return int(page.locator("#total").inner_text())


def test_search_in_traditional_then_narrow_by_a_facet_and_go_back(page, site):
    page.goto(site + "/")
    page.get_by_label("搜索案例").fill("營商環境觀察員")
    page.get_by_label("搜索案例").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert total(page) >= 2
    titles = page.locator(".result h3").all_inner_texts()
    # both sources' cases, the Traditional one shown in Simplified (the default reading preference)
    assert sum("营商环境观察员" in t for t in titles) >= 2 and not any("營商環境觀察員" in t for t in titles)
    before = total(page)
    page.locator(".facet").filter(has_text="来源").locator("a").first.click()
    page.wait_for_url("**source=*")
    after = total(page)
    assert after < before
    assert page.locator(".chips a").count() == 1
    page.go_back()
    page.wait_for_url(lambda url: "source=" not in url)
    assert total(page) == before
    assert page.outside_requests == []


def test_simplified_search_opens_a_case_and_toggles_script(page, site):
    page.goto(site + "/search/?q=带押过户")
    page.locator(".result h3 a").first.click()
    page.wait_for_url("**/reforms/*/")
    case_url = page.url
    assert "带押过户" in page.locator("h1").inner_text()  # Simplified by default
    assert page.locator("table.outcomes, .practices").count() >= 1
    page.get_by_role("link", name="查看繁體原文").click()
    page.wait_for_url(case_url)
    assert "帶押過戶" in page.locator("h1").inner_text()
    page.goto(site + "/search/?q=带押过户")  # the preference is remembered on the next page
    assert "帶押過戶" in page.locator(".result h3").first.inner_text()
    page.get_by_role("link", name="简体", exact=True).click()
    assert "带押过户" in page.locator(".result h3").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "case-desktop.png"), full_page=True)


def test_build_a_comparison_from_results(page, site):
    page.goto(site + "/search/?q=营商环境观察员")
    page.locator(".pick-link").nth(0).click()
    page.wait_for_url("**cmp=*")
    page.locator(".result:not(.picked) .pick-link").nth(0).click()
    page.wait_for_url("**cmp=*,*")
    page.get_by_role("link", name="对比这 2 个案例").click()
    page.wait_for_url("**/compare/?ids=*")
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert len(headers) == 3
    assert page.locator("table.compare").get_by_text("牵头单位").count() == 1


def test_keyboard_reaches_the_search_box_and_skip_link(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-q"


def test_desktop_and_phone_screenshots_fit_their_screens(browser, site):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, width in (("desktop", 1280), ("phone", 375)):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
        page = context.new_page()
        for slug, url in (("home", "/"), ("search", "/search/?q=办证时间&region=guangzhou")):
            page.goto(site + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (name, url)
            page.screenshot(path=str(ARTIFACTS / f"{slug}-{name}.png"), full_page=True)
        context.close()
    assert (ARTIFACTS / "search-phone.png").stat().st_size > 10_000


def test_pages_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/search/?q=拿地即开工")
    assert total(page) >= 3
    page.get_by_label("排序").select_option("reduction")
    page.get_by_role("button", name="应用").click()
    assert "sort=reduction" in page.url
    context.close()
