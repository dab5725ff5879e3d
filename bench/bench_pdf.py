"""Reading the national strategy from PDF: how long it takes, and that nothing is lost.

The bundled text is printed to a PDF (59 pages: ruled 工程表 tables, raised footnote
numbers, page numbers; `tests/ingest/printing.py`) and read back; the model must hold the
same KPIs, 施策, 主な事業 and 工程表 entries as the text's (up to spaces, which the printing
does not keep where it breaks a line).
"""

from __future__ import annotations

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from tests.ingest.printing import print_markdown

from bench.conftest import rounds_of
from sousei.ingest import SourceText, bundled_source, parse_source
from sousei.ingest.pdf import pdf_text
from sousei.model import Strategy


@pytest.fixture(scope="module")
def printed() -> bytes:
    return print_markdown(bundled_source().text)


def _squeezed(text: str | None) -> str:
    return "".join((text or "").split()).replace("产", "産")


def test_read_the_national_strategy_from_pdf(benchmark: BenchmarkFixture, printed: bytes) -> None:
    national = parse_source(bundled_source())
    text = rounds_of(benchmark, pdf_text, setup=lambda: ((printed,), {}), rounds=1)
    strategy = parse_source(SourceText("national.pdf", text, "pdf"))

    def kpis(model: Strategy) -> list[tuple[str, ...]]:
        return [
            (k.level, k.owner, k.label or "", _squeezed(k.indicator), _squeezed(k.target.text))
            for k in model.kpis
        ]

    assert kpis(strategy) == kpis(national)
    assert [i.title for i in strategy.impacts] == [i.title for i in national.impacts]
    assert [o.title for o in strategy.outcomes] == [o.title for o in national.outcomes]
    assert [_squeezed(m.title) for m in strategy.measures] == [
        _squeezed(m.title) for m in national.measures
    ]
    assert [_squeezed(p.name) for p in strategy.projects] == [
        _squeezed(p.name) for p in national.projects
    ]
    assert len(strategy.roadmap) == len(national.roadmap)
