"""The local strategy parser on small documents, one layout or value form at a time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from sousei.ingest import NotAStrategyError, SourceText, detect_family, parse_source
from sousei.ingest.local import read_local
from sousei.model import Kpi, Strategy

HEAD = "第3期みなと市まち・ひと・しごと創生総合戦略\n\n第2章 基本目標と施策\n\n"


def parse(body: str, head: str = HEAD) -> Strategy:
    return read_local(SourceText("test.md", head + body, "utf-8"))


def kpi(strategy: Strategy, indicator: str) -> Kpi:
    found = [k for k in strategy.kpis if k.indicator == indicator]
    assert len(found) == 1, [k.indicator for k in strategy.kpis]
    return found[0]


def fields(k: Kpi) -> dict[str, Any]:
    t = k.target
    return {
        "level": k.level,
        "owner": k.owner,
        "baseline": (t.baseline_value, t.baseline_unit, t.baseline_year, t.baseline_year_basis),
        "target": (t.value, t.unit, t.comparator, t.target_year, t.year_basis),
        "flags": (t.recurring, t.cumulative),
    }


def D(text: str) -> Decimal:  # noqa: N802  # reads as a literal
    return Decimal(text)


# -- tables ------------------------------------------------------------------------------------


def test_markdown_table_with_years_in_the_header_and_in_cells() -> None:
    strategy = parse(
        "基本目標１　しごとをつくる\n\n【数値目標】\n\n"
        "| 指標 | 基準値（令和5年度） | 目標値（令和11年度） |\n|:--|--:|--:|\n"
        "| 市内総生産※1 | 2,854億円（令和3年度） | 3,000億円 |\n"
        "| 従業者数 | 41,250人 | 42,000人以上 |\n\n"
        "※1　市町村民経済計算による。\n"
    )
    gdp = kpi(strategy, "市内総生産")
    assert fields(gdp) == {
        "level": "outcome",
        "owner": "1",
        "baseline": (D("285400000000"), "円", 2021, "fiscal"),
        "target": (D("300000000000"), "円", "=", 2029, "fiscal"),
        "flags": (False, False),
    }
    assert gdp.notes == ("市町村民経済計算による。",)
    workers = fields(kpi(strategy, "従業者数"))
    assert workers["baseline"] == (D("41250"), "人", 2023, "fiscal")
    assert workers["target"] == (D("42000"), "人", ">=", 2029, "fiscal")
    assert not strategy.warnings


def test_tsv_table_with_bare_years_under_a_fiscal_header_and_a_cell_carried_over() -> None:
    strategy = parse(
        "基本目標２　ひとの流れをつくる\n\n（数値目標）\n\n"
        "指標\t現状値（年度）\t目標値（年度）\n"
        "移住者数\t１２０人（Ｒ５）\t１５０人（Ｒ１１）\n"
        "創業件数\t21件（H30～R4）\t5年間累計\n"
        "120件（R11）\n"
    )
    assert fields(kpi(strategy, "移住者数"))["baseline"] == (D("120"), "人", 2023, "fiscal")
    startups = fields(kpi(strategy, "創業件数"))
    assert startups["baseline"] == (D("21"), "件", 2022, "fiscal")
    assert startups["target"] == (D("120"), "件", "=", 2029, "fiscal")
    assert startups["flags"] == (False, True)
    assert kpi(strategy, "創業件数").target.baseline_period_start == 2018
    assert not strategy.warnings


def test_table_flattened_one_cell_per_line() -> None:
    strategy = parse(
        "基本目標１　しごとをつくる\n\n【数値目標】\n\n"
        "指標\n\n基準値\n（令和5年度）\n\n目標値\n\n"
        "市内農産物直売所の\n\n年間販売額\n\n2億4,500万円\n\n3億円\n\n（R11年度）\n\n"
        "体験イベントの参加者数\n\n三千人\n\n5年間累計\n\n1万8千人\n\n"
        "新規就農者数\n\n－\n\n毎年度8人\n"
    )
    sales = fields(kpi(strategy, "市内農産物直売所の年間販売額"))
    assert sales["baseline"] == (D("245000000"), "円", 2023, "fiscal")
    assert sales["target"] == (D("300000000"), "円", "=", 2029, "fiscal")
    events = fields(kpi(strategy, "体験イベントの参加者数"))
    assert events["baseline"] == (D("3000"), "人", 2023, "fiscal")
    assert events["target"] == (D("18000"), "人", "=", None, None)
    assert events["flags"] == (False, True)
    farmers = fields(kpi(strategy, "新規就農者数"))
    assert farmers["baseline"] == (None, None, None, None)
    assert farmers["target"] == (D("8"), "人", "=", None, None)
    assert farmers["flags"] == (True, False)
    assert not strategy.warnings


@pytest.mark.parametrize("layout", ["markdown", "tsv"])
def test_table_split_by_a_page_break_with_its_header_repeated(layout: str) -> None:
    def row(*cells: str) -> str:
        return f"| {' | '.join(cells)} |" if layout == "markdown" else "\t".join(cells)

    header = row("指標", "基準値", "目標値")
    rule = "|---|---|---|\n" if layout == "markdown" else ""
    strategy = parse(
        "基本目標１　しごとをつくる\n\n（１）企業誘致\n\n【KPI】\n\n"
        f"{header}\n{rule}{row('企業立地件数', '42件（R5年）', '5年間累計250件（R11年）')}\n\n"
        "※2　件数は県の調査による。\n\n- 8 -\n\n第3期みなと市まち・ひと・しごと創生総合戦略\n\n"
        f"{header}\n{rule}{row('新規雇用者数', '1,020人（R5年）', '1,200人（R11年）')}\n"
        f"{row('', '', '（各年12月末）')}\n"
    )
    assert [k.indicator for k in strategy.kpis] == ["企業立地件数", "新規雇用者数"]
    assert {k.owner for k in strategy.kpis} == {"1/1"}
    jobs = kpi(strategy, "新規雇用者数")
    assert jobs.target.text == "1,200人（R11年）（各年12月末）"
    assert fields(jobs)["target"] == (D("1200"), "人", "=", 2029, "calendar")
    assert [f.number for f in strategy.footnotes] == ["2"]
    assert not strategy.warnings


def test_year_columns_and_a_unit_column() -> None:
    strategy = parse(
        "基本目標３　子育て\n\n【数値目標】\n\n"
        "| 指標 | 単位 | 基準値 | 基準年度 | 目標値 | 目標年度 |\n|---|---|---|---|---|---|\n"
        "| 合計特殊出生率 | － | 1.41 | 令和4年 | 1.55 | 令和11年 |\n"
        "| 子育て支援額 | 千円 | 3,012 | R5年度 | 3,200 | R11年度 |\n"
    )
    rate = fields(kpi(strategy, "合計特殊出生率"))
    assert rate["baseline"] == (D("1.41"), None, 2022, "calendar")
    assert rate["target"] == (D("1.55"), None, "=", 2029, "calendar")
    support = fields(kpi(strategy, "子育て支援額"))
    assert support["baseline"] == (D("3012000"), "円", 2023, "fiscal")
    assert support["target"] == (D("3200000"), "円", "=", 2029, "fiscal")


def test_a_header_in_two_rows() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n"
        "| 指標 | 計画策定時 | | 目標値 | |\n| | 数値 | 年度 | 数値 | 年度 |\n"
        "|---|---|---|---|---|\n"
        "| 従業者数 | 41,250人 | R3 | 42,000人 | R11 |\n"
    )
    workers = fields(kpi(strategy, "従業者数"))
    assert workers["baseline"] == (D("41250"), "人", 2021, "fiscal")
    assert workers["target"] == (D("42000"), "人", "=", 2029, "fiscal")


def test_a_marker_followed_by_its_first_kpi_on_the_same_line() -> None:
    strategy = parse(
        "基本目標３　子育て\n\n【数値目標】合計特殊出生率　1.38（H30年）→1.50（R6年）\n"
        "・婚姻件数　812件（H30年）→900件（R6年）\n"
    )
    rate = fields(kpi(strategy, "合計特殊出生率"))
    assert rate["baseline"] == (D("1.38"), None, 2018, "calendar")
    assert rate["target"] == (D("1.5"), None, "=", 2024, "calendar")
    assert kpi(strategy, "婚姻件数").level == "outcome"
    assert not strategy.warnings


def test_a_header_named_after_the_kpis() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n（１）企業誘致\n\n"
        "重要業績評価指標（KPI）\t基準値（R5年度）\t目標値（R11年度）\n企業立地件数\t42件\t50件\n"
    )
    assert [(k.indicator, k.owner) for k in strategy.kpis] == [("企業立地件数", "1/1")]


def test_a_unit_line_above_the_table_applies_to_bare_numbers() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n（単位：百万円）\n\n"
        "指標\t基準値（R5年度）\t目標値（R11年度）\n観光消費額\t6,800\t8,000\n"
    )
    assert fields(kpi(strategy, "観光消費額"))["target"] == (
        D("8000000000"),
        "円",
        "=",
        2029,
        "fiscal",
    )


def test_a_goal_table_without_a_marker_is_still_read() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n| 指標 | 基準値 | 目標値 |\n|---|---|---|\n"
        "| 転入者数 | 412人（令和5年） | 450人（令和11年） |\n"
    )
    assert kpi(strategy, "転入者数").level == "outcome"


# -- bullets -----------------------------------------------------------------------------------


def test_bullet_layouts() -> None:
    strategy = parse(
        "【基本目標１】　まちの強みを生かす\n\n◆数値目標\n\n"
        "■ 従業者数\n　基準値　2,815人（平成28年）\n　目標値　2,900人（令和10年）\n"
        "■ 農業産出額\n　基準値　24億3千万円（令和4年）\n　目標値　25億円（令和10年）\n\n"
        "◆具体的な施策\n\n①　農業の振興\n\n●KPI\n"
        "○ 指標：新規就農者数\n　・基準値：6人（令和元年度）\n　・目標値：毎年度8人\n"
        "・観光入込客数　12.4万人（R5年）→ 15万人（R11年）\n"
        "・宿泊者数：基準値 8,200人（H30年度）／目標値 1万人（R11年度）\n"
        "・寄附額　基準値：3億4,120\n　万円（令和5年度）→目標値：5億円（令和11年度）\n"
        "◇利用者数　基準値 新規 → 目標値 毎年度500人\n"
    )
    assert fields(kpi(strategy, "従業者数"))["baseline"] == (D("2815"), "人", 2016, "calendar")
    assert fields(kpi(strategy, "農業産出額"))["baseline"] == (
        D("2430000000"),
        "円",
        2022,
        "calendar",
    )
    farmers = fields(kpi(strategy, "新規就農者数"))
    assert farmers["baseline"] == (D("6"), "人", 2019, "fiscal")
    assert farmers["flags"] == (True, False)
    assert fields(kpi(strategy, "観光入込客数"))["target"] == (
        D("150000"),
        "人",
        "=",
        2029,
        "calendar",
    )
    assert fields(kpi(strategy, "宿泊者数"))["baseline"] == (D("8200"), "人", 2018, "fiscal")
    assert fields(kpi(strategy, "寄附額"))["baseline"] == (D("341200000"), "円", 2023, "fiscal")
    users = fields(kpi(strategy, "利用者数"))
    assert users["baseline"] == (None, None, None, None)
    assert users["target"] == (D("500"), "人", "=", None, None)
    assert {k.owner for k in strategy.kpis if k.level == "output"} == {"1/1"}
    assert not strategy.warnings


# -- values ------------------------------------------------------------------------------------

VALUES = [
    # (baseline cell, target cell, baseline fields, target fields, recurring, cumulative)
    (
        "3,012千円（R5）",
        "3,200千円（R11）",
        (D("3012000"), "円"),
        (D("3200000"), "円", "="),
        F := False,
        F,
    ),
    (
        "312百万円（R5）",
        "400百万円（R11）",
        (D("312000000"), "円"),
        (D("400000000"), "円", "="),
        F,
        F,
    ),
    (
        "48億円（R5）",
        "基準値の2.0倍（R11）",
        (D("4800000000"), "円"),
        (D("2"), "倍", "multiple"),
        F,
        F,
    ),
    ("52.3万人（R5）", "60万人（R11）", (D("523000"), "人"), (D("600000"), "人", "="), F, F),
    ("12.5㎡（R5）", "13.0㎡（R11）", (D("12.5"), "m2"), (D("13"), "m2", "="), F, F),
    (
        "98.5ポイント（R5）",
        "5ポイント増（R11）",
        (D("98.5"), "ポイント"),
        (D("5"), "ポイント", "increase"),
        F,
        F,
    ),
    ("△312人（R5）", "△100人（R11）", (D("-312"), "人"), (D("-100"), "人", "="), F, F),
    ("１２０件（Ｒ５）", "１５０件（Ｒ１１）", (D("120"), "件"), (D("150"), "件", "="), F, F),
    ("三千人（R5）", "1万2千人（R11）", (D("3000"), "人"), (D("12000"), "人", "="), F, F),
    (
        "12,480t-CO2（R元）",
        "令和元年度比10%削減（R11）",
        (D("12480"), "t-CO2"),
        (D("10"), "%", "decrease"),
        F,
        F,
    ),
    ("3件（R1～R5累計）", "5件（R7～R11累計）", (D("3"), "件"), (D("5"), "件", "="), F, True),
    ("年間18件（R5）", "毎年度25件", (D("18"), "件"), (D("25"), "件", "="), True, F),
    ("84.6歳（R4）", "延伸（R11）", (D("84.6"), "歳"), (None, None, "increase"), F, F),
    ("72.8年（R元）", "増加（R11）", (D("72.8"), "年"), (None, None, "increase"), F, F),
    ("24件（R5）", "減少（R11）", (D("24"), "件"), (None, None, "decrease"), F, F),
    ("126経営体（R5）", "維持（R11）", (D("126"), "経営体"), (None, None, "maintain"), F, F),
    ("78.4%（R5）", "向上（R11）", (D("78.4"), "%"), (None, None, "improve"), F, F),
    ("－", "1,500人（R11）", (None, None), (D("1500"), "人", "="), F, F),
    ("新規", "90%以上（R11）", (None, None), (D("90"), "%", ">="), F, F),
    ("調査中", "調査中", (None, None), (None, None, None), F, F),
]


@pytest.mark.parametrize(("baseline", "target", "base", "aim", "recurring", "cumulative"), VALUES)
def test_value_forms(
    baseline: str,
    target: str,
    base: tuple[Any, ...],
    aim: tuple[Any, ...],
    recurring: bool,
    cumulative: bool,
) -> None:
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n"
        f"指標\t基準値（年度）\t目標値（年度）\n指標A\t{baseline}\t{target}\n"
    )
    t = kpi(strategy, "指標A").target
    assert (t.baseline_value, t.baseline_unit) == base
    assert (t.value, t.unit, t.comparator) == aim
    assert (t.recurring, t.cumulative) == (recurring, cumulative)
    assert t.baseline_text == baseline
    if base[0] is not None:
        assert t.baseline_year_basis == "fiscal"
    if target == "調査中":
        assert t.to_be_set
        assert [w.code for w in strategy.warnings] == []


def test_a_range_baseline_has_its_last_year() -> None:
    strategy = parse(
        "基本目標２　ひと\n\n【数値目標】\n\n"
        "・観光入込客数　基準値：年平均48.3万人（令和元年度～令和5年度）"
        "→目標値：55万人（令和11年度）\n"
        "・転出超過数　基準値：72人（令和元年～令和5年の平均）→目標値：50人（令和11年）\n"
    )
    visitors = kpi(strategy, "観光入込客数").target
    assert (visitors.baseline_year, visitors.baseline_period_start) == (2023, 2019)
    assert kpi(strategy, "転出超過数").target.baseline_year_basis == "calendar"


def test_years_written_as_dates() -> None:
    strategy = parse(
        "基本目標３　子育て\n\n【数値目標】\n\n"
        "・待機児童数　基準値：5人（令和6年4月1日）→目標値：0人（令和11年4月1日）\n"
        "・保育士数　基準値：41人（R6.4.1現在）→目標値：50人（2029年4月）\n"
    )
    assert fields(kpi(strategy, "待機児童数"))["baseline"] == (D("5"), "人", 2024, "calendar")
    assert fields(kpi(strategy, "保育士数"))["baseline"] == (D("41"), "人", 2024, "calendar")
    assert fields(kpi(strategy, "保育士数"))["target"][3:] == (2029, "calendar")


# -- structure ---------------------------------------------------------------------------------

MEASURES_WITH_TABLES = """基本目標Ⅰ　しごと

