"""The browser reaches the app, signs in, and axe finds nothing on the sign-in page."""

from __future__ import annotations

from playwright.sync_api import Page

from .conftest import axe_violations, describe, sign_in


def test_sign_in_page_is_accessible_and_signing_in_shows_the_user(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/login")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    sign_in(page, live_server, "admin")
    assert page.get_by_text("admin（管理者）").is_visible()
