"""The map of Japan: valid SVG with an accessible name, every place inside the drawing, north
up and east right, one mark per government, shapes as well as colours."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from sousei.registry import load_registry
from sousei.web.svg.japan_map import Category, MapPoint, draw, frame, swatch

NS = {"svg": "http://www.w3.org/2000/svg"}
CATEGORIES = (
    Category("all", "すべて達成・順調", "#1B5E20", "circle"),
    Category("some", "一部が達成・順調", "#9A4B00", "diamond"),
    Category("none", "達成・順調なし", "#B3261E", "triangle"),
    Category("ungraded", "評価なし", "#595959", "ring"),
)
# The registry's far corners, and two cities to tell north from south.
PLACES = {
    "札幌市": "all",
    "那覇市": "some",
    "稚内市": "none",
    "与那国町": "ungraded",
    "根室市": "all",
    "小笠原村": "some",
    "南大東村": "none",
}


def _points() -> list[MapPoint]:
    registry = load_registry()
    points = []
    for name, category in PLACES.items():
        g = registry.by_name(name)
        points.append(MapPoint(g.code, g.full_name, g.lat, g.lng, category, f"{name}の状況"))
    return points


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def _view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    return x, y, width, height


def _centre(mark: ET.Element) -> tuple[float, float]:
    """A circle's centre, or the middle of a path's corners."""
    if mark.tag.endswith("circle"):
        return float(mark.attrib["cx"]), float(mark.attrib["cy"])
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", mark.attrib["d"])]
    xs, ys = numbers[0::2], numbers[1::2]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


@pytest.fixture
def root() -> ET.Element:
    return _parse(
        draw(_points(), CATEGORIES, ident="t", title="対応づけの地図", desc="7 団体を置いた地図")
    )


def _marks(root: ET.Element) -> dict[str, ET.Element]:
    return {
        mark.attrib["data-code"]: mark
        for mark in root.iterfind(".//svg:g[@class='governments']/*", NS)
    }


def test_the_map_is_an_image_named_by_its_title_and_description(root: ET.Element) -> None:
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.attrib["role"] == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None
    assert title.text == "対応づけの地図"
    assert desc is not None
    assert desc.text == "7 団体を置いた地図"
    assert root.attrib["aria-labelledby"] == f"{title.attrib['id']} {desc.attrib['id']}"


def test_one_mark_per_government_with_its_category_and_shape(root: ET.Element) -> None:
    marks = _marks(root)
    registry = load_registry()
    assert len(marks) == len(PLACES)
    shapes = {"all": "circle", "some": "path", "none": "path", "ungraded": "circle"}
    for name, category in PLACES.items():
        mark = marks[registry.by_name(name).code]
        assert mark.attrib["data-category"] == category
        assert mark.tag.endswith(shapes[category])
        tip = mark.find("svg:title", NS)
        assert tip is not None
        assert tip.text == f"{name}の状況"
    # a ring is hollow: its colour is only its outline, unlike every other mark
    ring = marks[registry.by_name("与那国町").code]
    assert ring.attrib["fill"] == "#ffffff"
    assert ring.attrib["stroke"] == "#595959"


def test_every_place_lies_inside_the_drawing(root: ET.Element) -> None:
    x0, y0, width, height = _view_box(root)
    for mark in _marks(root).values():
        x, y = _centre(mark)
        assert x0 + 6 < x < x0 + width - 6, mark.attrib["data-code"]
        assert y0 + 6 < y < y0 + height - 6, mark.attrib["data-code"]
    box = frame()
    for government in load_registry():  # the frame holds the whole registry
        x, y = box.project(government.lat, government.lng)
        assert 0 < x < width, government.code
        assert 0 < y < height, government.code


def test_north_is_up_and_east_is_right(root: ET.Element) -> None:
    registry = load_registry()
    marks = _marks(root)

    def at(name: str) -> tuple[float, float]:
        return _centre(marks[registry.by_name(name).code])

    sapporo, naha = at("札幌市"), at("那覇市")
    assert sapporo[1] < naha[1]  # Sapporo above Naha
    assert at("稚内市")[1] < sapporo[1]
    assert at("与那国町")[0] < naha[0] < sapporo[0] < at("根室市")[0]


def test_the_background_is_the_registry_itself(root: ET.Element) -> None:
    offices = root.findall(".//svg:g[@class='offices']/svg:rect", NS)
    assert len(offices) == 47  # the prefectural offices
    land = root.find("svg:path[@class='land']", NS)
    assert land is not None
    squares = land.attrib["d"].count("M")
    assert 1000 < squares <= len(load_registry()) - 47  # nearby offices share a square


def test_no_point_draws_only_the_background() -> None:
    root = _parse(draw([], CATEGORIES, ident="e", title="空の地図", desc="団体なし"))
    assert _marks(root) == {}
    assert root.find("svg:path[@class='land']", NS) is not None


def test_a_legend_swatch_is_hidden_from_assistive_technology() -> None:
    for category in CATEGORIES:
        element = _parse(swatch(category))
        assert element.attrib["aria-hidden"] == "true"
        assert len(list(element)) == 1
