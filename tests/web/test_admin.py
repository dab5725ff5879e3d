"""The admin pages: users and roles, KPI assignments, API tokens, public reading, the audit
trail — admins only, every form with its CSRF token, every write audited with the admin."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sousei.store import accounts, audit
from sousei.store.db import transaction
from sousei.web.admin import NewUser, assignment_after, audit_lines

from .conftest import EDITOR_ORGANISATION, PASSWORD, csrf, sign_in

PAGES = ["/admin/users", "/admin/users/editor", "/admin/users/editor/tokens", "/admin/settings"]
PAGES += ["/admin/audit"]
NEW_PASSWORD = "a new password 123"
VISITORS = "national/A-KPI④-1"
FIGURE = {"period": {"end": 2025}, "value": "42700000"}


def as_admin(client: TestClient) -> str:
    """Sign in as the admin; the CSRF token of the session."""
    sign_in(client, "admin")
    return csrf(client, "/admin/users")


def audited(engine: Engine, action: str) -> list[tuple[str, str]]:
    with transaction(engine) as session:
        return [(row.actor, row.entity_id) for row in audit.entries(session, action=action)]


def test_anonymous_visitors_are_sent_to_sign_in(client: TestClient) -> None:
    for path in PAGES:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/login?next={path}"


@pytest.mark.parametrize("username", ["viewer", "editor"])
def test_viewers_and_editors_are_refused(client: TestClient, username: str) -> None:
    sign_in(client, username)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "管理者の権限" in response.text
    token = csrf(client, "/")
    posted = client.post("/admin/settings", data={"public_read": "off", "csrf_token": token})
    assert posted.status_code == 403
    created = client.post(
        "/admin/users",
        data={"username": "x", "role": "admin", "password": PASSWORD, "csrf_token": token},
    )
    assert created.status_code == 403


def test_a_form_without_its_csrf_token_is_refused(client: TestClient, engine: Engine) -> None:
    as_admin(client)
    response = client.post("/admin/settings", data={"public_read": "off"})
    assert response.status_code == 403
    with transaction(engine) as session:
        assert accounts.public_read(session)


def test_the_users_page_lists_every_user(client: TestClient) -> None:
    as_admin(client)
    page = client.get("/admin/users").text
    assert "<caption>利用者（3 人）</caption>" in page
    for username in ("admin", "editor", "viewer"):
        assert f'<a href="/admin/users/{username}">{username}</a>' in page
    assert EDITOR_ORGANISATION in page
    assert '<label for="password">初期パスワード</label>' in page


def test_an_admin_creates_a_user_who_can_then_sign_in(client: TestClient, engine: Engine) -> None:
    token = as_admin(client)
    response = client.post(
        "/admin/users",
        data={
            "username": "kanko.tanto",
            "display_name": "観光庁 担当",
            "role": "editor",
            "organisation": EDITOR_ORGANISATION,
            "password": NEW_PASSWORD,
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert "利用者「kanko.tanto」を作成しました。" in response.text
    assert audited(engine, "user.create") == [("admin", "kanko.tanto")] + [
        ("test", name) for name in ("viewer", "editor", "admin")
    ]
    client.post(
        "/login",
        data={"username": "kanko.tanto", "password": NEW_PASSWORD, "csrf_token": csrf(client)},
    )
    assert "観光庁 担当（入力担当）" in client.get("/").text


def test_a_user_with_bad_fields_is_not_created_and_each_field_says_why(
    client: TestClient, engine: Engine
) -> None:
    token = as_admin(client)
    response = client.post(
        "/admin/users",
        data={"username": "名前 空白", "role": "owner", "password": "short", "csrf_token": token},
    )
    assert response.status_code == 422
    page = response.text
    assert 'id="username-error"' in page
    assert 'id="role-error"' in page
    assert 'id="password-error"' in page
    assert (
        '<a href="#password">初期パスワード: パスワードは 10 文字以上にしてください。</a>' in page
    )
    assert 'aria-invalid="true" aria-describedby="username-error username-hint"' in page
    assert 'value="名前 空白"' in page  # what was typed is kept
    taken = client.post(
        "/admin/users",
        data={"username": "viewer", "role": "viewer", "password": PASSWORD, "csrf_token": token},
    )
    assert taken.status_code == 422
    assert "利用者「viewer」は既にあります" in taken.text
    with transaction(engine) as session:
        assert [u.username for u in accounts.users(session)] == ["admin", "editor", "viewer"]


def test_role_organisation_and_active_are_edited_and_audited(
    client: TestClient, engine: Engine
) -> None:
    token = as_admin(client)
    response = client.post(
        "/admin/users/viewer",
        data={"role": "editor", "organisation": "農林水産省", "csrf_token": token},
    )
    assert response.status_code == 200
    assert "役割・所管・状態を保存しました" in response.text
    with transaction(engine) as session:
        found = accounts.by_name(session, "viewer")
        assert (found.role, found.organisation, found.active) == ("editor", "農林水産省", False)
    assert audited(engine, "user.update") == [("admin", "viewer")]
    client.post("/logout", data={"csrf_token": csrf(client, "/")})
    refused = client.post(
        "/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": csrf(client)}
    )
    assert refused.status_code == 401  # deactivated


def test_the_last_active_admin_cannot_be_demoted(client: TestClient, engine: Engine) -> None:
    token = as_admin(client)
    response = client.post(
        "/admin/users/admin", data={"role": "viewer", "active": "on", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "有効な管理者がいなくなる" in response.text
    with transaction(engine) as session:
        assert accounts.by_name(session, "admin").role == "admin"
    assert audited(engine, "user.update") == []


def test_a_password_is_reset(client: TestClient, engine: Engine) -> None:
    token = as_admin(client)
    short = client.post("/admin/users/viewer/password", data={"password": "x", "csrf_token": token})
    assert short.status_code == 422
    assert "10 文字以上" in short.text
    done = client.post(
        "/admin/users/viewer/password", data={"password": NEW_PASSWORD, "csrf_token": token}
    )
    assert "パスワードを再設定しました" in done.text
    with transaction(engine) as session:
        assert accounts.authenticate(session, username="viewer", password=NEW_PASSWORD)
        assert accounts.authenticate(session, username="viewer", password=PASSWORD) is None
    [(actor, _), *_] = audited(engine, "user.update")
    assert actor == "admin"


def test_kpis_assigned_to_an_editor_become_writable(client: TestClient, engine: Engine) -> None:
    token = as_admin(client)
    page = client.get("/admin/users/editor").text
    assert "national/I1" in page
    assert "（所管が同じため入力できます）" in page
    response = client.post(
        "/admin/users/editor/kpis",
        data={
            "strategy": "national",
            "kpi_id": ["national/I1", "national/I2", "elsewhere/forged"],
            "csrf_token": token,
        },
    )
    assert "担当 KPI を保存しました（2 件）" in response.text
    with transaction(engine) as session:
        editor = accounts.by_name(session, "editor")
        assert accounts.assigned_kpis(session, user_id=editor.id) == {"national/I1", "national/I2"}
        assert accounts.may_write(session, account=editor, kpi_id="national/I1")
    assert audited(engine, "user.assign") == [("admin", "editor")]
    unknown = client.get("/admin/users/editor", params={"strategy": "nowhere"})
    assert "戦略「nowhere」は読み込まれていません" in unknown.text


def test_assignments_of_other_strategies_are_kept() -> None:
    current = {"a/1", "a/2", "b/1"}
    assert assignment_after(current, ["a/1", "a/2", "a/3"], ["a/3", "x/9"]) == ["a/3", "b/1"]


def test_new_user_fields_are_checked() -> None:
    good = NewUser("sato", "佐藤", "viewer", "", "long enough password")
    assert good.problems() == {}
    assert set(NewUser("", "", "", "", "").problems()) == {"username", "role", "password"}


def test_a_token_is_shown_once_works_and_stops_when_revoked(
    client: TestClient, engine: Engine
) -> None:
    token = as_admin(client)
    made = client.post(
        "/admin/users/editor/tokens", data={"name": "集計システム", "csrf_token": token}
    )
    assert made.headers["cache-control"] == "no-store"
    found = re.search(r'value="(sst_[^"]+)"', made.text)
    assert found is not None
    secret = found.group(1)
    listing = client.get("/admin/users/editor/tokens").text
    assert secret not in listing
    assert "集計システム" in listing
    headers = {"Authorization": f"Bearer {secret}"}
    api = client.__class__(client.app)  # a client without the admin's cookie
    assert (
        api.post(f"/api/v1/kpis/{VISITORS}/observations", json=FIGURE, headers=headers).status_code
        == 201
    )
    with transaction(engine) as session:
        [row] = accounts.tokens(session, username="editor")
    revoked = client.post(f"/admin/users/editor/tokens/{row.id}/revoke", data={"csrf_token": token})
    assert f"API トークン {row.id} を失効させました。" in revoked.text
    assert "失効（" in revoked.text
    refused = api.post(f"/api/v1/kpis/{VISITORS}/observations", json=FIGURE, headers=headers)
    assert refused.status_code == 401
    assert audited(engine, "token.create") == [("admin", "editor")]
    assert audited(engine, "token.revoke") == [("admin", str(row.id))]
    other = client.post(f"/admin/users/viewer/tokens/{row.id}/revoke", data={"csrf_token": token})
    assert other.status_code == 404


def test_switching_public_reading_off_closes_pages_and_api(
    client: TestClient, engine: Engine
) -> None:
    token = as_admin(client)
    assert (
        'id="public-read-on" name="public_read" value="on" checked'
        in client.get("/admin/settings").text
    )
    done = client.post("/admin/settings", data={"public_read": "off", "csrf_token": token})
    assert "閲覧にはサインインが必要になりました" in done.text
    assert 'value="off" checked' in done.text
    anonymous = client.__class__(client.app)
    home = anonymous.get("/", follow_redirects=False)
    assert home.status_code == 303
    assert home.headers["location"].startswith("/login")
    assert anonymous.get("/api/v1/strategies").status_code == 401
    assert client.get("/").status_code == 200  # the admin is signed in
    client.post("/admin/settings", data={"public_read": "on", "csrf_token": token})
    assert anonymous.get("/api/v1/strategies").status_code == 200
    assert audited(engine, "setting.set")[:2] == [("admin", "public_read")] * 2
    invalid = client.post("/admin/settings", data={"public_read": "maybe", "csrf_token": token})
    assert invalid.status_code == 422


def test_the_audit_page_lists_and_filters_recent_rows(client: TestClient) -> None:
    token = as_admin(client)
    client.post("/admin/settings", data={"public_read": "off", "csrf_token": token})
    page = client.get("/admin/audit").text
    assert "setting.set" in page
    assert "user.create" in page
    assert "&#34;value&#34;: &#34;off&#34;" in page  # the row's after, escaped
    by_admin = client.get("/admin/audit", params={"actor": "admin"}).text
    assert "setting.set" in by_admin
    assert "user.create" not in by_admin
    users_only = client.get("/admin/audit", params={"action": "user"}).text
    assert "user.create" in users_only
    assert "setting.set" not in users_only
    future = client.get("/admin/audit", params={"since": "2999-01-01"}).text
    assert "条件に合う監査記録はありません" in future
    assert client.get("/admin/audit", params={"since": "someday"}).status_code == 422


def test_the_audit_since_filter_is_a_day_in_japan(engine: Engine) -> None:
    with transaction(engine) as session:
        row = audit.record(session, actor="night", action="setting.set", entity="x", entity_id="y")
        session.flush()
        row.at = datetime(2025, 6, 30, 20, 0, tzinfo=UTC)  # 2025-07-01 05:00 in Japan
    with transaction(engine) as session:

        def actors(day: date) -> set[str]:
            lines = audit_lines(
                session, actor="night", action=None, entity_id=None, since=day, limit=50
            )
            return {line.actor for line in lines}

        assert actors(date(2025, 7, 1)) == {"night"}
        assert actors(date(2025, 7, 2)) == set()
        [line] = audit_lines(
            session, actor="night", action=None, entity_id=None, since=None, limit=50
        )
        assert line.at == "2025-07-01 05:00:00"
