"""Local strategies against KPI tables made by reading them by hand (tests/golden/local).

Accuracy is counted field by field over every KPI (level, owner, indicator, the baseline's
value, unit, year and basis, the target's value, unit, comparator, year and basis, recurring,
cumulative); the report of misses is printed (`pytest -s` shows it) and is the failure message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .local_golden import DOCUMENTS, HELD_OUT, score, score_all

THRESHOLD = 0.97


def _check(documents: list[Path], title: str) -> None:
    result = score_all(documents)
    report = result.report(title)
    print(report)
    assert not result.missing, report
    assert not result.invented, report
    assert result.accuracy >= THRESHOLD, report


def test_every_document_has_its_table() -> None:
    assert len(DOCUMENTS) == 5
    assert len(HELD_OUT) == 2
    assert sum(score(d).kpis for d in DOCUMENTS) >= 140


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.stem for d in DOCUMENTS])
def test_document(document: Path) -> None:
    _check([document], document.name)


def test_held_out_documents() -> None:
    _check(HELD_OUT, "held-out documents")


def test_all_documents() -> None:
    _check(DOCUMENTS, "all documents")
