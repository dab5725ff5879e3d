"""The status board: every KPI of a strategy as a row, filtered, sorted and paged in memory.

The rows come from the cached evaluation (`strategy_view`) plus two queries for the whole
strategy — the catalogue (organisations) and the approved figures in force (latest value) —
never a query per row. The rows of a (strategy, year, data version) are kept, so a filter, a
sort or another page costs no database work beyond reading the data version.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar, get_args

from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult
from sousei.evaluate.rules import SPECIAL_STATES
from sousei.model.actuals import Observation
from sousei.report.tables import Cell, Table
from sousei.store import kpis, observations, strategies

from .evaluations import NATIONAL, StrategyView, data_version
from .i18n import gettext as _
from .kpiview import kpi_href, level_label, node_label, year_choices
from .labels import NO_ORGANISATION

T = TypeVar("T")
PAGE_SIZE = 100

SortKey = Literal[
    "level", "impact", "outcome", "area", "indicator", "organisation", "latest", "target",
    "status", "has_data",
]  # fmt: skip
SORT_KEYS: tuple[str, ...] = get_args(SortKey)
Order = Literal["asc", "desc"]
_LEVELS = {"impact": 0, "outcome": 1, "output": 2}


@dataclass(frozen=True)
class Node:
    """インパクト・アウトカム・領域 — a node a row belongs to, with its place in the document."""

    kind: str
    id: str
    title: str
    position: int

    @property
    def label(self) -> str:
        return node_label(self.kind, self.id, self.title)

    @property
    def short_label(self) -> str:
        """For a table column already headed インパクト / アウトカム: 「1 強い経済」."""
        if self.kind == "area":
            return node_label("area", self.id, self.title)
        return f"{self.id} {self.title}"


@dataclass(frozen=True)
class Latest:
    """直近の実績値 — the newest approved figure in force up to the board's year."""

    value: Decimal
    unit: str
    period: str
    year: int


@dataclass(frozen=True)
class BoardRow:
    """状況一覧の行 — one KPI: where it sits, who owns it, its newest figure and its status."""

    position: int
    kpi_id: str
    href: str
    level: str
    impact: Node | None
    outcome: Node | None
    area: Node | None
    indicator: str
    organisation: str | None
    latest: Latest | None
    target_text: str
    result: KpiResult
    status_rank: int

    @property
    def has_data(self) -> bool:
        return self.result.has_data


@dataclass(frozen=True)
class StatusOption:
    """評価区分 — a label or special state of the rule set, best first."""

    id: str
    text: str
    colour: str


@dataclass(frozen=True)
class BoardData:
    """Every row of a strategy's board for a year, and what the filters can choose from."""

    key: str
    title: str
    year: int
    years: tuple[int, ...]
    basis: str
    rows: tuple[BoardRow, ...]
    statuses: tuple[StatusOption, ...]
    impacts: tuple[Node, ...]
    outcomes: tuple[Node, ...]
    areas: tuple[Node, ...]
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class BoardQuery:
    """絞り込みと並べ替え — the board's GET parameters, empty strings already dropped."""

    strategy: str = NATIONAL
    year: int | None = None
    impact: str | None = None
    outcome: str | None = None
    area: str | None = None
    organisation: str | None = None
    status: str | None = None
    has_data: bool | None = None
    sort: SortKey | None = None
    order: Order = "asc"
    page: int = 1

    def params(self, **changes: Any) -> dict[str, str]:
        """The query as URL parameters (only what is set), with some values changed."""
        values: dict[str, Any] = {
            "strategy": None if self.strategy == NATIONAL else self.strategy,
            "year": self.year,
            "impact": self.impact,
            "outcome": self.outcome,
            "area": self.area,
            "organisation": self.organisation,
            "status": self.status,
            "has_data": None if self.has_data is None else ("yes" if self.has_data else "no"),
            "sort": self.sort,
            "order": self.order if self.sort else None,
            "page": self.page if self.page > 1 else None,
        }
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v is not None and v != ""}


