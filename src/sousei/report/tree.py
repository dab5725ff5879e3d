"""The logic model as a readable tree with counts, for the terminal."""

from __future__ import annotations

from collections import Counter

from rich.markup import escape
from rich.tree import Tree

from sousei.model import Kpi, Measure, Outcome, Strategy, format_number


def summary(strategy: Strategy) -> str:
    """One line of counts: what the document holds."""
    levels = Counter(k.level for k in strategy.kpis)
    relisted = sum(m.relisted for m in strategy.measures)
    parts = [
        f"インパクト {len(strategy.impacts)}",
        f"アウトカム {len(strategy.outcomes)}",
        f"領域 {len(strategy.areas)}",
        f"施策 {len(strategy.measures)}（うち再掲 {relisted}）",
        f"主な事業 {len(strategy.projects)}",
        f"工程表の記載 {len(strategy.roadmap)}",
        f"KPI {len(strategy.kpis)}（インパクト {levels['impact']}・"
        f"アウトカム {levels['outcome']}・アウトプット {levels['output']}）",
        f"その他の施策 {len(strategy.other_measures)}",
        f"警告 {len(strategy.warnings)}",
    ]
    return " / ".join(parts)


def strategy_tree(strategy: Strategy) -> Tree:
    """Impacts → outcomes → areas → groups → measures, each with its KPIs."""
    root = Tree(f"[bold]{escape(strategy.title)}[/bold]\n{summary(strategy)}")
    impacts = {impact.id for impact in strategy.impacts}
    for impact in strategy.impacts:
        node = root.add(f"[bold]{impact.id}. {escape(impact.title)}[/bold]")
        _add_kpis(node, strategy, impact.id, "impact")
        for outcome in (o for o in strategy.outcomes if o.impact_id == impact.id):
            _add_outcome(node, strategy, outcome)
    for outcome in strategy.outcomes:
        if outcome.impact_id not in impacts:  # a local strategy's 基本目標
            _add_outcome(root, strategy, outcome)
    role = [a for a in strategy.areas if a.outcome_id is None]
    if role:
        node = root.add("[bold]国の役割[/bold]")
        _add_areas(node, strategy, None)
    return root


def _add_outcome(parent: Tree, strategy: Strategy, outcome: Outcome) -> None:
    branch = parent.add(f"[bold]{outcome.id}. {escape(outcome.title)}[/bold]")
    _add_kpis(branch, strategy, outcome.id, "outcome")
    _add_areas(branch, strategy, outcome.id)
    if strategy.other_measures:
        others = sum(1 for o in strategy.other_measures if o.outcome_id == outcome.id)
        branch.add(f"その他の施策（第6節） {others}件")


def _add_areas(parent: Tree, strategy: Strategy, outcome_id: str | None) -> None:
    for area in (a for a in strategy.areas if a.outcome_id == outcome_id):
        measures = [m for m in strategy.measures if m.area_id == area.id]
        owners = {area.id, *(m.path for m in measures)}  # a local 施策 owns its KPIs
        kpis = sum(1 for k in strategy.kpis if k.owner in owners and k.level == "output")
        title = escape(area.title)
        node = parent.add(f"{area.id}. {title}  [dim]施策 {len(measures)}・KPI {kpis}[/dim]")
        group: int | None = None
        holder = node
        for measure in measures:
            if measure.group is not None and measure.group != group:
                group = measure.group
                holder = node.add(f"({group}) {escape(measure.group_title or '')}")
            branch = holder.add(_measure_label(strategy, measure))
            _add_kpis(branch, strategy, measure.path, "output")  # a local strategy's 施策 KPIs
        _add_kpis(node, strategy, area.id, "output")


def _measure_label(strategy: Strategy, measure: Measure) -> str:
    projects = sum(1 for p in strategy.projects if p.measure_path == measure.path)
    relisted = "【再掲】" if measure.relisted else ""
    return f"{measure.path}  {escape(measure.title)}{relisted}  [dim]主な事業 {projects}[/dim]"


def _add_kpis(parent: Tree, strategy: Strategy, owner: str, level: str) -> None:
    for kpi in strategy.kpis:
        if kpi.owner == owner and kpi.level == level:
            parent.add(_kpi_label(kpi))


def _kpi_label(kpi: Kpi) -> str:
    target = kpi.target
    value = f"{format_number(target.value)} {target.unit}" if target.value is not None else ""
    year = f"{target.target_year}{'年度' if target.year_basis == 'fiscal' else '年'}"
    when = year if target.target_year else ""
    kind = "毎年" if target.recurring else "累計" if target.cumulative else ""
    facts = " ".join(p for p in (target.comparator or "", value, when, kind) if p)
    text = escape(f"{kpi.indicator}：{target.text}")
    return f"[cyan]{kpi.label or 'KPI'}[/cyan] {text}  [dim]{escape(facts)}[/dim]"
