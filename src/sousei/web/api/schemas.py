"""The JSON API's request and response models: what `/api/v1` promises, as OpenAPI shows it.

Numbers that are KPI values (targets, figures, baselines, expected values, ratios) are exact
decimals in the store and in the evaluation; they travel as **decimal strings** ("60000000",
"0.7113933333333333333333333333"), never as JSON numbers. A JSON number is read as a binary
float by most clients (JavaScript's JSON.parse, spreadsheet imports, many JSON libraries): it
holds about 15–17 significant digits, so 40724916.66666666666666666667 or a 38-digit NUMERIC
would change on the way. A string keeps every digit and reads back to the same Decimal; the
request body takes values the same way. Counts, years and ids stay JSON integers.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from sousei.ingest.actuals.cells import beyond_storage

DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"
_DECIMAL = re.compile(DECIMAL_PATTERN)
DECIMAL_WHY = (
    '正確な十進数を文字列で表します（例: "60000000"、"0.158"）。JSON の数値は多くの環境で'
    "2 進浮動小数点として読まれ、15～17 桁を超える桁が変わるためです。"
    " An exact decimal as a string: JSON numbers are read as binary floats by most clients and "
    "would lose digits."
)


def decimal_text(value: Decimal) -> str:
    """Plain notation, every digit kept, no exponent, no trailing zeros: 1E+7 → "10000000"."""
    text = format(value, "f")  # without a precision "f" neither rounds nor uses an exponent
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


Exact = Annotated[
    Decimal,
    PlainSerializer(decimal_text, return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": DECIMAL_PATTERN, "description": DECIMAL_WHY},
        mode="serialization",
    ),
]
"""A response's exact decimal, written as a decimal string."""


def invalid(message: str) -> PydanticCustomError:
    """A validation error with our message and nothing else in its context, so the 422 body
    is plain JSON (a ValueError would put the exception object into the error's context)."""
    return PydanticCustomError("value_error", message)


def _read_decimal(value: object) -> Decimal:
    if not isinstance(value, str):
        raise invalid(
            '値は文字列で送ってください（例: "36869900"）。JSON の数値は桁が失われることがあります'
        )
    if not _DECIMAL.fullmatch(value):
        raise invalid("値は「36869900」「85.2」のような十進数で書いてください（桁区切りなし）")
    try:
        found = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise invalid("値を読めません") from None
    too_big = beyond_storage(found)
    if too_big is not None:
        raise invalid(too_big)
    return found


ExactIn = Annotated[
    Decimal,
    BeforeValidator(_read_decimal),
    WithJsonSchema(
        {"type": "string", "pattern": DECIMAL_PATTERN, "description": DECIMAL_WHY},
        mode="validation",
    ),
]
"""A request's exact decimal: a decimal string only, within the store's NUMERIC(38, 10)."""


class Out(BaseModel):
    """Base of the response models."""

    model_config = ConfigDict(frozen=True)


