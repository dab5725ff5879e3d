"""Phrases of the one-sentence Japanese explanation of a KPI result.

The sentence is assembled from these parts (see docs/formulas.md, "Explanations"):
subject (「2025年の実績 4,268万人」), then what it was compared with, then the label in
parentheses (「（順調）」, or 「（達成率 85.0%、B）」 when the rule set grades a ratio).
"""

from __future__ import annotations

from decimal import Decimal

from sousei.model.types import Comparator

from .text import format_amount, format_number, format_ratio, period_label, year_label

__all__ = [
    "COMPARATOR_WORDS",
    "baseline_phrase",
    "relation_to",
    "relation_words",
    "target_phrase",
    "trend_phrase",
]

COMPARATOR_WORDS: dict[str, str] = {">=": "以上", ">": "超", "<=": "以下", "<": "未満"}


def baseline_phrase(value: Decimal, year: int, basis: str, unit: str | None) -> str:
    """「基準 3,687万人（2024年）」."""
    return f"基準 {format_amount(value, unit)}（{year_label(year, basis)}）"


def target_phrase(
    value: Decimal,
    *,
    comparator: Comparator,
    unit: str | None,
    basis: str,
    target_year: int | None,
    period_start: int | None = None,
    recurring: bool = False,
    cumulative: bool = False,
    multiple: Decimal | None = None,
) -> str:
    """「目標 6,000万人（2030年）」, 「毎年の目標 80%以上」, 「目標 4万人（…の累計）」 …."""
    amount = format_amount(value, unit) + COMPARATOR_WORDS.get(comparator, "")
    head = "毎年の目標" if recurring else "目標"
    notes: list[str] = []
    if multiple is not None:
        notes.append(f"基準の{format_number(multiple)}倍")
    if target_year is not None:
        if cumulative and period_start is not None:
            notes.append(f"{period_label(period_start, target_year, basis)}の累計")
        elif recurring and period_start is not None:
            notes.append(period_label(period_start, target_year, basis))
        else:
            notes.append(year_label(target_year, basis))
    suffix = f"（{'、'.join(notes)}）" if notes else ""
    return f"{head} {amount}{suffix}"


def relation_to(actual: Decimal, other: Decimal) -> str:
    """How an actual stands to a value:

    「を上回っています」, 「を下回っています」 or 「に一致しています」."""
    if actual > other:
        return "を上回っています"
    if actual < other:
        return "を下回っています"
    return "に一致しています"


def relation_words(relation: str, held: bool) -> str:
    """The words after a compared value: (">=", True) → 「以上です」, else 「を下回っています」."""
    words = {
        ">=": ("以上です", "を下回っています"),
        ">": ("を上回っています", "以下です"),
        "<=": ("以下です", "を上回っています"),
        "<": ("を下回っています", "以上です"),
    }
    yes, no = words[relation]
    return yes if held else no


def trend_phrase(comparator: Comparator, *, down: bool, held: bool, baseline: str) -> str:
    """「基準 …より増加しています」, 「基準 …の水準を維持できていません」 …."""
    if comparator == "maintain":
        return f"{baseline}の水準を{'維持しています' if held else '維持できていません'}"
    verbs = {"increase": "増加", "decrease": "減少"}
    verb = verbs.get(comparator, "改善" if down else "向上")
    return f"{baseline}より{verb}{'しています' if held else 'していません'}"


def ratio_text(name: str, value: Decimal) -> str:
    """「達成率 85.0%、」 — the ratio a rule set graded, shown before the label."""
    return f"{name} {format_ratio(value)}、"
