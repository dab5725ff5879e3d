"""Which figure of a chain of corrections counts: every entry, or approved figures only."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from sousei.model import Strategy
from sousei.model.actuals import Period, Report, Source
from sousei.store import notes, observations, strategies, yearly
from sousei.store.clock import now
from sousei.store.evaluation import evaluate_strategy
from sousei.store.observations import ReviewAction
from sousei.store.supersession import counting
from sousei.web.compare.reads import figures as compare_figures

VISITORS = "national/A-KPI④-1"
STEPS: dict[str, tuple[ReviewAction, ...]] = {
    "draft": (),
    "submitted": ("submit",),
    "approved": ("submit", "approve"),
    "returned": ("submit", "return"),
}


@pytest.fixture
def loaded(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="loader")
    return session


def _report(value: int) -> Report:
    return Report(
        kpi_id=VISITORS,
        period=Period(start=2025, end=2025, basis="calendar"),
        value=Decimal(value),
        unit="人",
        status="推計値",
        source=Source(publisher="日本政府観光局（JNTO）"),
    )


def _chain(session: Session, states: tuple[str, ...]) -> list[int]:
    """One figure entered and corrected len(states) − 1 times, each left in its state; the
    values are 40,000,000 + position."""
    ids = []
    for position, state in enumerate(states):
        figure = observations.record(session, report=_report(40_000_000 + position), actor="m")
        assert figure is not None
        for action in STEPS[state]:
            reason = "出典の確認" if action == "return" else None
            observations.review(
                session, observation_ids=[figure.id], action=action, actor="s", reason=reason
            )
        ids.append(figure.id)
    return ids


# (the states of a figure and its corrections, oldest first) → the position in force with
# every entry, and with approved figures only (None: no figure)
CHAINS = [
    (("approved",), 0, 0),
    (("submitted",), 0, None),
    (("approved", "draft"), 1, 0),
    (("approved", "submitted"), 1, 0),
    (("approved", "returned"), 1, 0),
    (("approved", "approved"), 1, 1),
    (("approved", "returned", "approved"), 2, 2),
    (("approved", "returned", "submitted"), 2, 0),
    (("approved", "approved", "submitted"), 2, 1),
    (("returned", "submitted"), 1, None),
]


CHAIN_IDS = ["→".join(states) for states, _, _ in CHAINS]


@pytest.mark.parametrize(("states", "every", "approved"), CHAINS, ids=CHAIN_IDS)
def test_the_figure_in_force(
    loaded: Session, states: tuple[str, ...], every: int, approved: int | None
) -> None:
    ids = _chain(loaded, states)
    found = observations.current(loaded, kpi_ids=[VISITORS])
    assert [o.id for o in found] == [ids[every]]
    found = observations.current(loaded, kpi_ids=[VISITORS], approved_only=True)
    assert [o.id for o in found] == ([] if approved is None else [ids[approved]])
    compared = compare_figures(loaded, [VISITORS])  # the comparison pages read the same
    assert [f.id for f in compared] == [o.id for o in found]
    history = observations.history(loaded, kpi_id=VISITORS)  # the KPI page's reading
    assert counting(history, approved_only=False) == {ids[every]}
    assert counting(history, approved_only=True) == {o.id for o in found}


@pytest.mark.parametrize("listed", [True, False], ids=["kept-listed", "kept-by-cte"])
@pytest.mark.parametrize(("states", "every", "approved"), CHAINS, ids=CHAIN_IDS)
def test_the_evaluation_judges_the_approved_figure_in_force(
    loaded: Session,
    monkeypatch: pytest.MonkeyPatch,
    states: tuple[str, ...],
    every: int,
    approved: int | None,
    listed: bool,
) -> None:
    if not listed:  # as when too many corrections wait to name their figures in the statement
        monkeypatch.setattr(yearly, "_KEPT_LISTED", 0)
    _chain(loaded, states)
    whole = evaluate_strategy(loaded, key="national", year=2025)
    (result,) = [r for r in whole.results if r.kpi_id == VISITORS]
    fast = yearly.evaluate_year(loaded, year=2025, keys=["national"]).strategy("national")
    (lean,) = [r for r in fast.results if r.kpi_id == VISITORS]
    if approved is None:
        assert result.status == lean.status == "no_data"
    else:
        assert result.actual == lean.actual == 40_000_000 + approved
        assert result.explanation == lean.explanation


def test_as_known_on_a_date_before_the_approved_correction(loaded: Session) -> None:
    (first,) = _chain(loaded, ("approved",))
    time.sleep(0.01)  # a moment strictly between the two entries, whatever the clock's step
    moment = now()
    time.sleep(0.01)
    correction = observations.record(loaded, report=_report(41_000_000), actor="m")
    assert correction is not None
    for action in STEPS["approved"]:
        observations.review(loaded, observation_ids=[correction.id], action=action, actor="s")
    today = observations.current(loaded, kpi_ids=[VISITORS], approved_only=True)
    assert [o.id for o in today] == [correction.id]
    then = observations.current(loaded, kpi_ids=[VISITORS], as_of=moment, approved_only=True)
    assert [o.id for o in then] == [first]


def test_an_approved_note_stays_in_the_report_while_its_revision_is_a_draft(
    loaded: Session,
) -> None:
    def write(text: str) -> int:
        row = notes.write(
            loaded,
            key="national",
            year=2025,
            subject="kpi",
            subject_id=VISITORS,
            analysis=text,
            next_steps=None,
            actor="m",
        )
        return row.id

    approved = write("訪日客は回復した")
    notes.review(loaded, note_id=approved, action="submit", actor="m")
    notes.review(loaded, note_id=approved, action="approve", actor="s")
    draft = write("訪日客は回復し、地方への分散が進んだ")
    assert [n.id for n in notes.current(loaded, key="national", year=2025)] == [draft]
    public = notes.current(loaded, key="national", year=2025, approved_only=True)
    assert [n.analysis for n in public] == ["訪日客は回復した"]
