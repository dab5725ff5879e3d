"""What the KPI page shows, gathered from the cached evaluation and a few indexed look-ups.

One KPI's page needs: its place in the logic model and its status for the year (both from
`strategy_view`, cached), its reference data (one row by key), every figure ever entered (one
indexed query), the year's 要因分析・今後の方向性, and the chart: approved figures in force,
the path from the baseline to the target, and the projection — always labelled an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult, Projection, expected_value, project
from sousei.evaluate.series import index_observations
from sousei.ja.numbers import tidy_decimal
from sousei.model import Kpi, Measure
from sousei.model.actuals import KpiReference, Observation
from sousei.report.tables import Cell, Table
from sousei.store import kpis, observations
from sousei.store.errors import NotFoundError
from sousei.store.supersession import counting
from sousei.store.tables import KpiReferenceRow, KpiRow, PdcaNoteRow, StrategyRow

from .evaluations import StrategyView, strategy_view, versioned
from .i18n import gettext as _
from .svg.kpi_chart import ChartData, Point, Projected

NUMERIC = (">=", ">", "<=", "<", "=", "multiple")
"""Comparators whose target is a value, so a path can be drawn to it."""


def kpi_href(kpi_id: str) -> str:
    return "/kpis/" + quote(kpi_id, safe="/")


def node_href(kind: str, node_id: str) -> str:
    folder = {"impact": "impacts", "outcome": "outcomes", "area": "areas"}[kind]
    return f"/{folder}/{quote(node_id, safe='')}"


def measure_href(path: str) -> str:
    return "/measures/" + quote(path, safe="/")


def level_label(level: str) -> str:
    labels = {"impact": _("インパクト"), "outcome": _("アウトカム"), "output": _("アウトプット")}
    return labels.get(level, level)


def comparator_label(comparator: str | None) -> str:
    labels = {
        ">=": _("以上"),
        ">": _("超"),
        "<=": _("以下"),
        "<": _("未満"),
        "=": _("目標値（方向は基準との比較による）"),
        "increase": _("増加"),
        "decrease": _("減少"),
        "improve": _("向上・改善"),
        "maintain": _("維持"),
        "relative": _("相対目標（比較対象との比較）"),
        "multiple": _("基準の倍数"),
    }
    return labels.get(comparator or "", _("読み取れません"))


def review_label(state: str) -> str:
    labels = {
        "draft": _("下書き"),
        "submitted": _("提出済み（審査待ち）"),
        "approved": _("承認済み"),
        "returned": _("差戻し"),
    }
    return labels.get(state, state)


def exact(value: Decimal | None) -> str:
    """A value in full with thousands separators: 42683600 → "42,683,600"."""
    if value is None:
        return "—"
    return f"{tidy_decimal(value):,}"


def node_label(kind: str, node_id: str, title: str) -> str:
    """「インパクト1 強い経済」「アウトカムA …」「a. 地域資源の活用促進」."""
    if kind == "impact":
        return _("インパクト%(id)s %(title)s") % {"id": node_id, "title": title}
    if kind == "outcome":
        return _("アウトカム%(id)s %(title)s") % {"id": node_id, "title": title}
    if node_id.isalpha():
        return f"{node_id}. {title}"
    return f"{node_id} {title}"


@dataclass(frozen=True)
class Place:
    """ロジックモデル上の位置 — one node the KPI counts in, with its page."""

    kind: str
    node_id: str
    title: str
    href: str | None
    label: str
    status_label: str
    colour: str


@dataclass(frozen=True)
class HistoryLine:
    """実績値の履歴 — a figure as entered, whether it is in force and what replaced it."""

    observation: Observation
    in_force: bool
    """The newest entry of its figure, in whatever review state."""
    public: bool
    """The figure the evaluation, the chart and the public read: the newest approved one."""
    superseded_by: int | None


@dataclass(frozen=True)
class KpiPage:
    """KPI のページ — everything the page shows of one KPI for one year."""

    key: str
    strategy_title: str
    view: StrategyView
    kpi: Kpi
    result: KpiResult
    reference: KpiReference
    places: tuple[Place, ...]
    measures: tuple[Measure, ...]
    history: tuple[HistoryLine, ...]
    notes: tuple[PdcaNoteRow, ...]
    chart: ChartData
    projection: Projection | None
    years: tuple[int, ...]
    unit: str | None

    @property
    def year(self) -> int:
        return self.view.year

    @property
    def basis(self) -> str:
        return self.kpi.target.year_basis or self.result.basis

    @property
    def in_force(self) -> list[Observation]:
        return [line.observation for line in self.history if line.in_force]

    def breadcrumbs(self) -> list[tuple[str, str]]:
        crumbs = [("/", _("概要"))]
        crumbs += [(p.href, p.label) for p in self.places if p.href is not None]
        crumbs.append(("", self.kpi.indicator))
        return crumbs


def load(session: Session, *, kpi_id: str, year: int | None) -> KpiPage:
    """The KPI page's data, or NotFoundError for a KPI the store (or its newest revision) lacks;
    built once per data version (the page is read far more often than figures change)."""
    return versioned(session, "kpi-page", (kpi_id, year), lambda: _load(session, kpi_id, year))


def _load(session: Session, kpi_id: str, year: int | None) -> KpiPage:
    row = session.get(KpiRow, kpi_id)
    strategy = None if row is None else session.get(StrategyRow, row.strategy_id)
    if strategy is None:
        raise NotFoundError(_("KPI「%(id)s」はありません。") % {"id": kpi_id})
    view = strategy_view(session, key=strategy.key, year=year)
    kpi = next((k for k in view.evaluation.model.kpis if k.id == kpi_id), None)
    if kpi is None:
        raise NotFoundError(_("KPI「%(id)s」は最新の改訂版にありません。") % {"id": kpi_id})
    result = view.by_kpi[kpi_id]
    reference = kpis.reference_of(session.get(KpiReferenceRow, kpi_id))
    history = _history(observations.history(session, kpi_id=kpi_id))
    approved = [line.observation for line in history if line.public]
    unit = _unit(kpi, approved)
    projection = _projection(kpi, reference, result, approved, unit)
    return KpiPage(
        key=strategy.key,
        strategy_title=strategy.title,
        view=view,
        kpi=kpi,
        result=result,
        reference=reference,
        places=_places(view, kpi_id),
        measures=_measures(view, kpi),
        history=history,
        notes=_notes(session, strategy_id=strategy.id, year=view.year, kpi_id=kpi_id),
        chart=_chart(view, kpi, reference, result, approved, projection, unit),
        projection=projection,
        years=tuple(sorted({*year_choices(view), *(h.observation.period.end for h in history)})),
        unit=unit,
    )


def year_choices(view: StrategyView) -> tuple[int, ...]:
    """The years a page offers: those with figures, the one shown, and the year after the newest
    figures (the one being collected)."""
    newest = max(view.years) if view.years else view.year
    return tuple(sorted({*view.years, view.year, newest + 1}))


def _notes(
    session: Session, *, strategy_id: int, year: int, kpi_id: str
) -> tuple[PdcaNoteRow, ...]:
    """The KPI's notes in force for the year: the newest text, which supersedes every earlier one
    (`store.notes.write` always supersedes the newest). The same as `notes.current` for one KPI,
    by the subject index alone, without building that query's superseded-by subquery."""
    query = (
        select(PdcaNoteRow)
        .where(
            PdcaNoteRow.strategy_id == strategy_id,
            PdcaNoteRow.year == year,
            PdcaNoteRow.subject == "kpi",
            PdcaNoteRow.subject_id == kpi_id,
        )
        .order_by(PdcaNoteRow.id.desc())
        .limit(1)
    )
    return tuple(session.scalars(query))


