"""The migrations build exactly the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from sousei.store.db import MIGRATIONS, SCHEMA_HEAD, is_current
from sousei.store.tables import Base


def _declared(name: str | None, _kind: str, _parents: object) -> bool:
    """The full-text index (SQLite's search_fts tables, PostgreSQL's trigram index) is the
    migration's own, outside the declared tables."""
    if name is None:
        return True
    return not name.startswith("search_fts") and name != "ix_search_entry_trgm"


def test_migrated_schema_matches_the_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": _declared})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert is_current(engine)


def test_the_schema_head_constant_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD
