"""管理 — users and roles, API tokens, the public-read switch and the audit trail (admins only).

Every write goes through a store function that records the admin as the actor in the audit
trail; every form posts with the session's CSRF token. After a write the page redirects (so a
reload does not post again) and shows what was done once, from the session."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from sousei.store import accounts, kpis
from sousei.store.errors import NotFoundError, StoreError
from sousei.store.tables import UserRow

from .. import admin as rules
from ..deps import Admin, Csrf, Db
from ..i18n import gettext as _
from ..templating import render

router = APIRouter(prefix="/admin", include_in_schema=False)
NOTICE = "admin_notice"
DEFAULT_STRATEGY = "national"


def _done(request: Request, message: str, to: str) -> Response:
    request.session[NOTICE] = message
    return RedirectResponse(to, status_code=303)


def _page(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    context.setdefault("notice", request.session.pop(NOTICE, None))
    return render(request, f"pages/{name}.html", context, status_code=status_code)


def _crumbs(*more: tuple[str, str]) -> list[tuple[str, str]]:
    return [("/", _("概要")), ("/admin/users", _("管理")), *more]


# -- users ---------------------------------------------------------------------------------


def _users(
    request: Request,
    session: Session,
    *,
    form: rules.NewUser | None = None,
    problems: dict[str, str] | None = None,
) -> Response:
    context = {
        "title": _("利用者"),
        "breadcrumbs": _crumbs(("/admin/users", _("利用者"))),
        "users": accounts.users(session),
        "roles": accounts.ROLES,
        "organisations": rules.organisations(session),
        "form": form,
        "problems": problems or {},
    }
    return _page(request, "admin_users", context, status_code=422 if problems else 200)


@router.get("/users")
def users_page(request: Request, session: Db, _admin: Admin) -> Response:
    return _users(request, session)


@router.post("/users", dependencies=[Csrf])
def create_user(
    request: Request,
    session: Db,
    admin: Admin,
    username: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    form = rules.NewUser(
        username.strip(), display_name.strip(), role, organisation.strip(), password
    )
    problems = rules.create_user(session, form=form, actor=admin.username)
    if problems:
        return _users(request, session, form=form, problems=problems)
    message = _("利用者「%(name)s」を作成しました。") % {"name": form.username}
    return _done(request, message, "/admin/users")


def _user(
    request: Request,
    session: Session,
    account: UserRow,
    *,
    strategy: str = DEFAULT_STRATEGY,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    assigned = accounts.assigned_kpis(session, user_id=account.id)
    try:
        offered = kpis.catalogue(session, key=strategy)
        strategy_error = None
    except NotFoundError as missing:
        offered, strategy_error = [], str(missing)
    context = {
        "title": _("利用者「%(name)s」") % {"name": account.username},
        "breadcrumbs": _crumbs(
            ("/admin/users", _("利用者")), (f"/admin/users/{account.username}", account.username)
        ),
        "account": account,
        "roles": accounts.ROLES,
        "organisations": rules.organisations(session),
        "assigned": sorted(assigned),
        "strategy": strategy,
        "offered": offered,
        "strategy_error": strategy_error,
        "error": error,
    }
    return _page(request, "admin_user", context, status_code=status_code)


@router.get("/users/{username}")
def user_page(
    request: Request,
    session: Db,
    _admin: Admin,
    username: str,
    strategy: Annotated[str, Query(max_length=64)] = DEFAULT_STRATEGY,
) -> Response:
    account = accounts.by_name(session, username)
    return _user(request, session, account, strategy=strategy.strip() or DEFAULT_STRATEGY)


@router.post("/users/{username}", dependencies=[Csrf])
def update_user(
    request: Request,
    session: Db,
    admin: Admin,
    username: str,
    role: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
    active: Annotated[str | None, Form()] = None,
) -> Response:
    account = accounts.by_name(session, username)
    try:
        rules.update_user(
            session,
            username=username,
            role=role,
            organisation=organisation,
            active=active == "on",
            actor=admin.username,
        )
    except StoreError as error:
        return _user(request, session, account, error=str(error), status_code=422)
    message = _("利用者「%(name)s」の役割・所管・状態を保存しました。") % {"name": username}
    return _done(request, message, f"/admin/users/{username}")


@router.post("/users/{username}/password", dependencies=[Csrf])
def reset_password(
    request: Request,
    session: Db,
    admin: Admin,
    username: str,
    password: Annotated[str, Form()] = "",
) -> Response:
    account = accounts.by_name(session, username)
    if len(password) < accounts.MIN_PASSWORD:
        error = _("パスワードは %(n)s 文字以上にしてください。") % {"n": accounts.MIN_PASSWORD}
        return _user(request, session, account, error=error, status_code=422)
    accounts.update_user(session, username=username, actor=admin.username, password=password)
    message = _("利用者「%(name)s」のパスワードを再設定しました。") % {"name": username}
    return _done(request, message, f"/admin/users/{username}")


@router.post("/users/{username}/kpis", dependencies=[Csrf])
def assign_kpis(
    request: Request,
    session: Db,
    admin: Admin,
    username: str,
    strategy: Annotated[str, Form()] = DEFAULT_STRATEGY,
    kpi_id: Annotated[list[str] | None, Form()] = None,
) -> Response:
    account = accounts.by_name(session, username)
    offered = [entry.kpi_id for entry in kpis.catalogue(session, key=strategy)]
    current = accounts.assigned_kpis(session, user_id=account.id)
    after = rules.assignment_after(current, offered, kpi_id or [])
    accounts.assign_kpis(session, username=username, kpi_ids=after, actor=admin.username)
    message = _("利用者「%(name)s」の担当 KPI を保存しました（%(n)s 件）。") % {
        "name": username,
        "n": len(after),
    }
    query = urlencode({"strategy": strategy})
    return _done(request, message, f"/admin/users/{username}?{query}")


# -- API tokens ----------------------------------------------------------------------------


def _tokens(
    request: Request, session: Session, account: UserRow, *, new_token: str | None = None
) -> Response:
    context = {
        "title": _("API トークン（%(name)s）") % {"name": account.username},
        "breadcrumbs": _crumbs(
            ("/admin/users", _("利用者")),
            (f"/admin/users/{account.username}", account.username),
            (f"/admin/users/{account.username}/tokens", _("API トークン")),
        ),
        "account": account,
        "tokens": rules.token_lines(session, username=account.username),
        "new_token": new_token,
    }
    response = _page(request, "admin_tokens", context)
    if new_token:
        response.headers["Cache-Control"] = "no-store"  # the token is shown once, never cached
    return response


@router.get("/users/{username}/tokens")
def tokens_page(request: Request, session: Db, _admin: Admin, username: str) -> Response:
    return _tokens(request, session, accounts.by_name(session, username))


@router.post("/users/{username}/tokens", dependencies=[Csrf])
def create_token(
    request: Request,
    session: Db,
    admin: Admin,
    username: str,
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    account = accounts.by_name(session, username)
    label = name.strip() or _("API トークン")
    token = accounts.create_token(session, username=username, name=label, actor=admin.username)
    session.flush()
    return _tokens(request, session, account, new_token=token)


@router.post("/users/{username}/tokens/{token_id}/revoke", dependencies=[Csrf])
def revoke_token(
    request: Request, session: Db, admin: Admin, username: str, token_id: int
) -> Response:
    if token_id not in {line.id for line in rules.token_lines(session, username=username)}:
        raise NotFoundError(_("この利用者に API トークン %(id)s はありません。") % {"id": token_id})
    accounts.revoke_token(session, token_id=token_id, actor=admin.username)
    message = _("API トークン %(id)s を失効させました。") % {"id": token_id}
    return _done(request, message, f"/admin/users/{username}/tokens")


# -- settings and audit --------------------------------------------------------------------


@router.get("/settings")
def settings_page(request: Request, session: Db, _admin: Admin) -> Response:
    context = {
        "title": _("設定"),
        "breadcrumbs": _crumbs(("/admin/settings", _("設定"))),
        "public_read": accounts.public_read(session),
    }
    return _page(request, "admin_settings", context)


@router.post("/settings", dependencies=[Csrf])
def save_settings(
    request: Request,
    session: Db,
    admin: Admin,
    public_read: Annotated[str, Form(pattern="^(on|off)$")],
) -> Response:
    accounts.set_setting(session, key=accounts.PUBLIC_READ, value=public_read, actor=admin.username)
    message = (
        _("サインインしていない人も閲覧できるようにしました。")
        if public_read == "on"
        else _("閲覧にはサインインが必要になりました。")
    )
    return _done(request, message, "/admin/settings")


@router.get("/audit")
def audit_page(
    request: Request,
    session: Db,
    _admin: Admin,
    actor: Annotated[str, Query(max_length=128)] = "",
    action: Annotated[str, Query(max_length=32)] = "",
    entity_id: Annotated[str, Query(max_length=96)] = "",
    since: date | None = None,
    limit: int = rules.AUDIT_LIMITS[1],
) -> Response:
    lines = rules.audit_lines(
        session,
        actor=actor.strip(),
        action=action.strip(),
        entity_id=entity_id.strip(),
        since=since,
        limit=limit,
    )
    context = {
        "title": _("監査記録"),
        "breadcrumbs": _crumbs(("/admin/audit", _("監査記録"))),
        "lines": lines,
        "filters": {"actor": actor, "action": action, "entity_id": entity_id, "since": since},
        "limit": limit if limit in rules.AUDIT_LIMITS else rules.AUDIT_LIMITS[1],
        "limits": rules.AUDIT_LIMITS,
    }
    return _page(request, "admin_audit", context)
