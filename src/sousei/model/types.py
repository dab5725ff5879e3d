"""Value types shared by the domain model: numbers, years, comparators, source spans."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

YearBasis = Literal["calendar", "fiscal"]
"""年 (calendar year) or 年度 (fiscal year, April to March)."""

Comparator = Literal[
    ">=", ">", "<=", "<", "=", "increase", "decrease", "improve", "maintain", "relative", "multiple"
]
"""How an actual is compared with the target: 以上, 超, 以下, 未満, a bare number, 増加, 減少,
向上, 維持, relative to another quantity (東京圏以上), or a multiple of a base year (3倍)."""

KpiLevel = Literal["impact", "outcome", "output"]


def _number_out(value: Decimal) -> int | float:
    # JSON carries numbers, never strings; integral values stay integers.
    return int(value) if value == value.to_integral_value() else float(value)


Number = Annotated[
    Decimal,
    PlainSerializer(_number_out, when_used="json"),
    WithJsonSchema({"type": "number"}),
]
"""An exact decimal quantity in base units, written to JSON as a number."""


class Frozen(BaseModel):
    """Base of every domain type: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceSpan(Frozen):
    """出典行 — the 1-based lines of the source document an element was read from."""

    start: int
    end: int


def format_number(value: Decimal | None) -> str:
    """Plain decimal notation without exponent or trailing zeros ('' for None)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
