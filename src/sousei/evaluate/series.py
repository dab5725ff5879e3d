"""Observations as the evaluation reads them: any Report-like object, indexed once per KPI.

`evaluate_kpi` accepts `Report`, `Observation`, or anything with `period` (start, end, basis),
`value` and `unit`. Two figures for the same period (a correction sent as a Report, duplicates
in an import) are resolved by a total order, never by list position, so the result does not
depend on the order the observations are given in: the later `entered_at`, then the higher
`id`, then the larger value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, TypeVar

__all__ = [
    "KeyedObservation",
    "ObservationIndex",
    "ObservationLike",
    "PeriodLike",
    "group_by_kpi",
    "index_by_kpi",
    "index_observations",
]


class PeriodLike(Protocol):
    """What the evaluation needs of a period: its first and last year and its basis."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def basis(self) -> str: ...


class ObservationLike(Protocol):
    """What the evaluation needs of a reported figure (`Report`, `Observation`)."""

    @property
    def period(self) -> PeriodLike: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...


class KeyedObservation(ObservationLike, Protocol):
    """A reported figure that names its KPI, for grouping a whole batch."""

    @property
    def kpi_id(self) -> str: ...


K = TypeVar("K", bound=KeyedObservation)


def group_by_kpi(observations: Iterable[K]) -> dict[str, list[K]]:
    """One pass over all observations: KPI id → its observations (evaluate once per group)."""
    groups: dict[str, list[K]] = defaultdict(list)
    for observation in observations:
        groups[observation.kpi_id].append(observation)
    return dict(groups)


def _precedence(observation: ObservationLike) -> tuple[float, int, Decimal]:
    """Total order among figures of one period; the greatest wins."""
    entered = getattr(observation, "entered_at", None)
    number = getattr(observation, "id", None)
    stamp = entered.timestamp() if isinstance(entered, datetime) else float("-inf")
    return stamp, number if isinstance(number, int) else -1, observation.value


@dataclass(frozen=True)
class ObservationIndex:
    """観測値の索引 — the figures of one KPI by period, one per (start, end)."""

    by_period: dict[tuple[int, int], ObservationLike]
    duplicates: int

    def single(self, year: int) -> ObservationLike | None:
        """The figure for exactly one year."""
        return self.by_period.get((year, year))

    def ending(self, year: int, start: int | None = None) -> ObservationLike | None:
        """A figure whose period ends in `year`: from `start` if given, else the single year."""
        if start is not None and (found := self.by_period.get((start, year))) is not None:
            return found
        return self.by_period.get((year, year))

    def years(self) -> list[int]:
        """Years with a single-year figure, oldest first."""
        return sorted(start for start, end in self.by_period if start == end)

    def latest(self, before: int | None = None) -> ObservationLike | None:
        """The figure with the latest period end (at or before `before`), if any."""
        keys = [k for k in self.by_period if before is None or k[1] <= before]
        return self.by_period[max(keys, key=lambda k: (k[1], -k[0]))] if keys else None

    def points(self) -> list[tuple[int, Decimal]]:
        """(year, value) of the single-year figures, oldest first."""
        return [(year, self.by_period[(year, year)].value) for year in self.years()]


def _add(table: dict[tuple[int, int], ObservationLike], observation: ObservationLike) -> bool:
    """Put a figure in its period's slot; True when the slot was already taken (a duplicate)."""
    period = observation.period
    key = (period.start, period.end)
    held = table.get(key)
    if held is None:
        table[key] = observation
        return False
    if _precedence(observation) > _precedence(held):
        table[key] = observation
    return True


def index_observations(observations: Iterable[ObservationLike]) -> ObservationIndex:
    """Index one KPI's figures by period, resolving duplicates by `_precedence`."""
    by_period: dict[tuple[int, int], ObservationLike] = {}
    duplicates = sum(_add(by_period, observation) for observation in observations)
    return ObservationIndex(by_period, duplicates)


def index_by_kpi(observations: Iterable[KeyedObservation]) -> dict[str, ObservationIndex]:
    """One pass over a whole batch: KPI id → the index of its figures."""
    tables: dict[str, dict[tuple[int, int], ObservationLike]] = defaultdict(dict)
    duplicates: dict[str, int] = defaultdict(int)
    for observation in observations:
        if _add(tables[observation.kpi_id], observation):
            duplicates[observation.kpi_id] += 1
    return {kpi: ObservationIndex(table, duplicates[kpi]) for kpi, table in tables.items()}
