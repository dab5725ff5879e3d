"""Domain types of sousei: the logic model of a strategy. Pure data, no I/O."""

from .diff import Change, StrategyDiff, diff_strategies, render_diff
from .identity import Matching, match_kpis, match_measures, match_strategies
from .strategy import (
    Area,
    Footnote,
    Impact,
    Kpi,
    Measure,
    OtherMeasure,
    Outcome,
    ParseWarning,
    Project,
    RoadmapEntry,
    Section,
    Strategy,
    Target,
)
from .types import Comparator, KpiLevel, SourceSpan, YearBasis, format_number

__all__ = [
    "Area",
    "Change",
    "Comparator",
    "Footnote",
    "Impact",
    "Kpi",
    "KpiLevel",
    "Matching",
    "Measure",
    "OtherMeasure",
    "Outcome",
    "ParseWarning",
    "Project",
    "RoadmapEntry",
    "Section",
    "SourceSpan",
    "Strategy",
    "StrategyDiff",
    "Target",
    "YearBasis",
    "diff_strategies",
    "format_number",
    "match_kpis",
    "match_measures",
    "match_strategies",
    "render_diff",
]
