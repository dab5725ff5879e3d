"""Synthetic local strategies written as documents read back as the strategies they render."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import synthetic, synthetic_text
from sousei.ingest import SourceText, parse_source
from sousei.ingest.folder import read_folder
from sousei.ja import parse_target
from sousei.model import Kpi

FIELDS = (
    "value",
    "unit",
    "comparator",
    "target_year",
    "year_basis",
    "recurring",
    "cumulative",
    "period_start",
    "baseline_year",
)
SAMPLE = synthetic_text.registry_codes()[::150]  # 12 governments, prefectures to villages


def test_the_registry_gives_1788_governments() -> None:
    codes = synthetic_text.registry_codes()
    assert len(codes) == 1788
    assert codes[0] == "010006"
    assert "011002" in codes  # 札幌市
    assert "011011" not in codes  # 札幌市中央区: a ward has no strategy of its own


def _fields(kpi: Kpi) -> tuple[object, ...]:
    return (kpi.indicator, *(getattr(kpi.target, f) for f in FIELDS))


@pytest.mark.parametrize("code", SAMPLE)
def test_a_document_reads_back_as_its_strategy(code: str) -> None:
    model = synthetic.local_strategy(code, kpis=100, seed=7)
    text = synthetic_text.local_text(code, seed=7)
    read = parse_source(SourceText(synthetic_text.file_name(code), text, "utf-8"), family="local")
    assert read.warnings == ()
    assert len(read.kpis) == 100
    assert sorted(map(_fields, read.kpis), key=repr) == sorted(map(_fields, model.kpis), key=repr)
    stated = {
        k.indicator: parse_target(k.notes[0].removeprefix("※基準値："))[0].value for k in model.kpis
    }
    assert {k.indicator: k.target.baseline_value for k in read.kpis} == stated
    assert [o.title for o in read.outcomes] == [o.title for o in model.outcomes]


def test_a_folder_of_documents_is_accepted_as_it_is(tmp_path: Path) -> None:
    synthetic_text.write_folder(tmp_path, SAMPLE[:4], kpis=20, seed=7)
    reading = read_folder(tmp_path)
    assert reading.refused == []
    assert [d.code for d in reading.documents] == SAMPLE[:4]
    assert all(d.strategy is not None and len(d.strategy.kpis) == 20 for d in reading.documents)