def _history(found: list[Observation]) -> tuple[HistoryLine, ...]:
    replaced_by = {o.supersedes: o.id for o in found if o.supersedes is not None}
    newest = counting(found, approved_only=False)
    public = counting(found, approved_only=True)
    return tuple(
        HistoryLine(o, o.id in newest, o.id in public, replaced_by.get(o.id)) for o in found
    )


def _places(view: StrategyView, kpi_id: str) -> tuple[Place, ...]:
    """The KPI's nodes from the impact down to its owner (the cross-cutting group has no page)."""
    keys = view.evaluation.rollup.paths.get(kpi_id, ())
    places = []
    for key in reversed(keys):
        node = view.nodes[key]
        if node.kind not in ("impact", "outcome", "area"):
            continue
        places.append(
            Place(
                kind=node.kind,
                node_id=node.id,
                title=node.title,
                href=node_href(node.kind, node.id),
                label=node_label(node.kind, node.id, node.title),
                status_label=node.label,
                colour=node.colour,
            )
        )
    return tuple(places)


def _measures(view: StrategyView, kpi: Kpi) -> tuple[Measure, ...]:
    """The 施策 of an output KPI's area: what the KPI measures the output of."""
    if kpi.level != "output":
        return ()
    return tuple(m for m in view.evaluation.model.measures if m.area_id == kpi.owner)


