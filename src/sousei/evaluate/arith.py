"""Exact arithmetic for the evaluation: Decimal in a wide context, division that may say "no".

Every ratio of the evaluation goes through `divide`, so a zero denominator (baseline equal to
target, a zero goal, a base-year value of 0) is an explicit None, never an exception or an
infinity. Figures reach 10¹³ (yen); 34 significant digits keep them exact with room for the
fractions of a straight-line path.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

__all__ = ["CONTEXT", "ONE", "ZERO", "divide", "round_half_up"]

CONTEXT = Context(prec=34)
ZERO = Decimal(0)
ONE = Decimal(1)


def divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator ÷ denominator, or None when the denominator is zero."""
    if denominator == 0:
        return None
    return CONTEXT.divide(numerator, denominator)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """四捨五入 to `places` decimal places (negative places round to tens, hundreds …)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=CONTEXT)
