"""Comparison of local strategies against a national outcome or KPI (地方版総合戦略の比較).

`model` holds the values and how statuses of different rule sets count as "achieved or on
track", `reads` the store reads and the evaluation of the linked KPIs, `shaping` the pure
grouping and filtering, `service` the cached entry points the pages and the API call.
"""

from __future__ import annotations

from .model import Comparison, Filters, NationalTarget, counts_as_on_track, on_track_labels
from .service import OUTCOME_LETTERS, choices, clear, compare, government_page

__all__ = [
    "OUTCOME_LETTERS",
    "Comparison",
    "Filters",
    "NationalTarget",
    "choices",
    "clear",
    "compare",
    "counts_as_on_track",
    "government_page",
    "on_track_labels",
]
