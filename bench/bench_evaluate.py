"""How fast the store evaluates a year: every KPI of national-scale data, SQLite and PostgreSQL.

The data are loaded once per database (module scope; tens of seconds): the national strategy with
its published figures and reference data, and 1,788 local strategies × 100 KPIs with 6 years of
approved actuals (1,072,800 observations), 1 % of them corrected (a new row superseding the old;
a third of the corrections still in review, so the approved figure they correct stays in force).

Timed, as medians of a few rounds on the loaded database:

* `evaluate_year` — every KPI of every strategy for one year (178,855 results);
* the part of it that only reads (the check for duplicated periods, each KPI with the figures
  its judgement uses), the floor under the evaluation itself;
* a plain SQL GROUP BY over the same figures in force, the yardstick of reading every figure
  once: ``SELECT kpi_id, count(*), max(period_end), sum(value) … GROUP BY kpi_id``.

SOUSEI_BENCH_SCALE shrinks the data as in bench/conftest.py: 1.0 (national scale) under
`--benchmark-only`, 0.01 when benchmarks are disabled (`make test` runs each once as a test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import Engine, and_, func, insert, select, text, update

from bench import synthetic
from bench.conftest import SCALE_VARIABLE, SCALE_WHEN_DISABLED, rounds_of
from bench.conftest import _PostgresDatabases as PostgresDatabases
from bench.conftest import _SqliteFiles as SqliteFiles
from sousei.ingest import bundled_source, parse_source
from sousei.store import observations, published, strategies, yearly
from sousei.store.bulk import collector_paused
from sousei.store.db import engine_for, transaction, upgrade
from sousei.store.strategies import StrategyItem
from sousei.store.supersession import in_force
from sousei.store.tables import ObservationRow

SEED = 2025
ACTOR = "bench"
YEAR = 2025
ROUNDS = 3
LOCAL_KPIS = 100
YEARS = range(2020, 2026)
STRATEGIES_PER_TRANSACTION = 100
CORRECTED = 100
"""One figure in CORRECTED is corrected (id ≡ 7 mod 100); a third of the corrections wait for
review."""


@dataclass(frozen=True)
class Loaded:
    engine: Engine
    kpis: int
    kpis_with_figures: int


def _scale(config: pytest.Config) -> float:
    configured = os.environ.get(SCALE_VARIABLE)
    if configured:
        scale = float(configured)
        if not 0 < scale <= 10:
            raise pytest.UsageError(f"{SCALE_VARIABLE} must be in (0, 10], not {configured!r}")
        return scale
    disabled = config._benchmarksession.disabled  # type: ignore[attr-defined]  # pytest-benchmark's
    return SCALE_WHEN_DISABLED if disabled else 1.0


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    """A database with national-scale data, loaded once for the module's benchmarks."""
    if request.param == "sqlite":
        databases: SqliteFiles | PostgresDatabases = SqliteFiles(tmp_path_factory.mktemp("year"))
    else:
        databases = PostgresDatabases()
    engine = engine_for(databases.create())
    upgrade(engine)
    governments = max(1, round(len(synthetic.local_codes()) * _scale(request.config)))
    try:
        national_kpis = _load(engine, governments)
        yield Loaded(engine, national_kpis + governments * LOCAL_KPIS, _with_figures(engine))
    finally:
        engine.dispose()
        databases.drop(engine)
        databases.close()


