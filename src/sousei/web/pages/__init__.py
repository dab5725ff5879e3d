"""Server-rendered pages, one module per screen family; each holds a thin `router`."""

from __future__ import annotations

from fastapi import APIRouter

from . import account, actuals, admin, board, browse, compare, kpis, overview, reports, search

ROUTERS: tuple[APIRouter, ...] = (
    overview.router,
    browse.router,
    kpis.router,
    board.router,
    compare.router,
    search.router,
    actuals.router,
    account.router,
    reports.router,
    admin.router,
)
