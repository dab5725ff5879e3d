"""The API's two writes: record a figure (submitted for review) and review one.

Permission, validation and conflicts are answered here with the API's status codes: 403 for a
KPI the user may not write, 422 with field errors for a figure that does not fit its KPI, 409
when the store refuses because of the record's state (a locked year, a review step out of
order)."""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm import Session

from sousei.model.actuals import Observation
from sousei.store import accounts, observations, strategies
from sousei.store.errors import NotFoundError, StoreError
from sousei.store.tables import UserRow

from . import catalogue
from .figures import report_of
from .schemas import ObservationIn, ReviewIn


def record_figure(
    session: Session, *, account: UserRow, kpi_id: str, body: ObservationIn
) -> tuple[bool, Observation]:
    """(created, the figure in force): `created` is False when the body repeats it."""
    found = catalogue.kpi(session, kpi_id)
    if not accounts.may_write(session, account=account, kpi_id=kpi_id):
        raise HTTPException(403, f"KPI「{kpi_id}」の実績値を入力する権限がありません。")
    newest = strategies.revision(session, key=found.strategy)
    report = report_of(
        body, kpi_id=kpi_id, version=found.version, span=(newest.first_year, newest.last_year)
    )
    if isinstance(report, list):
        raise RequestValidationError(report)
    try:
        written = observations.record(
            session, report=report, actor=account.username, state="submitted"
        )
    except NotFoundError:
        raise
    except StoreError as error:
        raise HTTPException(409, str(error)) from None
    if written is not None:
        return True, written
    same = next(
        o for o in observations.current(session, kpi_ids=[kpi_id]) if o.period == report.period
    )
    return False, same


def review_figure(
    session: Session, *, account: UserRow, observation_id: int, body: ReviewIn
) -> Observation:
    try:
        [reviewed] = observations.review(
            session,
            observation_ids=[observation_id],
            action=body.action,
            actor=account.username,
            reason=body.reason,
        )
    except NotFoundError:
        raise
    except StoreError as error:
        raise HTTPException(409, str(error)) from None
    return reviewed
