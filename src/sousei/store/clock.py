"""The store's clock: timezone-aware UTC, one place to read it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the store writes UTC only, so say so."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
