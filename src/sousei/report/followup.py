"""年次フォローアップ — a strategy's yearly follow-up report as data: every impact and outcome with
its roll-up counts and summary status, and every KPI with its status, figures and reasons.

`follow_up` shapes an evaluation (and the year's PDCA notes and figures) into plain rows that the
HTML page, the PDF (`followup_pdf.py`) and the workbook (`followup_xlsx.py`) all draw from, so
the three say the same. `collect` reads what it needs from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult, NodeSummary
from sousei.evaluate.rules import SPECIAL_STATES
from sousei.model import Area, Impact, Kpi, Outcome, Strategy
from sousei.model.actuals import Observation
from sousei.model.types import YearBasis
from sousei.store import notes, observations
from sousei.store.evaluation import Evaluation
from sousei.store.tables import PdcaNoteRow

NODE_KINDS = ("strategy", "impact", "outcome", "group")
"""The roll-up nodes a report lists: the whole, each impact, each outcome, the cross-cutting
group (国の役割); the 22 output areas stay in the KPI section."""


@dataclass(frozen=True)
class StatusCount:
    """One status of the rule set, how it is shown, and how many KPIs have it."""

    status: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class NodeLine:
    """集計行 — an impact, outcome (or the whole, or the cross-cutting group) and its KPIs."""

    key: str
    kind: str
    id: str
    title: str
    status: str
    label: str
    colour: str
    total: int
    reporting: int
    counts: tuple[StatusCount, ...]
    explanation: str


@dataclass(frozen=True)
class Point:
    """実績値の点 — a figure in force for a period ending in `year`."""

    year: int
    value: Decimal
    period: str


@dataclass(frozen=True)
class KpiLine:
    """KPI のフォローアップ — one KPI's status, figures, reasons and notes for the year."""

    kpi_id: str
    doc_id: str
    indicator: str
    level: str
    owner: str
    """インパクト 1, アウトカム A, or 領域 a / 4(1) that the KPI belongs to."""
    owner_title: str
    basis: YearBasis
    status: str
    label: str
    colour: str
    has_data: bool
    unit: str | None
    actual: Decimal | None
    assessed_year: int | None
    target: Decimal | None
    target_text: str
    target_year: int | None
    expected: Decimal | None
    baseline: Decimal | None
    baseline_year: int | None
    achievement: Decimal | None
    progress: Decimal | None
    explanation: str
    notes: tuple[str, ...]
    analysis: str | None
    next_steps: str | None
    series: tuple[Point, ...]


@dataclass(frozen=True)
class FollowUp:
    """年次フォローアップ報告 — one strategy's follow-up for one year."""

    key: str
    title: str
    year: int
    revision: int
    rule_set: str
    made_on: date
    legend: tuple[StatusCount, ...]
    nodes: tuple[NodeLine, ...]
    kpis: tuple[KpiLine, ...]

    @property
    def charted(self) -> tuple[KpiLine, ...]:
        return tuple(k for k in self.kpis if k.series)


def collect(session: Session, *, evaluation: Evaluation, made_on: date | None = None) -> FollowUp:
    """The follow-up of an evaluation, with the year's approved notes and figures from the store.

    Figures are the approved ones, as the evaluation reads them by default."""
    kpi_ids = [k.id for k in evaluation.model.kpis]
    figures = observations.current(session, kpi_ids=kpi_ids, approved_only=True)
    written = notes.current(session, key=evaluation.key, year=evaluation.year, approved_only=True)
    return follow_up(evaluation, notes=written, figures=figures, made_on=made_on)


def follow_up(
    evaluation: Evaluation,
    *,
    notes: Iterable[PdcaNoteRow] = (),
    figures: Iterable[Observation] = (),
    made_on: date | None = None,
) -> FollowUp:
    """Shape an evaluation into the report's rows (pure: no database)."""
    rules = evaluation.rules
    statuses = [label.id for label in rules.labels] + list(SPECIAL_STATES)

    def counted(counts: dict[str, int]) -> tuple[StatusCount, ...]:
        return tuple(
            StatusCount(s, rules.text(s), rules.colour(s), counts.get(s, 0)) for s in statuses
        )

    approved = {n.subject_id: n for n in notes if n.subject == "kpi" and _approved(n)}
    series = _series(figures, evaluation.year)
    model = evaluation.model
    top = evaluation.rollup.node("strategy")
    return FollowUp(
        key=evaluation.key,
        title=model.title,
        year=evaluation.year,
        revision=evaluation.revision,
        rule_set=rules.name,
        made_on=made_on or date.today(),
        legend=counted(top.counts),
        nodes=tuple(_node(n, counted(n.counts)) for n in _report_nodes(evaluation)),
        kpis=tuple(
            _kpi(result, kpi, _owner_title(model, kpi), approved.get(kpi.id), series.get(kpi.id))
            for result, kpi in _pairs(evaluation)
        ),
    )


