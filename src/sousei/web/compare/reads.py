"""What a comparison reads from the store, in a few indexed queries whatever the number of
linked strategies: the confirmed links to the target, the linked KPIs as the newest revision of
their strategy states them, their reference data and approved figures, and populations.

Only the linked KPIs are evaluated, not whole strategies: a national KPI may be linked from
every one of the 1,788 local strategies, which hold about 100 KPIs each. Each KPI is judged by
`evaluate_all` with its own strategy's rule set on the same inputs `store.evaluation` gives it
(the KPI as stored, its reference data, its approved figures in force), so a status here is
the status the strategy's own pages show.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Row, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from sousei.evaluate import KpiResult, RuleSet, evaluate_all, load_rule_set
from sousei.ja.numbers import tidy_decimal
from sousei.model import Kpi, SourceSpan, Target
from sousei.model.actuals import KpiReference, Period
from sousei.store.clock import aware
from sousei.store.kpis import reference_of
from sousei.store.supersession import in_force, of_kpis
from sousei.store.tables import (
    KpiReferenceRow,
    KpiVersionRow,
    LinkRow,
    ObservationRow,
    RevisionRow,
    SeriesValueRow,
    StrategyRow,
)

from .model import POPULATION_PREFIX, Population

CONFIRMED = "confirmed"
_SLICE = 5000
"""Ids bound per query: within every driver's limit on parameters (as `store.bulk.chunked`)."""

T = TypeVar("T", int, str)


def _slices(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _SLICE):
        yield items[start : start + _SLICE]


OUTCOME_SUBJECT = ":outcome:"
"""A local 基本目標 as a link's subject: ``<strategy key>:outcome:<number>``."""


@dataclass(frozen=True)
class Head:
    """A linked strategy and its newest revision."""

    strategy_id: int
    key: str
    title: str
    lgcode: str | None
    rule_set: str
    revision_id: int


@dataclass(frozen=True)
class LinkedKpi:
    """A local KPI a confirmed link names (directly, or as a 数値目標 of a linked 基本目標)."""

    head: Head
    kpi: Kpi
    via: tuple[str, ...]
    position: int
    """Its place in the revision (document order)."""


@dataclass(frozen=True)
class Link:
    """A confirmed link: the local strategy, what of it is linked, and the national target."""

    strategy_id: int
    subject_kind: str
    subject_id: str
    target_id: str


def confirmed_links(
    session: Session, *, outcomes: Sequence[str], kpi_ids: Sequence[str]
) -> list[Link]:
    """The confirmed links to any of the national outcomes or KPIs, oldest first."""
    wanted = []
    if outcomes:
        wanted.append(and_(LinkRow.target_kind == "outcome", LinkRow.target_id.in_(outcomes)))
    if kpi_ids:
        wanted.append(and_(LinkRow.target_kind == "kpi", LinkRow.target_id.in_(kpi_ids)))
    if not wanted:
        return []
    query = (
        select(LinkRow.strategy_id, LinkRow.subject_kind, LinkRow.subject_id, LinkRow.target_id)
        .where(LinkRow.state == CONFIRMED, or_(*wanted))
        .order_by(LinkRow.id)
    )
    return [Link(*row) for row in session.execute(query)]


def link_counts(session: Session) -> dict[tuple[str, str], int]:
    """(target kind, target id) → the number of confirmed links to it."""
    query = (
        select(LinkRow.target_kind, LinkRow.target_id, func.count())
        .where(LinkRow.state == CONFIRMED)
        .group_by(LinkRow.target_kind, LinkRow.target_id)
    )
    return {(kind, target): count for kind, target, count in session.execute(query)}


def heads(session: Session, strategy_ids: Iterable[int]) -> dict[int, Head]:
    """Each strategy's newest revision."""
    found: dict[int, Head] = {}
    for chunk in _slices(sorted(set(strategy_ids))):
        newest = (
            select(RevisionRow.strategy_id, func.max(RevisionRow.number).label("number"))
            .where(RevisionRow.strategy_id.in_(chunk))
            .group_by(RevisionRow.strategy_id)
            .subquery()
        )
        query = (
            select(
                StrategyRow.id,
                StrategyRow.key,
                StrategyRow.title,
                StrategyRow.lgcode,
                StrategyRow.rule_set,
                RevisionRow.id,
            )
            .join(RevisionRow, RevisionRow.strategy_id == StrategyRow.id)
            .join(
                newest,
                and_(
                    newest.c.strategy_id == RevisionRow.strategy_id,
                    newest.c.number == RevisionRow.number,
                ),
            )
        )
        for row in session.execute(query):
            found[row[0]] = Head(*row)
    return found


