"""The shared state of one evaluation and the builders of its result (internal to evaluate).

`Case` is what is known before the year's figure is judged; `finish` turns a status, the id of
the rule that fired and the explanation's body into a `KpiResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sousei.model.actuals import Direction, KpiReference, Period, TemporalKind
from sousei.model.strategy import Kpi, Target
from sousei.model.types import YearBasis

from .path import Baseline
from .result import (
    Aggregation,
    KpiResult,
    Phase,
    ResultKind,
    UsedValue,
    assemble_result,
    assemble_used,
)
from .rules import RuleSet
from .series import ObservationIndex, ObservationLike
from .text import format_amount, period_label, year_label

__all__ = [
    "Actual",
    "Case",
    "Timing",
    "actual_facts",
    "baseline_facts",
    "direction",
    "finish",
    "no_data",
    "special",
    "subject",
    "years_text",
]


@dataclass
class Case:
    """Everything known about one evaluation before the figure is judged."""

    kpi: Kpi
    reference: KpiReference
    rules: RuleSet
    year: int
    basis: YearBasis
    kind: TemporalKind
    index: ObservationIndex
    notes: list[str] = field(default_factory=list)
    gaps: tuple[int, ...] = ()  # earlier years of a yearly target without a figure
    target: Target = field(init=False)
    unit: str | None = field(init=False)
    """The unit to write amounts in: the target's, else that of the latest figure."""

    def __post_init__(self) -> None:
        target = self.target = self.kpi.target
        if target.unit and target.comparator != "multiple":
            self.unit = target.unit
        else:
            latest = self.index.latest()
            self.unit = latest.unit if latest is not None else None

    def y(self, year: int) -> str:
        return year_label(year, self.basis)

    def amount(self, value: Decimal) -> str:
        return format_amount(value, self.unit)


@dataclass(frozen=True)
class Actual:
    """実績 — the value judged, and the figures it was taken from."""

    value: Decimal
    used: tuple[ObservationLike, ...]
    aggregation: Aggregation
    start: int
    end: int


@dataclass(frozen=True)
class Timing:
    year: int  # the year whose figure is judged
    phase: Phase


def direction(case: Case, baseline: Decimal | None, target: Decimal | None) -> Direction:
    """Which way is progress: as set in the reference, else read from the target."""
    if case.reference.direction is not None:
        return case.reference.direction
    comparator = case.target.comparator
    if comparator in (">=", ">", "increase"):
        return "up"
    if comparator in ("<=", "<", "decrease"):
        return "down"
    if comparator == "maintain":
        return "maintain"
    if comparator == "multiple":
        return "down" if target is not None and baseline is not None and target < baseline else "up"
    if comparator == "=" and baseline is not None and target is not None and target != baseline:
        return "up" if target > baseline else "down"
    if comparator == "=" and baseline is not None and baseline == target:
        return "maintain"
    case.notes.append("方向が設定されていないため、値が増えることを進捗とみなしました")
    return "up"


def finish(
    case: Case,
    status: str,
    rule: str,
    body: str,
    *,
    kind: ResultKind = "evaluated",
    extra: str = "",
    **facts: Any,
) -> KpiResult:
    """The result: the label of `status`, and the explanation ending in （label）."""
    label = case.rules.text(status)
    values = {
        "kpi_id": case.kpi.id,
        "indicator": case.kpi.indicator,
        "year": case.year,
        "basis": case.basis,
        "rule_set": case.rules.id,
        "status": status,
        "label": label,
        "colour": case.rules.colour(status),
        "kind": kind,
        "rule": rule,
        "explanation": f"{body}（{extra}{label}）",
        "target_year": case.target.target_year,
        "notes": tuple(dict.fromkeys(case.notes)),
        "missing_years": case.gaps,
    }
    values.update(facts)
    return assemble_result(values)


def special(case: Case, kind: ResultKind, rule: str, body: str, **facts: Any) -> KpiResult:
    """データなし / 対象外 / 評価不能: the state is its own status."""
    return finish(case, kind, rule, body, kind=kind, **facts)


def _used(actual: Actual) -> tuple[UsedValue, ...]:
    return tuple(
        assemble_used(
            _period(o),
            o.value,
            o.unit,
            _int_or_none(getattr(o, "id", None)),
            _str_or_none(getattr(o, "status", None)),
        )
        for o in actual.used
    )


def _period(observation: ObservationLike) -> Period:
    """The observation's own Period when it has one (Report, Observation): no copy."""
    period = observation.period
    if isinstance(period, Period):
        return period
    basis: YearBasis = "fiscal" if period.basis == "fiscal" else "calendar"
    return Period(start=period.start, end=period.end, basis=basis)


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def actual_facts(actual: Actual, timing: Timing) -> dict[str, Any]:
    return {
        "actual": actual.value,
        "aggregation": actual.aggregation,
        "used": _used(actual),
        "assessed_year": timing.year,
        "phase": timing.phase,
        "has_data": True,
    }


def baseline_facts(baseline: Baseline) -> dict[str, Any]:
    return {
        "baseline": baseline.value,
        "baseline_year": baseline.year,
        "baseline_source": baseline.source,
    }


def no_data(
    case: Case, timing: Timing, missing: tuple[int, ...], facts: dict[str, Any]
) -> KpiResult:
    """データなし, naming the missing years of a 累計 or the latest figure there is."""
    facts = {**facts, "assessed_year": timing.year, "phase": timing.phase, "missing_years": missing}
    if len(missing) > 1 or missing != (timing.year,):
        start = case.target.period_start or timing.year
        period = period_label(start, timing.year, case.basis)
        if len(missing) == timing.year - start + 1:
            body = f"{period}の累計に必要な各年の実績がまだありません"
        else:
            years = years_text(missing, case.basis)
            body = f"{period}の累計に必要な{years}の実績がありません"
        return special(case, "no_data", "data.missing_years", body, **facts)
    head = f"目標年である{case.y(timing.year)}" if timing.phase == "final" else case.y(timing.year)
    latest = case.index.latest(before=timing.year)
    if latest is None:
        body = f"{head}の実績はまだありません"
    else:
        period = period_label(latest.period.start, latest.period.end, case.basis)
        body = f"{head}の実績はまだなく、直近の実績は{period}の {case.amount(latest.value)}です"
    return special(case, "no_data", "data.missing", body, **facts)


def subject(case: Case, actual: Actual, timing: Timing) -> str:
    """「2025年の実績 4,268万人」, 「2015年度～…の累計 …」, 「目標年である2030年の実績 …」."""
    amount = case.amount(actual.value)
    if actual.aggregation in ("sum", "range"):
        noun = "累計" if case.target.cumulative else "実績"
        what = f"{period_label(actual.start, actual.end, case.basis)}の{noun}"
    elif actual.aggregation == "last":
        what = f"{case.y(actual.end)}時点の累計"
    else:
        what = f"{case.y(actual.end)}の実績"
    if timing.phase == "final":
        lead = "目標年を過ぎており、最終値である" if case.year > timing.year else "目標年である"
        return f"{lead}{what} {amount}"
    if timing.phase == "yearly" and case.year > timing.year:
        return f"対象期間の最終年である{what} {amount}"
    return f"{what} {amount}"


def years_text(years: tuple[int, ...], basis: str) -> str:
    """Years as runs: (2015, 2016, 2017, 2020) → 「2015～2017年、2020年」."""
    runs: list[tuple[int, int]] = []
    for year in sorted(years):
        if runs and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return "、".join(period_label(start, end, basis) for start, end in runs)
