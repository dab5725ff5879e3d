"""The real national strategy evaluated for 2025 with the published figures shipped in sousei."""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from importlib.resources import files

import pytest

from sousei.evaluate import (
    Comparison,
    KpiResult,
    RollUp,
    Series,
    evaluate_all,
    load_rule_set,
    project,
    roll_up,
)
from sousei.model import Strategy
from sousei.model.actuals import KpiReference, Period, Report

VISITORS = "訪日外国人旅行者数"
SPENDING = "インバウンド消費額"
PRODUCTIVITY = "就業者一人当たり年間付加価値労働生産性"


def published() -> list[dict[str, str]]:
    text = files("sousei").joinpath("data", "published-actuals.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _report(row: dict[str, str], kpi_id: str) -> Report:
    year = int(row["period"])
    return Report(
        kpi_id=kpi_id,
        period=Period(start=year, end=year, basis=row["period_basis"]),  # type: ignore[arg-type]
        value=Decimal(row["value"]),
        unit=row["unit"],
        status=row["status"],
    )


def _observations(strategy: Strategy) -> list[Report]:
    """The published rows whose indicator is a KPI of the strategy."""
    by_indicator = {kpi.indicator: kpi.id for kpi in strategy.kpis}
    return [
        _report(row, by_indicator[row["indicator"]])
        for row in published()
        if row["indicator"] in by_indicator
    ]


def _productivity() -> Comparison:
    """東京圏以外 vs 東京圏 from the published per-worker figures (fiscal 2022 only)."""
    sides = {}
    for row in published():
        if row["indicator"].endswith(PRODUCTIVITY):
            name = row["indicator"].removesuffix("の" + PRODUCTIVITY)
            sides[name] = Series(name=name, values={int(row["period"]): Decimal(row["value"])})
    return Comparison(subject=sides["東京圏以外"], reference=sides["東京圏"])


def _kpi_id(strategy: Strategy, indicator: str) -> str:
    (found,) = [k.id for k in strategy.kpis if k.indicator == indicator]
    return found


@pytest.fixture(scope="module")
def evaluated(national: Strategy) -> dict[str, KpiResult]:
    # Both headline KPIs are judged from 2024, the first year the published figures give.
    references = {
        _kpi_id(national, VISITORS): KpiReference(baseline_year=2024),
        _kpi_id(national, SPENDING): KpiReference(baseline_year=2024),
    }
    impact_1 = next(k.id for k in national.kpis if k.level == "impact" and k.owner == "1")
    results = evaluate_all(
        national.kpis,
        _observations(national),
        year=2025,
        rules=load_rule_set("national"),
        references=references,
        comparisons={impact_1: _productivity()},
    )
    return {r.kpi_id: r for r in results}


def test_visitors_2025_on_the_straight_path(
    national: Strategy, evaluated: dict[str, KpiResult]
) -> None:
    result = evaluated[_kpi_id(national, VISITORS)]
    assert result.baseline == 36869900
    assert result.baseline_year == 2024
    assert result.baseline_source == "observation"
    assert result.target == 60000000
    assert result.actual == 42683600
    # 36,869,900 + (60,000,000 − 36,869,900) × 1 ÷ 6, to 34 significant digits
    assert result.expected == Decimal("40724916.66666666666666666666666667")
    assert (result.status, result.label, result.rule) == (
        "on_track",
        "順調",
        "path.threshold.on_track",
    )
    assert result.explanation == (
        "2025年の実績 4,268万人は、基準 3,687万人（2024年）から目標 6,000万人（2030年）への"
        "直線経路上の期待値 4,072万人を上回っています（順調）"
    )
    assert result.used[0].status == "推計値"


def test_inbound_spending_2025_on_the_straight_path(
    national: Strategy, evaluated: dict[str, KpiResult]
) -> None:
    result = evaluated[_kpi_id(national, SPENDING)]
    assert result.baseline == 8125700000000
    assert result.target == 15000000000000
    assert result.status == "on_track"
    assert result.explanation == (
        "2025年の実績 9兆4,559億円は、基準 8兆1,257億円（2024年）から目標 15兆円（2030年）への"
        "直線経路上の期待値 9兆2,714億円を上回っています（順調）"
    )


def test_every_kpi_gets_a_status_with_its_reason(
    national: Strategy, evaluated: dict[str, KpiResult]
) -> None:
    assert len(evaluated) == len(national.kpis) == 55
    for kpi in national.kpis:
        result = evaluated[kpi.id]
        assert result.explanation.endswith(f"（{result.label}）"), result
        if kpi.target.to_be_set:
            assert (result.status, result.rule) == ("not_assessable", "target.to_be_set")
    assert all(r.status != "behind" for r in evaluated.values())  # no data is never 遅れ
    counts = Counter(r.label for r in evaluated.values())
    assert counts == {"順調": 2, "評価不能": 8, "対象外": 1, "データなし": 44}


def test_a_trend_in_its_baseline_year_is_not_due(
    national: Strategy, evaluated: dict[str, KpiResult]
) -> None:
    result = evaluated[_kpi_id(national, "「交通空白」地点")]
    assert (result.status, result.rule) == ("not_due", "baseline.year")
    assert result.explanation == "2025年は基準年（2025年）以前のため評価しません（対象外）"


def test_productivity_relative_to_tokyo_has_no_2025_figures(
    national: Strategy, evaluated: dict[str, KpiResult]
) -> None:
    impact_1 = next(k.id for k in national.kpis if k.level == "impact" and k.owner == "1")
    result = evaluated[impact_1]
    assert (result.status, result.rule) == ("no_data", "relative.no_data")
    assert result.explanation == (
        "東京圏以外と東京圏の2024年、2025年の値がまだありません（データなし）"
    )


def test_cumulative_and_recurring_kpis_without_figures(
    national: Strategy, evaluated: dict[str, KpiResult]
) -> None:
    relocation = next(
        k for k in national.kpis if k.target.cumulative and k.target.period_start == 2015
    )
    result = evaluated[relocation.id]
    assert (result.status, result.rule) == ("no_data", "data.missing_years")
    assert result.missing_years == tuple(range(2015, 2026))


@pytest.fixture(scope="module")
def rolled(national: Strategy, evaluated: dict[str, KpiResult]) -> RollUp:
    return roll_up(list(evaluated.values()), national, load_rule_set("national"))


def test_outcome_and_impact_roll_ups_add_up(national: Strategy, rolled: RollUp) -> None:
    top = rolled.node("strategy")
    assert top.total == 55
    impacts = [rolled.node(f"impact:{i.id}") for i in national.impacts]
    cross = rolled.node("group:cross-cutting")
    assert sum(n.total for n in impacts) + cross.total == 55
    assert cross.total == sum(1 for k in national.kpis if k.owner.startswith("4("))
    for outcome in national.outcomes:
        node = rolled.node(f"outcome:{outcome.id}")
        areas = [rolled.node(f"area:{a.id}") for a in national.areas if a.outcome_id == outcome.id]
        assert node.total == len(node.own_kpi_ids) + sum(a.total for a in areas)
    for impact in impacts:
        outcomes = [n for n in rolled.nodes if n.parent == impact.key]
        assert impact.total == len(impact.own_kpi_ids) + sum(n.total for n in outcomes)
        assert sum(impact.counts.values()) == impact.total


def test_roll_up_summaries(national: Strategy, rolled: RollUp) -> None:
    assert rolled.node("area:g").label == "順調"
    outcome_a = rolled.node("outcome:A")
    assert (outcome_a.label, outcome_a.evaluated, outcome_a.reporting) == ("順調", 2, 2)
    assert rolled.node("impact:2").label == "データなし"
    assert rolled.node("outcome:D").label == "評価不能"  # both KPIs' targets are still to be set
    assert rolled.node("area:h").rule == "rollup.no_kpis"
    visitors = _kpi_id(national, VISITORS)
    assert rolled.paths[visitors] == ("outcome:A", "impact:1", "strategy")
    spending = _kpi_id(national, SPENDING)
    assert rolled.paths[spending] == ("area:g", "outcome:A", "impact:1", "strategy")
    assert rolled.node("strategy").roadmap.status == "not_assessed"
    assert rolled.node("strategy").roadmap.entries == len(national.roadmap)


def test_visitors_projection_is_an_estimate(national: Strategy) -> None:
    visitors = next(k for k in national.kpis if k.indicator == VISITORS)
    figures = [r for r in _observations(national) if r.kpi_id == visitors.id]
    projection = project(figures, visitors.target)
    assert projection is not None
    assert [fit.method for fit in projection.fits] == ["linear", "compound"]
    assert all("推計であり実績ではありません" in fit.statement for fit in projection.fits)
    assert all(fit.points == 3 for fit in projection.fits)
