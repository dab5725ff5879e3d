"""The web app and its accounts: `serve`, `user add/list/set/token`."""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import typer

from sousei.store import accounts

from .common import User, actor, database, fail, out

users = typer.Typer(help="Web アプリの利用者（管理者・入力担当・閲覧者）。", no_args_is_help=True)

Role = Annotated[
    str, typer.Option("--role", help="admin（管理者）・editor（入力担当）・viewer（閲覧者）。")
]
Organisation = Annotated[
    str | None,
    typer.Option(
        "--organisation", help="所属（府省庁・自治体）。入力担当はその KPI を入力できます。"
    ),
]


def serve(
    host: Annotated[str, typer.Option(help="待ち受けるアドレス。")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="待ち受けるポート。")] = 8000,
    workers: Annotated[int, typer.Option(help="ワーカープロセス数。")] = 1,
) -> None:
    """Web アプリを起動する（既定 http://127.0.0.1:8000、データベースは SOUSEI_DATABASE_URL）。"""
    import uvicorn

    from sousei.web.app import NotInitialisedError, create_app

    try:
        create_app()  # fail here, with a message, rather than in each worker
    except NotInitialisedError as error:
        fail(str(error))
    out().print(f"sousei: http://{host}:{port}/ （終了は Ctrl+C）")
    uvicorn.run(
        "sousei.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


def _password(given: str | None) -> str:
    if given is not None:
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("パスワード", hide_input=True, confirmation_prompt=True))


@users.command("add")
def add(
    username: Annotated[str, typer.Argument(help="利用者名（サインインに使う）。")],
    role: Role = "viewer",
    organisation: Organisation = None,
    display_name: Annotated[str | None, typer.Option("--name", help="表示名。")] = None,
    password: Annotated[
        str | None,
        typer.Option(help="パスワード（省略時は入力を求めます。パイプで渡すこともできます）。"),
    ] = None,
    generate: Annotated[
        bool, typer.Option("--generate", help="パスワードを生成して表示する。")
    ] = False,
    user: User = None,
) -> None:
    """利用者を追加する。"""
    secret = secrets.token_urlsafe(12) if generate else _password(password)
    with database() as session:
        accounts.create_user(
            session,
            username=username,
            password=secret,
            role=role,
            actor=actor(user),
            display_name=display_name,
            organisation=organisation,
        )
    out().print(f"利用者「{username}」（{accounts.ROLE_LABELS[role]}）を追加しました。")
    if generate:
        out().print(f"パスワード: {secret}（この一度だけ表示します）")


@users.command("list")
def list_users() -> None:
    """利用者の一覧。"""
    with database() as session:
        for row in accounts.users(session):
            state = "" if row.active else "（停止中）"
            label = accounts.ROLE_LABELS.get(row.role, row.role)
            out().print(f"{row.username}\t{label}\t{row.organisation or '—'}{state}")


@users.command("set")
def set_user(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str | None, typer.Option("--role")] = None,
    organisation: Organisation = None,
    active: Annotated[bool | None, typer.Option("--active/--inactive")] = None,
    reset_password: Annotated[
        bool, typer.Option("--password", help="パスワードを変える。")
    ] = False,
    user: User = None,
) -> None:
    """利用者の役割・所属・状態・パスワードを変える。"""
    password = _password(None) if reset_password else None
    with database() as session:
        accounts.update_user(
            session,
            username=username,
            actor=actor(user),
            role=role,
            organisation=organisation,
            active=active,
            password=password,
        )
    out().print(f"利用者「{username}」を更新しました。")


@users.command("token")
def token(
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option(help="トークンの用途。")] = "api",
    user: User = None,
) -> None:
    """API トークンを発行する（書き込みの API に使う。この一度だけ表示）。"""
    with database() as session:
        value = accounts.create_token(session, username=username, name=name, actor=actor(user))
    out().print(value)
