"""What the API's routers share: paging parameters and the documented error responses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query

from .schemas import ErrorOut

Limit = Annotated[int, Query(ge=1, le=1000, description="1 ページの件数（最大 1000）")]
Offset = Annotated[int, Query(ge=0, description="先頭から飛ばす件数")]
Year = Annotated[int, Path(ge=1900, le=2200, description="評価する年（度）", examples=[2025])]

_ERRORS: dict[int, str] = {
    401: "サインインが必要（公開読み取りがオフ）、トークンがない、または無効",
    403: "権限がない（閲覧者のトークン、入力担当が担当外の KPI に書き込むなど）",
    404: "見つからない",
    409: "記録の状態と合わない（確定済みの年度、審査の順序）",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error responses a route can give (422 FastAPI adds itself)."""
    return {code: {"model": ErrorOut, "description": _ERRORS[code]} for code in codes}


READ = errors(401, 404)
