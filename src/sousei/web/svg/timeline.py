"""A 工程表 as a timeline: one row per roadmap entry, a bar over the 年度 columns from when it
starts to when it ends, grouped by 主な事業.

Time runs in fiscal years (April to March): 2025.0 is April 2025, 2025.5 is October 2025.
An entry's own dates (2025 年 9 月～) win over its table column; an entry that goes on
(～, 以降) runs to the chart's right edge with an arrow, and one that began before the first
column starts at the left edge with an arrow. The table of the same entries is the text
equivalent the page shows below the drawing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sousei.model import RoadmapEntry

from ..i18n import gettext as _
from .markup import esc, num, svg_open, tag, text_lines, wrap

WIDTH = 1200.0
LABEL_W = 290.0
CHART_X = 310.0
CHART_RIGHT = WIDTH - 14  # room for the arrow of an entry that goes on
HEAD = 34.0
BAR_H = 14.0
TEXT_SIZE = 13.0
TEXT_LEAD = 17.0
LABEL_SIZE = 14.0
MAX_COLUMNS = 10
INK = "#1a1a1a"
MUTED = "#4d4d4d"
GRID = "#cccccc"
BAND = "#f2f2f2"
BAR_FILL = "#c5d7fb"  # blue-200
BAR_EDGE = "#0017c1"  # blue-900


def fiscal_start(fiscal_year: int, month: int | None) -> float:
    """Where a month of 年度 `fiscal_year` begins on the time line (no month: April).

    The model keeps a roadmap date as its 年度 and its calendar month: 2026年2月 is (2025, 2).
    """
    if month is None:
        return float(fiscal_year)
    return fiscal_year + ((month - 4) % 12) / 12


def fiscal_end(fiscal_year: int, month: int | None) -> float:
    """Where a month ends (no month: the end of the 年度, March)."""
    if month is None:
        return float(fiscal_year + 1)
    return fiscal_start(fiscal_year, month) + 1 / 12


@dataclass(frozen=True)
class Bar:
    """工程表の記載の期間 — an entry's span on the fiscal time line."""

    entry: RoadmapEntry
    start: float
    end: float | None
    """None: it goes on past the chart (～, 以降)."""


def bar_of(entry: RoadmapEntry) -> Bar | None:
    """The entry's span, or None when it names neither dates nor a column."""
    if entry.start_year is not None:
        start = fiscal_start(entry.start_year, entry.start_month)
    elif entry.column_year is not None:
        start = float(entry.column_year)
    else:
        return None
    if entry.end_year is not None:
        end: float | None = fiscal_end(entry.end_year, entry.end_month)
    elif entry.open_ended:
        end = None
    else:
        end = max(start + 1 / 12, float((entry.column_year or math.floor(start)) + 1))
    return Bar(entry, start, end)


def columns(bars: Sequence[Bar]) -> tuple[int, ...]:
    """The 年度 columns: from the first table column (or start) to the last year named."""
    if not bars:
        return ()
    named = [b.entry.column_year for b in bars if b.entry.column_year is not None]
    first = min(named) if named else min(math.floor(b.start) for b in bars)
    ends = [math.ceil(b.end) - 1 for b in bars if b.end is not None]
    last = max([first, *named, *(math.floor(b.start) for b in bars), *ends])
    return tuple(range(first, min(last, first + MAX_COLUMNS - 1) + 1))


def _month(fiscal_year: int | None, month: int | None) -> str:
    """「2026年2月」 for (2025, 2): the calendar date of a month of a 年度; 「2025年度」 alone."""
    if fiscal_year is None:
        return ""
    if month is None:
        return _("%(year)s年度") % {"year": fiscal_year}
    year = fiscal_year if month >= 4 else fiscal_year + 1
    return _("%(year)s年%(month)s月") % {"year": year, "month": month}


def period_text(entry: RoadmapEntry) -> str:
    """「2025年9月～」 or 「2025年4月～2027年3月」; a cell without dates gives its column."""
    start = _month(entry.start_year, entry.start_month)
    end = _month(entry.end_year, entry.end_month)
    if start and end:
        return f"{start}～{end}"
    if start:
        return f"{start}～" if entry.open_ended else start
    if end:
        return f"～{end}"
    if entry.column_year is not None:
        text = _("%(year)s年度") % {"year": entry.column_year}
        return f"{text}～" if entry.open_ended else text
    return "—"


@dataclass(frozen=True)
class _Scale:
    """Fiscal time → x, clamped to the chart."""

    left: float
    right: float
    column_w: float

    def x(self, at: float) -> float:
        return CHART_X + (min(max(at, self.left), self.right) - self.left) * self.column_w


@dataclass(frozen=True)
class _Row:
    bar: Bar
    lines: tuple[str, ...]
    height: float


