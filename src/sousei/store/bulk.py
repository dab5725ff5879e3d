"""Writing many rows at once: slices for parameter limits, COPY on PostgreSQL, and a pause of the
cyclic garbage collector while hundreds of thousands of row objects are built."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session


def chunked(items: Sequence[str], size: int = 5000) -> Iterable[Sequence[str]]:
    """Slices small enough for any driver's limit on bound parameters."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Bulk writes build hundreds of thousands of rows and no reference cycles; meanwhile the
    cyclic collector would walk the whole growing heap again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows into one table in the session's transaction: COPY on PostgreSQL
    (psycopg), one executemany elsewhere.

    COPY is several times faster than INSERT on PostgreSQL, but it bypasses SQLAlchemy: no ORM
    events, no Python-side defaults, values go to the driver as they are. So each row gives the
    same keys, every column it needs among them, as plain values (no JSON).
    """
    if not rows:
        return
    session.flush()  # the rows may refer to objects still pending in the session
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        connection.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    statement = f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
    # One C call per row picks the values in column order (itemgetter of one key is no tuple).
    pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    driver = connection.connection.driver_connection
    assert driver is not None  # a session's connection is live
    import psycopg  # only on PostgreSQL: the driver costs every other command its import time

    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(pick(row))
    except psycopg.Error as error:  # raised past SQLAlchemy: give callers its usual exceptions
        raise DBAPIError.instance(statement, None, error, psycopg.Error) from error
