"""Published figures shipped with sousei: real actuals a new user sees on first run.

Each row of `data/published-actuals.csv` names its publisher, publication and date. Rows whose
indicator is a KPI of the strategy become approved observations; the others (components and
comparison regions of a KPI) are kept as related series.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.model.actuals import KpiReference, Period, Report, Source

from . import audit, kpis, observations
from .clock import now
from .tables import SeriesValueRow

PUBLISHED = "published-actuals.csv"
REFERENCES = "kpi-references.csv"


@dataclass(frozen=True)
class PublishedLoad:
    observations: int
    series: int


def published_rows(name: str = PUBLISHED) -> list[dict[str, str]]:
    text = files("sousei").joinpath("data", name).read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def load_references(session: Session, *, key: str, actor: str) -> int:
    """Set the shipped reference data (所管・出典・基準値) of KPIs that have none yet.

    A user's own settings always win: a KPI that already has reference data is left alone.
    """
    entries = {e.indicator: e for e in kpis.catalogue(session, key=key)}
    count = 0
    for row in published_rows(REFERENCES):
        entry = entries.get(row.pop("indicator"))
        if entry is None or entry.reference != KpiReference():
            continue
        changes = {name: value for name, value in row.items() if value}
        kpis.set_reference(session, kpi_id=entry.kpi_id, changes=changes, actor=actor)
        count += 1
    return count


def load_published(session: Session, *, key: str, actor: str) -> PublishedLoad:
    """Load the shipped figures; loading them again changes nothing."""
    entries = kpis.catalogue(session, key=key)
    by_indicator = {e.indicator: e for e in entries}
    reports: list[tuple[int | None, Report]] = []
    series = 0
    for line, row in enumerate(published_rows(), start=2):
        entry = by_indicator.get(row["indicator"])
        if entry is None:
            series += _add_series(session, row, actor=actor)
        else:
            reports.append((line, _report(row, kpi_id=entry.kpi_id)))
    plan = observations.plan_import(session, reports=reports)
    if plan.writes:
        observations.apply_import(
            session, plan=plan, actor=actor, file_name=PUBLISHED, sha256="", state="approved"
        )
    return PublishedLoad(observations=len(plan.writes), series=series)


def _period(row: dict[str, str]) -> Period:
    year = int(row["period"])
    return Period(start=year, end=year, basis=row["period_basis"])  # type: ignore[arg-type]


def _report(row: dict[str, str], *, kpi_id: str) -> Report:
    return Report(
        kpi_id=kpi_id,
        period=_period(row),
        value=Decimal(row["value"]),
        unit=row["unit"],
        status=row["status"] or None,
        source=Source(
            publisher=row["publisher"] or None,
            publication=row["reference"] or None,
            published=row["published"] or None,
        ),
    )


def _add_series(session: Session, row: dict[str, str], *, actor: str) -> int:
    period = _period(row)
    exists = session.scalar(
        select(SeriesValueRow.id).where(
            SeriesValueRow.name == row["indicator"],
            SeriesValueRow.period_start == period.start,
            SeriesValueRow.period_end == period.end,
            SeriesValueRow.period_basis == period.basis,
        )
    )
    if exists is not None:
        return 0
    value = SeriesValueRow(
        name=row["indicator"],
        period_start=period.start,
        period_end=period.end,
        period_basis=period.basis,
        value=Decimal(row["value"]),
        unit=row["unit"],
        status=row["status"] or None,
        publisher=row["publisher"] or None,
        publication=row["reference"] or None,
        published=row["published"] or None,
        entered_by=actor,
        entered_at=now(),
    )
    session.add(value)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="series.add",
        entity="series_value",
        entity_id=str(value.id),
        after={"name": value.name, "period": period.label(), "value": row["value"]},
    )
    return 1
