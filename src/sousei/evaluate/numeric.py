"""Judging numeric targets (以上, 超, 以下, 未満, a value, N倍) and trends (増加・減少・向上・維持).

Before the target year a numeric target is judged on its path (the expected value of the year);
at or after it, and every year for a yearly target, on the final value. See docs/formulas.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sousei.model.actuals import Direction
from sousei.model.strategy import Target

from .arith import CONTEXT, divide
from .case import Actual, Case, Timing, actual_facts, baseline_facts, finish, special
from .case import direction as resolve_direction
from .case import subject as subject_phrase
from .explain import baseline_phrase, ratio_text, relation_to, target_phrase, trend_phrase
from .path import Baseline, Expected, expected_value, meets, moved, ratio_progress, reaches
from .result import KpiResult
from .rules import RuleSet
from .text import format_number

__all__ = ["MEASURE_NAMES", "Form", "judge_numeric", "judge_trend", "zero_reason"]

Form = Literal["numeric", "multiple", "trend", "relative"]

MEASURE_NAMES = {
    "path_progress": "進捗率",
    "target_progress": "進捗率（目標比）",
    "achievement": "達成率",
}


def judge_numeric(case: Case, timing: Timing, baseline: Baseline, actual: Actual) -> KpiResult:
    """以上・超・以下・未満・a value・N倍: on the path before the target year, else final."""
    target = case.target
    facts = {**baseline_facts(baseline), **actual_facts(actual, timing)}
    final_value = _final_target(target, baseline)
    if final_value is None:
        assert target.value is not None
        body = _missing_baseline(case, baseline, f"目標値（基準の{format_number(target.value)}倍）")
        return special(case, "not_assessable", "baseline.missing", body, **facts)
    direction = resolve_direction(case, baseline.value, final_value)
    met = meets(actual.value, final_value, _as_numeric(target), direction)
    facts |= {"target": final_value, "direction": direction, "met": met}
    phrase = _target_phrase(case, final_value)
    subject = subject_phrase(case, actual, timing)
    moving = baseline.value != final_value  # a 維持 target is never achieved early
    if timing.phase == "path" and case.rules.early_achievement and met and moving:
        body = f"{subject}は、{phrase}にすでに達しています"
        return finish(case, case.rules.yes_no.met, "path.early_met", body, **facts)
    if timing.phase == "path":
        return _on_path(case, baseline, actual, final_value, direction, facts, subject, phrase)
    return _at_final(case, timing, baseline, actual, final_value, direction, facts, subject, phrase)


def _final_target(target: Target, baseline: Baseline) -> Decimal | None:
    """The target value; for N倍 it is N × the base-year value (None without one)."""
    assert target.value is not None  # checked by the decision list
    if target.comparator != "multiple":
        return target.value
    if baseline.value is None:
        return None
    return CONTEXT.multiply(target.value, baseline.value)


def _as_numeric(target: Target) -> Literal[">=", ">", "<=", "<", "="]:
    comparator = target.comparator
    if comparator in (">=", ">", "<=", "<"):
        return comparator
    return "="


def _target_phrase(case: Case, value: Decimal) -> str:
    target = case.target
    multiple = target.value if target.comparator == "multiple" else None
    return target_phrase(
        value,
        comparator=_as_numeric(target),
        unit=case.unit,
        basis=case.basis,
        target_year=target.target_year,
        period_start=target.period_start,
        recurring=target.recurring,
        cumulative=target.cumulative,
        multiple=multiple,
    )


def _missing_baseline(case: Case, baseline: Baseline, what: str) -> str:
    if baseline.year is None:
        return f"基準値と基準年が定められていないため、{what}を計算できず評価できません"
    return f"基準年（{case.y(baseline.year)}）の基準値がないため、{what}を計算できず評価できません"


def _ratio(actual: Decimal, goal: Decimal, direction: Direction) -> Decimal | None:
    """達成率 実績 ÷ 目標; for an indicator that should fall, 目標 ÷ 実績."""
    return divide(goal, actual) if direction == "down" else divide(actual, goal)


@dataclass(frozen=True)
class _Measures:
    achievement: Decimal | None
    path: Decimal | None
    target: Decimal | None

    def get(self, name: str) -> Decimal | None:
        return {"achievement": self.achievement, "path_progress": self.path}.get(name, self.target)


def _measures(
    case: Case,
    actual: Decimal,
    baseline: Decimal | None,
    goal: Decimal,
    final: Decimal,
    direction: Direction,
) -> _Measures:
    rules = case.rules
    against = goal if rules.achievement_base == "interim" else final
    if rules.achievement_formula == "ratio":
        achievement = _ratio(actual, against, direction)
    else:
        achievement = None if baseline is None else ratio_progress(actual, baseline, against)
    if baseline is None:
        return _Measures(achievement, None, None)
    return _Measures(
        achievement, ratio_progress(actual, baseline, goal), ratio_progress(actual, baseline, final)
    )


def _measure_facts(case: Case, measures: _Measures) -> dict[str, Any]:
    return {
        "achievement": measures.achievement,
        "achievement_formula": case.rules.achievement_formula,
        "progress_to_path": measures.path,
        "progress_to_target": measures.target,
    }


def _needs_baseline(rules: RuleSet) -> bool:
    return rules.measure != "achievement" or rules.achievement_formula == "gap"


def _extra(case: Case, value: Decimal) -> str:
    """The graded ratio in the parenthesis, unless 上回る/下回る already says everything."""
    if case.rules.measure == "path_progress" and case.rules.cut_only_at_full():
        return ""
    return ratio_text(MEASURE_NAMES[case.rules.measure], value)


def _on_path(
    case: Case,
    baseline: Baseline,
    actual: Actual,
    final: Decimal,
    direction: Direction,
    facts: dict[str, Any],
    subject: str,
    phrase: str,
) -> KpiResult:
    if baseline.value is None or baseline.year is None:
        body = _missing_baseline(case, baseline, "目標への経路")
        return special(case, "not_assessable", "baseline.missing", body, **facts)
    assert case.target.target_year is not None  # the path phase has a target year
    expected = expected_value(
        case.rules.interim,
        baseline=baseline.value,
        base_year=baseline.year,
        target=final,
        target_year=case.target.target_year,
        year=actual.end,
        interim_targets=case.reference.interim_targets,
    )
    measures = _measures(case, actual.value, baseline.value, expected.value, final, direction)
    facts |= {"expected": expected.value, "path": expected.path, **_measure_facts(case, measures)}
    base = baseline_phrase(baseline.value, baseline.year, case.basis, case.unit)
    words = _path_words(case, expected, baseline.year, actual.end)
    body = (
        f"{subject}は、{base}から{phrase}への{words}"
        f" {case.amount(expected.value)}{relation_to(actual.value, expected.value)}"
    )
    graded = measures.get(case.rules.measure)
    if graded is None:
        held = reaches(actual.value, expected.value, direction)
        status = case.rules.yes_no.on_track if held else case.rules.yes_no.off_track
        case.notes.append(zero_reason(baseline.value, expected.value, final, actual.value))
        return finish(
            case, status, f"path.zero_division.{'on' if held else 'off'}_track", body, **facts
        )
    threshold = case.rules.grade(graded)
    rule = f"path.threshold.{threshold.label}"
    return finish(case, threshold.label, rule, body, extra=_extra(case, graded), **facts)


def _path_words(case: Case, expected: Expected, base_year: int, year: int) -> str:
    if expected.path == "n20":
        return f"中間目標（基準年から{year - base_year}年目、毎年20%ずつ）"
    if expected.interim:
        return f"{case.y(year)}の中間目標"
    if expected.path == "explicit" and case.reference.interim_targets:
        return "中間目標を結ぶ経路上の期待値"
    return "直線経路上の期待値"


def zero_reason(baseline: Decimal | None, goal: Decimal, final: Decimal, actual: Decimal) -> str:
    """Why no ratio could be computed (a zero denominator), for the result's notes."""
    if baseline is not None and baseline == final:
        return "基準値と目標値が等しいため進捗率は計算できず、目標を満たすかどうかで判定しました"
    if baseline is not None and baseline == goal:
        return "期待値が基準値と等しいため進捗率は計算できず、期待値に達したかどうかで判定しました"
    if goal == 0:
        return "目標値が0のため達成率（実績÷目標）は計算できず、目標を満たすかどうかで判定しました"
    if actual == 0:
        return "実績が0のため達成率（目標÷実績）は計算できず、目標を満たすかどうかで判定しました"
    return "比率を計算できないため、目標を満たすかどうかで判定しました"