def linked_kpis(session: Session, links: Sequence[Link]) -> list[LinkedKpi]:
    """The local KPIs the links name, each once (with every target that names it), in the
    newest revision of their strategy; a KPI that revision dropped is left out."""
    found_heads = heads(session, (link.strategy_id for link in links))
    direct: dict[str, list[str]] = defaultdict(list)  # kpi id → targets
    goals: dict[tuple[int, str], list[str]] = defaultdict(list)  # (revision, goal) → targets
    for link in links:
        head = found_heads.get(link.strategy_id)
        if head is None:
            continue
        if link.subject_kind == "kpi":
            direct[link.subject_id].append(link.target_id)
        elif link.subject_kind == "outcome":
            key, _, goal = link.subject_id.rpartition(OUTCOME_SUBJECT)
            if key == head.key and goal:
                goals[(head.revision_id, goal)].append(link.target_id)
    by_revision = {head.revision_id: head for head in found_heads.values()}
    vias: dict[str, list[str]] = defaultdict(list)
    versions: dict[str, Row[Any]] = {}
    for version in _versions(session, direct, {revision for revision, _ in goals}):
        if version.revision_id not in by_revision:
            continue  # a version of an older revision
        named = direct.get(version.kpi_id, []) + goals.get(
            (version.revision_id, version.owner) if version.level == "outcome" else (0, ""), []
        )
        if named:
            versions[version.kpi_id] = version
            vias[version.kpi_id] += named
    relative = _relative_words(
        session, [v for v in versions.values() if v.comparator == "relative"]
    )
    return sorted(
        (
            LinkedKpi(
                by_revision[version.revision_id],
                kpi_of(version, relative.get((version.revision_id, version.doc_id))),
                tuple(dict.fromkeys(vias[kpi_id])),
                version.id,
            )
            for kpi_id, version in versions.items()
        ),
        key=lambda linked: linked.position,
    )


_VERSION = KpiVersionRow
_VERSION_COLUMNS = (
    _VERSION.id,
    _VERSION.revision_id,
    _VERSION.kpi_id,
    _VERSION.doc_id,
    _VERSION.level,
    _VERSION.owner,
    _VERSION.label,
    _VERSION.indicator,
    _VERSION.target_text,
    type_coerce(_VERSION.target_value, NullType()).label("target_value"),  # made exact by kpi_of
    _VERSION.target_unit,
    _VERSION.comparator,
    _VERSION.target_year,
    _VERSION.year_basis,
    _VERSION.recurring,
    _VERSION.cumulative,
    _VERSION.period_start,
    _VERSION.baseline_year,
    _VERSION.to_be_set,
    _VERSION.source_line,
)
"""What a KPI's version row holds, read as plain rows (thousands of them for one target)."""


def _versions(
    session: Session, kpi_ids: Iterable[str], goal_revisions: set[int]
) -> Iterable[Any]:  # rows of _VERSION_COLUMNS
    """The version rows of the named KPIs (every revision), and the outcome KPIs of the
    revisions whose 基本目標 are named."""
    query = select(*_VERSION_COLUMNS)
    for chunk in _slices(sorted(kpi_ids)):
        yield from session.execute(query.where(_VERSION.kpi_id.in_(chunk)))
    for revisions in _slices(sorted(goal_revisions)):
        where = (_VERSION.revision_id.in_(revisions), _VERSION.level == "outcome")
        yield from session.execute(query.where(*where))


def kpi_of(version: Row[Any], relative_to: str | None = None) -> Kpi:
    """The KPI as its version row keeps it, with its stable id; what the evaluation reads."""
    value = version.target_value
    target = Target(
        text=version.target_text,
        value=None if value is None else exact(value),
        unit=version.target_unit,
        comparator=version.comparator,
        target_year=version.target_year,
        year_basis=version.year_basis,
        recurring=version.recurring,
        cumulative=version.cumulative,
        period_start=version.period_start,
        baseline_year=version.baseline_year,
        to_be_set=version.to_be_set,
        relative_to=relative_to,
    )
    return Kpi(
        id=version.kpi_id,
        level=version.level,
        owner=version.owner,
        label=version.label,
        indicator=version.indicator,
        target=target,
        text=version.indicator,
        lines=SourceSpan(start=version.source_line, end=version.source_line),
    )


def _relative_words(session: Session, versions: Iterable[Row[Any]]) -> dict[tuple[int, str], str]:
    """(revision, doc id) → `Target.relative_to` (東京圏以上…), which only the model keeps."""
    revisions = sorted({v.revision_id for v in versions})
    words: dict[tuple[int, str], str] = {}
    for chunk in _slices(revisions):
        query = select(RevisionRow.id, RevisionRow.model_json).where(RevisionRow.id.in_(chunk))
        for revision, model_json in session.execute(query):
            for kpi in json.loads(model_json)["kpis"]:
                relative_to = kpi["target"].get("relative_to")
                if relative_to is not None:
                    words[(revision, kpi["id"])] = relative_to
    return words


