"""KPI のページ — target, baseline, reference data, chart, status and every observation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from sousei.report import formats
from sousei.store import accounts

from .. import kpiview
from ..deps import Db, Reader
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


@router.get("/kpis/{kpi_id:path}")
def kpi_page(
    request: Request, kpi_id: str, session: Db, user: Reader, year: Year = None
) -> Response:
    page = kpiview.load(session, kpi_id=kpi_id, year=year)
    may_write = user is not None and accounts.may_write(session, account=user, kpi_id=kpi_id)
    context = {
        "title": page.kpi.indicator,
        "page": page,
        "breadcrumbs": page.breadcrumbs(),
        "chart": kpi_chart.draw(page.chart),
        "chart_rows": kpi_chart.table_rows(page.chart),
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
