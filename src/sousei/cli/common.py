"""What every command shares: consoles, failing with a message, the database boundary."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sousei.ingest import InputError
from sousei.store.db import default_url, engine_for, is_current, transaction, upgrade
from sousei.store.errors import StoreError

err = Console(stderr=True, soft_wrap=True, highlight=False)
EXIT_UNUSABLE = 2  # nothing usable was found in the input

User = Annotated[
    str | None, typer.Option("--user", help="操作者名（監査記録に残ります）。既定は SOUSEI_USER。")
]
StrategyKey = Annotated[str, typer.Option("--strategy", help="戦略のキー。")]


def out() -> Console:
    """Standard output: a terminal's width, else unlimited (piped lines are data)."""
    return Console(width=None if sys.stdout.isatty() else 1000, highlight=False)


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[red]エラー:[/red] {message}")
    raise typer.Exit(code)


def actor(user: str | None) -> str:
    return user or os.environ.get("SOUSEI_USER") or getpass.getuser()


@contextmanager
def database(*, migrate: bool = False) -> Iterator[Session]:
    """One transaction on the configured database; store and input errors become messages."""
    engine = engine_for(default_url())
    try:
        if migrate:
            upgrade(engine)
        elif not is_current(engine):
            fail("データベースが初期化されていません。`sousei init` を実行してください。")
        with transaction(engine) as session:
            yield session
    except (StoreError, InputError) as error:
        fail(str(error))
    except OperationalError as error:
        fail(f"データベースに接続できません（{default_url()}）: {error.orig}")
    finally:
        engine.dispose()
