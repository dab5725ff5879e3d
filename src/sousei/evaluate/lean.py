"""The year's judgement of the common KPIs in a few microseconds each: the national-scale path.

`evaluate_kpi` builds a `Case`, writes the Japanese sentence and assembles a `KpiResult` for every
KPI: about 35 µs, six seconds for the 179,000 KPIs of every local strategy. Most KPIs are of a few
plain kinds, and a status board needs their statuses and numbers before any sentence.
`LeanJudge.judge` decides those KPIs by the same rules (docs/formulas.md, same order, same
arithmetic) and gives a `LeanResult`: the fields of the `KpiResult` that `evaluate_kpi` would
give, except that the explanation and the figures used are written when first read, by
`evaluate_kpi` itself from the same figures.

What depends only on the target's shape and the year — the timing, its notes, the special states
decided before any figure is read, the steps of the path — is worked out once per shape
(`LeanJudge.plan`); a KPI then costs its own arithmetic.

Covered: 以上・超・以下・未満・a bare value and 増加・減少・向上・維持, 累計 and 毎年 targets,
without reference data that bears on the judgement (`reference_neutral`). For anything else,
and for the rare turns (no figure for the year, a figure in another unit, missing years of a
毎年 target), `judge` returns None and the caller evaluates that KPI with `evaluate_indexed`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from operator import ge, gt, le, lt
from typing import Any, Literal, NamedTuple

from sousei.model.actuals import Direction, KpiReference
from sousei.model.strategy import Kpi, Target
from sousei.model.types import YearBasis, trusted

from .arith import CONTEXT, ONE, ZERO
from .kpi import base_unit, evaluate_indexed
from .numeric import zero_reason
from .result import Aggregation, KpiResult, Phase, RelativeFacts, ResultKind, UsedValue
from .rules import RuleSet
from .series import ObservationLike, index_observations
from .text import period_label

__all__ = ["NUMERIC", "TREND", "LeanJudge", "LeanResult", "Plan", "Shape", "reference_neutral"]

NUMERIC = frozenset((">=", ">", "<=", "<", "="))
TREND = frozenset(("increase", "decrease", "improve", "maintain"))
_STEP_N20 = Decimal("0.2")
_NO_TARGET_YEAR = "目標年がないため、各年の値を目標と比べました"
_NO_DIRECTION = "方向が設定されていないため、値が増えることを進捗とみなしました"

BaselineSource = Literal["reference", "document", "observation", "cumulative_start"]
Figures = Callable[["Plan", Any], Iterable[ObservationLike]]
"""Gives back the figures a result was judged from, out of its plan and what the caller kept
(`source`)."""


def reference_neutral(reference: KpiReference) -> bool:
    """Whether reference data leaves the judgement as it is without any (only who and where)."""
    return (
        reference.baseline_value is None
        and reference.baseline_year is None
        and reference.baseline_basis is None
        and reference.direction is None
        and reference.temporal_kind is None
        and not reference.interim_targets
    )


class Shape(NamedTuple):
    """A target as the judgement reads it, but its value and unit; and the year basis used."""

    comparator: str
    target_year: int | None
    basis: YearBasis
    year_basis: YearBasis | None
    recurring: bool
    cumulative: bool
    period_start: int | None
    baseline_year: int | None

    @classmethod
    def of(cls, target: Target, basis: YearBasis | None = None) -> Shape:
        """A target's shape; `basis` the year basis used when the target has none (judged on
        the whole series, `LeanJudge.judge_series` takes the latest figure's)."""
        return cls(
            target.comparator or "",
            target.target_year,
            basis or target.year_basis or "calendar",
            target.year_basis,
            target.recurring,
            target.cumulative,
            target.period_start,
            target.baseline_year,
        )