■具体的な施策

(1) 産業の競争力強化

① 中小企業の成長支援

【重要業績評価指標（KPI）】

| 指標 | 基準値 | 目標値 |
|---|---|---|
| 承認件数 | 86件（R5年度） | 100件（R11年度） |

② 企業誘致

【重要業績評価指標（KPI）】

| 指標 | 基準値 | 目標値 |
|---|---|---|
| 立地件数 | 42件（R5年） | 50件（R11年） |
"""

MEASURES_WITH_ACTIONS = """基本目標１　しごと

（具体的な施策と重要業績評価指標）

(1) 商工業の振興

市内中小企業を支援します。

①中小企業の経営支援

市制度融資の利子補給を行います。

②商店街の活性化

【KPI】

指標\t現状値（年度）\t目標値（年度）
融資件数\t120件（R5）\t150件（R11）
"""


def test_grouped_measures_each_with_its_table() -> None:
    strategy = parse(MEASURES_WITH_TABLES)
    assert [(m.path, m.group, m.number, m.title) for m in strategy.measures] == [
        ("1/1/1", 1, 1, "中小企業の成長支援"),
        ("1/1/2", 1, 2, "企業誘致"),
    ]
    assert [k.owner for k in strategy.kpis] == ["1/1/1", "1/1/2"]


def test_measures_whose_numbered_items_are_actions() -> None:
    strategy = parse(MEASURES_WITH_ACTIONS)
    assert [(m.path, m.title) for m in strategy.measures] == [("1/1", "商工業の振興")]
    assert [p.name for p in strategy.projects] == ["中小企業の経営支援", "商店街の活性化"]
    assert [k.owner for k in strategy.kpis] == ["1/1"]
    assert "利子補給" in strategy.measures[0].text


def test_goals_areas_and_numbered_headings_before_the_measures() -> None:
    strategy = parse(
        "基本目標（２）\n新しいひとの流れをつくる\n\n(1) 現状と課題\n\n転出が続いています。\n\n"
        "(2) 施策の基本的方向\n\n移住を後押しします。\n\n(3) 具体的な施策\n\n"
        "① 移住の促進\n\n【KPI】\n\n"
        "・移住相談件数　基準値：85件（R5年度）→目標値：120件（R11年度）\n\n"
        "基本目標三　子育て\n\n【数値目標】\n\n"
        "・出生数　基準値：48人（令和5年）→目標値：50人（令和11年）\n"
    )
    assert [(o.id, o.title, o.impact_id) for o in strategy.outcomes] == [
        ("2", "新しいひとの流れをつくる", None),
        ("3", "子育て", None),
    ]
    assert (strategy.areas[0].id, strategy.areas[0].title, strategy.areas[0].text) == (
        "2",
        "施策の基本的方向",
        "移住を後押しします。",
    )
    assert [m.path for m in strategy.measures] == ["2/1"]
    assert "転出が続いています。" in strategy.outcomes[0].text
    assert [(k.level, k.owner) for k in strategy.kpis] == [("output", "2/1"), ("outcome", "3")]


def test_a_list_of_goals_before_the_goals_adds_none() -> None:
    strategy = parse(
        "３．基本目標\n\n基本目標１：しごとをつくる\n基本目標２：ひとの流れをつくる\n\n― 2 ―\n\n"
        "基本目標１：しごとをつくる\n\n◆数値目標\n\n"
        "・転入者数　基準値：412人（令和5年）→目標値：450人（令和11年）\n"
    )
    assert [o.id for o in strategy.outcomes] == ["1", "2"]
    assert [k.owner for k in strategy.kpis] == ["1"]


def test_page_furniture_is_dropped_and_a_repeated_chapter_title_heads_pages() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n| 指標 | 基準値 | 目標値 |\n|---|---|---|\n"
        "| 転入者数 | 412人（令和5年） | 450人（令和11年） |\n\n12\n\n第2章 基本目標と施策\n\n"
        "| 転出者数 | 512人（令和5年） | 450人（令和11年） |\n"
    )
    assert [k.indicator for k in strategy.kpis] == ["転入者数", "転出者数"]
    assert not strategy.warnings


# -- warnings ----------------------------------------------------------------------------------

JUNK = """第3期みなと市まち・ひと・しごと創生総合戦略

