"""`sousei load-local DIR`: a folder of local strategy documents, read, checked and loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sousei.ingest import InputError
from sousei.ingest.folder import FolderReading, read_folder
from sousei.store.local_import import LocalLoad, load_documents

from .common import EXIT_UNUSABLE, User, actor, database, err, fail, out
from .store import RuleSetName


def load_local(
    directory: Annotated[
        Path, typer.Argument(help="地方版総合戦略の文書（.md・.txt・.pdf）のフォルダ。")
    ],
    apply: Annotated[
        bool, typer.Option("--apply", help="読み込む（付けなければ確認だけで、何も書き込まない）。")
    ] = False,
    rule_set: RuleSetName = None,
    warnings: Annotated[
        bool, typer.Option("--warnings", help="文書ごとの読み取り警告を行番号つきで表示する。")
    ] = False,
    user: User = None,
) -> None:
    """フォルダの地方版総合戦略をまとめて読み込む（団体コードはファイル名の先頭か 1 行目の
    <!-- lgcode: 団体コード -->）。読めない文書が 1 つでもあれば何も書き込まず終了コード 2
    （全件か 0 件か）。"""
    try:
        reading = read_folder(directory)
    except InputError as error:
        fail(str(error), EXIT_UNUSABLE)
    if not reading.documents:
        fail(f"{directory} に地方版総合戦略の文書（.md・.txt・.pdf）がありません。", EXIT_UNUSABLE)
    stored: LocalLoad | None = None
    if apply and not reading.refused:
        with database(migrate=True) as session:
            stored = load_documents(
                session, documents=reading.accepted, actor=actor(user), rule_set=rule_set
            )
    out().print(_table(reading, stored))
    if warnings:
        _print_warnings(reading)
    _summary(reading, stored, apply)
    if reading.refused:
        raise typer.Exit(EXIT_UNUSABLE)


def _table(reading: FolderReading, stored: LocalLoad | None) -> Table:
    results = {d.document.path: d for d in stored.documents} if stored else {}
    table = Table("ファイル", "団体コード", "団体名", "KPI", "警告", "状態")
    for document in reading.documents:
        model = document.strategy
        result = results.get(document.path)
        if document.refused:
            state = "読み込めません"
        elif result is None:
            state = "読み込めます"
        elif result.created:
            state = f"改訂版 {result.revision} を読込（対応の候補 {result.links} 件）"
        else:
            state = f"変更なし（改訂版 {result.revision}）"
        table.add_row(
            document.path.name,
            document.code or "",
            document.government.full_name if document.government else "",
            str(len(model.kpis)) if model else "",
            str(len(model.warnings)) if model else "",
            state,
        )
    return table


def _print_warnings(reading: FolderReading) -> None:
    for document in reading.accepted:
        assert document.strategy is not None
        for warning in document.strategy.warnings:
            out().print(
                f"{document.path.name}:{warning.line}: {warning.message}"
                + (f"「{warning.excerpt}」" if warning.excerpt else ""),
                markup=False,
            )


def _summary(reading: FolderReading, stored: LocalLoad | None, apply: bool) -> None:
    accepted = reading.accepted
    kpis = sum(len(d.strategy.kpis) for d in accepted if d.strategy)
    warned = sum(len(d.strategy.warnings) for d in accepted if d.strategy)
    out().print(
        f"文書 {len(reading.documents)} 件: 読み込める {len(accepted)} 件（KPI {kpis}、"
        f"読み取り警告 {warned}）、読み込めない {len(reading.refused)} 件。"
    )
    if reading.skipped:
        names = "、".join(p.name for p in reading.skipped[:5])
        more = " ほか" if len(reading.skipped) > 5 else ""
        out().print(f"文書ではないため読み飛ばしたもの {len(reading.skipped)} 件: {names}{more}")
    for document in reading.refused:
        err.print(f"[red]エラー:[/red] {document.path.name}: {document.problem}", highlight=False)
    if reading.refused:
        if apply:
            err.print("読み込めない文書があるため、何も書き込みませんでした（全件か 0 件か）。")
        return
    if stored is None:
        out().print("書き込むには --apply を付けて実行してください。")
        return
    created = [d for d in stored.documents if d.created]
    out().print(
        f"{len(created)} 件を新しい改訂版として読み込みました"
        f"（変更なし {len(stored.documents) - len(created)} 件、"
        f"対応の候補 {sum(d.links for d in created)} 件）。"
    )
    if not stored.linked:
        out().print(
            "国の総合戦略が読み込まれていないため、対応の候補は作りませんでした"
            "（sousei init の後、sousei links suggest --strategy local/団体コード）。"
        )
