"""Links between a local strategy and the national one (国の戦略との対応), pure.

`suggest(local, national)` ranks, for each 基本目標 of a local strategy, the national outcomes
A–E, and for each local KPI the national KPIs, by a similarity over their Japanese texts
(`similarity.py`, with the policy fields of `themes.py`); docs/formulas.md, "Links to the
national strategy", gives the formula. The store keeps the suggestions and people's decisions
(`sousei.store.links`).
"""

from __future__ import annotations

from .similarity import Weights, centroid, combine, cosine, normalise, terms
from .suggest import (
    METHOD,
    OUTCOME_THRESHOLD,
    THRESHOLD,
    Linker,
    Suggestion,
    suggest,
    unit_agreement,
    unit_class,
)

__all__ = [
    "METHOD",
    "OUTCOME_THRESHOLD",
    "THRESHOLD",
    "Linker",
    "Suggestion",
    "Weights",
    "centroid",
    "combine",
    "cosine",
    "normalise",
    "suggest",
    "terms",
    "unit_agreement",
    "unit_class",
]
