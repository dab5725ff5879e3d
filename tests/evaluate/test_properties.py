"""Properties of the evaluation that must hold for every input (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sousei.evaluate import available_rule_sets, load_rule_set, roll_up
from sousei.model.actuals import Observation, Period
from sousei.model.types import Comparator

from .factory import D, figure, make_kpi, owned_kpi, result, run, strategy

RULE_SETS = st.sampled_from(available_rule_sets())


@st.composite
def towards_target(draw: st.DrawFn) -> tuple[Comparator, int, int, int, int, Decimal, Decimal]:
    """(comparator, baseline, target, target year, year, actual, an actual nearer the target)."""
    comparators: list[Comparator] = ["=", ">=", ">", "<=", "<"]
    comparator = draw(st.sampled_from(comparators))
    baseline = draw(st.integers(1, 10_000))
    gap = draw(st.integers(1, 10_000))
    rising = comparator in (">=", ">") or (comparator == "=" and draw(st.booleans()))
    target = baseline + gap if rising else baseline
    if not rising:
        baseline += gap  # a falling indicator starts above its target
    target_year = 2020 + draw(st.integers(1, 10))
    year = draw(st.integers(2021, target_year + 2))
    cents = st.integers(0, 300 * gap).map(lambda c: D(c) / 100)
    if rising:
        low = draw(cents.filter(lambda v: v <= target))
        step = draw(st.integers(0, 100).map(lambda p: (D(target) - low) * p / 100))
        return comparator, baseline, target, target_year, year, low, low + step
    high = D(target) + draw(cents)
    step = draw(st.integers(0, 100).map(lambda p: (high - target) * p / 100))
    return comparator, baseline, target, target_year, year, high, high - step


@settings(max_examples=300, deadline=None)
@given(case=towards_target(), rules=RULE_SETS)
def test_moving_towards_the_target_never_worsens_the_status(
    case: tuple[Comparator, int, int, int, int, Decimal, Decimal], rules: str
) -> None:
    comparator, baseline, target, target_year, year, actual, nearer = case
    kpi = make_kpi(comparator, target, target_year=target_year)
    assessed = min(year, target_year)
    before = run(
        kpi,
        year,
        [figure(assessed, str(actual))],
        rules=rules,
        baseline_value=baseline,
        baseline_year=2020,
    )
    after = run(
        kpi,
        year,
        [figure(assessed, str(nearer))],
        rules=rules,
        baseline_value=baseline,
        baseline_year=2020,
    )
    ordered = load_rule_set(rules)
    assert before.kind == after.kind == "evaluated"
    assert ordered.rank(after.status) <= ordered.rank(before.status), (before, after)


@settings(max_examples=200, deadline=None)
@given(
    rules=RULE_SETS,
    comparator=st.sampled_from(["increase", "decrease", "maintain"]),
    base=st.integers(0, 1000),
    actual=st.integers(0, 1000),
    step=st.integers(0, 1000),
    year=st.integers(2021, 2026),
)
def test_moving_a_trend_the_right_way_never_worsens_the_status(
    rules: str, comparator: Comparator, base: int, actual: int, step: int, year: int
) -> None:
    kpi = make_kpi(comparator, None, unit=None, target_year=2025, baseline_year=2020)
    better = actual - step if comparator == "decrease" else actual + step
    assessed = min(year, 2025)
    first = run(kpi, year, [figure(2020, base), figure(assessed, actual)], rules=rules)
    second = run(kpi, year, [figure(2020, base), figure(assessed, better)], rules=rules)
    ordered = load_rule_set(rules)
    assert ordered.rank(second.status) <= ordered.rank(first.status)


STAMP = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def observation_lists(draw: st.DrawFn) -> list[Observation]:
    """Figures for 2020–2030 with duplicates of a period, ids and entry times."""
    count = draw(st.integers(0, 15))
    items: list[Observation] = []
    for number in range(count):
        year = draw(st.integers(2020, 2030))
        items.append(
            Observation(
                id=number,
                kpi_id="K1",
                period=Period(start=year, end=year, basis="calendar"),
                value=D(draw(st.integers(0, 500))),
                unit="件",
                entered_by="test",
                entered_at=STAMP + timedelta(days=draw(st.integers(0, 3))),
            )
        )
    return items


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    observations=observation_lists(),
    rules=RULE_SETS,
    year=st.integers(2020, 2032),
    shape=st.sampled_from(["path", "cumulative", "recurring", "trend"]),
)
def test_status_does_not_depend_on_the_order_of_observations(
    data: st.DataObject, observations: list[Observation], rules: str, year: int, shape: str
) -> None:
    kpis = {
        "path": make_kpi("=", 400, unit="件", target_year=2028),
        "cumulative": make_kpi(
            "=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2024
        ),
        "recurring": make_kpi(
            ">=", 200, unit="件", target_year=2029, recurring=True, period_start=2022
        ),
        "trend": make_kpi("increase", None, unit=None, target_year=2028, baseline_year=2021),
    }
    kpi = kpis[shape]
    shuffled = data.draw(st.permutations(observations))
    first = run(kpi, year, observations, rules=rules, baseline_year=2021)
    second = run(kpi, year, shuffled, rules=rules, baseline_year=2021)
    assert first == second


OWNERS = [("impact", "1"), ("outcome", "A"), ("output", "a"), ("output", "b"), ("output", "4(1)")]
ALL_STATUSES = [
    "achieved",
    "on_track",
    "behind",
    "no_data",
    "not_due",
    "not_assessable",
]


@settings(max_examples=200, deadline=None)
@given(
    children=st.lists(
        st.tuples(st.sampled_from(OWNERS), st.sampled_from(ALL_STATUSES)), max_size=60
    )
)
def test_a_roll_up_of_n_children_counts_exactly_n(
    children: list[tuple[tuple[str, str], str]],
) -> None:
    rules = load_rule_set("national")
    kpis = tuple(owned_kpi(f"k{i}", level, owner) for i, ((level, owner), _) in enumerate(children))
    results = [result(f"k{i}", status, rules) for i, (_, status) in enumerate(children)]
    rolled = roll_up(results, strategy(kpis), rules)
    top = rolled.node("strategy")
    assert top.total == len(children)
    assert sum(top.counts.values()) == len(children)
    assert top.evaluated + sum(
        top.counts[s] for s in ("no_data", "not_due", "not_assessable")
    ) == len(children)
    for node in rolled.nodes:
        below = [n for n in rolled.nodes if n.parent == node.key]
        assert node.total == len(node.own_kpi_ids) + sum(n.total for n in below)
        assert sum(node.counts.values()) == node.total
    for kpi_id, path in rolled.paths.items():
        assert sum(kpi_id in rolled.node(key).own_kpi_ids for key in path) == 1
