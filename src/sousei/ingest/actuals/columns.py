"""Header names in Japanese or English, and which row of a file is its header."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .cells import PeriodSpec, fold, period_spec
from .errors import Errors

Field = Literal[
    "kpi_id",
    "indicator",
    "period",
    "period_basis",
    "value",
    "unit",
    "status",
    "publisher",
    "publication",
    "published",
    "url",
    "note",
    "info",
]
Layout = Literal["long", "wide"]

COLUMN_NAMES: dict[Field, tuple[str, ...]] = {
    "kpi_id": ("KPI ID", "kpi_id", "id", "KPI番号"),
    "indicator": ("指標", "指標名", "KPI", "KPI名", "indicator"),
    "period": ("年度", "年", "期間", "対象年度", "対象年", "対象期間", "period", "year"),
    "period_basis": ("期間区分", "年度区分", "period_basis", "basis", "year_basis"),
    "value": ("値", "実績値", "実績", "数値", "value", "actual"),
    "unit": ("単位", "unit"),
    "status": ("状態", "値の状態", "status"),
    "publisher": ("公表者", "公表機関", "出典元", "publisher"),
    "publication": ("資料名", "出典", "出典資料", "publication", "reference", "source"),
    "published": ("公表日", "公表時期", "published", "published_on"),
    "url": ("URL", "リンク"),
    "note": ("備考", "注記", "note", "notes", "comment"),
    # The template's reference columns: recognised so they are not reported, never read.
    "info": ("目標", "基準値", "基準年", "目標値", "target", "baseline", "baseline_year"),
}
"""Accepted header names per field; the first is the one messages use. Matching ignores case,
width (NFKC), spaces and underscores."""

HEADER_SEARCH = 10
"""A title row or two may sit above the header: it is looked for in this many first rows."""

_FIELDS: dict[str, Field] = {
    fold(alias): which for which, aliases in COLUMN_NAMES.items() for alias in aliases
}


@dataclass(frozen=True, slots=True)
class Columns:
    row: int  # the header's own row
    width: int  # cells in the header row, up to its last name
    index: dict[Field, int]
    names: dict[Field, str]
    years: list[tuple[int, str, PeriodSpec]]
    ignored: tuple[str, ...]

    @property
    def layout(self) -> Layout:
        return "wide" if self.years else "long"

    def name(self, which: Field) -> str:
        return self.names.get(which, COLUMN_NAMES[which][0])


def header(rows: list[tuple[int, list[str]]], errors: Errors) -> Columns | None:
    """The first row naming a KPI column is the header; title rows above it are skipped."""
    filled = [(number, cells) for number, cells in rows if any(c.strip() for c in cells)]
    if not filled:
        errors.add(None, None, None, "ファイルが空です（見出しの行がありません）")
        return None
    number, cells = next(
        ((n, c) for n, c in filled if {_FIELDS.get(fold(x)) for x in c} & {"kpi_id", "indicator"}),
        filled[0],
    )
    columns = _columns(number, cells, errors)
    if columns is not None and not _required(columns, cells, errors):
        return None
    return columns


def _columns(number: int, cells: list[str], errors: Errors) -> Columns | None:
    index: dict[Field, int] = {}
    names: dict[Field, str] = {}
    years: list[tuple[int, str, PeriodSpec]] = []
    ignored: list[str] = []
    clean = True
    for position, cell in enumerate(cells):
        written = cell.strip()
        which = _FIELDS.get(fold(written)) if written else None
        if not written or which == "info":
            continue
        if which is not None:
            if which in index:
                errors.add(number, written, None, f"列「{written}」が 2 回あります")
                clean = False
            index[which], names[which] = position, written
        elif isinstance(spec := period_spec(written), PeriodSpec):
            years.append((position, written, spec))
        else:
            ignored.append(written)
    if not clean:
        return None
    width = max((i + 1 for i, cell in enumerate(cells) if cell.strip()), default=0)
    return Columns(number, width, index, names, years, tuple(ignored))


def _required(columns: Columns, cells: list[str], errors: Errors) -> bool:
    if columns.years and ("period" in columns.index or "value" in columns.index):
        which: Field = "period" if "period" in columns.index else "value"
        errors.add(
            None,
            columns.name(which),
            None,
            f"年ごとの列（{columns.years[0][1]} など）と「年度」「値」の列が両方あります。"
            "どちらかの形式にしてください",
        )
        return False
    missing: list[tuple[str, str]] = []
    if "kpi_id" not in columns.index and "indicator" not in columns.index:
        missing.append(("KPI ID", "「KPI ID」または「指標」"))
    if not columns.years and "period" not in columns.index:
        missing.append(("年度", "「年度」（または年ごとの列「2025年度」など）"))
    if not columns.years and "value" not in columns.index:
        missing.append(("値", "「値」"))
    seen = "、".join(c.strip() for c in cells if c.strip())
    for column, what in missing:
        errors.add(None, column, None, f"必須の列{what}がありません（見出し: {seen}）")
    return not missing
