"""A figure posted to the API, checked against its KPI as an imported row would be: the same
period rules (the strategy's span, not in the future, a 累計 KPI's range), the same unit and
status vocabulary. Problems come back as field errors in FastAPI's 422 shape."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sousei.ingest.actuals.cells import PeriodSpec, status_of, unit_of
from sousei.ingest.actuals.errors import Errors, Problem
from sousei.ingest.actuals.kpis import KpiFacts
from sousei.ingest.actuals.periods import Periods
from sousei.ja import unit_dimension
from sousei.ja.numbers import tidy_decimal
from sousei.model.actuals import Report, Source
from sousei.store.tables import KpiVersionRow

from .schemas import ObservationIn

JST = timezone(timedelta(hours=9))
FieldError = dict[str, Any]


def today_in_japan() -> date:
    return datetime.now(UTC).astimezone(JST).date()


def _error(where: tuple[str, ...], message: str, value: object) -> FieldError:
    return {"loc": ("body", *where), "msg": message, "type": "value_error", "input": value}


def report_of(
    body: ObservationIn,
    *,
    kpi_id: str,
    version: KpiVersionRow,
    span: tuple[int | None, int | None],
    today: date | None = None,
) -> Report | list[FieldError]:
    """The report to record, or every problem of the body, each naming its field."""
    facts = KpiFacts(
        unit=version.target_unit or "",
        basis=version.year_basis if version.year_basis in ("fiscal", "calendar") else None,  # type: ignore[arg-type]
        cumulative_from=version.period_start if version.cumulative else None,
    )
    problems: list[FieldError] = []
    errors = Errors()
    asked = body.period
    spec = PeriodSpec(asked.start or asked.end, asked.end, asked.basis)
    period = Periods(errors, span=span, today=today or today_in_japan()).read(
        0, "period", str(asked.end), spec, facts, None
    )
    problems += [_error(("period",), e.reason, asked.model_dump()) for e in errors.items]
    unit = _unit(body.unit, facts.unit, problems)
    status = None
    if body.status:
        found = status_of(body.status)
        if isinstance(found, Problem):
            problems.append(_error(("status",), found.reason, body.status))
        else:
            status = found
    if problems or period is None or unit is None:
        return problems
    return Report(
        kpi_id=kpi_id,
        period=period,
        value=tidy_decimal(body.value),
        unit=unit,
        written=body.written or None,
        status=status,
        source=Source(**body.source.model_dump()),
        note=body.note or None,
    )


def _unit(given: str | None, target: str, problems: list[FieldError]) -> str | None:
    """The figure's unit: the one given (a base unit of the KPI's dimension) or the KPI's."""
    if not given:
        if not target:
            message = "この KPI には単位がないため、単位を指定してください"
            problems.append(_error(("unit",), message, given))
            return None
        return target
    found = unit_of(given)
    if isinstance(found, Problem):
        problems.append(_error(("unit",), found.reason, given))
        return None
    if found.scale != 1:
        message = (
            f"単位は基本単位で指定し（「{given}」ではなく「{found.unit}」）、"
            "値もその単位で送ってください"
        )
        problems.append(_error(("unit",), message, given))
        return None
    if target and found.unit != target and unit_dimension(found.unit) != unit_dimension(target):
        message = f"単位「{found.unit}」はこの KPI（{target}）と次元が合いません"
        problems.append(_error(("unit",), message, given))
        return None
    return found.unit
