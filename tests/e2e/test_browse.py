"""In the browser: the overview draws the logic model, its links lead by keyboard to an impact,
an outcome, an area and a 施策, and axe finds no A/AA violation on any of these pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, screenshot

MEASURE = "/measures/j/1/1"  # ① 地域くらしサービス拠点の形成: a 工程表 of 4 entries and 2 KPIs


def tab_to(page: Page, name: str, limit: int = 120) -> None:
    """Press Tab until the link called `name` has the focus, then follow it with Enter."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement && document.activeElement.tagName === 'A'"
            " ? document.activeElement.textContent.trim() : null"
        )
        if focused == name:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"no link 「{name}」 within {limit} presses of Tab")


def scroll_to(page: Page, heading: str) -> None:
    """Bring a section to the top of the window, for a screenshot of what matters there."""
    page.get_by_role("heading", name=heading, exact=True).evaluate(
        "h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 16)"
    )


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_overview_draws_the_logic_model_and_is_accessible(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    drawing = page.get_by_role("img", name="ロジックモデル（2025年・2025年度）")
    expect(drawing).to_be_visible()
    box = drawing.bounding_box()
    assert box is not None
    assert box["width"] > 1000
    for impact in ("1. 強い経済", "2. 豊かな生活環境", "3. 選ばれる地方"):
        expect(drawing.get_by_text(impact, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="ロジックモデルの一覧")).to_be_visible()
    assert_accessible(page)
    scroll_to(page, "ロジックモデル")
    screenshot(page, "overview")


def test_the_year_selector_works_without_script(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_label("評価する年").select_option("2024")
    with page.expect_navigation():
        page.get_by_role("button", name="表示する").click()
    assert page.url.endswith("/?year=2024")
    expect(page.get_by_role("img", name="ロジックモデル（2024年・2024年度）")).to_be_visible()


def test_keyboard_navigation_reaches_an_impact_an_outcome_an_area_and_a_measure(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/")
    tab_to(page, "2. 豊かな生活環境")
    expect(page.get_by_role("heading", level=1)).to_have_text("2. 豊かな生活環境")
    assert_accessible(page)

    tab_to(page, "C. 持続可能な生活インフラの実現")
    expect(page.get_by_role("heading", level=1)).to_have_text("C. 持続可能な生活インフラの実現")
    assert_accessible(page)

    tab_to(page, "j. 買物環境の維持")
    expect(page.get_by_role("heading", level=1)).to_have_text("j. 買物環境の維持")
    assert_accessible(page)

    tab_to(page, "① 地域くらしサービス拠点の形成")
    assert page.url.endswith(MEASURE)
    expect(page.get_by_role("heading", level=1)).to_have_text("① 地域くらしサービス拠点の形成")
    assert_accessible(page)

    tab_to(page, "j. 買物環境の維持")  # the breadcrumbs lead back up
    assert page.url.endswith("/areas/j")


def test_a_measure_page_shows_its_roadmap_and_kpis(page: Page, live_server: str) -> None:
    page.goto(live_server + MEASURE)
    timeline = page.get_by_role("img", name="工程表：① 地域くらしサービス拠点の形成")
    expect(timeline).to_be_visible()
    expect(page.get_by_role("table", name="工程表の記載（4件）")).to_be_visible()
    expect(page.get_by_role("table", name="アウトプット KPI（2件）")).to_be_visible()
    assert_accessible(page)
    scroll_to(page, "工程表")
    screenshot(page, "measure")


def test_a_measure_with_figures_and_the_group_page_are_accessible(
    page: Page, live_server: str
) -> None:
    page.goto(live_server + "/measures/g/1/1")
    expect(page.get_by_role("img", name="インバウンド消費額 の実績の推移")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server + "/groups/cross-cutting")
    expect(page.get_by_role("heading", level=1)).to_have_text("4. 国の役割")
    assert_accessible(page)