# -- building the rows ------------------------------------------------------------------------


class ViewCache(Generic[T]):
    """Values derived from a strategy's evaluation for a year, kept while the data version (the
    newest audit id) has not moved: every write adds an audit row, so nothing stale is served."""

    def __init__(self, size: int = 32) -> None:
        self._values: OrderedDict[tuple[str, str, int, int], T] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, session: Session, view: StrategyView, build: Callable[[], T]) -> T:
        database = str(session.get_bind().engine.url)
        key = (database, view.key, view.year, data_version(session))
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                return found
        value = build()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


_boards: ViewCache[BoardData] = ViewCache()


def board_data(session: Session, view: StrategyView) -> BoardData:
    """The board's rows for the view's strategy and year (kept per data version)."""
    return _boards.get(session, view, lambda: _build(session, view))


def statuses(view: StrategyView) -> tuple[StatusOption, ...]:
    rules = view.evaluation.rules
    found = [StatusOption(label.id, label.text, label.colour) for label in rules.labels]
    for state in SPECIAL_STATES:
        special = getattr(rules.special, state)
        found.append(StatusOption(state, special.text, special.colour))
    return tuple(found)


def _nodes(view: StrategyView) -> dict[str, Node]:
    """Every impact, outcome and area node by key, numbered in document order."""
    return {
        node.key: Node(node.kind, node.id, node.title, position)
        for position, node in enumerate(view.evaluation.rollup.nodes)
        if node.kind in ("impact", "outcome", "area")
    }


def _latest(figures: Sequence[Observation], year: int) -> dict[str, Latest]:
    """Each KPI's newest figure up to `year` (figures come ordered by KPI and period end)."""
    found: dict[str, Latest] = {}
    for figure in figures:
        if figure.period.end <= year:
            found[figure.kpi_id] = Latest(
                figure.value, figure.unit, figure.period.label(), figure.period.end
            )
    return found


def _build(session: Session, view: StrategyView) -> BoardData:
    title = strategies.strategy_row(session, view.key).title
    model = view.evaluation.model
    owners = {e.kpi_id: e.reference.organisation for e in kpis.catalogue(session, key=view.key)}
    ids = [k.id for k in model.kpis]
    latest = _latest(observations.current(session, kpi_ids=ids, approved_only=True), view.year)
    options = statuses(view)
    rank = {option.id: index for index, option in enumerate(options)}
    nodes = _nodes(view)
    rows = []
    for position, kpi in enumerate(model.kpis):
        result = view.by_kpi[kpi.id]
        path = view.evaluation.rollup.paths.get(kpi.id, ())
        placed = {key.split(":", 1)[0]: nodes[key] for key in path if key in nodes}
        rows.append(
            BoardRow(
                position=position,
                kpi_id=kpi.id,
                href=kpi_href(kpi.id),
                level=kpi.level,
                impact=placed.get("impact"),
                outcome=placed.get("outcome"),
                area=placed.get("area"),
                indicator=kpi.indicator,
                organisation=owners.get(kpi.id),
                latest=latest.get(kpi.id),
                target_text=kpi.target.text,
                result=result,
                status_rank=rank.get(result.status, len(rank)),
            )
        )
    basis = Counter(k.target.year_basis or "fiscal" for k in model.kpis).most_common(1)
    return BoardData(
        key=view.key,
        title=title,
        year=view.year,
        years=year_choices(view),
        basis=basis[0][0] if basis else "fiscal",
        rows=tuple(rows),
        statuses=options,
        impacts=_kind(nodes, "impact"),
        outcomes=_kind(nodes, "outcome"),
        areas=_kind(nodes, "area"),
        organisations=tuple(sorted({o for o in owners.values() if o})),
    )


def _kind(nodes: dict[str, Node], kind: str) -> tuple[Node, ...]:
    return tuple(node for key, node in nodes.items() if key.startswith(kind + ":"))


# -- filtering, sorting, paging ---------------------------------------------------------------


