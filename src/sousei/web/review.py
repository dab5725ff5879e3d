"""The review queue: which figures and notes wait for a decision, and who may decide.

Who reviews what (four-eyes):

* an admin reviews everything, their own entries included — a small office may have a single
  admin, and every decision is audited under their name;
* an editor reviews the figures and notes of the KPIs they may write (their organisation's or
  assigned to them), but never what they entered themselves: someone else must approve it;
* notes on a 施策 (not tied to one KPI) are reviewed by admins.

Everything is read for one strategy, in a few indexed queries, and the lists are capped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from sousei.model.actuals import Observation
from sousei.store import accounts, kpis, observations, strategies
from sousei.store.clock import aware
from sousei.store.errors import NotFoundError
from sousei.store.tables import (
    KpiRow,
    ObservationRow,
    PdcaNoteRow,
    ReviewEventRow,
    UserRow,
)

from .i18n import gettext as _

LISTED = 500
"""Items listed per table; a queue this long is worked through page by page of decisions."""
RECENT = 20
_JST = timezone(timedelta(hours=9))


def local_time(moment: datetime) -> str:
    """A stored (UTC) moment as Japan's clock shows it: 2026-01-21 09:30."""
    return aware(moment).astimezone(_JST).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class FigureItem:
    """審査待ちの実績値 — a figure in the queue, the figure it would replace, and the KPI."""

    observation: Observation
    indicator: str
    previous: Observation | None


@dataclass(frozen=True)
class NoteItem:
    """審査待ちの記録 — a 要因分析・今後の方向性 note in the queue."""

    note: PdcaNoteRow
    subject: str


@dataclass(frozen=True)
class Decision:
    """A recent review decision: the step, who took it, when, on which figure."""

    action: str
    actor: str
    at: datetime
    reason: str | None
    observation: Observation
    indicator: str


@dataclass(frozen=True)
class Queue:
    """What a user sees on the review page: what they may decide, and their own items."""

    figures: list[FigureItem]
    notes: list[NoteItem]
    own_figures: list[FigureItem]
    own_notes: list[NoteItem]
    recent: list[Decision]


def refusal(
    session: Session, *, account: UserRow, kpi_id: str | None, entered_by: str
) -> str | None:
    """Why `account` may not review an item of `kpi_id` (None: a 施策's note), or None."""
    if account.role == "admin":
        return None
    if account.role != "editor":
        return _("審査には入力担当者か管理者の権限が必要です。")
    if entered_by == account.username:
        return _("自分が入力したものは審査できません（ほかの担当者か管理者が審査します）。")
    if kpi_id is None or not accounts.may_write(session, account=account, kpi_id=kpi_id):
        return _("この KPI の審査の権限がありません。")
    return None


def queue(session: Session, *, account: UserRow, key: str) -> Queue:
    """The review page of `account` for the strategy `key`."""
    names = {e.kpi_id: e.indicator for e in kpis.catalogue(session, key=key)}
    writable = accounts.writable_kpis(session, account=account)
    figures = _waiting_figures(session, key, writable, names)
    notes = _waiting_notes(session, key, writable, names)
    mine = account.username

    def decidable(entered_by: str, kpi_id: str | None) -> bool:
        if account.role == "admin":
            return True
        return entered_by != mine and kpi_id is not None

    return Queue(
        figures=[f for f in figures if decidable(f.observation.entered_by, f.observation.kpi_id)],
        notes=[n for n in notes if decidable(n.note.entered_by, _kpi_of(n.note))],
        own_figures=_own_figures(session, key, mine, names) if account.role != "admin" else [],
        own_notes=[n for n in notes if n.note.entered_by == mine]
        if account.role != "admin"
        else [],
        recent=recent_decisions(session, key=key, names=names, writable=writable),
    )


def _kpi_of(note: PdcaNoteRow) -> str | None:
    return note.subject_id if note.subject == "kpi" else None


def _current_figures(states: Sequence[str]) -> Select[ObservationRow]:
    """Figures in force in the given review states, with their KPI joined (a query)."""
    newer = aliased(ObservationRow)
    superseded = select(newer.id).where(newer.supersedes_id == ObservationRow.id).exists()
    return (
        select(ObservationRow)
        .join(KpiRow, KpiRow.id == ObservationRow.kpi_id)
        .where(ObservationRow.review_state.in_(states), ~superseded)
        .order_by(ObservationRow.id)
    )


