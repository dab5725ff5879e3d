"""Signing in and out: CSRF on every form, no open redirect, the session renewed."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import PASSWORD, csrf, sign_in


def test_sign_in_shows_the_user_and_sign_out_forgets_them(client: TestClient) -> None:
    sign_in(client, "editor")
    page = client.get("/").text
    assert "editor（入力担当）" in page
    client.post("/logout", data={"csrf_token": csrf(client, "/")})
    assert "サインイン" in client.get("/").text
    assert "editor（入力担当）" not in client.get("/").text


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: TestClient,
) -> None:
    response = client.post(
        "/login", data={"username": "admin", "password": "wrong", "csrf_token": csrf(client)}
    )
    assert response.status_code == 401
    assert "利用者名またはパスワードが違います" in response.text
    unknown = client.post(
        "/login", data={"username": "nobody", "password": "x", "csrf_token": csrf(client)}
    )
    assert unknown.status_code == 401
    assert "利用者名またはパスワードが違います" in unknown.text


def test_a_form_without_the_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403
    assert "有効期限" in response.text
    forged = client.post(
        "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert forged.status_code == 403


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": PASSWORD,
            "next": "//evil.example/",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_the_language_can_be_switched_and_is_remembered(client: TestClient) -> None:
    assert '<html lang="ja">' in client.get("/").text
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="en">' in client.get("/").text


def test_an_unknown_page_is_a_japanese_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text
