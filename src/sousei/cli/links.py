"""`sousei links`: links between a local strategy and the national one — suggest, list, decide."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from sousei.store import links

from .common import User, actor, database, out

app = typer.Typer(
    help="地方版総合戦略と国の総合戦略の対応（基本目標 → アウトカム A–E、KPI → 国の KPI）。",
    no_args_is_help=True,
)

LocalKey = Annotated[
    str, typer.Option("--strategy", help="地方版総合戦略のキー（例: local/011002）。")
]
LinkId = Annotated[int, typer.Argument(help="対応の ID（sousei links list で表示）。")]

KIND_LABELS = {"outcome": "基本目標", "kpi": "KPI"}
STATE_LABELS = {"suggested": "候補", "confirmed": "確認済み", "rejected": "却下"}


class State(StrEnum):
    suggested = "suggested"
    confirmed = "confirmed"
    rejected = "rejected"


@app.command("suggest")
def suggest(key: LocalKey, user: User = None) -> None:
    """国の総合戦略との対応の候補を、類似度で求めて保存する（何度実行しても判断は残る）。"""
    with database() as session:
        added = links.suggest_links(session, key=key, actor=actor(user))
        counts = Counter(row.state for row in links.links_of(session, key=key))
    out().print(
        f"「{key}」の対応の候補を {added} 件追加しました（全 {sum(counts.values())} 件: "
        + "、".join(f"{STATE_LABELS[s]} {counts[s]}" for s in links.STATES)
        + "）。"
    )


@app.command("list")
def list_links(
    key: LocalKey,
    state: Annotated[State | None, typer.Option(help="状態で絞り込む。")] = None,
) -> None:
    """対応の一覧（ID・地方の基本目標または KPI・国の対応先・類似度・状態）。"""
    with database() as session:
        rows = links.links_of(session, key=key, state=state.value if state else None)
        texts = links.labels(session, rows=rows)
        table = Table("ID", "種類", "地方の項目", "国の対応先", "類似度", "状態", "判断者")
        for row in rows:
            table.add_row(
                str(row.id),
                KIND_LABELS.get(row.subject_kind, row.subject_kind),
                texts[row.id].subject,
                texts[row.id].target,
                f"{row.score:.2f}",
                STATE_LABELS.get(row.state, row.state),
                row.decided_by or "",
            )
    out().print(table)


@app.command("confirm")
def confirm(link_id: LinkId, user: User = None) -> None:
    """対応を確認する（監査記録に残る）。"""
    _decide(link_id, confirm=True, user=user)


@app.command("reject")
def reject(link_id: LinkId, user: User = None) -> None:
    """対応を却下する（監査記録に残る）。"""
    _decide(link_id, confirm=False, user=user)


def _decide(link_id: int, *, confirm: bool, user: str | None) -> None:
    with database() as session:
        row = links.decide(session, link_id=link_id, confirm=confirm, actor=actor(user))
        text = links.labels(session, rows=[row])[row.id]
        state = STATE_LABELS[row.state]
    out().print(f"対応 {link_id}（{text.subject} → {text.target}）: {state}")
