"""What changed between two revisions of a strategy (``sousei diff A B``).

Elements are paired by `sousei.model.identity` (never by their document-local ids), then compared:

- KPI: added, removed, ``reworded`` (indicator), ``target_changed`` — one change per target field
  that differs (``target_value``, ``target_unit``, ``target_comparator``, ``target_year``,
  ``target_year_basis``, ``target_recurring``, ``target_cumulative``, ``target_period_start``,
  ``target_baseline_year``, ``target_baseline_year_basis``, ``target_baseline_period_start``,
  ``target_baseline_value``, ``target_baseline_unit``, ``target_to_be_set``,
  ``target_relative_to``); ``target_text`` only when none of those differs, since the fields are
  read from the text and would otherwise report every change twice — and ``moved`` (owner).
- measure: added, removed, reworded (title), moved (area).
- project (主な事業): added or removed under a matched measure, by name. The projects of an added
  or removed measure go with it and are not listed again.
- area: added, removed, reworded (title).
- other measure (第6節): added, removed, reworded (title).

Texts are compared by `text_key` (NFKC, no whitespace): a difference in spaces or in full- vs
half-width forms is not a change. Owners and areas are compared in the old revision's ids, so a
re-lettered area moves nothing. Renumbering alone is never a change.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Literal, Protocol, TypeVar, get_args

from .identity import Matching, match_strategies, other_measure_id, text_key
from .strategy import Area, Kpi, Measure, OtherMeasure, Project, Strategy
from .types import Frozen, SourceSpan, format_number

__all__ = [
    "ELEMENT_LABELS",
    "KIND_LABELS",
    "Change",
    "ChangeElement",
    "ChangeKind",
    "StrategyDiff",
    "diff_strategies",
    "render_change",
    "render_diff",
]

ChangeKind = Literal["added", "removed", "reworded", "target_changed", "moved"]
ChangeElement = Literal["area", "measure", "project", "kpi", "other_measure"]

KIND_LABELS: Mapping[ChangeKind, str] = {
    "added": "追加",
    "removed": "削除",
    "reworded": "文言変更",
    "target_changed": "目標変更",
    "moved": "移動",
}
ELEMENT_LABELS: Mapping[ChangeElement, str] = {
    "area": "領域",
    "measure": "施策",
    "project": "主な事業",
    "kpi": "KPI",
    "other_measure": "その他の施策",
}

# Target fields reported one by one, with the name of the change's field.
_TARGET_FIELDS = {
    "value": "target_value",
    "unit": "target_unit",
    "comparator": "target_comparator",
    "target_year": "target_year",
    "year_basis": "target_year_basis",
    "recurring": "target_recurring",
    "cumulative": "target_cumulative",
    "period_start": "target_period_start",
    "baseline_year": "target_baseline_year",
    "baseline_year_basis": "target_baseline_year_basis",
    "baseline_period_start": "target_baseline_period_start",
    "baseline_value": "target_baseline_value",
    "baseline_unit": "target_baseline_unit",
    "to_be_set": "target_to_be_set",
    "relative_to": "target_relative_to",
}


class Change(Frozen):
    """Change — 改訂の差分: one difference between two revisions.

    ``old_id``/``new_id`` are the element's ids in each revision (None where it does not exist;
    for a project, its measure's path). ``field``, ``before`` and ``after`` name and show what
    changed, as text. ``line`` is where the element is in the new revision, or in the old one
    when it was removed. ``label`` names the element (indicator, title, project name).
    """

    kind: ChangeKind
    element: ChangeElement
    old_id: str | None
    new_id: str | None
    field: str | None = None
    before: str | None = None
    after: str | None = None
    line: int
    label: str = ""


class StrategyDiff(Frozen):
    """StrategyDiff — 改訂間の差分一覧: every change from one revision to the next."""

    changes: tuple[Change, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    def of_element(self, element: ChangeElement) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.element == element)

    def counts(self) -> dict[ChangeKind, int]:
        """Number of changes of each kind that occurs, in the order of `ChangeKind`."""
        found = Counter(c.kind for c in self.changes)
        return {kind: found[kind] for kind in get_args(ChangeKind) if found[kind]}


def diff_strategies(old: Strategy, new: Strategy) -> StrategyDiff:
    """The changes from ``old`` to ``new``, grouped by element, then kind, then line."""
    matching = match_strategies(old, new)
    changes = [
        *_area_changes(old.areas, new.areas, matching.areas),
        *_measure_changes(old.measures, new.measures, matching),
        *_project_changes(old.projects, new.projects, matching.measures),
        *_kpi_changes(old.kpis, new.kpis, matching),
        *_other_measure_changes(old.other_measures, new.other_measures, matching.other_measures),
    ]
    elements, kinds = get_args(ChangeElement), get_args(ChangeKind)
    changes.sort(key=lambda c: (elements.index(c.element), kinds.index(c.kind), c.line))
    return StrategyDiff(changes=tuple(changes))


def render_diff(diff: StrategyDiff) -> str:
    """A Japanese listing: a summary line, then one line per change."""
    if diff.is_empty:
        return "差分はありません。"
    counts = "、".join(f"{KIND_LABELS[kind]} {n}" for kind, n in diff.counts().items())
    summary = f"差分 {len(diff.changes)} 件（{counts}）"
    return "\n".join([summary, *(render_change(c) for c in diff.changes)])


def render_change(change: Change) -> str:
    """One change on one line, e.g. ``KPI 目標変更 A-KPI④-1 訪日外国人旅行者数: target_value
    60000000 → 65000000 (147行)``."""
    if change.new_id is None or change.old_id in (None, change.new_id):
        ident = change.new_id or change.old_id
    else:
        ident = f"{change.old_id} → {change.new_id}"
    text = f"{ELEMENT_LABELS[change.element]} {KIND_LABELS[change.kind]} {ident}"
    if change.kind != "reworded":  # a rewording shows the label as before → after
        text += f" {change.label}"
    if change.field is not None:
        text += f": {change.field} {change.before or 'なし'} → {change.after or 'なし'}"
    where = "旧" if change.kind == "removed" else ""
    return f"{text} ({where}{change.line}行)"


def _text(value: object) -> str | None:
    """A field's value as the text a change shows."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def _same(before: object, after: object) -> bool:
    if isinstance(before, str) and isinstance(after, str):
        return text_key(before) == text_key(after)
    return before == after


