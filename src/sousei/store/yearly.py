"""A year's evaluation of every KPI of every stored strategy (or of a few): the status board's
fast path.

`evaluation.evaluate_strategy` evaluates one strategy from its revision's model and every figure
of its KPIs. `evaluate_year` gives the same judgements for the newest revision of each strategy,
at national scale (1,789 strategies, about 179,000 KPIs and a million figures):

* One statement gives each KPI with the two figures most judgements use: the one of the assessed
  year (a 累計's whole period when reported as such) and the single-year figure of the baseline
  year, joined in the database and fetched as plain driver tuples (`_Reader.lean_rows`).
* `evaluate.lean.LeanJudge` decides the common KPIs from that row without writing the sentence;
  `evaluate_kpi` writes it when first read (`LeanResult.result`).
* KPIs whose judgement reads more of their series (毎年 targets, a year basis taken from the
  figures, a 累計 summed year by year, データなし which names the latest figure) get every
  figure in force in a second read (`_Reader.whole_series`, `_Reader.series`) and the same judge.
* The rest — reference data that bears on the judgement, relative and N倍 targets, a KPI that
  may hold two figures in force for one period (`_doubled_query`: the evaluation counts such
  duplicates over all its figures and picks among them by entry time) and the rare turns the
  lean judge declines — go through `evaluate_indexed` with every figure of the KPI, read as
  `observations.current` reads them.

The duplicate check and the series read run while Python judges the rows where the database
can (`_meanwhile`): in a pipeline on PostgreSQL, the check in a worker thread on SQLite.

The rule set is the one asked for, or with `rule_set=None` each strategy's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    case,
    cast,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, aliased
from sqlalchemy.types import NullType

from sousei.evaluate import (
    ObservationIndex,
    RuleSet,
    evaluate_indexed,
    index_observations,
    load_rule_set,
)
from sousei.evaluate.lean import NUMERIC, TREND, LeanJudge, LeanResult, Plan, Shape
from sousei.ja.numbers import tidy_decimal
from sousei.model import Kpi, Target
from sousei.model.actuals import KpiReference, Period
from sousei.model.types import YearBasis, trusted

from .bulk import chunked, collector_paused
from .clock import aware
from .errors import NotFoundError
from .kpis import reference_of
from .supersession import in_force, replaced
from .tables import (
    KpiReferenceRow,
    KpiVersionRow,
    ObservationRow,
    RevisionRow,
    StrategyRow,
)

__all__ = ["StrategyYear", "YearEvaluation", "evaluate_year"]

_LEAN = NUMERIC | TREND


@dataclass(frozen=True)
class StrategyYear:
    """One strategy's results for the year, in the order of its KPIs in the revision.

    Each result has the fields of the `KpiResult` that `evaluate_strategy` gives; its
    `explanation` and `used` are written when first read, and `result()` is that KpiResult."""

    key: str
    revision: int
    rules: RuleSet
    results: tuple[LeanResult, ...]


@dataclass(frozen=True)
class YearEvaluation:
    """Every evaluated strategy's results for one year, strategies in the order they were
    first loaded."""

    year: int
    strategies: tuple[StrategyYear, ...]

    @property
    def results(self) -> list[LeanResult]:
        return [result for strategy in self.strategies for result in strategy.results]

    def strategy(self, key: str) -> StrategyYear:
        for found in self.strategies:
            if found.key == key:
                return found
        raise NotFoundError(f"戦略「{key}」はこの評価に含まれていません。")


def evaluate_year(
    session: Session,
    *,
    year: int,
    rule_set: str | None = "national",
    keys: Sequence[str] | None = None,
    approved_only: bool = True,
) -> YearEvaluation:
    """Evaluate every KPI of the newest revision of every strategy (or of `keys`) for `year`,
    by default on approved figures only; `rule_set=None` uses each strategy's own rule set."""
    heads = _heads(session, keys)
    with collector_paused(), _without_jit(session):
        # Everything but the results is freed when _evaluate returns, before collection resumes.
        return _evaluate(
            session,
            heads,
            year=year,
            rule_set=rule_set,
            every_strategy=keys is None,
            approved_only=approved_only,
        )


