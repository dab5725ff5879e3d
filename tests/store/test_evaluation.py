"""Evaluating the stored strategy, frozen snapshots and the PDCA notes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from sousei.evaluate.snapshot import compare_snapshots
from sousei.model import Strategy
from sousei.model.actuals import Period, Report, Source
from sousei.store import evaluation, notes, observations, published, strategies
from sousei.store.errors import StoreError

VISITORS = "national/A-KPI④-1"
SPENDING = "national/g-1"


@pytest.fixture
def national(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="loader")
    published.load_published(session, key="national", actor="sousei")
    published.load_references(session, key="national", actor="sousei")
    return session


def _result(session: Session, kpi_id: str, **options: object) -> tuple[str, str]:
    found = evaluation.evaluate_strategy(session, key="national", year=2025, **options)  # type: ignore[arg-type]
    result = next(r for r in found.results if r.kpi_id == kpi_id)
    return result.label, result.explanation


def test_visitors_2025_are_judged_against_the_path(national: Session) -> None:
    assert _result(national, VISITORS) == (
        "順調",
        "2025年の実績 4,268万人は、基準 3,687万人（2024年）から目標 6,000万人（2030年）への"
        "直線経路上の期待値 4,072万人を上回っています（順調）",
    )


def test_inbound_spending_2025_likewise(national: Session) -> None:
    label, sentence = _result(national, SPENDING)
    assert label == "順調"
    assert "9兆4,559億円" in sentence
    assert "期待値 9兆2,714億円" in sentence


def test_every_kpi_has_a_status_and_the_rollup_adds_up(national: Session) -> None:
    found = evaluation.evaluate_strategy(national, key="national", year=2025)
    assert len(found.results) == 55
    assert all(r.label and r.explanation for r in found.results)
    top = found.rollup.node("strategy")
    assert top.total == 55
    impacts = [found.rollup.node(f"impact:{n}") for n in "123"]
    cross = found.rollup.node("group:cross-cutting")
    assert sum(n.total for n in impacts) + cross.total == 55
    assert sum(top.counts.values()) == 55


def test_only_approved_figures_count_by_default(national: Session) -> None:
    draft = Report(
        kpi_id="national/a-1",
        period=Period(start=2025, end=2025, basis="fiscal"),
        value=Decimal(30),
        unit="%",
        source=Source(publisher="農林水産省"),
    )
    observations.record(national, report=draft, actor="maff")
    assert _result(national, "national/a-1")[0] == "データなし"
    assert _result(national, "national/a-1", approved_only=False)[0] != "データなし"


def test_a_frozen_snapshot_keeps_its_figures_after_a_correction(national: Session) -> None:
    first = evaluation.freeze(
        national,
        evaluation=evaluation.evaluate_strategy(national, key="national", year=2025),
        actor="s",
    )
    corrected = Report(
        kpi_id=VISITORS,
        period=Period(start=2025, end=2025, basis="calendar"),
        value=Decimal(39_000_000),
        unit="人",
        status="確定値",
        source=Source(publisher="日本政府観光局（JNTO）"),
    )
    figure = observations.record(national, report=corrected, actor="jnto")
    assert figure is not None
    observations.review(national, observation_ids=[figure.id], action="submit", actor="jnto")
    observations.review(national, observation_ids=[figure.id], action="approve", actor="s")
    second = evaluation.freeze(
        national,
        evaluation=evaluation.evaluate_strategy(national, key="national", year=2025),
        actor="s",
    )
    old, new = evaluation.snapshot(national, first.id), evaluation.snapshot(national, second.id)
    kept = next(r for r in old.results if r.kpi_id == VISITORS)
    assert kept.actual == 42_683_600
    assert kept.label == "順調"
    (moved,) = compare_snapshots(old, new)
    assert (moved.kpi_id, moved.before, moved.after, moved.reasons) == (
        VISITORS,
        "順調",
        "遅れ",
        ("corrected_figure",),
    )


def test_snapshots_with_another_rule_set_say_so(national: Session) -> None:
    result = evaluation.evaluate_strategy(national, key="national", year=2025)
    local = evaluation.evaluate_strategy(
        national, key="national", year=2025, rule_set="local-3level"
    )
    a = evaluation.freeze(national, evaluation=result, actor="s")
    b = evaluation.freeze(national, evaluation=local, actor="s")
    movements = compare_snapshots(
        evaluation.snapshot(national, a.id), evaluation.snapshot(national, b.id)
    )
    assert movements
    assert all("changed_rule" in m.reasons for m in movements)


def test_notes_are_append_only_and_reviewed(national: Session) -> None:
    first = notes.write(
        national,
        key="national",
        year=2025,
        subject="kpi",
        subject_id=VISITORS,
        analysis="航空路線の回復",
        next_steps=None,
        actor="mlit",
    )
    second = notes.write(
        national,
        key="national",
        year=2025,
        subject="kpi",
        subject_id=VISITORS,
        analysis=None,
        next_steps="地方誘客の強化",
        actor="mlit",
    )
    assert second.supersedes_id == first.id
    (current,) = notes.current(national, key="national", year=2025)
    assert (current.analysis, current.next_steps) == ("航空路線の回復", "地方誘客の強化")
    notes.review(national, note_id=current.id, action="submit", actor="mlit")
    returned = notes.review(
        national, note_id=current.id, action="return", actor="s", reason="根拠を追記"
    )
    assert (returned.review_state, returned.review_reason) == ("returned", "根拠を追記")
    with pytest.raises(StoreError, match="どちらか"):
        notes.write(
            national,
            key="national",
            year=2025,
            subject="measure",
            subject_id="a/1/2",
            analysis=None,
            next_steps=None,
            actor="m",
        )
