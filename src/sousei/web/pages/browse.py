"""ロジックモデルの閲覧 — pages for each impact, outcome, area and 施策, with breadcrumbs.

Ids are the model's own: `/impacts/1`, `/outcomes/A`, `/areas/a`, `/areas/4(1)`,
`/groups/cross-cutting` (the areas of 4. 国の役割), `/measures/a/1/2` (a 施策's path).
Every page takes `?year=` like the overview, and its links keep it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sousei.model import OtherMeasure
from sousei.store.search import other_ref

from .. import browsing
from ..deps import Db, Reader
from ..evaluations import strategy_view
from ..i18n import gettext as _
from ..templating import render

router = APIRouter()

Year = Annotated[int | None, Query(ge=1900, le=2200, description="評価する年（年・年度）")]


def year_query(year: int | None) -> str:
    """The query string that keeps an explicitly chosen year on the page's links."""
    return f"?year={year}" if year is not None else ""


def _node_page(
    request: Request, session: Session, *, kind: str, node_id: str, year: int | None
) -> Response:
    view = strategy_view(session, year=year)
    query = year_query(year)
    page = browsing.node_page(session, view, kind=kind, node_id=node_id)
    context: dict[str, Any] = {
        "title": page.node.name,
        "view": view,
        "page": page,
        "q": query,
        "breadcrumbs": browsing.breadcrumbs(page.trail[:-1], query, page.node.name),
    }
    return render(request, "pages/node.html", context)


def _node_route(kind: str) -> Callable[..., Response]:
    def page(
        request: Request, session: Db, _reader: Reader, node_id: str, year: Year = None
    ) -> Response:
        return _node_page(request, session, kind=kind, node_id=node_id, year=year)

    return page


# One page per node of the logic model: /impacts/1, /outcomes/A, /areas/a, /groups/cross-cutting.
for _prefix, _kind in (
    ("impacts", "impact"),
    ("outcomes", "outcome"),
    ("areas", "area"),
    ("groups", "group"),
):
    router.add_api_route(f"/{_prefix}/{{node_id}}", _node_route(_kind), methods=["GET"])


@router.get("/measures/{path:path}")
def measure(
    request: Request, session: Db, _reader: Reader, path: str, year: Year = None
) -> Response:
    view = strategy_view(session, year=year)
    query = year_query(year)
    page = browsing.measure_page(session, view, path)
    context: dict[str, Any] = {
        "title": page.item.name,
        "view": view,
        "page": page,
        "q": query,
        "breadcrumbs": browsing.breadcrumbs(page.trail, query, page.item.name),
    }
    return render(request, "pages/measure.html", context)


@router.get("/other-measures")
def other_measures(request: Request, session: Db, _reader: Reader) -> Response:
    """第6節 — the other measures, by outcome; search results link to their anchors."""
    view = strategy_view(session)
    model = view.evaluation.model
    titles = {outcome.id: outcome.title for outcome in model.outcomes}
    groups: dict[str, list[OtherMeasure]] = {}
    for item in model.other_measures:
        groups.setdefault(item.outcome_id, []).append(item)
    context: dict[str, Any] = {
        "title": _("第6節 その他の施策"),
        "groups": [
            (outcome_id, titles.get(outcome_id, outcome_id), items)
            for outcome_id, items in groups.items()
        ],
        "anchor": other_ref,
        "breadcrumbs": [("/", _("概要")), ("/other-measures", _("第6節 その他の施策"))],
    }
    return render(request, "pages/other_measures.html", context)
