"""地方版総合戦略の比較 — the local strategies linked to a national outcome or KPI, side by side,
with shares per prefecture and region group and a map; and a local government's registry record.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from sousei.registry import load_registry

from .. import compare
from ..compare import Comparison, counts_as_on_track
from ..compare.model import TargetKind
from ..compare.params import Chosen, Year
from ..compare.shaping import population_labels
from ..compare.view import (
    category_label,
    government_categories,
    kind_label,
    kind_labels,
    map_svg,
    page_of,
    via_label,
)
from ..deps import Db, Reader
from ..i18n import gettext as _
from ..kpiview import kpi_href
from ..svg import japan_map
from ..templating import render

router = APIRouter()


def compare_href(kind: TargetKind, target_id: str) -> str:
    if kind == "outcome":
        return f"/compare/outcomes/{quote(target_id, safe='')}"
    return "/compare/kpis/" + quote(target_id, safe="/")


def government_href(code: str) -> str:
    return f"/compare/localgov/{code}"


@router.get("/compare")
def index(
    request: Request,
    session: Db,
    _reader: Reader,
    outcome: Annotated[str, Query(max_length=8)] = "",
    kpi: Annotated[str, Query(max_length=96)] = "",
) -> Response:
    """The choice of an outcome or a KPI; the form's answer is sent on to its page."""
    if outcome:
        return RedirectResponse(compare_href("outcome", outcome), status_code=303)
    if kpi:
        return RedirectResponse(compare_href("kpi", kpi), status_code=303)
    context = {
        "title": _("地方版総合戦略の比較"),
        "choices": compare.choices(session),
        "compare_href": compare_href,
        "breadcrumbs": [("/", _("概要")), ("", _("地方版総合戦略の比較"))],
    }
    return render(request, "pages/compare_index.html", context)


Page = Annotated[int, Query(ge=1, le=100_000, description="表のページ（50 団体ずつ）")]


def _page(request: Request, found: Comparison, path: str, page: int) -> Response:
    target = found.target
    heading = f"{target.id}. {target.title}" if target.kind == "outcome" else target.title

    def link(**changes: object) -> str:
        params = {
            "year": found.year,
            "prefecture": found.filters.prefecture,
            "kind": found.filters.kind,
            "population": found.filters.population,
            "page": None,
        } | changes
        given = {key: value for key, value in params.items() if value}
        return path + ("?" + urlencode(given) if given else "")

    context = {
        "title": heading,
        "heading": heading,
        "found": found,
        "paged": page_of(found, page),
        "target": target,
        "national_href": kpi_href(target.id) if target.kind == "kpi" else f"/outcomes/{target.id}",
        "path": path,
        "link": link,
        "map": map_svg(found),
        "categories": government_categories(),
        "swatch": japan_map.swatch,
        "category_label": category_label,
        "prefectures": load_registry().prefectures,
        "kinds": kind_labels(),
        "kind_label": kind_label,
        "population_labels": population_labels(),
        "via_label": via_label,
        "rule_counts": counts_as_on_track,
        "kpi_href": kpi_href,
        "government_href": government_href,
        "breadcrumbs": [
            ("/", _("概要")),
            ("/compare", _("地方版総合戦略の比較")),
            ("", heading),
        ],
    }
    return render(request, "pages/compare.html", context)


@router.get("/compare/outcomes/{letter}")
def outcome_page(
    request: Request,
    letter: str,
    session: Db,
    _reader: Reader,
    chosen: Chosen,
    year: Year = None,
    page: Page = 1,
) -> Response:
    found = compare.compare(session, kind="outcome", target_id=letter, year=year, filters=chosen)
    return _page(request, found, compare_href("outcome", letter), page)


@router.get("/compare/kpis/{kpi_id:path}")
def kpi_page(
    request: Request,
    kpi_id: str,
    session: Db,
    _reader: Reader,
    chosen: Chosen,
    year: Year = None,
    page: Page = 1,
) -> Response:
    found = compare.compare(session, kind="kpi", target_id=kpi_id, year=year, filters=chosen)
    return _page(request, found, compare_href("kpi", kpi_id), page)


@router.get("/compare/localgov/{code}")
def government(request: Request, code: str, session: Db, _reader: Reader) -> Response:
    found = compare.government_page(session, code)
    context = {
        "title": found.government.full_name,
        "found": found,
        "kind_label": kind_label,
        "compare_href": compare_href,
        "kpi_href": kpi_href,
        "breadcrumbs": [
            ("/", _("概要")),
            ("/compare", _("地方版総合戦略の比較")),
            ("", found.government.full_name),
        ],
    }
    return render(request, "pages/compare_localgov.html", context)
