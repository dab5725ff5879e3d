"""In a real browser: the comparison pages render with their map and tables, their GET forms
work without script, and axe finds no A/AA violation on the choice page, an outcome
comparison, a KPI comparison and a government's page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sousei.store.db import engine_for
from tests.web.compare_data import MATSUMOTO, NATIONAL_KPI, seed_database

from .conftest import axe_violations, describe, free_port, screenshot, wait_for

KPI_PAGE = f"/compare/kpis/{NATIONAL_KPI}"
TITLE = "東京圏から地方への移住者数"


@pytest.fixture(scope="module")
def compare_server(e2e_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`sousei serve` on a copy of the browser tests' database with the comparison data."""
    folder = tmp_path_factory.mktemp("e2e-compare")
    database = folder / "sousei.db"
    shutil.copyfile(e2e_template, database)
    engine = engine_for(f"sqlite:///{database}")
    seed_database(engine)
    engine.dispose()
    port = free_port()
    environment = dict(os.environ, SOUSEI_DATABASE_URL=f"sqlite:///{database}")
    command = [str(Path(sys.executable).parent / "sousei"), "serve", "--port", str(port)]
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, server, folder / "server.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_kpi_comparison_renders_its_map_and_tables(page: Page, compare_server: str) -> None:
    page.goto(compare_server + KPI_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("東京圏から地方への移住者数")
    drawing = page.get_by_role("img", name=f"{TITLE}に対応づけられた地方公共団体の地図")
    expect(drawing).to_be_visible()
    expect(drawing.locator(".gov")).to_have_count(3)
    governments = page.get_by_role("table", name="団体ごとの状況")
    expect(governments.locator("tbody tr")).to_have_count(3)
    values = page.get_by_role("table", name="人 で表す KPI（5件）")
    expect(values.get_by_text("おおむね順調")).to_be_visible()
    expect(page.get_by_role("table", name="単位が異なる KPI（1件）")).to_be_visible()
    shares = page.get_by_role("table", name="都道府県別の達成・順調の割合（県と県内の市区町村）")
    expect(shares.get_by_role("row", name="長野県 2 5 4 2 50.0%")).to_be_visible()
    _accessible(page)
    page.locator("#map-heading").evaluate("heading => heading.scrollIntoView()")  # the map in view
    screenshot(page, "compare")


def test_the_outcome_comparison_is_accessible(page: Page, compare_server: str) -> None:
    page.goto(compare_server + "/compare/outcomes/E")
    expect(page.get_by_role("heading", level=1)).to_have_text("E. 魅力が感じられる地方の実現")
    name = "魅力が感じられる地方の実現に対応づけられた地方公共団体の地図"
    expect(page.get_by_role("img", name=name)).to_be_visible()
    _accessible(page)


def test_the_choice_page_sends_its_form_on_without_script(page: Page, compare_server: str) -> None:
    page.goto(compare_server + "/compare")
    expect(page.get_by_role("heading", level=1)).to_have_text("地方版総合戦略の比較")
    _accessible(page)
    page.get_by_label("国の KPI", exact=True).select_option(NATIONAL_KPI)
    page.get_by_role("button", name="KPI で比べる").click()
    page.wait_for_url(f"**{KPI_PAGE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("東京圏から地方への移住者数")


def test_a_filter_is_applied_by_keyboard(page: Page, compare_server: str) -> None:
    page.goto(compare_server + KPI_PAGE)
    page.get_by_label("都道府県").select_option(label="長野県")
    page.get_by_label("団体の種類").focus()
    page.keyboard.press("Tab")  # 人口規模
    page.keyboard.press("Tab")  # 表示
    expect(page.get_by_role("button", name="表示")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**prefecture=20*")
    expect(page.get_by_role("table", name="団体ごとの状況").locator("tbody tr")).to_have_count(2)
    expect(page.locator("svg.japan-map .gov")).to_have_count(2)
    _accessible(page)


def test_a_governments_page_is_accessible(page: Page, compare_server: str) -> None:
    page.goto(compare_server + KPI_PAGE)
    page.get_by_role("table", name="団体ごとの状況").get_by_role("link", name="松本市").click()
    page.wait_for_url(f"**/compare/localgov/{MATSUMOTO}")
    expect(page.get_by_role("heading", level=1)).to_have_text("長野県松本市")
    _accessible(page)
