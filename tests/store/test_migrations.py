"""The migrations build exactly the tables the code declares, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, select

from sousei.ingest import parse_file
from sousei.store import strategies
from sousei.store.db import MIGRATIONS, SCHEMA_HEAD, engine_for, is_current, transaction, upgrade
from sousei.store.tables import Base, KpiVersionRow, declared


def test_migrated_schema_matches_the_tables(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": declared})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert is_current(engine)


def test_the_schema_head_constant_is_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_0004_fills_the_stated_baselines_of_revisions_loaded_before_it(tmp_path: Path) -> None:
    from alembic import command

    engine = engine_for(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine)
    model = parse_file(Path(__file__).parents[1] / "golden" / "local" / "kaede-town.md")
    with transaction(engine) as session:
        strategies.load_strategy(session, strategy=model, key="local/x", actor="t")
    stated = {k.id: k.target.baseline_value for k in model.kpis}
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert not is_current(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(select(KpiVersionRow.doc_id, KpiVersionRow.baseline_value))
        found = dict(rows.all())
    engine.dispose()
    assert found == stated
    assert sum(value is not None for value in found.values()) >= 10
