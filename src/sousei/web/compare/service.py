"""The comparison of one national outcome or KPI across the local strategies linked to it.

`compare` resolves the target in the national strategy, reads and evaluates the linked local
KPIs (`reads`), keeps the result in memory until the data change (the newest audit id, as
`web.evaluations` does), and filters and groups it for the page (`shaping`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.model import Strategy
from sousei.registry import BUILTIN_GROUPS, LocalGovernment, RegionGroup, load_registry
from sousei.store.errors import NotFoundError
from sousei.store.tables import KpiVersionRow, LinkRow, StrategyRow

from ..evaluations import NATIONAL, data_version, default_year, strategy_view
from ..i18n import gettext as _
from . import reads, shaping
from .model import (
    Comparison,
    Evaluated,
    Figure,
    Filters,
    LocalRow,
    NationalTarget,
    TargetKind,
)

OUTCOME_LETTERS = ("A", "B", "C", "D", "E")
_CACHE_SIZE = 32

# -- the national target -------------------------------------------------------------------------


def national_model(session: Session) -> Strategy:
    """The national strategy's newest revision, KPI ids as stored (cached with its view)."""
    return strategy_view(session, key=NATIONAL).evaluation.model


def outcome_kpis(model: Strategy, letter: str) -> tuple[str, ...]:
    """An outcome's own KPIs and those of its output areas, in document order."""
    areas = {area.id for area in model.areas if area.outcome_id == letter}
    return tuple(
        kpi.id
        for kpi in model.kpis
        if (kpi.level == "outcome" and kpi.owner == letter)
        or (kpi.level == "output" and kpi.owner in areas)
    )


def resolve(session: Session, kind: TargetKind, target_id: str) -> NationalTarget:
    """The national outcome (A–E) or KPI compared; NotFoundError if the strategy has none."""
    model = national_model(session)
    if kind == "outcome":
        outcome = next((o for o in model.outcomes if o.id == target_id), None)
        if outcome is None:
            raise NotFoundError(
                _("国の総合戦略にアウトカム「%(id)s」はありません。") % {"id": target_id}
            )
        ids = outcome_kpis(model, outcome.id)
        names = {k.id: k.indicator for k in model.kpis if k.id in ids}
        return NationalTarget("outcome", outcome.id, outcome.title, None, ids, names)
    kpi = next((k for k in model.kpis if k.id == target_id), None)
    if kpi is None:
        raise NotFoundError(_("国の総合戦略に KPI「%(id)s」はありません。") % {"id": target_id})
    names = {kpi.id: kpi.indicator}
    return NationalTarget("kpi", kpi.id, kpi.indicator, kpi.target.unit or None, (kpi.id,), names)


def _with_national_status(session: Session, target: NationalTarget, year: int) -> NationalTarget:
    """The target with the national strategy's own judgement of it for the year."""
    view = strategy_view(session, key=NATIONAL, year=year)
    if target.kind == "kpi":
        result = view.by_kpi.get(target.id)
        if result is None:
            return target
        return replace(target, status=result.status, label=result.label, colour=result.colour)
    node = view.nodes.get(f"outcome:{target.id}")
    if node is None:
        return target
    return replace(target, status=node.status, label=node.label, colour=node.colour)


# -- evaluating the linked KPIs ------------------------------------------------------------------


def _latest(found: Sequence[reads.StoredFigure], year: int) -> Figure | None:
    """The newest figure up to the year; of two ending in one year, the one-year figure."""
    usable = [f for f in found if f.period.end <= year]
    if not usable:
        return None
    best = max(usable, key=lambda f: (f.period.end, f.period.start))
    return Figure(best.value, best.unit, best.period.start, best.period.end, best.period.basis)


