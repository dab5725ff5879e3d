"""evaluate_kpi: one KPI, one year, one rule set → a KpiResult with its status and reason.

The order of the checks is the documented decision list of docs/formulas.md ("Decision
order"): a target still to be set or unreadable is 評価不能; a year in the future, before the
target's period or not after the baseline year is 対象外; no figure for the year is データなし;
a baseline needed but missing is 評価不能; only then is the figure judged, by the target's form:
numeric (以上/超/以下/未満/a value/N倍), trend (増加/減少/向上/維持) or relative (東京圏以上).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sousei.ja.units import canonical_unit
from sousei.model.actuals import KpiReference, TemporalKind
from sousei.model.strategy import Kpi
from sousei.model.types import YearBasis

from .arith import CONTEXT, ZERO
from .case import Actual, Case, Timing, baseline_facts, no_data, special, years_text
from .compare import judge_relative
from .numeric import Form, judge_numeric, judge_trend
from .path import Baseline
from .relative import Comparison
from .result import KpiResult
from .rules import RuleSet
from .series import KeyedObservation, ObservationIndex, ObservationLike, index_by_kpi
from .series import index_observations as _index
from .text import period_label

__all__ = ["evaluate_all", "evaluate_indexed", "evaluate_kpi"]

_FORMS: dict[str, Form] = {
    **dict.fromkeys((">=", ">", "<=", "<", "="), "numeric"),
    "multiple": "multiple",
    **dict.fromkeys(("increase", "decrease", "improve", "maintain"), "trend"),
    "relative": "relative",
}


def evaluate_kpi(
    kpi: Kpi,
    *,
    year: int,
    observations: Sequence[ObservationLike],
    reference: KpiReference,
    rules: RuleSet,
    comparison: Comparison | None = None,
    today_year: int | None = None,
) -> KpiResult:
    """Evaluate one KPI for `year` from its own observations (any order; not filtered by id)."""
    return _evaluate_indexed(
        kpi,
        _index(observations),
        year=year,
        reference=reference,
        rules=rules,
        comparison=comparison,
        today_year=today_year,
    )


def _evaluate_indexed(
    kpi: Kpi,
    index: ObservationIndex,
    *,
    year: int,
    reference: KpiReference,
    rules: RuleSet,
    comparison: Comparison | None,
    today_year: int | None,
) -> KpiResult:
    case = Case(
        kpi, reference, rules, year, _basis(kpi, reference, index), _kind(kpi, reference), index
    )
    if index.duplicates:
        case.notes.append(
            f"同じ期間の実績が{index.duplicates}件重複しており、最新の登録を使いました"
        )
    return _evaluate(case, comparison, today_year)


def evaluate_all(
    kpis: Iterable[Kpi],
    observations: Iterable[KeyedObservation],
    *,
    year: int,
    rules: RuleSet,
    references: Mapping[str, KpiReference] | None = None,
    comparisons: Mapping[str, Comparison] | None = None,
    today_year: int | None = None,
) -> list[KpiResult]:
    """Evaluate many KPIs; observations are indexed by `kpi_id` in one pass (= `kpi.id`)."""
    return evaluate_indexed(
        kpis,
        index_by_kpi(observations),
        year=year,
        rules=rules,
        references=references,
        comparisons=comparisons,
        today_year=today_year,
    )


def evaluate_indexed(
    kpis: Iterable[Kpi],
    indexes: Mapping[str, ObservationIndex],
    *,
    year: int,
    rules: RuleSet,
    references: Mapping[str, KpiReference] | None = None,
    comparisons: Mapping[str, Comparison] | None = None,
    today_year: int | None = None,
) -> list[KpiResult]:
    """`evaluate_all` on figures already indexed by KPI id (`index_by_kpi`, or a store that
    builds the indexes from its rows); a KPI without an index has no figures."""
    refs = references or {}
    pairs = comparisons or {}
    empty = KpiReference()
    nothing = ObservationIndex({}, 0)
    return [
        _evaluate_indexed(
            kpi,
            indexes.get(kpi.id, nothing),
            year=year,
            reference=refs.get(kpi.id, empty),
            rules=rules,
            comparison=pairs.get(kpi.id),
            today_year=today_year,
        )
        for kpi in kpis
    ]


def _basis(kpi: Kpi, reference: KpiReference, index: ObservationIndex) -> YearBasis:
    if kpi.target.year_basis is not None:
        return kpi.target.year_basis
    if reference.baseline_basis is not None:
        return reference.baseline_basis
    latest = index.latest()
    return "fiscal" if latest is not None and latest.period.basis == "fiscal" else "calendar"


def _kind(kpi: Kpi, reference: KpiReference) -> TemporalKind:
    """The temporal kind: as set, else flow for a 累計 target (yearly sums), else stock."""
    if reference.temporal_kind is not None:
        return reference.temporal_kind
    return "flow" if kpi.target.cumulative else "stock"


def _timing(case: Case) -> Timing:
    target_year = case.target.target_year
    if case.target.recurring or target_year is None:
        if target_year is not None and case.year > target_year:
            period = period_label(case.target.period_start or target_year, target_year, case.basis)
            case.notes.append(f"対象期間（{period}）が終わったため、最終年の実績で判定しました")
            return Timing(target_year, "yearly")
        if target_year is None and not case.target.recurring:
            case.notes.append("目標年がないため、各年の値を目標と比べました")
        return Timing(case.year, "yearly")
    if case.year >= target_year:
        return Timing(target_year, "final")
    return Timing(case.year, "path")


def _baseline(case: Case) -> Baseline:
    """基準: the reference's value, else the document's 基準値, else the figure of the baseline
    year, else 0 before a 累計 (docs/formulas.md, "Baseline")."""
    ref, target = case.reference, case.target
    year = ref.baseline_year if ref.baseline_year is not None else target.baseline_year
    if ref.baseline_value is not None:
        return Baseline(ref.baseline_value, year, "reference")
    stated = _document_baseline(case)
    if stated is not None:
        return stated
    if year is not None:
        found = case.index.single(year)
        return Baseline(found.value, year, "observation") if found else Baseline(None, year)
    if target.cumulative and target.period_start is not None:
        return Baseline(ZERO, target.period_start - 1, "cumulative_start")
    return Baseline(None, None)


def _document_baseline(case: Case) -> Baseline | None:
    """The 基準値 the strategy itself states (`Target.baseline_value`), when it can start the path:
    it has a year, that year is the one the reference (if any) names, its unit is the target's,
    and the target is not a 累計 over a period — such a sum starts from nothing, and the 基準値
    beside it is one year's level before the period."""
    target, ref = case.target, case.reference
    value, year = target.baseline_value, target.baseline_year
    if value is None or year is None:
        return None
    if ref.baseline_year is not None and ref.baseline_year != year:
        return None
    if target.cumulative and target.period_start is not None:
        return None
    stated, wanted = target.baseline_unit, target.unit
    comparable = stated and wanted and target.comparator != "multiple"
    if comparable and base_unit(stated or "") != base_unit(wanted or ""):
        return None
    return Baseline(value, year, "document")


