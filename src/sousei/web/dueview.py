"""提出状況 — for one organisation and year, which KPIs still lack a figure, which wait for
review and which were returned (with the reason); and the same counts for every organisation.

Two queries for the whole strategy: the catalogue (who owns each KPI) and the figures in force
of the KPIs asked about. The year's status comes from the cached evaluation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy.orm import Session

from sousei.evaluate import KpiResult
from sousei.model.actuals import Observation
from sousei.store import kpis, observations

from .boardview import ViewCache
from .evaluations import StrategyView
from .i18n import gettext as _
from .kpiview import kpi_href
from .labels import NO_ORGANISATION

DueState = Literal["missing", "returned", "draft", "submitted", "approved", "not_due"]
DUE_STATES: tuple[DueState, ...] = get_args(DueState)
ACTION_STATES: tuple[DueState, ...] = ("missing", "returned", "draft", "submitted")
"""States that still need someone to act: enter, correct, submit or review a figure."""


def state_label(state: str) -> str:
    labels = {
        "missing": _("未入力"),
        "returned": _("差戻し"),
        "draft": _("下書き（未提出）"),
        "submitted": _("審査待ち"),
        "approved": _("承認済み"),
        "not_due": _("対象外"),
    }
    return labels.get(state, state)


def state_hint(state: str) -> str:
    hints = {
        "missing": _("この年の実績値がまだ入力されていない KPI"),
        "returned": _("審査で差し戻された実績値（理由を確認して入力し直してください）"),
        "draft": _("入力済みで、まだ提出されていない実績値"),
        "submitted": _("提出され、審査を待っている実績値"),
        "approved": _("承認済みの実績値"),
        "not_due": _("この年は評価の対象期間外の KPI"),
    }
    return hints.get(state, "")


@dataclass(frozen=True)
class DueItem:
    """提出状況の行 — a KPI, its figure for the year (if any) and what state that is in."""

    kpi_id: str
    href: str
    indicator: str
    organisation: str | None
    state: DueState
    figure: Observation | None
    result: KpiResult | None


@dataclass(frozen=True)
class DueList:
    """One organisation's KPIs for a year, by state."""

    organisation: str
    year: int
    items: tuple[DueItem, ...]

    def of(self, state: str) -> list[DueItem]:
        return [item for item in self.items if item.state == state]

    def counts(self) -> list[tuple[DueState, int]]:
        found = Counter(item.state for item in self.items)
        return [(state, found.get(state, 0)) for state in DUE_STATES]


@dataclass(frozen=True)
class OrganisationSummary:
    organisation: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _organisations(items: tuple[DueItem, ...]) -> list[str]:
    """The organisations named in the strategy's reference data, then 「（未設定）」 if any KPI
    names none."""
    owners = [item.organisation for item in items]
    named = sorted({o for o in owners if o})
    return named + ([NO_ORGANISATION] if any(o is None for o in owners) else [])


def _figure_of_year(figures: list[Observation], year: int) -> Observation | None:
    """The figure in force for the year: the single-year one, else the newest range ending then."""
    ending = [f for f in figures if f.period.end == year]
    single = [f for f in ending if f.period.start == year]
    chosen = single or ending
    return max(chosen, key=lambda f: f.id) if chosen else None


def _state(figure: Observation | None, result: KpiResult | None) -> DueState:
    if figure is not None:
        return figure.review_state
    if result is not None and result.kind == "not_due":
        return "not_due"
    return "missing"


def _build(session: Session, view: StrategyView) -> tuple[DueItem, ...]:
    """Every KPI of the strategy with its state for the view's year: the catalogue (who owns
    what) and the figures in force, two queries for the whole strategy."""
    entries = kpis.catalogue(session, key=view.key)
    figures: dict[str, list[Observation]] = {}
    for found in observations.current(session, kpi_ids=[e.kpi_id for e in entries]):
        figures.setdefault(found.kpi_id, []).append(found)
    items = []
    for entry in entries:
        figure = _figure_of_year(figures.get(entry.kpi_id, []), view.year)
        result = view.by_kpi.get(entry.kpi_id)
        items.append(
            DueItem(
                kpi_id=entry.kpi_id,
                href=kpi_href(entry.kpi_id),
                indicator=entry.indicator,
                organisation=entry.reference.organisation,
                state=_state(figure, result),
                figure=figure,
                result=result,
            )
        )
    return tuple(items)


_items: ViewCache[tuple[DueItem, ...]] = ViewCache()


def _owner(item: DueItem) -> str:
    return item.organisation or NO_ORGANISATION


def _summary(items: tuple[DueItem, ...]) -> list[OrganisationSummary]:
    """Counts by state for each organisation (「（未設定）」 last)."""
    by_owner: dict[str, Counter[str]] = {}
    for item in items:
        by_owner.setdefault(_owner(item), Counter())[item.state] += 1
    return [
        OrganisationSummary(name, {s: by_owner[name].get(s, 0) for s in DUE_STATES})
        for name in _organisations(items)
    ]


@dataclass(frozen=True)
class DuePage:
    """The due list page: the organisations to choose from, and one organisation's list or, with
    none chosen, the counts of every organisation."""

    organisations: list[str]
    due: DueList | None
    summary: list[OrganisationSummary] | None


def due_page(session: Session, view: StrategyView, *, organisation: str | None) -> DuePage:
    items = _items.get(session, view, lambda: _build(session, view))
    if organisation:
        chosen = tuple(item for item in items if _owner(item) == organisation)
        return DuePage(_organisations(items), DueList(organisation, view.year, chosen), None)
    return DuePage(_organisations(items), None, _summary(items))