class In(BaseModel):
    """Base of the request models: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Out):
    """エラー — why a request was refused (401, 403, 404, 409)."""

    detail: str = Field(examples=["この操作の権限がありません。"])


class Page(Out):
    """ページ — one page of a long list: `total` items, this page from `offset`."""

    total: int = Field(description="条件に合う件数（全ページ）")
    limit: int
    offset: int


# -- strategies ---------------------------------------------------------------------------------


class StrategySummary(Out):
    """総合戦略 — one strategy with its newest revision."""

    key: str = Field(examples=["national"])
    title: str
    family: str = Field(description="national（国）または地方公共団体の種類")
    lgcode: str | None = Field(description="全国地方公共団体コード（6 桁）")
    rule_set: str
    revision: int = Field(description="最新の改訂版の番号")
    revision_label: str
    kpis: int = Field(description="最新の改訂版の KPI 数")


class StrategyList(Page):
    items: list[StrategySummary]


class RevisionOut(Out):
    """改訂版 — one loaded revision of a strategy."""

    number: int
    label: str
    source_name: str
    loaded_by: str
    loaded_at: datetime
    first_year: int | None
    last_year: int | None


class StrategyCounts(Out):
    """件数 — what the newest revision holds."""

    impacts: int
    outcomes: int
    areas: int
    measures: int
    projects: int
    roadmap_entries: int
    kpis: int
    kpis_by_level: dict[str, int] = Field(description="impact・outcome・output ごとの KPI 数")


class StrategyDetail(Out):
    """総合戦略の詳細 — the newest revision, its counts and the years that have figures."""

    key: str
    title: str
    family: str
    lgcode: str | None
    rule_set: str
    revision: RevisionOut
    revisions: int = Field(description="改訂版の数")
    counts: StrategyCounts
    years: list[int] = Field(description="実績値のある年（度）")
    evaluation_year: int = Field(description="評価の既定の年（度）: 実績値のある最新の年")


# -- nodes of the logic model ------------------------------------------------------------------

NodeKind = Literal["impact", "outcome", "area", "group", "measure"]


class NodeOut(Out):
    """ロジックモデルの要素 — an impact, outcome, output area (or group of areas) or 施策."""

    key: str = Field(examples=["impact:1", "outcome:A", "area:a", "measure:a/1/1"])
    kind: NodeKind
    id: str
    title: str
    parent: str | None = Field(description="親の key（インパクトは null）")
    kpi_ids: list[str] = Field(description="この要素に直接属する KPI")
    number: int | None = Field(default=None, description="施策の番号")
    group: int | None = Field(default=None, description="施策のまとまりの番号")
    group_title: str | None = None
    relisted: bool | None = Field(default=None, description="他の領域の施策の再掲")
    original: str | None = Field(default=None, description="再掲元の施策の key")


class NodeList(Out):
    strategy: str
    revision: int
    items: list[NodeOut]


class RoadmapOut(Out):
    """工程表の記載 — what a project does from when to when."""

    project: str | None
    measure: str | None = Field(description="施策の key")
    column_year: int | None
    start_year: int | None
    start_month: int | None
    end_year: int | None
    end_month: int | None
    open_ended: bool
    text: str


class KpiRef(Out):
    id: str
    indicator: str


class NodeDetail(NodeOut):
    """ロジックモデルの要素の詳細 — with its text, children, KPIs, 主な事業 and 工程表."""

    text: str
    children: list[str]
    kpis: list[KpiRef]
    projects: list[str] = Field(description="主な事業（施策のみ）")
    roadmap: list[RoadmapOut]


# -- KPIs ---------------------------------------------------------------------------------------


class TargetOut(Out):
    """目標 — what a KPI aims at, as read from the document."""

    text: str
    value: Exact | None
    unit: str | None
    comparator: str | None
    target_year: int | None
    year_basis: Literal["calendar", "fiscal"] | None
    recurring: bool
    cumulative: bool
    period_start: int | None
    baseline_year: int | None
    to_be_set: bool


class KpiStatus(Out):
    """評価の状態 — a KPI's status for one year (label and colour from the rule set)."""

    year: int
    status: str = Field(examples=["on_track", "no_data"])
    label: str = Field(examples=["順調"])
    colour: str = Field(examples=["#0D47A1"])
    kind: Literal["evaluated", "no_data", "not_due", "not_assessable"]


class KpiSummary(Out):
    """KPI — one KPI of a strategy's newest revision, with its status for the year asked."""

    id: str = Field(examples=["national/A-KPI④-1"])
    strategy: str
    doc_id: str
    level: Literal["impact", "outcome", "output"]
    node: str = Field(description="属するロジックモデルの要素の key")
    label: str | None
    indicator: str
    organisation: str | None
    target: TargetOut
    evaluation: KpiStatus | None


class KpiList(Page):
    strategy: str
    year: int = Field(description="状態を評価した年（度）")
    items: list[KpiSummary]


