"""Domain types of sousei: the logic model of a strategy. Pure data, no I/O."""

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
    "Comparator",
    "Footnote",
    "Impact",
    "Kpi",
    "KpiLevel",
    "Measure",
    "OtherMeasure",
    "Outcome",
    "ParseWarning",
    "Project",
    "RoadmapEntry",
    "Section",
    "SourceSpan",
    "Strategy",
    "Target",
    "YearBasis",
    "format_number",
]
