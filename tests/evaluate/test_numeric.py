"""Numeric targets (以上, 超, 以下, 未満, a value, N倍) under the national rule set.

Truth tables in the Kausal-Watch style: each row names its case (the test id), the KPI's
figures and the expected status and rule.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sousei.evaluate.arith import CONTEXT
from sousei.model.types import Comparator

from .factory import D, figure, figures, make_kpi, run

# -- every comparator at the target year (judged by the final value) -------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "baseline", "actual", "status"),
    [
        pytest.param(">=", 100, None, 100, "achieved", id="ge-exactly-on-target"),
        pytest.param(">=", 100, None, 99, "behind", id="ge-just-below"),
        pytest.param(">", 100, None, 100, "behind", id="gt-exactly-on-target-is-not-above"),
        pytest.param(">", 100, None, 101, "achieved", id="gt-above"),
        pytest.param("<=", 100, None, 100, "achieved", id="le-exactly-on-target"),
        pytest.param("<=", 100, None, 101, "behind", id="le-above"),
        pytest.param("<", 100, None, 100, "behind", id="lt-exactly-on-target-is-not-below"),
        pytest.param("<", 100, None, 99, "achieved", id="lt-below"),
        pytest.param("=", 100, 80, 100, "achieved", id="eq-rising-exactly"),
        pytest.param("=", 100, 80, 120, "achieved", id="eq-rising-beyond"),
        pytest.param("=", 100, 80, 99, "behind", id="eq-rising-short"),
        pytest.param("=", 100, 120, 100, "achieved", id="eq-falling-exactly"),
        pytest.param("=", 100, 120, 90, "achieved", id="eq-falling-beyond"),
        pytest.param("=", 100, 120, 101, "behind", id="eq-falling-short"),
        pytest.param("=", 100, None, 100, "achieved", id="eq-no-baseline-assumes-rising"),
    ],
)
def test_comparators_at_the_target_year(
    comparator: Comparator, target: int, baseline: int | None, actual: int, status: str
) -> None:
    kpi = make_kpi(comparator, target, target_year=2030)
    result = run(kpi, 2030, [figure(2030, actual)], baseline_value=baseline, baseline_year=2024)
    assert result.status == status
    assert result.phase == "final"
    assert result.rule == ("final.met" if status == "achieved" else "final.not_met")
    assert result.met is (status == "achieved")


# -- on the straight path before the target year ----------------------------------------------
# baseline 100 (2024) → target 200 (2030): the expected value of 2027 is 150.


@pytest.mark.parametrize(
    ("actual", "status", "rule"),
    [
        pytest.param(150, "on_track", "path.threshold.on_track", id="exactly-on-path"),
        pytest.param(170, "on_track", "path.threshold.on_track", id="ahead-of-path"),
        pytest.param(149, "behind", "path.threshold.behind", id="just-behind-path"),
        pytest.param(90, "behind", "path.threshold.behind", id="fell-below-baseline"),
        pytest.param(200, "achieved", "path.early_met", id="target-reached-early"),
    ],
)
def test_straight_path(actual: int, status: str, rule: str) -> None:
    kpi = make_kpi("=", 200)
    result = run(kpi, 2027, [figure(2024, 100), figure(2027, actual)], baseline_year=2024)
    assert (result.status, result.rule) == (status, rule)
    assert result.baseline == 100
    assert result.baseline_source == "observation"
    if rule != "path.early_met":
        assert result.expected == 150
        assert result.path == "straight"
        assert result.progress_to_path == (D(actual) - 100) / 50
        assert result.progress_to_target == (D(actual) - 100) / 100


def test_path_explanation_and_fields() -> None:
    kpi = make_kpi("=", 200)
    result = run(kpi, 2027, [figure(2027, 140)], baseline_value=100, baseline_year=2024)
    assert result.explanation == (
        "2027年の実績 140人は、基準 100人（2024年）から目標 200人（2030年）への"
        "直線経路上の期待値 150人を下回っています（遅れ）"
    )
    assert result.baseline_source == "reference"
    assert result.achievement == D("0.7")  # 実績 ÷ 目標 against the final target (national)
    assert result.achievement_formula == "ratio"
    assert result.label == "遅れ"
    assert result.colour.startswith("#")
    assert result.has_data
    assert [u.value for u in result.used] == [140]


def test_exactly_on_path_says_so() -> None:
    kpi = make_kpi("=", 200)
    result = run(kpi, 2027, [figure(2027, 150)], baseline_value=100, baseline_year=2024)
    assert result.explanation.endswith("期待値 150人に一致しています（順調）")
    assert result.progress_to_path == 1


# -- decreasing indicators: a fall is progress -------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "actual", "status"),
    [
        pytest.param("=", 650, "on_track", id="eq-fell-faster-than-path"),
        pytest.param("=", 700, "on_track", id="eq-on-path"),
        pytest.param("=", 800, "behind", id="eq-fell-too-slowly"),
        pytest.param("=", 1100, "behind", id="eq-rose"),
        pytest.param("<=", 650, "on_track", id="le-fell-faster-than-path"),
        pytest.param("<=", 400, "achieved", id="le-reached-early"),
        pytest.param("<", 400, "on_track", id="lt-at-target-is-not-yet-below"),
    ],
)
def test_decreasing_indicator(comparator: Comparator, actual: int, status: str) -> None:
    # baseline 1000 (2024) → target 400 (2030): expected 700 in 2027.
    kpi = make_kpi(comparator, 400)
    result = run(kpi, 2027, [figure(2027, actual)], baseline_value=1000, baseline_year=2024)
    assert result.status == status
    assert result.direction == "down"
    if result.expected is not None and status != "achieved":
        assert result.expected == 700


def test_decreasing_indicator_progress_is_positive_for_a_fall() -> None:
    kpi = make_kpi("=", 400)
    result = run(kpi, 2027, [figure(2027, 650)], baseline_value=1000, baseline_year=2024)
    assert result.progress_to_path is not None
    assert result.progress_to_path > 1  # fell 350 where 300 was expected
    assert result.achievement == CONTEXT.divide(400, 650)  # 目標 ÷ 実績 for a falling indicator


def test_reference_direction_overrides_the_inference() -> None:
    kpi = make_kpi("=", 400)
    result = run(
        kpi, 2030, [figure(2030, 500)], baseline_value=1000, baseline_year=2024, direction="up"
    )
    assert result.direction == "up"
    assert result.status == "achieved"


# -- boundary cases -------------------------------------------------------------------------


def test_no_baseline_on_the_path_is_not_assessable() -> None:
    result = run(make_kpi("=", 200), 2027, [figure(2027, 150)])
    assert result.status == "not_assessable"
    assert result.rule == "baseline.missing"
    assert result.explanation == (
        "基準値と基準年が定められていないため、目標への経路を計算できず評価できません（評価不能）"
    )
    assert result.has_data


def test_baseline_year_without_its_figure_is_not_assessable() -> None:
    result = run(make_kpi("=", 200), 2027, [figure(2027, 150)], baseline_year=2024)
    assert result.status == "not_assessable"
    assert "基準年（2024年）の基準値がない" in result.explanation


def test_no_baseline_is_not_needed_once_the_target_is_met() -> None:
    result = run(make_kpi(">=", 200), 2027, [figure(2027, 210)])
    assert (result.status, result.rule) == ("achieved", "path.early_met")


def test_no_baseline_is_not_needed_at_the_target_year() -> None:
    result = run(make_kpi(">=", 200), 2030, [figure(2030, 190)])
    assert (result.status, result.rule) == ("behind", "final.not_met")


def test_baseline_equal_to_target_is_judged_as_holding_the_level() -> None:
    kpi = make_kpi("=", 50, unit="%")
    on = run(kpi, 2027, [figure(2027, 50, unit="%")], baseline_value=50, baseline_year=2024)
    off = run(kpi, 2027, [figure(2027, 49, unit="%")], baseline_value=50, baseline_year=2024)
    assert (on.status, on.rule) == ("on_track", "path.zero_division.on_track")
    assert (off.status, off.rule) == ("behind", "path.zero_division.off_track")
    assert on.progress_to_path is None
    assert on.progress_to_target is None
    assert "基準値と目標値が等しいため" in on.notes[0]


def test_division_by_zero_with_a_zero_target() -> None:
    # 交通空白 0 か所: baseline 10 (2024) → 0 (2030), graded by 実績 ÷ 目標 in local-3level.
    kpi = make_kpi("=", 0, unit="か所")
    at_zero = run(
        kpi,
        2030,
        [figure(2030, 0, unit="か所")],
        rules="local-3level",
        baseline_value=10,
        baseline_year=2024,
    )
    assert at_zero.achievement is None
    assert (at_zero.status, at_zero.rule) == ("good", "final.zero_division.met")
    assert any("実績が0のため" in n or "目標値が0のため" in n for n in at_zero.notes)
    above = run(
        kpi,
        2030,
        [figure(2030, 2, unit="か所")],
        rules="local-3level",
        baseline_value=10,
        baseline_year=2024,
    )
    assert above.achievement == 0
    assert above.status == "poor"


def test_target_year_already_past_uses_the_final_value() -> None:
    kpi = make_kpi("=", 200)
    observations = [figure(2030, 210), figure(2031, 150), figure(2032, 120)]
    result = run(kpi, 2032, observations, baseline_value=100, baseline_year=2024)
    assert (result.status, result.rule) == ("achieved", "final.met")
    assert result.assessed_year == 2030
    assert result.actual == 210
    assert result.explanation == (
        "目標年を過ぎており、最終値である2030年の実績 210人は、"
        "目標 200人（2030年）を満たしています（達成）"
    )
    missed = run(kpi, 2032, [figure(2030, 190)], baseline_value=100, baseline_year=2024)
    assert (missed.status, missed.rule) == ("behind", "final.not_met")
    assert "満たしていません（遅れ）" in missed.explanation


def test_target_year_past_without_its_final_value_is_no_data() -> None:
    kpi = make_kpi("=", 200)
    result = run(kpi, 2032, [figure(2029, 190), figure(2031, 210)], baseline_year=2024)
    assert result.status == "no_data"
    assert result.explanation == (
        "目標年である2030年の実績はまだなく、直近の実績は2029年の 190人です（データなし）"
    )


def test_no_actual_yet() -> None:
    result = run(
        make_kpi("=", 200), 2027, [figure(2026, 130)], baseline_value=100, baseline_year=2024
    )
    assert (result.status, result.kind, result.rule) == ("no_data", "no_data", "data.missing")
    assert result.label == "データなし"
    assert not result.has_data
    assert (
        result.explanation == "2027年の実績はまだなく、直近の実績は2026年の 130人です（データなし）"
    )


def test_no_data_is_never_shown_as_behind() -> None:
    result = run(make_kpi("=", 200), 2027, [], baseline_value=100, baseline_year=2024)
    assert result.status == "no_data"
    assert result.explanation == "2027年の実績はまだありません（データなし）"


def test_target_to_be_set() -> None:
    kpi = make_kpi("improve", None, unit=None, to_be_set=True)
    result = run(kpi, 2027, [figure(2027, 1)])
    assert (result.status, result.rule) == ("not_assessable", "target.to_be_set")
    assert (
        result.explanation == "目標値は今後設定されることになっているため評価できません（評価不能）"
    )


def test_unreadable_target() -> None:
    result = run(make_kpi(None, None), 2027, [figure(2027, 1)])
    assert (result.status, result.rule) == ("not_assessable", "target.unreadable")
    missing_value = run(make_kpi(">=", None), 2027, [figure(2027, 1)])
    assert missing_value.rule == "target.no_value"


def test_future_year_is_not_due() -> None:
    result = run(make_kpi("=", 200), 2027, [], today_year=2026)
    assert (result.status, result.rule) == ("not_due", "year.future")


def test_baseline_year_itself_is_not_due() -> None:
    result = run(make_kpi("=", 200), 2024, [figure(2024, 100)], baseline_year=2024)
    assert (result.status, result.rule) == ("not_due", "baseline.year")
    assert result.explanation == "2024年は基準年（2024年）以前のため評価しません（対象外）"


def test_baseline_after_the_target_year_cannot_draw_a_path() -> None:
    result = run(make_kpi("=", 200, target_year=2026), 2025, [], baseline_year=2026)
    assert (result.status, result.rule) == ("not_assessable", "baseline.after_target")


def test_unit_mismatch_is_not_assessable() -> None:
    kpi = make_kpi("=", 200)
    result = run(kpi, 2030, [figure(2030, 200, unit="件")])
    assert (result.status, result.rule) == ("not_assessable", "unit.mismatch")
    assert "実績の単位（件）が目標の単位（人）と違う" in result.explanation


def test_unit_aliases_match() -> None:
    kpi = make_kpi("=", 200, unit="か所")
    result = run(kpi, 2030, [figure(2030, 200, unit="箇所")])
    assert result.status == "achieved"


def test_fiscal_years_carry_their_wareki() -> None:
    kpi = make_kpi("=", 200, basis="fiscal", unit="件")
    result = run(
        kpi,
        2027,
        [figure(2027, 160, unit="件", basis="fiscal")],
        baseline_value=100,
        baseline_year=2024,
    )
    assert result.explanation == (
        "2027年度（令和9年度）の実績 160件は、基準 100件（2024年度（令和6年度））から"
        "目標 200件（2030年度（令和12年度））への直線経路上の期待値 150件を上回っています（順調）"
    )


def test_duplicates_are_resolved_by_precedence_not_position() -> None:
    kpi = make_kpi("=", 200)
    first = run(
        kpi, 2030, [figure(2030, 150), figure(2030, 250)], baseline_value=100, baseline_year=2024
    )
    second = run(
        kpi, 2030, [figure(2030, 250), figure(2030, 150)], baseline_value=100, baseline_year=2024
    )
    assert first == second
    assert first.actual == 250
    assert "重複" in first.notes[0]


# -- N倍 (multiple of the base-year value) ------------------------------------------------------


def test_multiple_of_the_base_year() -> None:
    kpi = make_kpi("multiple", 3, unit="倍", baseline_year=2024)
    observations = figures({2024: 100, 2027: 220}, unit="円")
    result = run(kpi, 2027, observations)
    assert result.target == 300
    assert result.expected == 200
    assert result.status == "on_track"
    assert result.explanation == (
        "2027年の実績 220円は、基準 100円（2024年）から目標 300円（基準の3倍、2030年）への"
        "直線経路上の期待値 200円を上回っています（順調）"
    )


def test_multiple_without_the_base_year_value() -> None:
    kpi = make_kpi("multiple", 3, unit="倍", baseline_year=2024)
    result = run(kpi, 2027, [figure(2027, 220, unit="円")])
    assert (result.status, result.rule) == ("not_assessable", "baseline.missing")
    assert (
        "基準年（2024年）の基準値がないため、目標値（基準の3倍）を計算できず" in result.explanation
    )


def test_multiple_at_the_target_year() -> None:
    kpi = make_kpi("multiple", 3, unit="倍", baseline_year=2024)
    result = run(kpi, 2030, figures({2024: 100, 2030: 290}, unit="円"))
    assert (result.status, result.met) == ("behind", False)


# -- 累計 over a range ----------------------------------------------------------------------------
# 1,000件 over 2025–2029 (累計): the path runs from 0 at the end of 2024.


def test_cumulative_flows_are_summed() -> None:
    kpi = make_kpi("=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025)
    result = run(kpi, 2026, figures({2025: 150, 2026: 250}, unit="件"))
    assert result.actual == 400
    assert result.aggregation == "sum"
    assert result.baseline == 0
    assert result.baseline_year == 2024
    assert result.baseline_source == "cumulative_start"
    assert result.expected == 400
    assert result.status == "on_track"
    assert result.explanation.startswith("2025～2026年の累計 400件は、基準 0件（2024年）から")


def test_cumulative_stock_takes_the_last_value_not_the_sum() -> None:
    kpi = make_kpi("=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025)
    result = run(kpi, 2026, figures({2025: 150, 2026: 400}, unit="件"), temporal_kind="cumulative")
    assert result.actual == 400  # not 550
    assert result.aggregation == "last"
    assert result.explanation.startswith("2026年時点の累計 400件は")


def test_cumulative_with_a_missing_year_is_no_data() -> None:
    kpi = make_kpi("=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025)
    result = run(kpi, 2027, figures({2025: 150, 2027: 250}, unit="件"))
    assert (result.status, result.rule) == ("no_data", "data.missing_years")
    assert result.missing_years == (2026,)
    assert result.explanation == "2025～2027年の累計に必要な2026年の実績がありません（データなし）"


def test_cumulative_reported_for_the_range() -> None:
    kpi = make_kpi("=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025)
    result = run(kpi, 2026, [figure(2026, 420, unit="件", start=2025)])
    assert result.actual == 420
    assert result.aggregation == "range"


def test_cumulative_before_its_period_is_not_due() -> None:
    kpi = make_kpi("=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025)
    result = run(kpi, 2024, [])
    assert (result.status, result.rule) == ("not_due", "period.before")
    assert (
        result.explanation == "2024年は対象期間（2025～2029年）より前のため評価しません（対象外）"
    )


def test_cumulative_at_the_end_of_its_range() -> None:
    kpi = make_kpi("=", 1000, unit="件", target_year=2029, cumulative=True, period_start=2025)
    observations = figures({2025: 200, 2026: 200, 2027: 200, 2028: 200, 2029: 199}, unit="件")
    result = run(kpi, 2029, observations)
    assert result.actual == 999
    assert result.status == "behind"
    assert result.explanation.startswith("目標年である2025～2029年の累計 999件は")


# -- 毎年 (recurring): judged year by year ---------------------------------------------------


@pytest.mark.parametrize(
    ("year", "status", "rule"),
    [
        pytest.param(2024, "not_due", "period.before", id="before-the-period"),
        pytest.param(2025, "achieved", "yearly.met", id="year-met"),
        pytest.param(2026, "no_data", "data.missing", id="missing-year-reported"),
        pytest.param(2027, "behind", "yearly.not_met", id="year-missed"),
        pytest.param(2028, "behind", "yearly.not_met", id="after-the-period-last-year"),
    ],
)
def test_recurring_target(year: int, status: str, rule: str) -> None:
    kpi = make_kpi(
        "=", 14, unit="件", target_year=2027, basis="fiscal", recurring=True, period_start=2025
    )
    observations = figures({2025: 15, 2027: 12}, unit="件", basis="fiscal")
    result = run(kpi, year, observations)
    assert (result.status, result.rule) == (status, rule)


def test_recurring_reports_the_missing_year() -> None:
    kpi = make_kpi(
        "=", 14, unit="件", target_year=2027, basis="fiscal", recurring=True, period_start=2025
    )
    observations = figures({2025: 15, 2027: 12}, unit="件", basis="fiscal")
    missing = run(kpi, 2026, observations)
    assert missing.explanation == (
        "2026年度（令和8年度）の実績はまだなく、直近の実績は2025年度（令和7年度）の 15件です"
        "（データなし）"
    )
    later = run(kpi, 2027, observations)
    assert later.missing_years == (2026,)
    assert "毎年の目標ですが、2026年度（令和8年度）の実績がありません" in later.notes
    assert later.explanation == (
        "2027年度（令和9年度）の実績 12件は、"
        "毎年の目標 14件（2025年度～2027年度（令和7年度～令和9年度））を満たしていません（遅れ）"
    )


def test_recurring_without_a_year_applies_every_year() -> None:
    kpi = make_kpi(">=", 80, unit="%", target_year=None, recurring=True)
    assert run(kpi, 2031, [figure(2031, 85, unit="%")]).status == "achieved"
    result = run(kpi, 2031, [figure(2031, "79.5", unit="%")])
    assert result.status == "behind"
    assert (
        result.explanation == "2031年の実績 79.5%は、毎年の目標 80%以上を満たしていません（遅れ）"
    )


def test_threshold_without_a_year_is_judged_each_year() -> None:
    kpi = make_kpi(">=", 50, unit="%", target_year=None)
    result = run(kpi, 2026, [figure(2026, 55, unit="%")])
    assert (result.status, result.rule) == ("achieved", "yearly.met")
    assert "目標年がないため" in result.notes[0]


def test_exact_decimal_arithmetic() -> None:
    # A third of the way to 0.3 from 0 is exactly 0.1: no rounding of 1/3 may creep in.
    kpi = make_kpi("=", "0.3", unit="%", target_year=2027)
    result = run(kpi, 2025, [figure(2025, "0.1", unit="%")], baseline_value=0, baseline_year=2024)
    assert result.expected == Decimal("0.1")
    assert result.progress_to_path == 1
    assert result.status == "on_track"
    assert result.explanation.endswith("期待値 0.1%に一致しています（順調）")
