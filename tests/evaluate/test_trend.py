"""Trend targets (増加・減少・向上・維持), judged against the baseline year's value."""

from __future__ import annotations

import pytest

from sousei.model.types import Comparator

from .factory import figures, make_kpi, run


@pytest.mark.parametrize(
    ("comparator", "direction", "actual", "year", "status", "rule"),
    [
        pytest.param(
            "increase", None, 110, 2026, "on_track", "path.trend.on_track", id="increase-rose"
        ),
        pytest.param(
            "increase",
            None,
            100,
            2026,
            "behind",
            "path.trend.off_track",
            id="increase-flat-is-not-up",
        ),
        pytest.param(
            "increase", None, 105, 2029, "achieved", "final.trend.met", id="increase-final-met"
        ),
        pytest.param(
            "increase", None, 95, 2029, "behind", "final.trend.not_met", id="increase-final-missed"
        ),
        pytest.param(
            "decrease", None, 90, 2026, "on_track", "path.trend.on_track", id="decrease-fell"
        ),
        pytest.param(
            "decrease", None, 101, 2029, "behind", "final.trend.not_met", id="decrease-rose"
        ),
        pytest.param(
            "improve", None, 101, 2029, "achieved", "final.trend.met", id="improve-up-by-default"
        ),
        pytest.param(
            "improve", "down", 90, 2029, "achieved", "final.trend.met", id="improve-lower-is-better"
        ),
        pytest.param(
            "improve",
            "down",
            110,
            2026,
            "behind",
            "path.trend.off_track",
            id="improve-lower-is-better-rose",
        ),
        pytest.param(
            "maintain", None, 100, 2026, "on_track", "path.trend.on_track", id="maintain-held"
        ),
        pytest.param(
            "maintain", None, 120, 2029, "achieved", "final.trend.met", id="maintain-above"
        ),
        pytest.param(
            "maintain", None, 99, 2029, "behind", "final.trend.not_met", id="maintain-lost"
        ),
        pytest.param(
            "maintain",
            "down",
            99,
            2029,
            "achieved",
            "final.trend.met",
            id="maintain-lower-is-better",
        ),
    ],
)
def test_trend_truth_table(
    comparator: Comparator, direction: str | None, actual: int, year: int, status: str, rule: str
) -> None:
    kpi = make_kpi(comparator, None, unit=None, target_year=2029, baseline_year=2024)
    observations = figures({2024: 100, year: actual}, unit="%")
    result = run(kpi, year, observations, direction=direction)
    assert (result.status, result.rule) == (status, rule)
    assert result.baseline == 100
    assert result.progress_to_target is None  # no ratio for a trend


def test_trend_explanations() -> None:
    kpi = make_kpi("increase", None, unit=None, target_year=2029, baseline_year=2024)
    rose = run(kpi, 2026, figures({2024: 100, 2026: 110}, unit="%"))
    assert rose.explanation == "2026年の実績 110%は、基準 100%（2024年）より増加しています（順調）"
    final = run(kpi, 2029, figures({2024: 100, 2029: 95}, unit="%"))
    assert final.explanation == (
        "目標年である2029年の実績 95%は、基準 100%（2024年）より増加していません（遅れ）"
    )
    kept = make_kpi("maintain", None, unit=None, target_year=2029, baseline_year=2024)
    held = run(kept, 2026, figures({2024: 100, 2026: 100}, unit="%"))
    assert (
        held.explanation == "2026年の実績 100%は、基準 100%（2024年）の水準を維持しています（順調）"
    )
    better = make_kpi("improve", None, unit=None, target_year=2029, baseline_year=2024)
    lower = run(better, 2026, figures({2024: 100, 2026: 90}, unit="%"), direction="down")
    assert "より改善しています（順調）" in lower.explanation


def test_improve_without_a_direction_says_what_it_assumed() -> None:
    kpi = make_kpi("improve", None, unit=None, target_year=2029, baseline_year=2024)
    result = run(kpi, 2026, figures({2024: 100, 2026: 110}, unit="%"))
    assert "値が増えることを進捗とみなしました" in result.notes[0]


def test_trend_in_its_baseline_year_is_not_due() -> None:
    # 「交通空白」地点: 2025 年と比べて減少（2029 年）, evaluated in 2025.
    kpi = make_kpi("decrease", None, unit=None, target_year=2029, baseline_year=2025)
    result = run(kpi, 2025, figures({2025: 100}, unit="地点"))
    assert (result.status, result.rule) == ("not_due", "baseline.year")


def test_trend_without_a_baseline_year_is_not_assessable() -> None:
    kpi = make_kpi("increase", None, unit=None, target_year=2029)
    result = run(kpi, 2026, figures({2026: 110}, unit="人"))
    assert (result.status, result.rule) == ("not_assessable", "baseline.missing")
    assert result.explanation == (
        "基準値と基準年が定められていないため、基準からの増減を計算できず評価できません（評価不能）"
    )


def test_trend_without_the_baseline_figure_is_not_assessable() -> None:
    kpi = make_kpi("increase", None, unit=None, target_year=2029, baseline_year=2024)
    result = run(kpi, 2026, figures({2026: 110}, unit="人"))
    assert result.status == "not_assessable"
    assert "基準年（2024年）の基準値がない" in result.explanation


def test_trend_with_no_figure_is_no_data() -> None:
    kpi = make_kpi("increase", None, unit=None, target_year=2029, baseline_year=2024)
    result = run(kpi, 2026, figures({2024: 100}, unit="人"))
    assert result.status == "no_data"
