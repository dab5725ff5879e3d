"""Actuals: append-only history, what was known on a date, review, locks, audit."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.model import Strategy
from sousei.model.actuals import Period, Report, Source
from sousei.store import kpis, observations, published, strategies
from sousei.store.clock import now
from sousei.store.errors import StoreError
from sousei.store.observations import ReviewAction
from sousei.store.tables import AuditRow, Base, ObservationRow, ReviewEventRow

VISITORS = "national/A-KPI④-1"


@pytest.fixture
def loaded(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="loader")
    return session


def _report(value: int, year: int = 2025, status: str = "推計値") -> Report:
    return Report(
        kpi_id=VISITORS,
        period=Period(start=year, end=year, basis="calendar"),
        value=Decimal(value),
        unit="人",
        status=status,
        source=Source(publisher="日本政府観光局（JNTO）"),
    )


def _count(session: Session, table: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_correction_supersedes_and_never_overwrites(loaded: Session) -> None:
    first = observations.record(loaded, report=_report(42_683_600), actor="mlit")
    second = observations.record(loaded, report=_report(42_700_000, status="確定値"), actor="mlit")
    assert first is not None
    assert second is not None
    assert second.supersedes == first.id
    assert [o.value for o in observations.history(loaded, kpi_id=VISITORS)] == [
        42_683_600,
        42_700_000,
    ]
    assert [o.value for o in observations.current(loaded, kpi_ids=[VISITORS])] == [42_700_000]


def test_the_same_figure_twice_is_one_observation(loaded: Session) -> None:
    assert observations.record(loaded, report=_report(42_683_600), actor="mlit") is not None
    assert observations.record(loaded, report=_report(42_683_600), actor="mlit") is None
    assert _count(loaded, ObservationRow) == 1


def test_what_was_known_on_a_date_keeps_the_superseded_figure(loaded: Session) -> None:
    observations.record(loaded, report=_report(42_683_600), actor="mlit")
    time.sleep(0.01)
    known_then = now()
    time.sleep(0.01)
    observations.record(loaded, report=_report(42_700_000), actor="mlit")
    then = observations.current(loaded, kpi_ids=[VISITORS], as_of=known_then)
    today = observations.current(loaded, kpi_ids=[VISITORS])
    assert [o.value for o in then] == [42_683_600]
    assert [o.value for o in today] == [42_700_000]


def test_nothing_was_known_before_the_first_entry(loaded: Session) -> None:
    before = now()
    time.sleep(0.01)
    observations.record(loaded, report=_report(42_683_600), actor="mlit")
    assert observations.current(loaded, kpi_ids=[VISITORS], as_of=before) == []


@pytest.mark.parametrize(
    ("steps", "state", "reason"),
    [
        ([("submit", None)], "submitted", None),
        ([("submit", None), ("approve", None)], "approved", None),
        (
            [("submit", None), ("return", "出典の公表日が未記入です")],
            "returned",
            "出典の公表日が未記入です",
        ),
        ([("submit", None), ("return", "桁違い"), ("submit", None)], "submitted", None),
    ],
    ids=["submitted", "approved", "returned-with-reason", "resubmitted"],
)
def test_review_steps(
    loaded: Session, steps: list[tuple[ReviewAction, str | None]], state: str, reason: str | None
) -> None:
    figure = observations.record(loaded, report=_report(42_683_600), actor="mlit")
    assert figure is not None
    for action, why in steps:
        observations.review(
            loaded,
            observation_ids=[figure.id],
            action=action,
            actor="secretariat",
            reason=why,
        )
    (after,) = observations.current(loaded, kpi_ids=[VISITORS])
    assert (after.review_state, after.review_reason) == (state, reason)
    assert _count(loaded, ReviewEventRow) == len(steps)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([("approve", None)], "下書き"),  # a draft is submitted before it is approved
        ([("submit", None), ("return", None)], "理由"),  # a return needs its reason
        ([("submit", None), ("return", "  ")], "理由"),
    ],
    ids=["approve-a-draft", "return-without-reason", "return-with-blank-reason"],
)
def test_review_refusals(
    loaded: Session, steps: list[tuple[ReviewAction, str | None]], message: str
) -> None:
    figure = observations.record(loaded, report=_report(42_683_600), actor="mlit")
    assert figure is not None
    *before, (action, why) = steps
    for step, reason in before:
        observations.review(
            loaded, observation_ids=[figure.id], action=step, actor="s", reason=reason
        )
    with pytest.raises(StoreError, match=message):
        observations.review(
            loaded, observation_ids=[figure.id], action=action, actor="s", reason=why
        )


def test_approved_only_hides_figures_under_review(loaded: Session) -> None:
    draft = observations.record(loaded, report=_report(42_683_600, year=2025), actor="mlit")
    done = observations.record(loaded, report=_report(36_869_900, year=2024), actor="mlit")
    assert draft is not None
    assert done is not None
    observations.review(loaded, observation_ids=[done.id], action="submit", actor="s")
    observations.review(loaded, observation_ids=[done.id], action="approve", actor="s")
    approved = observations.current(loaded, kpi_ids=[VISITORS], approved_only=True)
    assert [o.period.end for o in approved] == [2024]


def test_a_locked_year_refuses_changes(loaded: Session) -> None:
    figure = observations.record(loaded, report=_report(36_869_900, year=2024), actor="mlit")
    assert figure is not None
    observations.review(loaded, observation_ids=[figure.id], action="submit", actor="s")
    observations.review(loaded, observation_ids=[figure.id], action="approve", actor="s")
    national = strategies.strategy_row(loaded, "national")
    observations.lock_year(loaded, strategy_id=national.id, year=2024, actor="secretariat")
    with pytest.raises(StoreError, match="ロック"):
        observations.record(loaded, report=_report(36_870_000, year=2024), actor="mlit")
    with pytest.raises(StoreError, match="ロック"):
        observations.review(
            loaded, observation_ids=[figure.id], action="return", actor="s", reason="x"
        )
    assert observations.record(loaded, report=_report(42_683_600, year=2025), actor="mlit")


def test_a_year_with_figures_awaiting_review_cannot_be_locked(loaded: Session) -> None:
    figure = observations.record(loaded, report=_report(36_869_900, year=2024), actor="mlit")
    assert figure is not None
    observations.review(loaded, observation_ids=[figure.id], action="submit", actor="s")
    national = strategies.strategy_row(loaded, "national")
    with pytest.raises(StoreError, match="審査待ち"):
        observations.lock_year(loaded, strategy_id=national.id, year=2024, actor="secretariat")


def test_every_write_is_one_audit_row_with_before_and_after(loaded: Session) -> None:
    first = observations.record(loaded, report=_report(42_683_600), actor="mlit")
    second = observations.record(loaded, report=_report(42_700_000), actor="mlit")
    assert first is not None
    assert second is not None
    observations.review(loaded, observation_ids=[second.id], action="submit", actor="mlit")
    kpis.set_reference(
        loaded, kpi_id=VISITORS, changes={"organisation": "国土交通省"}, actor="admin"
    )
    rows = loaded.scalars(select(AuditRow).order_by(AuditRow.id)).all()
    assert [(r.actor, r.action) for r in rows] == [
        ("loader", "strategy.load"),
        ("mlit", "actuals.enter"),
        ("mlit", "actuals.enter"),
        ("mlit", "actuals.submit"),
        ("admin", "kpi.reference"),
    ]
    correction = rows[2]
    assert correction.before is not None
    assert correction.after is not None
    assert (correction.before["value"], correction.after["value"]) == (42_683_600, 42_700_000)
    assert rows[3].before == {"review_state": "draft", "review_reason": None}
    assert rows[4].before == {}
    assert rows[4].after == {"organisation": "国土交通省"}


def test_reference_data_is_validated(loaded: Session) -> None:
    with pytest.raises(StoreError, match="参照情報が不正"):
        kpis.set_reference(loaded, kpi_id=VISITORS, changes={"direction": "sideways"}, actor="a")
    after = kpis.set_reference(
        loaded,
        kpi_id=VISITORS,
        changes={
            "baseline_value": Decimal(36_869_900),
            "baseline_year": 2024,
            "interim_targets": {2027: 50_000_000},
        },
        actor="a",
    )
    assert after.interim_targets == {2027: Decimal(50_000_000)}
    assert kpis.entry(loaded, key="national", kpi_id=VISITORS).reference == after


def test_published_figures_load_approved_with_their_sources_once(loaded: Session) -> None:
    first = published.load_published(loaded, key="national", actor="sousei")
    again = published.load_published(loaded, key="national", actor="sousei")
    assert (first.observations, again.observations) == (5, 0)
    assert (first.series, again.series) == (4, 0)
    visitors = observations.current(loaded, kpi_ids=[VISITORS])
    assert [(o.period.end, int(o.value), o.status, o.review_state) for o in visitors] == [
        (2019, 31_882_049, "確定値", "approved"),
        (2024, 36_869_900, "推計値", "approved"),
        (2025, 42_683_600, "推計値", "approved"),
    ]
    assert {o.source.publisher for o in visitors} == {"日本政府観光局（JNTO）"}