class _Located(Protocol):
    @property
    def lines(self) -> SourceSpan: ...


_E = TypeVar("_E", bound=_Located)


def _presence(
    element: ChangeElement,
    old: Mapping[str, _E],
    new: Mapping[str, _E],
    pairs: Mapping[str, str],
    label: Callable[[_E], str],
) -> Iterator[Change]:
    """Added (new, unmatched) and removed (old, unmatched) elements, keyed by their ids."""
    kept = set(pairs.values())
    for new_id, item in new.items():
        if new_id not in pairs:
            yield Change(
                kind="added",
                element=element,
                old_id=None,
                new_id=new_id,
                line=item.lines.start,
                label=label(item),
            )
    for old_id, item in old.items():
        if old_id not in kept:
            yield Change(
                kind="removed",
                element=element,
                old_id=old_id,
                new_id=None,
                line=item.lines.start,
                label=label(item),
            )


def _edit(
    kind: ChangeKind,
    element: ChangeElement,
    ids: tuple[str, str],
    field: str,
    values: tuple[object, object],
    new: _Located,
    label: str,
) -> Change:
    return Change(
        kind=kind,
        element=element,
        old_id=ids[0],
        new_id=ids[1],
        field=field,
        before=_text(values[0]),
        after=_text(values[1]),
        line=new.lines.start,
        label=label,
    )


def _area_changes(
    old: Sequence[Area], new: Sequence[Area], pairs: Mapping[str, str]
) -> Iterator[Change]:
    old_by, new_by = {a.id: a for a in old}, {a.id: a for a in new}
    yield from _presence("area", old_by, new_by, pairs, lambda a: a.title)
    for new_id, old_id in pairs.items():
        before, after = old_by[old_id], new_by[new_id]
        if not _same(before.title, after.title):
            values = (before.title, after.title)
            yield _edit("reworded", "area", (old_id, new_id), "title", values, after, after.title)


