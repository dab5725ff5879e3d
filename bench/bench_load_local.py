"""How long `sousei load-local --apply` takes for every local government: 1,788 synthetic local
strategy documents (text, 100 KPIs each) into a fresh database holding the national strategy.
Target: under 5 minutes, on SQLite and on PostgreSQL.

What is timed is what the command does after its arguments are read: `read_folder` (reading,
checking each file's code against the registry, parsing every document) and, in one
transaction, `load_documents` (storing revisions and KPIs in batches, suggesting the links of
every 基本目標 and KPI to the national strategy). The documents are written before the clock
starts (`bench/synthetic_text.py`), and so is each round's fresh database with the national
strategy (`sousei init`'s strategy load). SOUSEI_BENCH_SCALE shrinks the folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import Engine, func, select

from bench import synthetic_text
from bench.conftest import FreshEngine, rounds_of
from sousei.ingest import bundled_source, parse_source
from sousei.ingest.folder import read_folder
from sousei.store import strategies
from sousei.store.db import transaction
from sousei.store.local_import import LocalLoad, load_documents
from sousei.store.tables import Base, KpiRow, LinkRow, StrategyRow

SEED = 2025
ACTOR = "bench"
ROUNDS = 3
NATIONAL_KPIS = 55


def load_folder(engine: Engine, directory: Path) -> LocalLoad:
    """`sousei load-local DIR --apply`, without the printing."""
    reading = read_folder(directory)
    assert not reading.refused, [(d.path.name, d.problem) for d in reading.refused[:5]]
    with transaction(engine) as session:
        return load_documents(session, documents=reading.accepted, actor=ACTOR)


@cache
def _folder(root: Path, governments: int) -> Path:
    directory = root / f"documents-{governments}"
    codes = synthetic_text.registry_codes()[:governments]
    synthetic_text.write_folder(directory, codes, kpis=synthetic_text.KPIS, seed=SEED)
    return directory


def _count(engine: Engine, table: type[Base]) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table)) or 0


def test_load_a_folder_of_every_local_strategy(
    benchmark: BenchmarkFixture,
    fresh_engine: FreshEngine,
    bench_scale: float,
    tmp_path_factory: Any,
) -> None:
    governments = max(1, round(len(synthetic_text.registry_codes()) * bench_scale))
    directory = _folder(tmp_path_factory.getbasetemp(), governments)
    national = parse_source(bundled_source())
    engines: list[Engine] = []

    def setup() -> tuple[tuple[Engine, Path], dict[str, Any]]:
        engine = fresh_engine()
        with transaction(engine) as session:
            strategies.load_strategy(session, strategy=national, key="national", actor=ACTOR)
        engines.append(engine)
        return (engine, directory), {}

    done = rounds_of(benchmark, load_folder, setup=setup, rounds=ROUNDS)
    engine = engines[-1]
    assert done.linked
    assert len(done.documents) == governments
    assert all(d.created for d in done.documents)
    assert _count(engine, StrategyRow) == 1 + governments
    assert _count(engine, KpiRow) == NATIONAL_KPIS + governments * synthetic_text.KPIS
    links = _count(engine, LinkRow)
    assert links == sum(d.links for d in done.documents)
    assert links > governments * synthetic_text.KPIS  # most KPIs get a suggestion or more
