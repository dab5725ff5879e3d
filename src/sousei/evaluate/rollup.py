"""Roll-up (集計): KPI results counted up the logic model, area → outcome → impact → strategy.

Rules (docs/formulas.md, "Roll-up"):

* A KPI belongs to the node that owns it: an output KPI to its area, an outcome KPI to its
  outcome, an impact KPI to its impact. Each node counts its own KPIs (`own_counts`) and every
  KPI below it (`counts`), so an impact's counts are its own KPIs plus those of its outcomes
  plus those of their areas, and the strategy's counts are all KPIs exactly once.
* Areas with neither outcome nor impact (the national strategy's 4. 国の役割, 4(1)–4(5)) roll
  up into one group node `group:cross-cutting` under the strategy, never into an impact.
* The summary status of a node is the best label L such that at least `rollup.share` % of the
  node's evaluated KPIs (those with a label, not a special state) are at L or better. With
  share 100 this is worst-of; with 50 it is the median. A node with no evaluated KPI gets
  データなし if any KPI lacks data, 対象外 if all are 対象外, else 評価不能; a node with no KPI at
  all is 評価不能 (rule `rollup.no_kpis`).
* 工程表 progress is a separate axis (`RoadmapProgress`): the entries due by the year are
  counted from the strategy, but whether they were done is not in the data yet, so it is
  "not_assessed" with that reason.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sousei.model.strategy import RoadmapEntry, Strategy
from sousei.model.types import Frozen

from .arith import CONTEXT
from .result import KpiResult
from .rules import SPECIAL_STATES, RuleSet
from .text import format_ratio

__all__ = ["CROSS_CUTTING", "NodeKind", "NodeSummary", "RoadmapProgress", "RollUp", "roll_up"]

NodeKind = Literal["strategy", "impact", "outcome", "area", "group"]
CROSS_CUTTING = "group:cross-cutting"
STRATEGY = "strategy"
_NOT_IN_DATA = (
    "工程表の記載ごとの実施状況（完了したかどうか）はまだデータにないため、評価していません"
)


class RoadmapProgress(Frozen):
    """工程表の進捗 — the second axis of progress, kept apart from KPI progress."""

    entries: int
    due: int | None = None
    done: int | None = None
    status: Literal["not_assessed"] = "not_assessed"
    reason: str = _NOT_IN_DATA


class NodeSummary(Frozen):
    """集計ノード — one area, outcome, impact (or group, or the whole strategy) and its KPIs."""

    key: str
    kind: NodeKind
    id: str
    title: str
    parent: str | None
    own_kpi_ids: tuple[str, ...]
    kpi_ids: tuple[str, ...]
    own_counts: dict[str, int]
    counts: dict[str, int]
    total: int
    reporting: int
    evaluated: int
    status: str
    label: str
    colour: str
    rule: str
    explanation: str
    roadmap: RoadmapProgress


class RollUp(Frozen):
    """評価の集計 — every node's summary, and each KPI's path up the logic model."""

    rule_set: str
    year: int | None
    nodes: tuple[NodeSummary, ...]
    paths: dict[str, tuple[str, ...]]
    unplaced: tuple[str, ...] = ()

    def node(self, key: str) -> NodeSummary:
        """A node by key: "strategy", "impact:1", "outcome:A", "area:a", "group:cross-cutting"."""
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(key)

    def trace(self, kpi_id: str) -> tuple[NodeSummary, ...]:
        """The nodes a KPI counts in, from its owner up to the strategy."""
        return tuple(self.node(key) for key in self.paths[kpi_id])


@dataclass
class _Node:
    key: str
    kind: NodeKind
    id: str
    title: str
    parent: str | None
    own: list[KpiResult] = field(default_factory=list)
    all: list[KpiResult] = field(default_factory=list)
    roadmap: list[RoadmapEntry] = field(default_factory=list)


def _tree(strategy: Strategy) -> dict[str, _Node]:
    """The nodes of the logic model, parents before children."""
    nodes: dict[str, _Node] = {
        STRATEGY: _Node(STRATEGY, "strategy", STRATEGY, strategy.title, None)
    }
    for impact in strategy.impacts:
        key = f"impact:{impact.id}"
        nodes[key] = _Node(key, "impact", impact.id, impact.title, STRATEGY)
    for outcome in strategy.outcomes:
        key, parent = f"outcome:{outcome.id}", f"impact:{outcome.impact_id}"
        nodes[key] = _Node(key, "outcome", outcome.id, outcome.title, _known(nodes, parent))
    for area in strategy.areas:
        if area.outcome_id is not None:
            parent = _known(nodes, f"outcome:{area.outcome_id}")
        elif area.impact_id is not None:
            parent = _known(nodes, f"impact:{area.impact_id}")
        else:
            if CROSS_CUTTING not in nodes:
                title = "アウトカムに属さない領域（国の役割など）"
                nodes[CROSS_CUTTING] = _Node(
                    CROSS_CUTTING, "group", "cross-cutting", title, STRATEGY
                )
            parent = CROSS_CUTTING
        key = f"area:{area.id}"
        nodes[key] = _Node(key, "area", area.id, area.title, parent)
    return nodes


def _known(nodes: dict[str, _Node], key: str) -> str:
    return key if key in nodes else STRATEGY


def _path(nodes: dict[str, _Node], key: str) -> tuple[str, ...]:
    keys: list[str] = []
    current: str | None = key
    while current is not None:
        keys.append(current)
        current = nodes[current].parent
    return tuple(keys)


def _owners(strategy: Strategy, nodes: dict[str, _Node]) -> dict[str, str]:
    """KPI id → the key of the node that owns it."""
    kinds = {"impact": "impact", "outcome": "outcome", "output": "area"}
    # A local strategy's output KPI is owned by its 施策 (a measure path): it counts in the area.
    areas = {m.path: m.area_id for m in strategy.measures}
    return {
        kpi.id: _known(
            nodes,
            f"area:{areas[kpi.owner]}"
            if kpi.level == "output" and kpi.owner in areas and f"area:{kpi.owner}" not in nodes
            else f"{kinds[kpi.level]}:{kpi.owner}",
        )
        for kpi in strategy.kpis
    }


def _counts(rules: RuleSet, results: Sequence[KpiResult]) -> dict[str, int]:
    counts = {label.id: 0 for label in rules.labels} | dict.fromkeys(SPECIAL_STATES, 0)
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return counts


def _summary(rules: RuleSet, results: Sequence[KpiResult]) -> tuple[str, str, str]:
    """(status, rule id, explanation) of a node by the documented share rule."""
    if not results:
        return "not_assessable", "rollup.no_kpis", "KPIが設定されていません"
    ranks = sorted(rules.rank(r.status) for r in results if r.status not in SPECIAL_STATES)
    if not ranks:
        return _unevaluated(rules, results)
    need = max(1, math.ceil(CONTEXT.multiply(rules.rollup.fraction, len(ranks))))
    status = rules.labels[ranks[need - 1]].id
    reached = sum(1 for rank in ranks if rank <= ranks[need - 1])
    share = format_ratio(CONTEXT.divide(reached, len(ranks)))
    text = rules.text(status)
    explanation = (
        f"評価できたKPI {len(ranks)}件のうち{reached}件（{share}）が「{text}」以上で、"
        f"集計基準 {rules.rollup.share}% を満たす最良の区分です（KPI {len(results)}件中）"
    )
    return status, "rollup.share", explanation


def _unevaluated(rules: RuleSet, results: Sequence[KpiResult]) -> tuple[str, str, str]:
    counts = _counts(rules, results)
    detail = "、".join(
        f"{rules.text(state)} {counts[state]}件" for state in SPECIAL_STATES if counts[state]
    )
    lead = f"KPI {len(results)}件のうち評価できたものがありません（{detail}）"
    if counts["no_data"]:
        return "no_data", "rollup.no_data", lead
    if counts["not_due"] == len(results):
        return "not_due", "rollup.not_due", lead
    return "not_assessable", "rollup.not_assessable", lead


def _roadmap(node: _Node, year: int | None) -> RoadmapProgress:
    if year is None:
        return RoadmapProgress(entries=len(node.roadmap))
    due = sum(1 for e in node.roadmap if (e.end_year or e.column_year or year + 1) <= year)
    return RoadmapProgress(entries=len(node.roadmap), due=due)


def _common_year(results: Sequence[KpiResult]) -> int | None:
    years = {r.year for r in results}
    return years.pop() if len(years) == 1 else None


def _summarise(node: _Node, rules: RuleSet, year: int | None) -> NodeSummary:
    status, rule, explanation = _summary(rules, node.all)
    return NodeSummary(
        key=node.key,
        kind=node.kind,
        id=node.id,
        title=node.title,
        parent=node.parent,
        own_kpi_ids=tuple(r.kpi_id for r in node.own),
        kpi_ids=tuple(r.kpi_id for r in node.all),
        own_counts=_counts(rules, node.own),
        counts=_counts(rules, node.all),
        total=len(node.all),
        reporting=sum(1 for r in node.all if r.has_data),
        evaluated=sum(1 for r in node.all if r.status not in SPECIAL_STATES),
        status=status,
        label=rules.text(status),
        colour=rules.colour(status),
        rule=rule,
        explanation=explanation,
        roadmap=_roadmap(node, year),
    )


def _add_roadmap(nodes: dict[str, _Node], entries: Iterable[RoadmapEntry]) -> None:
    for entry in entries:
        key = f"area:{entry.area_id}"
        for step in _path(nodes, _known(nodes, key)):
            nodes[step].roadmap.append(entry)


def roll_up(results: Sequence[KpiResult], strategy: Strategy, rules: RuleSet) -> RollUp:
    """Count KPI results up the strategy's logic model and summarise each node."""
    nodes = _tree(strategy)
    owners = _owners(strategy, nodes)
    _add_roadmap(nodes, strategy.roadmap)
    paths: dict[str, tuple[str, ...]] = {}
    unplaced: list[str] = []
    for result in results:
        owner = owners.get(result.kpi_id)
        if owner is None:
            unplaced.append(result.kpi_id)
        path = _path(nodes, owner or STRATEGY)
        paths[result.kpi_id] = path
        nodes[path[0]].own.append(result)
        for key in path:
            nodes[key].all.append(result)
    year = _common_year(results)
    return RollUp(
        rule_set=rules.id,
        year=year,
        nodes=tuple(_summarise(node, rules, year) for node in nodes.values()),
        paths=paths,
        unplaced=tuple(unplaced),
    )