def _evaluate(
    session: Session,
    heads: Sequence[_Head],
    *,
    year: int,
    rule_set: str | None,
    every_strategy: bool,
    approved_only: bool,
) -> YearEvaluation:
    revisions = [head.revision_id for head in heads]
    names = {head.revision_id: rule_set or head.rule_set for head in heads}
    judges = {name: LeanJudge(load_rule_set(name), year) for name in set(names.values())}
    reader = _Reader(session, year=year, approved_only=approved_only)
    pass_ = _Pass(reader, {r: judges[name] for r, name in names.items()})
    rows = reader.lean_rows(revisions)
    with _meanwhile(session) as later:
        doubled = later(_doubled_query(None if every_strategy else revisions), few=True)
        whole = later(reader.whole_series(revisions))
        pass_.judge_rows(rows)  # while the database reads the rest, where it can
        pass_.leave({kpi_id for (kpi_id,) in doubled()})
        tables = reader.series_tables(whole())
    pass_.judge_series(tables)
    pass_.judge_rest(revisions)
    return YearEvaluation(
        year,
        tuple(
            StrategyYear(
                head.key,
                head.number,
                judges[names[head.revision_id]].rules,
                tuple(pass_.found[head.revision_id]),
            )
            for head in heads
        ),
    )


@contextmanager
def _without_jit(session: Session) -> Iterator[None]:
    """PostgreSQL compiles a statement to machine code when it expects it to cost much: for
    these reads that takes seconds, longer than running them. Off while the year is read, then
    as it was (a failed read leaves a transaction that only rolls back, setting and all)."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        yield
        return
    setting = "SELECT set_config('jit', %(value)s, true)"
    before = connection.exec_driver_sql("SELECT current_setting('jit')").scalar()
    connection.exec_driver_sql(setting, {"value": "off"})
    yield
    connection.exec_driver_sql(setting, {"value": before})


# -- strategies ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Head:
    """A strategy and its newest revision."""

    strategy_id: int
    key: str
    rule_set: str
    revision_id: int
    number: int


def _heads(session: Session, keys: Sequence[str] | None) -> list[_Head]:
    newest = (
        select(RevisionRow.strategy_id, func.max(RevisionRow.number).label("number"))
        .group_by(RevisionRow.strategy_id)
        .subquery()
    )
    query = (
        select(
            StrategyRow.id,
            StrategyRow.key,
            StrategyRow.rule_set,
            RevisionRow.id,
            RevisionRow.number,
        )
        .join(RevisionRow, RevisionRow.strategy_id == StrategyRow.id)
        .join(
            newest,
            and_(
                newest.c.strategy_id == RevisionRow.strategy_id,
                newest.c.number == RevisionRow.number,
            ),
        )
        .order_by(StrategyRow.id)
    )
    heads = [_Head(*row) for row in session.execute(query)]
    if keys is None:
        return heads
    wanted = set(keys)
    missing = sorted(wanted - {head.key for head in heads})
    if missing:
        raise NotFoundError(
            f"戦略「{'」「'.join(missing)}」は読み込まれていません（sousei load で読み込みます）。"
        )
    return [head for head in heads if head.key in wanted]


# -- numbers and rows as the driver gives them ---------------------------------------------------

_EXACT_FLOAT = 2**53


class _Numbers:
    """Stored numbers as `tidy_decimal` of what SQLAlchemy's `Numeric` reads, which is how
    `observations.to_observation` gives a figure its value, without its per-row cost.

    PostgreSQL's numeric is read as text (its exact digits, scale 10); SQLite hands back an
    int or a float, which SQLAlchemy writes with "%.10f" before making the Decimal. Dropping
    the trailing zeros of those digits is what `tidy_decimal` does to the Decimal.
    """

    def __init__(self, session: Session) -> None:
        self.as_text = session.connection().dialect.name == "postgresql"
        self.decimal: Callable[[Any], Decimal] = Decimal if self.as_text else self.value
        """`value` of a value selected with `column`: the text PostgreSQL gives back is tidy
        already, and `Decimal` makes it without a Python call."""

    def column(self, column: Any) -> ColumnElement[Any]:
        """The column to select for `value`: PostgreSQL's text without its trailing zeros, as
        `value` would drop them (numeric(38, 10) always writes ten decimals)."""
        if self.as_text:
            return func.rtrim(func.rtrim(cast(column, Text), "0"), ".")
        return type_coerce(column, NullType())  # the driver's int or float, not converted

    @staticmethod
    def value(raw: str | int | float | Decimal) -> Decimal:
        """The Decimal of a value selected with `column`."""
        if type(raw) is int and -_EXACT_FLOAT < raw < _EXACT_FLOAT:
            return Decimal(raw)
        if isinstance(raw, Decimal):
            return tidy_decimal(raw)
        text = raw if isinstance(raw, str) else "%.10f" % raw  # noqa: UP031  # SQLAlchemy's own
        if not text[-1:].isdigit():  # NaN, Infinity: not plain digits
            return tidy_decimal(Decimal(text))
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return Decimal(text)


Rows = Sequence[tuple[Any, ...]]
Query = Select[*tuple[Any, ...]]
"""A select of any columns."""


def _driver_rows(session: Session, query: Query) -> Rows:
    """A select's rows as the driver returns them, in the session's transaction: plain tuples,
    without SQLAlchemy's Row objects and type processing (a third of the read at national
    scale)."""
    return _rows_on(session.connection(), query)


def _rows_on(connection: Connection, query: Query) -> Rows:
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_statement(connection, query), ())  # "%%" is still read as "%"
        rows: Rows = cursor.fetchall()
    finally:
        cursor.close()
    return rows


def _statement(connection: Connection, query: Query) -> str:
    """The select's SQL; its parameters are ints and fixed words, written into it."""
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    return str(compiled)


