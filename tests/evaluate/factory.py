"""Builders for evaluation tests: a KPI from a few target fields, figures, and one call."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sousei.evaluate import Comparison, KpiResult, RuleSet, evaluate_kpi, load_rule_set
from sousei.model.actuals import KpiReference, Period, Report
from sousei.model.strategy import Area, Impact, Kpi, Outcome, RoadmapEntry, Strategy, Target
from sousei.model.types import Comparator, SourceSpan, YearBasis

D = Decimal


def make_kpi(
    comparator: Comparator | None,
    value: int | str | None = None,
    *,
    target_year: int | None = 2030,
    unit: str | None = "人",
    basis: YearBasis = "calendar",
    text: str = "",
    kpi_id: str = "K1",
    level: str = "output",
    owner: str = "a",
    **target: Any,
) -> Kpi:
    """A KPI with the given target; other Target fields as keyword arguments."""
    return Kpi(
        id=kpi_id,
        level=level,  # type: ignore[arg-type]
        owner=owner,
        indicator=f"指標{kpi_id}",
        target=Target(
            text=text or f"{value}{unit or ''}（{target_year}年）",
            value=None if value is None else D(str(value)),
            unit=unit,
            comparator=comparator,
            target_year=target_year,
            year_basis=basis if target_year is not None else None,
            **target,
        ),
        text="",
        lines=SourceSpan(start=1, end=1),
    )


def figure(
    year: int,
    value: int | str,
    *,
    unit: str = "人",
    start: int | None = None,
    basis: YearBasis = "calendar",
    kpi_id: str = "K1",
) -> Report:
    """A reported figure for one year (or from `start` to `year`)."""
    return Report(
        kpi_id=kpi_id,
        period=Period(start=start if start is not None else year, end=year, basis=basis),
        value=D(str(value)),
        unit=unit,
    )


def figures(values: Mapping[int, int | str], **options: Any) -> list[Report]:
    return [figure(year, value, **options) for year, value in values.items()]


def run(
    kpi: Kpi,
    year: int,
    observations: Sequence[Report] = (),
    *,
    rules: str | RuleSet = "national",
    comparison: Comparison | None = None,
    today_year: int | None = None,
    **reference: Any,
) -> KpiResult:
    """evaluate_kpi with a reference built from keyword arguments."""
    if "baseline_value" in reference and reference["baseline_value"] is not None:
        reference["baseline_value"] = D(str(reference["baseline_value"]))
    return evaluate_kpi(
        kpi,
        year=year,
        observations=observations,
        reference=KpiReference(**reference),
        rules=load_rule_set(rules) if isinstance(rules, str) else rules,
        comparison=comparison,
        today_year=today_year,
    )


# -- roll-up ---------------------------------------------------------------------------------

SPAN = SourceSpan(start=1, end=1)


def owned_kpi(kpi_id: str, level: str, owner: str) -> Kpi:
    return Kpi(
        id=kpi_id,
        level=level,  # type: ignore[arg-type]
        owner=owner,
        indicator=kpi_id,
        target=Target(text=""),
        text="",
        lines=SPAN,
    )


def strategy(kpis: tuple[Kpi, ...] = (), roadmap: tuple[RoadmapEntry, ...] = ()) -> Strategy:
    """1 impact → outcome A → areas a, b; and a 国の役割 area 4(1) outside the outcomes."""
    return Strategy(
        title="テスト戦略",
        source_name="test",
        impacts=(Impact(id="1", title="強い経済", lines=SPAN),),
        outcomes=(Outcome(id="A", impact_id="1", title="産業", lines=SPAN),),
        areas=(
            Area(id="a", outcome_id="A", impact_id="1", title="観光", written_id="a", lines=SPAN),
            Area(id="b", outcome_id="A", impact_id="1", title="輸出", written_id="b", lines=SPAN),
            Area(
                id="4(1)",
                outcome_id=None,
                impact_id=None,
                title="人材",
                written_id="(1)",
                lines=SPAN,
            ),
        ),
        kpis=kpis,
        roadmap=roadmap,
    )


def result(kpi_id: str, status: str, rules: RuleSet, *, year: int = 2025) -> KpiResult:
    special = status in ("no_data", "not_due", "not_assessable")
    return KpiResult(
        kpi_id=kpi_id,
        indicator=kpi_id,
        year=year,
        basis="calendar",
        rule_set=rules.id,
        status=status,
        label=rules.text(status),
        colour=rules.colour(status),
        kind=status if special else "evaluated",  # type: ignore[arg-type]
        rule="test",
        explanation="",
        has_data=status not in ("no_data", "not_due"),
    )
