"""A sparkline: a KPI's figures over the years as a small line, with the target as a dashed line
when it is in the figures' unit. The values themselves are in the description (and the page
writes them out next to the drawing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..i18n import gettext as _
from ..i18n import join_list, join_sentences
from .markup import esc, num, svg_open, tag

WIDTH = 168.0
HEIGHT = 44.0
MARGIN = 6.0
LINE = "#0017c1"  # blue-900: 4.5:1 and more on white
TARGET = "#4d4d4d"


@dataclass(frozen=True)
class Point:
    """One figure: where it sits in time (`at`, a year) and how it is written (`label`)."""

    at: float
    value: Decimal
    label: str


def values_text(points: Sequence[Point]) -> str:
    """「2019年 3,188万人、2024年 3,687万人」: the text alternative of the line."""
    return join_list(point.label for point in points)


def sparkline(
    points: Sequence[Point],
    *,
    ident: str,
    title: str,
    target: Decimal | None = None,
    target_label: str = "",
) -> str:
    """The figures as a line over time; one figure is a dot. Empty when there is nothing."""
    if not points:
        return ""
    ordered = sorted(points, key=lambda p: p.at)
    values = [p.value for p in ordered] + ([target] if target is not None else [])
    low, high = min(values), max(values)
    first, last = ordered[0].at, ordered[-1].at

    def x(at: float) -> float:
        if last == first:
            return WIDTH / 2
        return MARGIN + (at - first) / (last - first) * (WIDTH - 2 * MARGIN)

    def y(value: Decimal) -> float:
        if high == low:
            return HEIGHT / 2
        share = float((value - low) / (high - low))
        return HEIGHT - MARGIN - share * (HEIGHT - 2 * MARGIN)

    desc = _("実績：%(values)s") % {"values": values_text(ordered)}
    if target is not None and target_label:
        desc = join_sentences(desc, _("目標：%(target)s") % {"target": target_label})
    parts = [
        svg_open(
            width=WIDTH, height=HEIGHT, ident=ident, title=title, desc=desc, css_class="sparkline"
        )
    ]
    if target is not None:
        parts.append(
            tag(
                "line",
                class_="target",
                x1=0.0,
                y1=y(target),
                x2=WIDTH,
                y2=y(target),
                stroke=TARGET,
                stroke_width=1.0,
                stroke_dasharray="4 3",
            )
        )
    if len(ordered) > 1:
        coordinates = " ".join(f"{num(x(p.at))},{num(y(p.value))}" for p in ordered)
        parts.append(
            tag(
                "polyline",
                points=coordinates,
                fill="none",
                stroke=LINE,
                stroke_width=2.0,
                stroke_linejoin="round",
            )
        )
    for index, point in enumerate(ordered):
        radius = 3.5 if index == len(ordered) - 1 else 2.5
        parts.append(
            tag(
                "circle",
                tag("title", esc(point.label)),
                class_="point",
                cx=x(point.at),
                cy=y(point.value),
                r=radius,
                fill=LINE,
            )
        )
    parts.append("</svg>")
    return "".join(parts)
