"""KPI bullets → KPI rows: indicator and target split, target read by `sousei.ja`."""

from __future__ import annotations

from dataclasses import asdict

from sousei.ja import TargetExpr, parse_target
from sousei.model import Kpi, SourceSpan, Target

from .drafts import KpiDraft


def build_kpis(draft: KpiDraft, siblings: list[KpiDraft]) -> list[Kpi]:
    """The KPI rows of one bullet: one per dated target it carries."""
    text = draft.text()
    sep = draft.separator()
    indicator, target_text = text.split(sep, 1) if sep else (text, "")
    written = "\n".join(draft.subtargets) if draft.subtargets else target_text
    exprs = parse_target(written.strip(), note="\n".join(draft.notes))
    base = _kpi_id(draft, siblings)
    rows = []
    for index, expr in enumerate(exprs, start=1):
        several = len(exprs) > 1
        rows.append(
            Kpi(
                id=f"{base}.{index}" if several else base,
                level=draft.level,  # type: ignore[arg-type]  # set from KpiLevel values only
                owner=draft.owner,
                label=draft.label,
                heading=draft.heading,
                indicator=indicator.strip(),
                target=_target(expr),
                text=f"{indicator.strip()}{sep}{expr.target_text}" if several else text,
                notes=tuple(draft.notes),
                lines=SourceSpan(start=draft.start, end=draft.end),
            )
        )
    return rows


def _kpi_id(draft: KpiDraft, siblings: list[KpiDraft]) -> str:
    """A readable id, unique in the document: 1, A-KPI④-2, a-3, 4(1)-1."""
    same = [d for d in siblings if d.owner == draft.owner and d.label == draft.label]
    position = next(i for i, d in enumerate(same, start=1) if d is draft)
    if draft.level == "impact":
        return f"I{draft.owner}"
    if draft.label:
        return f"{draft.owner}-{draft.label}" + (f"-{position}" if len(same) > 1 else "")
    return f"{draft.owner}-{position}"


def _target(expr: TargetExpr) -> Target:
    fields = asdict(expr)  # the same names, by design of the interchange columns
    return Target(text=fields.pop("target_text"), **fields)
