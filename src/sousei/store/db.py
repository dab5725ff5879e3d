"""Connecting to the store: SQLite by default, PostgreSQL by URL; migrations; transactions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

URL_VARIABLE = "SOUSEI_DATABASE_URL"
SCHEMA_HEAD = "0004"
"""The newest migration; a test checks it against the migration scripts. Every command compares
the database with it, so it is a constant: importing Alembic would cost each command ~0.4 s."""
MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    """SOUSEI_DATABASE_URL, else a SQLite file in the working directory (zero set-up)."""
    return os.environ.get(URL_VARIABLE) or f"sqlite:///{Path('sousei.db').resolve()}"


def engine_for(url: str | None = None) -> Engine:
    url = url or default_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores foreign keys unless asked
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(engine: Engine) -> bool:
    """Whether the database's schema is the newest migration (False for an empty database)."""
    with engine.connect() as connection:  # an unreachable server raises here, as it should
        try:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no alembic_version table yet
            return False
    return found == SCHEMA_HEAD


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory.begin() as session:
        yield session
