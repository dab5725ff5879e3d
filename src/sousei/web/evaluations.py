"""A strategy's evaluation for a year, as the pages and the API read it, kept in memory.

Evaluating the national strategy takes tens of milliseconds; a page is read far more often than
the data change. Every write to the store adds one audit row, so the newest audit id is the
version of the data: a cached evaluation is used only while that id has not moved.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult, NodeSummary
from sousei.ja.dates import fiscal_year_of
from sousei.store import evaluation, strategies
from sousei.store.evaluation import Evaluation
from sousei.store.tables import AuditRow, KpiRow, ObservationRow

from .i18n import current_locale

NATIONAL = "national"
_CACHE_SIZE = 64
_PAGES_SIZE = 1024
T = TypeVar("T")


@dataclass(frozen=True)
class StrategyView:
    """評価 — one strategy's evaluation for a year, indexed for the pages."""

    evaluation: Evaluation
    years: tuple[int, ...]
    """Years (period ends) that have at least one figure, oldest first."""
    by_kpi: dict[str, KpiResult] = field(init=False)
    nodes: dict[str, NodeSummary] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_kpi", {r.kpi_id: r for r in self.evaluation.results})
        object.__setattr__(self, "nodes", {n.key: n for n in self.evaluation.rollup.nodes})

    @property
    def year(self) -> int:
        return self.evaluation.year

    @property
    def key(self) -> str:
        return self.evaluation.key


_cache: OrderedDict[tuple[str, str, int, int, str | None], StrategyView] = OrderedDict()
_lock = threading.Lock()


def _database(session: Session) -> str:
    return str(session.get_bind().engine.url)


def data_version(session: Session) -> int:
    return session.scalar(select(func.max(AuditRow.id))) or 0


def figure_years(session: Session, *, key: str) -> tuple[int, ...]:
    strategy = strategies.strategy_row(session, key)
    query = (
        select(ObservationRow.period_end)
        .join(KpiRow, KpiRow.id == ObservationRow.kpi_id)
        .where(KpiRow.strategy_id == strategy.id)
        .distinct()
        .order_by(ObservationRow.period_end)
    )
    return tuple(session.scalars(query))


def default_year(years: tuple[int, ...]) -> int:
    """The newest year with figures; the last finished fiscal year when there are none."""
    return years[-1] if years else fiscal_year_of(date.today()) - 1


def strategy_view(
    session: Session, *, key: str = NATIONAL, year: int | None = None, rule_set: str | None = None
) -> StrategyView:
    """The evaluation of `key` for `year` (default: the newest year with figures)."""
    version = data_version(session)
    if year is None:
        year = default_year(_years(session, key=key, version=version))
    cache_key = (_database(session), key, year, version, rule_set)
    with _lock:
        found = _cache.get(cache_key)
        if found is not None:
            _cache.move_to_end(cache_key)
            return found
    view = StrategyView(
        evaluation.evaluate_strategy(session, key=key, year=year, rule_set=rule_set),
        _years(session, key=key, version=version),
    )
    with _lock:
        _cache[cache_key] = view
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return view


_years_cache: dict[tuple[str, str, int], tuple[int, ...]] = {}


def _years(session: Session, *, key: str, version: int) -> tuple[int, ...]:
    cache_key = (_database(session), key, version)
    found = _years_cache.get(cache_key)
    if found is None:
        found = figure_years(session, key=key)
        with _lock:
            if len(_years_cache) > _CACHE_SIZE:
                _years_cache.clear()
            _years_cache[cache_key] = found
    return found


_pages: OrderedDict[tuple[str, int, str, str, Hashable], Any] = OrderedDict()


def versioned(session: Session, namespace: str, key: Hashable, build: Callable[[], T]) -> T:
    """A value built from the store (a page's data), kept until the data version moves: every
    write adds an audit row, so a newer audit id means the value may have changed. It is kept
    per language too, since a build may translate (a chart's legend, a place's label)."""
    cache_key = (_database(session), data_version(session), current_locale.get(), namespace, key)
    with _lock:
        if cache_key in _pages:
            _pages.move_to_end(cache_key)
            found: T = _pages[cache_key]
            return found
    value = build()
    with _lock:
        _pages[cache_key] = value
        while len(_pages) > _PAGES_SIZE:
            _pages.popitem(last=False)
    return value


def clear() -> None:
    """Forget every cached evaluation (tests that swap databases)."""
    with _lock:
        _cache.clear()
        _years_cache.clear()
        _pages.clear()
