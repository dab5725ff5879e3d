"""The result of evaluating one KPI for one year: every number used, the status and its reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from sousei.model.actuals import Direction, Period
from sousei.model.types import Frozen, Number, YearBasis, trusted

__all__ = [
    "Aggregation",
    "KpiResult",
    "Phase",
    "RelativeFacts",
    "ResultKind",
    "UsedValue",
    "assemble_result",
    "assemble_used",
]

ResultKind = Literal["evaluated", "no_data", "not_due", "not_assessable"]
"""評価済み, or one of the special states データなし / 対象外 / 評価不能."""

Phase = Literal["path", "final", "yearly", "none"]
"""目標年前（経路で判定）, 目標年以降（最終値で判定）, 毎年の目標（その年で判定）, 判定前に終了."""

Aggregation = Literal["single", "sum", "last", "range"]
"""その年の値 / 各年の合計（フロー累計）/ 最後の値（累計ストック）/ 期間で報告された値."""


BaselineSource = Literal["reference", "document", "observation", "cumulative_start"]
"""Where a baseline came from (docs/formulas.md, "Baseline", in order of precedence)."""


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
    baseline_source: BaselineSource | None = None
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


# -- assembling results without validating them again -------------------------------------------
#
# The evaluation builds a result from values it made itself: strings, ints, bools, tuples, the
# rule set's labels and exact Decimals. Validating them again (a KpiResult has 33 fields) cost
# more than the whole judgement of a KPI, so they are put in place directly, as `model_construct`
# would, but without its per-field overhead. A value of another type (a number of an
# ObservationLike that is no finite Decimal) goes through validation as before, so the outcome is
# the same model either way: same field order, same fields set, same values.

M = TypeVar("M", bound=BaseModel)


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Every field in declaration order: its default, or None for a required one (always set)."""
    return {
        name: None if field.is_required() else field.default
        for name, field in model.model_fields.items()
    }


def _put(model: type[M], defaults: dict[str, Any], values: dict[str, Any]) -> M:
    data = defaults.copy()
    data.update(values)
    return trusted(model, data, fields_set=set(values))  # only what was given counts as set


_RESULT_DEFAULTS = _defaults(KpiResult)
_RESULT_NUMBERS = (
    "actual",
    "baseline",
    "target",
    "expected",
    "achievement",
    "progress_to_path",
    "progress_to_target",
)
_USED_DEFAULTS = _defaults(UsedValue)


def assemble_result(values: dict[str, Any]) -> KpiResult:
    """`KpiResult(**values)` for values the evaluation made (see above)."""
    if type(values["year"]) is int:
        for name in _RESULT_NUMBERS:
            number = values.get(name)
            if number is not None and (type(number) is not Decimal or not number.is_finite()):
                break
        else:
            return _put(KpiResult, _RESULT_DEFAULTS, values)
    return KpiResult(**values)


def assemble_used(
    period: Period, value: Decimal, unit: str, observation_id: int | None, status: str | None
) -> UsedValue:
    """`UsedValue(...)` for a figure's own period, value and unit (see above)."""
    values: dict[str, Any] = {
        "period": period,
        "value": value,
        "unit": unit,
        "observation_id": observation_id,
        "status": status,
    }
    if (
        type(period) is Period
        and type(value) is Decimal
        and value.is_finite()
        and type(unit) is str
        and (observation_id is None or type(observation_id) is int)
    ):
        return _put(UsedValue, _USED_DEFAULTS, values)
    return UsedValue(**values)
