"""The web app: FastAPI with server-rendered pages (`pages/`) and the JSON API (`api/`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from sousei.store import accounts
from sousei.store.db import engine_for, is_current, transaction
from sousei.store.errors import NotFoundError, StoreError

from . import i18n
from .api import v1
from .deps import SignInRequiredError
from .i18n import N_
from .pages import ROUTERS
from .settings import Settings
from .templating import render

STATIC = Path(__file__).parent / "static"
LOCALE_COOKIE = "lang"


class NotInitialisedError(RuntimeError):
    pass


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = engine_for(settings.database_url)
    if not is_current(engine):
        raise NotInitialisedError(
            "データベースが初期化されていません。`sousei init` を実行してください。"
        )
    with transaction(engine) as session:
        secret = accounts.session_secret(session)

    app = FastAPI(
        title="sousei API",
        version="1",
        description=(
            "地方創生に関する総合戦略の KPI・実績値・評価"
            "（読み取りは公開、書き込みは API トークン）"
        ),
        docs_url="/api/v1/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    app.state.engine = engine
    app.state.settings = settings
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie="sousei_session",
        max_age=settings.session_hours * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.middleware("http")(_locale)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router, include_in_schema=False)  # pages are not the API
    app.include_router(v1.router)
    _handle_errors(app)
    return app


async def _locale(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Pick the language (?lang=, else the cookie, else Japanese) and remember a choice."""
    asked = request.query_params.get("lang")
    locale = i18n.pick_locale(asked, request.cookies.get(LOCALE_COOKIE))
    token = i18n.current_locale.set(locale)
    try:
        response = await call_next(request)
    finally:
        i18n.current_locale.reset(token)
    if asked in i18n.LOCALES:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 86400, samesite="lax")
    response.headers.setdefault("Content-Language", locale)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(SignInRequiredError)
    async def sign_in(request: Request, _error: SignInRequiredError) -> Response:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        return _error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: NotFoundError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return _error_page(request, 404, str(error))

    @app.exception_handler(StoreError)
    async def refused(request: Request, error: StoreError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=422)
        return _error_page(request, 422, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, status_code=422)
        return _error_page(request, 422, i18n.gettext("入力の形式が正しくありません。"))


_TITLES = {
    401: N_("サインインが必要です"),
    403: N_("権限がありません"),
    404: N_("ページが見つかりません"),
    422: N_("入力を確認してください"),
}
_OTHER_TITLE = N_("エラーが発生しました")


def _error_page(request: Request, status: int, message: str) -> Response:
    title = i18n.gettext(_TITLES.get(status, _OTHER_TITLE))
    context = {"title": title, "message": message, "status": status}
    return render(request, "pages/error.html", context, status_code=status)
