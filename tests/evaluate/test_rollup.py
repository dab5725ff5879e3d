"""Roll-up: counts up area → outcome → impact → strategy, the share rule, and traceability."""

from __future__ import annotations

import pytest

from sousei.evaluate import KpiResult, load_rule_set, roll_up
from sousei.evaluate.rollup import CROSS_CUTTING
from sousei.ingest import SourceText, parse_source
from sousei.model.strategy import RoadmapEntry, Strategy

from .factory import SPAN, owned_kpi, result, strategy

NATIONAL = load_rule_set("national")
KPIS = (
    owned_kpi("I1", "impact", "1"),
    owned_kpi("A1", "outcome", "A"),
    owned_kpi("a1", "output", "a"),
    owned_kpi("a2", "output", "a"),
    owned_kpi("b1", "output", "b"),
    owned_kpi("x1", "output", "4(1)"),
)
STATUSES = {
    "I1": "no_data",
    "A1": "achieved",
    "a1": "on_track",
    "a2": "behind",
    "b1": "achieved",
    "x1": "not_assessable",
}


def _national_rollup() -> tuple[Strategy, list[KpiResult]]:
    plan = strategy(KPIS)
    return plan, [result(k, s, NATIONAL) for k, s in STATUSES.items()]


def test_counts_add_up_the_tree() -> None:
    plan, results = _national_rollup()
    rolled = roll_up(results, plan, NATIONAL)
    area_a, area_b = rolled.node("area:a"), rolled.node("area:b")
    outcome, impact = rolled.node("outcome:A"), rolled.node("impact:1")
    assert area_a.counts["on_track"] == 1
    assert area_a.counts["behind"] == 1
    assert (area_a.total, area_b.total) == (2, 1)
    assert outcome.own_kpi_ids == ("A1",)
    assert outcome.total == 1 + area_a.total + area_b.total
    assert impact.total == 1 + outcome.total
    assert impact.counts["no_data"] == 1
    cross = rolled.node(CROSS_CUTTING)
    assert cross.total == 1
    assert cross.parent == "strategy"
    everything = rolled.node("strategy")
    assert everything.total == impact.total + cross.total == len(results)
    assert sum(everything.counts.values()) == len(results)
    assert everything.reporting == 5  # all but the データなし one have a figure
    assert everything.evaluated == 4


def test_each_kpi_is_traceable_up_its_path() -> None:
    plan, results = _national_rollup()
    rolled = roll_up(results, plan, NATIONAL)
    assert rolled.paths["a1"] == ("area:a", "outcome:A", "impact:1", "strategy")
    assert rolled.paths["A1"] == ("outcome:A", "impact:1", "strategy")
    assert rolled.paths["I1"] == ("impact:1", "strategy")
    assert rolled.paths["x1"] == ("area:4(1)", CROSS_CUTTING, "strategy")
    assert [n.kind for n in rolled.trace("a1")] == ["area", "outcome", "impact", "strategy"]
    for kpi_id, path in rolled.paths.items():
        assert all(kpi_id in rolled.node(key).kpi_ids for key in path)


def test_cross_cutting_areas_never_count_in_an_impact() -> None:
    plan, results = _national_rollup()
    rolled = roll_up(results, plan, NATIONAL)
    assert "x1" not in rolled.node("impact:1").kpi_ids


@pytest.mark.parametrize(
    ("statuses", "summary", "rule"),
    [
        pytest.param(
            ["achieved"] * 4 + ["behind"], "achieved", "rollup.share", id="80pct-achieved"
        ),
        pytest.param(
            ["achieved", "achieved", "on_track", "on_track", "behind"],
            "on_track",
            "rollup.share",
            id="80pct-on-track-or-better",
        ),
        pytest.param(
            ["achieved", "achieved", "achieved", "behind", "behind"],
            "behind",
            "rollup.share",
            id="60pct-is-not-enough",
        ),
        pytest.param(
            ["on_track", "no_data", "no_data"],
            "on_track",
            "rollup.share",
            id="special-states-are-not-graded",
        ),
        pytest.param(
            ["no_data", "not_due", "not_assessable"],
            "no_data",
            "rollup.no_data",
            id="nothing-graded-some-no-data",
        ),
        pytest.param(["not_due", "not_due"], "not_due", "rollup.not_due", id="all-not-due"),
        pytest.param(
            ["not_due", "not_assessable"],
            "not_assessable",
            "rollup.not_assessable",
            id="not-assessable",
        ),
        pytest.param([], "not_assessable", "rollup.no_kpis", id="no-kpis"),
    ],
)
def test_national_summary_rule(statuses: list[str], summary: str, rule: str) -> None:
    kpis = tuple(owned_kpi(f"a{i}", "output", "a") for i in range(len(statuses)))
    results = [result(f"a{i}", s, NATIONAL) for i, s in enumerate(statuses)]
    node = roll_up(results, strategy(kpis), NATIONAL).node("area:a")
    assert (node.status, node.rule) == (summary, rule)
    assert node.label == NATIONAL.text(summary)


