"""The audit trail: every write is one row — who, when, what, before and after."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .clock import now
from .tables import AuditRow


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRow:
    row = AuditRow(
        at=now(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    session.add(row)
    return row


def entries(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> Sequence[AuditRow]:
    """Newest first, filtered by any of actor, action (prefix), entity id, time."""
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if actor:
        query = query.where(AuditRow.actor == actor)
    if action:
        query = query.where(AuditRow.action.startswith(action))
    if entity_id:
        query = query.where(AuditRow.entity_id == entity_id)
    if since:
        query = query.where(AuditRow.at >= since)
    return session.scalars(query).all()
