"""Who may write through the API: a bearer token of an editor or an admin (reviews: admin).

Writes take a token only, never the session cookie: a token cannot be sent by another site's
form, so the API needs no CSRF token, and every write names the token's user in the audit."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sousei.store.tables import UserRow

from ..deps import User

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="API トークン（sst_…）。管理者が利用者ごとに発行します（/admin/users）。",
)


def _token_user(
    request: Request,
    user: User,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> UserRow:
    if user is None or not getattr(request.state, "via_token", False):
        raise HTTPException(
            401,
            "書き込みには API トークンが必要です（Authorization: Bearer sst_…）。",
            {"WWW-Authenticate": "Bearer"},
        )
    if user.role not in ("admin", "editor"):
        raise HTTPException(403, "この操作の権限がありません（閲覧者は書き込めません）。")
    return user


TokenWriter = Annotated[UserRow, Depends(_token_user)]


def _token_admin(user: TokenWriter) -> UserRow:
    if user.role != "admin":
        raise HTTPException(403, "この操作には管理者の権限が必要です。")
    return user


TokenAdmin = Annotated[UserRow, Depends(_token_admin)]
