"""Field-level accuracy of the local parser against the hand-made tables of tests/golden/local."""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sousei.ingest import SourceText
from sousei.ingest.local import read_local
from sousei.report.tables import kpi_table

LOCAL = Path(__file__).parents[1] / "golden" / "local"
DOCUMENTS = sorted(p for p in LOCAL.rglob("*.md") if p.name != "README.md")
HELD_OUT = [p for p in DOCUMENTS if p.parent.name == "heldout"]

FIELDS = (
    "level",
    "owner",
    "indicator",
    "baseline_value",
    "baseline_unit",
    "baseline_year",
    "baseline_year_basis",
    "target_value",
    "target_unit",
    "comparator",
    "target_year",
    "year_basis",
    "recurring",
    "cumulative",
)
_NUMBERS = {"baseline_value", "target_value"}
_YEARS = {"baseline_year", "target_year"}
_FLAGS = {"recurring", "cumulative"}


def _typed(name: str, text: str) -> Any:
    if text == "":
        return None
    if name in _NUMBERS:
        return Decimal(text)
    if name in _YEARS:
        return int(text)
    if name in _FLAGS:
        return {"true": True, "false": False}[text]
    return text


def expected_rows(document: Path) -> list[dict[str, Any]]:
    with document.with_suffix(".kpis.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: _typed(k, v) for k, v in row.items()} for row in csv.DictReader(handle)]


def found_rows(document: Path) -> list[dict[str, Any]]:
    source = SourceText(document.name, document.read_text("utf-8"), "utf-8")
    table = kpi_table(read_local(source))
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    return [{k: r[k] for k in (*FIELDS, "source_line")} for r in rows]


def _same(name: str, a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)
    return bool(a == b) and (a is None) == (b is None)


def _key(row: dict[str, Any]) -> str:
    indicator = re.sub(r"\s+", "", str(row["indicator"]))
    return f"{row['level']}|{indicator}"


@dataclass
class Score:
    """Right fields per field name, the misses, and the KPIs missing or invented."""

    kpis: int = 0
    right: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.kpis * len(FIELDS)

    @property
    def accuracy(self) -> float:
        return sum(self.right.values()) / self.total if self.total else 1.0

    def add(self, other: Score) -> None:
        self.kpis += other.kpis
        self.right.update(other.right)
        self.misses += other.misses
        self.missing += other.missing
        self.invented += other.invented

    def report(self, title: str) -> str:
        lines = [
            f"{title}: {self.kpis} KPIs, {sum(self.right.values())}/{self.total} fields right "
            f"({self.accuracy:.2%}); missing {len(self.missing)}, invented {len(self.invented)}"
        ]
        lines += [f"  {name}: {self.right[name]}/{self.kpis}" for name in FIELDS]
        lines += [f"  miss {m}" for m in self.misses]
        lines += [f"  missing {m}" for m in self.missing]
        lines += [f"  invented {m}" for m in self.invented]
        return "\n".join(lines)


def score(document: Path) -> Score:
    """Pair the expected and found KPIs in document order (by level and indicator; a row whose
    indicator was misread still pairs with its place) and count the fields that agree."""
    expected, found = expected_rows(document), found_rows(document)
    result = Score(kpis=len(expected))
    matcher = difflib.SequenceMatcher(
        a=[_key(r) for r in expected], b=[_key(r) for r in found], autojunk=False
    )
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and a1 - a0 == b1 - b0):
            pairs += zip(expected[a0:a1], found[b0:b1], strict=True)
            continue
        common = min(a1 - a0, b1 - b0)
        pairs += zip(expected[a0 : a0 + common], found[b0 : b0 + common], strict=True)
        result.missing += [f"{document.name}: {r['indicator']}" for r in expected[a0 + common : a1]]
        result.invented += [
            f"{document.name} L{r['source_line']}: {r['indicator']}"
            for r in found[b0 + common : b1]
        ]
    for want, got in pairs:
        for name in FIELDS:
            if _same(name, got[name], want[name]):
                result.right[name] += 1
            else:
                result.misses.append(
                    f"{document.name} L{got['source_line']} {want['indicator']}: "
                    f"{name} {got[name]!r} (expected {want[name]!r})"
                )
    return result


def score_all(documents: list[Path]) -> Score:
    total = Score()
    for document in documents:
        total.add(score(document))
    return total
