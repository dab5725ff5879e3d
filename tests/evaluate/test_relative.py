"""Relative targets (東京圏以上, 前年度以上) and the region series behind them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sousei.evaluate import (
    ALL_PREFECTURES,
    METROPOLITAN_AREAS,
    TOKYO_AREA,
    Comparison,
    PrefectureValue,
    Series,
    growth,
    outside,
    region_ratio_series,
    region_series,
)

from .factory import D, figure, figures, make_kpi, run


def _prefectures(year: int, factor: dict[int, str]) -> list[PrefectureValue]:
    """Prefecture p is worth p × 100 in the base year, times its factor later."""
    return [
        PrefectureValue(prefecture=p, year=year, value=D(p * 100) * D(factor.get(p, "1")))
        for p in sorted(ALL_PREFECTURES)
    ]


def test_region_codes() -> None:
    assert {11, 12, 13, 14} == TOKYO_AREA
    assert {11, 12, 13, 14, 23, 26, 27, 28} == METROPOLITAN_AREAS
    assert len(outside(TOKYO_AREA)) == 43
    assert not outside(TOKYO_AREA) & TOKYO_AREA


def test_region_series_sums_by_prefecture_code() -> None:
    values = _prefectures(2024, {})
    tokyo = region_series("東京圏", values, TOKYO_AREA)
    assert tokyo.values == {2024: D((11 + 12 + 13 + 14) * 100)}
    rest = region_series("東京圏以外", values, outside(TOKYO_AREA))
    assert rest.values[2024] + tokyo.values[2024] == sum(p * 100 for p in range(1, 48))


def test_a_year_with_a_missing_prefecture_is_left_out() -> None:
    values = [v for v in _prefectures(2025, {}) if v.prefecture != 13] + _prefectures(2024, {})
    tokyo = region_series("東京圏", values, TOKYO_AREA)
    assert tokyo.values == {2024: D(5000)}
    assert tokyo.incomplete == {2025: (13,)}


def test_duplicate_prefecture_values_are_refused() -> None:
    values = [*_prefectures(2024, {}), PrefectureValue(prefecture=13, year=2024, value=D(1))]
    with pytest.raises(ValueError, match="都道府県コード 13 の 2024年の値が2つあります"):
        region_series("東京圏", values, TOKYO_AREA)


def test_region_ratio_series_divides_the_sums() -> None:
    added = [PrefectureValue(prefecture=p, year=2024, value=D(p * 1000)) for p in TOKYO_AREA]
    workers = [PrefectureValue(prefecture=p, year=2024, value=D(10)) for p in TOKYO_AREA]
    ratio = region_ratio_series("東京圏の生産性", added, workers, TOKYO_AREA)
    assert ratio.values == {2024: D(50000) / D(40)}


def test_growth() -> None:
    assert growth({2024: D(100), 2025: D(105)}, 2025, 2024) == D("0.05")
    assert growth({2024: D(0), 2025: D(105)}, 2025, 2024) is None
    assert growth({2025: D(105)}, 2025, 2024) is None


def _gdp(rest_growth: str, tokyo_growth: str) -> Comparison:
    factor = dict.fromkeys(outside(TOKYO_AREA), rest_growth)
    factor |= dict.fromkeys(TOKYO_AREA, tokyo_growth)
    values = _prefectures(2024, {}) + _prefectures(2025, factor)
    return Comparison(
        subject=region_series("東京圏以外", values, outside(TOKYO_AREA)),
        reference=region_series("東京圏", values, TOKYO_AREA),
        base_year=2024,
    )


@pytest.mark.parametrize(
    ("rest", "tokyo", "year", "status", "rule"),
    [
        pytest.param(
            "1.03", "1.02", 2025, "on_track", "path.relative.on_track", id="faster-than-tokyo"
        ),
        pytest.param(
            "1.02", "1.02", 2025, "on_track", "path.relative.on_track", id="equal-is-at-least"
        ),
        pytest.param(
            "1.01", "1.02", 2025, "behind", "path.relative.off_track", id="slower-than-tokyo"
        ),
    ],
)
def test_growth_compared_with_tokyo(
    rest: str, tokyo: str, year: int, status: str, rule: str
) -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2029, text="東京圏以上（2029 年）")
    result = run(kpi, year, [], comparison=_gdp(rest, tokyo))
    assert (result.status, result.rule) == (status, rule)
    assert result.comparison is not None
    assert result.comparison.relation == ">="


def test_growth_explanation() -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2029, text="東京圏以上（2029 年）")
    result = run(kpi, 2025, [], comparison=_gdp("1.03", "1.02"))
    assert result.explanation == (
        "2025年の東京圏以外の伸び率 3.0%（2024年比）は、東京圏の伸び率 2.0%以上です（順調）"
    )


def test_at_the_target_year_the_comparison_is_final() -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2025, text="東京圏以上（2025 年）")
    assert run(kpi, 2025, [], comparison=_gdp("1.03", "1.02")).status == "achieved"
    assert run(kpi, 2025, [], comparison=_gdp("1.01", "1.02")).status == "behind"


def test_strictly_above_when_written_so() -> None:
    kpi = make_kpi(
        "relative",
        None,
        unit=None,
        target_year=2030,
        text="地域別の最低賃金の伸び率を超える（2030年度）",
    )
    result = run(kpi, 2025, [], comparison=_gdp("1.02", "1.02"))
    assert result.status == "behind"
    assert result.comparison is not None
    assert result.comparison.relation == ">"


def test_one_side_missing_is_not_assessable() -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2029, text="東京圏以上（2029 年）")
    comparison = _gdp("1.03", "1.02")
    assert comparison.reference is not None
    shorter = comparison.model_copy(
        update={
            "reference": Series(name="東京圏", values={2024: comparison.reference.values[2024]})
        }
    )
    result = run(kpi, 2025, [], comparison=shorter)
    assert (result.status, result.rule) == ("not_assessable", "relative.one_side_missing")
    assert (
        result.explanation == "東京圏の2025年の値がないため、比べられず評価できません（評価不能）"
    )


def test_both_sides_missing_is_no_data() -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2029, text="東京圏以上（2029 年）")
    result = run(kpi, 2026, [], comparison=_gdp("1.03", "1.02"))
    assert (result.status, result.rule) == ("no_data", "relative.no_data")


def test_no_reference_series_at_all() -> None:
    kpi = make_kpi(
        "relative",
        None,
        unit=None,
        target_year=2029,
        text="東京圏以上（2029 年）",
        relative_to="東京圏",
    )
    with_data = run(kpi, 2025, figures({2024: 100, 2025: 103}, unit="%"))
    assert (with_data.status, with_data.rule) == ("not_assessable", "relative.no_reference")
    assert with_data.explanation == (
        "比較対象（東京圏）の系列がないため、比べられず評価できません（評価不能）"
    )
    without = run(kpi, 2025, [])
    assert (without.status, without.rule) == ("no_data", "relative.no_data")


def test_own_observations_as_the_subject_with_levels() -> None:
    # 交付決定企業の賃上げ率 (the KPI itself) vs 最低賃金の伸び率 (the reference): levels.
    kpi = make_kpi(
        "relative",
        None,
        unit=None,
        target_year=2030,
        text="最低賃金の伸び率を超える（2030年度）",
        basis="fiscal",
    )
    wages = Series(name="最低賃金の伸び率", values={2025: D("5.1")})
    comparison = Comparison(reference=wages, measure="level")
    result = run(kpi, 2025, [figure(2025, "6.0", unit="%", basis="fiscal")], comparison=comparison)
    assert (result.status, result.rule) == ("on_track", "path.relative.on_track")
    assert result.explanation == (
        "2025年度（令和7年度）の実績 6%は、最低賃金の伸び率 5.1%を上回っています（順調）"
    )


def test_zero_base_value_cannot_give_a_growth_rate() -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2029, text="東京圏以上（2029 年）")
    comparison = Comparison(
        subject=Series(name="東京圏以外", values={2024: D(0), 2025: D(5)}),
        reference=Series(name="東京圏", values={2024: D(10), 2025: D(11)}),
    )
    result = run(kpi, 2025, [], comparison=comparison)
    assert (result.status, result.rule) == ("not_assessable", "relative.zero_base")


def test_previous_year_comparison_is_year_on_year_by_default() -> None:
    kpi = make_kpi("relative", None, unit=None, target_year=2029, text="東京圏以上（2029 年）")
    comparison = Comparison(
        subject=Series(name="東京圏以外", values={2024: D(100), 2025: D(104)}),
        reference=Series(name="東京圏", values={2024: D(100), 2025: D(103)}),
    )
    result = run(kpi, 2025, [], comparison=comparison)
    assert result.comparison is not None
    assert result.comparison.base_year == 2024
    assert result.comparison.subject_value == Decimal("0.04")


@pytest.mark.parametrize(
    ("values", "year", "status", "rule"),
    [
        pytest.param({2025: 30, 2026: 31}, 2026, "achieved", "yearly.previous_year.met", id="grew"),
        pytest.param({2025: 30, 2026: 30}, 2026, "achieved", "yearly.previous_year.met", id="held"),
        pytest.param(
            {2025: 30, 2026: 29}, 2026, "behind", "yearly.previous_year.not_met", id="fell"
        ),
        pytest.param(
            {2025: 30, 2027: 33},
            2027,
            "not_assessable",
            "relative.one_side_missing",
            id="no-previous-year",
        ),
        pytest.param({2025: 30}, 2026, "no_data", "data.missing", id="no-current-year"),
    ],
)
def test_every_year_at_least_the_previous_year(
    values: dict[int, int], year: int, status: str, rule: str
) -> None:
    # 「地域働き方・職場改革」への取組に参加している地方公共団体数: 毎年前年度以上.
    kpi = make_kpi(
        "relative",
        None,
        unit=None,
        target_year=None,
        text="毎年前年度以上",
        recurring=True,
        relative_to="前年度",
    )
    result = run(kpi, year, figures(values, unit="団体"))
    assert (result.status, result.rule) == (status, rule)


def test_previous_year_explanation() -> None:
    kpi = make_kpi(
        "relative",
        None,
        unit=None,
        target_year=None,
        text="毎年前年度以上",
        recurring=True,
        relative_to="前年度",
    )
    result = run(kpi, 2026, figures({2025: 30, 2026: 29}, unit="団体"))
    assert result.explanation == (
        "2026年の実績 29団体は、前年（2025年）の実績 30団体を下回っています（遅れ）"
    )