第1章 はじめに

本市の人口は減少が続いています。
＠＠＠＠＠＠

第2章 基本目標と施策

基本目標１　しごとをつくる

【数値目標】

| 指標 | 基準値（令和5年度） | 目標値（令和11年度） |
|---|---|---|
| 市内総生産 | 2,854億円 | 3,000億円 |
%%%%%%%%
| 従業者数 | 41,250人 | 42,000人 |

【具体的な施策と重要業績評価指標（KPI）】

（１）地場産業の振興

【KPI】

指標\t基準値（年度）\t目標値（年度）
企業誘致件数\t3件（R5）\t5件（R11）
########
創業件数\t18件（R5）\t25件（R11）

（２）農業の振興

【KPI】

・新規就農者数　基準値：4人（R5年度）→目標値：30人（R11年度）
＊＊＊＊＊＊
・認定農業者数　基準値：126経営体（R5年度）→目標値：維持（R11年度）

（３）観光の振興

【KPI】

指標

基準値（年度）

目標値（年度）

観光消費額

68億円（R5年）

〓〓〓〓〓

80億円（R11年）
"""


def test_junk_lines_are_warned_about_exactly() -> None:
    strategy = read_local(SourceText("junk.md", JUNK, "utf-8"))
    numbered = JUNK.splitlines()
    junk = [
        i
        for i, text in enumerate(numbered, start=1)
        if text[:2] in ("＠＠", "%%", "##", "＊＊", "〓〓")
    ]
    assert len(junk) == 5
    assert sorted({w.line for w in strategy.warnings}) == junk
    assert len(strategy.kpis) == 7
    assert kpi(strategy, "観光消費額").target.value == Decimal("8000000000")


def test_an_unreadable_target_is_a_kpi_and_a_warning() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n"
        "指標\t基準値\t目標値\n満足度\t60%（R5年度）\t今後検討\n"
    )
    assert kpi(strategy, "満足度").target.to_be_set
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n指標\t基準値\t目標値\n満足度\t60%（R5年度）\tよい\n"
    )
    assert [(w.line, w.code) for w in strategy.warnings] == [(10, "kpi_target_unread")]


def test_a_table_row_that_does_not_fit_is_warned_about() -> None:
    strategy = parse(
        "基本目標１　しごと\n\n【数値目標】\n\n| 指標 | 基準値 | 目標値 |\n|---|---|---|\n"
        "| 転入者数 | 412人 | 450人 | 500人 | 600人 |\n"
    )
    assert [(w.line, w.code) for w in strategy.warnings] == [(11, "unplaced_line")]
    assert not strategy.kpis


# -- the family --------------------------------------------------------------------------------


def test_the_family_is_recognised(national_source_text: str) -> None:
    local = (
        HEAD
        + "基本目標１　しごと\n\n【数値目標】\n\n"
        + "・転入者数　基準値：412人（令和5年）→目標値：450人（令和11年）\n"
    )
    assert detect_family(local) == "local"
    assert detect_family(national_source_text) == "national"
    strategy = parse_source(SourceText("local.md", local, "utf-8"))
    assert [k.owner for k in strategy.kpis] == ["1"]
    with pytest.raises(NotAStrategyError):
        parse_source(
            SourceText("prose.md", "本市の人口は減少しています。\n", "utf-8"), family="local"
        )
