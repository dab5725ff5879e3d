"""The lean judge gives what `evaluate_kpi` gives, field by field, for every KPI it takes on.

Targets of every shape it covers (以上・超・以下・未満・a value, 増加・減少・向上・維持; with and
without target year, year basis and unit; 累計 and 毎年), figures of any years, values and
units, every bundled rule set, any evaluation year. Both entry points are checked: `judge` on
the two figures a store row carries (the assessed year's and the baseline year's), and
`judge_series` on the whole series. Where the lean judge declines (None), the store evaluates
with `evaluate_kpi` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sousei.evaluate import KpiResult, available_rule_sets, evaluate_kpi, load_rule_set
from sousei.evaluate.lean import NUMERIC, TREND, LeanJudge, LeanResult, Plan, Shape
from sousei.evaluate.series import ObservationLike, index_observations
from sousei.model.actuals import KpiReference, Period, Report
from sousei.model.strategy import Kpi, Target
from sousei.model.types import SourceSpan, YearBasis

D = Decimal
COMPARATORS = sorted(NUMERIC | TREND)
UNITS = ("人", "件", "%", "か所", None, "")
AMOUNTS = st.one_of(
    st.integers(-50, 5000).map(D),
    st.decimals(min_value=-1000, max_value=100_000, places=2, allow_nan=False).map(
        lambda d: d.normalize() if d == d.to_integral_value() else d
    ),
    st.sampled_from([D(0), D(100), D("35.5"), D(60_000_000), D("9455900000000")]),
)


@st.composite
def targets(draw: st.DrawFn, year: int) -> Target:
    """A target of a shape the lean judge covers, its years around the evaluated `year`."""
    comparator = draw(st.sampled_from(COMPARATORS))
    recurring = draw(st.integers(0, 4)) == 0
    cumulative = not recurring and draw(st.integers(0, 3)) == 0
    later = st.integers(year + 1, year + 5)  # the path phase, most of the time
    target_year = draw(st.one_of(st.none(), st.integers(year - 3, year), later, later))
    basis: YearBasis | None = draw(st.sampled_from(["calendar", "fiscal", "fiscal", None]))
    with_start = cumulative or (recurring and draw(st.booleans()))
    start = draw(st.integers(year - 6, year + 1)) if with_start else None
    numeric = comparator in NUMERIC
    return Target(
        text="",
        value=draw(AMOUNTS) if numeric or draw(st.booleans()) else None,
        unit=draw(st.sampled_from(UNITS)),
        comparator=comparator,  # type: ignore[arg-type]
        target_year=target_year,
        year_basis=basis,
        recurring=recurring,
        cumulative=cumulative,
        period_start=start,
        baseline_year=draw(st.one_of(st.none(), st.integers(year - 6, year - 1), st.just(year))),
    )


@st.composite
def series(draw: st.DrawFn, target: Target, year: int) -> list[Report]:
    """Most years' figures up to a year after `year` (a value equal to the target's now and
    then, for the zero denominators), in the target's unit mostly; a 累計's whole period now
    and then."""
    basis = draw(st.sampled_from(["calendar", "fiscal"]))
    unit = target.unit or "人"
    pool = st.one_of(AMOUNTS, st.just(target.value or D(0)))
    first = draw(st.integers(year - 10, year - 5))
    last = draw(st.integers(year - 1, year + 2))
    missing = draw(st.sets(st.integers(first, last), max_size=2))
    years = [y for y in range(first, last + 1) if y not in missing]
    figures = [_report(y, y, draw(pool), unit, basis) for y in years]
    if target.cumulative and target.period_start is not None and draw(st.booleans()):
        end = draw(st.integers(target.period_start, year + 2))
        if end != target.period_start:
            figures.append(_report(target.period_start, end, draw(pool), unit, basis))
    if figures and draw(st.integers(0, 9)) == 0:  # one figure in another unit
        index = draw(st.integers(0, len(figures) - 1))
        other = draw(st.sampled_from(["千人", "箇所", "円"]))
        figures[index] = figures[index].model_copy(update={"unit": other})
    return figures


def _report(start: int, end: int, value: Decimal, unit: str, basis: str) -> Report:
    period = Period(start=start, end=end, basis=basis)  # type: ignore[arg-type]
    return Report(kpi_id="K1", period=period, value=value, unit=unit, status="確定値")


def _kpi(target: Target) -> Kpi:
    return Kpi(
        id="K1",
        level="output",
        owner="a",
        indicator="指標",
        target=target,
        text="",
        lines=SourceSpan(start=1, end=1),
    )


def _values(plan: Plan, by_period: Mapping[tuple[int, int], ObservationLike]) -> Iterable[Any]:
    return by_period.values()


def _two_figures(
    judge: LeanJudge, kpi: Kpi, by_period: Mapping[tuple[int, int], ObservationLike]
) -> LeanResult | None:
    """`judge` as the store calls it for a row: the assessed year's figure (a 累計's whole
    period) and the baseline year's; None where the store reads the whole series instead (no
    such figure, a 毎年 target, no year basis, a later figure with the unit to write)."""
    target = kpi.target
    plan = judge.plan(Shape.of(target), _values)
    first = target.period_start if plan.aggregation == "range" else plan.year
    figure = by_period.get((first or plan.year, plan.year))
    later = any(
        key[1] > plan.year or (key[1] == plan.year and key[0] < (first or plan.year))
        for key in by_period
    )
    if plan.whole_series or figure is None or (later and not target.unit):
        return None
    base_year = target.baseline_year
    baseline = None if base_year is None else by_period.get((base_year, base_year))
    kept = {k: f for k, f in by_period.items() if f is figure or f is baseline}
    return judge.judge(
        plan,
        kpi.id,
        kpi.indicator,
        target.value,
        target.unit,
        None if figure is None else figure.value,
        plan.aggregation,
        () if figure is None else (figure.unit,),
        None if baseline is None else baseline.value,
        kept,
    )


def differences(lean: LeanResult, pure: KpiResult) -> list[str]:
    """The fields where they differ (every field's repr: Decimal exponents count), and the
    KpiResult the lean result writes on demand."""
    found = [
        f"{name}: {getattr(lean, name)!r} != {getattr(pure, name)!r}"
        for name in KpiResult.model_fields
        if repr(getattr(lean, name)) != repr(getattr(pure, name))
    ]
    if repr(lean.result()) != repr(pure):
        found.append(f"result(): {lean.result()!r} != {pure!r}")
    return found


@st.composite
def cases(draw: st.DrawFn) -> tuple[Kpi, list[Report], str, int]:
    year = draw(st.integers(2018, 2032))
    target = draw(targets(year))
    return (
        _kpi(target),
        draw(series(target, year)),
        draw(st.sampled_from(available_rule_sets())),
        year,
    )


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_lean_judge_gives_what_evaluate_kpi_gives(
    case: tuple[Kpi, list[Report], str, int],
) -> None:
    kpi, figures, name, year = case
    rules = load_rule_set(name)
    pure = evaluate_kpi(kpi, year=year, observations=figures, reference=KpiReference(), rules=rules)
    by_period = index_observations(figures).by_period
    judge = LeanJudge(rules, year)
    whole = judge.judge_series(
        Shape.of(kpi.target),
        kpi.id,
        kpi.indicator,
        kpi.target.value,
        kpi.target.unit,
        by_period,
        _values,
    )
    for lean in (whole, _two_figures(judge, kpi, by_period)):
        if lean is not None:
            assert differences(lean, pure) == []


@pytest.mark.parametrize("name", available_rule_sets())
def test_the_lean_judge_takes_on_the_common_kpis(name: str) -> None:
    """Declining is for the rare turns: here only the KPI without a figure for the year."""
    rules = load_rule_set(name)
    judge = LeanJudge(rules, 2025)
    declined = 0
    for index, comparator in enumerate(COMPARATORS * 4):
        target = Target(
            text="",
            value=D(200) if comparator in NUMERIC else None,
            unit="人",
            comparator=comparator,  # type: ignore[arg-type]
            target_year=2024 + index % 4,
            year_basis="fiscal",
            baseline_year=2020 + index % 3,
        )
        kpi = _kpi(target)
        figures = [
            _report(y, y, D(150 + 10 * y - 20200), "人", "fiscal") for y in range(2019, 2026)
        ]
        if index == 0:
            figures = figures[:-2]  # no figure for 2025: データなし, which names the latest figure
        by_period = index_observations(figures).by_period
        lean = _two_figures(judge, kpi, by_period)
        pure = evaluate_kpi(
            kpi, year=2025, observations=figures, reference=KpiReference(), rules=rules
        )
        if lean is None:
            declined += 1
        else:
            assert differences(lean, pure) == []
    assert declined == 1
