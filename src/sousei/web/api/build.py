"""Domain values → the API's response models. Pure: no database, no HTTP."""

from __future__ import annotations

from collections.abc import Iterable

from sousei.evaluate import KpiResult, RuleSet
from sousei.evaluate.rollup import CROSS_CUTTING
from sousei.model import Kpi, Strategy
from sousei.model.actuals import KpiReference, Observation
from sousei.model.strategy import RoadmapEntry
from sousei.store.clock import aware
from sousei.store.errors import NotFoundError
from sousei.store.kpis import KpiEntry
from sousei.store.tables import KpiVersionRow, RevisionRow, StrategyRow

from ..evaluations import StrategyView
from . import schemas as s
from .catalogue import KpiFound, StrategyLine

_NODE_KIND = {"impact": "impact", "outcome": "outcome", "output": "area"}


def strategy_summary(line: StrategyLine) -> s.StrategySummary:
    row, revision = line.strategy, line.revision
    return s.StrategySummary(
        key=row.key,
        title=row.title,
        family=row.family,
        lgcode=row.lgcode,
        rule_set=row.rule_set,
        revision=revision.number,
        revision_label=revision.label,
        kpis=line.kpis,
    )


def revision(row: RevisionRow) -> s.RevisionOut:
    return s.RevisionOut(
        number=row.number,
        label=row.label,
        source_name=row.source_name,
        loaded_by=row.loaded_by,
        loaded_at=aware(row.loaded_at),
        first_year=row.first_year,
        last_year=row.last_year,
    )


def strategy_detail(
    row: StrategyRow, newest: RevisionRow, revisions: int, view: StrategyView
) -> s.StrategyDetail:
    model = view.evaluation.model
    levels = {"impact": 0, "outcome": 0, "output": 0}
    for kpi in model.kpis:
        levels[kpi.level] += 1
    counts = s.StrategyCounts(
        impacts=len(model.impacts),
        outcomes=len(model.outcomes),
        areas=len(model.areas),
        measures=len(model.measures),
        projects=len(model.projects),
        roadmap_entries=len(model.roadmap),
        kpis=len(model.kpis),
        kpis_by_level=levels,
    )
    return s.StrategyDetail(
        key=row.key,
        title=row.title,
        family=row.family,
        lgcode=row.lgcode,
        rule_set=row.rule_set,
        revision=revision(newest),
        revisions=revisions,
        counts=counts,
        years=list(view.years),
        evaluation_year=view.year,
    )


# -- the logic model ------------------------------------------------------------------------


def kpi_node(level: str, owner: str) -> str:
    """The key of the node a KPI belongs to: impact:1, outcome:A, area:a."""
    return f"{_NODE_KIND[level]}:{owner}"


def nodes(model: Strategy) -> list[s.NodeOut]:
    """Every impact, outcome, area (with the group of areas outside any outcome) and 施策."""
    own: dict[str, list[str]] = {}
    for kpi in model.kpis:
        own.setdefault(kpi_node(kpi.level, kpi.owner), []).append(kpi.id)

    def node(kind: s.NodeKind, id: str, title: str, parent: str | None) -> s.NodeOut:
        key = f"{kind}:{id}"
        return s.NodeOut(
            key=key, kind=kind, id=id, title=title, parent=parent, kpi_ids=own.get(key, [])
        )

    found = [node("impact", i.id, i.title, None) for i in model.impacts]
    found += [node("outcome", o.id, o.title, f"impact:{o.impact_id}") for o in model.outcomes]
    if any(a.outcome_id is None and a.impact_id is None for a in model.areas):
        title = "アウトカムに属さない領域（国の役割など）"
        found.append(node("group", CROSS_CUTTING.removeprefix("group:"), title, None))
    for area in model.areas:
        parent = (
            f"outcome:{area.outcome_id}"
            if area.outcome_id
            else f"impact:{area.impact_id}"
            if area.impact_id
            else CROSS_CUTTING
        )
        found.append(node("area", area.id, area.title, parent))
    found += [
        node("measure", m.path, m.title, f"area:{m.area_id}").model_copy(
            update={
                "number": m.number,
                "group": m.group,
                "group_title": m.group_title,
                "relisted": m.relisted,
                "original": f"measure:{m.original_path}" if m.original_path else None,
            }
        )
        for m in model.measures
    ]
    return found


def node_detail(model: Strategy, key: str) -> s.NodeDetail:
    every = nodes(model)
    found = next((n for n in every if n.key == key), None)
    if found is None:
        raise NotFoundError(f"要素「{key}」はこの戦略にありません。")
    kind, _, id = key.partition(":")
    indicators = {k.id: k.indicator for k in model.kpis}
    return s.NodeDetail(
        **found.model_dump(),
        text=_text(model, kind, id),
        children=[n.key for n in every if n.parent == key],
        kpis=[s.KpiRef(id=k, indicator=indicators[k]) for k in found.kpi_ids],
        projects=[p.name for p in model.projects if kind == "measure" and p.measure_path == id],
        roadmap=[
            _roadmap_entry(e)
            for e in model.roadmap
            if (kind == "area" and e.area_id == id) or (kind == "measure" and e.measure_path == id)
        ],
    )