class ReferenceOut(Out):
    """KPI の参照情報 — responsible body, data source, baseline, kind."""

    organisation: str | None
    department: str | None
    data_source: str | None
    method: str | None
    baseline_value: Exact | None
    baseline_year: int | None
    baseline_basis: Literal["calendar", "fiscal"] | None
    baseline_comment: str | None
    direction: Literal["up", "down", "maintain"] | None
    temporal_kind: Literal["flow", "stock", "cumulative", "rate"] | None
    interim_targets: dict[str, Exact] = Field(description="中間目標（年 → 値）")


class KpiDetail(Out):
    """KPI の詳細 — the KPI as its newest revision states it, with its reference data."""

    id: str
    strategy: str
    revision: int = Field(description="この記載のある最新の改訂版")
    doc_id: str
    level: Literal["impact", "outcome", "output"]
    node: str
    label: str | None
    heading: str | None
    indicator: str
    text: str | None = Field(description="文書の記載のまま")
    notes: list[str]
    source_line: int
    target: TargetOut
    reference: ReferenceOut


# -- observations -------------------------------------------------------------------------------


class PeriodOut(Out):
    """対象期間 — a year (start = end) or a range for cumulative figures."""

    start: int
    end: int
    basis: Literal["calendar", "fiscal"]


class SourceOut(Out):
    """出典"""

    publisher: str | None
    publication: str | None
    published: str | None
    url: str | None


class ObservationOut(Out):
    """実績値 — one reported figure; never overwritten (a correction supersedes it)."""

    id: int
    kpi_id: str
    period: PeriodOut
    value: Exact
    unit: str
    written: str | None = Field(description="報告された表記のまま（例: 4,268万人）")
    status: str | None = Field(description="速報・確報・確定値・推計値・暫定値・見込み")
    source: SourceOut
    note: str | None
    entered_by: str
    entered_at: datetime
    supersedes: int | None = Field(description="この値が置き換えた実績値の id")
    review_state: Literal["draft", "submitted", "approved", "returned"]
    review_reason: str | None


class ObservationList(Out):
    kpi_id: str
    as_of: date | None = Field(description="この日の終わり（日本時間）に分かっていた値")
    approved_only: bool = Field(description="承認済みの値だけか（サインインしていない読者は常に）")
    items: list[ObservationOut]


class PeriodIn(In):
    """対象期間 — `end` is the year; `start` only for a range; `basis` defaults to the KPI's."""

    end: int = Field(ge=1900, le=2200, examples=[2025])
    start: int | None = Field(default=None, ge=1900, le=2200)
    basis: Literal["calendar", "fiscal"] | None = None

    @field_validator("start")
    @classmethod
    def _ordered(cls, start: int | None, info: ValidationInfo) -> int | None:
        end = info.data.get("end")
        if start is not None and end is not None and start > end:
            raise invalid("開始年は終了年以前にしてください")
        return start


class SourceIn(In):
    publisher: str | None = Field(default=None, max_length=2000)
    publication: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, max_length=32)
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")


class ObservationIn(In):
    """報告値 — a figure to record; it is stored as 提出済み (submitted) for review."""

    period: PeriodIn
    value: ExactIn = Field(description='基本単位の値（4,268万人なら "42683600"）')
    unit: str | None = Field(
        default=None, max_length=32, description="基本単位。省略すると KPI の単位"
    )
    written: str | None = Field(default=None, max_length=2000)
    status: str | None = Field(
        default=None, description="速報・確報・確定値・推計値・暫定値・見込み"
    )
    source: SourceIn = Field(default_factory=SourceIn)
    note: str | None = Field(default=None, max_length=2000)

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "period": {"end": 2025, "basis": "calendar"},
                    "value": "42683600",
                    "unit": "人",
                    "status": "推計値",
                    "source": {"publisher": "日本政府観光局（JNTO）", "publication": "訪日外客数"},
                }
            ]
        },
    )


class ObservationWritten(Out):
    """記録の結果 — `created` is false when the figure repeats the one in force."""

    created: bool
    observation: ObservationOut


