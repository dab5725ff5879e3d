"""Strategies in the database: `db upgrade`, `init`, `load`, `revisions`, `diff`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from sousei.evaluate import available_rule_sets
from sousei.ingest import InputError, bundled_source, detect_family, parse_source, read_source
from sousei.model.diff import diff_strategies, render_diff
from sousei.registry import InvalidCodeError, LocalGovernment, RegistryError, load_registry
from sousei.store import bootstrap, links, search, strategies
from sousei.store.db import default_url, engine_for, upgrade
from sousei.store.strategies import Loaded

from .common import EXIT_UNUSABLE, StrategyKey, User, actor, database, fail, out

NATIONAL = bootstrap.NATIONAL

LgCode = Annotated[
    str | None,
    typer.Option(
        "--lgcode",
        help="地方版総合戦略の団体コード（全国地方公共団体コード 6 桁）。キーは local/団体コード。",
    ),
]
RuleSetName = Annotated[
    str | None,
    typer.Option(
        "--rule-set",
        help=f"評価基準（{', '.join(available_rule_sets())}）。"
        "既定は国が national、地方版が local-3level（読込済みの戦略はそのまま）。",
    ),
]


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
    key: Annotated[
        str | None, typer.Option("--strategy", help="戦略のキー（既定: national）。")
    ] = None,
    lgcode: LgCode = None,
    rule_set: RuleSetName = None,
    label: Annotated[str | None, typer.Option(help="改訂版の名前（例: 2026年改訂）。")] = None,
    user: User = None,
) -> None:
    """戦略文書を新しい改訂版として読み込む（前の改訂版は残り、KPI の ID は引き継がれる）。

    地方版総合戦略は --lgcode で団体を指定します（キー local/団体コード、評価基準は既定で
    local-3level）。
    """
    try:
        source = read_source(file) if file else bundled_source()
    except InputError as error:
        fail(str(error), EXIT_UNUSABLE)
    family = detect_family(source.text)
    title: str | None = None
    if lgcode is not None:
        government = _government(lgcode)
        if family != "local":
            fail(
                f"{source.name}: 地方版総合戦略ではありません（国の総合戦略の形式です）。",
                EXIT_UNUSABLE,
            )
        local_key = f"local/{government.code}"
        if key is not None and key != local_key:
            fail(
                f"--lgcode {government.code} の戦略のキーは {local_key} です"
                f"（--strategy {key} とは合いません）。"
            )
        key, lgcode, title = local_key, government.code, government.full_name
    elif family == "local":
        fail(
            f"{source.name} は地方版総合戦略です。--lgcode で団体コードを指定してください"
            "（例: --lgcode 011002）。",
            EXIT_UNUSABLE,
        )
    key = key or NATIONAL
    try:
        model = parse_source(source, family=family)
    except InputError as error:
        fail(str(error), EXIT_UNUSABLE)
    with database(migrate=True) as session:
        loaded = strategies.load_strategy(
            session,
            strategy=model,
            key=key,
            actor=actor(user),
            label=label,
            family=family,
            lgcode=lgcode,
            title=title,
            rule_set=rule_set,
        )
        stored = strategies.strategy_row(session, key)
        who, rules = stored.title, stored.rule_set
        suggested = _suggest_links(session, key, loaded, actor(user)) if family == "local" else None
    if loaded.created:
        number = loaded.revision.number
        out().print(
            f"「{key}」（{who}）の改訂版 {number} として読み込みました"
            f"（KPI {len(model.kpis)}、評価基準 {rules}）。"
        )
        if suggested is not None:
            out().print(
                f"国の総合戦略との対応の候補を {suggested} 件作りました"
                f"（sousei links list --strategy {key}）。"
            )
    else:
        out().print(f"同じ内容の改訂版 {loaded.revision.number} が既にあります。変更はありません。")


def _suggest_links(session: Session, key: str, loaded: Loaded, user: str) -> int | None:
    """A new revision of a local strategy gets its suggested links, when the national strategy
    is stored to link to."""
    if not loaded.created or not strategies.is_stored(session, links.NATIONAL):
        return None
    return links.suggest_links(session, key=key, actor=user)


def _government(code: str) -> LocalGovernment:
    """The registry's government of a code; a wrong code or check digit ends the command."""
    try:
        return load_registry().get(code)
    except (InvalidCodeError, RegistryError) as error:
        fail(str(error), EXIT_UNUSABLE)


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
