"""The yearly round in a browser: an editor of 国土交通省 uploads a file with a mistake, reads the
error report (nothing written), fixes it, checks the diff and applies it; an admin approves the
figures in the review queue. axe checks each of these pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations, describe, screenshot, sign_in

HEADER = "KPI ID,年,値,単位,状態,公表者,資料名\n"
VISITORS = "national/A-KPI④-1,2026,4012万,人,推計値,日本政府観光局（JNTO）,訪日外客数\n"
SPENDING = "national/g-1,2026,{value},円,速報,観光庁,インバウンド消費動向調査\n"


@pytest.fixture(scope="module", autouse=True)
def upload_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The served app keeps pending uploads in the test's own folder (set before it starts)."""
    folder = tmp_path_factory.mktemp("uploads")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOUSEI_UPLOAD_DIR", str(folder))
        yield folder


def _accessible(page: Page, name: str) -> None:
    screenshot(page, name)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def _upload(page: Page, base: str, path: Path) -> None:
    page.goto(f"{base}/actuals/upload")
    page.get_by_label("実績値のファイル（CSV または Excel）").set_input_files(str(path))
    page.get_by_role("button", name="読み込んで差分を確認する").click()
    page.wait_for_load_state()


def test_an_editor_uploads_fixes_and_applies_and_an_admin_approves(
    page: Page, live_server: str, tmp_path: Path
) -> None:
    sign_in(page, live_server, "editor")
    bad = tmp_path / "実績値.csv"
    bad.write_text(HEADER + VISITORS + SPENDING.format(value="abc"), encoding="utf-8")
    _upload(page, live_server, bad)
    expect(page.get_by_role("alert")).to_contain_text("何も書き込んでいません")
    errors = page.get_by_role("table", name=re.compile("誤りの一覧"))
    expect(errors.get_by_role("row")).to_have_count(2)  # the header and the one bad row
    expect(errors).to_contain_text("3 行目")
    expect(errors).to_contain_text("数値として読めません")
    _accessible(page, "actuals-upload-errors")

    page.goto(f"{live_server}/actuals/review")  # nothing was written: nothing of the editor's
    expect(page.get_by_text("審査待ちの入力はありません。")).to_be_visible()

    fixed = tmp_path / "実績値-修正.csv"
    fixed.write_text(HEADER + VISITORS + SPENDING.format(value="9兆8000億"), encoding="utf-8")
    _upload(page, live_server, fixed)
    expect(page.get_by_role("heading", level=1)).to_have_text("取込の確認")
    added = page.get_by_role("table", name="新しく追加する行")
    expect(added).to_contain_text("40,120,000 人")
    expect(added).to_contain_text("9,800,000,000,000 円")
    _accessible(page, "actuals-upload-diff")
    page.get_by_role("button", name="2 件を書き込む").click()
    expect(page.get_by_role("status")).to_contain_text("2 件を書き込みました（審査待ち）")

    sign_in(page, live_server, "admin")
    page.goto(f"{live_server}/actuals/review")
    waiting = page.get_by_role("table", name=re.compile("審査待ちの実績値"))
    expect(waiting.get_by_role("row")).to_have_count(3)
    expect(waiting).to_contain_text("40,120,000 人")
    _accessible(page, "actuals-review-queue")
    for box in waiting.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="選択したものをまとめて承認").click()
    expect(page.get_by_role("status")).to_contain_text("実績値 2 件を承認しました")
    expect(page.get_by_text("審査待ちの実績値はありません。")).to_be_visible()
    recent = page.get_by_role("table", name=re.compile("最近の承認と差戻し"))
    visitors = recent.get_by_role("row").filter(has_text="訪日外国人旅行者数")
    expect(visitors).to_contain_text("40,120,000 人")
    expect(visitors).to_contain_text("承認")
    expect(visitors).to_contain_text("admin")
    _the_kpi_page_and_the_overview_follow(page, live_server)


def _the_kpi_page_and_the_overview_follow(page: Page, base: str) -> None:
    """The approved 2026 figure is on the KPI page, judged against the path (behind: 4,012万人
    is below the straight path's 2026 value), and the overview of 2026 says so too."""
    page.goto(f"{base}/kpis/national/A-KPI%E2%91%A3-1?year=2026")
    history = page.get_by_role("table", name=re.compile("入力されたすべての実績値"))
    expect(history.get_by_role("row").filter(has_text="40,120,000 人")).to_contain_text("承認済み")
    explanation = page.get_by_text(re.compile("2026年の実績 4,012万人は"))
    expect(explanation).to_contain_text("遅れ")
    page.goto(f"{base}/?year=2026")
    headline = page.get_by_role("row").filter(has_text="訪日外国人旅行者数")
    expect(headline).to_contain_text("4,012万人")
    expect(headline).to_contain_text("遅れ")


def _post_entry(page: Page, base: str, fields: dict[str, str]) -> None:
    """Send the KPI page's entry form (its page is another part of the app) from a page of ours."""
    page.goto(f"{base}/actuals/upload")
    page.evaluate(
        """([action, fields]) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = action;
            const token = document.querySelector("input[name=csrf_token]").value;
            for (const [name, value] of Object.entries({...fields, csrf_token: token})) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.append(input);
            }
            document.body.append(form);
            form.submit();
        }""",
        ["/kpis/national/A-KPI%E2%91%A3-1/actuals", fields],
    )
    page.wait_for_url(re.compile("/actuals$"))


def test_the_entry_errors_and_the_snapshot_pages_are_accessible(
    page: Page, live_server: str
) -> None:
    sign_in(page, live_server, "admin")
    _post_entry(page, live_server, {"year": "2031", "value": "abc"})
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("まだ何も登録していません")
    expect(summary.get_by_role("link", name="値")).to_be_visible()
    expect(page.get_by_label("値（必須）")).to_have_value("abc")
    _accessible(page, "actuals-entry-errors")
    page.get_by_label("値（必須）").fill("4,100万")
    page.get_by_label("年（必須）", exact=True).fill("2026")
    page.get_by_role("button", name="実績値を登録して審査に回す").click()
    page.wait_for_load_state()  # the KPI page (its own part); the figure waits for review
    page.goto(f"{live_server}/actuals/review")
    expect(page.get_by_role("table", name=re.compile("審査待ちの実績値"))).to_contain_text(
        "41,000,000 人"
    )

    page.goto(f"{live_server}/snapshots")
    for year in ("2025年（度）", "2026年（度）"):
        page.get_by_label("評価する年（度）").select_option(label=year)
        page.get_by_role("button", name="この年の評価を確定版として保存").click()
        expect(page.get_by_role("status")).to_contain_text("として保存しました")
    _accessible(page, "snapshots")
    page.get_by_role("button", name="比べる").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("確定版の比較")
    _accessible(page, "snapshots-compare")