class Plan:
    """What the judgement of every KPI of one `Shape` reads, worked out once (see `plan`)."""

    __slots__ = (
        "aggregation",
        "base_year",
        "before",
        "direction",
        "figures",
        "judge",
        "lean",
        "meets",
        "notes",
        "numeric",
        "phase",
        "rules",
        "shape",
        "span",
        "start",
        "steps",
        "whole_series",
        "year",
    )

    def __init__(self, judge: LeanJudge, shape: Shape, figures: Figures) -> None:
        self.judge, self.rules, self.shape, self.figures = judge, judge.rules, shape, figures
        self.numeric = shape.comparator in NUMERIC
        self.lean = self.numeric or shape.comparator in TREND  # else judge must not be asked
        # Judged on more of the series than two figures: a 毎年 target's earlier years, a year
        # basis taken from the latest figure (`judge_series`).
        self.whole_series = shape.recurring or shape.year_basis is None
        self.year, self.phase = _timing(shape, judge.year)
        # The assessed year's figure: a 累計's whole period so far (its sum: `judge_series`).
        cumulative = shape.cumulative and shape.period_start is not None
        self.aggregation: Aggregation = "range" if cumulative else "single"
        self.notes = _timing_notes(shape, judge.year, self.phase)
        self.start: tuple[Decimal, int] | None = None  # 0 at the end of the year before a 累計
        if shape.baseline_year is None and shape.cumulative and shape.period_start is not None:
            self.start = (ZERO, shape.period_start - 1)
        self.base_year = shape.baseline_year if self.start is None else self.start[1]
        self.before = _before(shape, judge.year, self.phase, self.base_year)
        self.direction: Direction | None = _DIRECTIONS.get(shape.comparator)
        self.meets = _MEETS.get(shape.comparator)  # path.py `meets`; a bare value: by direction
        self.steps = self.span = None  # the path's (y − B) and (T − B), or n20's share
        if self.phase == "path" and self.base_year is not None:
            assert shape.target_year is not None  # the path phase has a target year
            elapsed = Decimal(judge.year - self.base_year)
            if judge.rules.interim == "n20":
                self.steps = min(ONE, CONTEXT.multiply(elapsed, _STEP_N20))
            else:  # straight; an explicit path without interim targets is straight
                self.steps = elapsed
                self.span = Decimal(shape.target_year - self.base_year)


_DIRECTIONS: dict[str, Direction] = {
    ">=": "up",
    ">": "up",
    "<=": "down",
    "<": "down",
    "increase": "up",
    "decrease": "down",
    "maintain": "maintain",
}
"""Directions read from the comparator alone (a bare value compares target and baseline)."""

_MEETS: dict[str, Callable[[Decimal, Decimal], bool]] = {">=": ge, ">": gt, "<=": le, "<": lt}


def _timing(shape: Shape, year: int) -> tuple[int, Phase]:
    """The assessed year and phase (kpi.py `_timing`, docs/formulas.md "Timing")."""
    target_year = shape.target_year
    if shape.recurring or target_year is None:
        if target_year is not None and year > target_year:
            return target_year, "yearly"
        return year, "yearly"
    if year >= target_year:
        return target_year, "final"
    return year, "path"


def _timing_notes(shape: Shape, year: int, phase: Phase) -> tuple[str, ...]:
    target_year = shape.target_year
    if target_year is None:
        return () if shape.recurring else (_NO_TARGET_YEAR,)
    if phase == "yearly" and year > target_year:
        period = period_label(shape.period_start or target_year, target_year, shape.basis)
        return (f"対象期間（{period}）が終わったため、最終年の実績で判定しました",)
    return ()


def _before(
    shape: Shape, year: int, phase: Phase, base_year: int | None
) -> tuple[ResultKind, str] | None:
    """A state decided before any figure: before the period, before or after the baseline."""
    if shape.period_start is not None and year < shape.period_start:
        return "not_due", "period.before"
    if base_year is None or (shape.comparator not in TREND and phase != "path"):
        return None
    if shape.target_year is not None and base_year >= shape.target_year:
        return "not_assessable", "baseline.after_target"
    if year <= base_year:
        return "not_due", "baseline.year"
    return None