def _at_final(
    case: Case,
    timing: Timing,
    baseline: Baseline,
    actual: Actual,
    final: Decimal,
    direction: Direction,
    facts: dict[str, Any],
    subject: str,
    phrase: str,
) -> KpiResult:
    """The target year or later, or a yearly target: judged on the value against the target."""
    rules = case.rules
    met = bool(facts["met"])
    measures = _measures(case, actual.value, baseline.value, final, final, direction)
    facts |= {"expected": final, **_measure_facts(case, measures)}
    body = f"{subject}は、{phrase}を{'満たしています' if met else '満たしていません'}"
    phase = timing.phase
    if rules.final == "yes_no":
        status = rules.yes_no.met if met else rules.yes_no.not_met
        return finish(case, status, f"{phase}.{'met' if met else 'not_met'}", body, **facts)
    graded = measures.get(rules.measure)
    if graded is None:
        if baseline.value is None and _needs_baseline(rules):
            body = _missing_baseline(case, baseline, MEASURE_NAMES[rules.measure])
            return special(case, "not_assessable", "baseline.missing", body, **facts)
        case.notes.append(zero_reason(baseline.value, final, final, actual.value))
        status = rules.yes_no.met if met else rules.yes_no.not_met
        return finish(
            case, status, f"{phase}.zero_division.{'met' if met else 'not_met'}", body, **facts
        )
    threshold = rules.grade(graded)
    rule = f"{phase}.threshold.{threshold.label}"
    return finish(case, threshold.label, rule, body, extra=_extra(case, graded), **facts)


def judge_trend(case: Case, timing: Timing, baseline: Baseline, actual: Actual) -> KpiResult:
    facts = {**baseline_facts(baseline), **actual_facts(actual, timing)}
    if baseline.value is None or baseline.year is None:
        body = _missing_baseline(case, baseline, "基準からの増減")
        return special(case, "not_assessable", "baseline.missing", body, **facts)
    comparator = case.target.comparator
    assert comparator is not None
    direction = resolve_direction(case, baseline.value, None)
    held = moved(actual.value, baseline.value, comparator, direction)
    facts |= {"direction": direction, "met": held}
    base = baseline_phrase(baseline.value, baseline.year, case.basis, case.unit)
    words = trend_phrase(comparator, down=direction == "down", held=held, baseline=base)
    body = f"{subject_phrase(case, actual, timing)}は、{words}"
    yn = case.rules.yes_no
    if timing.phase == "path":
        status, outcome = (yn.on_track, "on_track") if held else (yn.off_track, "off_track")
    else:
        status, outcome = (yn.met, "met") if held else (yn.not_met, "not_met")
    return finish(case, status, f"{timing.phase}.trend.{outcome}", body, **facts)
