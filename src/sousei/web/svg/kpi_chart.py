"""KPI の推移グラフ — a KPI's actuals against the path from its baseline to its target, with the
projections drawn apart as estimates.

The drawing is plain SVG made on the server: no script, readable by a screen reader through its
title and description, and the same numbers are on the page as a table (`table_rows`). Lines are
told apart by dash pattern and marker as well as colour, so nothing depends on colour alone.
Coordinates are floats: this is a picture, the figures themselves stay exact Decimals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from sousei.evaluate import format_amount
from sousei.evaluate.text import year_label

from ..i18n import gettext as _
from ..i18n import join_list

__all__ = ["ChartData", "Point", "Projected", "TableRow", "describe", "draw", "table_rows"]

WIDTH = 760
_LEFT, _RIGHT, _TOP = 112, 32, 28
_PLOT_BOTTOM = 268  # the x axis; year labels below it, then the legend
_LEGEND_TOP = _PLOT_BOTTOM + 56
_LEGEND_ROW = 28
_LEGEND_FONT = 15
_COLOURS = {
    "actual": "#0017C1",  # blue-900
    "path": "#4D4D4D",  # gray-700
    "target": "#197A4B",  # green-800
    "linear": "#C74700",  # orange-800
    "compound": "#5109AD",  # purple-900
    "axis": "#333333",
    "grid": "#CCCCCC",
}
_DASHES = {"path": "8 5", "linear": "2 5", "compound": "10 4 2 4"}


@dataclass(frozen=True)
class Point:
    """グラフの点 — a year and its value."""

    year: int
    value: Decimal


@dataclass(frozen=True)
class Projected:
    """推計の線 — one fitted trend from the last actual year to the target year."""

    method: str
    """"linear" or "compound" (sousei.evaluate.Fit.method)."""
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class ChartData:
    """グラフのデータ — what the chart shows of one KPI."""

    indicator: str
    unit: str | None
    basis: str | None
    actuals: tuple[Point, ...]
    path: tuple[Point, ...] = ()
    """The expected value of each year from the baseline to the target year."""
    baseline: Point | None = None
    target: Point | None = None
    projections: tuple[Projected, ...] = ()
    cumulative: bool = False
    """The actuals are running totals (a 累計 target of yearly flows)."""

    @property
    def empty(self) -> bool:
        return not (self.actuals or self.path or self.target)

    def values(self) -> list[Decimal]:
        found = [p.value for p in (*self.actuals, *self.path)]
        found += [p.value for line in self.projections for p in line.points]
        found += [p.value for p in (self.baseline, self.target) if p is not None]
        return found

    def years(self) -> list[int]:
        found = [p.year for p in (*self.actuals, *self.path)]
        found += [p.year for line in self.projections for p in line.points]
        found += [p.year for p in (self.baseline, self.target) if p is not None]
        return found


@dataclass(frozen=True)
class TableRow:
    """One year of the chart's text equivalent."""

    year: int
    actual: Decimal | None
    expected: Decimal | None
    projected: tuple[Decimal | None, ...]


def table_rows(data: ChartData) -> list[TableRow]:
    """The chart as a table: one row per year that has any value, oldest first."""
    actual = {p.year: p.value for p in data.actuals}
    expected = {p.year: p.value for p in data.path}
    if data.target is not None:
        expected.setdefault(data.target.year, data.target.value)
    projected = [{p.year: p.value for p in line.points} for line in data.projections]
    years = sorted(set(actual) | set(expected) | {y for line in projected for y in line})
    return [
        TableRow(y, actual.get(y), expected.get(y), tuple(line.get(y) for line in projected))
        for y in years
    ]


def describe(data: ChartData) -> str:
    """The chart in one or two sentences, for its <desc>."""
    parts = []
    if data.actuals:
        first, last = data.actuals[0], data.actuals[-1]
        parts.append(
            _("実績 %(n)s点（%(first)s %(first_value)s ～ %(last)s %(last_value)s）")
            % {
                "n": len(data.actuals),
                "first": year_label(first.year, data.basis),
                "first_value": format_amount(first.value, data.unit),
                "last": year_label(last.year, data.basis),
                "last_value": format_amount(last.value, data.unit),
            }
        )
    else:
        parts.append(_("実績はまだありません"))
    if data.baseline is not None and data.target is not None and data.path:
        parts.append(
            _("基準 %(base)s（%(base_year)s）から目標 %(target)s（%(target_year)s）への経路")
            % {
                "base": format_amount(data.baseline.value, data.unit),
                "base_year": year_label(data.baseline.year, data.basis),
                "target": format_amount(data.target.value, data.unit),
                "target_year": year_label(data.target.year, data.basis),
            }
        )
    elif data.target is not None:
        parts.append(
            _("目標 %(target)s（%(target_year)s）")
            % {
                "target": format_amount(data.target.value, data.unit),
                "target_year": year_label(data.target.year, data.basis),
            }
        )
    for line in data.projections:
        end = line.points[-1]
        parts.append(
            _("%(name)sによる推計 %(year)s %(value)s（推計であり実績ではありません）")
            % {
                "name": line.name,
                "year": year_label(end.year, data.basis),
                "value": format_amount(end.value, data.unit),
            }
        )
    return join_list(parts) + _("。数値はグラフの下の表にあります。")


