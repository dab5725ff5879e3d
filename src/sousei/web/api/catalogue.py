"""The reads the API needs that the store's services do not offer: a page of strategies, and one
KPI found by its id without knowing its strategy. Each is a few indexed queries, whatever the
size of the database (1,789 strategies and 178,855 KPIs at national scale)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.model.actuals import KpiReference
from sousei.store import kpis
from sousei.store.errors import NotFoundError
from sousei.store.tables import (
    KpiReferenceRow,
    KpiRow,
    KpiVersionRow,
    RevisionRow,
    StrategyRow,
)


@dataclass(frozen=True)
class StrategyLine:
    """A strategy with its newest revision and that revision's KPI count."""

    strategy: StrategyRow
    revision: RevisionRow
    kpis: int


def strategy_page(
    session: Session,
    *,
    limit: int,
    offset: int,
    family: str | None = None,
    lgcode: str | None = None,
) -> tuple[int, list[StrategyLine]]:
    """The total count and one page of strategies (by key), each with its newest revision."""
    query = select(StrategyRow)
    if family:
        query = query.where(StrategyRow.family == family)
    if lgcode:
        query = query.where(StrategyRow.lgcode == lgcode)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(StrategyRow.key).limit(limit).offset(offset)).all()
    if not rows:
        return total, []
    newest = _newest_revisions(session, [row.id for row in rows])
    counts = dict(
        session.execute(
            select(KpiVersionRow.revision_id, func.count())
            .where(KpiVersionRow.revision_id.in_([r.id for r in newest.values()]))
            .group_by(KpiVersionRow.revision_id)
        ).all()
    )
    return total, [
        StrategyLine(row, newest[row.id], counts.get(newest[row.id].id, 0))
        for row in rows
        if row.id in newest
    ]


def _newest_revisions(session: Session, strategy_ids: Sequence[int]) -> dict[int, RevisionRow]:
    numbers = (
        select(RevisionRow.strategy_id, func.max(RevisionRow.number).label("number"))
        .where(RevisionRow.strategy_id.in_(strategy_ids))
        .group_by(RevisionRow.strategy_id)
        .subquery()
    )
    query = select(RevisionRow).join(
        numbers,
        (RevisionRow.strategy_id == numbers.c.strategy_id)
        & (RevisionRow.number == numbers.c.number),
    )
    return {row.strategy_id: row for row in session.scalars(query)}


def revision_count(session: Session, *, strategy_id: int) -> int:
    query = select(func.count()).where(RevisionRow.strategy_id == strategy_id)
    return session.scalar(query) or 0


@dataclass(frozen=True)
class KpiFound:
    """A KPI as the newest revision that states it has it, with its strategy and reference."""

    strategy: str
    revision: int
    version: KpiVersionRow
    reference: KpiReference


def strategy_of(session: Session, kpi_id: str) -> str:
    """The key of the strategy a KPI belongs to (NotFoundError for an unknown id)."""
    key = session.scalar(
        select(StrategyRow.key)
        .join(KpiRow, KpiRow.strategy_id == StrategyRow.id)
        .where(KpiRow.id == kpi_id)
    )
    if key is None:
        raise NotFoundError(f"KPI「{kpi_id}」はありません。")
    return key


def kpi(session: Session, kpi_id: str) -> KpiFound:
    """A KPI by its stable id, as the newest revision that states it (one indexed query)."""
    query = (
        select(KpiVersionRow, RevisionRow.number, StrategyRow.key, KpiReferenceRow)
        .join(RevisionRow, RevisionRow.id == KpiVersionRow.revision_id)
        .join(StrategyRow, StrategyRow.id == RevisionRow.strategy_id)
        .outerjoin(KpiReferenceRow, KpiReferenceRow.kpi_id == KpiVersionRow.kpi_id)
        .where(KpiVersionRow.kpi_id == kpi_id)
        .order_by(RevisionRow.number.desc())
        .limit(1)
    )
    found = session.execute(query).first()
    if found is None:
        raise NotFoundError(f"KPI「{kpi_id}」はありません。")
    version, number, key, reference = found
    return KpiFound(key, number, version, kpis.reference_of(reference))
