"""An import plan and a file's errors as Japanese text, for the CLI (and later the web)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sousei.ingest.actuals import TRUNCATED, RowError
from sousei.model import format_number
from sousei.model.actuals import Report
from sousei.store.kpis import KpiEntry
from sousei.store.observations import ImportPlan, PlannedChange

__all__ = ["render_errors", "render_plan"]

MAX_LISTED = 50
"""Rows listed per section; the counts always cover everything."""


def render_plan(plan: ImportPlan, *, kpis: Sequence[KpiEntry] = (), limit: int = MAX_LISTED) -> str:
    """Counts, then each replacement with its old and new figure, then the additions."""
    names = {k.kpi_id: k.indicator for k in kpis}
    lines = [
        f"追加 {plan.count('add')} 件 / 更新（差し替え） {plan.count('supersede')} 件"
        f" / 同一のため省略 {plan.count('identical')} 件"
    ]
    if plan.locked:
        lines.append(f"確定（ロック）済みの年度にかかる変更 {len(plan.locked)} 件: 書き込めません")
        lines += _listed((_where(c, names) for c in plan.locked), len(plan.locked), limit)
    supersedes = [c for c in plan.changes if c.kind == "supersede"]
    if supersedes:
        lines.append("")
        lines.append("更新（差し替え）:")
        shown = (f"{_where(c, names)}: {_change(c)}" for c in supersedes)
        lines += _listed(shown, len(supersedes), limit)
    adds = [c for c in plan.changes if c.kind == "add"]
    if adds:
        lines.append("")
        lines.append("追加:")
        shown = (f"{_where(c, names)}: {_figure(c.report)}" for c in adds)
        lines += _listed(shown, len(adds), limit)
    return "\n".join(lines)


def render_errors(errors: Sequence[RowError]) -> str:
    """One line per error: 「12 行目 値「abc」: 数値として読めません」."""
    lines = [f"誤り {_count(errors)}:"]
    lines += [f"  {_error(e)}" for e in errors]
    return "\n".join(lines)


def _count(errors: Sequence[RowError]) -> str:
    last = errors[-1] if errors else None
    if last and last.row is None and last.reason.startswith(TRUNCATED):
        return f"{len(errors) - 1:,} 件以上"  # the capped list ends with a note, not an error
    return f"{len(errors):,} 件"


def _error(error: RowError) -> str:
    place = f"{error.row} 行目" if error.row is not None else "ファイル"
    if error.column:
        place += f" {error.column}"
        if error.value is not None:
            place += f"「{_short(error.value)}」"
    return f"{place}: {error.reason}"


def _where(change: PlannedChange, names: dict[str, str]) -> str:
    report = change.report
    row = f"{change.row} 行目 " if change.row is not None else ""
    name = names.get(report.kpi_id)
    kpi = f"{report.kpi_id}（{_short(name, 30)}）" if name else report.kpi_id
    return f"  {row}{kpi} {report.period.label()}"


def _figure(report: Report) -> str:
    text = f"{format_number(report.value)} {report.unit}".rstrip()
    if report.written and report.written.replace(",", "") != text.replace(" ", ""):
        text += f"（{report.written}）"
    if report.status:
        text += f" [{report.status}]"
    return text


def _change(change: PlannedChange) -> str:
    old, new = change.current, change.report
    if old is None:  # a supersede always has the figure in force; stay total anyway
        return _figure(new)
    text = f"{_figure(old)} → {_figure(new)}"
    if old.value == new.value and old.unit == new.unit:
        changed = [
            label
            for label, before, after in (
                ("状態", old.status, new.status),
                ("出典", old.source, new.source),
                ("備考", old.note, new.note),
            )
            if before != after
        ]
        text += f"（値は同じ。{'・'.join(changed)}が変わります）" if changed else ""
    return text


def _listed(lines: Iterable[str], total: int, limit: int) -> list[str]:
    shown = [line for _, line in zip(range(limit), lines, strict=False)]
    if total > limit:
        shown.append(f"  … ほか {total - limit} 件")
    return shown


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