class LeanResult:
    """A KPI's judgement for a year: the fields of the `KpiResult` that `evaluate_kpi` gives,
    with the explanation and the figures used written on first read (`result`)."""

    __slots__ = (
        "_plan",
        "_result",
        "_source",
        "_unit",
        "_value",
        "achievement",
        "achievement_formula",
        "actual",
        "aggregation",
        "assessed_year",
        "baseline",
        "baseline_source",
        "baseline_year",
        "comparison",
        "direction",
        "expected",
        "has_data",
        "indicator",
        "kind",
        "kpi_id",
        "met",
        "missing_years",
        "notes",
        "path",
        "phase",
        "progress_to_path",
        "progress_to_target",
        "rule",
        "status",
        "target",
    )

    _plan: Plan
    _result: KpiResult | None
    _source: object
    _unit: str | None
    _value: Decimal | None
    kpi_id: str
    indicator: str
    kind: ResultKind
    status: str
    rule: str
    notes: tuple[str, ...]
    phase: Phase
    assessed_year: int | None
    has_data: bool
    actual: Decimal | None
    aggregation: Aggregation | None
    baseline: Decimal | None
    baseline_year: int | None
    baseline_source: BaselineSource | None
    target: Decimal | None
    expected: Decimal | None
    path: Literal["straight", "n20", "explicit"] | None
    direction: Direction | None
    achievement: Decimal | None
    achievement_formula: Literal["ratio", "gap"] | None
    progress_to_path: Decimal | None
    progress_to_target: Decimal | None
    met: bool | None
    comparison: RelativeFacts | None
    missing_years: tuple[int, ...]

    @classmethod
    def of(cls, judge: LeanJudge, kpi: Kpi, result: KpiResult) -> LeanResult:
        """A result `evaluate_kpi` gave (for a KPI the lean judge leaves), in the same shape."""
        plan = judge.plan(Shape.of(kpi.target, result.basis), _nothing)
        found = _blank(plan, kpi.id, kpi.indicator, None, None, None)
        for name in _COPIED:
            setattr(found, name, getattr(result, name))
        found._result = result
        return found

    @property
    def year(self) -> int:
        return self._plan.judge.year

    @property
    def basis(self) -> YearBasis:
        return self._plan.shape.basis

    @property
    def rule_set(self) -> str:
        return self._plan.rules.id

    @property
    def target_year(self) -> int | None:
        return self._plan.shape.target_year

    @property
    def label(self) -> str:
        return self._plan.judge.labels[self.status][0]

    @property
    def colour(self) -> str:
        return self._plan.judge.labels[self.status][1]

    @property
    def explanation(self) -> str:
        return self.result().explanation

    @property
    def used(self) -> tuple[UsedValue, ...]:
        return self.result().used

    def result(self) -> KpiResult:
        """The `KpiResult` of `evaluate_kpi` (same figures, same rules): the sentence is written
        here, once, at the pure evaluator's cost."""
        found = self._result
        if found is None:
            kpi = self._model()
            index = index_observations(self._plan.figures(self._plan, self._source))
            (found,) = evaluate_indexed(
                [kpi], {kpi.id: index}, year=self._plan.judge.year, rules=self._plan.rules
            )
            self._result = found
        return found

    def _model(self) -> Kpi:
        """The KPI as `evaluate_indexed` takes it: what the evaluation reads (the bullet's
        words, level and lines stay in the revision's model; only relative targets, never
        lean, read the words)."""
        shape = self._plan.shape
        target = trusted(
            Target,
            {
                "text": "",
                "value": self._value,
                "unit": self._unit,
                "comparator": shape.comparator,
                "target_year": shape.target_year,
                "year_basis": shape.year_basis,
                "recurring": shape.recurring,
                "cumulative": shape.cumulative,
                "period_start": shape.period_start,
                "baseline_year": shape.baseline_year,
                # a 基準値 stated by the document is never judged leanly (store/yearly.py)
                "baseline_year_basis": None,
                "baseline_period_start": None,
                "baseline_value": None,
                "baseline_unit": None,
                "baseline_text": None,
                "to_be_set": False,
                "relative_to": None,
            },
        )
        values = {"id": self.kpi_id, "indicator": self.indicator, "target": target, "notes": ()}
        return trusted(Kpi, values)


_COPIED = tuple(
    name for name in LeanResult.__slots__ if not name.startswith("_") and name != "indicator"
)
"""The fields a LeanResult keeps itself (the others it reads from its plan)."""


def _nothing(_: Plan, __: object) -> tuple[()]:
    return ()


def _blank(
    plan: Plan,
    kpi_id: str,
    indicator: str,
    value: Decimal | None,
    unit: str | None,
    source: object,
) -> LeanResult:
    """A result with the KpiResult's defaults, to be filled in (every slot set: a slot has no
    default, and setting all of them is cheaper than a dict of the few that differ)."""
    result = _new(LeanResult)
    result._plan, result._source, result._result = plan, source, None
    result._value, result._unit = value, unit
    result.kpi_id, result.indicator, result.notes = kpi_id, indicator, plan.notes
    result.phase, result.assessed_year, result.has_data = "none", None, False
    result.actual = result.aggregation = result.target = result.expected = None
    result.baseline = result.baseline_year = result.baseline_source = None
    result.path = result.direction = result.met = result.comparison = None
    result.achievement = result.achievement_formula = None
    result.progress_to_path = result.progress_to_target = None
    result.missing_years = ()
    return result


_new = object.__new__


