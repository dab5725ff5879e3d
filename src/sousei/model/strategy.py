"""The logic model of a strategy: impacts, outcomes, areas, measures, projects, roadmap, KPIs."""

from __future__ import annotations

from .types import Comparator, Frozen, KpiLevel, Number, SourceSpan, YearBasis


class Target(Frozen):
    """目標 — what a KPI aims at, read from its target text, and the baseline it starts from.

    `baseline_year` is the year the target is measured from: a 基準値's year (a local
    strategy's 基準値（年度） column) or a year the target text names ("2020年度比").
    `baseline_value`/`baseline_unit` are the 基準値 in base units, as the target's value;
    `baseline_text` is the 基準値 as written ("－", "新規" and "調査中" give no value); a baseline
    over a range of years ("令和元年度～令和5年度") has the range's last year as `baseline_year`
    and its first as `baseline_period_start`.
    """

    text: str
    value: Number | None = None
    unit: str | None = None
    comparator: Comparator | None = None
    target_year: int | None = None
    year_basis: YearBasis | None = None
    recurring: bool = False
    cumulative: bool = False
    period_start: int | None = None
    baseline_year: int | None = None
    baseline_year_basis: YearBasis | None = None
    baseline_period_start: int | None = None
    baseline_value: Number | None = None
    baseline_unit: str | None = None
    baseline_text: str | None = None
    to_be_set: bool = False
    relative_to: str | None = None


class Kpi(Frozen):
    """KPI — 重要業績評価指標; one row per target (a bullet with two dated targets gives two)."""

    id: str
    level: KpiLevel
    owner: str
    label: str | None = None
    heading: str | None = None
    indicator: str
    target: Target
    text: str
    notes: tuple[str, ...] = ()
    lines: SourceSpan


class Impact(Frozen):
    """インパクト — one of the strategy's top-level goals."""

    id: str
    title: str
    text: str = ""
    output_text: str = ""
    lines: SourceSpan


class Outcome(Frozen):
    """アウトカム — a change among people and firms that serves an impact; a local strategy's
    基本目標 (its impact, the strategy's vision, is not part of the model: `impact_id` None)."""

    id: str
    impact_id: str | None
    title: str
    text: str = ""
    lines: SourceSpan


class Area(Frozen):
    """アウトプット領域 — an output area (a.–r.) or a sub-area of 国の役割 (4(1)…); in a local
    strategy, the 施策の基本的方向 of one 基本目標 (id and outcome_id: the goal's number)."""

    id: str
    outcome_id: str | None
    impact_id: str | None
    title: str
    written_id: str
    text: str = ""
    lines: SourceSpan


class Measure(Frozen):
    """施策 — a numbered measure of an output area; in a local strategy, a 具体的な施策, with the
    path goal/number (or goal/group/number under (1) headings)."""

    path: str
    area_id: str
    outcome_id: str | None
    group: int | None = None
    group_title: str | None = None
    category: str | None = None
    number: int
    title: str
    text: str = ""
    relisted: bool = False
    original_path: str | None = None
    lines: SourceSpan


class Project(Frozen):
    """主な事業 — a main project listed under a measure."""

    measure_path: str
    name: str
    lines: SourceSpan


class RoadmapEntry(Frozen):
    """工程表の記載 — one cell of a roadmap table: what a project does from when to when."""

    area_id: str
    project: str | None
    measure_path: str | None
    column_year: int | None
    start_year: int | None = None
    start_month: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    open_ended: bool = False
    text: str
    lines: SourceSpan


class OtherMeasure(Frozen):
    """その他の施策 — a measure of 第6節, with title and text only."""

    outcome_id: str
    number: int
    title: str
    text: str = ""
    lines: SourceSpan


class Section(Frozen):
    """章・節 — prose of the document that is not part of the logic model itself."""

    title: str
    text: str
    lines: SourceSpan


class Footnote(Frozen):
    """脚注 — a footnote, lifted out of the text it interrupted."""

    number: str
    text: str
    lines: SourceSpan


class ParseWarning(Frozen):
    """読み取り警告 — something the parser could not place, or placed by a guess."""

    line: int
    code: str
    message: str
    excerpt: str = ""


class Strategy(Frozen):
    """総合戦略 — a strategy document read into its logic model."""

    title: str
    source_name: str
    impacts: tuple[Impact, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    areas: tuple[Area, ...] = ()
    measures: tuple[Measure, ...] = ()
    projects: tuple[Project, ...] = ()
    roadmap: tuple[RoadmapEntry, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    other_measures: tuple[OtherMeasure, ...] = ()
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    warnings: tuple[ParseWarning, ...] = ()
