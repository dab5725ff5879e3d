"""In the browser: an admin creates a viewer and a token for them, the viewer signs in and finds
nothing to write with, and both an admin form and the API refuse the viewer's writes. axe finds
no A/AA violation on any admin page (users, with and without errors; a user; tokens; audit;
settings)."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.web.conftest import PASSWORD

from .conftest import axe_violations, describe, screenshot, sign_in

VISITORS = "national/A-KPI④-1"


def _accessible(page: Page, name: str) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, name)


def _create_viewer(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/users")
    _accessible(page, "admin-users")
    page.get_by_role("button", name="利用者を追加").click()  # empty: every field says why
    expect(page.get_by_role("alert")).to_contain_text("入力を確認してください")
    _accessible(page, "admin-users-errors")
    page.get_by_label("利用者名").fill("reader1")
    page.get_by_label("表示名").fill("閲覧 太郎")
    page.get_by_label("役割").select_option("viewer")
    page.get_by_label("初期パスワード").fill(PASSWORD)
    page.get_by_role("button", name="利用者を追加").click()
    expect(page.get_by_role("status")).to_have_text("利用者「reader1」を作成しました。")
    expect(page.get_by_role("row", name="reader1")).to_contain_text("閲覧者")


def _token_for_viewer(page: Page, base: str) -> str:
    page.goto(f"{base}/admin/users/reader1/tokens")
    page.get_by_label("名前（用途）").fill("e2e")
    page.get_by_role("button", name="API トークンを作成").click()
    secret = page.get_by_label("新しい API トークン").input_value()
    assert secret.startswith("sst_")
    _accessible(page, "admin-tokens")
    return secret


def test_a_viewer_made_by_an_admin_can_read_but_never_write(page: Page, live_server: str) -> None:
    base = live_server
    sign_in(page, base, "admin")
    _create_viewer(page, base)
    secret = _token_for_viewer(page, base)
    page.goto(f"{base}/admin/users/reader1")
    _accessible(page, "admin-user")
    page.goto(f"{base}/admin/audit?actor=admin")
    expect(page.get_by_role("table")).to_contain_text("token.create")
    _accessible(page, "admin-audit")
    page.goto(f"{base}/admin/settings")
    expect(page.get_by_label("オン（だれでも閲覧できる）")).to_be_checked()
    _accessible(page, "admin-settings")
    page.get_by_role("button", name="サインアウト").click()

    sign_in(page, base, "reader1")
    expect(page.get_by_text("閲覧 太郎（閲覧者）")).to_be_visible()
    menu = page.get_by_role("navigation", name="メインメニュー")
    expect(menu.get_by_role("link", name="管理")).to_have_count(0)
    expect(menu.get_by_role("link", name="実績値の取込")).to_have_count(0)
    expect(menu.get_by_role("link", name="審査")).to_have_count(0)
    forms = page.locator("form[method='post']")
    expect(forms).to_have_count(1)  # signing out is the only thing to post
    expect(forms).to_have_attribute("action", "/logout")

    csrf = page.locator("input[name='csrf_token']").first.input_value()
    refused = page.request.post(
        f"{base}/admin/settings", form={"public_read": "off", "csrf_token": csrf}
    )
    assert refused.status == 403
    page.goto(f"{base}/admin/users")
    expect(page.get_by_role("heading", level=1)).to_have_text("権限がありません")

    figure = {"period": {"end": 2025}, "value": "42700000"}
    api = page.request.post(
        f"{base}/api/v1/kpis/{quote(VISITORS)}/observations",
        data=figure,
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status == 403
    assert "閲覧者" in api.json()["detail"]
    readable = page.request.get(
        f"{base}/api/v1/kpis/{quote(VISITORS)}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert readable.status == 200
