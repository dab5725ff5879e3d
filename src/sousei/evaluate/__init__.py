"""The evaluation core: pure functions from a KPI, its figures and a rule set to a judgement.

* `evaluate_kpi` / `evaluate_all` — KPI の評価 (status, 達成率, 進捗率, the rule that fired and
  one Japanese sentence), see `kpi.py`;
* `roll_up` — the counts and summary status of each area, outcome and impact (`rollup.py`);
* `project` — linear and compound-growth projections to the target year (`projection.py`);
* `load_rule_set` / `available_rule_sets` — the evaluation schemes as TOML (`rules.py`);
* region series for relative targets (東京圏以上) in `relative.py`.

No database, no I/O besides reading the shipped rule-set files. Every formula and rule is
written out in docs/formulas.md.
"""

from .kpi import evaluate_all, evaluate_indexed, evaluate_kpi
from .path import Baseline, Expected, expected_value, meets, moved, reaches
from .projection import Fit, Projection, project
from .relative import (
    ALL_PREFECTURES,
    METROPOLITAN_AREAS,
    TOKYO_AREA,
    Comparison,
    PrefectureValue,
    Series,
    growth,
    outside,
    region_ratio_series,
    region_series,
)
from .result import KpiResult, RelativeFacts, UsedValue
from .rollup import NodeSummary, RoadmapProgress, RollUp, roll_up
from .rules import (
    DEFAULT_RULE_SET,
    Label,
    RuleSet,
    RuleSetError,
    available_rule_sets,
    load_rule_set,
)
from .series import (
    KeyedObservation,
    ObservationIndex,
    ObservationLike,
    group_by_kpi,
    index_by_kpi,
    index_observations,
)
from .text import format_amount, format_number, format_ratio, period_label, year_label

__all__ = [
    "ALL_PREFECTURES",
    "DEFAULT_RULE_SET",
    "METROPOLITAN_AREAS",
    "TOKYO_AREA",
    "Baseline",
    "Comparison",
    "Expected",
    "Fit",
    "KeyedObservation",
    "KpiResult",
    "Label",
    "NodeSummary",
    "ObservationIndex",
    "ObservationLike",
    "PrefectureValue",
    "Projection",
    "RelativeFacts",
    "RoadmapProgress",
    "RollUp",
    "RuleSet",
    "RuleSetError",
    "Series",
    "UsedValue",
    "available_rule_sets",
    "evaluate_all",
    "evaluate_indexed",
    "evaluate_kpi",
    "expected_value",
    "format_amount",
    "format_number",
    "format_ratio",
    "group_by_kpi",
    "growth",
    "index_by_kpi",
    "index_observations",
    "load_rule_set",
    "meets",
    "moved",
    "outside",
    "period_label",
    "project",
    "reaches",
    "region_ratio_series",
    "region_series",
    "roll_up",
    "year_label",
]
