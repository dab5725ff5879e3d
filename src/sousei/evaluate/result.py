"""The result of evaluating one KPI for one year: every number used, the status and its reason."""

from __future__ import annotations

from typing import Literal

from sousei.model.actuals import Direction, Period
from sousei.model.types import Frozen, Number, YearBasis

__all__ = ["Aggregation", "KpiResult", "Phase", "RelativeFacts", "ResultKind", "UsedValue"]

ResultKind = Literal["evaluated", "no_data", "not_due", "not_assessable"]
"""評価済み, or one of the special states データなし / 対象外 / 評価不能."""

Phase = Literal["path", "final", "yearly", "none"]
"""目標年前（経路で判定）, 目標年以降（最終値で判定）, 毎年の目標（その年で判定）, 判定前に終了."""

Aggregation = Literal["single", "sum", "last", "range"]
"""その年の値 / 各年の合計（フロー累計）/ 最後の値（累計ストック）/ 期間で報告された値."""


class UsedValue(Frozen):
    """使用した実績値 — one reported figure the evaluation read."""

    period: Period
    value: Number
    unit: str
    observation_id: int | None = None
    status: str | None = None


class RelativeFacts(Frozen):
    """相対目標の比較結果 — both sides of a relative target for the evaluated year."""

    subject: str
    reference: str
    measure: Literal["growth", "level", "previous_year"]
    base_year: int | None = None
    subject_value: Number | None = None
    reference_value: Number | None = None
    relation: Literal[">=", ">", "<=", "<"] = ">="


class KpiResult(Frozen):
    """KPI の評価結果 — one KPI judged for one year under one rule set, with its reason.

    Ratios (`achievement`, `progress_to_path`, `progress_to_target`) are fractions: 1 = 100 %.
    """

    kpi_id: str
    indicator: str
    year: int
    assessed_year: int | None = None
    basis: YearBasis
    rule_set: str
    status: str
    label: str
    colour: str
    kind: ResultKind
    rule: str
    explanation: str
    phase: Phase = "none"
    has_data: bool = False
    actual: Number | None = None
    aggregation: Aggregation | None = None
    used: tuple[UsedValue, ...] = ()
    baseline: Number | None = None
    baseline_year: int | None = None
    baseline_source: Literal["reference", "observation", "cumulative_start"] | None = None
    target: Number | None = None
    target_year: int | None = None
    expected: Number | None = None
    path: Literal["straight", "n20", "explicit"] | None = None
    direction: Direction | None = None
    achievement: Number | None = None
    achievement_formula: Literal["ratio", "gap"] | None = None
    progress_to_path: Number | None = None
    progress_to_target: Number | None = None
    met: bool | None = None
    comparison: RelativeFacts | None = None
    missing_years: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()
