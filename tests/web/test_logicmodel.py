"""Shaping the logic model for the pages: names, links, counts, trails, the headline KPIs and
which KPIs and 施策 a page lists."""

from __future__ import annotations

import pytest

from sousei.store.errors import NotFoundError
from sousei.web import logicmodel as lm

from .national_view import VISITORS, national_strategy, national_view


def test_the_tree_holds_3_impacts_5_outcomes_and_23_areas_with_the_document_markers() -> None:
    model = lm.logic_model(national_view())
    assert [node.name for node in model.impacts] == [
        "1. 強い経済",
        "2. 豊かな生活環境",
        "3. 選ばれる地方",
    ]
    outcomes = [child for impact in model.impacts for child in impact.children]
    assert [node.id for node in outcomes] == ["A", "B", "C", "D", "E"]
    assert len(model.areas()) == 23
    assert model.node("area:a").name == "a. 地域資源の活用促進"
    assert model.node("area:4(1)").name == "4(1) 人材支援・人材育成"
    assert model.group is not None
    assert model.group.name == "4. 国の役割"


def test_counts_add_up_to_the_strategy_total_of_55() -> None:
    model = lm.logic_model(national_view())
    assert model.strategy.summary.total == 55
    assert sum(item.count for item in model.statuses) == 55
    tops = [*model.impacts, model.group]
    assert sum(node.summary.total for node in tops if node) == 55
    for node in model.nodes.values():  # the shown counts are the roll-up's, zeros left out
        assert sum(item.count for item in node.counts) == node.summary.total
        assert all(item.count for item in node.counts)


def test_counts_text_lists_each_status_with_its_label() -> None:
    model = lm.logic_model(national_view())
    assert model.node("outcome:A").counts_text() == "KPI 28件：順調 1・データなし 27"
    assert model.node("area:h").counts_text() == "KPI なし"


def test_links_use_the_model_ids_percent_encoded() -> None:
    model = lm.logic_model(national_view())
    assert model.node("impact:1").href == "/impacts/1"
    assert model.node("outcome:A").href == "/outcomes/A"
    assert model.node("area:4(1)").href == "/areas/4(1)"
    assert model.node("group:cross-cutting").href == "/groups/cross-cutting"
    assert lm.href("/kpis/national/A-KPI④-1") == "/kpis/national/A-KPI%E2%91%A3-1"


def test_the_trail_runs_from_the_top_down_to_the_node() -> None:
    model = lm.logic_model(national_view())
    assert [n.key for n in model.trail("area:g")] == ["impact:1", "outcome:A", "area:g"]
    assert [n.key for n in model.trail("area:4(2)")] == ["group:cross-cutting", "area:4(2)"]


def test_headline_kpis_are_the_impact_and_outcome_kpis_impact_by_impact() -> None:
    kpis = lm.headline_kpis(national_view())
    assert len(kpis) == 16
    assert {k.level for k in kpis} == {"impact", "outcome"}
    assert [k.id for k in kpis[:2]] == ["I1", "A-KPI①"]  # impact 1 first, then its outcomes
    assert kpis.index(next(k for k in kpis if k.id == "I2")) < kpis.index(
        next(k for k in kpis if k.id == "C-KPI①")
    )


def test_a_measure_lists_the_kpi_block_that_follows_its_run_of_measures() -> None:
    strategy = national_strategy()
    smart_farming = [k.indicator for k in lm.measure_kpis(strategy, "a/1/2")]
    assert smart_farming == ["スマート農業技術の活用割合"]
    assert lm.measure_kpis(strategy, "a/1/1") == lm.measure_kpis(strategy, "a/1/4")
    assert [k.id for k in lm.measure_kpis(strategy, "a/1/5")] == ["a-2"]
    assert [k.id for k in lm.measure_kpis(strategy, "a/1/16-3")] == ["a-9", "a-10"]
    assert lm.measure_kpis(strategy, "h/1/1") == []  # area h has no KPI


def test_every_output_kpi_belongs_to_at_least_one_measure() -> None:
    strategy = national_strategy()
    listed = {k.id for m in strategy.measures for k in lm.measure_kpis(strategy, m.path)}
    assert listed == {k.id for k in strategy.kpis if k.level == "output"}


def test_an_area_lists_its_measures_by_group_and_category() -> None:
    groups = lm.area_measures(national_strategy(), "a")
    assert groups[0].title == "(1) 地域資源の高付加価値化の取組の強化"
    category, items = groups[0].items[0]
    assert category == "農林水産物・食品"
    assert [item.name for item in items][:2] == [
        "① 農山漁村の魅力を活用した国内外の観光客の呼び込み",
        "② スマート農業の推進",
    ]
    assert items[1].href == "/measures/a/1/2"
    total = sum(len(run) for group in groups for _category, run in group.items)
    assert total == sum(1 for m in national_strategy().measures if m.area_id == "a")


def test_an_unknown_measure_is_not_found_with_a_japanese_message() -> None:
    with pytest.raises(NotFoundError, match="施策「zz/9」はありません"):
        lm.find_measure(national_strategy(), "zz/9")


def test_own_kpis_are_those_the_node_owns_itself() -> None:
    view = national_view()
    assert [k.id for k in lm.own_kpis(view, "impact:1")] == ["I1"]
    assert VISITORS in [k.id for k in lm.own_kpis(view, "outcome:A")]
    assert len(lm.own_kpis(view, "outcome:A")) == 5
