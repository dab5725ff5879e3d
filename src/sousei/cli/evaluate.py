"""`sousei evaluate`, `sousei snapshots list/diff`, `sousei notes`: the yearly judgement."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sousei.evaluate import RuleSetError, available_rule_sets
from sousei.evaluate.snapshot import compare_snapshots, render_movements
from sousei.model.actuals import REVIEW_LABELS
from sousei.report.evaluation import evaluation_table, rollup_lines
from sousei.report.formats import table_csv, table_json, tables_xlsx, text_cell
from sousei.store import evaluation as stored
from sousei.store import notes as pdca
from sousei.store.evaluation import Evaluation
from sousei.store.notes import Subject
from sousei.store.observations import ReviewAction

from .common import StrategyKey, User, actor, database, fail, out
from .parse import write_output
from .store import NATIONAL


class Step(StrEnum):
    submit = "submit"
    approve = "approve"
    return_ = "return"


class Format(StrEnum):
    text = "text"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def evaluate(
    year: Annotated[int, typer.Option(help="評価する年（度）。")],
    key: StrategyKey = NATIONAL,
    rule_set: Annotated[
        str | None,
        typer.Option(help=f"評価基準（{', '.join(available_rule_sets())} またはファイル）。"),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="出力形式。")] = Format.text,
    output: Annotated[Path | None, typer.Option(help="出力先ファイル。")] = None,
    freeze: Annotated[
        bool, typer.Option("--freeze", help="この評価を確定版として保存する。")
    ] = False,
    all_figures: Annotated[
        bool, typer.Option("--all-figures", help="審査中の実績値も使う（既定は承認済みのみ）。")
    ] = False,
    user: User = None,
) -> None:
    """各 KPI のその年の評価（状態・理由）と、領域・アウトカム・インパクトへの集計。"""
    try:
        with database() as session:
            result = stored.evaluate_strategy(
                session, key=key, year=year, rule_set=rule_set, approved_only=not all_figures
            )
            snapshot = (
                stored.freeze(session, evaluation=result, actor=actor(user)) if freeze else None
            )
    except RuleSetError as error:
        fail(str(error))
    _emit(result, fmt, output)
    if snapshot is not None:
        out().print(f"確定版 {snapshot.id} として保存しました（{year}年、{result.rules.name}）。")


def _emit(result: Evaluation, fmt: Format, output: Path | None) -> None:
    table = evaluation_table(result.results, result.model)
    if fmt is Format.xlsx:
        if output is None:
            fail("xlsx 形式には --output でファイル名を指定してください。")
        write_output(output, tables_xlsx([table]))
    elif fmt is Format.csv:
        write_output(output, table_csv(table).data)
    elif fmt is Format.json:
        write_output(output, table_json(table).encode("utf-8"))
    else:
        shown = Table("KPI", "状態", "実績", "期待値", "目標", "理由")
        for row in table.rows:
            values = dict(zip(table.columns, row, strict=True))
            shown.add_row(
                str(values["kpi_id"]),
                str(values["label"]),
                text_cell(values["actual"]),
                text_cell(values["expected"]),
                text_cell(values["target"]),
                str(values["explanation"]),
            )
        console = out()
        console.print(
            f"{result.year}年（度）の評価 — {result.rules.name}（改訂版 {result.revision}）"
        )
        console.print(shown)
        for line in rollup_lines(result.rollup, result.rules):
            console.print(line, markup=False)


snapshots = typer.Typer(help="評価の確定版。", no_args_is_help=True)


@snapshots.command("list")
def list_snapshots(key: StrategyKey = NATIONAL) -> None:
    """確定版の一覧。"""
    with database() as session:
        rows = stored.snapshots(session, key=key)
        table = Table("ID", "年", "評価基準", "算定式", "確定者", "確定日時")
        for row in rows:
            table.add_row(
                str(row.id),
                str(row.year),
                row.rule_set,
                row.formula_version,
                row.frozen_by,
                f"{row.frozen_at:%Y-%m-%d %H:%M}",
            )
    out().print(table)


@snapshots.command("diff")
def diff_snapshots(
    old: Annotated[int, typer.Argument(help="比較元の確定版 ID。")],
    new: Annotated[int, typer.Argument(help="比較先の確定版 ID。")],
) -> None:
    """二つの確定版の間で評価が変わった KPI と、その理由（新しい実績値・訂正・目標・基準）。"""
    with database() as session:
        movements = compare_snapshots(stored.snapshot(session, old), stored.snapshot(session, new))
    out().print(render_movements(movements), markup=False)


notes = typer.Typer(help="PDCA の記録（要因分析・今後の方向性）。", no_args_is_help=True)


@notes.command("add")
def add_note(
    subject_id: Annotated[str, typer.Argument(help="KPI の ID または施策のパス（例: a/1/2）。")],
    year: Annotated[int, typer.Option(help="対象の年（度）。")],
    analysis: Annotated[str | None, typer.Option(help="要因分析。")] = None,
    next_steps: Annotated[str | None, typer.Option(help="今後の方向性。")] = None,
    key: StrategyKey = NATIONAL,
    user: User = None,
) -> None:
    """KPI または施策の要因分析・今後の方向性を記入する（前の記入は残る）。"""
    subject: Subject = "kpi" if subject_id.startswith(f"{key}/") else "measure"
    with database() as session:
        row = pdca.write(
            session,
            key=key,
            year=year,
            subject=subject,
            subject_id=subject_id,
            analysis=analysis,
            next_steps=next_steps,
            actor=actor(user),
        )
    out().print(f"記録 {row.id} を保存しました（{row.year}年、{row.subject_id}）。")


@notes.command("list")
def list_notes(
    year: Annotated[int, typer.Option(help="対象の年（度）。")],
    key: StrategyKey = NATIONAL,
) -> None:
    """その年の PDCA の記録（最新の記入）。"""
    with database() as session:
        rows = pdca.current(session, key=key, year=year)
        table = Table("ID", "対象", "要因分析", "今後の方向性", "審査", "記入者")
        for row in rows:
            table.add_row(
                str(row.id),
                row.subject_id,
                row.analysis or "",
                row.next_steps or "",
                row.review_state,
                row.entered_by,
            )
    out().print(table)


@notes.command("review")
def review_note(
    note_id: Annotated[int, typer.Argument(help="記録の ID。")],
    action: Annotated[
        Step, typer.Option(help="submit（提出）/ approve（承認）/ return（差戻し）。")
    ],
    reason: Annotated[str | None, typer.Option(help="差戻しの理由。")] = None,
    user: User = None,
) -> None:
    """PDCA の記録を提出・承認・差戻しする。"""
    with database() as session:
        step: ReviewAction = action.value
        row = pdca.review(session, note_id=note_id, action=step, actor=actor(user), reason=reason)
    out().print(f"記録 {row.id}: {REVIEW_LABELS[row.review_state]}")
