"""How problems are reported: a cell check's `Problem`, a file's `RowError`s, and their cap."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ERRORS = 1000
"""Past this many, more errors only hide the pattern; the rest are counted, not listed."""
TRUNCATED = "誤りが多いため"
"""How the note that ends a capped error list begins."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of a file: where (row as the user sees it, column header), what, and why."""

    row: int | None
    column: str | None
    value: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file or a cell cannot be read: what a check returns instead of its value."""

    reason: str


class Errors:
    """Every error up to MAX_ERRORS, then only a count."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.items: list[RowError] = []
        self.limit = limit
        self.dropped = 0

    def add(self, row: int | None, column: str | None, value: str | None, reason: str) -> None:
        if len(self.items) < self.limit:
            self.items.append(RowError(row, column, value, reason))
        else:
            self.dropped += 1

    def result(self) -> list[RowError]:
        if not self.dropped:
            return self.items
        note = (
            f"{TRUNCATED}最初の {self.limit:,} 件だけを示しています（ほかに {self.dropped:,} 件）"
        )
        return [*self.items, RowError(None, None, None, note)]
