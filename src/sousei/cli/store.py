"""Strategies in the database: `db upgrade`, `init`, `load`, `revisions`, `diff`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sousei.ingest import InputError, bundled_source, parse_file, parse_source
from sousei.model.diff import diff_strategies, render_diff
from sousei.store import bootstrap, search, strategies
from sousei.store.db import default_url, engine_for, upgrade

from .common import EXIT_UNUSABLE, StrategyKey, User, actor, database, fail, out

NATIONAL = bootstrap.NATIONAL


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="データベースの管理。", no_args_is_help=True)
    db.command("upgrade")(db_upgrade)
    db.command("index")(db_index)
    app.add_typer(db, name="db")
    app.command("init")(init)
    app.command("load")(load)
    app.command("revisions")(revisions)
    app.command("diff")(diff)


def db_upgrade() -> None:
    """データベースを最新のスキーマにする（SOUSEI_DATABASE_URL、既定は ./sousei.db）。"""
    engine = engine_for(default_url())
    upgrade(engine)
    engine.dispose()
    out().print(f"スキーマを最新にしました: {default_url()}")


def db_index(
    keys: Annotated[
        list[str] | None,
        typer.Option("--strategy", metavar="KEY", help="この戦略だけ（繰り返し指定できます）。"),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="索引のある戦略も作り直す。")] = False,
) -> None:
    """検索の索引を作る: 一括読込した戦略は、ここで索引に入る（まだ索引のない戦略だけ）。"""
    with database() as session:
        done = search.index_missing(session, keys=keys, rebuild=rebuild)
    out().print(f"検索の索引を作りました（戦略 {done} 件）。")


def init(user: User = None) -> None:
    """初回の準備: スキーマを作り、同梱の国の総合戦略と公表値を読み込む（何度実行しても同じ）。"""
    with database(migrate=True) as session:
        done = bootstrap.initialise(session, actor=actor(user))
        first_admin = bootstrap.first_admin(session, actor=actor(user))
    loaded, figures, references = done.loaded, done.figures, done.references
    state = "読み込みました" if loaded.created else "読み込み済みです"
    out().print(
        f"国の総合戦略（改訂版 {loaded.revision.number}）を{state}。"
        f"公表値: 新規 {figures.observations} 件、関連統計 {figures.series} 件、"
        f"KPI の参照情報: 新規 {references} 件。"
    )
    if first_admin is not None:
        out().print(
            f"Web アプリの管理者「{bootstrap.FIRST_ADMIN}」を作りました。"
            f"初期パスワード: {first_admin}（この一度だけ表示します。"
            f"`sousei user set {bootstrap.FIRST_ADMIN} --password` で変えられます）"
        )


def load(
    file: Annotated[
        Path | None, typer.Argument(help="戦略文書。省略時は同梱の国の総合戦略。")
    ] = None,
    key: StrategyKey = NATIONAL,
    label: Annotated[str | None, typer.Option(help="改訂版の名前（例: 2026年改訂）。")] = None,
    user: User = None,
) -> None:
    """戦略文書を新しい改訂版として読み込む（前の改訂版は残り、KPI の ID は引き継がれる）。"""
    try:
        model = parse_file(file) if file else parse_source(bundled_source())
    except InputError as error:
        fail(str(error), EXIT_UNUSABLE)
    with database(migrate=True) as session:
        loaded = strategies.load_strategy(
            session, strategy=model, key=key, actor=actor(user), label=label
        )
    if loaded.created:
        number = loaded.revision.number
        out().print(f"「{key}」の改訂版 {number} として読み込みました（KPI {len(model.kpis)}）。")
    else:
        out().print(f"同じ内容の改訂版 {loaded.revision.number} が既にあります。変更はありません。")


def revisions(key: StrategyKey = NATIONAL) -> None:
    """戦略の改訂版の一覧。"""
    with database() as session:
        rows = strategies.revisions(session, key=key)
        table = Table("改訂版", "名前", "文書", "読込者", "読込日時")
        for row in rows:
            table.add_row(
                str(row.number),
                row.label,
                row.source_name,
                row.loaded_by,
                f"{row.loaded_at:%Y-%m-%d %H:%M}",
            )
    out().print(table)


def diff(
    old: Annotated[
        int | None, typer.Argument(help="比較元の改訂版（既定: 最新の一つ前）。")
    ] = None,
    new: Annotated[int | None, typer.Argument(help="比較先の改訂版（既定: 最新）。")] = None,
    key: StrategyKey = NATIONAL,
) -> None:
    """二つの改訂版の差分: KPI・施策の追加、削除、文言変更、目標変更。"""
    with database() as session:
        after = strategies.revision(session, key=key, number=new)
        before_number = old if old is not None else after.number - 1
        if before_number < 1:
            fail(f"「{key}」には比較できる前の改訂版がありません。")
        before = strategies.revision(session, key=key, number=before_number)
        changes = diff_strategies(
            strategies.revision_model(before), strategies.revision_model(after)
        )
    out().print(f"改訂版 {before.number} → {after.number}")
    out().print(render_diff(changes), markup=False)
