"""Suggested links of a local strategy to the national one: a truth table of rankings against
the bundled national strategy (outcomes A–E, 55 KPIs)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sousei.ingest import bundled_source, parse_source
from sousei.link import Linker, Suggestion, suggest, unit_agreement, unit_class
from sousei.model import Area, Kpi, Measure, Outcome, SourceSpan, Strategy, Target

SPAN = SourceSpan(start=1, end=1)

GOALS = {
    "1": "地域にしごとをつくり、安心して働けるようにする",
    "2": "新しいひとの流れをつくる",
    "3": "結婚・出産・子育ての希望をかなえる",
    "4": "安心して暮らせる魅力あるまちをつくる",
}
MEASURES = {
    "1/1": "観光の振興",
    "1/2": "農林水産業の振興",
    "2/1": "移住・定住の促進",
    "3/1": "切れ目ない子育て支援",
    "4/1": "地域公共交通の確保",
}
KPIS = [  # id, owner, indicator, unit
    ("1/1-1", "1/1", "観光入込客数", "人"),
    ("1/1-2", "1/1", "外国人延べ宿泊者数", "人泊"),
    ("1/1-3", "1/1", "観光消費額", "円"),
    ("1/2-1", "1/2", "農林水産物の輸出額", "円"),
    ("2/1-1", "2/1", "移住者数", "人"),
    ("2/1-2", "2/1", "移住相談件数", "件"),
    ("3/1-1", "3/1", "保育所等の待機児童数", "人"),
    ("4/1-1", "4/1", "コミュニティバスの利用者数", "人"),
    ("4-1", "4", "住みやすいと感じる住民の割合", "%"),
]


def _kpi(kpi_id: str, owner: str, indicator: str, unit: str) -> Kpi:
    level = "outcome" if "/" not in owner else "output"
    target = Target(text=f"100{unit}", value=Decimal(100), unit=unit, comparator="=")
    return Kpi(
        id=kpi_id,
        level=level,  # type: ignore[arg-type]
        owner=owner,
        indicator=indicator,
        target=target,
        text=indicator,
        lines=SPAN,
    )


def _local(kpis: list[tuple[str, str, str, str]] = KPIS) -> Strategy:
    return Strategy(
        title="テスト市まち・ひと・しごと創生総合戦略",
        source_name="test.md",
        outcomes=tuple(
            Outcome(id=n, impact_id=None, title=t, lines=SPAN) for n, t in GOALS.items()
        ),
        areas=tuple(
            Area(
                id=n,
                outcome_id=n,
                impact_id=None,
                title="施策の基本的方向",
                written_id=n,
                lines=SPAN,
            )
            for n in GOALS
        ),
        measures=tuple(
            Measure(
                path=path,
                area_id=path[0],
                outcome_id=path[0],
                number=int(path[-1]),
                title=title,
                lines=SPAN,
            )
            for path, title in MEASURES.items()
        ),
        kpis=tuple(_kpi(*row) for row in kpis),
    )


@pytest.fixture(scope="module")
def national() -> Strategy:
    return parse_source(bundled_source())


@pytest.fixture(scope="module")
def ranked(national: Strategy) -> dict[tuple[str, str], list[str]]:
    """Every target of every subject, best first (no threshold, no cut)."""
    found: dict[tuple[str, str], list[str]] = {}
    for s in suggest(_local(), national, top=100, threshold=0, outcome_threshold=0):
        found.setdefault((s.subject_kind, s.subject_id), []).append(s.target_id)
    return found


def _indicators(national: Strategy) -> dict[str, str]:
    return {k.indicator: k.id for k in national.kpis}


def test_the_truth_table_s_targets_exist(national: Strategy) -> None:
    titles = {o.id: o.title for o in national.outcomes}
    assert titles["D"] == "地域の暮らしの満足感向上"
    assert titles["E"] == "魅力が感じられる地方の実現"
    assert {"訪日外国人旅行者数", "インバウンド消費額", "東京圏から地方への移住者数"} <= set(
        _indicators(national)
    )


def test_visitors_rank_inbound_travel_and_spending_above_unrelated_kpis(
    national: Strategy, ranked: dict[tuple[str, str], list[str]]
) -> None:
    ids = _indicators(national)
    order = ranked[("kpi", "1/1-1")]
    tourism = [order.index(ids[name]) for name in ("訪日外国人旅行者数", "インバウンド消費額")]
    unrelated = [
        order.index(ids[name])
        for name in (
            "デジタル人材育成数",
            "東京圏から地方への移住者数",
            "「交通空白」地点",
            "スマート農業技術の活用割合",
            "情報システム統一研修修了者数",
        )
    ]
    assert max(tourism) < min(unrelated)
    assert order[0] == ids["訪日外国人旅行者数"]


@pytest.mark.parametrize(
    ("local", "national_indicator"),
    [
        ("1/1-2", "訪日外国人旅行者の地方部における延べ宿泊者数"),
        ("1/1-3", "インバウンド消費額"),
        ("1/2-1", "農林水産物・食品の輸出額とインバウンドによる食関連消費額の合計"),
        ("2/1-1", "東京圏から地方への移住者数"),
        ("2/1-2", "東京圏から地方への移住者数"),
    ],
)
def test_a_local_kpi_ranks_its_national_counterpart_first(
    national: Strategy,
    ranked: dict[tuple[str, str], list[str]],
    local: str,
    national_indicator: str,
) -> None:
    assert ranked[("kpi", local)][0] == _indicators(national)[national_indicator]


@pytest.mark.parametrize(
    ("goal", "outcome"),
    [
        pytest.param("1", "A", id="しごと-高付加価値型産業"),
        pytest.param("2", "E", id="ひとの流れ-魅力ある地方（移住）"),
        pytest.param("3", "D", id="子育て-暮らしの満足感"),
    ],
)
def test_a_goal_ranks_its_national_outcome_first(
    ranked: dict[tuple[str, str], list[str]], goal: str, outcome: str
) -> None:
    assert ranked[("outcome", goal)][0] == outcome


def test_a_goal_about_living_ranks_the_living_outcomes_above_the_economy(
    ranked: dict[tuple[str, str], list[str]],
) -> None:
    order = ranked[("outcome", "4")]  # 安心して暮らせる魅力あるまち: E shares 魅力
    assert max(order.index("C"), order.index("D")) < min(order.index("A"), order.index("B"))


def test_defaults_cut_at_three_and_at_the_thresholds(national: Strategy) -> None:
    found = suggest(_local(), national)
    by_subject: dict[tuple[str, str], list[Suggestion]] = {}
    for s in found:
        by_subject.setdefault((s.subject_kind, s.subject_id), []).append(s)
    assert all(len(group) <= 3 for group in by_subject.values())
    assert all(s.score >= 0.15 for s in found if s.subject_kind == "kpi")
    assert all(s.score >= 0.1 for s in found if s.subject_kind == "outcome")
    for group in by_subject.values():
        assert [s.rank for s in group] == list(range(1, len(group) + 1))
        assert [s.score for s in group] == sorted((s.score for s in group), reverse=True)
    migrants = by_subject[("kpi", "2/1-1")]
    assert migrants[0].target_id == _indicators(national)["東京圏から地方への移住者数"]
    assert migrants[0].score > 0.5
    assert {g for kind, g in by_subject if kind == "outcome"} == set(GOALS)


def test_a_kpi_sharing_nothing_gets_no_suggestion(national: Strategy) -> None:
    local = _local([("1/1-9", "1/1", "ＸＹＺ", "人")])
    local = local.model_copy(update={"measures": (), "outcomes": (), "areas": ()})
    assert suggest(local, national) == []


def test_units_agreeing_raise_the_score(national: Strategy) -> None:
    people = _local([("2/1-1", "2/1", "移住者数", "人")])
    money = _local([("2/1-1", "2/1", "移住者数", "円")])
    (found_people,) = [s for s in suggest(people, national, top=1) if s.subject_kind == "kpi"]
    (found_money,) = [s for s in suggest(money, national, top=1) if s.subject_kind == "kpi"]
    assert found_people.target_id == found_money.target_id
    assert found_money.score == pytest.approx(found_people.score * 0.75, abs=1e-4)


def test_unit_classes_and_their_agreement() -> None:
    assert unit_class(_kpi("k", "1/1", "観光入込客数", "人")) == "person"
    assert unit_class(_kpi("k", "1/1", "支援した事業所", "事業所")) == "count"
    assert unit_class(_kpi("k", "1/1", "件数", "件")) == "count"
    trend = _kpi("k", "1/1", "満足している人の割合", "%").model_copy(
        update={"target": Target(text="向上", comparator="improve")}
    )
    assert unit_class(trend) == "ratio"  # a 割合 without a unit is still a ratio
    assert (unit_agreement("person", "person"), unit_agreement("person", "currency")) == (1, 0)
    assert unit_agreement(None, "person") == 0.5


def test_one_linker_gives_the_same_for_many_strategies(national: Strategy) -> None:
    linker = Linker(national)
    first = linker.suggest(_local())
    again = linker.suggest(_local())  # from the kept scores
    assert first == again == suggest(_local(), national)