class Later(Protocol):
    """`later(query)`: a function that returns the query's rows, read meanwhile if it can."""

    def __call__(self, query: Query, *, few: bool = False) -> Callable[[], Rows]: ...


@contextmanager
def _meanwhile(session: Session) -> Iterator[Later]:
    """Statements whose rows are wanted after some work in Python, read meanwhile where the
    database can, on the second core.

    PostgreSQL (psycopg) runs them in a pipeline: the server reads while the client judges.
    SQLite runs a statement of `few` rows in a worker thread on a connection of its own: the
    driver lets go of the GIL while SQLite works (a row fetched would wait for it). That reads
    what the session reads only while the session has written nothing: SQLite keeps no
    snapshot for reads, each statement reads what is committed. Otherwise, and on other
    databases, a statement runs when its rows are asked for.
    """
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        with _pipeline(connection) as later:
            yield later
    elif dialect.name == "sqlite" and _reads_only(connection):
        with _worker(session, connection.engine) as later:
            yield later
    else:

        def now(query: Query, *, few: bool = False) -> Callable[[], Rows]:
            return lambda: _driver_rows(session, query)

        yield now


@contextmanager
def _pipeline(connection: Connection) -> Iterator[Later]:
    driver = connection.connection.driver_connection
    assert driver is not None  # a session's connection is live

    def later(query: Query, *, few: bool = False) -> Callable[[], Rows]:
        cursor = driver.cursor()
        cursor.execute(_statement(connection, query), ())  # sent now, read when asked

        def rows() -> Rows:
            with cursor:
                found: Rows = cursor.fetchall()
            return found

        return rows

    with driver.pipeline():
        yield later


def _reads_only(connection: Connection) -> bool:
    """A SQLite file whose session has written nothing in its transaction (the driver opens
    one at the first write); an in-memory database has but one connection."""
    database = connection.engine.url.database
    dbapi = connection.connection.dbapi_connection
    written = getattr(dbapi, "in_transaction", True)
    return bool(database) and database != ":memory:" and not written


@contextmanager
def _worker(session: Session, engine: Engine) -> Iterator[Later]:
    with ThreadPoolExecutor(max_workers=1) as pool, engine.connect() as other:

        def later(query: Query, *, few: bool = False) -> Callable[[], Rows]:
            if not few:
                return lambda: _driver_rows(session, query)
            return pool.submit(_rows_on, other, query).result

        yield later


# -- figures --------------------------------------------------------------------------------------


class _Figure:
    """A figure in force, as the evaluation reads it (an `ObservationLike` with id and status)."""

    __slots__ = ("entered_at", "id", "kpi_id", "period", "status", "unit", "value")

    def __init__(
        self,
        kpi_id: str,
        period: Period,
        value: Decimal,
        unit: str,
        id: int | None,  # the name the evaluation reads
        status: str | None,
        entered_at: datetime | None = None,
    ) -> None:
        self.kpi_id = kpi_id
        self.period = period
        self.value = value
        self.unit = unit
        self.id = id
        self.status = status
        self.entered_at = entered_at


class _Periods(dict[tuple[int, int, str], Period]):
    """One `Period` per (start, end, basis): a national-scale read has a few dozen."""

    def __missing__(self, key: tuple[int, int, str]) -> Period:
        start, end, basis = key
        period = self[key] = Period(start=start, end=end, basis=basis)  # type: ignore[arg-type]
        return period


def _superseded() -> Query:
    o = aliased(ObservationRow)
    return select(o.supersedes_id).where(o.supersedes_id.is_not(None))


