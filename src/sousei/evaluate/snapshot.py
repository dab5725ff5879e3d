"""Frozen evaluations and what moved between two of them, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sousei.model.types import Frozen

from .result import KpiResult
from .rules import RuleSet

FORMULA_VERSION = "2"
"""Bumped whenever a rule of docs/formulas.md changes, so a snapshot says which rules it used."""

Reason = Literal[
    "new_figure",
    "corrected_figure",
    "changed_target",
    "changed_rule",
    "changed_formula",
    "added",
    "removed",
]

REASON_LABELS: dict[Reason, str] = {
    "new_figure": "新しい実績値",
    "corrected_figure": "実績値の訂正",
    "changed_target": "目標の変更",
    "changed_rule": "評価基準の変更",
    "changed_formula": "算定式の改定",
    "added": "KPI の追加",
    "removed": "KPI の削除",
}


class FrozenEvaluation(Frozen):
    """評価の確定版 — an evaluation kept as it was, with the rule set and formula version."""

    id: int
    year: int
    rule_set: RuleSet
    formula_version: str
    results: tuple[KpiResult, ...]
    frozen_by: str
    frozen_at: datetime


class Movement(Frozen):
    """評価の変化 — how one KPI's judgement differs between two snapshots, and why."""

    kpi_id: str
    indicator: str
    before: str | None
    after: str | None
    reasons: tuple[Reason, ...]


def compare_snapshots(old: FrozenEvaluation, new: FrozenEvaluation) -> list[Movement]:
    """Every KPI whose status, value or inputs differ, with the reasons found."""
    before = {r.kpi_id: r for r in old.results}
    after = {r.kpi_id: r for r in new.results}
    rule_changed = old.rule_set != new.rule_set
    formula_changed = old.formula_version != new.formula_version
    movements = []
    for kpi_id in [*before, *(k for k in after if k not in before)]:
        reasons = _reasons(before.get(kpi_id), after.get(kpi_id))
        reasons += ["changed_rule"] if rule_changed else []
        reasons += ["changed_formula"] if formula_changed else []
        old_result, new_result = before.get(kpi_id), after.get(kpi_id)
        status_moved = (old_result and old_result.label) != (new_result and new_result.label)
        if reasons or status_moved:
            shown = new_result or old_result
            assert shown is not None
            movements.append(
                Movement(
                    kpi_id=kpi_id,
                    indicator=shown.indicator,
                    before=old_result.label if old_result else None,
                    after=new_result.label if new_result else None,
                    reasons=tuple(reasons),
                )
            )
    return movements


def _reasons(old: KpiResult | None, new: KpiResult | None) -> list[Reason]:
    if old is None:
        return ["added"]
    if new is None:
        return ["removed"]
    reasons: list[Reason] = []
    old_ids = {u.observation_id for u in old.used}
    new_ids = {u.observation_id for u in new.used}
    if old_ids != new_ids:
        corrected = old_ids and {u.period for u in old.used} == {u.period for u in new.used}
        reasons.append("corrected_figure" if corrected else "new_figure")
    if (old.target, old.target_year) != (new.target, new.target_year):
        reasons.append("changed_target")
    return reasons


def render_movements(movements: list[Movement]) -> str:
    if not movements:
        return "二つの確定版の間で評価の変化はありません。"
    lines = [f"変化 {len(movements)} 件"]
    for m in movements:
        why = "、".join(REASON_LABELS[r] for r in m.reasons) or "—"
        lines.append(f"{m.kpi_id} {m.indicator}: {m.before or '—'} → {m.after or '—'}（{why}）")
    return "\n".join(lines)
