"""A KPI's trend for the follow-up report: its figures (a line with round markers), the straight
path from the baseline to the target (dashed) and the target (a diamond), on labelled axes.

Shapes and dash patterns, not colour, tell the three apart; the page puts the same figures in a
table next to the drawing.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from sousei.evaluate import format_amount
from sousei.report.chart import Chart, tick_label

from ..i18n import gettext as _
from ..i18n import join_list
from ..templating import fiscal_year

WIDTH, HEIGHT = 520, 260
LEFT, RIGHT, TOP, BOTTOM = 84, 16, 24, 40
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
LINE = "#0031d8"  # blue-800
PATH = "#4d4d4d"  # gray-700
TARGET = "#c74700"  # orange-800
AXIS = "#333333"
GRID = "#cccccc"


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def trend_svg(chart: Chart, *, ident: str, title: str, description: str) -> Markup:
    """The drawing as inline SVG; `ident` makes its title/desc ids unique on the page."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kpi-trend" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{escape(ident)}-title {escape(ident)}-desc">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
        f'<desc id="{escape(ident)}-desc">{escape(description)}</desc>',
        *_axes(chart),
        *_path(chart),
        *_figures(chart),
        *_target(chart),
        "</svg>",
    ]
    return Markup("".join(parts))


def _x(chart: Chart, year: int) -> float:
    return chart.x(year, LEFT, PLOT_W)


def _axes(chart: Chart) -> list[str]:
    out = []
    for tick in chart.ticks:
        y = _fmt(chart.y(tick, TOP, PLOT_H))
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + PLOT_W}" y2="{y}" stroke="{GRID}" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="12" fill="{AXIS}">{escape(tick_label(tick))}</text>'
        )
    if chart.unit:
        unit = _("（単位: %(unit)s）") % {"unit": chart.unit}
        out.append(f'<text x="4" y="12" font-size="12" fill="{AXIS}">{escape(unit)}</text>')
    bottom = TOP + PLOT_H
    out.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + PLOT_W}" y2="{bottom}" stroke="{AXIS}"/>'
    )
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{AXIS}"/>')
    for year in chart.years:
        x = _fmt(_x(chart, year))
        out.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 4}" stroke="{AXIS}"/>')
        out.append(
            f'<text x="{x}" y="{bottom + 18}" text-anchor="middle" font-size="12" '
            f'fill="{AXIS}">{year}</text>'
        )
    return out


def _path(chart: Chart) -> list[str]:
    if chart.path is None:
        return []
    (y0, v0), (y1, v1) = chart.path
    return [
        f'<line class="kpi-path" x1="{_fmt(_x(chart, y0))}" y1="{_fmt(chart.y(v0, TOP, PLOT_H))}" '
        f'x2="{_fmt(_x(chart, y1))}" y2="{_fmt(chart.y(v1, TOP, PLOT_H))}" stroke="{PATH}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    ]


def _figures(chart: Chart) -> list[str]:
    coordinates = [
        (_fmt(_x(chart, p.year)), _fmt(chart.y(p.value, TOP, PLOT_H))) for p in chart.points
    ]
    out = []
    if len(coordinates) > 1:
        points = " ".join(f"{x},{y}" for x, y in coordinates)
        out.append(
            f'<polyline class="kpi-line" points="{points}" fill="none" stroke="{LINE}" '
            'stroke-width="2.5"/>'
        )
    out += [
        f'<circle class="kpi-point" cx="{x}" cy="{y}" r="4.5" fill="{LINE}" stroke="#ffffff" '
        'stroke-width="1.5"/>'
        for x, y in coordinates
    ]
    return out


def _target(chart: Chart) -> list[str]:
    if chart.target is None:
        return []
    year, value = chart.target
    x, y = _x(chart, year), chart.y(value, TOP, PLOT_H)
    r = 7
    corners = f"{_fmt(x)},{_fmt(y - r)} {_fmt(x + r)},{_fmt(y)} {_fmt(x)},{_fmt(y + r)} "
    corners += f"{_fmt(x - r)},{_fmt(y)}"
    return [f'<polygon class="kpi-target" points="{corners}" fill="{TARGET}"/>']


def trend_description(chart: Chart) -> str:
    """What the drawing shows, in one or two sentences (its <desc>)."""
    figures = join_list(f"{p.period} {format_amount(p.value, chart.unit)}" for p in chart.points)
    text = _("実績値: %(figures)s。") % {"figures": figures}
    if chart.target is not None:
        year, value = chart.target
        text += _("目標: %(year)sに %(value)s。") % {
            "year": fiscal_year(year, chart.basis),
            "value": format_amount(value, chart.unit),
        }
    if chart.path is not None:
        (year, value), _end = chart.path
        text += _("破線は基準値 %(value)s（%(year)s）から目標への直線経路。") % {
            "value": format_amount(value, chart.unit),
            "year": fiscal_year(year, chart.basis),
        }
    return text
