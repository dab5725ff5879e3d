"""Quantities with units: "6,000万人" → Quantity(60000000, "人").

Multipliers written in front of the unit (万, 億, 兆, and 千/百/十 as in 千円, 百万円) belong to
the number, so the unit is always a base unit. Units are looked up in two documented tables:

* `UNIT_ALIASES` maps every accepted spelling (after `normalize`) to its base unit, e.g.
  箇所/カ所/ヶ所 → か所, 名 → 人, pt → ポイント, ㎡ (normalised to m2) → m2.
* `UNIT_DIMENSIONS` maps each base unit to a dimension name (person, currency, ratio …).

A per-year rate keeps its suffix: "1,000人/年" → Quantity(1000, "人/年"), dimension
"person/year". A unit not in the table is kept as written (dimension "unknown"); a bare
number has the unit "" (dimension "number").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sousei.ja.numbers import KANJI_DIGITS, parse_number
from sousei.ja.text import normalize

__all__ = [
    "PER_YEAR",
    "UNIT_ALIASES",
    "UNIT_DIMENSIONS",
    "Quantity",
    "canonical_unit",
    "parse_quantity",
    "unit_dimension",
]

PER_YEAR = "/年"

UNIT_DIMENSIONS: dict[str, str] = {
    "人": "person",
    "人泊": "person-night",
    "円": "currency",
    "%": "ratio",
    "ポイント": "points",
    "倍": "multiple",
    "件": "count",
    "か所": "count",
    "団体": "count",
    "校": "count",
    "社": "count",
    "地域": "count",
    "自治体": "count",
    "市町村": "count",
    "市区町村": "count",
    "事業者": "count",
    "事業所": "count",
    "事業": "count",
    "企業": "count",
    "施設": "count",
    "機関": "count",
    "計画": "count",
    "拠点": "count",
    "店舗": "count",
    "品目": "count",
    "路線": "count",
    "回": "count",
    "台": "count",
    "戸": "count",
    "世帯": "count",
    "ha": "area",
    "m2": "area",
    "km2": "area",
    "km": "length",
    "t-CO2": "emissions",
    "t": "mass",
    "kg": "mass",
}

# Written form (after `normalize`) → base unit. Every base unit also maps to itself.
UNIT_ALIASES: dict[str, str] = {
    **{unit: unit for unit in UNIT_DIMENSIONS},
    "名": "人",
    "箇所": "か所",
    "カ所": "か所",
    "ヶ所": "か所",
    "ケ所": "か所",
    "ヵ所": "か所",
    "パーセント": "%",
    "pt": "ポイント",
    "ヘクタール": "ha",
    "平方メートル": "m2",
    "平方キロメートル": "km2",
    "tCO2": "t-CO2",
    "t-CO2e": "t-CO2",
    "トン-CO2": "t-CO2",
    "トンCO2": "t-CO2",
    "トン": "t",
}

_PER_YEAR_SUFFIXES = ("/年度", "/年")
_NUMBER_CHARS = re.compile(rf"[△▲+\-]?[\d{KANJI_DIGITS}十百千万億兆.,]+")
# A unit kept as written must look like a unit, not like trailing words ("人超", "人以上").
_NOT_A_UNIT = re.compile(r"[\d()\[\]:;、。,!?]|以上|以下|超|未満|程度|増|減")


@dataclass(frozen=True)
class Quantity:
    """A value in a base unit (60000000 人, 85.2 %)."""

    value: Decimal
    unit: str


def canonical_unit(unit: str) -> str | None:
    """The base unit for a written unit ("箇所" → "か所", "人/年度" → "人/年"), or None."""
    unit = re.sub(r"\s+", "", normalize(unit))
    for suffix in _PER_YEAR_SUFFIXES:
        if unit.endswith(suffix):
            base = UNIT_ALIASES.get(unit.removesuffix(suffix))
            return None if base is None else base + PER_YEAR
    return UNIT_ALIASES.get(unit)


def unit_dimension(unit: str) -> str:
    """The dimension of a base unit ("人" → "person"); "unknown" for other units."""
    if unit == "":
        return "number"
    if unit.endswith(PER_YEAR):
        base = unit.removesuffix(PER_YEAR)
        return f"{UNIT_DIMENSIONS[base]}/year" if base in UNIT_DIMENSIONS else "unknown"
    return UNIT_DIMENSIONS.get(unit, "unknown")


def parse_quantity(text: str) -> Quantity:
    """Parse "number + unit" ("1兆5,071億円", "12百万円", "85.2%"); raise ValueError if not."""
    compact = re.sub(r"\s+", "", normalize(text))
    match = _NUMBER_CHARS.match(compact)
    if match is None:
        msg = f"no number at the start of {text!r}"
        raise ValueError(msg)
    value = parse_number(match.group())
    written = compact[match.end() :]
    unit = canonical_unit(written)
    if unit is None:
        if _NOT_A_UNIT.search(written):
            msg = f"not a unit: {written!r} in {text!r}"
            raise ValueError(msg)
        unit = written
    return Quantity(value, unit)