def _evaluate(session: Session, target: NationalTarget, year: int | None) -> Evaluated:
    links = reads.confirmed_links(
        session,
        outcomes=[target.id] if target.kind == "outcome" else [],
        kpi_ids=target.kpi_ids,
    )
    registry = load_registry()
    known: dict[str, LocalGovernment | None] = {}
    placed: list[tuple[reads.LinkedKpi, LocalGovernment]] = []
    unplaced: set[str] = set()
    for item in reads.linked_kpis(session, links):
        code = item.head.lgcode or ""
        if code not in known:  # once per government, not per KPI
            known[code] = registry.get(code) if code and code in registry else None
        government = known[code]
        if government is not None:
            placed.append((item, government))
        else:
            unplaced.add(item.head.key)
    kpi_ids = [item.kpi.id for item, _ in placed]
    found = reads.figures(session, kpi_ids)
    years = tuple(sorted({figure.period.end for figure in found}))
    year = year if year is not None else default_year(years)
    results = reads.evaluate(
        [item for item, _ in placed], found, reads.references(session, kpi_ids), year=year
    )
    by_kpi: dict[str, list[reads.StoredFigure]] = {}
    for figure in found:
        by_kpi.setdefault(figure.kpi_id, []).append(figure)
    populations = reads.populations(session, {government.code for _, government in placed})
    rows = [
        LocalRow(
            government=government,
            strategy_key=item.head.key,
            strategy_title=item.head.title,
            kpi_id=item.kpi.id,
            indicator=item.kpi.indicator,
            level=item.kpi.level,
            via=item.via,
            rules=reads.rule_set_of(item.head.rule_set),
            result=results[item.kpi.id],
            latest=_latest(by_kpi.get(item.kpi.id, []), year),
            target_unit=item.kpi.target.unit,
            population=shaping.latest_population(populations.get(government.code, []), year),
        )
        for item, government in placed
    ]
    rows.sort(key=shaping.order_key)  # stable: a government's KPIs stay in document order
    return Evaluated(
        target=_with_national_status(session, target, year),
        year=year,
        years=years,
        rows=tuple(rows),
        unplaced=tuple(sorted(unplaced)),
        population_known=bool(populations),
    )


_cache: OrderedDict[tuple[str, str, int | None, int], Evaluated] = OrderedDict()
_lock = threading.Lock()


def evaluated(session: Session, target: NationalTarget, year: int | None) -> Evaluated:
    """The target's linked KPIs evaluated for the year, cached until the data change."""
    key = (str(session.get_bind().engine.url), target.key, year, data_version(session))
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    found = _evaluate(session, target, year)
    with _lock:
        _cache[key] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def clear() -> None:
    """Forget every cached comparison (tests that swap databases)."""
    with _lock:
        _cache.clear()


def compare(
    session: Session,
    *,
    kind: TargetKind,
    target_id: str,
    year: int | None = None,
    filters: Filters | None = None,
) -> Comparison:
    """The comparison page's data: 404 (NotFoundError) for an unknown outcome or KPI."""
    target = resolve(session, kind, target_id)
    return shaping.shape(evaluated(session, target, year), filters or Filters())


# -- the choice of a target -------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """An outcome or KPI one may compare, with the number of confirmed links to it."""

    kind: TargetKind
    id: str
    title: str
    links: int


@dataclass(frozen=True)
class ChoiceGroup:
    """The KPIs of one outcome (with its areas), of 国の役割, or of the impacts."""

    title: str
    kpis: tuple[Choice, ...]


@dataclass(frozen=True)
class Choices:
    outcomes: tuple[Choice, ...]
    groups: tuple[ChoiceGroup, ...]

    @property
    def linked_kpis(self) -> tuple[Choice, ...]:
        return tuple(c for group in self.groups for c in group.kpis if c.links)


