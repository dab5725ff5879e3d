"""Actuals (実績値): append-only history, "what we knew on date D", review and year locks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, and_, select, update
from sqlalchemy.orm import Session

from sousei.ja.numbers import tidy_decimal
from sousei.model.actuals import Observation, Period, Report, ReviewState, Source

from . import audit
from .bulk import chunked, collector_paused, insert_rows
from .clock import aware, now
from .errors import NotFoundError, StoreError
from .supersession import in_force, of_kpis
from .tables import Base, ImportBatchRow, KpiRow, ObservationRow, ReviewEventRow, YearLockRow

PeriodKey = tuple[str, int, int, str]  # kpi id, start, end, basis


def to_observation(row: ObservationRow) -> Observation:
    return Observation(
        id=row.id,
        kpi_id=row.kpi_id,
        period=Period(start=row.period_start, end=row.period_end, basis=row.period_basis),  # type: ignore[arg-type]
        value=tidy_decimal(row.value),
        unit=row.unit,
        written=row.written,
        status=row.status,
        source=Source(
            publisher=row.publisher,
            publication=row.publication,
            published=row.published,
            url=row.url,
        ),
        note=row.note,
        entered_by=row.entered_by,
        entered_at=aware(row.entered_at),
        supersedes=row.supersedes_id,
        review_state=row.review_state,  # type: ignore[arg-type]
        review_reason=row.review_reason,
    )


def _key(report: Report) -> PeriodKey:
    return (report.kpi_id, report.period.start, report.period.end, report.period.basis)


def _row_values(report: Report, *, actor: str, at: datetime, state: ReviewState) -> dict[str, Any]:
    return {
        "kpi_id": report.kpi_id,
        "period_start": report.period.start,
        "period_end": report.period.end,
        "period_basis": report.period.basis,
        "value": report.value,
        "unit": report.unit,
        "written": report.written,
        "status": report.status,
        "publisher": report.source.publisher,
        "publication": report.source.publication,
        "published": report.source.published,
        "url": report.source.url,
        "note": report.note,
        "entered_by": actor,
        "entered_at": at,
        "review_state": state,
    }


# -- reading -------------------------------------------------------------------------------


def current(
    session: Session,
    *,
    kpi_ids: Iterable[str] | None = None,
    as_of: datetime | None = None,
    approved_only: bool = False,
) -> list[Observation]:
    """The figures in force (as known on `as_of`): for each KPI and period the newest entry,
    or with `approved_only` the newest approved one (`supersession`)."""

    def query(chunk: Sequence[str] | None) -> Select[Any]:
        scope = None if chunk is None else of_kpis(chunk)
        conditions = in_force(ObservationRow, approved_only=approved_only, as_of=as_of, scope=scope)
        if scope is not None:
            conditions.append(scope(ObservationRow))
        order = (ObservationRow.kpi_id, ObservationRow.period_end)
        return select(ObservationRow).where(*conditions).order_by(*order)

    if kpi_ids is None:
        return [to_observation(row) for row in session.scalars(query(None))]
    return [
        to_observation(row)
        for chunk in chunked(sorted(set(kpi_ids)))
        for row in session.scalars(query(chunk))
    ]


def history(session: Session, *, kpi_id: str) -> list[Observation]:
    """Every figure ever entered for a KPI, oldest first."""
    query = select(ObservationRow).where(ObservationRow.kpi_id == kpi_id)
    return [to_observation(r) for r in session.scalars(query.order_by(ObservationRow.id))]


def get(session: Session, observation_id: int) -> ObservationRow:
    row = session.get(ObservationRow, observation_id)
    if row is None:
        raise NotFoundError(f"実績値 {observation_id} はありません。")
    return row


# -- planning and applying an import ------------------------------------------------------

ChangeKind = Literal["add", "supersede", "identical"]


@dataclass(frozen=True)
class PlannedChange:
    """取込の差分 — what one row would do: add, supersede (with the old figure), or nothing."""

    kind: ChangeKind
    report: Report
    row: int | None = None
    current: Observation | None = None


@dataclass(frozen=True)
class ImportPlan:
    changes: tuple[PlannedChange, ...]
    locked: tuple[PlannedChange, ...] = field(default=())

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def writes(self) -> list[PlannedChange]:
        return [c for c in self.changes if c.kind != "identical"]


def plan_import(session: Session, *, reports: Sequence[tuple[int | None, Report]]) -> ImportPlan:
    """Compare reported figures with those in force: one query, no writes."""
    kpi_ids = {report.kpi_id for _, report in reports}
    known = {_key(o): o for o in current(session, kpi_ids=kpi_ids)}
    changes = []
    for row, report in reports:
        now_in_force = known.get(_key(report))
        if now_in_force is None:
            changes.append(PlannedChange("add", report, row))
        elif now_in_force.same_figure(report):
            changes.append(PlannedChange("identical", report, row, now_in_force))
        else:
            changes.append(PlannedChange("supersede", report, row, now_in_force))
    locked = _locked_years(session, kpi_ids)
    blocked = tuple(c for c in changes if c.kind != "identical" and _is_locked(c, locked))
    return ImportPlan(tuple(changes), blocked)


def _locked_years(session: Session, kpi_ids: set[str]) -> set[tuple[str, int]]:
    """(KPI, year) pairs whose year is locked in the KPI's strategy."""
    query = select(KpiRow.id, YearLockRow.year).join(
        YearLockRow, KpiRow.strategy_id == YearLockRow.strategy_id
    )
    return {
        (kpi_id, year)
        for chunk in chunked(sorted(kpi_ids))
        for kpi_id, year in session.execute(query.where(KpiRow.id.in_(chunk)))
    }


