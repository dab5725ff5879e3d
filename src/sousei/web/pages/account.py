"""サインイン・利用者管理 — sign in and out, users, roles, API tokens, the public-read switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from sousei.store import accounts

from ..deps import Csrf, Db
from ..i18n import gettext as _
from ..templating import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a scheme): no open redirect."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "pages/login.html", {"title": _("サインイン"), "next": _safe_next(next)})


@router.post("/login", dependencies=[Csrf])
def login(
    request: Request,
    session: Db,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    account = accounts.authenticate(session, username=username.strip(), password=password)
    if account is None:
        context = {
            "title": _("サインイン"),
            "next": _safe_next(next),
            "username": username,
            "error": _("利用者名またはパスワードが違います。"),
        }
        return render(request, "pages/login.html", context, status_code=401)
    request.session.clear()  # a new session on sign-in: no fixation of an earlier one
    request.session["user_id"] = account.id
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)
