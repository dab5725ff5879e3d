"""How long reading the whole national strategy takes (target: under 50 ms median)."""

from __future__ import annotations

from pytest_benchmark.fixture import BenchmarkFixture

from sousei.ingest import bundled_source, parse_source
from sousei.model import Strategy


def test_parse_national_strategy(benchmark: BenchmarkFixture) -> None:
    source = bundled_source()
    strategy: Strategy = benchmark(parse_source, source)
    assert len(strategy.kpis) == 55
    assert len(strategy.measures) == 115