def _evaluate(case: Case, comparison: Comparison | None, today_year: int | None) -> KpiResult:
    target = case.target
    if target.to_be_set:
        body = "目標値は今後設定されることになっているため評価できません"
        return special(case, "not_assessable", "target.to_be_set", body)
    form = _FORMS.get(target.comparator or "")
    if form is None:
        body = "目標の比べ方（以上・増加など）が読み取れないため評価できません"
        return special(case, "not_assessable", "target.unreadable", body)
    if form in ("numeric", "multiple") and target.value is None:
        return special(
            case, "not_assessable", "target.no_value", "目標値が読み取れないため評価できません"
        )
    if today_year is not None and case.year > today_year:
        body = f"{case.y(case.year)}はまだ来ていないため評価しません"
        return special(case, "not_due", "year.future", body)
    if target.period_start is not None and case.year < target.period_start:
        period = period_label(
            target.period_start, target.target_year or target.period_start, case.basis
        )
        body = f"{case.y(case.year)}は対象期間（{period}）より前のため評価しません"
        return special(case, "not_due", "period.before", body)
    if form == "relative":
        return judge_relative(case, _timing(case), comparison)
    return _judge(case, form)


def _judge(case: Case, form: Form) -> KpiResult:
    timing = _timing(case)
    baseline = _baseline(case)
    facts = baseline_facts(baseline)
    uses_baseline = form == "trend" or timing.phase == "path"
    if uses_baseline and baseline.year is not None:
        early = _before_baseline(case, baseline.year, facts)
        if early is not None:
            return early
    actual = _actual(case, timing.year)
    if not isinstance(actual, Actual):
        return no_data(case, timing, actual, facts)
    if case.target.recurring:
        _note_gaps(case, timing.year)
    mismatch = _unit_mismatch(case, actual)
    if mismatch is not None:
        return special(case, "not_assessable", "unit.mismatch", mismatch, **facts, has_data=True)
    if form == "trend":
        return judge_trend(case, timing, baseline, actual)
    return judge_numeric(case, timing, baseline, actual)


