"""Judging relative targets: 東京圏以上 (two series compared) and 毎年前年度以上 (the year before).

See `relative.py` for the series and docs/formulas.md ("Relative targets") for the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sousei.ja.text import normalize

from .case import Actual, Case, Timing, actual_facts, finish, no_data, special, subject
from .explain import relation_words
from .relative import Comparison, growth
from .result import KpiResult, RelativeFacts
from .text import format_ratio

__all__ = ["judge_relative"]


def _relation(text: str) -> Literal[">=", ">", "<=", "<"]:
    """The comparison a relative target's words ask for; 以上 when none is written."""
    flat = normalize(text)
    if "以上" in flat:
        return ">="
    if "以下" in flat:
        return "<="
    if "未満" in flat or "下回" in flat:
        return "<"
    if "超" in flat or "上回" in flat:
        return ">"
    return ">="


def _holds(left: Decimal, right: Decimal, relation: str) -> bool:
    if relation == ">=":
        return left >= right
    if relation == ">":
        return left > right
    if relation == "<=":
        return left <= right
    return left < right


def _relative_status(case: Case, timing: Timing, held: bool) -> tuple[str, str]:
    yn = case.rules.yes_no
    if timing.phase == "path":
        return (yn.on_track, "on_track") if held else (yn.off_track, "off_track")
    return (yn.met, "met") if held else (yn.not_met, "not_met")


def judge_relative(case: Case, timing: Timing, comparison: Comparison | None) -> KpiResult:
    """A relative target for the year of `timing`; see the module docstring."""
    relation = _relation(case.target.text)
    if "前年" in (case.target.relative_to or "") + case.target.text:
        return _previous_year(case, timing, relation)
    own = dict(case.index.points())
    subject = comparison.subject if comparison is not None else None
    subject_name = subject.name if subject is not None else "実績"
    subject_values = subject.values if subject is not None else own
    reference = comparison.reference if comparison is not None else None
    reference_name = (
        reference.name if reference is not None else (case.target.relative_to or "比較対象")
    )
    facts: dict[str, Any] = {"assessed_year": timing.year, "phase": timing.phase}
    if reference is None or comparison is None:
        if timing.year not in subject_values:
            body = (
                f"{case.y(timing.year)}の{subject_name}も"
                f"比較対象（{reference_name}）の系列もまだありません"
            )
            return special(case, "no_data", "relative.no_data", body, **facts)
        body = f"比較対象（{reference_name}）の系列がないため、比べられず評価できません"
        return special(
            case, "not_assessable", "relative.no_reference", body, **facts, has_data=True
        )
    base_year = comparison.base_year if comparison.base_year is not None else timing.year - 1
    sides = (
        _side(subject_name, subject_values, timing.year, base_year, comparison.measure),
        _side(reference_name, reference.values, timing.year, base_year, comparison.measure),
    )
    return _compare_sides(case, timing, relation, sides, comparison, facts)


@dataclass(frozen=True)
class _Side:
    name: str
    value: Decimal | None
    missing: tuple[int, ...]  # years without a value
    zero_base: bool = False


def _side(
    name: str, values: Mapping[int, Decimal], year: int, base_year: int, measure: str
) -> _Side:
    if measure == "level":
        return _Side(name, values.get(year), () if year in values else (year,))
    missing = tuple(y for y in (base_year, year) if y not in values)
    if missing:
        return _Side(name, None, missing)
    rate = growth(values, year, base_year)
    return _Side(name, rate, (), zero_base=rate is None)


def _compare_sides(
    case: Case,
    timing: Timing,
    relation: Literal[">=", ">", "<=", "<"],
    sides: tuple[_Side, _Side],
    comparison: Comparison,
    facts: dict[str, Any],
) -> KpiResult:
    mine, theirs = sides
    base_year = comparison.base_year if comparison.base_year is not None else timing.year - 1
    facts["comparison"] = RelativeFacts(
        subject=mine.name,
        reference=theirs.name,
        measure=comparison.measure,
        base_year=base_year if comparison.measure == "growth" else None,
        subject_value=mine.value,
        reference_value=theirs.value,
        relation=relation,
    )
    facts["has_data"] = mine.value is not None or not mine.missing
    if mine.missing and theirs.missing:
        years = "、".join(case.y(y) for y in sorted({*mine.missing, *theirs.missing}))
        body = f"{mine.name}と{theirs.name}の{years}の値がまだありません"
        return special(case, "no_data", "relative.no_data", body, **facts)
    for side in sides:
        if side.missing:
            years = "、".join(case.y(y) for y in side.missing)
            body = f"{side.name}の{years}の値がないため、比べられず評価できません"
            return special(case, "not_assessable", "relative.one_side_missing", body, **facts)
        if side.zero_base:
            body = f"{side.name}の{case.y(base_year)}の値が0のため伸び率を計算できず評価できません"
            return special(case, "not_assessable", "relative.zero_base", body, **facts)
    assert mine.value is not None
    assert theirs.value is not None
    held = _holds(mine.value, theirs.value, relation)
    status, outcome = _relative_status(case, timing, held)
    body = _relative_body(case, timing, comparison, mine, theirs, base_year, relation, held)
    return finish(case, status, f"{timing.phase}.relative.{outcome}", body, **facts)


def _relative_body(
    case: Case,
    timing: Timing,
    comparison: Comparison,
    mine: _Side,
    theirs: _Side,
    base_year: int,
    relation: str,
    held: bool,
) -> str:
    assert mine.value is not None
    assert theirs.value is not None
    if comparison.measure == "growth":
        left = f"{mine.name}の伸び率 {format_ratio(mine.value)}（{case.y(base_year)}比）"
        right = f"{theirs.name}の伸び率 {format_ratio(theirs.value)}"
    else:
        left = f"{mine.name} {case.amount(mine.value)}"
        right = f"{theirs.name} {case.amount(theirs.value)}"
    return f"{case.y(timing.year)}の{left}は、{right}{relation_words(relation, held)}"


def _previous_year(
    case: Case, timing: Timing, relation: Literal[">=", ">", "<=", "<"]
) -> KpiResult:
    """毎年前年度以上: the year's own figure against the previous year's."""
    year = timing.year
    current, previous = case.index.single(year), case.index.single(year - 1)
    facts: dict[str, Any] = {"assessed_year": year, "phase": timing.phase}
    if current is None:
        missing: tuple[int, ...] = (year,)
        return no_data(case, timing, missing, facts)
    actual = Actual(current.value, (current,), "single", year, year)
    facts |= actual_facts(actual, timing)
    if previous is None:
        body = f"前年（{case.y(year - 1)}）の実績がないため、比べられず評価できません"
        return special(case, "not_assessable", "relative.one_side_missing", body, **facts)
    held = _holds(current.value, previous.value, relation)
    facts["comparison"] = RelativeFacts(
        subject="実績",
        reference="前年の実績",
        measure="previous_year",
        subject_value=current.value,
        reference_value=previous.value,
        relation=relation,
    )
    status, outcome = _relative_status(case, timing, held)
    body = (
        f"{subject(case, actual, timing)}は、前年（{case.y(year - 1)}）の実績 "
        f"{case.amount(previous.value)}{relation_words(relation, held)}"
    )
    return finish(case, status, f"{timing.phase}.previous_year.{outcome}", body, **facts)