_KEPT_LISTED = 10_000
"""At most this many approved figures kept in force beside pending corrections are named in the
reads' statements (about 80 kB of SQL; SQLite takes a statement of up to 1 MB)."""


# -- the reads ------------------------------------------------------------------------------------


class _Reader:
    """The reads of one evaluation: its year, which figures count, how numbers are read."""

    def __init__(self, session: Session, *, year: int, approved_only: bool) -> None:
        self.session = session
        self.year = year
        self.approved_only = approved_only
        self.numbers = _Numbers(session)
        self.periods = _Periods()
        self.kept: list[int] = []
        if approved_only:  # superseded, but not by an approved correction: usually few
            everything = set(session.scalars(_superseded()))
            approved = set(session.scalars(replaced(ObservationRow)))
            self.kept = sorted(everything - approved)

    def in_force(self, row: Any) -> list[ColumnElement[bool]]:
        """The figures `observations.current` keeps (`supersession.in_force`), in a form a
        database runs at once: PostgreSQL scans a recursive CTE in one process only, and this
        read is worth two. A figure counts when nothing supersedes it (the superseded ids are
        read once, not looked up for every figure) or when no approved correction replaces
        it (`kept`: an approved figure whose correction waits for review)."""
        counts = row.id.not_in(_superseded())
        if not self.approved_only:
            return [counts]
        if len(self.kept) > _KEPT_LISTED:  # too many to name in the statement
            return in_force(row, approved_only=True)
        if self.kept:
            counts = or_(counts, row.id.in_(self.kept))
        return [counts, row.review_state == "approved"]

    def lean_rows(self, revisions: Sequence[int]) -> Sequence[tuple[Any, ...]]:
        """Every KPI of the revisions, in document order, with the figure of its assessed
        year (`min(target year, year)`; for a 累計 the figure of its whole period so far) and the
        single-year figure of its baseline year, each when in force.

        A row: revision, KPI id, indicator, the target's shape (`_SHAPE`, 7 columns), its
        value and unit, whether the lean judge must leave the KPI; the figure's id, value, unit
        (None: the target's), status and year basis (None: the target's); the baseline
        figure's value; whether a row comes after the figure (no unit: `_later`)."""
        v = KpiVersionRow
        e, b = aliased(ObservationRow), aliased(ObservationRow)
        assessed = case((v.target_year < self.year, v.target_year), else_=self.year)
        first = case(
            (and_(v.cumulative, v.period_start.is_not(None)), v.period_start), else_=assessed
        )
        figure = and_(
            e.kpi_id == v.kpi_id,
            e.period_end == assessed,
            e.period_start == first,
            *self.in_force(e),
        )
        baseline = and_(
            b.kpi_id == v.kpi_id,
            b.period_end == v.baseline_year,
            b.period_start == v.baseline_year,
            *self.in_force(b),
        )
        if self.numbers.as_text:  # PostgreSQL: see `_years`
            assessed_years, baseline_years = self._years(revisions)
            figure = and_(figure, e.period_end.in_(assessed_years))
            baseline = and_(baseline, b.period_end.in_(baseline_years))
        r = KpiReferenceRow
        query = (
            select(
                v.revision_id,
                *self._kpi_columns(r),
                e.id,
                self.numbers.column(e.value),
                _unless_same(e.unit, v.target_unit),
                e.status,
                _unless_same(e.period_basis, v.year_basis),
                self.numbers.column(b.value),
                self._later(assessed, first),
            )
            .select_from(v)
            .outerjoin(r, r.kpi_id == v.kpi_id)
            .outerjoin(e, figure)
            .outerjoin(b, baseline)
            .where(v.revision_id.in_(revisions))
            .order_by(v.revision_id, v.id)
        )
        return _driver_rows(self.session, query)

    def _years(self, revisions: Sequence[int]) -> tuple[list[int], list[int]]:
        """The years the assessed and the baseline figures can end in. PostgreSQL joins the
        figures by hashing them: named, these years let it hash a few years' figures, not all
        (a third of the read at national scale)."""
        v = KpiVersionRow
        query = select(v.target_year, v.baseline_year).where(v.revision_id.in_(revisions))
        pairs = self.session.execute(query.distinct()).all()
        assessed = {self.year} | {t for t, _ in pairs if t is not None and t < self.year}
        baseline = {b for _, b in pairs if b is not None}
        return sorted(assessed), sorted(baseline) or [self.year]

    def _later(self, assessed: Any, first: Any) -> ColumnElement[Any]:
        """For a target without a unit, whether the KPI has a row after the judged figure (in
        any state): then the latest figure, whose unit the sentence writes amounts in
        (case.py `Case.unit`), may be another one, and the KPI is judged on its series."""
        v, o = KpiVersionRow, aliased(ObservationRow)
        # A range of the (kpi, period) index, then a test: an OR would scan the KPI's rows.
        same = and_(o.period_end == assessed, o.period_start >= first)
        rows = select(o.id).where(o.kpi_id == v.kpi_id, o.period_end >= assessed, ~same)
        return case((func.coalesce(v.target_unit, "") == "", rows.exists()))

    def _kpi_columns(self, r: type[KpiReferenceRow]) -> tuple[Any, ...]:
        """The KPI's id, indicator and target, and whether the lean judge must leave it: a
        target to be set later, or reference data that bears on the judgement."""
        v = KpiVersionRow
        bears = or_(
            r.baseline_value.is_not(None),
            r.baseline_year.is_not(None),
            r.baseline_basis.is_not(None),
            r.direction.is_not(None),
            r.temporal_kind.is_not(None),
            cast(r.interim_targets, Text).not_in(("null", "{}")),
        )
        return (
            v.kpi_id,
            v.indicator,
            *_SHAPE,
            self.numbers.column(v.target_value),
            v.target_unit,
            # see `lean.reference_neutral`; most KPIs have no reference row at all. A 基準値
            # stated by the document (local strategies) is judged by evaluate_indexed too.
            case(
                (r.kpi_id.is_(None), or_(v.to_be_set, v.baseline_value.is_not(None))),
                else_=or_(v.to_be_set, bears, v.baseline_value.is_not(None)),
            ),
        )

    def _series_query(self) -> Query:
        o = ObservationRow
        columns = (
            o.kpi_id,
            o.period_start,
            o.period_end,
            o.period_basis,
            self.numbers.column(o.value),
            o.unit,
            o.id,
            o.status,
        )
        return select(*columns).where(*self.in_force(o))

    def whole_series(self, revisions: Sequence[int]) -> Query:
        """Every figure in force of the KPIs of the revisions with a 毎年 target or without a
        year basis (`lean.Plan.whole_series`). By their rows, not by id: a database reads a
        few KPIs' figures by the (kpi, period) index then, where for thousands of ids in a
        list PostgreSQL reads all."""
        v = KpiVersionRow
        return (
            self._series_query()
            .join(v, v.kpi_id == ObservationRow.kpi_id)
            .where(v.revision_id.in_(revisions), or_(v.recurring, v.year_basis.is_(None)))
        )

    def series(self, kpi_ids: Iterable[str]) -> Rows:
        """Every figure in force of the given KPIs (a few)."""
        query, o = self._series_query(), ObservationRow
        return [
            row
            for chunk in chunked(sorted(kpi_ids))
            for row in _driver_rows(self.session, query.where(o.kpi_id.in_(chunk)))
        ]

    def series_tables(self, *rows: Rows) -> dict[str, dict[tuple[int, int], _Figure]]:
        """Series rows by KPI and period (none of them with two figures for one period)."""
        value, periods = self.numbers.value, self.periods
        tables: dict[str, dict[tuple[int, int], _Figure]] = {}
        for found in rows:
            for kpi_id, start, end, basis, raw, unit, figure_id, status in found:
                period = periods[(start, end, basis)]
                figure = _Figure(kpi_id, period, value(raw), unit, figure_id, status)
                tables.setdefault(kpi_id, {})[(start, end)] = figure
        return tables

    def every_figure(self, kpi_ids: Iterable[str]) -> dict[str, ObservationIndex]:
        """Every figure in force of the given KPIs, indexed as `evaluate_all` indexes
        `observations.current` (duplicates counted, the latest entry preferred)."""
        o = ObservationRow
        columns = (
            o.kpi_id,
            o.period_start,
            o.period_end,
            o.period_basis,
            self.numbers.column(o.value),
            o.unit,
            o.id,
            o.status,
            o.entered_at,
        )
        query = select(*columns).where(*self.in_force(o))
        figures: dict[str, list[_Figure]] = {}
        for chunk in chunked(sorted(kpi_ids)):
            found = self.session.connection().execute(query.where(o.kpi_id.in_(chunk))).all()
            for kpi_id, start, end, basis, raw, unit, figure_id, status, entered in found:
                figures.setdefault(kpi_id, []).append(
                    _Figure(
                        kpi_id,
                        self.periods[(start, end, basis)],
                        self.numbers.value(raw),
                        unit,
                        figure_id,
                        status,
                        aware(entered),
                    )
                )
        return {kpi_id: index_observations(found) for kpi_id, found in figures.items()}

    def kpis(self, revisions: Sequence[int], kpi_ids: set[str]) -> dict[int, dict[str, Kpi]]:
        """The given KPIs of each revision, as `evaluate_indexed` takes them."""
        v = KpiVersionRow
        query = select(
            v.revision_id,
            v.kpi_id,
            v.doc_id,
            v.level,
            v.owner,
            v.label,
            v.indicator,
            v.target_text,
            self.numbers.column(v.target_value),
            v.target_unit,
            v.comparator,
            v.target_year,
            v.year_basis,
            v.recurring,
            v.cumulative,
            v.period_start,
            v.baseline_year,
            v.to_be_set,
            self.numbers.column(v.baseline_value),
            v.baseline_unit,
        )
        wanted = set(revisions)
        rows = [
            row
            for chunk in chunked(sorted(kpi_ids))
            for row in self.session.execute(query.where(v.kpi_id.in_(chunk)))
            if row[0] in wanted  # by KPI first: the index on kpi_id finds them at once
        ]
        relative = _relative_words(self.session, {row[0] for row in rows if row[10] == "relative"})
        found: dict[int, dict[str, Kpi]] = {}
        for row in rows:
            found.setdefault(row[0], {})[row[1]] = self._kpi(row, relative)
        return found

    def _kpi(self, row: Any, relative: dict[tuple[int, str], str]) -> Kpi:
        (revision, kpi_id, doc_id, level, owner, label, indicator, text, value) = row[:9]
        target = trusted(
            Target,
            {
                "text": text,
                "value": None if value is None else self.numbers.value(value),
                "unit": row[9],
                "comparator": row[10],
                "target_year": row[11],
                "year_basis": row[12],
                "recurring": row[13],
                "cumulative": row[14],
                "period_start": row[15],
                "baseline_year": row[16],
                # the 基準値 as the evaluation reads it; its text and basis stay in the model
                "baseline_year_basis": None,
                "baseline_period_start": None,
                "baseline_value": None if row[18] is None else self.numbers.value(row[18]),
                "baseline_unit": row[19],
                "baseline_text": None,
                "to_be_set": row[17],
                "relative_to": relative.get((revision, doc_id)),
            },
        )
        return trusted(
            Kpi,
            {
                "id": kpi_id,
                "level": level,
                "owner": owner,
                "label": label,
                "heading": None,
                "indicator": indicator,
                "target": target,
                "notes": (),
            },
        )

    def references(self, kpi_ids: Iterable[str]) -> dict[str, KpiReference]:
        query = select(KpiReferenceRow)
        return {
            row.kpi_id: reference_of(row)
            for chunk in chunked(sorted(kpi_ids))
            for row in self.session.scalars(query.where(KpiReferenceRow.kpi_id.in_(chunk)))
        }


