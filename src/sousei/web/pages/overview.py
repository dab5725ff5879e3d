"""概要 — the overview: the logic model drawn from the data, the year, the headline KPIs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..deps import Db, Reader
from ..evaluations import strategy_view
from ..i18n import gettext as _
from ..templating import render

router = APIRouter()


@router.get("/")
def overview(request: Request, session: Db, _reader: Reader, year: int | None = None) -> Response:
    view = strategy_view(session, year=year)
    return render(request, "pages/overview.html", {"title": _("概要"), "view": view})
