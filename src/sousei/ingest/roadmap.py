"""工程表 tables: a header of fiscal-year columns, then project rows and their cells.

The conversion flattened each table to tab-separated lines (a PDF read here gives markdown
rows). A row whose only cell names a 主な事業 starts that project; other rows are its cells,
one entry each. Merged cells lost their span, so a cell's own dates (2025 年 4 月～2028 年
3 月) win over its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Protocol

from sousei.model import RoadmapEntry, SourceSpan

from .lines import Line, clean, fold, table_cells

_YEAR_COLUMN = re.compile(r"^(\d{4})\s*年度\s*(以降)?$")
# A date ends at a space, a range mark or the cell's end: 「2025 年内を目途に」 is text, not a date.
_DATE = r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月)?\s*(度)?\s*(?:以降)?(?=\s|～|~|〜|$)"
_PERIOD = re.compile(r"^" + _DATE + r"\s*(～|~|〜)?\s*(?:" + _DATE + r")?\s*")
_SAME_PROJECT = 0.9  # similarity above which a row names a listed project despite typos (产/産)


class Warner(Protocol):
    def warn(self, line: Line, code: str, message: str) -> None: ...


@dataclass
class RoadmapReader:
    """Reads the 工程表 tables of a document, one at a time."""

    entries: list[RoadmapEntry] = field(default_factory=list)
    _projects: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded → name, path
    _area: str = ""
    _heading: Line | None = None
    _columns: list[int] = field(default_factory=list)
    _project: str | None = None
    _measure: str | None = None
    _rows: int = 0

    def add_project(self, name: str, measure_path: str) -> None:
        self._projects[fold(name)] = (name, measure_path)

    def start(self, heading: Line, area_id: str) -> None:
        self._area, self._heading = area_id, heading
        self._columns, self._project, self._measure, self._rows = [], None, None, 0

    def feed(self, line: Line, warner: Warner) -> None:
        cells = [clean(cell).strip() for cell in table_cells(line.raw)]
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if not filled:
            return
        self._rows += 1
        if all(_YEAR_COLUMN.match(c) for _, c in filled):
            self._columns = [int(m.group(1)) for _, c in filled if (m := _YEAR_COLUMN.match(c))]
        elif len(filled) == 1 and filled[0][0] == 0 and (name := self._match(filled[0][1])):
            self._project, self._measure = self._projects[name]
        else:
            if self._project is None:
                warner.warn(line, "roadmap_row", "工程表の行を主な事業に対応付けできません。")
            for index, text in filled:
                self.entries.append(self._entry(line, index, text))

    def _match(self, cell: str) -> str | None:
        """The folded key of the listed project a one-cell row names, if any."""
        key = fold(cell)
        if key in self._projects:
            return key
        # Typos sit inside a name; a row sharing no opening with any name is a cell, not a name.
        near = [name for name in self._projects if name[:6] == key[:6]]
        close = get_close_matches(key, near, n=1, cutoff=_SAME_PROJECT)
        return close[0] if close else None

    def finish(self, warner: Warner) -> None:
        if self._heading is not None and self._rows == 0:
            warner.warn(
                self._heading, "roadmap_missing", "工程表の表が本文にありません（画像のため）。"
            )
        self._heading = None

    def _entry(self, line: Line, index: int, text: str) -> RoadmapEntry:
        column = self._columns[index] if index < len(self._columns) else None
        found = _PERIOD.match(text)
        dates: dict[str, int | bool | None] = {}
        if found and found.group(1):
            sy, sm, sfy, tilde, ey, em, efy = found.groups()
            dates = {
                "start_year": _fiscal(int(sy), sm, sfy),
                "start_month": int(sm) if sm else None,
                "end_year": _fiscal(int(ey), em, efy) if ey else None,
                "end_month": int(em) if em else None,
                "open_ended": bool(tilde) and not ey,
            }
            text = text[found.end() :].strip() or text
        return RoadmapEntry(
            area_id=self._area,
            project=self._project,
            measure_path=self._measure,
            column_year=column,
            text=text,
            lines=SourceSpan(start=line.number, end=line.number),
            **dates,  # type: ignore[arg-type]  # keys and types fixed above
        )


def _fiscal(year: int, month: str | None, fiscal: str | None) -> int:
    """The fiscal year (April–March) of a date written as 年/月 or as 年度."""
    if fiscal or not month:
        return year
    return year if int(month) >= 4 else year - 1
