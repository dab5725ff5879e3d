"""状況一覧 — every KPI in a sortable, filterable table with exports, and the due list."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from sousei.report import formats

from .. import boardview, dueview, kpiview, labels
from ..boardview import BoardData, BoardQuery, Order, SortKey
from ..deps import Db, Reader
from ..evaluations import NATIONAL, strategy_view
from ..i18n import gettext as _
from ..templating import render

router = APIRouter()

Year = Annotated[int | None, Query(ge=1900, le=2200, description="評価する年（年度）")]
Text = Annotated[str | None, Query(max_length=200)]


def _given(value: str | None) -> str | None:
    """A select left at 「すべて」 sends an empty string: no filter."""
    return value.strip() or None if value is not None else None


def board_query(
    strategy: Annotated[str, Query(max_length=64)] = NATIONAL,
    year: Year = None,
    impact: Text = None,
    outcome: Text = None,
    area: Text = None,
    organisation: Text = None,
    status: Text = None,
    has_data: Literal["", "yes", "no"] = "",
    sort: SortKey | Literal[""] = "",
    order: Order = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> BoardQuery:
    return BoardQuery(
        strategy=strategy,
        year=year,
        impact=_given(impact),
        outcome=_given(outcome),
        area=_given(area),
        organisation=_given(organisation),
        status=_given(status),
        has_data=None if not has_data else has_data == "yes",
        sort=sort or None,
        order=order,
        page=page,
    )


Board = Annotated[BoardQuery, Depends(board_query)]


def _data(session: Db, query: BoardQuery) -> BoardData:
    view = strategy_view(session, key=query.strategy, year=query.year)
    return boardview.board_data(session, view)


def _export_name(data: BoardData, suffix: str) -> str:
    return f"board-{data.key}-{data.year}.{suffix}"


@router.get("/board")
def board(request: Request, session: Db, _reader: Reader, query: Board) -> Response:
    data = _data(session, query)
    rows = boardview.select_rows(data, query)
    paged = boardview.paginate(rows, query.page, boardview.PAGE_SIZE)

    def link(path: str = "/board", **changes: object) -> str:
        params = query.params(**changes)
        return path + ("?" + urlencode(params) if params else "")

    def sort_link(column: str) -> str:
        ascending = query.sort == column and query.order == "asc"
        return link(sort=column, order="desc" if ascending else "asc", page=None)

    context = {
        "title": _("KPI 一覧"),
        "data": data,
        "query": query,
        "paged": paged,
        "counts": boardview.status_counts(data, query),
        "link": link,
        "sort_link": sort_link,
        "level_label": kpiview.level_label,
        "no_organisation": labels.NO_ORGANISATION,
        "breadcrumbs": [("/", _("概要")), ("", _("KPI 一覧"))],
    }
    return render(request, "pages/board.html", context)


@router.get("/board.csv")
def board_csv(session: Db, _reader: Reader, query: Board) -> Response:
    data = _data(session, query)
    table = boardview.board_table(boardview.select_rows(data, query), data.year)
    return kpiview.download(formats.table_csv(table).data, _export_name(data, "csv"), kpiview.CSV)


@router.get("/board.xlsx")
def board_xlsx(session: Db, _reader: Reader, query: Board) -> Response:
    data = _data(session, query)
    table = boardview.board_table(boardview.select_rows(data, query), data.year)
    return kpiview.download(formats.tables_xlsx([table]), _export_name(data, "xlsx"), kpiview.XLSX)


@router.get("/due")
def due(
    request: Request,
    session: Db,
    user: Reader,
    strategy: Annotated[str, Query(max_length=64)] = NATIONAL,
    year: Year = None,
    organisation: Text = None,
) -> Response:
    """One organisation's KPIs by state; without one (and no signed-in organisation) the counts
    of every organisation. An empty choice asks for that overview explicitly."""
    view = strategy_view(session, key=strategy, year=year)
    if organisation is None and user is not None:
        organisation = user.organisation
    chosen = _given(organisation)
    found = dueview.due_page(session, view, organisation=chosen)
    context = {
        "title": _("提出状況"),
        "view": view,
        "strategy": strategy,
        "years": kpiview.year_choices(view),
        "organisations": found.organisations,
        "organisation": chosen,
        "due": found.due,
        "summary": found.summary,
        "states": dueview.DUE_STATES,
        "action_states": dueview.ACTION_STATES,
        "state_label": dueview.state_label,
        "state_hint": dueview.state_hint,
        "review_label": kpiview.review_label,
        "national": NATIONAL,
        "breadcrumbs": [("/", _("概要")), ("", _("提出状況"))],
    }
    return render(request, "pages/due.html", context)
