"""The logic model drawn as boxes: impacts on the left, their outcomes, then the output areas,
and below them the areas that belong to no outcome (the national 4. 国の役割).

Each box names its element, carries the summary status as a coloured badge with the status's
label written in it (never colour alone) and a strip of the same colour, and the KPI counts by
status. A parent box spans the height of its children, so the tree reads left to right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..i18n import gettext as _
from ..labels import status_label
from ..logicmodel import LogicModel, Node
from .markup import esc, svg_open, tag, text_lines, text_width, wrap, wrap_phrases

WIDTH = 1200.0
IMPACT_X, IMPACT_W = 0.0, 232.0
OUTCOME_X, OUTCOME_W = 256.0, 292.0
AREAS_X = 572.0
AREA_GAP = 12.0
AREA_W = (WIDTH - AREAS_X - AREA_GAP) / 2
HEAD = 34.0  # the column headings
PAD = 10.0
STRIP = 6.0
GAP = 8.0  # between areas and between outcomes
BAND_GAP = 20.0  # between impacts
BADGE_H = 22.0
COUNT_SIZE = 13.0
COUNT_LEAD = 18.0
INK = "#1a1a1a"  # gray-900
MUTED = "#4d4d4d"  # gray-700
LINE = "#949494"  # gray-420: connectors, decoration only
EDGE = "#767676"  # gray-536: the box edge, calm beside the status colour
WHITE = "#ffffff"


@dataclass(frozen=True)
class _Style:
    size: float
    weight: str
    max_lines: int


_STYLES = {
    "impact": _Style(18, "700", 3),
    "group": _Style(18, "700", 3),
    "outcome": _Style(16, "700", 3),
    "area": _Style(14, "400", 2),
}


def _inner(width: float) -> float:
    return width - 2 * PAD - STRIP


def _title(node: Node, width: float) -> tuple[str, ...]:
    style = _STYLES[node.kind]
    return wrap(node.name, _inner(width), style.size, max_lines=style.max_lines)


def _badge_width(node: Node) -> float:
    return text_width(status_label(node.summary.label), COUNT_SIZE) + 16


def _counts(node: Node, width: float) -> tuple[str, ...]:
    """The counts after the badge, broken between statuses: 「KPI 9件：」「データなし 4・」…"""
    first = _inner(width) - _badge_width(node) - 8
    phrases = re.findall(r"[^：・]+[：・]?", node.counts_text())
    return wrap_phrases(phrases, _inner(width), COUNT_SIZE, max_lines=3, first=first)


def box_height(node: Node, width: float) -> float:
    """The height a box needs for its title, its badge and its counts."""
    lead = _STYLES[node.kind].size * 1.35
    status = max(BADGE_H, len(_counts(node, width)) * COUNT_LEAD)
    return PAD + len(_title(node, width)) * lead + 6 + status + PAD


def draw_box(node: Node, x: float, y: float, width: float, height: float) -> str:
    """One element: a white box with a strip in the status colour, title, badge and counts."""
    style = _STYLES[node.kind]
    colour = node.summary.colour
    left = x + PAD + STRIP
    title = _title(node, width)
    lead = style.size * 1.35
    badge_y = y + PAD + len(title) * lead + 6
    badge_w = _badge_width(node)
    counts = _counts(node, width)
    tip = f"{node.name} — {status_label(node.summary.label)}（{node.counts_text()}）"
    parts = [
        tag("title", esc(tip)),
        tag("rect", x=x, y=y, width=width, height=height, rx=6.0, fill=WHITE, stroke=EDGE),
        tag("rect", x=x, y=y, width=STRIP, height=height, rx=3.0, fill=colour),
        text_lines(
            title,
            x=left,
            y=y + PAD + style.size,
            size=style.size,
            leading=lead,
            fill=INK,
            font_weight=style.weight,
        ),
        tag(
            "rect",
            class_="badge",
            x=left,
            y=badge_y,
            width=badge_w,
            height=BADGE_H,
            rx=4.0,
            fill=colour,
        ),
        tag(
            "text",
            esc(status_label(node.summary.label)),
            x=left + badge_w / 2,
            y=badge_y + 15.5,
            font_size=COUNT_SIZE,
            font_weight="700",
            fill=WHITE,
            text_anchor="middle",
        ),
        text_lines(
            counts[:1],
            x=left + badge_w + 8,
            y=badge_y + 15,
            size=COUNT_SIZE,
            leading=COUNT_LEAD,
            fill=MUTED,
        ),
        text_lines(
            counts[1:],
            x=left,
            y=badge_y + 15 + COUNT_LEAD,
            size=COUNT_SIZE,
            leading=COUNT_LEAD,
            fill=MUTED,
        ),
    ]
    return tag("g", "".join(parts), class_="node", data_key=node.key)


@dataclass
class _Canvas:
    parts: list[str] = field(default_factory=list)

    def connector(self, x1: float, x2: float, y: float) -> None:
        self.parts.append(tag("line", x1=x1, y1=y, x2=x2, y2=y, stroke=LINE, stroke_width=1.5))

    def areas(self, areas: Sequence[Node], top: float) -> float:
        """Areas two to a row from `top`; returns the bottom of the last row."""
        y = top
        for start in range(0, len(areas), 2):
            row = areas[start : start + 2]
            height = max(box_height(area, AREA_W) for area in row)
            for column, area in enumerate(row):
                x = AREAS_X + column * (AREA_W + AREA_GAP)
                self.parts.append(draw_box(area, x, y, AREA_W, height))
            y += height + GAP
        return y - GAP if areas else top

    def outcome(self, outcome: Node, top: float) -> float:
        """An outcome and its areas; returns the bottom of the band."""
        areas = [child for child in outcome.children if child.kind == "area"]
        bottom = max(top + box_height(outcome, OUTCOME_W), self.areas(areas, top))
        self.parts.append(draw_box(outcome, OUTCOME_X, top, OUTCOME_W, bottom - top))
        if areas:
            self.connector(OUTCOME_X + OUTCOME_W, AREAS_X, top + 20)
        return bottom

    def impact(self, impact: Node, top: float) -> float:
        y = top
        for child in impact.children:
            if child.kind == "outcome":
                self.connector(IMPACT_X + IMPACT_W, OUTCOME_X, y + 20)
                y = self.outcome(child, y) + GAP
        direct = [child for child in impact.children if child.kind == "area"]
        if direct:  # areas under the impact itself (none in the national strategy)
            self.connector(IMPACT_X + IMPACT_W, AREAS_X, y + 20)
            y = self.areas(direct, y) + GAP
        bottom = max(top + box_height(impact, IMPACT_W), y - GAP)
        self.parts.append(draw_box(impact, IMPACT_X, top, IMPACT_W, bottom - top))
        return bottom

    def group(self, group: Node, top: float) -> float:
        width = OUTCOME_X + OUTCOME_W - IMPACT_X
        areas = [child for child in group.children if child.kind == "area"]
        bottom = max(top + box_height(group, width), self.areas(areas, top))
        self.parts.append(draw_box(group, IMPACT_X, top, width, bottom - top))
        if areas:
            self.connector(IMPACT_X + width, AREAS_X, top + 20)
        return bottom


def _heading(x: float, y: float, text: str) -> str:
    return tag("text", esc(text), x=x, y=y, font_size=14.0, font_weight="700", fill=MUTED)


def logic_model_svg(lm: LogicModel, *, ident: str = "logic-model", year_text: str = "") -> str:
    """The whole logic model as one accessible SVG image (a text equivalent goes beside it)."""
    canvas = _Canvas()
    canvas.parts += [
        _heading(IMPACT_X, HEAD - 12, _("インパクト")),
        _heading(OUTCOME_X, HEAD - 12, _("アウトカム")),
        _heading(AREAS_X, HEAD - 12, _("アウトプット領域")),
    ]
    y = HEAD
    for impact in lm.impacts:
        y = canvas.impact(impact, y) + BAND_GAP
    if lm.group is not None:
        rule = y - BAND_GAP / 2
        canvas.parts.append(
            tag("line", x1=0.0, y1=rule, x2=WIDTH, y2=rule, stroke=LINE, stroke_dasharray="6 4")
        )
        canvas.parts.append(_heading(IMPACT_X, rule + 24, _("アウトカムに属さない領域")))
        y = canvas.group(lm.group, rule + 34) + BAND_GAP
    if year_text:
        title = _("ロジックモデル（%(year)s）") % {"year": year_text}
    else:
        title = _("ロジックモデル")
    desc = _(
        "インパクト %(impacts)s件、アウトカム %(outcomes)s件、アウトプット領域 %(areas)s件の図。"
        "各枠に名称、集計した状況（文字で表示）と状況別の KPI 件数を記しています。"
        "同じ内容を図の下の一覧に掲載しています。"
    ) % {
        "impacts": len(lm.impacts),
        "outcomes": sum(1 for node in lm.nodes.values() if node.kind == "outcome"),
        "areas": len(lm.areas()),
    }
    opening = svg_open(
        width=WIDTH,
        height=y - BAND_GAP + 2,
        ident=ident,
        title=title,
        desc=desc,
        css_class="logic-model",
    )
    return opening + "".join(canvas.parts) + "</svg>"