def _waiting_figures(
    session: Session, key: str, writable: set[str] | None, names: dict[str, str]
) -> list[FigureItem]:
    strategy = strategies.strategy_row(session, key)
    query = _current_figures(["submitted"]).where(KpiRow.strategy_id == strategy.id)
    if writable is not None:
        query = query.where(ObservationRow.kpi_id.in_(sorted(writable)))
    rows = [observations.to_observation(r) for r in session.scalars(query.limit(LISTED))]
    return _with_previous(session, rows, names)


def _own_figures(
    session: Session, key: str, username: str, names: dict[str, str]
) -> list[FigureItem]:
    strategy = strategies.strategy_row(session, key)
    query = _current_figures(["draft", "submitted", "returned"]).where(
        KpiRow.strategy_id == strategy.id, ObservationRow.entered_by == username
    )
    rows = [observations.to_observation(r) for r in session.scalars(query.limit(LISTED))]
    return _with_previous(session, rows, names)


def _with_previous(
    session: Session, rows: list[Observation], names: dict[str, str]
) -> list[FigureItem]:
    ids = [r.supersedes for r in rows if r.supersedes is not None]
    previous = (
        {
            row.id: observations.to_observation(row)
            for row in session.scalars(select(ObservationRow).where(ObservationRow.id.in_(ids)))
        }
        if ids
        else {}
    )
    return [
        FigureItem(r, names.get(r.kpi_id, r.kpi_id), previous.get(r.supersedes or 0)) for r in rows
    ]


def _waiting_notes(
    session: Session, key: str, writable: set[str] | None, names: dict[str, str]
) -> list[NoteItem]:
    strategy = strategies.strategy_row(session, key)
    newer = aliased(PdcaNoteRow)
    superseded = select(newer.id).where(newer.supersedes_id == PdcaNoteRow.id).exists()
    query = (
        select(PdcaNoteRow)
        .where(
            PdcaNoteRow.strategy_id == strategy.id,
            PdcaNoteRow.review_state == "submitted",
            ~superseded,
        )
        .order_by(PdcaNoteRow.id)
        .limit(LISTED)
    )
    found = []
    for note in session.scalars(query):
        if writable is not None and _kpi_of(note) not in writable:
            continue
        found.append(NoteItem(note, names.get(note.subject_id, note.subject_id)))
    return found


def recent_decisions(
    session: Session, *, key: str, names: dict[str, str], writable: set[str] | None
) -> list[Decision]:
    """The newest approvals and returns of the strategy's figures (those the user may write)."""
    strategy = strategies.strategy_row(session, key)
    query = (
        select(ReviewEventRow, ObservationRow)
        .join(ObservationRow, ObservationRow.id == ReviewEventRow.observation_id)
        .join(KpiRow, KpiRow.id == ObservationRow.kpi_id)
        .where(KpiRow.strategy_id == strategy.id, ReviewEventRow.action.in_(("approve", "return")))
        .order_by(ReviewEventRow.id.desc())
        .limit(RECENT)
    )
    if writable is not None:
        query = query.where(ObservationRow.kpi_id.in_(sorted(writable)))
    return [
        Decision(
            event.action,
            event.actor,
            aware(event.at),
            event.reason,
            observations.to_observation(row),
            names.get(row.kpi_id, row.kpi_id),
        )
        for event, row in session.execute(query)
    ]


def note(session: Session, note_id: int) -> PdcaNoteRow:
    found = session.get(PdcaNoteRow, note_id)
    if found is None:
        raise NotFoundError(_("記録 %(id)s はありません。") % {"id": note_id})
    return found


def figure_kpis(session: Session, observation_ids: Sequence[int]) -> list[tuple[int, str, str]]:
    """(id, KPI, entered by) of each figure; NotFoundError for an unknown id."""
    return [
        (row.id, row.kpi_id, row.entered_by)
        for row in (observations.get(session, i) for i in observation_ids)
    ]
