"""The query parameters of a comparison, shared by the pages and the API."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from sousei.registry import Kind

from .model import Filters

PREFECTURE_PATTERN = r"^(|0[1-9]|[1-3][0-9]|4[0-7])$"
POPULATION_PATTERN = r"^(|under-10k|10k-50k|50k-200k|200k-500k|500k-plus)$"

Year = Annotated[
    int | None,
    Query(
        ge=1900, le=2200, description="評価する年（年度）。既定は対応する KPI の実績値の最新の年"
    ),
]


def filters(
    prefecture: Annotated[
        str, Query(pattern=PREFECTURE_PATTERN, description="都道府県コード（2 桁、01～47）")
    ] = "",
    kind: Annotated[Kind | Literal[""], Query(description="団体の種類")] = "",
    population: Annotated[
        str,
        Query(
            pattern=POPULATION_PATTERN,
            description="人口規模（人口の系列「人口/団体コード」がある団体だけが当たる）",
        ),
    ] = "",
) -> Filters:
    """The filters; an option left at 「すべて」 sends an empty string (no filter)."""
    return Filters(prefecture or None, kind or None, population or None)


Chosen = Annotated[Filters, Depends(filters)]
