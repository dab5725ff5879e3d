"""Each shipped local rule set reproduces a worked example, written out by hand.

The common example: a KPI of 人 with baseline 100 in 2024 and target 200 in 2029 (「=」, rising),
evaluated in 2026. On the straight path the interim target of 2026 is 100 + 100 × 2/5 = 140.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from sousei.evaluate import KpiResult, RuleSet
from sousei.evaluate.arith import CONTEXT
from sousei.evaluate.rules import parse_rule_set

from .factory import figure, make_kpi, run


def _evaluate(rules: str, year: int, actual: int | None, *, target_year: int = 2029) -> KpiResult:
    kpi = make_kpi("=", 200, target_year=target_year)
    observations = [] if actual is None else [figure(year, actual)]
    return run(kpi, year, observations, rules=rules, baseline_value=100, baseline_year=2024)


# 3段階評価: 達成率 = 実績 ÷ その年の目標 (140); 100% 以上 順調, 80% 以上 おおむね順調.
LOCAL_3LEVEL = [
    # actual, 達成率, label
    (150, "107.1%", "順調"),
    (140, "100.0%", "順調"),
    (120, "85.7%", "おおむね順調"),
    (112, "80.0%", "おおむね順調"),
    (111, "79.3%", "努力を要する"),
    (100, "71.4%", "努力を要する"),
]


@pytest.mark.parametrize(
    ("actual", "ratio", "label"), LOCAL_3LEVEL, ids=[str(r[0]) for r in LOCAL_3LEVEL]
)
def test_local_3level(actual: int, ratio: str, label: str) -> None:
    result = _evaluate("local-3level", 2026, actual)
    assert result.label == label
    assert result.expected == 140
    assert f"（達成率 {ratio}、{label}）" in result.explanation


def test_local_3level_sentence_and_falling_indicator() -> None:
    result = _evaluate("local-3level", 2026, 120)
    assert result.explanation == (
        "2026年の実績 120人は、基準 100人（2024年）から目標 200人（2029年）への"
        "直線経路上の期待値 140人を下回っています（達成率 85.7%、おおむね順調）"
    )
    # Falling: 100 → 50 (2029); 2026 interim 80; actual 90 → 達成率 = 80 ÷ 90 = 88.9%.
    kpi = make_kpi("=", 50, target_year=2029)
    falling = run(
        kpi, 2026, [figure(2026, 90)], rules="local-3level", baseline_value=100, baseline_year=2024
    )
    assert falling.label == "おおむね順調"
    assert "達成率 88.9%" in falling.explanation


# A～D: 達成率 = (実績 − 100) ÷ (140 − 100); A ≥ 100%, B ≥ 80%, C ≥ 50%, D below.
LOCAL_AD = [
    (150, 2026, "125.0%", "A"),
    (140, 2026, "100.0%", "A"),
    (132, 2026, "80.0%", "B"),
    (120, 2026, "50.0%", "C"),
    (119, 2026, "47.5%", "D"),
    (90, 2026, "-25.0%", "D"),
    (190, 2029, "90.0%", "B"),  # at the target year: (190 − 100) ÷ (200 − 100)
]


@pytest.mark.parametrize(
    ("actual", "year", "ratio", "label"), LOCAL_AD, ids=[f"{r[0]}-{r[1]}" for r in LOCAL_AD]
)
def test_local_ad(actual: int, year: int, ratio: str, label: str) -> None:
    result = _evaluate("local-ad", year, actual)
    assert result.label == label
    assert f"（達成率 {ratio}、{label}）" in result.explanation


# S/A/B/C/−: 達成率 = 実績 ÷ 140; S ≥ 120%, A ≥ 100%, B ≥ 80%, C below; − when not graded.
LOCAL_SABC = [
    (168, "S"),
    (150, "A"),
    (112, "B"),
    (100, "C"),
    (None, "−"),
]


@pytest.mark.parametrize(("actual", "label"), LOCAL_SABC, ids=[str(r[0]) for r in LOCAL_SABC])
def test_local_sabc(actual: int | None, label: str) -> None:
    result = _evaluate("local-sabc", 2026, actual)
    assert result.label == label


def test_local_sabc_dash_for_every_special_state() -> None:
    to_be_set = make_kpi("improve", None, unit=None, to_be_set=True)
    assert run(to_be_set, 2026, [], rules="local-sabc").label == "−"
    assert _evaluate("local-sabc", 2024, 100).label == "−"  # the baseline year: 対象外
    assert _evaluate("local-sabc", 2024, 100).status == "not_due"


# ◎○△×: 進捗率（目標比）= (実績 − 100) ÷ (200 − 100); ◎ ≥ 100%, ○ > 0, △ = 0, × < 0.
LOCAL_MARKS = [
    (210, "◎"),
    (200, "◎"),
    (130, "○"),
    (101, "○"),
    (100, "△"),
    (95, "×"),
]


@pytest.mark.parametrize(("actual", "label"), LOCAL_MARKS, ids=[str(r[0]) for r in LOCAL_MARKS])
def test_local_marks(actual: int, label: str) -> None:
    result = _evaluate("local-marks", 2026, actual)
    assert result.label == label


def test_local_marks_sentence_and_trend() -> None:
    result = _evaluate("local-marks", 2026, 130)
    assert result.explanation.endswith("を下回っています（進捗率（目標比） 30.0%、○）")
    kpi = make_kpi("increase", None, unit=None, target_year=2029, baseline_year=2024)
    up = run(kpi, 2026, [figure(2024, 100), figure(2026, 110)], rules="local-marks")
    met = run(kpi, 2029, [figure(2024, 100), figure(2029, 110)], rules="local-marks")
    assert (up.label, met.label) == ("○", "◎")


# n × 20%: baseline 100 (2024) → 200 in 2034 (ten years away). The interim target of year n
# is 100 + 100 × min(1, 0.2 n), reached after five years; the straight path would be 100 + 10 n.
LOCAL_N20 = [
    # year, actual, interim target, 達成率 (gap), label
    (2026, 140, 140, "100.0%", "順調"),
    (2026, 135, 140, "87.5%", "おおむね順調"),
    (2026, 120, 140, "50.0%", "努力を要する"),
    (2029, 180, 200, "80.0%", "おおむね順調"),
    (2031, 200, 200, "100.0%", "順調"),
]


@pytest.mark.parametrize(
    ("year", "actual", "interim", "ratio", "label"),
    LOCAL_N20,
    ids=[f"{r[0]}-{r[1]}" for r in LOCAL_N20],
)
def test_local_n20(year: int, actual: int, interim: int, ratio: str, label: str) -> None:
    result = _evaluate("local-n20", year, actual, target_year=2034)
    assert result.path == "n20"
    assert result.expected == interim
    assert result.label == label
    assert f"（達成率 {ratio}、{label}）" in result.explanation


def test_local_n20_sentence_names_the_interim_step() -> None:
    result = _evaluate("local-n20", 2026, 135, target_year=2034)
    assert result.explanation == (
        "2026年の実績 135人は、基準 100人（2024年）から目標 200人（2034年）への"
        "中間目標（基準年から2年目、毎年20%ずつ） 140人を下回っています"
        "（達成率 87.5%、おおむね順調）"
    )
    straight = _evaluate("local-3level", 2026, 120, target_year=2034)
    assert straight.expected == 120  # the same KPI on a straight path


def _explicit_rules() -> RuleSet:
    """The national rule set with interim targets set year by year (interim = "explicit")."""
    text = files("sousei").joinpath("data", "rulesets", "national.toml").read_text("utf-8")
    data = tomllib.loads(text) | {"id": "explicit", "interim": "explicit"}
    return parse_rule_set(data, origin="explicit.toml")


def test_explicit_interim_targets() -> None:
    kpi = make_kpi("=", 200, target_year=2029)
    rules = _explicit_rules()
    interim = {2026: 130}
    own = run(
        kpi,
        2026,
        [figure(2026, 125)],
        rules=rules,
        baseline_value=100,
        baseline_year=2024,
        interim_targets=interim,
    )
    assert own.expected == 130
    assert (own.path, own.label) == ("explicit", "遅れ")
    assert "への2026年の中間目標 130人を下回っています（遅れ）" in own.explanation
    # 2027 lies between the interim target (2026, 130) and the target (2029, 200).
    between = run(
        kpi,
        2027,
        [figure(2027, 160)],
        rules=rules,
        baseline_value=100,
        baseline_year=2024,
        interim_targets=interim,
    )
    assert between.expected == CONTEXT.add(130, CONTEXT.divide(70, 3))
    assert "中間目標を結ぶ経路上の期待値" in between.explanation
    # Without interim targets the explicit path is the straight one.
    plain = run(kpi, 2026, [figure(2026, 125)], rules=rules, baseline_value=100, baseline_year=2024)
    assert plain.expected == 140
    # national draws a straight path and ignores interim targets.
    national = run(
        kpi,
        2026,
        [figure(2026, 125)],
        baseline_value=100,
        baseline_year=2024,
        interim_targets=interim,
    )
    assert national.expected == 140
