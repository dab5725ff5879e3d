"""年次フォローアップ — the yearly follow-up report as HTML, PDF and XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from sousei.report.followup import FollowUp
from sousei.report.followup_xlsx import followup_xlsx
from sousei.report.fonts import FontMissingError

from ..deps import Db, Reader
from ..i18n import gettext as _
from ..reports import (
    context,
    follow_up_for,
    pdf_for,
    report_year_label,
    report_years,
    title_of,
)
from ..templating import render

router = APIRouter()


@router.get("/reports")
def reports(
    request: Request,
    session: Db,
    _reader: Reader,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> Response:
    if year is not None:  # the year selector (a GET form) asks here
        return RedirectResponse(f"/reports/{year}", status_code=303)
    values = {
        "title": _("年次フォローアップ"),
        "years": report_years(session),
        "report_year": report_year_label,
    }
    return render(request, "pages/reports.html", values)


def _known_year(session: Session, year: int) -> None:
    if year not in report_years(session):
        message = _(
            "%(year)s の年次フォローアップはありません（実績値のある年（度）を選んでください）。"
        )
        raise HTTPException(404, message % {"year": report_year_label(year)})


def _report(session: Session, year: int) -> FollowUp:
    _known_year(session, year)
    return follow_up_for(session, year=year)


def _download(data: bytes, media_type: str, name: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/reports/{year:int}.pdf")
def report_pdf(session: Db, _reader: Reader, year: int) -> Response:
    _known_year(session, year)
    try:
        data = pdf_for(session, year=year)
    except FontMissingError as error:
        raise HTTPException(503, str(error)) from None
    return _download(data, "application/pdf", f"followup-{year}.pdf")


@router.get("/reports/{year:int}.xlsx")
def report_xlsx(session: Db, _reader: Reader, year: int) -> Response:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(followup_xlsx(_report(session, year)), xlsx, f"followup-{year}.xlsx")


@router.get("/reports/{year:int}")
def report_page(request: Request, session: Db, _reader: Reader, year: int) -> Response:
    report = _report(session, year)
    values = context(report, standalone=False)
    values["title"] = title_of(report)
    values["breadcrumbs"] = [("/reports", _("年次フォローアップ")), ("", title_of(report))]
    return render(request, "pages/report.html", values)