# -- scales ------------------------------------------------------------------------------------


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about `ticks` intervals over `span`."""
    raw = span / ticks if span > 0 else 1.0
    power: float = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class _Scale:
    x0: int
    x1: int
    y0: float
    y1: float
    step: float

    def x(self, year: int) -> float:
        width = WIDTH - _LEFT - _RIGHT
        return _LEFT + width * (year - self.x0) / (self.x1 - self.x0)

    def y(self, value: Decimal | float) -> float:
        height = _PLOT_BOTTOM - _TOP
        return _TOP + height * (1 - (float(value) - self.y0) / (self.y1 - self.y0))


def _scale(data: ChartData) -> _Scale:
    years = data.years()
    x0, x1 = min(years), max(years)
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    values = [float(v) for v in data.values()]
    low, high = min(values), max(values)
    # Amounts start from zero so that the height of a line is its size; negatives widen it.
    low = min(low, 0.0)
    high = max(high, 0.0)
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    return _Scale(x0, x1, math.floor(low / step) * step, math.ceil(high / step) * step, step)


# -- drawing -----------------------------------------------------------------------------------


def _f(number: float) -> str:
    return f"{number:.1f}"


def _tick_label(value: float, unit: str | None) -> str:
    exact = Decimal(repr(value)).normalize()
    return format_amount(exact, unit)


def _axes(scale: _Scale, data: ChartData) -> list[str]:
    out = []
    bottom = _PLOT_BOTTOM
    count = round((scale.y1 - scale.y0) / scale.step)
    for i in range(count + 1):
        value = scale.y0 + i * scale.step
        y = scale.y(value)
        out.append(
            f'<line x1="{_LEFT}" y1="{_f(y)}" x2="{WIDTH - _RIGHT}" y2="{_f(y)}" '
            f'stroke="{_COLOURS["grid"]}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_LEFT - 8}" y="{_f(y + 4)}" text-anchor="end" font-size="14" '
            f'fill="{_COLOURS["axis"]}">{escape(_tick_label(value, data.unit))}</text>'
        )
    span = scale.x1 - scale.x0
    every = 1 if span <= 12 else 2 if span <= 24 else 5
    for year in range(scale.x0, scale.x1 + 1):
        x = scale.x(year)
        out.append(
            f'<line x1="{_f(x)}" y1="{bottom}" x2="{_f(x)}" y2="{bottom + 5}" '
            f'stroke="{_COLOURS["axis"]}"/>'
        )
        if (year - scale.x0) % every == 0:
            out.append(
                f'<text x="{_f(x)}" y="{bottom + 20}" text-anchor="middle" font-size="14" '
                f'fill="{_COLOURS["axis"]}">{year}</text>'
            )
    out.append(
        f'<line x1="{_LEFT}" y1="{bottom}" x2="{WIDTH - _RIGHT}" y2="{bottom}" '
        f'stroke="{_COLOURS["axis"]}" stroke-width="1.5"/>'
    )
    return out


def _polyline(scale: _Scale, points: tuple[Point, ...], colour: str, dash: str | None) -> str:
    coords = " ".join(f"{_f(scale.x(p.year))},{_f(scale.y(p.value))}" for p in points)
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"'
        f'{pattern} stroke-linejoin="round"/>'
    )


def _circle(x: float, y: float, colour: str, filled: bool = True) -> str:
    fill = colour if filled else "#FFFFFF"
    return (
        f'<circle cx="{_f(x)}" cy="{_f(y)}" r="5" fill="{fill}" stroke="{colour}" '
        f'stroke-width="2"/>'
    )


def _diamond(x: float, y: float, colour: str) -> str:
    return (
        f'<path d="M{_f(x)} {_f(y - 8)} L{_f(x + 8)} {_f(y)} L{_f(x)} {_f(y + 8)} '
        f'L{_f(x - 8)} {_f(y)} Z" fill="{colour}"/>'
    )


def _square(x: float, y: float, colour: str) -> str:
    return (
        f'<rect x="{_f(x - 5)}" y="{_f(y - 5)}" width="10" height="10" fill="#FFFFFF" '
        f'stroke="{colour}" stroke-width="2"/>'
    )


def _series(scale: _Scale, data: ChartData) -> list[str]:
    out = []
    if len(data.path) > 1:
        out.append(_polyline(scale, data.path, _COLOURS["path"], _DASHES["path"]))
    for line in data.projections:
        colour = _COLOURS.get(line.method, _COLOURS["linear"])
        out.append(_polyline(scale, line.points, colour, _DASHES.get(line.method, "2 5")))
        end = line.points[-1]
        out.append(_circle(scale.x(end.year), scale.y(end.value), colour, filled=False))
    if data.baseline is not None:
        b = data.baseline
        out.append(_square(scale.x(b.year), scale.y(b.value), _COLOURS["path"]))
    if len(data.actuals) > 1:
        out.append(_polyline(scale, data.actuals, _COLOURS["actual"], None))
    out += [_circle(scale.x(p.year), scale.y(p.value), _COLOURS["actual"]) for p in data.actuals]
    if data.target is not None:
        t = data.target
        x, y = scale.x(t.year), scale.y(t.value)
        out.append(_diamond(x, y, _COLOURS["target"]))
        label = _("目標 %(value)s") % {"value": format_amount(t.value, data.unit)}
        out.append(
            f'<text x="{_f(x - 12)}" y="{_f(y - 10)}" text-anchor="end" font-size="15" '
            f'font-weight="700" fill="{_COLOURS["target"]}">{escape(label)}</text>'
        )
    return out


def _legend_entries(data: ChartData) -> list[tuple[str, str, str | None, str]]:
    """(name, colour, dash, marker) of each thing drawn."""
    actual = _("実績（累計）") if data.cumulative else _("実績")
    entries: list[tuple[str, str, str | None, str]] = []
    if data.actuals:
        entries.append((actual, _COLOURS["actual"], None, "circle"))
    if len(data.path) > 1:
        entries.append((_("目標への経路"), _COLOURS["path"], _DASHES["path"], "square"))
    if data.target is not None:
        entries.append((_("目標"), _COLOURS["target"], None, "diamond"))
    for line in data.projections:
        name = _("推計: %(name)s（実績ではありません）") % {"name": line.name}
        colour = _COLOURS.get(line.method, _COLOURS["linear"])
        entries.append((name, colour, _DASHES.get(line.method), "open"))
    return entries


def _legend_places(names: list[str]) -> list[tuple[int, int]]:
    """(x, y) of each legend entry: left to right, a new row when the next would not fit.
    Widths are estimated from the character count (full-width glyphs are about 1 em)."""
    places, x, row = [], 16, 0
    for name in names:
        width = 48 + len(name) * _LEGEND_FONT + 24
        if x > 16 and x + width > WIDTH - 8:
            x, row = 16, row + 1
        places.append((x, _LEGEND_TOP + row * _LEGEND_ROW))
        x += width
    return places


def _legend(data: ChartData) -> tuple[list[str], int]:
    """The legend's elements and the height the drawing needs to hold it."""
    out = []
    entries = _legend_entries(data)
    places = _legend_places([name for name, *_ in entries])
    for (name, colour, dash, marker), (x, y) in zip(entries, places, strict=True):
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        if marker != "diamond":
            out.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 36}" y2="{y}" stroke="{colour}" '
                f'stroke-width="2.5"{pattern}/>'
            )
        shape = {
            "circle": _circle(x + 18, y, colour),
            "open": _circle(x + 36, y, colour, filled=False),
            "square": _square(x, y, colour),
            "diamond": _diamond(x + 18, y, colour),
        }[marker]
        out.append(shape)
        out.append(
            f'<text x="{x + 48}" y="{y + 5}" font-size="{_LEGEND_FONT}" '
            f'fill="{_COLOURS["axis"]}">{escape(name)}</text>'
        )
    bottom = max((y for _, y in places), default=_LEGEND_TOP) + _LEGEND_ROW
    return out, bottom


def draw(data: ChartData, *, element_id: str = "kpi-chart") -> Markup:
    """The chart as an inline <svg> with role="img", a <title> and a <desc>."""
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    title = _("%(indicator)sの推移") % {"indicator": data.indicator}
    body: list[str] = []
    height = _TOP * 2
    if not data.empty:
        scale = _scale(data)
        legend, height = _legend(data)
        body = [*_axes(scale, data), *_series(scale, data), *legend]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(element_id)} '
        f'class="kpi-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(describe(data))}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#FFFFFF"/>',
        *body,
        "</svg>",
    ]
    return Markup("\n".join(parts))  # every text in it is escaped above