_SHAPE = (  # what a plan is made for: one per distinct value (a few hundred among 179,000 KPIs)
    KpiVersionRow.comparator,
    KpiVersionRow.target_year,
    KpiVersionRow.year_basis,
    KpiVersionRow.recurring,
    KpiVersionRow.cumulative,
    KpiVersionRow.period_start,
    KpiVersionRow.baseline_year,
)


def _shape_of(key: tuple[Any, ...], basis: YearBasis | None = None) -> Shape:
    """The Shape of a row's `_SHAPE` columns (with the year basis used, if not the target's)."""
    comparator, target_year, year_basis, recurring, cumulative, start, base_year = key
    return Shape(
        comparator,
        target_year,
        basis or year_basis or "calendar",  # none of its own: judged on its series, which has
        year_basis,
        bool(recurring),
        bool(cumulative),
        start,
        base_year,
    )


def _unless_same(column: Any, other: Any) -> ColumnElement[Any]:
    """The column, or NULL where it equals `other`: one string less to make for most rows."""
    return case((column == other, None), else_=column)


def _relative_words(session: Session, revisions: set[int]) -> dict[tuple[int, str], str]:
    """(revision, doc id) → `Target.relative_to`, from the models of the given revisions."""
    if not revisions:
        return {}
    query = select(RevisionRow.id, RevisionRow.model_json).where(RevisionRow.id.in_(revisions))
    words: dict[tuple[int, str], str] = {}
    for revision, model_json in session.execute(query):
        for kpi in json.loads(model_json)["kpis"]:
            relative_to = kpi["target"].get("relative_to")
            if relative_to is not None:
                words[(revision, kpi["id"])] = relative_to
    return words


