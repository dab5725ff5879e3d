"""In a real browser: the KPI page and the status board render, a board filter works from the
keyboard alone, and axe finds no A/AA violation on the KPI page, the board and the due list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, screenshot, sign_in

KPI_PAGE = "/kpis/national/A-KPI④-1"


def test_the_kpi_page_renders_its_chart_and_is_accessible(page: Page, live_server: str) -> None:
    page.goto(live_server + KPI_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("訪日外国人旅行者数")
    chart = page.get_by_role("img", name="訪日外国人旅行者数の推移")
    expect(chart).to_be_visible()
    expect(page.get_by_text("直線経路上の期待値 4,072万人を上回っています（順調）")).to_be_visible()
    expect(page.get_by_role("table", name="グラフのデータ（訪日外国人旅行者数）")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "kpi")


def test_the_kpi_page_year_form_works_without_script(page: Page, live_server: str) -> None:
    page.goto(live_server + KPI_PAGE)
    page.get_by_label("評価する年（年度）").select_option("2024")
    page.get_by_role("button", name="表示").click()
    expect(page.get_by_role("heading", name="2024年（令和6年）の評価")).to_be_visible()
    assert "year=2024" in page.url


def test_the_board_renders_and_is_accessible(page: Page, live_server: str) -> None:
    page.goto(live_server + "/board")
    expect(page.get_by_role("heading", level=1)).to_have_text("KPI 一覧")
    rows = page.locator("table.board tbody tr")
    expect(rows).to_have_count(55)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "board")


def test_a_board_filter_can_be_applied_by_keyboard(page: Page, live_server: str) -> None:
    page.goto(live_server + "/board")
    status = page.get_by_label("評価", exact=True)
    status.focus()
    # 「すべて」, 達成, 順調: two steps down the list, then Tab to 「絞り込む」 and Enter.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(status).to_have_value("on_track")
    page.keyboard.press("Tab")  # 実績値
    page.keyboard.press("Tab")  # 絞り込む
    expect(page.get_by_role("button", name="絞り込む")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/board?*status=on_track*")
    rows = page.locator("table.board tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.get_by_role("link")).to_have_text("訪日外国人旅行者数")


def test_sorting_by_a_header_link_updates_aria_sort(page: Page, live_server: str) -> None:
    page.goto(live_server + "/board")
    page.get_by_role("link", name=re.compile(r"^評価\s*（昇順に並べ替え）$")).click()
    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.get_by_role("link", name=re.compile(r"^評価\s*（降順に並べ替え）$")).click()
    expect(header).to_have_attribute("aria-sort", "descending")


def test_the_due_list_is_accessible_for_everyone_and_for_an_editor(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/due")
    summary = page.get_by_role("table", name="所管府省庁ごとの KPI の状態（2025年度（令和7年度））")
    expect(summary).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    sign_in(page, live_server, "editor")
    page.goto(live_server + "/due?year=2026")
    expect(page.get_by_role("heading", name="国土交通省の KPI")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