class LeanJudge:
    """One rule set and year: what every KPI's judgement reads of them, worked out once."""

    def __init__(self, rules: RuleSet, year: int) -> None:
        self.rules = rules
        self.year = year
        statuses = (*(label.id for label in rules.labels), "no_data", "not_due", "not_assessable")
        self.labels = {status: (rules.text(status), rules.colour(status)) for status in statuses}
        # The bound of each threshold as `Threshold.bound` computes it, and how it admits.
        self.thresholds = tuple((t.bound, t.above is not None, t.label) for t in rules.thresholds)
        self.measure = rules.measure
        self.formula = rules.achievement_formula
        self.against_final = rules.achievement_base == "final"
        self.graded_final = rules.final == "thresholds"
        self.early = rules.early_achievement
        self.needs_baseline = rules.measure != "achievement" or self.formula == "gap"
        self.yes_no = rules.yes_no
        self.plans: dict[tuple[Shape, Figures], Plan] = {}

    def plan(self, shape: Shape, figures: Figures) -> Plan:
        """The plan of a shape (made once); `figures` gives back a result's figures."""
        found = self.plans.get((shape, figures))
        if found is None:
            found = self.plans[(shape, figures)] = Plan(self, shape, figures)
        return found

    def judge(
        self,
        plan: Plan,
        kpi_id: str,
        indicator: str,
        value: Decimal | None,
        unit: str | None,
        actual: Decimal | None,
        aggregation: Aggregation,
        units: tuple[str, ...],
        baseline: Decimal | None,
        source: object,
        missing: tuple[int, ...] = (),
    ) -> LeanResult | None:
        """The judgement of a KPI of `plan`'s shape (a `NUMERIC` comparator with a `value`, or
        a `TREND` one), or None where `evaluate_kpi` must judge.

        `actual` is the value for the plan's assessed year, made by `aggregation` of figures in
        `units`; when there is none, `missing` are the years without a figure (データなし: its
        sentence names the latest figure, so `source` must hold every figure; else None).
        `baseline` is the single-year figure of the target's baseline year; `plan.figures(plan,
        source)` gives back the figures all this came from.
        """
        if not plan.lean or (value is None and plan.numeric):
            return None
        result = _blank(plan, kpi_id, indicator, value, unit, source)
        if plan.before is not None and plan.before[1] == "period.before":
            result.notes = ()  # decided before the timing and the baseline are read
            return _special(result, *plan.before)
        known: Decimal | None = None
        if plan.start is not None:
            known = result.baseline = ZERO
            result.baseline_year, result.baseline_source = plan.base_year, "cumulative_start"
        elif plan.base_year is not None:
            result.baseline_year = plan.base_year
            if baseline is not None:
                known = result.baseline = baseline
                result.baseline_source = "observation"
        if plan.before is not None:
            return _special(result, *plan.before)
        if actual is None:
            if not missing:
                return None  # without every figure, the latest one is not known
            result.assessed_year, result.phase, result.missing_years = (
                plan.year,
                plan.phase,
                missing,
            )
            rule = "data.missing" if missing == (plan.year,) else "data.missing_years"
            return _special(result, "no_data", rule)
        if unit:
            for found in units:
                if found != unit and found and base_unit(found) != base_unit(unit):
                    return None  # 評価不能 (unit.mismatch), rare
        result.actual, result.aggregation, result.has_data = actual, aggregation, True
        result.assessed_year, result.phase = plan.year, plan.phase
        if plan.shape.comparator in TREND:
            return self._trend(result, plan, actual, known)
        assert value is not None  # a numeric target without a value is not lean
        return self._numeric(result, plan, actual, known, value)

    def judge_series(
        self,
        shape: Shape,
        kpi_id: str,
        indicator: str,
        value: Decimal | None,
        unit: str | None,
        by_period: Mapping[tuple[int, int], ObservationLike],
        figures: Figures,
    ) -> LeanResult | None:
        """`judge` from every figure of the KPI in force, by period (`ObservationIndex.by_period`
        without duplicates): for 毎年 targets, 累計 summed year by year, and a year basis taken
        from the latest figure. `figures(plan, by_period)` gives them back."""
        if shape.year_basis is None:
            shape = shape._replace(basis=_latest_basis(by_period))
        plan = self.plan(shape, figures)
        used, aggregation, missing = _used(shape, by_period, plan.year)
        if shape.recurring and used and _gaps(shape, by_period, plan.year):
            return None  # the note lists the missing years: left to evaluate_kpi
        base_year = shape.baseline_year
        found = None if base_year is None else by_period.get((base_year, base_year))
        return self.judge(
            plan,
            kpi_id,
            indicator,
            value,
            unit,
            _value(used, aggregation),
            aggregation,
            tuple(figure.unit for figure in used),
            None if found is None else found.value,
            by_period,
            missing,
        )

    def _trend(
        self, result: LeanResult, plan: Plan, actual: Decimal, baseline: Decimal | None
    ) -> LeanResult:
        if baseline is None or plan.base_year is None:
            return _special(result, "not_assessable", "baseline.missing")
        direction = plan.direction
        if direction is None:  # 向上・改善 without a direction in the reference: up, noted
            result.notes += (_NO_DIRECTION,)
            direction = "up"
        comparator = plan.shape.comparator
        if comparator == "maintain":
            held = actual >= baseline
        elif direction == "down":
            held = actual < baseline
        else:
            held = actual > baseline
        result.direction, result.met = direction, held
        yes_no = self.yes_no
        if plan.phase == "path":
            status, outcome = (
                (yes_no.on_track, "on_track") if held else (yes_no.off_track, "off_track")
            )
        else:
            status, outcome = (yes_no.met, "met") if held else (yes_no.not_met, "not_met")
        return _evaluated(result, status, f"{plan.phase}.trend.{outcome}")

    def _numeric(
        self,
        result: LeanResult,
        plan: Plan,
        actual: Decimal,
        baseline: Decimal | None,
        target: Decimal,
    ) -> LeanResult:
        direction = plan.direction
        if direction is None:  # a bare value: from the baseline towards the target
            if baseline is None:
                result.notes += (_NO_DIRECTION,)
                direction = "up"
            elif target != baseline:
                direction = "up" if target > baseline else "down"
            else:
                direction = "maintain"
        meets = plan.meets or (le if direction == "down" else ge)  # a bare value: reached
        met = meets(actual, target)
        result.target, result.direction, result.met = target, direction, met
        if plan.phase != "path":
            return self._final(result, plan, actual, baseline, target, direction, met)
        if self.early and met and baseline != target:  # a 維持 target is never achieved early
            return _evaluated(result, self.yes_no.met, "path.early_met")
        if baseline is None or plan.base_year is None:
            return _special(result, "not_assessable", "baseline.missing")
        expected = _expected(plan, baseline, target)
        graded = self._measures(result, actual, baseline, expected, target, direction)
        result.expected, result.path = expected, plan.rules.interim
        if graded is None:  # a zero denominator: whether the expected value is reached
            result.notes += (zero_reason(baseline, expected, target, actual),)
            held = actual <= expected if direction == "down" else actual >= expected
            status = self.yes_no.on_track if held else self.yes_no.off_track
            outcome = "on_track" if held else "off_track"
            return _evaluated(result, status, f"path.zero_division.{outcome}")
        label = self._grade(graded)
        return _evaluated(result, label, f"path.threshold.{label}")

    def _final(
        self,
        result: LeanResult,
        plan: Plan,
        actual: Decimal,
        baseline: Decimal | None,
        target: Decimal,
        direction: Direction,
        met: bool,
    ) -> LeanResult:
        """The target year or later, or a yearly target: the value against the target."""
        graded = self._measures(result, actual, baseline, target, target, direction)
        result.expected = target
        phase = plan.phase
        if not self.graded_final:
            status = self.yes_no.met if met else self.yes_no.not_met
            return _evaluated(result, status, f"{phase}.{'met' if met else 'not_met'}")
        if graded is None:
            if baseline is None and self.needs_baseline:
                return _special(result, "not_assessable", "baseline.missing")
            result.notes += (zero_reason(baseline, target, target, actual),)  # met or not
            status = self.yes_no.met if met else self.yes_no.not_met
            return _evaluated(
                result, status, f"{phase}.zero_division.{'met' if met else 'not_met'}"
            )
        label = self._grade(graded)
        return _evaluated(result, label, f"{phase}.threshold.{label}")

    def _measures(
        self,
        result: LeanResult,
        actual: Decimal,
        baseline: Decimal | None,
        goal: Decimal,
        final: Decimal,
        direction: Direction,
    ) -> Decimal | None:
        """達成率 and 進捗率 into the result (numeric.py `_measures`); the graded one back."""
        against = final if self.against_final else goal
        if self.formula == "ratio":
            if direction == "down":
                achievement = None if actual == 0 else CONTEXT.divide(against, actual)
            else:
                achievement = None if against == 0 else CONTEXT.divide(actual, against)
        else:
            achievement = None if baseline is None else _progress(actual, baseline, against)
        if baseline is None:
            on_path = to_target = None
        else:
            on_path = _progress(actual, baseline, goal)
            # At or after the target year the goal is the target: the same division.
            to_target = on_path if goal is final else _progress(actual, baseline, final)
        result.achievement, result.achievement_formula = achievement, self.formula
        result.progress_to_path, result.progress_to_target = on_path, to_target
        if self.measure == "achievement":
            return achievement
        return on_path if self.measure == "path_progress" else to_target

    def _grade(self, measure: Decimal) -> str:
        """The label of the first threshold the measure reaches (`RuleSet.grade`)."""
        for bound, above, label in self.thresholds:
            if bound is None or (measure > bound if above else measure >= bound):
                return label
        return self.thresholds[-1][2]