def _doubled_query(revisions: Sequence[int] | None) -> Query:
    """The KPIs that may hold two figures in force for one period, in any year: the evaluation
    counts such duplicates over all of a KPI's figures and picks among them by entry time, so
    these KPIs are evaluated on every figure.

    A period's figures in force are its rows less those a row supersedes. Both are counted from
    indexes alone: the periods with more than one row (one pass over the (kpi, period) index)
    and the superseded rows by period (the few ids `supersedes_id` names). A chain of
    corrections leaves one figure in force; two figures of a period in two bases, or two
    corrections of one figure, leave two (approval aside: a superset, which the full evaluation
    sorts out). One statement, whose rows are only those KPIs: usually none.
    """
    o = ObservationRow
    slot = (o.kpi_id, o.period_end, o.period_start)
    crowded = select(*slot, func.count().label("rows")).group_by(*slot)
    crowded = crowded.having(func.count() > 1)
    if revisions is not None:
        ours = select(KpiVersionRow.kpi_id).where(KpiVersionRow.revision_id.in_(revisions))
        crowded = crowded.where(o.kpi_id.in_(ours))
    superseded = select(*slot, func.count().label("gone")).where(o.id.in_(_superseded()))
    c, s = crowded.subquery(), superseded.group_by(*slot).subquery()
    same = and_(
        s.c.kpi_id == c.c.kpi_id,
        s.c.period_end == c.c.period_end,
        s.c.period_start == c.c.period_start,
    )
    in_force = c.c.rows - func.coalesce(s.c.gone, 0)
    return select(c.c.kpi_id).select_from(c.outerjoin(s, same)).where(in_force > 1).distinct()


