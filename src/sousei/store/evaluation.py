"""Evaluating a stored strategy for a year, and freezing that evaluation as a snapshot."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult, RollUp, RuleSet, evaluate_all, load_rule_set, roll_up
from sousei.evaluate.snapshot import FORMULA_VERSION, FrozenEvaluation
from sousei.model import Strategy

from . import audit, kpis, observations, strategies
from .clock import aware, now
from .errors import NotFoundError
from .tables import KpiVersionRow, SnapshotRow


@dataclass(frozen=True)
class Evaluation:
    """A year's evaluation of a strategy: each KPI's result and the roll-up."""

    key: str
    revision: int
    year: int
    rules: RuleSet
    model: Strategy
    results: list[KpiResult]
    rollup: RollUp


def stable_model(session: Session, *, key: str, number: int | None = None) -> tuple[int, Strategy]:
    """The newest (or a given) revision's model, its KPIs renamed to their stable store ids."""
    row = strategies.revision(session, key=key, number=number)
    query = select(KpiVersionRow.doc_id, KpiVersionRow.kpi_id).where(
        KpiVersionRow.revision_id == row.id
    )
    ids: dict[str, str] = dict(session.execute(query).all())
    model = strategies.revision_model(row)
    renamed = tuple(k.model_copy(update={"id": ids[k.id]}) for k in model.kpis)
    return row.number, model.model_copy(update={"kpis": renamed})


def evaluate_strategy(
    session: Session,
    *,
    key: str,
    year: int,
    rule_set: str | None = None,
    approved_only: bool = True,
    as_of: datetime | None = None,
    today_year: int | None = None,
) -> Evaluation:
    """Evaluate every KPI of a strategy for a year, by default on approved figures only."""
    number, model = stable_model(session, key=key)
    rules = load_rule_set(rule_set or strategies.strategy_row(session, key).rule_set)
    references = {e.kpi_id: e.reference for e in kpis.catalogue(session, key=key)}
    figures = observations.current(
        session, kpi_ids=[k.id for k in model.kpis], as_of=as_of, approved_only=approved_only
    )
    results = evaluate_all(
        model.kpis,
        figures,
        year=year,
        rules=rules,
        references=references,
        today_year=today_year,
    )
    return Evaluation(key, number, year, rules, model, results, roll_up(results, model, rules))


def freeze(session: Session, *, evaluation: Evaluation, actor: str) -> SnapshotRow:
    """Keep an evaluation as it is now; later corrections never change it."""
    row = SnapshotRow(
        strategy_id=strategies.strategy_row(session, evaluation.key).id,
        revision_id=strategies.revision(session, key=evaluation.key, number=evaluation.revision).id,
        year=evaluation.year,
        rule_set=evaluation.rules.id,
        rule_set_json=evaluation.rules.model_dump_json(),
        formula_version=FORMULA_VERSION,
        results_json=json.dumps([r.model_dump(mode="json") for r in evaluation.results]),
        frozen_by=actor,
        frozen_at=now(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="evaluation.freeze",
        entity="snapshot",
        entity_id=str(row.id),
        after={"year": row.year, "rule_set": row.rule_set, "kpis": len(evaluation.results)},
    )
    return row


def snapshots(session: Session, *, key: str) -> Sequence[SnapshotRow]:
    strategy = strategies.strategy_row(session, key)
    query = select(SnapshotRow).where(SnapshotRow.strategy_id == strategy.id)
    return session.scalars(query.order_by(SnapshotRow.id)).all()


def snapshot(session: Session, snapshot_id: int) -> FrozenEvaluation:
    row = session.get(SnapshotRow, snapshot_id)
    if row is None:
        raise NotFoundError(f"評価の確定版 {snapshot_id} はありません。")
    return FrozenEvaluation(
        id=row.id,
        year=row.year,
        rule_set=RuleSet.model_validate_json(row.rule_set_json),
        formula_version=row.formula_version,
        results=tuple(KpiResult.model_validate(r) for r in json.loads(row.results_json)),
        frozen_by=row.frozen_by,
        frozen_at=aware(row.frozen_at),
    )
