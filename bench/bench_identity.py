"""How long pairing the KPIs and measures of two revisions takes (a few ms; worst case ~30 ms)."""

from __future__ import annotations

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from sousei.ingest import bundled_source, parse_source
from sousei.model import Strategy
from sousei.model.identity import match_kpis, match_measures


@pytest.fixture(scope="module")
def national() -> Strategy:
    return parse_source(bundled_source())


def test_match_kpis_of_unchanged_revisions(benchmark: BenchmarkFixture, national: Strategy) -> None:
    matches = benchmark(match_kpis, national.kpis, national.kpis)
    assert len(matches) == 55


def test_match_measures_of_unchanged_revisions(
    benchmark: BenchmarkFixture, national: Strategy
) -> None:
    matches = benchmark(match_measures, national.measures, national.measures)
    assert len(matches) == 115


def test_match_kpis_all_reworded(benchmark: BenchmarkFixture, national: Strategy) -> None:
    # The worst case: every pair goes through the similarity step (~110 KPIs, a local strategy).
    old = list(national.kpis) * 2
    new = [
        k.model_copy(update={"id": f"n{i}", "indicator": k.indicator + "等"})
        for i, k in enumerate(old)
    ]
    matches = benchmark(match_kpis, old, new)
    assert len(matches) == len(old)