def _evaluated(result: LeanResult, status: str, rule: str) -> LeanResult:
    result.status, result.kind, result.rule = status, "evaluated", rule
    return result


def _special(result: LeanResult, kind: ResultKind, rule: str) -> LeanResult:
    """データなし / 対象外 / 評価不能: the state is its own status."""
    result.status = result.kind = kind
    result.rule = rule
    return result


def _expected(plan: Plan, baseline: Decimal, target: Decimal) -> Decimal:
    """期待値 of the year on the path, as `path.expected_value` computes it (the year is
    before the target year here)."""
    steps = plan.steps
    assert steps is not None  # the path phase with a baseline year has its steps
    gap = CONTEXT.subtract(target, baseline)
    if plan.span is None:  # n20: the share of the way
        return CONTEXT.add(baseline, CONTEXT.multiply(gap, steps))
    # Multiply before dividing, as path.py does: the same digits.
    return CONTEXT.add(baseline, CONTEXT.divide(CONTEXT.multiply(gap, steps), plan.span))


def _progress(actual: Decimal, baseline: Decimal, goal: Decimal) -> Decimal | None:
    """path.py `ratio_progress`: (actual − baseline) ÷ (goal − baseline), None at zero."""
    span = CONTEXT.subtract(goal, baseline)
    return None if span == 0 else CONTEXT.divide(CONTEXT.subtract(actual, baseline), span)