class ReviewIn(In):
    """審査 — approve a submitted figure, or return it with a reason."""

    action: Literal["approve", "return"]
    reason: str | None = Field(
        None, max_length=2000, validate_default=True, description="差戻しの理由（差戻しでは必須）"
    )

    @field_validator("reason")
    @classmethod
    def _reason_for_return(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("action") == "return" and not (reason and reason.strip()):
            raise invalid("差戻しには理由が必要です")
        return reason


# -- evaluations --------------------------------------------------------------------------------


class UsedValueOut(Out):
    """使用した実績値"""

    period: PeriodOut
    value: Exact
    unit: str
    observation_id: int | None
    status: str | None


class RelativeFactsOut(Out):
    """相対目標の比較結果"""

    subject: str
    reference: str
    measure: Literal["growth", "level", "previous_year"]
    base_year: int | None
    subject_value: Exact | None
    reference_value: Exact | None
    relation: Literal[">=", ">", "<=", "<"]


class KpiResultOut(Out):
    """KPI の評価結果 — the judgement of one KPI for one year, with every number it used.

    Ratios (`achievement`, `progress_to_path`, `progress_to_target`) are fractions: "1" = 100 %.
    """

    kpi_id: str
    indicator: str
    year: int
    assessed_year: int | None
    basis: Literal["calendar", "fiscal"]
    rule_set: str
    status: str
    label: str
    colour: str
    kind: Literal["evaluated", "no_data", "not_due", "not_assessable"]
    rule: str
    explanation: str
    phase: Literal["path", "final", "yearly", "none"]
    has_data: bool
    actual: Exact | None
    aggregation: Literal["single", "sum", "last", "range"] | None
    used: list[UsedValueOut]
    baseline: Exact | None
    baseline_year: int | None
    baseline_source: Literal["reference", "document", "observation", "cumulative_start"] | None
    target: Exact | None
    target_year: int | None
    expected: Exact | None
    path: Literal["straight", "n20", "explicit"] | None
    direction: Literal["up", "down", "maintain"] | None
    achievement: Exact | None
    achievement_formula: Literal["ratio", "gap"] | None
    progress_to_path: Exact | None
    progress_to_target: Exact | None
    met: bool | None
    comparison: RelativeFactsOut | None
    missing_years: list[int]
    notes: list[str]


class RoadmapProgressOut(Out):
    """工程表の進捗 — counted, not yet assessed (whether entries were done is not in the data)."""

    entries: int
    due: int | None
    done: int | None
    status: Literal["not_assessed"]
    reason: str


class NodeSummaryOut(Out):
    """集計ノード — an impact, outcome, area, group or the whole strategy, and its KPIs."""

    key: str
    kind: Literal["strategy", "impact", "outcome", "area", "group"]
    id: str
    title: str
    parent: str | None
    own_kpi_ids: list[str]
    kpi_ids: list[str]
    own_counts: dict[str, int]
    counts: dict[str, int]
    total: int
    reporting: int
    evaluated: int
    status: str
    label: str
    colour: str
    rule: str
    explanation: str
    roadmap: RoadmapProgressOut


class LabelOut(Out):
    """評価区分 — one status of the rule set: its text and colour."""

    id: str
    text: str
    colour: str
    description: str


class RuleSetOut(Out):
    """評価基準 — the rule set used, with its labels best first, then the special states."""

    id: str
    name: str
    labels: list[LabelOut]


class RollUpOut(Out):
    """評価の集計"""

    nodes: list[NodeSummaryOut]
    paths: dict[str, list[str]] = Field(description="KPI → 属する要素から戦略までの key")
    unplaced: list[str]


class StrategyEvaluation(Out):
    """戦略の評価 — every KPI's result for a year and the roll-up, on approved figures."""

    strategy: str
    revision: int
    year: int
    rule_set: RuleSetOut
    results: list[KpiResultOut]
    rollup: RollUpOut


class KpiEvaluation(Out):
    """KPI の評価 — one KPI's result for a year and its path up the logic model."""

    strategy: str
    revision: int
    year: int
    rule_set: RuleSetOut
    result: KpiResultOut
    path: list[str]