def test_summary_explanation() -> None:
    statuses = ["achieved", "achieved", "on_track", "on_track", "behind"]
    kpis = tuple(owned_kpi(f"a{i}", "output", "a") for i in range(5))
    results = [result(f"a{i}", s, NATIONAL) for i, s in enumerate(statuses)]
    node = roll_up(results, strategy(kpis), NATIONAL).node("area:a")
    assert node.explanation == (
        "評価できたKPI 5件のうち4件（80.0%）が「順調」以上で、"
        "集計基準 80% を満たす最良の区分です（KPI 5件中）"
    )


def test_local_share_is_the_median() -> None:
    rules = load_rule_set("local-ad")  # share 50
    statuses = ["A", "B", "C", "D", "D"]
    kpis = tuple(owned_kpi(f"a{i}", "output", "a") for i in range(5))
    results = [result(f"a{i}", s, rules) for i, s in enumerate(statuses)]
    assert roll_up(results, strategy(kpis), rules).node("area:a").status == "C"


def test_an_unknown_kpi_is_kept_at_the_top() -> None:
    plan, results = _national_rollup()
    rolled = roll_up([*results, result("zz", "achieved", NATIONAL)], plan, NATIONAL)
    assert rolled.unplaced == ("zz",)
    assert rolled.paths["zz"] == ("strategy",)
    assert rolled.node("strategy").total == len(results) + 1


def test_roadmap_is_a_separate_axis_not_assessed_yet() -> None:
    roadmap = (
        RoadmapEntry(
            area_id="a",
            project="p",
            measure_path=None,
            column_year=None,
            end_year=2024,
            text="",
            lines=SPAN,
        ),
        RoadmapEntry(
            area_id="a",
            project="q",
            measure_path=None,
            column_year=None,
            end_year=2027,
            text="",
            lines=SPAN,
        ),
        RoadmapEntry(
            area_id="b", project="r", measure_path=None, column_year=2025, text="", lines=SPAN
        ),
    )
    plan = strategy(KPIS, roadmap)
    results = [result(k, s, NATIONAL) for k, s in STATUSES.items()]
    rolled = roll_up(results, plan, NATIONAL)
    area = rolled.node("area:a").roadmap
    assert (area.entries, area.due, area.done, area.status) == (2, 1, None, "not_assessed")
    assert "まだデータにない" in area.reason
    assert rolled.node("outcome:A").roadmap.due == 2
    assert rolled.node("area:a").status == "behind"  # 1 of 2 on track < 80 %; roadmap plays no part


def test_roadmap_due_is_unknown_for_mixed_years() -> None:
    plan = strategy(KPIS)
    results = [
        result("a1", "achieved", NATIONAL, year=2025),
        result("a2", "behind", NATIONAL, year=2026),
    ]
    rolled = roll_up(results, plan, NATIONAL)
    assert rolled.year is None
    assert rolled.node("area:a").roadmap.due is None


def test_a_local_strategys_kpis_count_in_their_goal() -> None:
    """A local strategy: 基本目標 1 (no impact above it), its area, a 施策 owning a KPI."""
    source = """第3期みなと市まち・ひと・しごと創生総合戦略

基本目標１　しごとをつくる

【数値目標】

・転入者数　基準値：412人（令和5年）→目標値：450人（令和11年）

【具体的な施策】

（１）企業誘致

【KPI】

・企業立地件数　基準値：42件（R5年）→目標値：50件（R11年）
"""
    plan = parse_source(SourceText("local.md", source, "utf-8"))
    assert [(k.level, k.owner) for k in plan.kpis] == [("outcome", "1"), ("output", "1/1")]
    rules = load_rule_set("local-sabc")
    results = [result(k.id, "A", rules) for k in plan.kpis]
    rolled = roll_up(results, plan, rules)
    assert rolled.node("area:1").own_kpi_ids == (plan.kpis[1].id,)
    assert rolled.node("outcome:1").total == 2
    assert rolled.node("outcome:1").parent == "strategy"
    assert not rolled.unplaced
