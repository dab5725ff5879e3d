"""Pure functions from the evaluated rows to what the pages show: filters, unit groups, shares
per prefecture and region group, and one summary per government for the map."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from sousei.evaluate import RuleSet
from sousei.registry import BUILTIN_GROUPS, RegionGroup

from ..i18n import gettext as _
from .model import (
    Apart,
    Comparison,
    Evaluated,
    Filters,
    GovernmentSummary,
    LocalRow,
    Population,
    Share,
    UnitGroup,
)

POPULATION_CLASSES: tuple[tuple[str, int, int | None], ...] = (
    ("under-10k", 0, 10_000),
    ("10k-50k", 10_000, 50_000),
    ("50k-200k", 50_000, 200_000),
    ("200k-500k", 200_000, 500_000),
    ("500k-plus", 500_000, None),
)
"""人口規模: id, lower bound (inclusive), upper bound (exclusive)."""


def population_labels() -> dict[str, str]:
    return {
        "under-10k": _("1万人未満"),
        "10k-50k": _("1万人以上5万人未満"),
        "50k-200k": _("5万人以上20万人未満"),
        "200k-500k": _("20万人以上50万人未満"),
        "500k-plus": _("50万人以上"),
    }


def population_class(population: Population | None) -> str | None:
    if population is None:
        return None
    for name, low, high in POPULATION_CLASSES:
        if population.value >= low and (high is None or population.value < high):
            return name
    return None


def latest_population(series: Sequence[Population], year: int) -> Population | None:
    """The newest figure of the year or before; the oldest one when all are later."""
    earlier = [p for p in series if p.year <= year]
    if earlier:
        return earlier[-1]
    return series[0] if series else None


# -- filters ------------------------------------------------------------------------------------


def apply_filters(rows: Iterable[LocalRow], filters: Filters) -> list[LocalRow]:
    """The rows of the chosen prefecture, kind and population class (unknown population never
    matches a population class)."""
    return [
        row
        for row in rows
        if (filters.prefecture is None or row.government.prefecture_code == filters.prefecture)
        and (filters.kind is None or row.government.kind.value == filters.kind)
        and (filters.population is None or population_class(row.population) == filters.population)
    ]


# -- values side by side -------------------------------------------------------------------------


def unit_groups(
    rows: Sequence[LocalRow], national_unit: str | None
) -> tuple[tuple[UnitGroup, ...], tuple[Apart, ...]]:
    """Values compare only within a unit.

    Against a national KPI with a unit, the rows in that unit are one group and the others are
    listed apart with the reason. Otherwise (an outcome, or a national KPI without a unit)
    each unit is a group of its own, the largest first.
    """
    if national_unit:
        same = tuple(row for row in rows if row.unit == national_unit)
        apart = tuple(
            Apart(row, _apart_reason(row.unit, national_unit))
            for row in rows
            if row.unit != national_unit
        )
        return (UnitGroup(national_unit, same, True),), apart
    counts = Counter(row.unit for row in rows)
    order = sorted(counts, key=lambda unit: (-counts[unit], unit))
    groups = tuple(
        UnitGroup(unit, tuple(row for row in rows if row.unit == unit), False) for unit in order
    )
    return groups, ()


def _apart_reason(unit: str, national_unit: str) -> str:
    if not unit:
        return _("単位がなく、国の KPI（%(national)s）と値を比べられません") % {
            "national": national_unit
        }
    return _("単位（%(unit)s）が国の KPI（%(national)s）と異なります") % {
        "unit": unit,
        "national": national_unit,
    }


# -- shares ---------------------------------------------------------------------------------------


def share_of(key: str, name: str, rows: Sequence[LocalRow]) -> Share:
    graded = [row for row in rows if row.on_track is not None]
    return Share(
        key=key,
        name=name,
        governments=len({row.government.code for row in rows}),
        kpis=len(rows),
        graded=len(graded),
        on_track=sum(1 for row in graded if row.on_track),
    )


def shares_by_prefecture(rows: Sequence[LocalRow]) -> tuple[Share, ...]:
    """One share per prefecture that has rows (its own strategy and its municipalities'), in
    the order of the prefecture codes."""
    by_code: dict[str, list[LocalRow]] = {}
    for row in rows:
        by_code.setdefault(row.government.prefecture_code, []).append(row)
    return tuple(
        share_of(code, found[0].government.prefecture, found)
        for code, found in sorted(by_code.items())
    )


def shares_by_group(
    rows: Sequence[LocalRow], groups: Sequence[RegionGroup] = BUILTIN_GROUPS
) -> tuple[Share, ...]:
    """One share per region group (東京圏, 都市圏, 地方部, 東京圏以外: they overlap)."""
    member: dict[str, tuple[bool, ...]] = {}
    for row in rows:
        code = row.government.code
        if code not in member:  # once per government, not per KPI
            member[code] = tuple(group.contains(row.government) for group in groups)
    return tuple(
        share_of(group.name, group.name, [r for r in rows if member[r.government.code][index]])
        for index, group in enumerate(groups)
    )


def governments(rows: Sequence[LocalRow]) -> tuple[GovernmentSummary, ...]:
    """One summary per government, in code order."""
    by_code: dict[str, list[LocalRow]] = {}
    for row in rows:
        by_code.setdefault(row.government.code, []).append(row)
    summaries = []
    for code in sorted(by_code):
        found = by_code[code]
        share = share_of(code, found[0].government.name, found)
        summaries.append(
            GovernmentSummary(found[0].government, share.kpis, share.graded, share.on_track)
        )
    return tuple(summaries)


def rule_sets(rows: Sequence[LocalRow]) -> tuple[RuleSet, ...]:
    """The rule sets the rows were judged by, each once, by id."""
    found = {row.rules.id: row.rules for row in rows}
    return tuple(found[name] for name in sorted(found))


def order_key(row: LocalRow) -> tuple[str, str]:
    """Rows in the order of the 団体コード (prefectures north to south, then their
    municipalities), a government's KPIs in document order (the order they come in)."""
    return (row.government.prefecture_code, row.government.code)


def shape(evaluated: Evaluated, filters: Filters) -> Comparison:
    rows = apply_filters(evaluated.rows, filters)
    groups, apart = unit_groups(rows, evaluated.target.unit)
    return Comparison(
        evaluated=evaluated,
        filters=filters,
        rows=tuple(rows),
        groups=groups,
        apart=apart,
        prefectures=shares_by_prefecture(rows),
        regions=shares_by_group(rows),
        total=share_of("all", _("全体"), rows),
        governments=governments(rows),
        rule_sets=rule_sets(rows),
    )
