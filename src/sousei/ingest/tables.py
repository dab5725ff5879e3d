"""Tables of converted PDFs → rows of cells: markdown, tab-separated, or one cell per line.

A PDF conversion writes the same table in several ways: markdown (`| a | b |` with an
alignment row), tab-separated lines, or every cell on a line of its own (often with blank
lines between). Tables run over page breaks, repeat their header on the next page, and wrap a
cell onto a second line. `TableReader` is fed the lines of one block (page furniture already
removed) and gives the header and the data rows; lines that are not part of a table are
returned to the caller in order, for it to read otherwise (bullets) or to warn about.

What a cell means (an indicator, a value) is the caller's business: it passes `CellKinds`,
which say whether a text is a header cell, a value, or a complete value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .lines import Line

_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")
# A line that only annotates the cell before it: "（R5）", "(令和5年度)", "（累計）".
_ANNOTATION = re.compile(r"^[（(][^（）()]{1,30}[）)]$")
# The pieces of a number broken over two lines: "3億4,120" + "万円（令和5年度）".
_NUMBER_END = re.compile(r"[\d０-９,，.．]$")
_UNIT_START = re.compile(r"^[万億千百十兆円人件%％]")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)  # a cell broken in two by the conversion
_DASHES = re.compile(r"^[-－―ー—─‐–]+$")


def is_noise(text: str) -> bool:
    """A line of symbols only (not a dash standing for an empty cell): no cell, no text."""
    return not _DASHES.match(text) and not any(c.isalnum() for c in text)


@dataclass(frozen=True)
class CellKinds:
    """What the caller knows about cells: header words, values, values that are complete."""

    starts_header: Callable[[str], bool]  # the first cell of a header ("指標")
    is_header: Callable[[str], bool]  # any header cell ("基準値（年度）", "単位")
    is_value: Callable[[str], bool]  # a cell that holds a value, or starts one ("5年間累計")
    is_complete: Callable[[str], bool]  # a value that needs nothing more ("250人", "－")


@dataclass
class Row:
    """A row of a table: its cells as written and the lines it was read from."""

    cells: list[str]
    start: int
    end: int

    def touch(self, line: int) -> None:
        self.end = max(self.end, line)


@dataclass
class Table:
    """A header (None when the table has none) and the data rows under it."""

    header: Row | None
    rows: list[Row] = field(default_factory=list)


def markdown_cells(text: str) -> list[str] | None:
    """The cells of a markdown table row, or None when the line is not one."""
    stripped = text.strip()
    if not stripped.startswith("|") or stripped.count("|") < 2:
        return None
    body = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
    return [_BREAK.sub("", cell).strip() for cell in body.split("|")]


def tsv_cells(raw: str) -> list[str] | None:
    """The cells of a tab-separated line, or None when no tab stands between two texts."""
    stripped = raw.strip(" \u3000\r\n").rstrip("\t")
    if "\t" not in stripped.lstrip("\t"):
        return None  # an indented line, not a row
    return [cell.strip() for cell in stripped.split("\t")]


def is_separator(cells: list[str]) -> bool:
    """A markdown alignment row: |---|:--|--:|."""
    filled = [cell.replace(" ", "") for cell in cells if cell]
    return bool(filled) and all(_SEPARATOR_CELL.match(cell) for cell in filled)


def _fit(cells: list[str], header: Row | None) -> list[str]:
    """Cells padded by runs of tabs (aligned by hand) brought back to the header's width."""
    if header is None or len(cells) <= len(header.cells) or not cells[0]:
        return cells
    filled = [c for c in cells if c]
    return filled if len(filled) == len(header.cells) else cells


def _key(cells: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in cells]


