"""The server-drawn SVG: well-formed XML, the right number of boxes, bars and points, every
name and value present, text escaped, and an accessible name on every drawing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from sousei.model import RoadmapEntry, SourceSpan
from sousei.web.logicmodel import logic_model
from sousei.web.svg.logic import logic_model_svg
from sousei.web.svg.markup import tag, text_width, wrap
from sousei.web.svg.sparkline import Point, sparkline
from sousei.web.svg.timeline import bar_of, columns, fiscal_start, period_text, timeline_svg

from .national_view import national_strategy, national_view

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def texts(root: ET.Element) -> str:
    """Everything written in the drawing, line pieces joined."""
    return "".join(root.itertext())


def assert_accessible(root: ET.Element) -> None:
    assert root.get("role") == "img"
    ids = (root.get("aria-labelledby") or "").split()
    found = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert len(ids) == 2
    assert found[ids[0]].tag.endswith("title")
    assert (found[ids[0]].text or "").strip()
    assert found[ids[1]].tag.endswith("desc")
    assert (found[ids[1]].text or "").strip()


# -- text helpers ---------------------------------------------------------------------------------


def test_wrapped_lines_fit_their_width_and_keep_every_character() -> None:
    text = "満足できる子育て・医療・介護・福祉サービスの実現（KPI 12件）"
    lines = wrap(text, 140, 14, max_lines=10)
    assert len(lines) > 1
    assert all(text_width(line, 14) <= 140 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_line_never_starts_with_closing_punctuation() -> None:
    lines = wrap("あいうえおかきくけこ、さしすせそ", 10 * 14, 14, max_lines=5)
    assert all(not line.startswith(("、", "。", "）")) for line in lines)


def test_text_beyond_the_last_line_is_cut_with_an_ellipsis() -> None:
    lines = wrap("あ" * 50, 10 * 14, 14, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")
    assert text_width(lines[-1], 14) <= 10 * 14


def test_a_latin_word_is_kept_whole_when_it_fits() -> None:
    lines = wrap("地域の GX・DX の推進と Society5.0", 9 * 14, 14, max_lines=5)
    assert any("Society5" in line for line in lines)


def test_tag_escapes_attribute_values_and_names_with_hyphens() -> None:
    element = ET.fromstring(tag("rect", data_key='a"<b>', stroke_width=1.5))
    assert element.get("data-key") == 'a"<b>'
    assert element.get("stroke-width") == "1.5"


# -- the logic model ------------------------------------------------------------------------------


def test_the_logic_model_has_a_box_for_every_impact_outcome_area_and_the_group() -> None:
    root = parse(logic_model_svg(logic_model(national_view()), year_text="2025年"))
    boxes = root.findall(".//svg:g[@class='node']", NS)
    keys = [box.get("data-key") for box in boxes]
    assert sum(1 for k in keys if k and k.startswith("impact:")) == 3
    assert sum(1 for k in keys if k and k.startswith("outcome:")) == 5
    assert sum(1 for k in keys if k and k.startswith("area:")) == 23
    assert "group:cross-cutting" in keys
    assert_accessible(root)


def test_each_box_names_its_element_its_status_in_words_and_its_counts() -> None:
    model = logic_model(national_view())
    root = parse(logic_model_svg(model))
    written = texts(root)
    for title in (
        "1.強い経済",
        "2.豊かな生活環境",
        "3.選ばれる地方",
        "4.国の役割",
        "g.インバウンド促進",
    ):
        assert title in written.replace(" ", "")
    boxes = {box.get("data-key"): box for box in root.findall(".//svg:g[@class='node']", NS)}
    outcome = "".join(boxes["outcome:A"].itertext())
    assert "順調" in outcome  # 訪日外国人旅行者数 is 順調 and is the only evaluated KPI of A
    assert "KPI 28件" in outcome
    badge = boxes["outcome:A"].find("svg:rect[@class='badge']", NS)
    assert badge is not None
    assert badge.get("fill") == model.node("outcome:A").summary.colour


def test_the_description_counts_the_elements_and_the_title_names_the_year() -> None:
    root = parse(logic_model_svg(logic_model(national_view()), year_text="2025年・2025年度"))
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None
    assert "2025年・2025年度" in (title.text or "")
    assert desc is not None
    assert "インパクト 3件" in (desc.text or "")
    assert "アウトカム 5件" in (desc.text or "")


def test_text_from_the_data_is_escaped() -> None:
    strategy = national_strategy()
    first = strategy.impacts[0].model_copy(update={"title": "強い経済 & <script>alert(1)</script>"})
    changed = strategy.model_copy(update={"impacts": (first, *strategy.impacts[1:])})
    markup = logic_model_svg(logic_model(national_view(strategy=changed)))
    assert "<script>" not in markup
    root = parse(markup)
    assert "&" in texts(root)
    assert "<script>" in texts(root).replace(" ", "")


# -- sparklines -----------------------------------------------------------------------------------


def points() -> list[Point]:
    return [
        Point(2019, Decimal("31882049"), "2019年 3,188万人"),
        Point(2024, Decimal("36869900"), "2024年 3,687万人"),
        Point(2025, Decimal("42683600"), "2025年 4,268万人"),
    ]


def test_a_sparkline_draws_every_figure_and_gives_the_values_in_text() -> None:
    root = parse(sparkline(points(), ident="s1", title="訪日外国人旅行者数 の実績の推移"))
    assert len(root.findall("svg:circle", NS)) == 3
    assert root.find("svg:polyline", NS) is not None
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert desc.text == "実績：2019年 3,188万人、2024年 3,687万人、2025年 4,268万人"
    assert_accessible(root)


def test_a_higher_value_is_drawn_higher_and_time_runs_to_the_right() -> None:
    root = parse(sparkline(points(), ident="s1", title="t"))
    circles = root.findall("svg:circle", NS)
    xs = [float(c.get("cx") or 0) for c in circles]
    ys = [float(c.get("cy") or 0) for c in circles]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)  # SVG's y grows downwards


def test_the_target_is_a_dashed_line_and_is_named_in_the_description() -> None:
    root = parse(
        sparkline(
            points(), ident="s1", title="t", target=Decimal(60000000), target_label="6,000万人"
        )
    )
    target = root.find("svg:line[@class='target']", NS)
    assert target is not None
    assert float(target.get("y1") or 99) < min(
        float(c.get("cy") or 0) for c in root.findall("svg:circle", NS)
    )
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert "目標：6,000万人" in (desc.text or "")


def test_one_figure_is_a_dot_and_no_figure_draws_nothing() -> None:
    root = parse(sparkline(points()[:1], ident="s1", title="t"))
    assert len(root.findall("svg:circle", NS)) == 1
    assert root.find("svg:polyline", NS) is None
    assert sparkline([], ident="s1", title="t") == ""


# -- the 工程表 timeline -------------------------------------------------------------------------


def entry(text: str, column: int | None, **dates: object) -> RoadmapEntry:
    return RoadmapEntry(
        area_id="j",
        project="地域くらしサービス拠点推進事業",
        measure_path="j/1/1",
        column_year=column,
        text=text,
        lines=SourceSpan(start=1, end=1),
        **dates,  # type: ignore[arg-type]
    )


def test_a_month_is_placed_in_its_fiscal_year() -> None:
    assert fiscal_start(2025, 4) == 2025
    assert fiscal_start(2025, 10) == pytest.approx(2025.5)
    assert fiscal_start(2025, 2) == pytest.approx(2025 + 10 / 12)  # 2026年2月 is in 2025年度


def test_the_period_is_written_as_the_document_writes_it() -> None:
    assert period_text(entry("a", 2025, start_year=2025, start_month=9, open_ended=True)) == (
        "2025年9月～"
    )
    assert period_text(entry("a", 2025, start_year=2025, start_month=2, open_ended=True)) == (
        "2026年2月～"
    )
    spanning = entry("a", 2025, start_year=2025, start_month=4, end_year=2026, end_month=3)
    assert period_text(spanning) == "2025年4月～2027年3月"
    assert period_text(entry("a", 2026)) == "2026年度"


def test_every_entry_with_a_span_is_a_bar_over_its_fiscal_year_columns() -> None:
    entries = [
        entry("制度設計", 2025, start_year=2025, start_month=9, open_ended=True),
        entry("ガイドライン作成", 2027, start_year=2026, start_month=7, open_ended=True),
        entry("法制上の検討", 2025),
        entry("普及", 2028, start_year=2027, start_month=4, open_ended=True),
    ]
    root = parse(timeline_svg(entries, ident="roadmap", title="工程表：① 地域くらし"))
    bars = root.findall(".//svg:rect[@class='bar']", NS)
    assert len(bars) == 4
    written = texts(root)
    for year in (2025, 2026, 2027, 2028):
        assert f"{year}年度" in written
    assert "制度設計" in written
    assert "地域くらしサービス拠点推進事業" in written
    assert_accessible(root)
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert "記載 4件" in (desc.text or "")


def test_a_bar_starts_where_its_date_falls_and_an_open_one_runs_to_the_edge() -> None:
    entries = [
        entry("通年", 2025),
        entry("10月から", 2026, start_year=2026, start_month=10, open_ended=True),
    ]
    root = parse(timeline_svg(entries, ident="r", title="t"))
    full, october = root.findall(".//svg:rect[@class='bar']", NS)
    full_x, full_w = float(full.get("x") or 0), float(full.get("width") or 0)
    october_x = float(october.get("x") or 0)
    assert october_x == pytest.approx(full_x + full_w * 1.5)  # half-way through the 2nd column
    arrows = root.findall(".//svg:polygon", NS)
    assert len(arrows) == 1  # only the open-ended entry goes on


def test_an_entry_that_began_before_the_table_is_clipped_with_an_arrow() -> None:
    entries = [entry("累計 4 万人の達成", 2025, start_year=2015, end_year=2027)]
    bar = bar_of(entries[0])
    assert bar is not None
    assert columns([bar]) == (2025, 2026, 2027)
    root = parse(timeline_svg(entries, ident="r", title="t"))
    assert len(root.findall(".//svg:polygon", NS)) == 1


def test_entries_without_a_year_are_not_drawn() -> None:
    assert timeline_svg([entry("いつか", None)], ident="r", title="t") == ""


def test_the_national_roadmap_draws_a_bar_for_every_dated_entry() -> None:
    roadmap = national_strategy().roadmap
    drawable = [e for e in roadmap if bar_of(e) is not None]
    root = parse(timeline_svg(roadmap, ident="r", title="t"))
    assert len(root.findall(".//svg:rect[@class='bar']", NS)) == len(drawable) > 50