def _load(engine: Engine, governments: int) -> int:
    """Load the data (strategy by strategy, so the generated models never pile up in memory);
    the national strategy's KPI count."""
    national = parse_source(bundled_source())
    with transaction(engine) as session:
        strategies.load_strategies(session, items=[StrategyItem(national, "national")], actor=ACTOR)
        published.load_published(session, key="national", actor=ACTOR)
        published.load_references(session, key="national", actor=ACTOR)
    codes = synthetic.local_codes()[:governments]
    for start in range(0, len(codes), STRATEGIES_PER_TRANSACTION):
        items = [
            StrategyItem(
                synthetic.local_strategy(code, kpis=LOCAL_KPIS, seed=SEED),
                f"local/{code}",
                family="local",
                lgcode=code,
            )
            for code in codes[start : start + STRATEGIES_PER_TRANSACTION]
        ]
        ids = [f"{item.key}/{kpi.id}" for item in items for kpi in item.strategy.kpis]
        with transaction(engine) as session:
            strategies.load_strategies(session, items=items, actor=ACTOR)
            reports = [(None, r) for r in synthetic.observations(ids, years=YEARS, seed=SEED)]
            plan = observations.plan_import(session, reports=reports)
            observations.apply_import(
                session,
                plan=plan,
                actor=ACTOR,
                file_name=f"synthetic-{start}.csv",
                sha256="",
                state="approved",
            )
    _approve_and_correct(engine)
    if engine.dialect.name == "postgresql":  # the statistics autovacuum would gather by itself
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return len(national.kpis)


def _approve_and_correct(engine: Engine) -> None:
    """Correct one figure in CORRECTED: approved, or (a third) still in review."""
    o = ObservationRow
    copied = [c for c in ObservationRow.__table__.c if c.name not in ("id", "supersedes_id")]
    with transaction(engine) as session:
        corrections = select(
            *(o.value + 1 if c.name == "value" else getattr(o, c.name) for c in copied), o.id
        ).where(o.id % CORRECTED == 7)
        names = [c.name for c in copied] + ["supersedes_id"]
        session.execute(insert(o).from_select(names, corrections))
        session.execute(
            update(o)
            .where(o.supersedes_id.is_not(None), o.id % 3 == 0)
            .values(review_state="submitted")
        )


def _in_force() -> list[Any]:
    """The figures `evaluate_year` considers: the approved figures in force."""
    return in_force(ObservationRow, approved_only=True)


def _with_figures(engine: Engine) -> int:
    with engine.connect() as connection:
        query = select(func.count(func.distinct(ObservationRow.kpi_id))).where(*_in_force())
        return connection.scalar(query) or 0


# -- the benchmarks ----------------------------------------------------------------------------


def _evaluate_year(engine: Engine) -> int:
    with transaction(engine) as session:
        return len(yearly.evaluate_year(session, year=YEAR).results)


def _read_inputs(engine: Engine) -> int:
    """What `evaluate_year` reads, as it reads it, without judging: the check for duplicated
    periods, each KPI with its assessed year's and baseline year's figures, and every figure
    of the KPIs whose judgement reads more of their series (毎年 targets, a year basis taken from
    the figures); not the few left to the full evaluation."""
    with transaction(engine) as session, collector_paused(), yearly._without_jit(session):
        heads = yearly._heads(session, None)
        revisions = [head.revision_id for head in heads]
        yearly._doubled(session, None)
        reader = yearly._Reader(session, year=YEAR, approved_only=True)
        rows = reader.lean_rows(revisions)
        reader.series_tables(yearly._driver_rows(session, reader.whole_series(revisions)))
        return len(rows)


def _group_by(engine: Engine) -> int:
    """The yardstick: one GROUP BY over every figure in force."""
    o = ObservationRow
    query = (
        select(o.kpi_id, func.count(), func.max(o.period_end), func.sum(o.value))
        .where(and_(*_in_force()))
        .group_by(o.kpi_id)
    )
    with engine.connect() as connection:
        return len(connection.execute(query).all())


def test_evaluate_year(benchmark: BenchmarkFixture, loaded: Loaded) -> None:
    results = rounds_of(
        benchmark, _evaluate_year, setup=lambda: ((loaded.engine,), {}), rounds=ROUNDS
    )
    assert results == loaded.kpis


def test_read_what_evaluate_year_reads(benchmark: BenchmarkFixture, loaded: Loaded) -> None:
    kpis = rounds_of(benchmark, _read_inputs, setup=lambda: ((loaded.engine,), {}), rounds=ROUNDS)
    assert kpis == loaded.kpis


def test_group_by_over_the_same_figures(benchmark: BenchmarkFixture, loaded: Loaded) -> None:
    groups = rounds_of(benchmark, _group_by, setup=lambda: ((loaded.engine,), {}), rounds=ROUNDS)
    assert groups == loaded.kpis_with_figures
