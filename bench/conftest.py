"""Benchmark fixtures: a fresh, migrated database per round, on SQLite and on PostgreSQL.

Unlike the store tests (one database per session, each test rolled back), every benchmark round
gets an empty database of its own, so the timings include real writes, index growth and commits.
PostgreSQL is reached as in tests/store/conftest.py: SOUSEI_TEST_POSTGRES_URL, by default the
local server on 127.0.0.1:5432 (`make services` starts one).

SOUSEI_BENCH_SCALE sizes the national-scale benchmarks: 1.0 (the default under
`--benchmark-only`) is the real size; when benchmarks are disabled (`make test` runs them once
as tests) the default is 0.01, enough to check that the code path works in seconds.
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import Engine, create_engine, text

from sousei.store.db import engine_for, upgrade

ADMIN_URL = os.environ.get(
    "SOUSEI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SCALE_VARIABLE = "SOUSEI_BENCH_SCALE"
SCALE_WHEN_DISABLED = 0.01

FreshEngine = Callable[[], Engine]
"""Makes a new empty database at the newest migration and returns an engine on it."""

Setup = Callable[[], tuple[tuple[Any, ...], dict[str, Any]]]
_T = TypeVar("_T")


def rounds_of(
    benchmark: BenchmarkFixture, target: Callable[..., _T], *, setup: Setup, rounds: int = 3
) -> _T:
    """`benchmark.pedantic` with types: `setup` (untimed) gives each round's arguments.

    Each round runs as in a process of its own: what is alive when it starts (pytest, the
    generated data — two gigabytes at national scale) is frozen out of the cyclic collector,
    which would otherwise walk all of it on every full collection and time the harness.
    """

    def settled() -> tuple[tuple[Any, ...], dict[str, Any]]:
        arguments = setup()
        if not benchmark.disabled:  # disabled, pytest-benchmark calls no teardown to unfreeze
            gc.collect()
            gc.freeze()
        return arguments

    result: _T = benchmark.pedantic(  # type: ignore[no-untyped-call]  # pytest-benchmark is untyped
        target, setup=settled, teardown=lambda *_, **__: gc.unfreeze(), rounds=rounds, iterations=1
    )
    return result


@pytest.fixture
def bench_scale(benchmark: BenchmarkFixture) -> float:
    configured = os.environ.get(SCALE_VARIABLE)
    if not configured:
        return SCALE_WHEN_DISABLED if benchmark.disabled else 1.0
    scale = float(configured)
    if not 0 < scale <= 10:
        raise pytest.UsageError(f"{SCALE_VARIABLE} must be in (0, 10], not {configured!r}")
    return scale


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FreshEngine]:
    """One new database per call; the previous one is dropped then (a national-scale round
    leaves about a gigabyte), the last one after the test."""
    databases = _SqliteFiles(tmp_path) if request.param == "sqlite" else _PostgresDatabases()
    current: list[Engine] = []

    def make() -> Engine:
        for engine in current:
            engine.dispose()
            databases.drop(engine)
        current[:] = [engine_for(databases.create())]
        upgrade(current[0])
        return current[0]

    yield make
    for engine in current:
        engine.dispose()
        databases.drop(engine)
    databases.close()


class _SqliteFiles:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def create(self) -> str:
        return f"sqlite:///{self.directory / f'{uuid.uuid4().hex}.db'}"

    def drop(self, engine: Engine) -> None:
        path = Path(engine.url.database or "")
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        pass


class _PostgresDatabases:
    def __init__(self) -> None:
        self.admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"sousei_bench_{uuid.uuid4().hex[:8]}"
        try:
            with self.admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        except Exception as error:  # say how to get a server, not just fail
            raise RuntimeError(
                f"PostgreSQL is needed for the store benchmarks at {ADMIN_URL} ({error}); "
                "`make services` installs and starts one"
            ) from error
        return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

    def drop(self, engine: Engine) -> None:
        with self.admin.connect() as connection:
            connection.execute(
                text(f'DROP DATABASE IF EXISTS "{engine.url.database}" WITH (FORCE)')
            )

    def close(self) -> None:
        self.admin.dispose()
