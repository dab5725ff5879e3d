"""How long reading one local strategy takes (target: under 20 ms median).

The document is the largest of tests/golden/local (a prefecture: 4 基本目標, 12 施策, 38 KPIs
in markdown tables, one split by a page break). `sousei.ja` caches what it reads of short
pieces (a year, a number); the second benchmark empties those caches before every round, so
it times a document read for the first time by a fresh process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture

from sousei.ingest import SourceText, parse_source
from sousei.ja.dates import to_seireki
from sousei.ja.numbers import parse_number
from sousei.ja.text import normalize
from sousei.model import Strategy

DOCUMENT = Path(__file__).parents[1] / "tests" / "golden" / "local" / "higashiyama-pref.md"


def _source() -> SourceText:
    return SourceText(DOCUMENT.name, DOCUMENT.read_text("utf-8"), "utf-8")


def _check(strategy: Strategy) -> None:
    assert len(strategy.kpis) == 38
    assert len(strategy.measures) == 12
    assert not strategy.warnings


def test_parse_local_strategy(benchmark: BenchmarkFixture) -> None:
    source = _source()
    _check(benchmark(parse_source, source))


def test_parse_local_strategy_first_time(benchmark: BenchmarkFixture) -> None:
    source = _source()

    def cold() -> tuple[tuple[Any, ...], dict[str, Any]]:
        for cached in (normalize, parse_number, to_seireki):
            cached.cache_clear()
        return (source,), {}

    strategy: Strategy = benchmark.pedantic(  # type: ignore[no-untyped-call]  # untyped plugin
        parse_source, setup=cold, rounds=50, iterations=1
    )
    _check(strategy)