def _matches(row: BoardRow, query: BoardQuery, *, with_status: bool = True) -> bool:
    checks = (
        query.impact is None or (row.impact is not None and row.impact.id == query.impact),
        query.outcome is None or (row.outcome is not None and row.outcome.id == query.outcome),
        query.area is None or (row.area is not None and row.area.id == query.area),
        query.organisation is None or (row.organisation or NO_ORGANISATION) == query.organisation,
        query.has_data is None or row.has_data == query.has_data,
        not with_status or query.status is None or row.result.status == query.status,
    )
    return all(checks)


_SORT: dict[str, Callable[[BoardRow], Any]] = {
    "level": lambda r: _LEVELS.get(r.level, 9),
    "impact": lambda r: r.impact and r.impact.position,
    "outcome": lambda r: r.outcome and r.outcome.position,
    "area": lambda r: r.area and r.area.position,
    "indicator": lambda r: r.indicator,
    "organisation": lambda r: r.organisation,
    "latest": lambda r: r.latest and r.latest.value,
    "target": lambda r: r.target_text,
    "status": lambda r: r.status_rank,
    "has_data": lambda r: r.has_data,
}


def select_rows(data: BoardData, query: BoardQuery) -> list[BoardRow]:
    """The rows the filters keep, in the asked order; rows without the sorted value go last,
    and ties keep the document order."""
    rows = [row for row in data.rows if _matches(row, query)]
    if query.sort is None:
        return rows
    key = _SORT[query.sort]
    present = [row for row in rows if key(row) is not None]
    absent = [row for row in rows if key(row) is None]
    present.sort(key=lambda row: row.position)
    present.sort(key=key, reverse=query.order == "desc")  # stable: ties stay in document order
    return present + absent


def status_counts(data: BoardData, query: BoardQuery) -> list[tuple[StatusOption, int]]:
    """How many rows each status has under the other filters (every status listed, zeros too):
    what choosing that status would show."""
    counts = Counter(
        row.result.status for row in data.rows if _matches(row, query, with_status=False)
    )
    return [(option, counts.get(option.id, 0)) for option in data.statuses]


@dataclass(frozen=True)
class Paged:
    rows: list[BoardRow]
    page: int
    pages: int
    total: int
    first: int
    last: int


def paginate(rows: list[BoardRow], page: int, size: int = PAGE_SIZE) -> Paged:
    """One page of rows; a page past the end shows the last one."""
    pages = max(1, -(-len(rows) // size))
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    chosen = rows[start : start + size]
    return Paged(chosen, page, pages, len(rows), start + 1 if chosen else 0, start + len(chosen))


# -- export -----------------------------------------------------------------------------------

BOARD_COLUMNS = (
    "kpi_id",
    "level",
    "impact",
    "outcome",
    "area",
    "indicator",
    "organisation",
    "latest_value",
    "latest_unit",
    "latest_period",
    "target_text",
    "year",
    "status",
    "label",
    "has_data",
    "achievement",
    "progress_to_path",
    "explanation",
)


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001")).normalize()


def board_table(rows: Sequence[BoardRow], year: int) -> Table:
    """The rows as the public export table (CSV / XLSX), in the board's order."""
    cells: list[tuple[Cell, ...]] = [
        (
            row.kpi_id,
            row.level,
            row.impact.id if row.impact else None,
            row.outcome.id if row.outcome else None,
            row.area.id if row.area else None,
            row.indicator,
            row.organisation,
            row.latest.value if row.latest else None,
            row.latest.unit if row.latest else None,
            row.latest.period if row.latest else None,
            row.target_text,
            year,
            row.result.status,
            row.result.label,
            row.has_data,
            _rounded(row.result.achievement),
            _rounded(row.result.progress_to_path),
            row.result.explanation,
        )
        for row in rows
    ]
    return Table("board", BOARD_COLUMNS, cells)


def level_text(level: str) -> str:
    return level_label(level)


def has_data_text(value: bool) -> str:
    return _("あり") if value else _("なし")
