"""How fast the store takes data in; medians on a 2-core machine, SQLite and PostgreSQL alike.

(a) A 100,000-row CSV of actuals through `sousei actuals import --apply`'s pipeline (read and
    validate, plan, apply): under 5 s. `apply_import` writes by COPY on PostgreSQL.
(b) The national-scale load — the national strategy, then 1,788 local strategies × 100 KPIs
    with 6 years of actuals each (1,072,800 observations): under 60 s.

Every round starts from an empty database (bench/conftest.py). The synthetic data are made
before the clock starts: what is timed is the store's work. SOUSEI_BENCH_SCALE shrinks both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from itertools import islice
from math import ceil
from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import Engine, func, select

from bench import synthetic
from bench.conftest import FreshEngine, rounds_of
from sousei.ingest import bundled_source, parse_source
from sousei.ingest.actuals import read_actuals
from sousei.model.actuals import Report
from sousei.store import kpis, observations, strategies
from sousei.store.db import transaction
from sousei.store.strategies import StrategyItem
from sousei.store.tables import (
    AuditRow,
    Base,
    ImportBatchRow,
    KpiRow,
    KpiVersionRow,
    ObservationRow,
    StrategyRow,
)

SEED = 2025
ACTOR = "bench"
ROUNDS = 3
YEARS = range(2020, 2026)

CSV_ROWS = 100_000
CSV_CODE = "011002"  # 札幌市

LOCAL_KPIS = 100
STRATEGIES_PER_TRANSACTION = 100
"""About 60,000 observations per transaction: one import batch per hundred governments."""
NATIONAL_KPIS = 55


def _count(engine: Engine, table: type[Base]) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table)) or 0


# -- (a) a CSV of actuals ----------------------------------------------------------------------


def _actuals_file(rows: int) -> tuple[StrategyItem, bytes]:
    """A strategy with enough KPIs for `rows` rows of six years, and the CSV of its actuals."""
    strategy = synthetic.local_strategy(CSV_CODE, kpis=ceil(rows / len(YEARS)), seed=SEED)
    item = StrategyItem(strategy, f"local/{CSV_CODE}", family="local", lgcode=CSV_CODE)
    ids = [f"{item.key}/{kpi.id}" for kpi in strategy.kpis]
    reports = islice(synthetic.observations(ids, years=YEARS, seed=SEED), rows)
    return item, synthetic.actuals_csv(reports)


def _import_file(engine: Engine, key: str, data: bytes) -> int:
    """What `sousei actuals import FILE --apply` does, in one transaction."""
    with transaction(engine) as session:
        revision = strategies.revision(session, key=key)
        reading = read_actuals(
            data,
            name="actuals.csv",
            kpis=kpis.catalogue(session, key=key),
            first_year=revision.first_year,
            last_year=revision.last_year,
        )
        assert not reading.errors, reading.errors[:5]
        plan = observations.plan_import(session, reports=reading.reports)
        observations.apply_import(
            session,
            plan=plan,
            actor=ACTOR,
            file_name="actuals.csv",
            sha256=hashlib.sha256(data).hexdigest(),
        )
        return len(plan.writes)


def test_import_a_csv_of_actuals(
    benchmark: BenchmarkFixture, fresh_engine: FreshEngine, bench_scale: float
) -> None:
    rows = max(len(YEARS), round(CSV_ROWS * bench_scale))
    item, data = _actuals_file(rows)
    engines: list[Engine] = []

    def setup() -> tuple[tuple[Engine, str, bytes], dict[str, Any]]:
        engine = fresh_engine()
        with transaction(engine) as session:
            strategies.load_strategies(session, items=[item], actor=ACTOR)
        engines.append(engine)
        return (engine, item.key, data), {}

    written = rounds_of(benchmark, _import_file, setup=setup, rounds=ROUNDS)
    assert written == rows
    assert _count(engines[-1], ObservationRow) == rows
    assert _count(engines[-1], ImportBatchRow) == 1


# -- (b) the national-scale load ---------------------------------------------------------------


@cache
def _national_data(governments: int) -> tuple[StrategyItem, list[StrategyItem], list[list[Report]]]:
    """The national strategy, `governments` local strategies and each one's actuals."""
    national = StrategyItem(parse_source(bundled_source()), "national")
    codes = synthetic.local_codes()[:governments]
    items = [
        StrategyItem(
            synthetic.local_strategy(code, kpis=LOCAL_KPIS, seed=SEED),
            f"local/{code}",
            family="local",
            lgcode=code,
        )
        for code in codes
    ]
    actuals = [
        list(
            synthetic.observations(
                [f"{item.key}/{kpi.id}" for kpi in item.strategy.kpis], years=YEARS, seed=SEED
            )
        )
        for item in items
    ]
    return national, items, actuals


def _load_national_scale(
    engine: Engine,
    national: StrategyItem,
    items: Sequence[StrategyItem],
    actuals: Sequence[Sequence[Report]],
) -> None:
    with transaction(engine) as session:
        strategies.load_strategies(session, items=[national], actor=ACTOR)
    for start in range(0, len(items), STRATEGIES_PER_TRANSACTION):
        end = start + STRATEGIES_PER_TRANSACTION
        with transaction(engine) as session:
            strategies.load_strategies(session, items=items[start:end], actor=ACTOR)
            reports = [(None, report) for batch in actuals[start:end] for report in batch]
            plan = observations.plan_import(session, reports=reports)
            observations.apply_import(
                session, plan=plan, actor=ACTOR, file_name=f"synthetic-{start}.csv", sha256=""
            )


def test_load_national_scale_data(
    benchmark: BenchmarkFixture, fresh_engine: FreshEngine, bench_scale: float
) -> None:
    governments = max(1, round(len(synthetic.local_codes()) * bench_scale))
    national, items, actuals = _national_data(governments)
    engines: list[Engine] = []

    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        engines.append(fresh_engine())
        return (engines[-1], national, items, actuals), {}

    rounds_of(benchmark, _load_national_scale, setup=setup, rounds=ROUNDS)
    engine = engines[-1]
    batches = ceil(governments / STRATEGIES_PER_TRANSACTION)
    assert _count(engine, StrategyRow) == 1 + governments
    assert _count(engine, KpiRow) == NATIONAL_KPIS + governments * LOCAL_KPIS
    assert _count(engine, KpiVersionRow) == NATIONAL_KPIS + governments * LOCAL_KPIS
    assert _count(engine, ObservationRow) == governments * LOCAL_KPIS * len(YEARS)
    assert _count(engine, ImportBatchRow) == batches
    assert _count(engine, AuditRow) == 1 + governments + batches  # one per revision and batch