def choices(session: Session) -> Choices:
    """Every national outcome and KPI with its number of confirmed links (one grouped query)."""
    model = national_model(session)
    counts = reads.link_counts(session)
    titles = {kpi.id: kpi.indicator for kpi in model.kpis}
    levels = {kpi.id: kpi.level for kpi in model.kpis}

    def kpi_choices(ids: Sequence[str]) -> tuple[Choice, ...]:
        return tuple(Choice("kpi", i, titles[i], counts.get(("kpi", i), 0)) for i in ids)

    outcomes = []
    groups = []
    placed: set[str] = set()
    for outcome in model.outcomes:
        ids = outcome_kpis(model, outcome.id)
        placed.update(ids)
        links = counts.get(("outcome", outcome.id), 0) + sum(counts.get(("kpi", i), 0) for i in ids)
        outcomes.append(Choice("outcome", outcome.id, outcome.title, links))
        groups.append(ChoiceGroup(f"{outcome.id}. {outcome.title}", kpi_choices(ids)))
    rest = [kpi.id for kpi in model.kpis if kpi.id not in placed]
    roles = [i for i in rest if levels[i] == "output"]
    impacts = [i for i in rest if i not in roles]
    if roles:
        groups.append(ChoiceGroup(_("国の役割"), kpi_choices(roles)))
    if impacts:
        groups.append(ChoiceGroup(_("インパクト"), kpi_choices(impacts)))
    return Choices(tuple(outcomes), tuple(groups))


# -- one local government -------------------------------------------------------------------------


@dataclass(frozen=True)
class GovernmentLink:
    """A confirmed link of a government's strategy to a national outcome or KPI."""

    strategy_key: str
    subject_kind: str
    subject_id: str
    subject_title: str
    """A KPI's indicator, or 「基本目標 N」."""
    target_kind: TargetKind
    target_id: str
    target_title: str


@dataclass(frozen=True)
class GovernmentPage:
    """団体の情報 — the registry's record of a government, its groups, strategies and links."""

    government: LocalGovernment
    parent: LocalGovernment | None
    groups: tuple[RegionGroup, ...]
    strategies: tuple[tuple[str, str], ...]
    """(key, title) of the strategies stored under its code."""
    links: tuple[GovernmentLink, ...]


def government_page(session: Session, code: str) -> GovernmentPage:
    """NotFoundError for a code that is not valid or not in the registry."""
    registry = load_registry()
    if code not in registry:
        raise NotFoundError(
            _("団体コード「%(code)s」の団体は登録簿にありません。") % {"code": code}
        )
    government = registry.get(code)
    parent = registry.get(government.parent) if government.parent else None
    strategies = session.execute(
        select(StrategyRow.id, StrategyRow.key, StrategyRow.title)
        .where(StrategyRow.lgcode == government.code)
        .order_by(StrategyRow.key)
    ).all()
    keys = {strategy_id: key for strategy_id, key, _ in strategies}
    return GovernmentPage(
        government=government,
        parent=parent,
        groups=tuple(group for group in BUILTIN_GROUPS if group.contains(government)),
        strategies=tuple((key, title) for _, key, title in strategies),
        links=_links_of(session, keys),
    )


def _links_of(session: Session, keys: dict[int, str]) -> tuple[GovernmentLink, ...]:
    """The confirmed links of the strategies (id → key), named on both sides."""
    links = session.scalars(
        select(LinkRow)
        .where(LinkRow.strategy_id.in_(list(keys)), LinkRow.state == reads.CONFIRMED)
        .order_by(LinkRow.id)
    ).all()
    model = national_model(session)
    targets = {k.id: k.indicator for k in model.kpis} | {o.id: o.title for o in model.outcomes}
    subjects = [link.subject_id for link in links if link.subject_kind == "kpi"]
    indicators = dict(
        session.execute(
            select(KpiVersionRow.kpi_id, KpiVersionRow.indicator)
            .where(KpiVersionRow.kpi_id.in_(subjects))
            .order_by(KpiVersionRow.revision_id)  # the newest revision's words last, and kept
        ).all()
    )

    def subject(link: LinkRow) -> str:
        if link.subject_kind == "kpi":
            return indicators.get(link.subject_id, link.subject_id)
        goal = link.subject_id.rpartition(reads.OUTCOME_SUBJECT)[2]
        return _("基本目標 %(n)s") % {"n": goal}

    return tuple(
        GovernmentLink(
            keys[link.strategy_id],
            link.subject_kind,
            link.subject_id,
            subject(link),
            "outcome" if link.target_kind == "outcome" else "kpi",
            link.target_id,
            targets.get(link.target_id, link.target_id),
        )
        for link in links
    )
