"""Projection: linear and compound fits to the target year, always labelled as estimates."""

from __future__ import annotations

from decimal import Decimal

from sousei.evaluate import project
from sousei.evaluate.projection import CAVEAT

from .factory import D, figures, make_kpi


def test_two_points_give_a_linear_fit_only() -> None:
    target = make_kpi("=", 200, target_year=2030).target
    projection = project(figures({2024: 100, 2025: 110}), target)
    assert projection is not None
    (fit,) = projection.fits
    assert (fit.method, fit.points) == ("linear", 2)
    assert (fit.slope, fit.value) == (D(10), D(160))
    assert fit.reaches is False
    assert fit.statement == (
        "線形回帰（2点: 2024～2025年）による推計では、2030年に 160人の見込みで、"
        f"目標 200人に届きません（{CAVEAT}）"
    )


def test_three_points_add_a_compound_growth_fit() -> None:
    target = make_kpi(">=", 150, target_year=2030).target
    projection = project(figures({2024: 100, 2025: 110, 2026: 121}), target)
    assert projection is not None
    linear, compound = projection.fits
    assert linear.slope == Decimal("10.5")
    assert abs(linear.value - Decimal("162.8333333")) < Decimal("0.0001")
    assert compound.method == "compound"
    assert compound.rate is not None
    assert abs(compound.rate - Decimal("0.1")) < Decimal("1e-20")
    assert abs(compound.value - Decimal("177.1561")) < Decimal("1e-15")
    assert linear.reaches
    assert compound.reaches
    assert "年平均成長率" in compound.method_name
    assert all(CAVEAT in fit.statement for fit in projection.fits)


def test_not_enough_points_or_no_target_year() -> None:
    target = make_kpi("=", 200, target_year=2030).target
    assert project(figures({2024: 100}), target) is None
    assert (
        project(figures({2024: 100, 2025: 110}), make_kpi("=", 200, target_year=None).target)
        is None
    )


def test_compound_needs_positive_values() -> None:
    target = make_kpi("=", 200, target_year=2030).target
    projection = project(figures({2024: -5, 2025: 10, 2026: 20}), target)
    assert projection is not None
    assert [fit.method for fit in projection.fits] == ["linear"]


def test_falling_indicator_reaches_when_low_enough() -> None:
    target = make_kpi("<=", 50, target_year=2030).target
    projection = project(figures({2024: 100, 2025: 90, 2026: 80}), target)
    assert projection is not None
    assert projection.fits[0].value == 40
    assert projection.fits[0].reaches is True


def test_cumulative_flows_are_projected_as_a_running_total() -> None:
    target = make_kpi(
        "=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025
    ).target
    projection = project(figures({2025: 100, 2026: 100}, unit="件"), target)
    assert projection is not None
    assert projection.fits[0].value == 500  # 100, 200, … → 500 at 2029
    assert projection.fits[0].reaches is False


def test_multiple_and_trend_targets() -> None:
    multiple = make_kpi("multiple", 3, unit="倍", target_year=2030, baseline_year=2024).target
    projection = project(
        figures({2024: 100, 2025: 150}, unit="円"), multiple, baseline=Decimal(100), unit="円"
    )
    assert projection is not None
    assert projection.target == 300
    assert projection.fits[0].reaches is True  # 100 + 50 × 6 = 400
    trend = make_kpi("increase", None, unit=None, target_year=2029).target
    rising = project(figures({2024: 100, 2025: 101}), trend, baseline=Decimal(100))
    assert rising is not None
    assert rising.fits[0].reaches is True
    assert "目標を満たします" in rising.fits[0].statement
    unknown = project(figures({2024: 100, 2025: 101}), trend)
    assert unknown is not None
    assert unknown.fits[0].reaches is None
    assert unknown.fits[0].statement.endswith(f"の見込みです（{CAVEAT}）")