def references(session: Session, kpi_ids: Iterable[str]) -> dict[str, KpiReference]:
    found: dict[str, KpiReference] = {}
    for chunk in _slices(sorted(set(kpi_ids))):
        query = select(KpiReferenceRow).where(KpiReferenceRow.kpi_id.in_(chunk))
        found.update((row.kpi_id, reference_of(row)) for row in session.scalars(query))
    return found


class StoredFigure:
    """An approved figure in force, with what the evaluation reads of it (an `ObservationLike`
    with the id, status and entry time it uses to choose between two figures of a period)."""

    __slots__ = ("entered_at", "id", "kpi_id", "period", "status", "unit", "value")

    def __init__(
        self,
        kpi_id: str,
        period: Period,
        value: Decimal,
        unit: str,
        id: int,  # the name the evaluation reads
        status: str | None,
        entered_at: datetime,
    ) -> None:
        self.kpi_id = kpi_id
        self.period = period
        self.value = value
        self.unit = unit
        self.id = id
        self.status = status
        self.entered_at = entered_at


def figures(session: Session, kpi_ids: Iterable[str]) -> list[StoredFigure]:
    """The approved figures in force of the KPIs — what `observations.current(approved_only=
    True)` gives the strategy's own pages — read as plain rows: a national KPI may have
    thousands of linked local KPIs, and a full `Observation` per figure costs ten times more."""
    o = ObservationRow
    raw_value: Any = type_coerce(o.value, NullType())  # the driver's number, made exact below
    query = select(
        o.kpi_id,
        o.period_start,
        o.period_end,
        o.period_basis,
        raw_value,
        o.unit,
        o.id,
        o.status,
        o.entered_at,
    )
    periods: dict[tuple[int, int, str], Period] = {}
    found: list[StoredFigure] = []
    for chunk in _slices(sorted(set(kpi_ids))):
        scope = of_kpis(chunk)
        counted = query.where(scope(o), *in_force(o, approved_only=True, scope=scope))
        for kpi_id, start, end, basis, value, unit, number, status, entered in (
            session.connection().execute(counted).all()
        ):
            period = periods.get((start, end, basis))
            if period is None:
                period = Period(start=start, end=end, basis=basis)
                periods[(start, end, basis)] = period
            found.append(
                StoredFigure(kpi_id, period, exact(value), unit, number, status, aware(entered))
            )
    return found


_EXACT_FLOAT = 2**53


def exact(raw: str | int | float | Decimal) -> Decimal:
    """A stored value as `observations.to_observation` gives it (SQLAlchemy's `Numeric` result,
    trailing zeros dropped), without its per-value cost: PostgreSQL's numeric arrives as a
    Decimal; SQLite hands back an int or a float, which SQLAlchemy writes with "%.10f"."""
    if type(raw) is int and -_EXACT_FLOAT < raw < _EXACT_FLOAT:
        return Decimal(raw)
    if isinstance(raw, Decimal):
        text = format(raw, "f")
    elif isinstance(raw, str):
        text = raw
    else:
        text = "%.10f" % raw  # noqa: UP031  # SQLAlchemy's own conversion
    if "." in text and text[-1:].isdigit():
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def evaluate(
    linked: Sequence[LinkedKpi],
    found: Sequence[StoredFigure],
    found_references: dict[str, KpiReference],
    *,
    year: int,
) -> dict[str, KpiResult]:
    """Each KPI judged for the year under its own strategy's rule set."""
    by_rule_set: dict[str, list[Kpi]] = defaultdict(list)
    for item in linked:
        by_rule_set[item.head.rule_set].append(item.kpi)
    results: dict[str, KpiResult] = {}
    for rule_set, kpis in by_rule_set.items():
        ids = {kpi.id for kpi in kpis}
        for result in evaluate_all(
            kpis,
            [figure for figure in found if figure.kpi_id in ids],
            year=year,
            rules=rule_set_of(rule_set),
            references=found_references,
        ):
            results[result.kpi_id] = result
    return results


@cache
def rule_set_of(name: str) -> RuleSet:
    """A shipped rule set by name, looked up once (`load_rule_set` lists the folder each call)."""
    return load_rule_set(name)


def populations(session: Session, codes: Iterable[str]) -> dict[str, list[Population]]:
    """Each government's population figures (人口/<code>), oldest first; absent when none."""
    names = sorted({POPULATION_PREFIX + code for code in codes})
    found: dict[str, list[Population]] = defaultdict(list)
    for chunk in _slices(names):
        query = (
            select(SeriesValueRow.name, SeriesValueRow.period_end, SeriesValueRow.value)
            .where(SeriesValueRow.name.in_(chunk))
            .order_by(SeriesValueRow.name, SeriesValueRow.period_end)
        )
        for name, year, value in session.execute(query):
            code = name.removeprefix(POPULATION_PREFIX)
            found[code].append(Population(tidy_decimal(Decimal(value)), year))
    return dict(found)
