"""`sousei actuals import/review/lock` and `sousei template`: reporting and checking figures."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from sousei.ingest.actuals import read_actuals
from sousei.model import format_number
from sousei.model.actuals import REVIEW_LABELS
from sousei.report.plan import render_errors, render_plan
from sousei.report.template import write_template
from sousei.store import kpis, observations, strategies
from sousei.store.observations import ReviewAction

from .common import EXIT_UNUSABLE, StrategyKey, User, actor, database, err, fail, out
from .store import NATIONAL

app = typer.Typer(help="実績値の取込・審査・確定。", no_args_is_help=True)


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV（UTF-8 / BOM 付き / CP932）または XLSX。")],
    apply: Annotated[bool, typer.Option("--apply", help="差分を確認したうえで書き込む。")] = False,
    key: StrategyKey = NATIONAL,
    user: User = None,
) -> None:
    """実績値のファイルを取り込む。まず差分を表示し、--apply で一括して書き込む。"""
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"ファイルを読めません: {file}（{error.strerror}）", EXIT_UNUSABLE)
    with database() as session:
        revision = strategies.revision(session, key=key)
        reading = read_actuals(
            data,
            name=file.name,
            kpis=kpis.catalogue(session, key=key),
            first_year=revision.first_year,
            last_year=revision.last_year,
        )
        if reading.errors:
            err.print(render_errors(reading.errors), markup=False)
            fail(f"{file.name} に誤りがあるため、何も書き込んでいません。", EXIT_UNUSABLE)
        plan = observations.plan_import(session, reports=reading.reports)
        out().print(render_plan(plan), markup=False)
        if apply and plan.writes:
            digest = hashlib.sha256(data).hexdigest()
            observations.apply_import(
                session, plan=plan, actor=actor(user), file_name=file.name, sha256=digest
            )
    if not plan.writes:
        out().print("変更はありません。")
    elif apply:
        out().print(f"{len(plan.writes)} 件を書き込みました（審査待ち）。")
    else:
        out().print("書き込むには --apply を付けて実行してください。")


@app.command("review")
def review(
    approve: Annotated[list[int] | None, typer.Option(help="承認する実績値の ID。")] = None,
    submit: Annotated[list[int] | None, typer.Option(help="提出する実績値の ID。")] = None,
    return_: Annotated[
        list[int] | None, typer.Option("--return", help="差し戻す実績値の ID。")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="差戻しの理由（必須）。")] = None,
    key: StrategyKey = NATIONAL,
    user: User = None,
) -> None:
    """審査: ID を指定して提出・承認・差戻し。指定がなければ審査待ちの一覧を表示する。"""
    steps: list[tuple[ReviewAction, list[int]]] = [
        ("submit", submit or []),
        ("approve", approve or []),
        ("return", return_ or []),
    ]
    with database() as session:
        done = []
        for action, ids in steps:
            if ids:
                done += observations.review(
                    session, observation_ids=ids, action=action, actor=actor(user), reason=reason
                )
        if not done:
            _queue(session, key)
            return
    for figure in done:
        out().print(f"{figure.id}: {REVIEW_LABELS[figure.review_state]}")


def _queue(session: Session, key: str) -> None:
    entries = {e.kpi_id: e for e in kpis.catalogue(session, key=key)}
    pending = [
        o
        for o in observations.current(session, kpi_ids=entries)
        if o.review_state in ("submitted", "returned", "draft")
    ]
    table = Table("ID", "KPI", "期間", "値", "単位", "状態", "審査", "入力者")
    for figure in pending:
        table.add_row(
            str(figure.id),
            entries[figure.kpi_id].indicator,
            figure.period.label(),
            format_number(figure.value),
            figure.unit,
            figure.status or "",
            REVIEW_LABELS[figure.review_state]
            + (f"（{figure.review_reason}）" if figure.review_reason else ""),
            figure.entered_by,
        )
    out().print(table if pending else "審査待ちの実績値はありません。")


@app.command("lock")
def lock(
    year: Annotated[int, typer.Argument(help="確定する年（度）。")],
    key: StrategyKey = NATIONAL,
    user: User = None,
) -> None:
    """その年（度）の実績値を確定（ロック）し、以後の変更を止める。"""
    with database() as session:
        row = strategies.strategy_row(session, key)
        observations.lock_year(session, strategy_id=row.id, year=year, actor=actor(user))
    out().print(f"{year}年（度）を確定しました。")


def template(
    output: Annotated[Path, typer.Option(help="書き出す XLSX ファイル。")] = Path(
        "実績値入力.xlsx"
    ),
    organisation: Annotated[str | None, typer.Option(help="この府省庁の KPI だけにする。")] = None,
    years: Annotated[
        str, typer.Option(help="入力する年（度）の範囲（例: 2024-2026）。")
    ] = "2024-2026",
    key: StrategyKey = NATIONAL,
) -> None:
    """府省庁が実績値を記入して返送する Excel の入力様式を書き出す。"""
    first, _, last = years.partition("-")
    if not (first.isdigit() and (not last or last.isdigit())):
        fail(f"年の範囲「{years}」を読めません（例: 2024-2026）。")
    span = list(range(int(first), int(last or first) + 1))
    with database() as session:
        entries = kpis.catalogue(session, key=key, organisation=organisation)
    if not entries:
        fail(f"所管「{organisation}」の KPI がありません（sousei kpi set で所管を設定します）。")
    try:
        output.write_bytes(write_template(entries, years=span, organisation=organisation))
    except OSError as error:
        fail(f"書き込めません: {output}（{error.strerror}）")
    out().print(f"{output} に KPI {len(entries)} 件の入力様式を書き出しました。")
