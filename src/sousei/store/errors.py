"""Errors of the store, with messages for the user in Japanese."""

from __future__ import annotations


class StoreError(Exception):
    """A request the store refuses; the message says why, in Japanese."""


class NotFoundError(StoreError):
    """The strategy, revision, KPI or observation asked for does not exist."""
