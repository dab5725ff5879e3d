"""KPI のページ — target, baseline, reference data, chart, status and every observation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from sousei.report import formats
from sousei.store import accounts

from .. import kpiview
from ..deps import Db, Reader
from ..evaluations import versioned
from ..svg import kpi_chart
from ..templating import render

router = APIRouter()

Year = Annotated[int | None, Query(ge=1900, le=2200, description="評価する年（年度）")]


# The downloads come first: `{kpi_id:path}` would otherwise take ".../series.csv" as an id.
@router.get("/kpis/{kpi_id:path}/series.csv")
def series_csv(kpi_id: str, session: Db, _reader: Reader) -> Response:
    page = kpiview.load(session, kpi_id=kpi_id, year=None)
    data = formats.table_csv(kpiview.series_table(page)).data
    return kpiview.download(data, kpiview.series_name(kpi_id, "csv"), kpiview.CSV)


@router.get("/kpis/{kpi_id:path}/series.xlsx")
def series_xlsx(kpi_id: str, session: Db, _reader: Reader) -> Response:
    page = kpiview.load(session, kpi_id=kpi_id, year=None)
    data = formats.tables_xlsx([kpiview.series_table(page)])
    return kpiview.download(data, kpiview.series_name(kpi_id, "xlsx"), kpiview.XLSX)


def _drawn(
    session: Session, kpi_id: str, year: int | None
) -> tuple[kpiview.KpiPage, Markup, list[kpi_chart.TableRow]]:
    """The page's data with its chart drawn: both change only with the data."""
    page = kpiview.load(session, kpi_id=kpi_id, year=year)
    return page, kpi_chart.draw(page.chart), kpi_chart.table_rows(page.chart)


@router.get("/kpis/{kpi_id:path}")
def kpi_page(
    request: Request, kpi_id: str, session: Db, user: Reader, year: Year = None
) -> Response:
    page, chart, chart_rows = versioned(
        session, "kpi-page-drawn", (kpi_id, year), lambda: _drawn(session, kpi_id, year)
    )
    may_write = user is not None and accounts.may_write(session, account=user, kpi_id=kpi_id)
    context = {
        "title": page.kpi.indicator,
        "page": page,
        "breadcrumbs": page.breadcrumbs(),
        "chart": chart,
        "chart_rows": chart_rows,
        "kpi_href": kpiview.kpi_href(kpi_id),
        "kpi_id": kpi_id,
        "year": page.year,
        "may_write": may_write,
        "exact": kpiview.exact,
        "level_label": kpiview.level_label,
        "comparator_label": kpiview.comparator_label,
        "review_label": kpiview.review_label,
        "measure_href": kpiview.measure_href,
    }
    return render(request, "pages/kpi.html", context)
