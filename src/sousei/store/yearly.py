"""A year's evaluation of every KPI of every stored strategy (or of a few): the status board's
fast path.

`evaluation.evaluate_strategy` evaluates one strategy from its revision's model and every figure
of its KPIs. `evaluate_year` gives the same `KpiResult`s for the newest revision of each strategy,
at national scale (1,789 strategies, about 179,000 KPIs and a million figures) in a few queries:

* KPIs are rebuilt from their `kpi_version` rows without validation (the rows were written from
  validated KPIs); only a revision with a relative target (東京圏以上, 前年度以上) has its model
  read, for the words the rows do not keep (`Target.relative_to`).
* Figures are read with Core selects, only the columns the judgement uses, and only the figures
  the year's judgement can use (see `_needed`): the figures ending in the assessed year, the
  single-year figure of the baseline year, the years of a 累計 or 毎年 target, and every figure of
  a KPI whose judgement reads its latest figure (no target year basis or unit, N倍, relative).
* Two things depend on figures outside those years, and get every figure of their KPI, read
  again as `observations.current` reads them: a result of データなし (its sentence names the
  latest figure), and a KPI that may have two figures in force for one period (`_doubled`),
  since the evaluation counts duplicates over all of a KPI's figures and picks among them by
  entry time.

The rule set is the one asked for, or with `rule_set=None` each strategy's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, case, cast, func, or_, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.types import NullType

from sousei.evaluate import (
    KpiResult,
    ObservationIndex,
    ObservationLike,
    RuleSet,
    evaluate_indexed,
    index_observations,
    load_rule_set,
)
from sousei.ja.numbers import tidy_decimal
from sousei.model import Kpi, Target
from sousei.model.actuals import KpiReference, Period
from sousei.model.types import trusted

from .bulk import chunked, collector_paused
from .clock import aware
from .errors import NotFoundError
from .kpis import reference_of
from .tables import (
    KpiReferenceRow,
    KpiVersionRow,
    ObservationRow,
    RevisionRow,
    StrategyRow,
)

__all__ = ["StrategyYear", "YearEvaluation", "evaluate_year"]


@dataclass(frozen=True)
class StrategyYear:
    """One strategy's results for the year, in the order of its KPIs in the revision."""

    key: str
    revision: int
    rules: RuleSet
    results: tuple[KpiResult, ...]


@dataclass(frozen=True)
class YearEvaluation:
    """Every evaluated strategy's results for one year, strategies in the order they were
    first loaded."""

    year: int
    strategies: tuple[StrategyYear, ...]

    @property
    def results(self) -> list[KpiResult]:
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
    with collector_paused():
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
    numbers = _Numbers(session)
    kpis = _kpis(session, revisions, numbers)
    references = _references(session, revisions)
    doubled = _doubled(session, None if every_strategy else revisions)
    rules = {h.revision_id: load_rule_set(rule_set or h.rule_set) for h in heads}
    indexes, collided = _needed_figures(
        session, revisions, numbers, year=year, approved_only=approved_only, skip=doubled
    )
    results = {
        head.revision_id: evaluate_indexed(
            kpis[head.revision_id],
            indexes,
            year=year,
            rules=rules[head.revision_id],
            references=references,
        )
        for head in heads
    }
    del indexes
    again = doubled | collided
    again.update(r.kpi_id for found in results.values() for r in found if r.kind == "no_data")
    if again:
        everything = _every_figure(session, again, numbers, approved_only=approved_only)
        for head in heads:
            found = results[head.revision_id]
            for position, kpi in enumerate(kpis[head.revision_id]):
                if kpi.id in again:
                    (found[position],) = evaluate_indexed(
                        [kpi],
                        everything,
                        year=year,
                        rules=rules[head.revision_id],
                        references=references,
                    )
    return YearEvaluation(
        year,
        tuple(
            StrategyYear(
                head.key, head.number, rules[head.revision_id], tuple(results[head.revision_id])
            )
            for head in heads
        ),
    )


# -- strategies and KPIs -------------------------------------------------------------------------


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

    def column(self, column: InstrumentedAttribute[Decimal | None]) -> ColumnElement[Any]:
        """The column to select for `value`."""
        if self.as_text:
            return cast(column, Text)
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


