"""The national strategy evaluated in memory (no database): the input of the pure drawing and
shaping tests. 訪日外国人旅行者数 has its 2024 and 2025 figures, so one KPI is 順調."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from sousei.evaluate import evaluate_all, load_rule_set, roll_up
from sousei.ingest import bundled_source
from sousei.ingest.national import parse_national
from sousei.model import Strategy
from sousei.model.actuals import KpiReference, Period, Report
from sousei.store.evaluation import Evaluation
from sousei.web.evaluations import StrategyView

VISITORS = "A-KPI④-1"  # 訪日外国人旅行者数, by its document id


@cache
def national_strategy() -> Strategy:
    return parse_national(bundled_source())


def figures() -> list[Report]:
    def report(year: int, value: str) -> Report:
        period = Period(start=year, end=year, basis="calendar")
        return Report(kpi_id=VISITORS, period=period, value=Decimal(value), unit="人")

    return [report(2024, "36869900"), report(2025, "42683600")]


def national_view(year: int = 2025, strategy: Strategy | None = None) -> StrategyView:
    model = strategy or national_strategy()
    rules = load_rule_set("national")
    references = {VISITORS: KpiReference(baseline_year=2024)}  # the baseline is the 2024 figure
    results = evaluate_all(model.kpis, figures(), year=year, rules=rules, references=references)
    evaluation = Evaluation(
        "national", 1, year, rules, model, results, roll_up(results, model, rules)
    )
    return StrategyView(evaluation, (2024, 2025))
