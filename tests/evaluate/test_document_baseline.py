"""The 基準値 a strategy states (`Target.baseline_value`) starts the path when the reference data
give none; docs/formulas.md, "Baseline", gives the order."""

from __future__ import annotations

from typing import Any

import pytest

from .factory import D, figure, figures, make_kpi, run

# baseline 100 (2024) stated by the document → target 200 (2030): 2027 expects 150.


def _stated(**target: Any) -> dict[str, Any]:
    return {"baseline_year": 2024, "baseline_value": D(100), "baseline_unit": "人", **target}


def test_the_document_s_baseline_starts_the_path() -> None:
    kpi = make_kpi("=", 200, **_stated())
    result = run(kpi, 2027, [figure(2027, 150)])
    assert result.baseline == 100
    assert result.baseline_year == 2024
    assert result.baseline_source == "document"
    assert result.expected == 150
    assert result.status == "on_track"


def test_without_it_the_same_kpi_cannot_be_judged_on_its_path() -> None:
    kpi = make_kpi("=", 200, baseline_year=2024)
    result = run(kpi, 2027, [figure(2027, 150)])
    assert result.status == "not_assessable"
    assert result.rule == "baseline.missing"


def test_the_reference_wins_over_the_document() -> None:
    kpi = make_kpi("=", 200, **_stated())
    result = run(kpi, 2027, [figure(2027, 150)], baseline_value=120, baseline_year=2024)
    assert result.baseline == 120
    assert result.baseline_source == "reference"
    assert result.status == "behind"  # 120 → 200 expects 160 in 2027


def test_the_document_wins_over_the_figure_of_its_year() -> None:
    kpi = make_kpi("=", 200, **_stated())
    result = run(kpi, 2027, figures({2024: 90, 2027: 150}))
    assert result.baseline == 100
    assert result.baseline_source == "document"


def test_a_reference_naming_another_baseline_year_uses_that_year_s_figure() -> None:
    kpi = make_kpi("=", 200, **_stated())
    result = run(kpi, 2027, figures({2023: 80, 2027: 150}), baseline_year=2023)
    assert result.baseline == 80
    assert result.baseline_year == 2023
    assert result.baseline_source == "observation"


@pytest.mark.parametrize(
    ("unit", "used"),
    [
        pytest.param("人", True, id="same-unit"),
        pytest.param(None, True, id="no-unit-written"),
        pytest.param("件", False, id="other-unit"),
    ],
)
def test_a_baseline_in_another_unit_is_not_used(unit: str | None, used: bool) -> None:
    kpi = make_kpi("=", 200, **_stated(baseline_unit=unit))
    result = run(kpi, 2027, [figure(2027, 150)])
    assert (result.baseline_source == "document") is used


def test_a_trend_target_is_judged_against_the_document_s_baseline() -> None:
    kpi = make_kpi("increase", None, unit=None, **_stated())
    assert run(kpi, 2027, [figure(2027, 101)]).status == "on_track"
    assert run(kpi, 2027, [figure(2027, 100)]).status == "behind"


def test_n_times_the_document_s_baseline() -> None:
    kpi = make_kpi("multiple", 2, unit="倍", **_stated(baseline_unit="円"))
    result = run(kpi, 2030, [figure(2030, 210, unit="円")])
    assert result.target == 200
    assert result.status == "achieved"


def test_a_sum_over_a_period_starts_from_nothing_not_from_the_stated_level() -> None:
    # 企業立地件数 42件（R5年） → 5年間累計250件: 42 is one year's level before the period.
    kpi = make_kpi(
        "=",
        250,
        unit="件",
        target_year=2029,
        cumulative=True,
        period_start=2025,
        baseline_value=D(42),
        baseline_unit="件",
    )
    result = run(kpi, 2026, figures({2025: 50, 2026: 50}, unit="件"))
    assert result.baseline == 0
    assert result.baseline_source == "cumulative_start"
    assert result.expected == 100


def test_a_running_total_stated_as_one_is_its_own_baseline() -> None:
    # 1,120件（H27～R5年度累計） → 1,500件（R11年度累計）: no period, the total goes on.
    kpi = make_kpi(
        "=",
        1500,
        unit="件",
        target_year=2029,
        cumulative=True,
        baseline_year=2023,
        baseline_period_start=2015,
        baseline_value=D(1120),
        baseline_unit="件",
    )
    result = run(kpi, 2026, [figure(2026, 1310, unit="件")])
    assert result.baseline == 1120
    assert result.baseline_source == "document"
    assert result.expected == 1310
    assert result.status == "on_track"
