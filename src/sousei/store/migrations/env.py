"""Alembic environment: migrations run on the connection sousei hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from sousei.store.tables import Base, declared


def run(connection: Connection) -> None:
    # render_as_batch lets the same migration alter tables on SQLite.
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=declared,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through sousei.store.db.upgrade()")
run(connection)
