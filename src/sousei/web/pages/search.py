"""検索 — full-text search over 施策, 主な事業, KPIs and 第6節."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sousei.store.search import KINDS

from ..deps import Db, Reader
from ..i18n import gettext as _
from ..search import MAX_QUERY, PER_PAGE, kind_label, search_page
from ..templating import render

router = APIRouter()

KindParameter = Literal["", "measure", "project", "kpi", "other"]


@router.get("/search")
def search(
    request: Request,
    session: Db,
    _reader: Reader,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    kind: KindParameter = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    shown = search_page(session, query=q, kind=kind or None, page=page) if q.strip() else None
    context = {
        "title": _("検索"),
        "q": q,
        "kind": kind,
        "kinds": [(k, kind_label(k)) for k in KINDS],
        "result": shown,
        "max_query": MAX_QUERY,
        "per_page": PER_PAGE,
    }
    return render(request, "pages/search.html", context)
