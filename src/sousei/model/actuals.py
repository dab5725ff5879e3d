"""Domain types of the PDCA record: KPI reference data and reported actuals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from .types import Frozen, Number, YearBasis

ReviewState = Literal["draft", "submitted", "approved", "returned"]
"""下書き → 提出 → 承認, or 差戻し with a reason."""

Direction = Literal["up", "down", "maintain"]
"""Which way is progress: 増加 / 減少 / 維持."""

TemporalKind = Literal["flow", "stock", "cumulative", "rate"]
"""フロー (summed per period), ストック (taken at period end), 累計 (over a range), 率."""

DATA_STATUSES = ("速報", "確報", "確定値", "推計値", "暫定値", "見込み")
"""The publishers' own words for how final a figure is."""

REVIEW_LABELS: dict[str, str] = {
    "draft": "下書き",
    "submitted": "提出済み",
    "approved": "承認済み",
    "returned": "差戻し",
}


class Period(Frozen):
    """対象期間 — a year (start = end) or a range of years for cumulative figures."""

    start: int
    end: int
    basis: YearBasis

    def label(self) -> str:
        suffix = "年度" if self.basis == "fiscal" else "年"
        if self.start == self.end:
            return f"{self.start}{suffix}"
        return f"{self.start}～{self.end}{suffix}"


class Source(Frozen):
    """出典 — who published a figure, where and when."""

    publisher: str | None = None
    publication: str | None = None
    published: str | None = None
    url: str | None = None


class Report(Frozen):
    """報告値 — a figure submitted for one KPI and period, before the store keeps it."""

    kpi_id: str
    period: Period
    value: Number
    unit: str
    written: str | None = None
    status: str | None = None
    source: Source = Source()
    note: str | None = None

    def same_figure(self, other: Report) -> bool:
        """Same value, unit, status and source: re-sending it changes nothing."""
        keys = {"value", "unit", "status", "source", "note"}
        return self.model_dump(include=keys) == other.model_dump(include=keys)


class Observation(Report):
    """実績値 — one reported figure of a KPI for a period, as stored; never overwritten."""

    id: int
    entered_by: str
    entered_at: datetime
    supersedes: int | None = None
    review_state: ReviewState = "draft"
    review_reason: str | None = None


class KpiReference(Frozen):
    """KPI の参照情報 — responsible body, data source, baseline and kind of a KPI."""

    organisation: str | None = None
    department: str | None = None
    data_source: str | None = None
    method: str | None = None
    baseline_value: Number | None = None
    baseline_year: int | None = None
    baseline_basis: YearBasis | None = None
    baseline_comment: str | None = None
    direction: Direction | None = None
    temporal_kind: TemporalKind | None = None
    interim_targets: dict[int, Number] = {}  # noqa: RUF012  # frozen; pydantic copies defaults
