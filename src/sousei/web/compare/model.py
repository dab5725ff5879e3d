"""The values of a comparison: the national target, each linked local KPI as a row, and what the
pages make of them (unit groups, shares, map classes).

How the statuses of different rule sets become one "achieved or on track" (`counts_as_on_track`):
a rule set orders its labels best first and names, in `yes_no.on_track`, the label that means
"on track" when a KPI is judged yes or no. Every label at least as good as that one counts:

* national: 達成, 順調 (not 遅れ);
* local-3level and local-n20: 順調 (not おおむね順調, not 努力を要する);
* local-ad: A, B (not C, D);
* local-marks: ◎, ○ (not △, ×);
* local-sabc: S, A (not B, C).

The special states (データなし, 対象外, 評価不能, however a rule set writes them) are no grade at
all: they count in neither part of the share, which is taken over the graded KPIs only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from sousei.evaluate import KpiResult, RuleSet
from sousei.evaluate.rules import SPECIAL_STATES
from sousei.registry import LocalGovernment

TargetKind = Literal["outcome", "kpi"]
GovernmentClass = Literal["all", "some", "none", "ungraded"]
"""A government on the map: all, some or none of its graded KPIs achieved or on track, or none
graded."""

GOVERNMENT_CLASSES: tuple[GovernmentClass, ...] = ("all", "some", "none", "ungraded")

PER_CAPITA_BASE = Decimal(10_000)
"""Per-capita values are per 10,000 residents (人口1万人当たり)."""

INTENSIVE_UNITS = frozenset({"", "%", "ポイント", "倍", "歳", "年", "か月", "日", "点"})
"""Units of rates, levels and ages: a per-capita value of them means nothing."""

POPULATION_PREFIX = "人口/"
"""Population lives in `series_value` rows named 人口/<団体コード> (unit 人, one per year)."""


def counts_as_on_track(rules: RuleSet, status: str) -> bool | None:
    """Whether a status is "achieved or on track" in its rule set; None for no grade."""
    if status in SPECIAL_STATES:
        return None
    return rules.rank(status) <= rules.rank(rules.yes_no.on_track)


def on_track_labels(rules: RuleSet) -> tuple[str, ...]:
    """The texts of the labels that count as achieved or on track, best first."""
    return tuple(
        label.text
        for label in rules.labels
        if counts_as_on_track(rules, label.id)  # the labels are never special states
    )


@dataclass(frozen=True)
class NationalTarget:
    """比較の対象 — a national outcome (A–E) or KPI, and the national KPIs links to it may name."""

    kind: TargetKind
    id: str
    title: str
    unit: str | None
    kpi_ids: tuple[str, ...]
    """The national KPIs whose links count: the KPI itself, or an outcome's own KPIs and those of
    its areas."""
    names: dict[str, str] = field(default_factory=dict, compare=False)
    """National KPI id → indicator, for naming what a local KPI is linked through."""
    status: str | None = None
    label: str | None = None
    colour: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Figure:
    """直近の実績値 — the newest approved figure in force up to the compared year."""

    value: Decimal
    unit: str
    start: int
    end: int
    basis: str

    @property
    def period(self) -> str:
        suffix = "年度" if self.basis == "fiscal" else "年"
        if self.start == self.end:
            return f"{self.end}{suffix}"
        return f"{self.start}～{self.end}{suffix}"


@dataclass(frozen=True)
class Population:
    """人口 — a government's population of one year, from the series 人口/<団体コード>."""

    value: Decimal
    year: int


@dataclass(frozen=True)
class LocalRow:
    """A local KPI linked to the national target, with its government and evaluation."""

    government: LocalGovernment
    strategy_key: str
    strategy_title: str
    kpi_id: str
    indicator: str
    level: str
    via: tuple[str, ...]
    """The national targets its confirmed links name (an outcome letter or national KPI ids)."""
    rules: RuleSet
    result: KpiResult
    latest: Figure | None
    target_unit: str | None
    population: Population | None = None

    @property
    def unit(self) -> str:
        """The unit its values are compared in: the latest figure's, else the target's."""
        if self.latest is not None:
            return self.latest.unit
        return self.target_unit or ""

    @property
    def on_track(self) -> bool | None:
        return counts_as_on_track(self.rules, self.result.status)

    @property
    def per_capita(self) -> Decimal | None:
        """The latest value per 10,000 residents, where the population is known and the unit
        is a count or an amount (not a rate); one decimal."""
        if self.latest is None or self.population is None or self.population.value <= 0:
            return None
        if self.unit in INTENSIVE_UNITS or "/" in self.unit or "当たり" in self.unit:
            return None
        value = self.latest.value * PER_CAPITA_BASE / self.population.value
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitGroup:
    """KPIs whose values share a unit, shown side by side."""

    unit: str
    rows: tuple[LocalRow, ...]
    matches_national: bool

    @property
    def has_per_capita(self) -> bool:
        return any(row.per_capita is not None for row in self.rows)


@dataclass(frozen=True)
class Apart:
    """A KPI whose value is not compared with the others, and why."""

    row: LocalRow
    reason: str


@dataclass(frozen=True)
class Share:
    """達成・順調の割合 — of one prefecture, region group or all: graded KPIs achieved or on
    track."""

    key: str
    name: str
    governments: int
    kpis: int
    graded: int
    on_track: int

    @property
    def ungraded(self) -> int:
        return self.kpis - self.graded

    @property
    def share(self) -> Decimal | None:
        """A fraction (1 = 100 %); None when no KPI is graded."""
        if self.graded == 0:
            return None
        return Decimal(self.on_track) / Decimal(self.graded)


@dataclass(frozen=True)
class GovernmentSummary:
    """One government on the map: its linked KPIs and how many are achieved or on track."""

    government: LocalGovernment
    kpis: int
    graded: int
    on_track: int

    @property
    def category(self) -> GovernmentClass:
        if self.graded == 0:
            return "ungraded"
        if self.on_track == self.graded:
            return "all"
        return "some" if self.on_track else "none"


@dataclass(frozen=True)
class Filters:
    """絞り込み — prefecture (two-digit code), kind and population class; None = all."""

    prefecture: str | None = None
    kind: str | None = None
    population: str | None = None

    @property
    def active(self) -> bool:
        return any((self.prefecture, self.kind, self.population))


@dataclass(frozen=True)
class Evaluated:
    """Every linked local KPI of a target evaluated for a year (before filtering); cached."""

    target: NationalTarget
    year: int
    years: tuple[int, ...]
    rows: tuple[LocalRow, ...]
    unplaced: tuple[str, ...]
    """Keys of linked strategies without a government in the registry (no 団体コード)."""
    population_known: bool


@dataclass(frozen=True)
class Comparison:
    """What a comparison page shows: the filtered rows and everything drawn from them."""

    evaluated: Evaluated
    filters: Filters
    rows: tuple[LocalRow, ...]
    groups: tuple[UnitGroup, ...]
    apart: tuple[Apart, ...]
    prefectures: tuple[Share, ...]
    regions: tuple[Share, ...]
    total: Share
    governments: tuple[GovernmentSummary, ...]
    rule_sets: tuple[RuleSet, ...] = field(default=())

    @property
    def target(self) -> NationalTarget:
        return self.evaluated.target

    @property
    def year(self) -> int:
        return self.evaluated.year