def _unit(kpi: Kpi, figures: list[Observation]) -> str | None:
    """The unit of the values drawn: the target's, or for N倍 (a bare factor) the figures'."""
    if kpi.target.comparator != "multiple" and kpi.target.unit:
        return kpi.target.unit
    return figures[-1].unit if figures else kpi.target.unit


# -- chart and projection --------------------------------------------------------------------


def _flows(kpi: Kpi, reference: KpiReference) -> bool:
    """A 累計 target of yearly flows: the figures add up to the value judged."""
    kind = reference.temporal_kind or ("flow" if kpi.target.cumulative else "stock")
    return kpi.target.cumulative and kind == "flow" and kpi.target.period_start is not None


def _actual_points(kpi: Kpi, reference: KpiReference, figures: list[Observation]) -> list[Point]:
    index = index_observations(figures)
    points = index.points()
    start = kpi.target.period_start
    if _flows(kpi, reference) and start is not None:
        totals: dict[int, Decimal] = {}
        total, expected = Decimal(0), start
        for year, value in points:
            if year < start:
                continue
            if year != expected:
                break
            total += value
            totals[year] = total
            expected += 1
        for (first, last), figure in index.by_period.items():
            if first == start and last != first:
                totals[last] = figure.value  # a figure reported for the whole range so far
        return [Point(y, v) for y, v in sorted(totals.items())]
    return [Point(y, v) for y, v in points]


def _baseline(kpi: Kpi, reference: KpiReference, result: KpiResult) -> tuple[Decimal, int] | None:
    if result.baseline is not None and result.baseline_year is not None:
        return result.baseline, result.baseline_year
    year = reference.baseline_year or kpi.target.baseline_year
    if reference.baseline_value is not None and year is not None:
        return reference.baseline_value, year
    if _flows(kpi, reference) and kpi.target.period_start is not None:
        return Decimal(0), kpi.target.period_start - 1
    return None


def _target(kpi: Kpi, result: KpiResult, baseline: tuple[Decimal, int] | None) -> Point | None:
    target = kpi.target
    year = result.target_year or target.target_year
    if year is None or target.comparator not in NUMERIC or target.value is None:
        return None
    if result.target is not None:
        return Point(year, result.target)
    if target.comparator == "multiple":
        return None if baseline is None else Point(year, target.value * baseline[0])
    return Point(year, target.value)