@dataclass
class TableReader:
    """Reads the lines of one block into tables; gives back the lines that are no table's."""

    kinds: CellKinds
    tables: list[Table] = field(default_factory=list)
    others: list[Line] = field(default_factory=list)
    _mode: str = ""  # "" | markdown | tsv | flat-header | flat
    _header_lines: list[Line] = field(default_factory=list)
    _header_notes: list[tuple[int, Line]] = field(default_factory=list)
    _width: int = 0
    _cells: list[str] = field(default_factory=list)
    _row: Row | None = None

    def feed(self, line: Line) -> None:
        if is_noise(line.text) and markdown_cells(line.text) is None:
            self.others.append(line)  # never a cell: the caller warns about it
        elif (cells := markdown_cells(line.text)) is not None:
            self._end_flat()
            if is_separator(cells):
                self._separator()
            else:
                self._add_row(cells, line, "markdown")
        elif (cells := tsv_cells(line.raw)) is not None:
            self._end_flat()
            self._add_row(cells, line, "tsv")
        elif self._mode in ("markdown", "tsv") and self._continues_cell(line.text):
            row = self.tables[-1].rows[-1]
            index = max((i for i, c in enumerate(row.cells) if c), default=0)
            row.cells[index] += line.text
            row.touch(line.number)
        elif self._mode == "flat-header" and self.kinds.is_header(line.text):
            self._header_lines.append(line)
        elif self._mode == "flat-header" and _ANNOTATION.match(line.text):
            self._header_notes.append((len(self._header_lines) - 1, line))  # "（令和5年度）"
        elif self._mode == "flat-header" and len(self._header_lines) < 2:
            self._give_back_header()  # one header word alone is no table
            self.feed(line)
        elif self._mode in ("flat-header", "flat"):
            self._flat_cell(line)
        elif self.kinds.starts_header(line.text):
            self._end_flat()
            self._mode, self._header_lines = "flat-header", [line]
        else:
            self._end_flat()
            self._mode = ""
            self.others.append(line)

    def finish(self) -> list[Table]:
        self._end_flat()
        return self.tables

    # -- markdown and TSV --------------------------------------------------------------------

    def _separator(self) -> None:
        """The row above an alignment row is the header, whatever its words."""
        table = self.tables[-1] if self.tables and self._mode == "markdown" else None
        if table is not None and table.header is None and len(table.rows) == 1:
            table.header = table.rows.pop()

    def _add_row(self, cells: list[str], line: Line, mode: str) -> None:
        table = self._table_for(cells, mode)
        self._mode = mode
        cells = _fit(cells, table.header)
        row = Row(cells, line.number, line.number)
        if table.header is not None and _key(table.header.cells) == _key(cells):
            return  # the header repeated at the top of the next page
        if self._is_header_row(cells):
            if table.header is None and not table.rows:
                table.header = row
            else:
                self.tables.append(Table(row))
            return
        if not cells[0] and any(cells) and (table.rows or table.header is not None):
            # A row without its first cell carries the wrapped ends of the row above (or of
            # the header: "基準値" over "（令和5年度）").
            last = table.rows[-1] if table.rows else table.header
            assert last is not None
            for index, cell in enumerate(cells[: len(last.cells)]):
                last.cells[index] += cell
            last.touch(line.number)
            return
        table.rows.append(row)

    def _table_for(self, cells: list[str], mode: str) -> Table:
        """The table a row belongs to: the current one; after other lines (a page broke the
        table and notes or a heading came between), the last one if its width agrees."""
        if self.tables and self._mode == mode:
            return self.tables[-1]
        if self.tables:
            last = self.tables[-1]
            known = last.header or (last.rows[0] if last.rows else None)
            if known is not None and len(known.cells) == len(cells) and self._mode == "":
                return last
        table = Table(None)
        self.tables.append(table)
        return table

    def _is_header_row(self, cells: list[str]) -> bool:
        if cells[0] and not self.kinds.starts_header(cells[0]):
            return False  # a header starts with its 指標 column (or an empty corner)
        filled = [c for c in cells if c]
        return len(filled) >= 2 and all(self.kinds.is_header(c) for c in filled)

    def _continues_cell(self, text: str) -> bool:
        """A line without tabs or pipes right after a row: the rest of the row's last cell."""
        rows = self.tables[-1].rows if self.tables else []
        if not rows:
            return False
        last = next((c for c in reversed(rows[-1].cells) if c), "")
        return self._joins(last, text, index=1)

    # -- one cell per line -------------------------------------------------------------------

    def _give_back_header(self) -> None:
        self.others.extend(self._header_lines)
        self.others.extend(line for _, line in self._header_notes)
        self._header_lines, self._header_notes, self._mode = [], [], ""

    def _flat_header(self) -> Row:
        cells = [h.text for h in self._header_lines]
        for index, note in self._header_notes:
            cells[index] += note.text
        first, last = self._header_lines[0].number, self._header_lines[-1].number
        end = max([last, *(note.number for _, note in self._header_notes)])
        self._header_lines, self._header_notes = [], []
        return Row(cells, first, end)

    def _flat_cell(self, line: Line) -> None:
        if self._mode == "flat-header":
            header = self._flat_header()
            self.tables.append(Table(header))
            self._mode, self._width, self._cells, self._row = "flat", len(header.cells), [], None
        text = line.text
        if self._cells and self._joins(self._cells[-1], text, len(self._cells) - 1):
            self._cells[-1] += text
            assert self._row is not None
            self._row.touch(line.number)
            return
        if len(self._cells) == self._width:
            self._end_row()
        if self._row is None:
            self._row = Row([], line.number, line.number)
        self._cells.append(text)
        self._row.touch(line.number)

    def _joins(self, current: str, text: str, index: int) -> bool:
        """Whether a line continues the cell before it rather than starting the next one."""
        if _ANNOTATION.match(text):
            return True
        if _NUMBER_END.search(current) and _UNIT_START.match(text):
            return True
        if index == 0:  # a wrapped indicator: what follows is no value
            return not self.kinds.is_value(text)
        return self.kinds.is_value(text) and not self.kinds.is_complete(current)

    def _end_row(self) -> None:
        if self._row is not None and self._cells:
            self._row.cells = list(self._cells)
            self.tables[-1].rows.append(self._row)
        self._cells, self._row = [], None

    def _end_flat(self) -> None:
        if self._mode == "flat":
            self._end_row()
            self._mode = ""
        elif self._mode == "flat-header":
            if len(self._header_lines) < 2:
                self._give_back_header()
            else:  # a header with no rows under it
                self.tables.append(Table(self._flat_header()))
                self._mode = ""
