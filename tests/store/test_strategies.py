"""Strategies and revisions in the store: idempotent loads, stable KPI ids, the diff."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.ingest import bundled_source, parse_source
from sousei.ingest.source import SourceText
from sousei.model import Strategy
from sousei.model.diff import diff_strategies
from sousei.store import kpis, strategies
from sousei.store.tables import AuditRow, KpiRow, RevisionRow


def _edited(old: str, new: str) -> Strategy:
    text = bundled_source().text
    assert text.count(old) == 1
    return parse_source(SourceText("national-strategy-2026.md", text.replace(old, new), "utf-8"))


def test_first_load_creates_revision_1_with_every_kpi(
    session: Session, national_model: Strategy
) -> None:
    loaded = strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    assert loaded.created
    assert loaded.revision.number == 1
    assert session.scalar(select(func.count()).select_from(KpiRow)) == 55
    assert (loaded.revision.first_year, loaded.revision.last_year) == (2015, 2033)


def test_loading_the_same_text_again_changes_nothing(
    session: Session, national_model: Strategy
) -> None:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    again = strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    assert not again.created
    assert session.scalar(select(func.count()).select_from(RevisionRow)) == 1


def test_a_second_revision_keeps_the_first_and_every_kpi_id(
    session: Session, national_model: Strategy
) -> None:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    revised = _edited("6,000 万人（2030 年）", "6,500 万人（2030 年）")
    loaded = strategies.load_strategy(session, strategy=revised, key="national", actor="t")
    assert loaded.revision.number == 2
    first = strategies.revision(session, key="national", number=1)
    assert strategies.revision_model(first) == national_model
    assert session.scalar(select(func.count()).select_from(KpiRow)) == 55  # no new identities
    visitors = kpis.find(kpis.catalogue(session, key="national"), "訪日外国人旅行者数")
    assert visitors.kpi_id == "national/A-KPI④-1"
    assert visitors.version.target_value == 65_000_000


def test_diff_of_two_revisions_shows_exactly_the_changed_target(
    session: Session, national_model: Strategy
) -> None:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    strategies.load_strategy(
        session,
        strategy=_edited("6,000 万人（2030 年）", "6,500 万人（2030 年）"),
        key="national",
        actor="t",
    )
    old, new = (strategies.revision(session, key="national", number=n) for n in (1, 2))
    changes = diff_strategies(
        strategies.revision_model(old), strategies.revision_model(new)
    ).changes
    assert [(c.kind, c.element, c.field, c.before, c.after) for c in changes] == [
        ("target_changed", "kpi", "target_value", "60000000", "65000000")
    ]


def test_renumbered_kpis_keep_their_ids(session: Session, national_model: Strategy) -> None:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    before = {e.indicator: e.kpi_id for e in kpis.catalogue(session, key="national")}
    anchor = "- ・中堅・中核企業の経営力強化支援事業における"
    inserted = "- ・新しい指標の数：10 件（2028 年度）\n" + anchor
    revised = _edited(anchor, inserted)
    strategies.load_strategy(session, strategy=revised, key="national", actor="t")
    after = {e.indicator: e.kpi_id for e in kpis.catalogue(session, key="national")}
    assert after.pop("新しい指標の数") == "national/d-1~2"  # d-1 is taken by the older KPI
    assert after == before


def test_every_load_is_audited(session: Session, national_model: Strategy) -> None:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="secretariat")
    row = session.scalars(select(AuditRow)).one()
    assert (row.actor, row.action, row.entity_id) == ("secretariat", "strategy.load", "national#1")
    assert row.after == {"kpis": 55, "measures": 115, "label": national_model.title}
