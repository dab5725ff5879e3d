"""PDCA notes: 要因分析 (why) and 今後の方向性 (what next) per KPI or 施策 and year.

Entered and reviewed like figures: a new text supersedes the earlier one, never overwrites it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.orm import Session

from . import audit, strategies
from .clock import now
from .errors import NotFoundError, StoreError
from .observations import ReviewAction, next_state
from .supersession import in_force
from .tables import PdcaNoteRow

Subject = Literal["kpi", "measure"]


def write(
    session: Session,
    *,
    key: str,
    year: int,
    subject: Subject,
    subject_id: str,
    analysis: str | None,
    next_steps: str | None,
    actor: str,
) -> PdcaNoteRow:
    """Enter the notes of a KPI or 施策 for a year; an earlier text is superseded, not lost."""
    if not (analysis or next_steps):
        raise StoreError("要因分析か今後の方向性のどちらかを入力してください。")
    strategy = strategies.strategy_row(session, key)
    previous = _current(session, strategy.id, year, subject_id)
    row = PdcaNoteRow(
        strategy_id=strategy.id,
        year=year,
        subject=subject,
        subject_id=subject_id,
        analysis=analysis if analysis is not None else (previous and previous.analysis),
        next_steps=next_steps if next_steps is not None else (previous and previous.next_steps),
        entered_by=actor,
        entered_at=now(),
        supersedes_id=previous.id if previous else None,
        review_state="draft",
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="notes.enter",
        entity="pdca_note",
        entity_id=str(row.id),
        before=_plain(previous) if previous else None,
        after=_plain(row),
    )
    return row


def current(
    session: Session, *, key: str, year: int, approved_only: bool = False
) -> Sequence[PdcaNoteRow]:
    """The notes in force for a year: the newest text of each KPI or 施策, or with
    `approved_only` the newest approved one (`supersession`)."""
    strategy = strategies.strategy_row(session, key)

    def scope(note: Any) -> ColumnElement[bool]:
        return and_(note.strategy_id == strategy.id, note.year == year)

    in_scope = in_force(PdcaNoteRow, approved_only=approved_only, scope=scope)
    query = select(PdcaNoteRow).where(scope(PdcaNoteRow), *in_scope)
    return session.scalars(query.order_by(PdcaNoteRow.subject, PdcaNoteRow.subject_id)).all()


def _current(session: Session, strategy_id: int, year: int, subject_id: str) -> PdcaNoteRow | None:
    query = (
        select(PdcaNoteRow)
        .where(
            PdcaNoteRow.strategy_id == strategy_id,
            PdcaNoteRow.year == year,
            PdcaNoteRow.subject_id == subject_id,
        )
        .order_by(PdcaNoteRow.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def review(
    session: Session, *, note_id: int, action: ReviewAction, actor: str, reason: str | None = None
) -> PdcaNoteRow:
    """The same review steps as figures: submit, approve, or return with a reason."""
    row = session.get(PdcaNoteRow, note_id)
    if row is None:
        raise NotFoundError(f"PDCA の記録 {note_id} はありません。")
    target = next_state(f"記録 {note_id} ", row.review_state, action, reason)
    before = {"review_state": row.review_state, "review_reason": row.review_reason}
    session.execute(
        update(PdcaNoteRow)
        .where(PdcaNoteRow.id == note_id)
        .values(review_state=target, review_reason=reason if action == "return" else None)
    )
    audit.record(
        session,
        actor=actor,
        action=f"notes.{action}",
        entity="pdca_note",
        entity_id=str(note_id),
        before=before,
        after={"review_state": target, "review_reason": reason},
    )
    session.refresh(row)
    return row


def _plain(row: PdcaNoteRow) -> dict[str, object]:
    return {"subject_id": row.subject_id, "analysis": row.analysis, "next_steps": row.next_steps}