def timeline_svg(entries: Sequence[RoadmapEntry], *, ident: str, title: str) -> str:
    """The entries over their 年度 columns; empty when no entry has a span to draw."""
    bars = [bar for bar in (bar_of(entry) for entry in entries) if bar is not None]
    years = columns(bars)
    if not years:
        return ""
    scale = _Scale(float(years[0]), float(years[-1] + 1), (CHART_RIGHT - CHART_X) / len(years))
    groups: dict[str, list[Bar]] = {}
    for bar in bars:
        groups.setdefault(bar.entry.project or "", []).append(bar)
    bands: list[str] = []
    body: list[str] = []
    y = HEAD
    for index, (project, members) in enumerate(groups.items()):
        label = wrap(project or _("（主な事業の記載なし）"), LABEL_W - 16, LABEL_SIZE, max_lines=4)
        rows = [_row(bar, scale) for bar in members]
        height = max(len(label) * 20 + 16, sum(row.height for row in rows))
        if index % 2 == 0:
            bands.append(tag("rect", x=0.0, y=y, width=WIDTH, height=height, fill=BAND))
        body.append(
            text_lines(
                label, x=8.0, y=y + 22, size=LABEL_SIZE, leading=20.0, fill=INK, font_weight="700"
            )
        )
        row_y = y
        for row in rows:
            body.append(_draw_row(row, scale, row_y))
            row_y += row.height
        y += height
    desc = _(
        "主な事業 %(projects)s件の工程表の記載 %(entries)s件を、"
        "年度の列（%(first)s年度～%(last)s年度）に並べた図。"
        "各記載の期間と内容は下の表にあります。"
    ) % {"projects": len(groups), "entries": len(bars), "first": years[0], "last": years[-1]}
    opening = svg_open(
        width=WIDTH, height=y + 4, ident=ident, title=title, desc=desc, css_class="timeline"
    )
    grid = _grid(years, scale.column_w, y + 4)
    return opening + "".join(bands) + grid + "".join(body) + "</svg>"


def _row(bar: Bar, scale: _Scale) -> _Row:
    start = scale.x(bar.start)
    lines = wrap(bar.entry.text, WIDTH - start - 8, TEXT_SIZE, max_lines=2)
    return _Row(bar, lines, 8 + BAR_H + 6 + len(lines) * TEXT_LEAD + 8)


def _arrow(tip: float, back: float, top: float) -> str:
    """A triangle pointing to `tip` (right when tip > back), as tall as a bar and a little more."""
    middle = top + BAR_H / 2
    points = (
        f"{num(back)},{num(top - 3)} {num(tip)},{num(middle)} {num(back)},{num(top + BAR_H + 3)}"
    )
    return tag("polygon", points=points, fill=BAR_EDGE)


def _draw_row(row: _Row, scale: _Scale, y: float) -> str:
    bar = row.bar
    start = scale.x(bar.start)
    end = scale.x(bar.end if bar.end is not None else scale.right)
    top = y + 8
    width = max(end - start, 6)
    tip = f"{period_text(bar.entry)}　{bar.entry.text}"
    parts = [
        tag("title", esc(tip)),
        tag(
            "rect",
            class_="bar",
            x=start,
            y=top,
            width=width,
            height=BAR_H,
            rx=3.0,
            fill=BAR_FILL,
            stroke=BAR_EDGE,
            stroke_width=1.5,
        ),
    ]
    if bar.end is None or bar.end > scale.right:  # goes on past the chart
        parts.append(_arrow(start + width + 9, start + width - 1, top))
    if bar.start < scale.left:  # began before the first column
        parts.append(_arrow(start - 9, start + 1, top))
    parts.append(
        text_lines(
            row.lines,
            x=start,
            y=top + BAR_H + 6 + TEXT_SIZE,
            size=TEXT_SIZE,
            leading=TEXT_LEAD,
            fill=INK,
        )
    )
    return tag("g", "".join(parts), class_="entry")


def _grid(years: Sequence[int], column_w: float, height: float) -> str:
    parts = []
    for index, year in enumerate(years):
        left = CHART_X + index * column_w
        parts.append(tag("line", x1=left, y1=0.0, x2=left, y2=height, stroke=GRID))
        label = _("%(year)s年度") % {"year": year}
        parts.append(
            tag(
                "text",
                esc(label),
                x=left + column_w / 2,
                y=22.0,
                font_size=14.0,
                font_weight="700",
                fill=MUTED,
                text_anchor="middle",
            )
        )
    parts.append(tag("line", x1=0.0, y1=HEAD - 2, x2=WIDTH, y2=HEAD - 2, stroke=MUTED))
    return "".join(parts)