def _measure_changes(
    old: Sequence[Measure], new: Sequence[Measure], matching: Matching
) -> Iterator[Change]:
    old_by, new_by = {m.path: m for m in old}, {m.path: m for m in new}
    yield from _presence("measure", old_by, new_by, matching.measures, lambda m: m.title)
    for new_id, old_id in matching.measures.items():
        before, after = old_by[old_id], new_by[new_id]
        ids, label = (old_id, new_id), after.title
        if not _same(before.title, after.title):
            values = (before.title, after.title)
            yield _edit("reworded", "measure", ids, "title", values, after, label)
        if matching.areas.get(after.area_id, after.area_id) != before.area_id:
            values = (before.area_id, after.area_id)
            yield _edit("moved", "measure", ids, "area_id", values, after, label)


def _project_changes(
    old: Sequence[Project], new: Sequence[Project], measures: Mapping[str, str]
) -> Iterator[Change]:
    old_by, new_by = _projects_by_measure(old), _projects_by_measure(new)
    for new_path, old_path in measures.items():
        before, after = old_by[old_path], new_by[new_path]
        for project in _missing_from(after, before):
            yield _project_change("added", (old_path, new_path), project)
        for project in _missing_from(before, after):
            yield _project_change("removed", (old_path, new_path), project)


def _projects_by_measure(projects: Sequence[Project]) -> defaultdict[str, list[Project]]:
    by_measure: defaultdict[str, list[Project]] = defaultdict(list)
    for project in projects:
        by_measure[project.measure_path].append(project)
    return by_measure


def _missing_from(projects: Sequence[Project], others: Sequence[Project]) -> Iterator[Project]:
    """The projects whose name ``others`` does not hold (as often)."""
    available = Counter(text_key(p.name) for p in others)
    for project in projects:
        key = text_key(project.name)
        if available[key]:
            available[key] -= 1
        else:
            yield project


def _project_change(kind: ChangeKind, paths: tuple[str, str], project: Project) -> Change:
    return Change(
        kind=kind,
        element="project",
        old_id=paths[0],
        new_id=paths[1],
        line=project.lines.start,
        label=project.name,
    )


def _kpi_changes(old: Sequence[Kpi], new: Sequence[Kpi], matching: Matching) -> Iterator[Change]:
    old_by, new_by = {k.id: k for k in old}, {k.id: k for k in new}
    yield from _presence("kpi", old_by, new_by, matching.kpis, lambda k: k.indicator)
    for new_id, old_id in matching.kpis.items():
        before, after = old_by[old_id], new_by[new_id]
        ids, label = (old_id, new_id), after.indicator
        if not _same(before.indicator, after.indicator):
            values = (before.indicator, after.indicator)
            yield _edit("reworded", "kpi", ids, "indicator", values, after, label)
        for field, target_values in _target_changes(before, after):
            yield _edit("target_changed", "kpi", ids, field, target_values, after, label)
        if matching.areas.get(after.owner, after.owner) != before.owner:
            values = (before.owner, after.owner)
            yield _edit("moved", "kpi", ids, "owner", values, after, label)


def _target_changes(before: Kpi, after: Kpi) -> list[tuple[str, tuple[object, object]]]:
    """(field, (before, after)) of each target field that differs; the text if none does."""
    changed: list[tuple[str, tuple[object, object]]] = []
    for name, field in _TARGET_FIELDS.items():
        values = (getattr(before.target, name), getattr(after.target, name))
        if not _same(*values):
            changed.append((field, values))
    if not changed and not _same(before.target.text, after.target.text):
        changed.append(("target_text", (before.target.text, after.target.text)))
    return changed


def _other_measure_changes(
    old: Sequence[OtherMeasure], new: Sequence[OtherMeasure], pairs: Mapping[str, str]
) -> Iterator[Change]:
    old_by = {other_measure_id(m): m for m in old}
    new_by = {other_measure_id(m): m for m in new}
    yield from _presence("other_measure", old_by, new_by, pairs, lambda m: m.title)
    for new_id, old_id in pairs.items():
        before, after = old_by[old_id], new_by[new_id]
        if not _same(before.title, after.title):
            ids, values = (old_id, new_id), (before.title, after.title)
            yield _edit("reworded", "other_measure", ids, "title", values, after, after.title)