def _path(
    view: StrategyView, reference: KpiReference, start: tuple[Decimal, int], end: Point
) -> tuple[Point, ...]:
    value, year = start
    if year >= end.year:
        return ()
    mode = view.evaluation.rules.interim
    return tuple(
        Point(
            y,
            expected_value(
                mode,
                baseline=value,
                base_year=year,
                target=end.value,
                target_year=end.year,
                year=y,
                interim_targets=reference.interim_targets,
            ).value
            if y > year
            else value,
        )
        for y in range(year, end.year + 1)
    )


def _projection(
    kpi: Kpi,
    reference: KpiReference,
    result: KpiResult,
    figures: list[Observation],
    unit: str | None,
) -> Projection | None:
    baseline = _baseline(kpi, reference, result)
    return project(
        figures,
        kpi.target,
        baseline=baseline[0] if baseline else None,
        direction=reference.direction or result.direction,
        kind=reference.temporal_kind,
        unit=unit,
    )


def _projected_lines(projection: Projection | None) -> tuple[Projected, ...]:
    """Each fit from its last actual year to the target year (nothing once that year is past)."""
    if projection is None:
        return ()
    lines = []
    end = projection.target_year
    for fit in projection.fits:
        if fit.last_year >= end:
            continue
        points = []
        for year in range(fit.last_year, end + 1):
            if fit.method == "linear" and fit.slope is not None:
                value = fit.value - fit.slope * (end - year)
            elif fit.rate is not None:
                value = fit.value / (1 + fit.rate) ** (end - year)
            else:
                continue
            points.append(Point(year, value))
        lines.append(Projected(fit.method, fit.method_name, tuple(points)))
    return tuple(lines)


def _chart(
    view: StrategyView,
    kpi: Kpi,
    reference: KpiReference,
    result: KpiResult,
    figures: list[Observation],
    projection: Projection | None,
    unit: str | None,
) -> ChartData:
    baseline = _baseline(kpi, reference, result)
    target = _target(kpi, result, baseline)
    path = _path(view, reference, baseline, target) if baseline and target else ()
    return ChartData(
        indicator=kpi.indicator,
        unit=unit,
        basis=kpi.target.year_basis or result.basis,
        actuals=tuple(_actual_points(kpi, reference, figures)),
        path=path,
        baseline=Point(baseline[1], baseline[0]) if baseline else None,
        target=target,
        projections=_projected_lines(projection),
        cumulative=_flows(kpi, reference),
    )


# -- the series as a table -------------------------------------------------------------------

SERIES_COLUMNS = (
    "kpi_id",
    "indicator",
    "period_start",
    "period_end",
    "period_basis",
    "value",
    "unit",
    "status",
    "review_state",
    "review_reason",
    "publisher",
    "publication",
    "published",
    "url",
    "note",
    "observation_id",
    "supersedes",
    "entered_by",
    "entered_at",
)


def series_table(page: KpiPage) -> Table:
    """The newest entry of each figure, oldest period first, with its review state: what an
    editor works on (the chart and the status read the approved figures, `HistoryLine.public`)."""
    figures = sorted(page.in_force, key=lambda o: (o.period.end, o.period.start, o.id))
    rows: list[tuple[Cell, ...]] = [
        (
            page.kpi.id,
            page.kpi.indicator,
            o.period.start,
            o.period.end,
            o.period.basis,
            o.value,
            o.unit,
            o.status,
            o.review_state,
            o.review_reason,
            o.source.publisher,
            o.source.publication,
            o.source.published,
            o.source.url,
            o.note,
            o.id,
            o.supersedes,
            o.entered_by,
            o.entered_at.isoformat(timespec="seconds"),
        )
        for o in figures
    ]
    return Table("series", SERIES_COLUMNS, rows)


CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, name: str, media_type: str) -> Response:
    """A file to save: an ASCII file name for old clients, the exact one in filename*."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in name)
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def series_name(kpi_id: str, suffix: str) -> str:
    return f"{kpi_id.replace('/', '_')}-series.{suffix}"