# -- the series of a KPI --------------------------------------------------------------------------

Periods = Mapping[tuple[int, int], ObservationLike]


def _latest_basis(by_period: Periods) -> YearBasis:
    """The year basis of the latest figure (kpi.py `_basis` without reference data)."""
    if not by_period:
        return "calendar"
    latest = by_period[max(by_period, key=lambda k: (k[1], -k[0]))]
    return "fiscal" if latest.period.basis == "fiscal" else "calendar"


def _used(
    shape: Shape, by_period: Periods, assessed: int
) -> tuple[tuple[ObservationLike, ...], Aggregation, tuple[int, ...]]:
    """The figures the value for the assessed year is made of, and how (kpi.py `_actual`
    without reference data: a 累計 is a flow); or none, and the years without a figure."""
    start = shape.period_start
    if shape.cumulative and start is not None:
        ranged = by_period.get((start, assessed))
        if ranged is not None:
            return (ranged,), "range", ()
        years = range(start, assessed + 1)  # none at all: a period that ends before it starts
        found = tuple(f for f in (by_period.get((y, y)) for y in years) if f is not None)
        if len(found) == len(years):
            return (found if found else ()), "sum", ()
        return (), "sum", tuple(y for y in years if (y, y) not in by_period)
    single = by_period.get((assessed, assessed))
    return ((), "single", (assessed,)) if single is None else ((single,), "single", ())


def _value(used: tuple[ObservationLike, ...], aggregation: Aggregation) -> Decimal | None:
    """The value judged: the figure's own, or the sum of a 累計's years (kpi.py `_summed`)."""
    if not used:
        return None
    if aggregation != "sum":
        return used[0].value
    total = ZERO
    for figure in used:
        total = CONTEXT.add(total, figure.value)
    return total


def _gaps(shape: Shape, by_period: Periods, assessed: int) -> tuple[int, ...]:
    """毎年の目標: earlier years of the period (or since the first figure) without a figure."""
    known = sorted(start for start, end in by_period if start == end)
    first = known[0] if known else assessed
    start = shape.period_start if shape.period_start is not None else first
    return tuple(y for y in range(start, assessed) if (y, y) not in by_period)