def _approved(note: PdcaNoteRow) -> bool:
    return note.review_state == "approved"


def _report_nodes(evaluation: Evaluation) -> list[NodeSummary]:
    """The whole first, then each impact followed by its outcomes, then the cross-cutting group."""
    nodes = [n for n in evaluation.rollup.nodes if n.kind in NODE_KINDS]
    order: list[NodeSummary] = [n for n in nodes if n.kind == "strategy"]
    for impact in (n for n in nodes if n.kind == "impact"):
        order.append(impact)
        order += [n for n in nodes if n.kind == "outcome" and n.parent == impact.key]
    placed = {n.key for n in order}
    return order + [n for n in nodes if n.key not in placed]


def _node(node: NodeSummary, counts: tuple[StatusCount, ...]) -> NodeLine:
    return NodeLine(
        key=node.key,
        kind=node.kind,
        id=node.id,
        title=node.title,
        status=node.status,
        label=node.label,
        colour=node.colour,
        total=node.total,
        reporting=node.reporting,
        counts=counts,
        explanation=node.explanation,
    )


def _pairs(evaluation: Evaluation) -> list[tuple[KpiResult, Kpi]]:
    kpis = {k.id: k for k in evaluation.model.kpis}
    return [(r, kpis[r.kpi_id]) for r in evaluation.results if r.kpi_id in kpis]


def _owner_title(model: Strategy, kpi: Kpi) -> str:
    """The title of the impact, outcome or area a KPI belongs to."""
    nodes: Sequence[Impact | Outcome | Area] = model.areas
    if kpi.level == "impact":
        nodes = model.impacts
    elif kpi.level == "outcome":
        nodes = model.outcomes
    return next((node.title for node in nodes if node.id == kpi.owner), "")


def owner_label(line: KpiLine) -> str:
    """インパクト 1, アウトカム A, 領域 a — with the owner's title."""
    kind = {"impact": "インパクト", "outcome": "アウトカム"}.get(line.level, "領域")
    return f"{kind} {line.owner}　{line.owner_title}".rstrip()


def _series(figures: Iterable[Observation], year: int) -> dict[str, tuple[Point, ...]]:
    """Each KPI's figures up to the year, one per year (a single-year figure before a range)."""
    chosen: dict[tuple[str, int], Observation] = {}
    for figure in figures:
        end = figure.period.end
        if end > year:
            continue
        key = (figure.kpi_id, end)
        held = chosen.get(key)
        if held is None or (held.period.start != end and figure.period.start == end):
            chosen[key] = figure
    out: dict[str, list[Point]] = {}
    for (kpi_id, end), figure in sorted(chosen.items()):
        out.setdefault(kpi_id, []).append(Point(end, figure.value, figure.period.label()))
    return {kpi_id: tuple(points) for kpi_id, points in out.items()}


def _kpi(
    result: KpiResult,
    kpi: Kpi,
    owner_title: str,
    note: PdcaNoteRow | None,
    series: Sequence[Point] | None,
) -> KpiLine:
    unit = result.used[0].unit if result.used else kpi.target.unit
    return KpiLine(
        kpi_id=result.kpi_id,
        doc_id=result.kpi_id.split("/", 1)[-1],
        indicator=result.indicator,
        level=kpi.level,
        owner=kpi.owner,
        owner_title=owner_title,
        basis=result.basis,
        status=result.status,
        label=result.label,
        colour=result.colour,
        has_data=result.has_data,
        unit=unit,
        actual=result.actual,
        assessed_year=result.assessed_year,
        target=result.target,
        target_text=kpi.target.text,
        target_year=result.target_year,
        expected=result.expected,
        baseline=result.baseline,
        baseline_year=result.baseline_year,
        achievement=result.achievement,
        progress=result.progress_to_path,
        explanation=result.explanation,
        notes=kpi.notes + result.notes,
        analysis=note.analysis if note else None,
        next_steps=note.next_steps if note else None,
        series=tuple(series or ()),
    )