def _doubled(session: Session, revisions: Sequence[int] | None) -> set[str]:
    """`_doubled_query`'s KPIs, read now."""
    return {kpi_id for (kpi_id,) in _driver_rows(session, _doubled_query(revisions))}


# -- one evaluation ------------------------------------------------------------------------------


def _series_figures(_: Plan, by_period: Mapping[tuple[int, int], Any]) -> Iterable[_Figure]:
    return by_period.values()


class _Pass:
    """The judgement of every KPI of the evaluated revisions, row by row, in document order;
    what the lean judge leaves is kept for `judge_series` and `judge_rest`."""

    def __init__(self, reader: _Reader, judges: dict[int, LeanJudge]) -> None:
        self.reader = reader
        self.judges = judges
        self.doubled: set[str] = set()
        self.found: dict[int, list[LeanResult]] = {revision: [] for revision in judges}
        self.series: list[tuple[int, int, tuple[Any, ...], Plan]] = []  # revision, position, …
        self.rest: list[tuple[int, int, str]] = []  # revision, position, KPI id
        # Each judge's plans, by the rows' shape columns.
        self.plans: dict[LeanJudge, dict[tuple[Any, ...], Plan]] = {j: {} for j in judges.values()}
        self.target_values: dict[Any, Decimal] = {}

    def judge_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """The lean rows (`_Reader.lean_rows`), in order. A row costs its own arithmetic, so
        this loop is kept flat: the plan is found by the row's shape columns, and what a
        revision shares is looked up when the revision changes."""
        value, targets = self.reader.numbers.decimal, self._targets
        revision: Any = None
        kpi_id: Any = None
        for row in rows:
            previous = kpi_id
            (
                row_revision,
                kpi_id,
                indicator,
                comparator,
                target_year,
                year_basis,
                recurring,
                cumulative,
                start,
                base_year,
                raw,
                unit,
                other,
                figure_id,
                figure_raw,
                figure_unit,
                _,
                _,
                baseline,
                later,
            ) = row
            if row_revision != revision:
                revision = row_revision
                found, judge = self.found[revision], self.judges[revision]
                plans = self.plans[judge]
            if kpi_id == previous:  # two figures in force for one period, written since
                found.pop()  # `_doubled` looked: every figure is read
                self._leave(revision, len(found), kpi_id)
                found.append(_PENDING)
                continue
            shape = (comparator, target_year, year_basis, recurring, cumulative, start, base_year)
            plan = plans.get(shape)
            if plan is None:
                plan = plans[shape] = judge.plan(_shape_of(shape), self._row_figures)
            if not plan.lean or other or (raw is None and plan.numeric):
                self._leave(revision, len(found), kpi_id)
                found.append(_PENDING)
                continue
            if (
                plan.whole_series
                or figure_id is None  # a sum of single years, or データなし: its latest figure
                or (later and not unit)  # the latest figure, whose unit is written, is later
            ):
                self.series.append((revision, len(found), row, plan))
                found.append(_PENDING)
                continue
            result = judge.judge(
                plan,
                kpi_id,
                indicator,
                None if raw is None else targets(raw),
                unit,
                None if figure_id is None else value(figure_raw),
                plan.aggregation,
                (figure_unit or unit,),
                None if baseline is None else value(baseline),
                row,
            )
            if result is None:
                self._leave(revision, len(found), kpi_id)
                found.append(_PENDING)
            else:
                found.append(result)

    def _targets(self, raw: Any) -> Decimal:
        """Target values, made once each: a few thousand round numbers among 179,000 KPIs."""
        found = self.target_values.get(raw)
        if found is None:
            found = self.target_values[raw] = self.reader.numbers.decimal(raw)
        return found

    def _row_figures(self, plan: Plan, row: tuple[Any, ...]) -> list[_Figure]:
        """The figures of a lean row, for `LeanResult.result`: the assessed year's, and the
        baseline year's value (all that the judgement and the sentence read of that figure)."""
        value, periods, shape = self.reader.numbers.value, self.reader.periods, plan.shape
        kpi_id, unit, assessed, base_year = row[1], row[11] or "", plan.year, shape.baseline_year
        first = (
            assessed
            if shape.period_start is None or plan.aggregation != "range"
            else shape.period_start
        )
        figures = []
        if row[13] is not None:
            period = periods[(first, assessed, row[17] or shape.basis)]
            figures.append(
                _Figure(kpi_id, period, value(row[14]), row[15] or unit, row[13], row[16])
            )
        if (
            row[18] is not None
            and base_year is not None
            and (base_year, base_year) != (first, assessed)
        ):
            period = periods[(base_year, base_year, shape.basis)]
            figures.append(_Figure(kpi_id, period, value(row[18]), unit, None, None))
        return figures

    def _leave(self, revision: int, position: int, kpi_id: str) -> None:
        self.rest.append((revision, position, kpi_id))

    def leave(self, doubled: set[str]) -> None:
        """Leave the KPIs that may hold two figures for one period to `judge_rest`."""
        self.doubled = doubled
        for revision, found in self.found.items() if doubled else ():
            for position, result in enumerate(found):
                if result is not _PENDING and result.kpi_id in doubled:
                    found[position] = _PENDING
                    self._leave(revision, position, result.kpi_id)

    def judge_series(self, tables: dict[str, dict[tuple[int, int], _Figure]]) -> None:
        """毎年 and summed 累計 targets, a year basis taken from the figures, データなし: on
        `tables` (`_Reader.whole_series`), and the series of the others read now."""
        others = {row[1] for _, _, row, plan in self.series if not plan.whole_series}
        if others:
            tables.update(self.reader.series_tables(self.reader.series(others)))
        for revision, position, row, plan in self.series:
            if row[1] in self.doubled:
                self._leave(revision, position, row[1])
                continue
            by_period = tables.get(row[1], {})
            result = self._judge_series(plan, row, by_period)
            if result is None:
                self._leave(revision, position, row[1])
            else:
                self.found[revision][position] = result

    def _judge_series(
        self, row_plan: Plan, row: tuple[Any, ...], by_period: dict[tuple[int, int], _Figure]
    ) -> LeanResult | None:
        raw = row[10]
        return row_plan.judge.judge_series(
            row_plan.shape,
            row[1],
            row[2],
            None if raw is None else self.reader.numbers.value(raw),
            row[11],
            by_period,
            _series_figures,
        )

    def judge_rest(self, revisions: Sequence[int]) -> None:
        """What the lean judge leaves, by `evaluate_indexed` on every figure of the KPI."""
        if not self.rest:
            return
        kpi_ids = {kpi_id for _, _, kpi_id in self.rest}
        kpis = self.reader.kpis(revisions, kpi_ids)
        references = self.reader.references(kpi_ids)
        indexes = self.reader.every_figure(kpi_ids)
        for revision, position, kpi_id in self.rest:
            judge = self.judges[revision]
            kpi = kpis[revision][kpi_id]
            (result,) = evaluate_indexed(
                [kpi], indexes, year=judge.year, rules=judge.rules, references=references
            )
            self.found[revision][position] = LeanResult.of(judge, kpi, result)


_PENDING: Any = None
"""A place kept in a strategy's results for a KPI judged later."""