def _text(model: Strategy, kind: str, id: str) -> str:
    elements: dict[str, Iterable[tuple[str, str]]] = {
        "impact": ((i.id, i.text) for i in model.impacts),
        "outcome": ((o.id, o.text) for o in model.outcomes),
        "area": ((a.id, a.text) for a in model.areas),
        "measure": ((m.path, m.text) for m in model.measures),
    }
    return next((text for found, text in elements.get(kind, ()) if found == id), "")


def _roadmap_entry(entry: RoadmapEntry) -> s.RoadmapOut:
    return s.RoadmapOut(
        project=entry.project,
        measure=f"measure:{entry.measure_path}" if entry.measure_path else None,
        column_year=entry.column_year,
        start_year=entry.start_year,
        start_month=entry.start_month,
        end_year=entry.end_year,
        end_month=entry.end_month,
        open_ended=entry.open_ended,
        text=entry.text,
    )


# -- KPIs ----------------------------------------------------------------------------------


def target(version: KpiVersionRow) -> s.TargetOut:
    return s.TargetOut(
        text=version.target_text,
        value=version.target_value,
        unit=version.target_unit,
        comparator=version.comparator,
        target_year=version.target_year,
        year_basis=version.year_basis,  # type: ignore[arg-type]  # checked when stored
        recurring=version.recurring,
        cumulative=version.cumulative,
        period_start=version.period_start,
        baseline_year=version.baseline_year,
        to_be_set=version.to_be_set,
    )


def kpi_status(result: KpiResult) -> s.KpiStatus:
    return s.KpiStatus(
        year=result.year,
        status=result.status,
        label=result.label,
        colour=result.colour,
        kind=result.kind,
    )


def kpi_summary(strategy: str, entry: KpiEntry, result: KpiResult | None) -> s.KpiSummary:
    version = entry.version
    return s.KpiSummary(
        id=entry.kpi_id,
        strategy=strategy,
        doc_id=version.doc_id,
        level=version.level,  # type: ignore[arg-type]  # checked when stored
        node=kpi_node(version.level, version.owner),
        label=version.label,
        indicator=version.indicator,
        organisation=entry.reference.organisation,
        target=target(version),
        evaluation=kpi_status(result) if result else None,
    )


def reference(found: KpiReference) -> s.ReferenceOut:
    values = found.model_dump()
    values["interim_targets"] = {str(y): v for y, v in found.interim_targets.items()}
    return s.ReferenceOut(**values)


def kpi_detail(found: KpiFound, stated: Kpi | None) -> s.KpiDetail:
    """`stated` is the KPI in the strategy's model (its text, heading, notes), when it is there."""
    version = found.version
    return s.KpiDetail(
        id=version.kpi_id,
        strategy=found.strategy,
        revision=found.revision,
        doc_id=version.doc_id,
        level=version.level,  # type: ignore[arg-type]  # checked when stored
        node=kpi_node(version.level, version.owner),
        label=version.label,
        heading=stated.heading if stated else None,
        indicator=version.indicator,
        text=stated.text if stated else None,
        notes=list(stated.notes) if stated else [],
        source_line=version.source_line,
        target=target(version),
        reference=reference(found.reference),
    )


def observation(found: Observation) -> s.ObservationOut:
    return s.ObservationOut.model_validate(found.model_dump())


# -- evaluations ---------------------------------------------------------------------------


def kpi_result(result: KpiResult) -> s.KpiResultOut:
    return s.KpiResultOut.model_validate(result.model_dump())


def rule_set(rules: RuleSet) -> s.RuleSetOut:
    labels = [
        s.LabelOut(id=label.id, text=label.text, colour=label.colour, description=label.description)
        for label in rules.labels
    ]
    for state in ("no_data", "not_due", "not_assessable"):
        special = getattr(rules.special, state)
        labels.append(
            s.LabelOut(
                id=state, text=special.text, colour=special.colour, description=special.description
            )
        )
    return s.RuleSetOut(id=rules.id, name=rules.name, labels=labels)


def strategy_evaluation(view: StrategyView) -> s.StrategyEvaluation:
    found = view.evaluation
    rollup = found.rollup
    return s.StrategyEvaluation(
        strategy=found.key,
        revision=found.revision,
        year=found.year,
        rule_set=rule_set(found.rules),
        results=[kpi_result(r) for r in found.results],
        rollup=s.RollUpOut(
            nodes=[s.NodeSummaryOut.model_validate(n.model_dump()) for n in rollup.nodes],
            paths={k: list(v) for k, v in rollup.paths.items()},
            unplaced=list(rollup.unplaced),
        ),
    )


def kpi_evaluation(view: StrategyView, kpi_id: str) -> s.KpiEvaluation:
    result = view.by_kpi.get(kpi_id)
    if result is None:
        raise NotFoundError(f"KPI「{kpi_id}」は戦略の最新の改訂版にありません。")
    found = view.evaluation
    return s.KpiEvaluation(
        strategy=found.key,
        revision=found.revision,
        year=found.year,
        rule_set=rule_set(found.rules),
        result=kpi_result(result),
        path=list(found.rollup.paths.get(kpi_id, ())),
    )
