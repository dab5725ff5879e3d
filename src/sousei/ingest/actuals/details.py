"""What a row says about all of its figures: unit column, period basis, status, source, note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar

from sousei.model import YearBasis
from sousei.model.actuals import Source

from .cells import Unit, basis_of, status_of, text_of, unit_of, url_of
from .columns import Field
from .errors import Problem

_T = TypeVar("_T")

DETAIL_FIELDS: tuple[Field, ...] = (
    "unit",
    "period_basis",
    "status",
    "publisher",
    "publication",
    "published",
    "url",
    "note",
)


@dataclass(frozen=True, slots=True)
class Details:
    """The row-wide cells, checked: shared by every figure of the row."""

    unit: Unit | None
    unit_text: str
    basis: YearBasis | None
    status: str | None
    source: Source
    note: str | None


def picker(indices: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at `indices` as a tuple, picked in C (itemgetter) — this runs for every row."""
    if not indices:
        return lambda _: ()
    if len(indices) == 1:
        only = indices[0]
        return lambda cells: (cells[only],)
    return itemgetter(*indices)


def details_of(cell: dict[Field, str]) -> Details | list[tuple[Field, str, str]]:
    """The row-wide cells checked; their problems, if any, by column."""
    problems: list[tuple[Field, str, str]] = []

    def check(which: Field, result: _T | Problem) -> _T | None:
        if isinstance(result, Problem):
            problems.append((which, cell[which], result.reason))
            return None
        return result

    unit_text = cell["unit"]
    unit = check("unit", unit_of(unit_text)) if unit_text else None
    basis_text = cell["period_basis"]
    basis: YearBasis | None = check("period_basis", basis_of(basis_text)) if basis_text else None
    status = check("status", status_of(cell["status"])) if cell["status"] else None
    texts: dict[Field, str | None] = {
        which: check(which, text_of(cell[which])) for which in ("publisher", "publication", "note")
    }
    texts["published"] = check("published", text_of(cell["published"], 32))
    texts["url"] = check("url", url_of(cell["url"]))
    if problems:
        return problems
    source = Source(
        publisher=texts["publisher"],
        publication=texts["publication"],
        published=texts["published"],
        url=texts["url"],
    )
    return Details(unit, unit_text, basis, status, source, texts["note"])
