"""Value types shared by the domain model: numbers, years, comparators, source spans."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

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


_M = TypeVar("_M", bound=BaseModel)
# The slots every pydantic model instance has, set through their descriptors.
_SLOTS = vars(BaseModel)
_set_dict = _SLOTS["__dict__"].__set__
_set_fields_set = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def trusted(model: type[_M], values: dict[str, Any], fields_set: set[str] | None = None) -> _M:
    """`model.model_construct(**values)` at a fraction of its cost, for values that are already
    valid (validated when stored, or made by our own code): bulk paths build 10^5 of them.

    `values` must hold every field, in declaration order, already of its declared type.
    """
    instance: _M = object.__new__(model)
    _set_dict(instance, values)
    _set_fields_set(instance, set(values) if fields_set is None else fields_set)
    _set_extra(instance, None)
    _set_private(instance, None)
    return instance


def format_number(value: Decimal | None) -> str:
    """Plain decimal notation without exponent or trailing zeros ('' for None)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