def _note_gaps(case: Case, year: int) -> None:
    """毎年の目標: earlier years of the period (or since the first figure) without a figure."""
    known = case.index.years()
    first = known[0] if known else year
    start = case.target.period_start if case.target.period_start is not None else first
    case.gaps = tuple(y for y in range(start, year) if case.index.single(y) is None)
    if case.gaps:
        years = years_text(case.gaps, case.basis)
        case.notes.append(f"毎年の目標ですが、{years}の実績がありません")


def _before_baseline(case: Case, base_year: int, facts: dict[str, Any]) -> KpiResult | None:
    target_year = case.target.target_year
    if target_year is not None and base_year >= target_year:
        body = (
            f"基準年（{case.y(base_year)}）が目標年（{case.y(target_year)}）以降のため、"
            "目標への経路を引けず評価できません"
        )
        return special(case, "not_assessable", "baseline.after_target", body, **facts)
    if case.year <= base_year:
        body = f"{case.y(case.year)}は基準年（{case.y(base_year)}）以前のため評価しません"
        return special(case, "not_due", "baseline.year", body, **facts)
    return None


def _actual(case: Case, year: int) -> Actual | tuple[int, ...]:
    """The value judged for `year`, or the years whose figures are missing."""
    target = case.target
    start = target.period_start
    if target.cumulative and start is not None:
        ranged = case.index.by_period.get((start, year))
        if ranged is not None:
            return Actual(ranged.value, (ranged,), "range", start, year)
        if case.kind == "flow":
            return _summed(case.index, start, year)
        single = case.index.single(year)
        return Actual(single.value, (single,), "last", year, year) if single else (year,)
    single = case.index.single(year)
    return Actual(single.value, (single,), "single", year, year) if single else (year,)


def _summed(index: ObservationIndex, start: int, end: int) -> Actual | tuple[int, ...]:
    """A 累計 of yearly flows: every year of the range is needed, else the gaps are reported."""
    found: list[ObservationLike] = []
    missing: list[int] = []
    for year in range(start, end + 1):
        figure = index.single(year)
        if figure is None:
            missing.append(year)
        else:
            found.append(figure)
    if missing:
        return tuple(missing)
    total = ZERO
    for figure in found:
        total = CONTEXT.add(total, figure.value)
    return Actual(total, tuple(found), "sum", start, end)


@lru_cache(maxsize=4096)
def base_unit(unit: str) -> str:
    """The base unit of a written unit (cached: a handful of units across many figures)."""
    return canonical_unit(unit) or unit


def _unit_mismatch(case: Case, actual: Actual) -> str | None:
    expected = case.target.unit
    if not expected or case.target.comparator == "multiple":
        return None
    wanted = base_unit(expected)
    for figure in actual.used:
        if figure.unit and base_unit(figure.unit) != wanted:
            return f"実績の単位（{figure.unit}）が目標の単位（{expected}）と違うため評価できません"
    return None
