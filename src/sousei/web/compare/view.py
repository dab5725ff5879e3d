"""How the comparison pages name and draw things: kinds, map categories, the map itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sousei.registry import Kind

from ..i18n import gettext as _
from ..i18n import join_list
from ..svg import japan_map
from ..svg.japan_map import Category, MapPoint
from .model import Apart, Comparison, GovernmentSummary, NationalTarget, UnitGroup

_COLOURS = {"all": "#1B5E20", "some": "#9A4B00", "none": "#B3261E", "ungraded": "#595959"}
_SHAPES: dict[str, japan_map.Shape] = {
    "all": "circle",
    "some": "diamond",
    "none": "triangle",
    "ungraded": "ring",
}


def kind_labels() -> dict[str, str]:
    return {
        Kind.PREFECTURE.value: _("都道府県"),
        Kind.DESIGNATED_CITY.value: _("政令指定都市"),
        Kind.WARD.value: _("行政区"),
        Kind.SPECIAL_WARD.value: _("特別区"),
        Kind.CITY.value: _("市"),
        Kind.TOWN.value: _("町"),
        Kind.VILLAGE.value: _("村"),
    }


def kind_label(kind: Kind | str) -> str:
    value = kind.value if isinstance(kind, Kind) else kind
    return kind_labels().get(value, value)


def category_labels() -> dict[str, str]:
    return {
        "all": _("すべて達成・順調"),
        "some": _("一部が達成・順調"),
        "none": _("達成・順調なし"),
        "ungraded": _("評価なし（データなし等）"),
    }


def category_label(category: str) -> str:
    return category_labels()[category]


def government_categories() -> tuple[Category, ...]:
    labels = category_labels()
    return tuple(
        Category(name, labels[name], _COLOURS[name], _SHAPES[name])
        for name in ("all", "some", "none", "ungraded")
    )


def via_label(target: NationalTarget, via: Sequence[str]) -> str:
    """What the local KPI is linked through: 「アウトカム A」 or the national KPIs' names."""
    names = [target.names.get(item) or _("アウトカム %(id)s") % {"id": item} for item in via]
    return join_list(names)


def _note(summary: GovernmentSummary) -> str:
    return _("%(name)s：%(category)s（評価した KPI %(graded)s件のうち達成・順調 %(ok)s件）") % {
        "name": summary.government.full_name,
        "category": category_label(summary.category),
        "graded": summary.graded,
        "ok": summary.on_track,
    }


def map_points(found: Comparison) -> list[MapPoint]:
    """One point per government; the ungraded drawn first so the graded lie on top."""
    order = {"ungraded": 0, "none": 1, "some": 2, "all": 3}
    summaries = sorted(found.governments, key=lambda s: order[s.category])
    return [
        MapPoint(
            s.government.code,
            s.government.full_name,
            s.government.lat,
            s.government.lng,
            s.category,
            _note(s),
        )
        for s in summaries
    ]


def map_svg(found: Comparison) -> str:
    counts = dict.fromkeys(category_labels(), 0)
    for summary in found.governments:
        counts[summary.category] += 1
    labels = category_labels()
    desc = _(
        "地方公共団体 %(n)s 団体を所在地に置いた日本の地図。%(counts)s。"
        "同じ内容を表「団体ごとの状況」に示します。"
    ) % {
        "n": len(found.governments),
        "counts": join_list(f"{labels[name]} {count}" for name, count in counts.items()),
    }
    return japan_map.draw(
        map_points(found),
        government_categories(),
        ident="compare-map",
        title=_("%(title)sに対応づけられた地方公共団体の地図") % {"title": found.target.title},
        desc=desc,
    )


PAGE_SIZE = 50
"""Governments per page of the tables (the map always shows every one)."""


@dataclass(frozen=True)
class Paged:
    """One page of the tables: a run of governments in code order, and their KPIs."""

    governments: tuple[GovernmentSummary, ...]
    groups: tuple[UnitGroup, ...]
    apart: tuple[Apart, ...]
    page: int
    pages: int
    total: int
    first: int
    last: int


def page_of(found: Comparison, page: int, size: int = PAGE_SIZE) -> Paged:
    """The governments of one page (a page past the end shows the last one), with their rows
    in each unit group and among the KPIs set apart."""
    summaries = found.governments
    pages = max(1, -(-len(summaries) // size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    chosen = summaries[start : start + size]
    codes = {summary.government.code for summary in chosen}
    groups = tuple(
        replace(group, rows=tuple(r for r in group.rows if r.government.code in codes))
        for group in found.groups
    )
    return Paged(
        governments=chosen,
        groups=groups,
        apart=tuple(item for item in found.apart if item.row.government.code in codes),
        page=page,
        pages=pages,
        total=len(summaries),
        first=start + 1 if chosen else 0,
        last=start + len(chosen),
    )
