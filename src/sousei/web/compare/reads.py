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
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult, evaluate_all, load_rule_set
from sousei.ja.numbers import tidy_decimal
from sousei.model import Kpi, SourceSpan, Target
from sousei.model.actuals import KpiReference, Observation
from sousei.store import observations
from sousei.store.kpis import reference_of
from sousei.store.tables import (
    KpiReferenceRow,
    KpiVersionRow,
    LinkRow,
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


def confirmed_links(
    session: Session, *, outcomes: Sequence[str], kpi_ids: Sequence[str]
) -> list[LinkRow]:
    """The confirmed links to any of the national outcomes or KPIs, oldest first."""
    wanted = []
    if outcomes:
        wanted.append(and_(LinkRow.target_kind == "outcome", LinkRow.target_id.in_(outcomes)))
    if kpi_ids:
        wanted.append(and_(LinkRow.target_kind == "kpi", LinkRow.target_id.in_(kpi_ids)))
    if not wanted:
        return []
    query = select(LinkRow).where(LinkRow.state == CONFIRMED, or_(*wanted)).order_by(LinkRow.id)
    return list(session.scalars(query))


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


def linked_kpis(session: Session, links: Sequence[LinkRow]) -> list[LinkedKpi]:
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
    versions: dict[str, KpiVersionRow] = {}
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


def _versions(
    session: Session, kpi_ids: Iterable[str], goal_revisions: set[int]
) -> Iterable[KpiVersionRow]:
    """The version rows of the named KPIs (every revision), and the outcome KPIs of the
    revisions whose 基本目標 are named."""
    for chunk in _slices(sorted(kpi_ids)):
        yield from session.scalars(select(KpiVersionRow).where(KpiVersionRow.kpi_id.in_(chunk)))
    for revisions in _slices(sorted(goal_revisions)):
        query = select(KpiVersionRow).where(
            KpiVersionRow.revision_id.in_(revisions), KpiVersionRow.level == "outcome"
        )
        yield from session.scalars(query)


def kpi_of(version: KpiVersionRow, relative_to: str | None = None) -> Kpi:
    """The KPI as its version row keeps it, with its stable id; what the evaluation reads."""
    value = version.target_value
    target = Target(
        text=version.target_text,
        value=None if value is None else tidy_decimal(Decimal(value)),
        unit=version.target_unit,
        comparator=version.comparator,  # type: ignore[arg-type]  # stored from a Comparator
        target_year=version.target_year,
        year_basis=version.year_basis,  # type: ignore[arg-type]  # stored from a YearBasis
        recurring=version.recurring,
        cumulative=version.cumulative,
        period_start=version.period_start,
        baseline_year=version.baseline_year,
        to_be_set=version.to_be_set,
        relative_to=relative_to,
    )
    return Kpi(
        id=version.kpi_id,
        level=version.level,  # type: ignore[arg-type]  # stored from a KpiLevel
        owner=version.owner,
        label=version.label,
        indicator=version.indicator,
        target=target,
        text=version.indicator,
        lines=SourceSpan(start=version.source_line, end=version.source_line),
    )


def _relative_words(
    session: Session, versions: Sequence[KpiVersionRow]
) -> dict[tuple[int, str], str]:
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


def figures(session: Session, kpi_ids: Iterable[str]) -> list[Observation]:
    """The approved figures in force of the KPIs: what the evaluation of the pages uses."""
    return observations.current(session, kpi_ids=kpi_ids, approved_only=True)


def evaluate(
    linked: Sequence[LinkedKpi],
    found: Sequence[Observation],
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
            rules=load_rule_set(rule_set),
            references=found_references,
        ):
            results[result.kpi_id] = result
    return results


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
