"""Odd places of the national strategy, each checked against the document by reading it."""

from __future__ import annotations

import pytest

from sousei.model import Strategy


def _measure(strategy: Strategy, line: int) -> str:
    return next(m.path for m in strategy.measures if m.lines.start == line)


def _warnings(strategy: Strategy, code: str) -> list[int]:
    return [w.line for w in strategy.warnings if w.code == code]


def test_impacts_and_outcomes(national: Strategy) -> None:
    assert [(i.id, i.title) for i in national.impacts] == [
        ("1", "強い経済"),
        ("2", "豊かな生活環境"),
        ("3", "選ばれる地方"),
    ]
    assert [(o.id, o.impact_id) for o in national.outcomes] == [
        ("A", "1"),
        ("B", "1"),
        ("C", "2"),
        ("D", "2"),
        ("E", "3"),
    ]
    assert national.title == "地方創生に関する総合戦略（案）"


def test_misprinted_area_letters_are_read_by_position_and_reported(national: Strategy) -> None:
    areas = {a.lines.start: (a.id, a.written_id) for a in national.areas}
    assert areas[1124] == ("l", "I")  # written "I." (capital i)
    assert areas[1170] == ("m", "Ⅲ")  # written "Ⅲ." (roman three)
    assert _warnings(national, "area_letter") == [1124, 1170]


def test_measure_numbered_twice_keeps_its_number_and_gets_a_unique_path(national: Strategy) -> None:
    sixteens = [m for m in national.measures if m.area_id == "a" and m.number == 16]
    assert [m.lines.start for m in sixteens] == [527, 535, 554]  # ⑬ is followed by ⑯ ⑯ ⑯
    assert len({m.path for m in sixteens}) == 3
    assert _warnings(national, "measure_number") == [527, 535]


def test_relisted_measures_point_to_their_originals(national: Strategy) -> None:
    relisted = {m.lines.start: m.original_path for m in national.measures if m.relisted}
    assert relisted == {
        767: _measure(national, 373),  # 酒蔵 … 【再掲】 in f
        1022: _measure(national, 946),  # ドローン … 【再掲】 in j
        1030: _measure(national, 964),  # 新たなモビリティサービス … 【再掲】 in j
    }


def test_measure_text_is_rejoined_around_a_footnote_block(national: Strategy) -> None:
    smart_farming = next(m for m in national.measures if m.lines.start == 330)
    assert "生産と開発の橋渡し" in smart_farming.text  # line 338, after footnotes 9 and 10
    assert "令和6年法律第63号" not in smart_farming.text
    assert "\n" not in smart_farming.text  # one paragraph in the document
    footnotes = {f.number: f.text for f in national.footnotes}
    assert footnotes["10"] == "令和6年法律第63号。"


def test_project_name_broken_over_two_lines_is_joined(national: Strategy) -> None:
    names = [p.name for p in national.projects if p.lines.start == 1213]
    assert names == ["大学病院機能強化推進事業(経営環境の改善に資する教育研究基盤の充実)"]


def test_groups_of_national_role_are_areas(national: Strategy) -> None:
    role = [(a.id, a.title) for a in national.areas if a.outcome_id is None]
    assert role == [
        ("4(1)", "人材支援・人材育成"),
        ("4(2)", "情報支援・デジタルツールの整備"),
        ("4(3)", "規制・制度改革"),
        ("4(4)", "財政・金融による支援等"),
        ("4(5)", "その他"),
    ]


@pytest.mark.parametrize(
    ("line", "project", "start", "end", "open_ended", "text_start"),
    [
        # 2025 年 4 月～2028 年 3 月: April 2025 to March 2028 = fiscal 2025 to fiscal 2027
        (
            567,
            "地域の資源循環促進支援事業",
            (2025, 4),
            (2027, 3),
            False,
            "資源循環自治体フォーラム",
        ),
        (
            650,
            "地方活力向上地域等特定業務施設整備計画の認定事業者に対する特例措置（地方拠点強化税制等）",
            (2015, None),
            (2027, None),
            False,
            "地方拠点強化税制等による",
        ),
        # 2026 年 2 月 falls in fiscal 2025; "～" with no end is open-ended
        (
            738,
            "グローバル・スタートアップ・アクセラレーションプログラム",
            (2025, 2),
            (None, None),
            True,
            "スタートアップ",
        ),
        # 「2025 年内を目途に」 is text, not an end date
        (
            648,
            "独立行政法人中小企業基盤整備機構運営費交付金事業等",
            (2025, None),
            (None, None),
            True,
            "2025 年内を目途に",
        ),
    ],
)
def test_roadmap_cells(
    national: Strategy,
    line: int,
    project: str,
    start: tuple[int, int | None],
    end: tuple[int | None, int | None],
    open_ended: bool,
    text_start: str,
) -> None:
    entry = next(e for e in national.roadmap if e.lines.start == line)
    assert entry.project == project
    assert (entry.start_year, entry.start_month) == start
    assert (entry.end_year, entry.end_month) == end
    assert entry.open_ended is open_ended
    assert entry.text.startswith(text_start)


def test_roadmap_rows_with_typos_still_find_their_project(national: Strategy) -> None:
    # line 739 writes 产 for 産; line 1374 writes RMO where the project list has RM0
    by_line = {e.lines.start: e.project for e in national.roadmap}
    assert by_line[740] == "地域大学のインキュベーション・産学融合拠点の整備"
    assert by_line[1375] is not None
    assert "農村型地域運営組織" in by_line[1375]


def test_lost_roadmap_tables_and_figures_are_reported(national: Strategy) -> None:
    assert 363 in _warnings(national, "roadmap_missing")
    assert _warnings(national, "figure_missing") == [284, 289, 293, 297]


def test_every_warning_names_a_line_and_says_why(national: Strategy) -> None:
    assert national.warnings
    assert all(w.line > 0 and w.message for w in national.warnings)
    assert not _warnings(national, "unplaced_line")


def test_prose_sections_keep_the_text_outside_the_logic_model(national: Strategy) -> None:
    titles = [s.title for s in national.sections]
    assert "第4節 PDCAサイクルの徹底" in titles
    pdca = next(s for s in national.sections if s.title.startswith("第4節"))
    assert "毎年KPIの実績値を把握" in pdca.text
