"""Links between a local strategy and the national one: suggested, decided, audited, kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.ingest import parse_file
from sousei.link import METHOD
from sousei.model import Strategy
from sousei.store import links, strategies
from sousei.store.clock import now
from sousei.store.errors import NotFoundError, StoreError
from sousei.store.tables import AuditRow, LinkRow

GOLDEN = Path(__file__).parents[1] / "golden" / "local"
KEY = "local/011002"


@pytest.fixture(scope="module")
def local_model() -> Strategy:
    return parse_file(GOLDEN / "higashiyama-pref.md")


@pytest.fixture
def loaded(session: Session, national_model: Strategy, local_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="loader")
    strategies.load_strategy(
        session, strategy=local_model, key=KEY, actor="loader", family="local", lgcode="011002"
    )
    return session


def _audits(session: Session, action: str) -> int:
    query = select(func.count()).select_from(AuditRow).where(AuditRow.action == action)
    return session.scalar(query) or 0


def _link(session: Session, subject_indicator: str, target_id: str) -> LinkRow:
    found = links.links_of(session, key=KEY)
    texts = links.labels(session, rows=found)
    (row,) = [
        r for r in found if texts[r.id].subject == subject_indicator and r.target_id == target_id
    ]
    return row


def test_suggestions_are_stored_for_the_goals_and_kpis(loaded: Session) -> None:
    added = links.suggest_links(loaded, key=KEY, actor="planner")
    rows = links.links_of(loaded, key=KEY)
    assert added == len(rows) > 40
    assert {r.state for r in rows} == {"suggested"}
    assert {r.method for r in rows} == {METHOD}
    goals = [r for r in rows if r.subject_kind == "outcome"]
    assert {r.subject_id for r in goals} == {f"{KEY}:outcome:{n}" for n in "1234"}
    assert {r.target_id for r in goals} <= set("ABCDE")
    kpis = [r for r in rows if r.subject_kind == "kpi"]
    assert all(r.subject_id.startswith(f"{KEY}/") for r in kpis)
    assert all(r.target_id.startswith("national/") for r in kpis)
    migrants = _link(loaded, "県外からの移住者数", "national/r-1")
    assert migrants.score > 0.5
    assert _audits(loaded, "link.suggest") == 1


def test_labels_name_both_sides(loaded: Session) -> None:
    links.suggest_links(loaded, key=KEY, actor="planner")
    rows = links.links_of(loaded, key=KEY)
    texts = links.labels(loaded, rows=rows)
    goal = next(r for r in rows if r.subject_id == f"{KEY}:outcome:3")
    assert texts[goal.id].subject == "基本目標3 結婚・出産・子育ての希望をかなえる"
    assert texts[goal.id].target.startswith(f"{goal.target_id} ")
    migrants = _link(loaded, "県外からの移住者数", "national/r-1")
    assert texts[migrants.id].target == "東京圏から地方への移住者数"


def test_suggesting_again_adds_nothing_and_records_nothing(loaded: Session) -> None:
    links.suggest_links(loaded, key=KEY, actor="planner")
    before = [(r.id, r.target_id, r.score) for r in links.links_of(loaded, key=KEY)]
    assert links.suggest_links(loaded, key=KEY, actor="planner") == 0
    assert [(r.id, r.target_id, r.score) for r in links.links_of(loaded, key=KEY)] == before
    assert _audits(loaded, "link.suggest") == 1


def test_a_decision_is_stored_and_audited(loaded: Session) -> None:
    links.suggest_links(loaded, key=KEY, actor="planner")
    row = _link(loaded, "県外からの移住者数", "national/r-1")
    decided = links.decide(loaded, link_id=row.id, confirm=True, actor="reviewer")
    assert (decided.state, decided.decided_by) == ("confirmed", "reviewer")
    assert decided.decided_at is not None
    (entry,) = loaded.scalars(select(AuditRow).where(AuditRow.action == "link.confirm"))
    assert entry.entity_id == str(row.id)
    assert entry.before == {"state": "suggested", "decided_by": None}
    assert entry.after is not None
    assert entry.after["state"] == "confirmed"
    assert entry.after["target"] == "kpi:national/r-1"
    links.decide(loaded, link_id=row.id, confirm=True, actor="reviewer")  # already so
    assert _audits(loaded, "link.confirm") == 1
    links.decide(loaded, link_id=row.id, confirm=False, actor="chief")  # a change of mind
    assert row.state == "rejected"
    assert _audits(loaded, "link.reject") == 1


def test_decisions_survive_suggesting_again_and_stale_suggestions_go(loaded: Session) -> None:
    links.suggest_links(loaded, key=KEY, actor="planner")
    rows = links.links_of(loaded, key=KEY)
    links.decide(loaded, link_id=rows[0].id, confirm=True, actor="reviewer")
    links.decide(loaded, link_id=rows[1].id, confirm=False, actor="reviewer")
    strategy_id = rows[0].strategy_id
    for state, target in (("suggested", "national/B-KPI⑤"), ("confirmed", "national/C-KPI①")):
        loaded.add(
            LinkRow(
                strategy_id=strategy_id,
                subject_kind="kpi",
                subject_id=f"{KEY}/gone",
                target_kind="kpi",
                target_id=target,
                score=0.5,
                method="older/0",
                state=state,
                suggested_at=now(),
            )
        )
    loaded.flush()
    assert links.suggest_links(loaded, key=KEY, actor="planner") == 0
    states = {(r.subject_id, r.target_id): r.state for r in links.links_of(loaded, key=KEY)}
    assert states[(rows[0].subject_id, rows[0].target_id)] == "confirmed"
    assert states[(rows[1].subject_id, rows[1].target_id)] == "rejected"
    assert (f"{KEY}/gone", "national/B-KPI⑤") not in states  # no longer suggested: removed
    assert states[(f"{KEY}/gone", "national/C-KPI①")] == "confirmed"  # decided: kept
    (entry,) = loaded.scalars(
        select(AuditRow).where(AuditRow.action == "link.suggest").order_by(AuditRow.id.desc())
    ).all()[:1]
    assert entry.after == {"added": 0, "updated": 0, "removed": 1, "method": METHOD}


def test_links_by_state_and_the_confirmed_links_of_a_national_target(loaded: Session) -> None:
    links.suggest_links(loaded, key=KEY, actor="planner")
    row = _link(loaded, "県外からの移住者数", "national/r-1")
    goal = next(r for r in links.links_of(loaded, key=KEY) if r.subject_kind == "outcome")
    assert links.confirmed_for(loaded, target_kind="kpi", target_id="national/r-1") == []
    links.decide(loaded, link_id=row.id, confirm=True, actor="reviewer")
    links.decide(loaded, link_id=goal.id, confirm=True, actor="reviewer")
    assert links.confirmed_for(loaded, target_kind="kpi", target_id="national/r-1") == [row]
    assert links.confirmed_for(loaded, target_kind="outcome", target_id=goal.target_id) == [goal]
    assert links.links_of(loaded, key=KEY, state="confirmed") == [goal, row]
    suggested = links.links_of(loaded, key=KEY, state="suggested")
    assert row not in suggested
    assert len(suggested) == len(links.links_of(loaded, key=KEY)) - 2


def test_what_cannot_be_asked(loaded: Session) -> None:
    with pytest.raises(NotFoundError, match="対応 999999 はありません"):
        links.decide(loaded, link_id=999999, confirm=True, actor="x")
    with pytest.raises(StoreError, match="状態「done」はありません"):
        links.links_of(loaded, key=KEY, state="done")
    with pytest.raises(StoreError, match="outcome か kpi"):
        links.confirmed_for(loaded, target_kind="area", target_id="a")
    with pytest.raises(StoreError, match="国の総合戦略そのもの"):
        links.suggest_links(loaded, key="national", actor="x")
    with pytest.raises(NotFoundError, match="local/999999"):
        links.suggest_links(loaded, key="local/999999", actor="x")


def test_the_bulk_path_stores_what_suggest_links_stores(
    loaded: Session, local_model: Strategy
) -> None:
    other = "local/012025"
    item = strategies.StrategyItem(local_model, other, family="local", lgcode="012025")
    (done,) = strategies.load_strategies(loaded, items=[item], actor="loader")
    subjects = links.subjects_loaded(loaded, loaded=[(other, local_model, done.revision)])
    (bulk,) = links.store_suggestions(loaded, subjects=subjects, actor="loader").values()
    one = links.suggest_links(loaded, key=KEY, actor="planner")
    assert bulk == one

    def shape(key: str) -> list[tuple[str, str, str, float]]:
        return [
            (r.subject_kind, r.subject_id.removeprefix(key), r.target_id, r.score)
            for r in links.links_of(loaded, key=key)
        ]

    assert shape(other) == shape(KEY)
