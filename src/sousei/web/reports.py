"""年次フォローアップ — the follow-up report of a year as the pages and the CLI render it: the data
from `report.followup`, a chart for each KPI with figures, and the HTML (a page of the site, or
one self-contained file)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from sousei.report.chart import chart_of
from sousei.report.followup import FollowUp, KpiLine, NodeLine, collect
from sousei.report.followup_pdf import followup_pdf

from . import evaluations, i18n
from .i18n import gettext as _
from .svg.kpi_trend import trend_description, trend_svg
from .templating import fiscal_year, templates

STATIC = Path(__file__).parent / "static" / "css"
NATIONAL = evaluations.NATIONAL


def report_years(session: Session, *, key: str = NATIONAL) -> tuple[int, ...]:
    """The years a report can be made for: those with figures, newest first."""
    return tuple(reversed(evaluations.figure_years(session, key=key)))


def follow_up_for(session: Session, *, year: int, key: str = NATIONAL) -> FollowUp:
    """The year's report, from the cached evaluation the other pages show."""
    view = evaluations.strategy_view(session, key=key, year=year)
    return collect(session, evaluation=view.evaluation)


_pdfs: OrderedDict[tuple[str, str, int, int, date], bytes] = OrderedDict()
_pdf_lock = threading.Lock()
_PDFS_KEPT = 8


def pdf_for(session: Session, *, year: int, key: str = NATIONAL) -> bytes:
    """The year's report as PDF, kept while the data (and the date it is made on) stay the same:
    making one takes a second or more of CPU, and many readers download the same one."""
    cache_key = (
        str(session.get_bind().engine.url),
        key,
        year,
        evaluations.data_version(session),
        date.today(),
    )
    with _pdf_lock:
        found = _pdfs.get(cache_key)
    if found is not None:
        return found
    made = followup_pdf(follow_up_for(session, year=year, key=key))
    with _pdf_lock:
        _pdfs[cache_key] = made
        while len(_pdfs) > _PDFS_KEPT:
            _pdfs.popitem(last=False)
    return made


@dataclass(frozen=True)
class Drawn:
    """A KPI's chart as inline SVG, with the id that links it to its table."""

    svg: Markup
    ident: str


def charts(report: FollowUp) -> dict[str, Drawn]:
    drawn: dict[str, Drawn] = {}
    for index, line in enumerate(report.kpis):
        chart = chart_of(line)
        if chart is None:
            continue
        ident = f"chart-{index + 1}"
        title = _("%(indicator)s の推移") % {"indicator": line.indicator}
        svg = trend_svg(chart, ident=ident, title=title, description=trend_description(chart))
        drawn[line.kpi_id] = Drawn(svg, ident)
    return drawn


def title_of(report: FollowUp) -> str:
    return _("年次フォローアップ報告 %(year)s") % {"year": report_year_label(report.year)}


def report_year_label(year: int) -> str:
    """The report's year: KPIs count in calendar years or fiscal years, so both are meant."""
    return _("%(year)s年（度）") % {"year": year}


def context(report: FollowUp, *, standalone: bool) -> dict[str, Any]:
    return {
        "report": report,
        "charts": charts(report),
        "standalone": standalone,
        "report_title": title_of(report),
        "year_of": fiscal_year,
        "owner_kind": owner_kind,
        "node_kind": node_kind,
    }


def node_kind(node: NodeLine) -> str:
    """全体 / インパクト 1 / アウトカム A / 国の役割など: the first column of the roll-up table."""
    if node.kind == "impact":
        return _("インパクト %(id)s") % {"id": node.id}
    if node.kind == "outcome":
        return _("アウトカム %(id)s") % {"id": node.id}
    if node.kind == "group":
        return _("国の役割など")
    return _("全体")


def owner_kind(line: KpiLine) -> str:
    """インパクト 1 / アウトカム A / 領域 a: where a KPI sits in the logic model."""
    if line.level == "impact":
        return _("インパクト %(id)s") % {"id": line.owner}
    if line.level == "outcome":
        return _("アウトカム %(id)s") % {"id": line.owner}
    return _("領域 %(id)s") % {"id": line.owner}


def standalone_html(report: FollowUp) -> str:
    """The report as one HTML file with its styles inlined (no server needed to read it)."""
    styles = "\n".join(
        (STATIC / name).read_text("utf-8") for name in ("tokens.css", "app.css", "reports.css")
    )
    page = templates.env.get_template("reports/standalone.html")
    values = context(report, standalone=True)
    values.update(styles=Markup(styles), title=title_of(report), locale=i18n.current_locale.get())
    return page.render(values)
