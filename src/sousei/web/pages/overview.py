"""概要 — the overview: the logic model drawn from the data, the year, the headline KPIs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import browsing
from ..deps import Db, Reader
from ..evaluations import strategy_view
from ..i18n import gettext as _
from ..templating import render
from .browse import Year, year_query

router = APIRouter()


@router.get("/")
def overview(request: Request, session: Db, _reader: Reader, year: Year = None) -> Response:
    view = strategy_view(session, year=year)
    year_text = _("%(year)s年・%(year)s年度") % {"year": view.year}
    page = browsing.overview_page(session, view, year_text=year_text)
    context = {
        "title": _("概要"),
        "view": view,
        "page": page,
        "year_text": year_text,
        "q": year_query(year),
    }
    return render(request, "pages/overview.html", context)
