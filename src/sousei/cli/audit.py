"""`sousei audit`: the audit trail, newest first."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from sousei.store import audit as trail

from .common import database, fail, out


def audit(
    user: Annotated[str | None, typer.Option("--user", help="操作者で絞り込む。")] = None,
    action: Annotated[str | None, typer.Option(help="操作（前方一致、例: actuals）。")] = None,
    entity: Annotated[str | None, typer.Option(help="対象の ID。")] = None,
    since: Annotated[str | None, typer.Option(help="この日時以降（例: 2026-04-01）。")] = None,
    limit: Annotated[int, typer.Option(help="最大件数。")] = 200,
) -> None:
    """監査記録（誰が・いつ・何を・変更前・変更後）の一覧。"""
    try:
        start = datetime.fromisoformat(since).astimezone() if since else None
    except ValueError:
        fail(f"日時「{since}」を読めません（例: 2026-04-01 または 2026-04-01T09:00）。")
    with database() as session:
        rows = trail.entries(
            session, actor=user, action=action, entity_id=entity, since=start, limit=limit
        )
        table = Table("日時", "操作者", "操作", "対象", "変更前", "変更後")
        for row in rows:
            table.add_row(
                f"{row.at:%Y-%m-%d %H:%M:%S}",
                row.actor,
                row.action,
                f"{row.entity} {row.entity_id}",
                _short(row.before),
                _short(row.after),
            )
    out().print(table)


def _short(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)[:120]
