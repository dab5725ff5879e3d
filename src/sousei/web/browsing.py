"""What the overview and the browsing pages show, assembled from the year's evaluation: the
logic model drawn and listed, each node's KPIs and children, a 施策 with its 工程表 and the
figures of its KPIs. The routes only parse the request and render what these return."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sousei.model import Measure, Project, RoadmapEntry
from sousei.store.errors import NotFoundError

from . import logicmodel as lm
from .evaluations import StrategyView
from .i18n import current_locale
from .i18n import gettext as _
from .svg.logic import logic_model_svg
from .svg.sparkline import Point, sparkline, values_text
from .svg.timeline import period_text, timeline_svg


def breadcrumbs(trail: tuple[lm.Node, ...], query: str, last: str) -> list[tuple[str, str]]:
    """概要 › the nodes above › this page (the last one is not a link)."""
    crumbs = [("/" + query, _("概要"))]
    crumbs += [(node.href + query, node.name) for node in trail]
    crumbs.append(("", last))
    return crumbs


def paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# -- the overview ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """概要 — the drawn logic model, its nodes, the headline KPIs and the strategy's counts."""

    model: lm.LogicModel
    drawing: str
    headline: tuple[lm.KpiLine, ...]
    measures: int
    projects: int


def overview_page(session: Session, view: StrategyView, *, year_text: str) -> Overview:
    model = lm.logic_model(view)
    strategy = view.evaluation.model
    drawing = lm.per_view(  # the drawing holds translated words: one per language
        view, f"drawing:{current_locale.get()}", lambda: logic_model_svg(model, year_text=year_text)
    )
    return Overview(
        model=model,
        drawing=drawing,
        headline=lm.kpi_lines(session, view, lm.headline_kpis(view), model),
        measures=len(strategy.measures),
        projects=len(strategy.projects),
    )


# -- impact, outcome, area and group pages ------------------------------------------------------


@dataclass(frozen=True)
class NodePage:
    """インパクト・アウトカム・領域のページ — a node, its text, KPIs, children and 施策."""

    node: lm.Node
    trail: tuple[lm.Node, ...]
    texts: tuple[tuple[str, tuple[str, ...]], ...]
    """(heading, paragraphs): the node's own text, and an impact's text on its outputs."""
    kpis: tuple[lm.KpiLine, ...]
    measures: tuple[lm.MeasureGroup, ...]


def node_page(session: Session, view: StrategyView, *, kind: str, node_id: str) -> NodePage:
    model = lm.logic_model(view)
    key = f"{kind}:{node_id}"
    if key not in model.nodes:
        raise NotFoundError(
            _("%(kind)s「%(id)s」はありません。") % {"kind": lm.kind_label(kind), "id": node_id}
        )
    node = model.node(key)
    strategy = view.evaluation.model
    return NodePage(
        node=node,
        trail=model.trail(key),
        texts=_texts(view, node),
        kpis=lm.kpi_lines(session, view, lm.own_kpis(view, key), model),
        measures=lm.area_measures(strategy, node.id) if kind == "area" else (),
    )


def _texts(view: StrategyView, node: lm.Node) -> tuple[tuple[str, tuple[str, ...]], ...]:
    strategy = view.evaluation.model
    if node.kind == "impact":
        impact = next(i for i in strategy.impacts if i.id == node.id)
        return (
            ("", paragraphs(impact.text)),
            (_("アウトカムの実現に向けて"), paragraphs(impact.output_text)),
        )
    if node.kind == "outcome":
        return (("", paragraphs(next(o for o in strategy.outcomes if o.id == node.id).text)),)
    if node.kind == "area":
        return (("", paragraphs(next(a for a in strategy.areas if a.id == node.id).text)),)
    return (("", paragraphs(lm.group_text(strategy))),)


# -- 施策 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoadmapRow:
    """工程表の記載 — one entry as the text table writes it."""

    entry: RoadmapEntry
    period: str


@dataclass(frozen=True)
class KpiChart:
    """A KPI of a 施策 with its sparkline and the values it draws, written out."""

    line: lm.KpiLine
    drawing: str
    values: str


@dataclass(frozen=True)
class MeasurePage:
    """施策のページ — text, 主な事業, 工程表 (drawn and as a table), KPIs with their figures."""

    item: lm.MeasureItem
    area: lm.Node
    trail: tuple[lm.Node, ...]
    """From the top down to the 施策's area."""
    texts: tuple[str, ...]
    projects: tuple[Project, ...]
    roadmap: tuple[RoadmapRow, ...]
    timeline: str
    kpis: tuple[KpiChart, ...]
    original: lm.MeasureItem | None
    original_area: lm.Node | None


def measure_page(session: Session, view: StrategyView, path: str) -> MeasurePage:
    strategy = view.evaluation.model
    measure = lm.find_measure(strategy, path)
    model = lm.logic_model(view)
    area = model.node(f"area:{measure.area_id}")
    item = lm.measure_item(measure)
    entries = lm.measure_roadmap(strategy, path)
    title = _("工程表：%(name)s") % {"name": item.name}
    lines = lm.kpi_lines(session, view, lm.measure_kpis(strategy, path), model)
    original = _original(strategy.measures, measure)
    return MeasurePage(
        item=item,
        area=area,
        trail=model.trail(area.key),
        texts=paragraphs(measure.text),
        projects=tuple(lm.measure_projects(strategy, path)),
        roadmap=tuple(RoadmapRow(entry, period_text(entry)) for entry in entries),
        timeline=timeline_svg(entries, ident="roadmap", title=title),
        kpis=tuple(_chart(line, index) for index, line in enumerate(lines, start=1)),
        original=lm.measure_item(original) if original else None,
        original_area=model.node(f"area:{original.area_id}") if original else None,
    )


def _original(measures: tuple[Measure, ...], measure: Measure) -> Measure | None:
    if not measure.relisted or measure.original_path is None:
        return None
    return next((m for m in measures if m.path == measure.original_path), None)


def _chart(line: lm.KpiLine, index: int) -> KpiChart:
    points = [
        Point(at=figure.end, value=figure.value, label=f"{figure.period} {figure.text}")
        for figure in line.figures
    ]
    target = line.kpi.target
    units = {figure.unit for figure in line.figures}
    same_unit = target.value is not None and units == {target.unit}
    drawing = sparkline(
        points,
        ident=f"spark-{index}",
        title=_("%(indicator)s の実績の推移") % {"indicator": line.kpi.indicator},
        target=target.value if same_unit else None,
        target_label=target.text if same_unit else "",
    )
    return KpiChart(line, drawing, values_text(points))
