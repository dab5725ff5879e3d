"""The logic model as the overview and browsing pages show it: nodes with their names, links and
KPI counts by status, each page's KPIs with their figures, and the 施策 of an area.

Everything comes from the cached `StrategyView` (the model and its roll-up for a year). What is
derived from a view — the tree, the figures of the strategy's KPIs, a drawing — is kept with the
view (`per_view`): a view stands for one version of the data, so it never goes stale, and a page
read a thousand times is shaped once.

URLs use the model's own ids, which are stable, short and URL-safe: `/impacts/1`,
`/outcomes/A`, `/areas/a` and `/areas/4(1)`, `/groups/cross-cutting`, and a 施策's `path`
(area/group/number, e.g. `/measures/a/1/2`). A KPI links to `/kpis/<store id>`
(e.g. `/kpis/national/A-KPI④-1`), percent-encoded.
"""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult, NodeSummary, RuleSet, format_amount
from sousei.evaluate.rollup import CROSS_CUTTING, STRATEGY
from sousei.evaluate.rules import SPECIAL_STATES
from sousei.model import Kpi, Measure, Project, RoadmapEntry, Strategy
from sousei.store import observations
from sousei.store.errors import NotFoundError

from .evaluations import StrategyView
from .i18n import gettext as _
from .labels import status_label

T = TypeVar("T")
_memo: dict[tuple[int, str], tuple[weakref.ref[StrategyView], Any]] = {}
_memo_lock = threading.Lock()


