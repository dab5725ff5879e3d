"""A year's evaluation as a table (CSV / XLSX / JSON) and as roll-up lines."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sousei.evaluate import KpiResult, RollUp, RuleSet
from sousei.model import Strategy

from .tables import Cell, Table

EVALUATION_COLUMNS = (
    "kpi_id",
    "level",
    "owner",
    "indicator",
    "year",
    "status",
    "label",
    "rule",
    "actual",
    "expected",
    "target",
    "target_year",
    "baseline",
    "baseline_year",
    "achievement",
    "progress_to_path",
    "explanation",
)


def evaluation_table(results: Sequence[KpiResult], strategy: Strategy) -> Table:
    kpis = {k.id: k for k in strategy.kpis}
    rows: list[tuple[Cell, ...]] = []
    for r in results:
        kpi = kpis.get(r.kpi_id)
        rows.append(
            (
                r.kpi_id,
                kpi.level if kpi else None,
                kpi.owner if kpi else None,
                r.indicator,
                r.year,
                r.status,
                r.label,
                r.rule,
                r.actual,
                _rounded(r.expected, "0.01"),
                r.target,
                r.target_year,
                r.baseline,
                r.baseline_year,
                _rounded(r.achievement, "0.0001"),
                _rounded(r.progress_to_path, "0.0001"),
                r.explanation,
            )
        )
    return Table("evaluation", EVALUATION_COLUMNS, rows)


def _rounded(value: Decimal | None, places: str) -> Decimal | None:
    """Computed values (a path, a ratio) to a readable precision; reported values stay exact."""
    return None if value is None else value.quantize(Decimal(places)).normalize()


def rollup_lines(rollup: RollUp, rules: RuleSet) -> list[str]:
    """One line per impact, outcome and area: its summary, counts and how many report."""
    lines = []
    for node in rollup.nodes:
        if node.kind == "strategy":
            continue
        indent = {"impact": "", "outcome": "  ", "area": "    "}.get(node.kind, "")
        if node.total == 0:
            lines.append(f"{indent}{node.id}. {node.title}: KPI なし")
            continue
        counts = "・".join(f"{rules.text(status)} {n}" for status, n in node.counts.items() if n)
        lines.append(
            f"{indent}{node.id}. {node.title}: {node.label}（KPI {node.total}、"
            f"報告 {node.reporting}：{counts}）"
        )
    return lines