def _is_locked(change: PlannedChange, locked: set[tuple[str, int]]) -> bool:
    return (change.report.kpi_id, change.report.period.end) in locked


def apply_import(
    session: Session,
    *,
    plan: ImportPlan,
    actor: str,
    file_name: str,
    sha256: str,
    state: ReviewState = "submitted",
) -> ImportBatchRow:
    """Write a planned import in the caller's transaction: all rows or, on error, none."""
    if plan.locked:
        years = sorted({c.report.period.end for c in plan.locked})
        raise StoreError(f"確定（ロック）済みの年度の実績値は変更できません: {years}")
    at = now()
    batch = ImportBatchRow(
        file_name=file_name, sha256=sha256, rows=len(plan.changes), applied_by=actor, applied_at=at
    )
    session.add(batch)
    session.flush()
    with collector_paused():
        values = []
        for change in plan.writes:
            row = _row_values(change.report, actor=actor, at=at, state=state)
            row["batch_id"] = batch.id
            row["supersedes_id"] = change.current.id if change.current else None
            values.append(row)
        insert_rows(session, Base.metadata.tables[ObservationRow.__tablename__], values)
    summary = {k: plan.count(k) for k in ("add", "supersede", "identical")}
    audit.record(
        session,
        actor=actor,
        action="actuals.import",
        entity="import_batch",
        entity_id=str(batch.id),
        after={"file": file_name, "sha256": sha256, **summary},
    )
    return batch


def record(
    session: Session, *, report: Report, actor: str, state: ReviewState = "draft"
) -> Observation | None:
    """Enter one figure (a form, a CLI call); None when it repeats the figure in force."""
    plan = plan_import(session, reports=[(None, report)])
    change = plan.changes[0]
    if change.kind == "identical":
        return None
    if plan.locked:
        raise StoreError(f"{report.period.label()} は確定（ロック）済みのため変更できません。")
    values = _row_values(report, actor=actor, at=now(), state=state)
    row = ObservationRow(**values, supersedes_id=change.current.id if change.current else None)
    session.add(row)
    session.flush()
    before = change.current.model_dump(mode="json") if change.current else None
    observation = to_observation(row)
    audit.record(
        session,
        actor=actor,
        action="actuals.enter",
        entity="observation",
        entity_id=str(row.id),
        before=before,
        after=observation.model_dump(mode="json"),
    )
    return observation


