"""The national strategy against tables made by reading the document by hand (tests/golden)."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sousei.model import Strategy
from sousei.report.tables import KPI_COLUMNS, kpi_table

GOLDEN = Path(__file__).parents[1] / "golden"

KPIS: list[dict[str, Any]] = json.loads((GOLDEN / "national_kpis.json").read_text("utf-8"))["kpis"]
MEASURES: dict[str, Any] = json.loads((GOLDEN / "national_measures.json").read_text("utf-8"))
TEXT_FIELDS = {"indicator", "target_text", "text"}


def _squash(value: Any) -> Any:
    """Text compared ignoring white space, numbers compared exactly."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _rows(strategy: Strategy) -> list[dict[str, Any]]:
    table = kpi_table(strategy)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_kpi_counts_per_level(national: Strategy) -> None:
    assert Counter(k.level for k in national.kpis) == {"impact": 3, "outcome": 13, "output": 39}
    assert len(KPIS) == 55


def test_every_golden_kpi_is_found_and_none_invented(national: Strategy) -> None:
    found = [(r["level"], r["owner"], r["source_line"]) for r in _rows(national)]
    expected = [(k["level"], k["owner"], k["source_line"]) for k in KPIS]
    assert found == expected


@pytest.mark.parametrize(
    "golden", KPIS, ids=[f"L{k['source_line']}-{k['owner']}-{i}" for i, k in enumerate(KPIS)]
)
def test_kpi_fields(national: Strategy, golden: dict[str, Any]) -> None:
    rows = [r for r in _rows(national) if r["source_line"] == golden["source_line"]]
    row = next(r for r in rows if _squash(r["target_text"]) == _squash(golden["target_text"]))
    wrong = {
        column: (row[column], golden[column])
        for column in KPI_COLUMNS
        if _squash(row[column]) != _squash(golden[column])
    }
    assert not wrong, wrong


def test_kpi_field_accuracy_is_total(national: Strategy) -> None:
    rows = _rows(national)
    right = sum(
        _squash(row[c]) == _squash(g[c])
        for row, g in zip(rows, KPIS, strict=True)
        for c in KPI_COLUMNS
    )
    assert right == len(KPIS) * len(KPI_COLUMNS)


def test_areas_match_the_document(national: Strategy) -> None:
    found = [(a.id, a.title, a.outcome_id, a.lines.start) for a in national.areas]
    expected = [(a["id"], a["title"], a["outcome"], a["source_line"]) for a in MEASURES["areas"]]
    assert found == expected


def test_measures_match_the_document(national: Strategy) -> None:
    found = [
        (m.area_id, m.outcome_id, m.group, m.number, m.title, m.relisted, m.lines.start)
        for m in national.measures
    ]
    expected = [
        (
            m["area"],
            m["outcome"],
            m["group"],
            m["number"],
            m["title"],
            m["relisted"],
            m["source_line"],
        )
        for m in MEASURES["measures"]
    ]
    assert found == expected
    assert len(found) == 115
    assert sum(m.relisted for m in national.measures) == 3


def test_projects_sit_under_their_measures(national: Strategy) -> None:
    found = [
        [p.name for p in national.projects if p.measure_path == m.path] for m in national.measures
    ]
    assert found == [m["projects"] for m in MEASURES["measures"]]


def test_other_measures_per_outcome(national: Strategy) -> None:
    counts = Counter(o.outcome_id for o in national.other_measures)
    assert counts == MEASURES["other_measures_per_outcome"]
    assert len(national.other_measures) == 216
    for outcome, ends in MEASURES["other_measures_first_last"].items():
        items = [o for o in national.other_measures if o.outcome_id == outcome]
        for item, end in ((items[0], ends["first"]), (items[-1], ends["last"])):
            assert (item.lines.start, item.title) == (end["source_line"], end["title"])