def per_view(view: StrategyView, name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per view and name; forgotten when the view is (its data changed)."""
    key = (id(view), name)
    with _memo_lock:
        found = _memo.get(key)
    if found is not None and found[0]() is view:
        value: T = found[1]
        return value
    value = compute()

    def forget(_ref: object, key: tuple[int, str] = key) -> None:
        with _memo_lock:
            _memo.pop(key, None)

    with _memo_lock:
        _memo[key] = (weakref.ref(view, forget), value)
    return value


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NATIONAL_ROLE = "国の役割"


def href(path: str) -> str:
    """A site path with every id percent-encoded (KPI ids hold ④, areas hold parentheses)."""
    return quote(path, safe="/()-")


@dataclass(frozen=True)
class StatusCount:
    """状況別の件数 — how many KPIs of a node have one status, with its label and colour."""

    status: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Node:
    """ロジックモデルの要素 — an impact, outcome, area or group, as a page names and links it."""

    key: str
    kind: str
    id: str
    marker: str
    title: str
    href: str
    summary: NodeSummary
    counts: tuple[StatusCount, ...]
    """The statuses with at least one KPI, in the rule set's order."""
    children: tuple[Node, ...]

    @property
    def name(self) -> str:
        return f"{self.marker} {self.title}" if self.marker else self.title

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    def counts_text(self) -> str:
        """「KPI 28件：順調 2・データなし 26」, or 「KPI なし」."""
        if not self.summary.total:
            return _("KPI なし")
        parts = "・".join(f"{status_label(c.label)} {c.count}" for c in self.counts)
        return _("KPI %(total)s件：%(parts)s") % {"total": self.summary.total, "parts": parts}


def kind_label(kind: str) -> str:
    labels = {
        "impact": _("インパクト"),
        "outcome": _("アウトカム"),
        "area": _("アウトプット領域"),
        "group": _("アウトカムに属さない領域"),
        "strategy": _("総合戦略"),
    }
    return labels[kind]


@dataclass(frozen=True)
class LogicModel:
    """ロジックモデル — the tree of nodes for one year's evaluation."""

    strategy: Node
    impacts: tuple[Node, ...]
    group: Node | None
    nodes: dict[str, Node]
    statuses: tuple[StatusCount, ...]
    """Every status of the rule set with the whole strategy's count (zeros included)."""

    def node(self, key: str) -> Node:
        return self.nodes[key]

    def trail(self, key: str) -> tuple[Node, ...]:
        """The nodes from the top (an impact or the group) down to `key`, both included."""
        found: list[Node] = []
        current: str | None = key
        while current is not None and current != STRATEGY:
            node = self.nodes[current]
            found.append(node)
            current = node.summary.parent
        return tuple(reversed(found))

    def areas(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes.values() if node.kind == "area")


def logic_model(view: StrategyView) -> LogicModel:
    return per_view(view, "logic_model", lambda: _logic_model(view))


def _logic_model(view: StrategyView) -> LogicModel:
    model, rules = view.evaluation.model, view.evaluation.rules
    summaries = view.evaluation.rollup.nodes
    children: dict[str | None, list[NodeSummary]] = defaultdict(list)
    for summary in summaries:
        children[summary.parent].append(summary)
    names = _markers(model)
    group_title = _group_title(model)
    nodes: dict[str, Node] = {}

    def build(summary: NodeSummary) -> Node:
        kids = tuple(build(child) for child in children[summary.key])
        marker, title = names.get(summary.key, ("", summary.title))
        if summary.key == CROSS_CUTTING and group_title is not None:
            marker, title = group_title
        node = Node(
            key=summary.key,
            kind=summary.kind,
            id=summary.id,
            marker=marker,
            title=title,
            href=_node_href(summary),
            summary=summary,
            counts=status_counts(rules, summary.counts),
            children=kids,
        )
        nodes[summary.key] = node
        return node

    top = build(view.evaluation.rollup.node(STRATEGY))
    impacts = tuple(child for child in top.children if child.kind == "impact")
    group = nodes.get(CROSS_CUTTING)
    every = status_counts(rules, top.summary.counts, keep_zeros=True)
    return LogicModel(top, impacts, group, nodes, every)


def status_counts(
    rules: RuleSet, counts: dict[str, int], *, keep_zeros: bool = False
) -> tuple[StatusCount, ...]:
    order = [label.id for label in rules.labels] + list(SPECIAL_STATES)
    return tuple(
        StatusCount(status, rules.text(status), rules.colour(status), counts.get(status, 0))
        for status in order
        if keep_zeros or counts.get(status, 0)
    )


def _node_href(summary: NodeSummary) -> str:
    prefix = {
        "impact": "/impacts/",
        "outcome": "/outcomes/",
        "area": "/areas/",
        "group": "/groups/",
    }
    if summary.kind == "strategy":
        return "/"
    return href(prefix[summary.kind] + summary.id)


def _markers(model: Strategy) -> dict[str, tuple[str, str]]:
    """Node key → (marker, title) as the document numbers them: 1., A., a., 4(1)."""
    found: dict[str, tuple[str, str]] = {}
    for impact in model.impacts:
        found[f"impact:{impact.id}"] = (f"{impact.id}.", impact.title)
    for outcome in model.outcomes:
        found[f"outcome:{outcome.id}"] = (f"{outcome.id}.", outcome.title)
    for area in model.areas:
        marker = f"{area.id}." if len(area.id) == 1 else area.id
        found[f"area:{area.id}"] = (marker, area.title)
    return found


def _group_title(model: Strategy) -> tuple[str, str] | None:
    """The document's own heading of the cross-cutting areas, 「4. 国の役割」, when it has one."""
    for section in model.sections:
        marker, _sep, title = section.title.partition(" ")
        if title == _NATIONAL_ROLE and marker.rstrip(".").isdigit():
            return marker, title
    return None


def group_text(model: Strategy) -> str:
    for section in model.sections:
        if section.title.endswith(_NATIONAL_ROLE):
            return section.text
    return ""


# -- KPIs and their figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """実績値 — one figure as a chart and a table show it."""

    period: str
    end: int
    value: Decimal
    unit: str

    @property
    def text(self) -> str:
        return format_amount(self.value, self.unit)


@dataclass(frozen=True)
class KpiLine:
    """A KPI on a page: the indicator, its target text, its result for the year and its figures."""

    kpi: Kpi
    result: KpiResult
    href: str
    where: str
    """Where it sits in the logic model: 「インパクト」, 「アウトカム A・KPI④」, 「a. …」."""
    figures: tuple[Figure, ...]
    """Approved figures up to the evaluated year, oldest first."""

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None


def figures_by_kpi(
    session: Session, kpi_ids: Sequence[str], *, year: int
) -> dict[str, tuple[Figure, ...]]:
    """The approved figures in force of some KPIs up to `year` (what the evaluation reads)."""
    found: dict[str, list[Figure]] = defaultdict(list)
    if not kpi_ids:
        return {}
    for row in observations.current(session, kpi_ids=kpi_ids, approved_only=True):
        if row.period.end <= year:
            found[row.kpi_id].append(
                Figure(row.period.label(), row.period.end, row.value, row.unit)
            )
    return {kpi_id: tuple(sorted(rows, key=lambda f: f.end)) for kpi_id, rows in found.items()}


def strategy_figures(session: Session, view: StrategyView) -> dict[str, tuple[Figure, ...]]:
    """The figures of every KPI of the view's strategy: one query per version of the data."""
    ids = [kpi.id for kpi in view.evaluation.model.kpis]
    return per_view(view, "figures", lambda: figures_by_kpi(session, ids, year=view.year))


def kpi_lines(
    session: Session, view: StrategyView, kpis: Iterable[Kpi], lm: LogicModel
) -> tuple[KpiLine, ...]:
    figures = strategy_figures(session, view)
    return tuple(
        KpiLine(
            kpi=kpi,
            result=view.by_kpi[kpi.id],
            href=href(f"/kpis/{kpi.id}"),
            where=_where(kpi, lm),
            figures=figures.get(kpi.id, ()),
        )
        for kpi in kpis
        if kpi.id in view.by_kpi
    )


def _where(kpi: Kpi, lm: LogicModel) -> str:
    if kpi.level == "impact":
        return _("インパクト %(id)s") % {"id": kpi.owner}
    if kpi.level == "outcome":
        label = f"・{kpi.label}" if kpi.label else ""
        return _("アウトカム %(id)s") % {"id": kpi.owner} + label
    node = lm.nodes.get(f"area:{kpi.owner}")
    return node.name if node else kpi.owner


def own_kpis(view: StrategyView, key: str) -> list[Kpi]:
    """The KPIs a node owns itself (not those of the nodes below it), in document order."""
    own = set(view.evaluation.rollup.node(key).own_kpi_ids)
    return [kpi for kpi in view.evaluation.model.kpis if kpi.id in own]


def headline_kpis(view: StrategyView) -> list[Kpi]:
    """The impact-level and outcome-level KPIs, impact by impact, in document order."""
    model = view.evaluation.model
    outcome_impact = {o.id: o.impact_id for o in model.outcomes}
    order = {impact.id: index for index, impact in enumerate(model.impacts)}

    def impact_of(kpi: Kpi) -> str:
        return kpi.owner if kpi.level == "impact" else (outcome_impact.get(kpi.owner) or "")

    chosen = [kpi for kpi in model.kpis if kpi.level in ("impact", "outcome")]
    return sorted(
        chosen, key=lambda kpi: (order.get(impact_of(kpi), len(order)), kpi.level != "impact")
    )


# -- 施策 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureItem:
    """施策 — as a list names and links it."""

    measure: Measure
    name: str
    href: str


def measure_name(measure: Measure) -> str:
    """「② スマート農業の推進」, numbered as the document numbers it."""
    number = measure.number
    mark = _CIRCLED[number - 1] if 0 < number <= len(_CIRCLED) else f"({number})"
    return f"{mark} {measure.title}"


def measure_item(measure: Measure) -> MeasureItem:
    return MeasureItem(measure, measure_name(measure), href(f"/measures/{measure.path}"))


@dataclass(frozen=True)
class MeasureGroup:
    """施策のまとまり — an area's (1), (2)… heading and its 施策, with their categories."""

    title: str
    items: tuple[tuple[str | None, tuple[MeasureItem, ...]], ...]
    """(category, 施策) runs in document order; category None where the document has none."""


def area_measures(model: Strategy, area_id: str) -> tuple[MeasureGroup, ...]:
    groups: dict[tuple[int | None, str], list[Measure]] = {}
    for measure in model.measures:
        if measure.area_id == area_id:
            title = measure.group_title or ""
            heading = f"({measure.group}) {title}" if measure.group is not None else title
            groups.setdefault((measure.group, heading), []).append(measure)
    return tuple(
        MeasureGroup(heading, _category_runs(measures))
        for (_g, heading), measures in groups.items()
    )


def _category_runs(
    measures: Sequence[Measure],
) -> tuple[tuple[str | None, tuple[MeasureItem, ...]], ...]:
    runs: list[tuple[str | None, list[MeasureItem]]] = []
    for measure in measures:
        if not runs or runs[-1][0] != measure.category:
            runs.append((measure.category, []))
        runs[-1][1].append(measure_item(measure))
    return tuple((category, tuple(items)) for category, items in runs)


def find_measure(model: Strategy, path: str) -> Measure:
    for measure in model.measures:
        if measure.path == path:
            return measure
    raise NotFoundError(_("施策「%(path)s」はありません。") % {"path": path})


def measure_projects(model: Strategy, path: str) -> list[Project]:
    return [project for project in model.projects if project.measure_path == path]


def measure_roadmap(model: Strategy, path: str) -> list[RoadmapEntry]:
    return [entry for entry in model.roadmap if entry.measure_path == path]


def measure_kpis(model: Strategy, path: str) -> list[Kpi]:
    """The output KPIs the document lists for the run of 施策 this one belongs to.

    The document lists an area's 施策 one after another, then a ■アウトプットKPI block that
    serves all of them (スマート農業技術の活用割合 follows ①–④ of 農林水産物・食品). So a 施策's
    KPIs are the first block after it in its area, and that block belongs to every 施策 between
    the previous block and it. A 施策 after the area's last block has none.
    """
    measure = find_measure(model, path)
    events: list[tuple[int, int, Measure | Kpi]] = [
        (m.lines.start, 0, m) for m in model.measures if m.area_id == measure.area_id
    ]
    events += [
        (k.lines.start, 1, k)
        for k in model.kpis
        if k.level == "output" and k.owner == measure.area_id
    ]
    run: list[Measure] = []
    block: list[Kpi] = []
    for _line, _kind, item in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(item, Measure):
            if block:  # a 施策 after a KPI block starts the next run
                if any(m.path == path for m in run):
                    return block
                run, block = [], []
            run.append(item)
        else:
            block.append(item)
    return block if any(m.path == path for m in run) else []