# -- review --------------------------------------------------------------------------------

ReviewAction = Literal["submit", "approve", "return"]

_TRANSITIONS: dict[ReviewAction, tuple[set[str], ReviewState]] = {
    "submit": ({"draft", "returned"}, "submitted"),
    "approve": ({"submitted"}, "approved"),
    "return": ({"submitted", "approved"}, "returned"),
}
_STATE_LABELS = {
    "draft": "下書き",
    "submitted": "提出済み",
    "approved": "承認済み",
    "returned": "差戻し",
}
_ACTION_LABELS = {"submit": "提出", "approve": "承認", "return": "差戻し"}


def next_state(what: str, state: str, action: ReviewAction, reason: str | None) -> ReviewState:
    """The state a review step leads to, or a StoreError saying why it may not be taken."""
    allowed, target = _TRANSITIONS[action]
    if state not in allowed:
        raise StoreError(
            f"{what}は「{_STATE_LABELS[state]}」のため{_ACTION_LABELS[action]}できません。"
        )
    if action == "return" and not (reason and reason.strip()):
        raise StoreError("差戻しには理由が必要です。")
    return target


def review(
    session: Session,
    *,
    observation_ids: Sequence[int],
    action: ReviewAction,
    actor: str,
    reason: str | None = None,
) -> list[Observation]:
    """Move figures through draft → submitted → approved, or return them with a reason."""
    rows = [get(session, i) for i in observation_ids]
    for row in rows:
        target = next_state(f"実績値 {row.id} ", row.review_state, action, reason)
        _refuse_locked(session, row)
    at = now()
    for row in rows:
        before = {"review_state": row.review_state, "review_reason": row.review_reason}
        session.execute(
            update(ObservationRow)
            .where(ObservationRow.id == row.id)
            .values(review_state=target, review_reason=reason if action == "return" else None)
        )
        session.add(
            ReviewEventRow(observation_id=row.id, action=action, reason=reason, actor=actor, at=at)
        )
        audit.record(
            session,
            actor=actor,
            action=f"actuals.{action}",
            entity="observation",
            entity_id=str(row.id),
            before=before,
            after={"review_state": target, "review_reason": reason},
        )
    session.flush()
    return [to_observation(session.get(ObservationRow, r.id) or r) for r in rows]


def _refuse_locked(session: Session, row: ObservationRow) -> None:
    kpi = session.get(KpiRow, row.kpi_id)
    lock = kpi and session.get(YearLockRow, (kpi.strategy_id, row.period_end))
    if lock:
        raise StoreError(
            f"{row.period_end}年（度）は確定（ロック）済みのため審査を変更できません。"
        )


def lock_year(session: Session, *, strategy_id: int, year: int, actor: str) -> None:
    """Lock a year: its approved figures may no longer change."""
    pending = session.scalar(
        select(ObservationRow.id)
        .join(KpiRow, KpiRow.id == ObservationRow.kpi_id)
        .where(
            and_(
                KpiRow.strategy_id == strategy_id,
                ObservationRow.period_end == year,
                ObservationRow.review_state == "submitted",
            )
        )
        .limit(1)
    )
    if pending is not None:
        raise StoreError(f"{year}年（度）には審査待ちの実績値があります（例: {pending}）。")
    session.add(YearLockRow(strategy_id=strategy_id, year=year, locked_by=actor, locked_at=now()))
    audit.record(
        session,
        actor=actor,
        action="year.lock",
        entity="year_lock",
        entity_id=f"{strategy_id}:{year}",
        after={"year": year},
    )


# -- bulk writing ---------------------------------------------------------------------------
