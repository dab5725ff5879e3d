"""Pure functions for Japanese numbers, units, dates and KPI target expressions.

Everything here is free of I/O. Each parser normalises its input first (`normalize`), so text
straight from the PDF conversion may be passed: full-width digits, spaces between a number and
its unit ("6,000 万人"), any tilde for ranges, ASCII or full-width parentheses.
"""

from sousei.ja.dates import (
    Period,
    YearBasis,
    YearMatch,
    YearRef,
    find_years,
    fiscal_year_label,
    fiscal_year_of,
    parse_period,
    parse_wareki,
    scan_years,
    to_seireki,
    to_wareki,
)
from sousei.ja.numbers import parse_number
from sousei.ja.targets import Comparator, TargetExpr, parse_target
from sousei.ja.text import normalize
from sousei.ja.units import (
    UNIT_ALIASES,
    UNIT_DIMENSIONS,
    Quantity,
    canonical_unit,
    parse_quantity,
    unit_dimension,
)

__all__ = [
    "UNIT_ALIASES",
    "UNIT_DIMENSIONS",
    "Comparator",
    "Period",
    "Quantity",
    "TargetExpr",
    "YearBasis",
    "YearMatch",
    "YearRef",
    "canonical_unit",
    "find_years",
    "fiscal_year_label",
    "fiscal_year_of",
    "normalize",
    "parse_number",
    "parse_period",
    "parse_quantity",
    "parse_target",
    "parse_wareki",
    "scan_years",
    "to_seireki",
    "to_wareki",
    "unit_dimension",
]
