"""Searching in a real browser: the form works without script, the 施策 is found, and axe
finds no A/AA violation on the form or the results."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, screenshot


def test_searching_for_smart_agriculture_finds_the_measure(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="検索", exact=True).click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("検索語").fill("スマート農業")
    page.get_by_role("button", name="検索").click()
    page.wait_for_load_state()
    assert "q=" in page.url
    measure = page.get_by_role("link", name="スマート農業の推進")
    expect(measure).to_be_visible()
    assert measure.get_attribute("href") == "/measures/a/1/2"
    expect(measure.locator("mark")).to_have_text("スマート農業")
    expect(page.get_by_role("status")).to_contain_text("件")
    screenshot(page, "search-results")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_narrowing_to_kpis_and_no_results(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/search?q=訪日外国人旅行者数")
    page.get_by_label("種類", exact=True).select_option("kpi")
    page.get_by_role("button", name="検索").click()
    expect(page.get_by_role("heading", name="KPI（", exact=False)).to_be_visible()
    page.get_by_label("検索語").fill("該当しないはずの語句")
    page.get_by_role("button", name="検索").click()
    expect(page.get_by_text("見つかりませんでした")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
