"""The KPI chart: valid SVG with a title and description, lines told apart without colour, the
projection named an estimate, and a table with the same numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from sousei.web.svg.kpi_chart import (
    ChartData,
    Point,
    Projected,
    describe,
    draw,
    nice_step,
    table_rows,
)

SVG = "{http://www.w3.org/2000/svg}"


def _visitors() -> ChartData:
    """訪日外国人旅行者数 as the page draws it: three actuals, the straight path, a projection."""
    path = tuple(
        Point(year, Decimal(36869900) + Decimal(23130100) * (year - 2024) / 6)
        for year in range(2024, 2031)
    )
    return ChartData(
        indicator="訪日外国人旅行者数",
        unit="人",
        basis="calendar",
        actuals=(
            Point(2019, Decimal(31882049)),
            Point(2024, Decimal(36869900)),
            Point(2025, Decimal(42683600)),
        ),
        path=path,
        baseline=Point(2024, Decimal(36869900)),
        target=Point(2030, Decimal(60000000)),
        projections=(
            Projected(
                "linear",
                "線形回帰",
                (Point(2025, Decimal(40740000)), Point(2030, Decimal(48450000))),
            ),
        ),
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_the_chart_is_an_image_named_by_its_title_and_description() -> None:
    root = _parse(draw(_visitors(), element_id="c"))
    assert root.get("role") == "img"
    labelled = (root.get("aria-labelledby") or "").split()
    ids = {element.get("id") for element in root.iter()}
    assert labelled == ["c-title", "c-desc"]
    assert set(labelled) <= ids
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "訪日外国人旅行者数の推移"
    assert desc is not None
    assert desc.text is not None
    assert "実績 3点（2019年 3,188万人 ～ 2025年 4,268万人）" in desc.text
    assert "目標 6,000万人（2030年）" in desc.text
    assert "線形回帰による推計 2030年 4,845万人（推計であり実績ではありません）" in desc.text


def test_lines_differ_by_dash_and_marker_and_the_projection_is_called_an_estimate() -> None:
    svg = draw(_visitors())
    root = _parse(svg)
    lines = root.findall(f"{SVG}polyline")
    dashes = [line.get("stroke-dasharray") for line in lines]
    assert None in dashes  # the actuals: solid
    assert len(set(dashes)) == len(dashes)  # path, projection and actuals each their own pattern
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "推計: 線形回帰（実績ではありません）" in texts
    assert "実績" in texts
    assert "目標への経路" in texts
    assert "目標 6,000万人" in texts
    assert len(root.findall(f"{SVG}circle")) >= 3  # a marker on each actual


def test_a_larger_value_is_drawn_higher_and_a_later_year_further_right() -> None:
    root = _parse(draw(_visitors()))
    actual = next(
        line for line in root.findall(f"{SVG}polyline") if not line.get("stroke-dasharray")
    )
    points = [tuple(map(float, pair.split(","))) for pair in (actual.get("points") or "").split()]
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    assert xs == sorted(xs)
    assert ys == sorted(ys, reverse=True)  # 3,188万 < 3,687万 < 4,268万: each higher on screen


def test_text_is_escaped() -> None:
    data = ChartData(
        indicator="A<B & C", unit="件", basis="fiscal", actuals=(Point(2024, Decimal(1)),)
    )
    svg = draw(data)
    _parse(svg)  # still well-formed XML
    assert "A&lt;B &amp; C" in svg


def test_nothing_to_draw_gives_an_image_with_only_its_text() -> None:
    data = ChartData(indicator="関係人口", unit=None, basis="calendar", actuals=())
    root = _parse(draw(data))
    assert data.empty
    assert root.findall(f"{SVG}polyline") == []
    assert "実績はまだありません" in describe(data)


def test_the_table_has_a_row_per_year_with_the_same_numbers() -> None:
    rows = table_rows(_visitors())
    assert [r.year for r in rows] == [2019, *range(2024, 2031)]
    first, base, now = rows[0], rows[1], rows[2]
    assert first.actual == Decimal(31882049)
    assert first.expected is None
    assert base.actual == base.expected == Decimal(36869900)
    assert now.actual == Decimal(42683600)
    assert now.projected == (Decimal(40740000),)
    assert rows[-1].expected == Decimal(60000000)
    assert rows[-1].projected == (Decimal(48450000),)
    assert rows[-1].actual is None


def test_axis_steps_are_round() -> None:
    assert nice_step(60_000_000) == 20_000_000
    assert nice_step(100) == 20
    assert nice_step(0.9) == 0.2
    assert nice_step(0) == 1  # a flat series still gets an axis


def test_tick_labels_are_written_as_amounts() -> None:
    svg = draw(_visitors())
    labels = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', svg)
    assert "0人" in labels
    assert "6,000万人" in labels


def test_the_legend_names_only_what_is_drawn() -> None:
    target_only = ChartData(
        indicator="移住者数",
        unit="人",
        basis="fiscal",
        actuals=(),
        target=Point(2027, Decimal(10000)),
    )
    texts = [t.text for t in _parse(draw(target_only)).iter(f"{SVG}text")]
    assert "目標" in texts
    assert "実績" not in texts
    assert not any("推計" in (t or "") for t in texts)
