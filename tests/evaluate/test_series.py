"""Observations as the evaluation reads them: one index per KPI, duplicates by precedence."""

from __future__ import annotations

from datetime import UTC, datetime

from sousei.evaluate import evaluate_all, group_by_kpi, index_by_kpi, load_rule_set
from sousei.evaluate.series import index_observations
from sousei.model.actuals import KpiReference, Observation, Period

from .factory import D, figure, figures, make_kpi, run

STAMP = datetime(2026, 4, 1, tzinfo=UTC)


def _stored(number: int, value: int, *, day: int = 1, kpi_id: str = "K1") -> Observation:
    return Observation(
        id=number,
        kpi_id=kpi_id,
        period=Period(start=2025, end=2025, basis="calendar"),
        value=D(value),
        unit="人",
        entered_by="test",
        entered_at=STAMP.replace(day=day),
    )


def test_the_latest_entry_wins_then_the_highest_id() -> None:
    later = index_observations([_stored(1, 10, day=5), _stored(2, 20, day=3)])
    assert later.single(2025) is not None
    assert later.single(2025).value == 10  # type: ignore[union-attr]
    assert later.duplicates == 1
    same_time = index_observations([_stored(7, 10), _stored(3, 20)])
    assert same_time.single(2025).value == 10  # type: ignore[union-attr]


def test_index_by_kpi_is_one_pass_with_duplicates_per_kpi() -> None:
    batch = [
        _stored(1, 10),
        _stored(2, 11, day=2),
        _stored(3, 30, kpi_id="K2"),
    ]
    indexes = index_by_kpi(batch)
    assert set(indexes) == {"K1", "K2"}
    assert indexes["K1"].duplicates == 1
    assert indexes["K2"].duplicates == 0
    assert {k: len(v) for k, v in group_by_kpi(batch).items()} == {"K1": 2, "K2": 1}


def test_evaluate_all_matches_figures_to_kpis_by_id() -> None:
    first = make_kpi("=", 200, kpi_id="K1")
    second = make_kpi("=", 200, kpi_id="K2")
    batch = [
        figure(2030, 210, kpi_id="K1"),
        figure(2030, 150, kpi_id="K2"),
        figure(2030, 1, kpi_id="K9"),
    ]
    results = evaluate_all(
        [first, second],
        batch,
        year=2030,
        rules=load_rule_set(),
        references={"K1": KpiReference(baseline_value=D(100), baseline_year=2024)},
    )
    assert [(r.kpi_id, r.status) for r in results] == [("K1", "achieved"), ("K2", "behind")]
    assert results[0].baseline == 100
    assert results[1].baseline is None


def test_evaluate_all_with_no_figures_for_a_kpi() -> None:
    results = evaluate_all([make_kpi("=", 200)], [], year=2027, rules=load_rule_set())
    assert results[0].status == "no_data"


def test_a_cumulative_target_with_a_rate_or_stock_uses_the_last_value() -> None:
    kpi = make_kpi("=", 90, unit="%", target_year=2029, cumulative=True, period_start=2025)
    for kind in ("rate", "stock", "cumulative"):
        result = run(kpi, 2026, figures({2025: 40, 2026: 50}, unit="%"), temporal_kind=kind)
        assert (result.actual, result.aggregation) == (D(50), "last")


def test_a_stock_is_taken_at_the_year_not_summed() -> None:
    kpi = make_kpi("=", 500, unit="件", target_year=2029)
    result = run(
        kpi,
        2026,
        figures({2025: 100, 2026: 120}, unit="件"),
        temporal_kind="flow",
        baseline_value=100,
        baseline_year=2024,
    )
    assert (result.actual, result.aggregation) == (D(120), "single")