def _kpis(session: Session, revisions: Sequence[int], numbers: _Numbers) -> dict[int, list[Kpi]]:
    """The KPIs of each revision in document order, carrying their stable store ids.

    They hold what the evaluation reads (id, level, owner, label, indicator, target); the
    bullet's text and source lines stay in the revision's model.
    """
    v = KpiVersionRow
    query = (
        select(
            v.revision_id,
            v.kpi_id,
            v.doc_id,
            v.level,
            v.owner,
            v.label,
            v.indicator,
            v.target_text,
            numbers.column(v.target_value),
            v.target_unit,
            v.comparator,
            v.target_year,
            v.year_basis,
            v.recurring,
            v.cumulative,
            v.period_start,
            v.baseline_year,
            v.to_be_set,
            numbers.column(v.baseline_value),
            v.baseline_unit,
        )
        .where(v.revision_id.in_(revisions))
        .order_by(v.revision_id, v.id)
    )
    rows = session.connection().execute(query).all()
    relative = _relative_words(session, {row[0] for row in rows if row[10] == "relative"})
    found: dict[int, list[Kpi]] = {revision: [] for revision in revisions}
    for (
        revision,
        kpi_id,
        doc_id,
        level,
        owner,
        label,
        indicator,
        text,
        value,
        unit,
        comparator,
        target_year,
        year_basis,
        recurring,
        cumulative,
        period_start,
        baseline_year,
        to_be_set,
        baseline_value,
        baseline_unit,
    ) in rows:
        target = trusted(
            Target,
            {
                "text": text,
                "value": None if value is None else numbers.value(value),
                "unit": unit,
                "comparator": comparator,
                "target_year": target_year,
                "year_basis": year_basis,
                "recurring": recurring,
                "cumulative": cumulative,
                "period_start": period_start,
                "baseline_year": baseline_year,
                # the 基準値 as the evaluation reads it; its text and basis stay in the model
                "baseline_year_basis": None,
                "baseline_period_start": None,
                "baseline_value": None if baseline_value is None else numbers.value(baseline_value),
                "baseline_unit": baseline_unit,
                "baseline_text": None,
                "to_be_set": to_be_set,
                "relative_to": relative.get((revision, doc_id)),
            },
        )
        kpi = trusted(
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
        found[revision].append(kpi)
    return found


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


def _references(session: Session, revisions: Sequence[int]) -> dict[str, KpiReference]:
    query = (
        select(KpiReferenceRow)
        .join(KpiVersionRow, KpiVersionRow.kpi_id == KpiReferenceRow.kpi_id)
        .where(KpiVersionRow.revision_id.in_(revisions))
    )
    return {row.kpi_id: reference_of(row) for row in session.scalars(query)}


# -- figures -------------------------------------------------------------------------------------


class _Figure:
    """A figure in force, as the evaluation reads it (an `ObservationLike` with id and status)."""

    __slots__ = ("entered_at", "id", "kpi_id", "period", "status", "unit", "value")

    def __init__(
        self,
        kpi_id: str,
        period: Period,
        value: Decimal,
        unit: str,
        id: int,  # the name the evaluation reads
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


def _in_force(approved_only: bool) -> list[ColumnElement[bool]]:
    """What `observations.current` keeps: nothing supersedes the row (and it is approved)."""
    newer = aliased(ObservationRow)
    superseded = select(newer.id).where(newer.supersedes_id == ObservationRow.id).exists()
    conditions: list[ColumnElement[bool]] = [~superseded]
    if approved_only:
        conditions.append(ObservationRow.review_state == "approved")
    return conditions


def _figure_columns(numbers: _Numbers) -> tuple[Any, ...]:
    return (
        ObservationRow.kpi_id,
        ObservationRow.period_start,
        ObservationRow.period_end,
        ObservationRow.period_basis,
        numbers.column(ObservationRow.value),
        ObservationRow.unit,
        ObservationRow.id,
        ObservationRow.status,
    )


def _needed(year: int) -> ColumnElement[bool]:
    """The figures `year`'s judgement of a KPI can read (docs/formulas.md, "Timing", "The
    figure used", "Baseline"), as a condition on observation ⋈ kpi_version ⟕ kpi_reference.

    The assessed year is the target year once it has passed, else `year`. A KPI whose judgement
    reads its latest figure (for the year basis or the unit) or a whole series (relative
    targets) gets every figure.
    """
    o, v, r = ObservationRow, KpiVersionRow, KpiReferenceRow
    assessed = case((v.target_year < year, v.target_year), else_=year)
    single = o.period_start == o.period_end
    return or_(
        o.period_end == assessed,
        and_(
            single,
            or_(
                and_(
                    r.baseline_value.is_(None),
                    o.period_start == func.coalesce(r.baseline_year, v.baseline_year),
                ),
                and_(v.cumulative, o.period_start >= v.period_start, o.period_start <= assessed),
                and_(v.recurring, o.period_start <= assessed),
            ),
        ),
        and_(v.year_basis.is_(None), r.baseline_basis.is_(None)),
        v.target_unit.is_(None),
        v.target_unit == "",
        v.comparator.in_(("multiple", "relative")),
    )


def _needed_figures(
    session: Session,
    revisions: Sequence[int],
    numbers: _Numbers,
    *,
    year: int,
    approved_only: bool,
    skip: set[str],
) -> tuple[dict[str, ObservationIndex], set[str]]:
    """The indexes of the figures `year`'s judgement can use, for the KPIs of `revisions`
    except `skip`; and the KPIs found with two figures for one period after all (written since
    `_doubled` looked), which must be read again in full."""
    query = (
        select(*_figure_columns(numbers))
        .join(KpiVersionRow, KpiVersionRow.kpi_id == ObservationRow.kpi_id)
        .outerjoin(KpiReferenceRow, KpiReferenceRow.kpi_id == ObservationRow.kpi_id)
        .where(
            KpiVersionRow.revision_id.in_(revisions),
            *_in_force(approved_only),
            _needed(year),
        )
    )
    periods = _Periods()
    tables: dict[str, dict[tuple[int, int], ObservationLike]] = {}
    collided: set[str] = set()
    rows = session.connection().execute(query).all()  # one fetch, far cheaper than row by row
    for kpi_id, start, end, basis, value, unit, figure_id, status in rows:
        if kpi_id in skip:
            continue
        table = tables.get(kpi_id)
        if table is None:
            table = tables[kpi_id] = {}
        elif (start, end) in table:
            collided.add(kpi_id)
        table[(start, end)] = _Figure(
            kpi_id, periods[(start, end, basis)], numbers.value(value), unit, figure_id, status
        )
    return {kpi_id: ObservationIndex(table, 0) for kpi_id, table in tables.items()}, collided


def _doubled(session: Session, revisions: Sequence[int] | None) -> set[str]:
    """KPIs that may hold two figures in force for one period.

    First the periods with more than one row in any state, in one pass over the (kpi, period)
    index without the rows; then, among those few, the periods with more rows than rows
    superseded in them (a correction shares its figure's period, so a chain of corrections
    leaves one figure in force, while two figures of the period in two bases, or two
    corrections of one figure, leave two).
    """
    o = ObservationRow
    slot = (o.kpi_id, o.period_end, o.period_start)
    query = select(o.kpi_id).group_by(*slot).having(func.count() > 1)
    if revisions is not None:
        ours = select(KpiVersionRow.kpi_id).where(KpiVersionRow.revision_id.in_(revisions))
        query = query.where(o.kpi_id.in_(ours))
    candidates = sorted(set(session.scalars(query)))
    in_force = func.count() - func.count(func.distinct(o.supersedes_id))
    refined = select(o.kpi_id).group_by(*slot).having(in_force > 1)
    return {
        kpi_id
        for chunk in chunked(candidates)
        for kpi_id in session.scalars(refined.where(o.kpi_id.in_(chunk)))
    }


def _every_figure(
    session: Session, kpi_ids: Iterable[str], numbers: _Numbers, *, approved_only: bool
) -> dict[str, ObservationIndex]:
    """Every figure in force of the given KPIs, indexed as `evaluate_all` indexes
    `observations.current` (duplicates counted, the latest entry preferred)."""
    columns = (*_figure_columns(numbers), ObservationRow.entered_at)
    query = select(*columns).where(*_in_force(approved_only))
    periods = _Periods()
    figures: dict[str, list[_Figure]] = {}
    for chunk in chunked(sorted(kpi_ids)):
        rows = session.connection().execute(query.where(ObservationRow.kpi_id.in_(chunk))).all()
        for kpi_id, start, end, basis, value, unit, figure_id, status, entered in rows:
            figures.setdefault(kpi_id, []).append(
                _Figure(
                    kpi_id,
                    periods[(start, end, basis)],
                    numbers.value(value),
                    unit,
                    figure_id,
                    status,
                    aware(entered),
                )
            )
    return {kpi_id: index_observations(found) for kpi_id, found in figures.items()}
