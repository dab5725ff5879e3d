"""Store fixtures: each store test runs on SQLite and on PostgreSQL, in a rolled-back transaction.

PostgreSQL is reached at SOUSEI_TEST_POSTGRES_URL (default: the local server on 127.0.0.1:5432,
as `.ci/run` starts it); a fresh database is created for the session and dropped after it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from sousei.ingest import bundled_source, parse_source
from sousei.model import Strategy
from sousei.store.db import engine_for, upgrade

ADMIN_URL = os.environ.get(
    "SOUSEI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"sousei_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # the message must say how to get a server, not just fail
        raise RuntimeError(
            f"PostgreSQL is needed for the store tests at {ADMIN_URL} ({error}); "
            "`.ci/run` installs and starts one"
        ) from error
    yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'sousei.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = engine_for(url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose every write is rolled back after the test, commits included."""
    with engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as db:
            yield db
        outer.rollback()


@pytest.fixture(scope="session")
def national_model() -> Strategy:
    return parse_source(bundled_source())


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"
