"""Which rows of an append-only table count: 実績値 and PDCA notes, each corrected by new rows.

A correction names the row it replaces (`supersedes_id`), which may itself be a correction, so
the rows of one figure form a chain. Two views of a chain:

* every row — the newest entry counts, in whatever review state: what an editor works on, and
  what a new entry corrects;
* approved rows only — what the public pages, the evaluation and the report read: a row is
  replaced only by an approved row that supersedes it, directly or through corrections not
  approved (yet). An approved figure stays in force while its correction waits for review or
  after the correction was returned; the correction takes over once it is approved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, inspect, select
from sqlalchemy.orm import aliased

from .tables import ObservationRow, PdcaNoteRow

__all__ = ["Entry", "Scope", "counting", "in_force", "of_kpis", "replaced"]

Chained = type[ObservationRow] | type[PdcaNoteRow]


Scope = Callable[[Any], ColumnElement[bool]]
"""The rows a read is about, as a condition on an alias of the table (a few KPIs' figures, one
strategy's notes for a year): corrections stay within them, so only their chains are walked."""


def of_kpis(kpi_ids: Sequence[str]) -> Scope:
    """The figures of these KPIs (a figure's corrections are its own KPI's)."""

    def scope(row: Any) -> ColumnElement[bool]:
        condition: ColumnElement[bool] = row.kpi_id.in_(kpi_ids)
        return condition

    return scope


def replaced(
    table: Chained, *, scope: Scope | None = None, as_of: datetime | None = None
) -> Select[Any]:
    """The ids of the rows an approved row replaces, directly or through corrections not
    approved (yet), among the rows entered by `as_of` (if given)."""
    newer = aliased(table)
    # Ids are positive: "> 0" is "IS NOT NULL", said so that SQLite finds the few corrections
    # by the supersedes_id index (for IS NOT NULL beside another column it scans the table).
    corrections = select(newer.supersedes_id.label("id")).where(
        newer.supersedes_id > 0, newer.review_state == "approved"
    )
    if scope is not None:
        corrections = corrections.where(scope(newer))
    if as_of is not None:
        corrections = corrections.where(newer.entered_at <= as_of)
    # From each approved correction down its chain: the rows under it no longer count.
    chain = corrections.cte(recursive=True)
    under = aliased(table)
    step = select(under.supersedes_id).join(chain, under.id == chain.c.id)
    chain = chain.union(step.where(under.supersedes_id.is_not(None)))
    return select(chain.c.id)


def in_force(
    row: Any,
    *,
    approved_only: bool,
    as_of: datetime | None = None,
    scope: Scope | None = None,
) -> list[ColumnElement[bool]]:
    """The conditions on `row` (a table's class or an alias of it) for the rows that count;
    `scope` (the read's own condition) bounds the chains walked with approved rows only."""
    table: Chained = inspect(row).mapper.class_
    if approved_only:
        gone = row.id.not_in(replaced(table, scope=scope, as_of=as_of))
        conditions: list[ColumnElement[bool]] = [gone, row.review_state == "approved"]
    else:  # any newer row replaces it: looked up by the supersedes_id index, row by row
        newer = aliased(table)
        later = select(newer.id).where(newer.supersedes_id == row.id)
        if as_of is not None:
            later = later.where(newer.entered_at <= as_of)
        conditions = [~later.exists()]
    if as_of is not None:
        conditions.append(row.entered_at <= as_of)
    return conditions


class Entry(Protocol):
    """A row already read: its id, the id it supersedes, its review state."""

    @property
    def id(self) -> int: ...
    @property
    def supersedes(self) -> int | None: ...
    @property
    def review_state(self) -> str: ...


def counting(entries: Iterable[Entry], *, approved_only: bool) -> set[int]:
    """`in_force` for rows already read, each chain whole (a KPI's history): the ids that
    count, by the same rule."""
    rows = {entry.id: entry for entry in entries}
    eligible = [e for e in rows.values() if e.review_state == "approved" or not approved_only]
    gone: set[int] = set()
    for entry in eligible:
        below = entry.supersedes
        while below is not None and below not in gone:
            gone.add(below)  # with approved rows only, the whole chain under an approved one
            below = rows[below].supersedes if approved_only and below in rows else None
    return {entry.id for entry in eligible if entry.id not in gone}
