"""A map of Japan drawn from the registry's own points: no map service, no tiles, no borrowed
geometry.

Every local government of the bundled registry is a faint dot, so together they show the
shape of the country; the 47 prefectural offices are small open squares for orientation; the
governments being compared are larger marks, coloured and shaped by their category (colour is
never the only cue). The projection is equirectangular with longitudes scaled by the cosine of
the frame's middle latitude (about 35°), so shapes near the middle of Japan keep their
proportions; north is up. The frame is the registry's extent, the same on every page. The
legend is the page's (text beside the drawing), and a table says what the marks say.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sousei.registry import Kind, load_registry

from .markup import SVG_NS, esc, num, svg_open, tag

WIDTH = 600.0
MARGIN = 16.0
PADDING_DEGREES = 0.5
BACKGROUND = "#c4c4c4"
OFFICE = "#4d4d4d"
OUTLINE = "#ffffff"
INK = "#1a1a1a"
RADIUS = 6.0

Shape = Literal["circle", "diamond", "triangle", "ring"]


@dataclass(frozen=True)
class Category:
    """A class of marks: its id, its legend text, colour and shape."""

    id: str
    label: str
    colour: str
    shape: Shape


@dataclass(frozen=True)
class MapPoint:
    """A government to place: where it is, its category and the text of its tooltip."""

    code: str
    name: str
    lat: float
    lng: float
    category: str
    note: str


@dataclass(frozen=True)
class Frame:
    """The part of the earth drawn, and the scale (viewBox units per degree of latitude)."""

    north: float
    south: float
    west: float
    east: float

    @property
    def cos(self) -> float:
        return math.cos(math.radians((self.north + self.south) / 2))

    @property
    def scale(self) -> float:
        return (WIDTH - 2 * MARGIN) / ((self.east - self.west) * self.cos)

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale + 2 * MARGIN

    def project(self, lat: float, lng: float) -> tuple[float, float]:
        """(x, y) in the viewBox: x grows east, y grows south (north is up)."""
        x = MARGIN + (lng - self.west) * self.cos * self.scale
        y = MARGIN + (self.north - lat) * self.scale
        return x, y


@cache
def frame() -> Frame:
    """The registry's extent with half a degree around it."""
    governments = list(load_registry())
    lats = [g.lat for g in governments]
    lngs = [g.lng for g in governments]
    pad = PADDING_DEGREES
    return Frame(max(lats) + pad, min(lats) - pad, min(lngs) - pad, max(lngs) + pad)


@cache
def _background() -> str:
    """Every registry point as a faint square (one path), and the prefectural offices."""
    box = frame()
    seen: set[tuple[float, float]] = set()
    squares = []
    offices = []
    for government in load_registry():
        x, y = box.project(government.lat, government.lng)
        if government.kind is Kind.PREFECTURE:
            offices.append(
                tag(
                    "rect",
                    tag("title", esc(government.name)),
                    class_="office",
                    x=x - 2.5,
                    y=y - 2.5,
                    width=5.0,
                    height=5.0,
                    fill="none",
                    stroke=OFFICE,
                    stroke_width=1.2,
                )
            )
            continue
        cell = (round(x, 0), round(y, 0))
        if cell not in seen:
            seen.add(cell)
            squares.append(f"M{num(cell[0] - 1)} {num(cell[1] - 1)}h2v2h-2z")
    land = tag("path", class_="land", d="".join(squares), fill=BACKGROUND)
    return land + tag("g", "".join(offices), class_="offices")


def mark(
    shape: Shape, x: float, y: float, colour: str, r: float = RADIUS
) -> tuple[str, dict[str, object]]:
    """The element name and attributes of one mark."""
    if shape == "circle":
        return "circle", {"cx": x, "cy": y, "r": r, "fill": colour}
    if shape == "ring":
        return "circle", {
            "cx": x,
            "cy": y,
            "r": r - 1,
            "fill": "#ffffff",
            "stroke": colour,
            "stroke_width": 2.5,
        }
    corners: Sequence[tuple[float, float]]
    if shape == "diamond":
        r += 1
        corners = ((x, y - r), (x + r, y), (x, y + r), (x - r, y))
    else:  # a triangle pointing down
        corners = ((x - r - 0.5, y - r + 1), (x + r + 0.5, y - r + 1), (x, y + r))
    return "path", {"d": _polygon(corners), "fill": colour}


def _polygon(corners: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in corners) + "Z"


def _mark(point: MapPoint, category: Category, box: Frame) -> str:
    x, y = box.project(point.lat, point.lng)
    name, attributes = mark(category.shape, x, y, category.colour)
    if category.shape != "ring":
        attributes |= {"stroke": OUTLINE, "stroke_width": 1.0}
    return tag(
        name,
        tag("title", esc(point.note)),
        class_="gov",
        data_code=point.code,
        data_category=category.id,
        **attributes,
    )


def draw(
    points: Sequence[MapPoint],
    categories: Sequence[Category],
    *,
    ident: str,
    title: str,
    desc: str,
) -> str:
    """The map with one mark per point (in the order given; later marks lie on top)."""
    box = frame()
    by_id = {category.id: category for category in categories}
    parts = [
        svg_open(
            width=WIDTH,
            height=box.height,
            ident=ident,
            title=title,
            desc=desc,
            css_class="japan-map",
        ),
        _background(),
        tag("g", "".join(_mark(p, by_id[p.category], box) for p in points), class_="governments"),
        "</svg>",
    ]
    return "".join(parts)


def swatch(category: Category, size: float = 16.0) -> str:
    """The category's mark alone, for a legend written in the page's text (hidden from
    assistive technology: the text beside it says what it is)."""
    name, attributes = mark(category.shape, size / 2, size / 2, category.colour, r=size / 2 - 2)
    return (
        f'<svg xmlns="{SVG_NS}" class="swatch" viewBox="0 0 {num(size)} {num(size)}" '
        f'width="{num(size)}" height="{num(size)}" aria-hidden="true" focusable="false">'
        + tag(name, **attributes)
        + "</svg>"
    )
