"""What the routes depend on: the database session (one transaction per request, committed
before the response is sent), the signed-in user, roles and CSRF protection."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sousei.store import accounts
from sousei.store.db import transaction
from sousei.store.tables import UserRow

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SignInRequiredError(Exception):
    """A page needs a signed-in user: the handler redirects to the sign-in page."""


def engine(request: Request) -> Engine:
    found: Engine = request.app.state.engine
    return found


def _session(request: Request) -> Iterator[Session]:
    with transaction(engine(request)) as session:
        yield session


# scope="function": the transaction ends (commits) right after the route, before the response.
Db = Annotated[Session, Depends(_session, scope="function")]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user(request: Request, session: Db) -> UserRow | None:
    """The user of a bearer token (API) or of the session cookie (pages), else None."""
    token = _bearer(request)
    if token is not None:
        found = accounts.token_user(session, token)
        if found is None:
            raise HTTPException(401, "API トークンが無効です。", {"WWW-Authenticate": "Bearer"})
        request.state.via_token = True
    else:
        user_id = request.session.get("user_id")
        found = accounts.user(session, user_id) if isinstance(user_id, int) else None
        if found is None and user_id is not None:
            request.session.pop("user_id", None)
    if found is not None:
        # Detached with its columns loaded: a refused request rolls the transaction back, which
        # expires what the session holds, and the error page still shows who is signed in.
        session.expunge(found)
    request.state.user = found
    return found


User = Annotated[UserRow | None, Depends(current_user)]


def reader(request: Request, session: Db, user: User) -> UserRow | None:
    """Anyone may read while public reading is on; otherwise a signed-in user."""
    if user is None and not accounts.public_read(session):
        if request.url.path.startswith("/api/"):
            raise HTTPException(401, "サインインが必要です。", {"WWW-Authenticate": "Bearer"})
        raise SignInRequiredError
    return user


Reader = Annotated[UserRow | None, Depends(reader)]


def _signed_in(request: Request, user: User) -> UserRow:
    if user is None:
        if request.url.path.startswith("/api/"):
            raise HTTPException(401, "サインインが必要です。", {"WWW-Authenticate": "Bearer"})
        raise SignInRequiredError
    return user


SignedIn = Annotated[UserRow, Depends(_signed_in)]


def _writer(user: SignedIn) -> UserRow:
    if user.role not in ("admin", "editor"):
        raise HTTPException(403, "この操作の権限がありません（閲覧者は書き込めません）。")
    return user


def _admin(user: SignedIn) -> UserRow:
    if user.role != "admin":
        raise HTTPException(403, "この操作には管理者の権限が必要です。")
    return user


Writer = Annotated[UserRow, Depends(_writer)]
Admin = Annotated[UserRow, Depends(_admin)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it back."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Refuse a form post (or a cookie-authenticated API write) without the session's token.

    Bearer-token API calls carry no cookie, so they cannot be forged cross-site and need none."""
    if request.method in ("GET", "HEAD", "OPTIONS") or _bearer(request) is not None:
        return
    expected = request.session.get(CSRF_FIELD)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # Starlette keeps the parsed form for the route
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or sent is None or not secrets.compare_digest(expected, sent):
        raise HTTPException(403, "フォームの有効期限が切れました。ページを読み込み直してください。")


Csrf = Depends(verify_csrf)
