"""Strategies and revisions in the store: idempotent loads, stable KPI ids, the diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.ingest import bundled_source, parse_file, parse_source
from sousei.ingest.source import SourceText
from sousei.model import Strategy
from sousei.model.diff import diff_strategies
from sousei.store import kpis, strategies
from sousei.store.errors import StoreError
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


# -- whose strategy: family, code, title, rule set ------------------------------------------------

LOCAL_DOCUMENT = Path(__file__).parents[1] / "golden" / "local" / "kaede-town.md"


def test_a_local_strategy_is_stored_as_its_government_s(session: Session) -> None:
    model = parse_file(LOCAL_DOCUMENT)
    strategies.load_strategy(
        session,
        strategy=model,
        key="local/011002",
        actor="t",
        family="local",
        lgcode="011002",
        title="北海道札幌市",
    )
    row = strategies.strategy_row(session, "local/011002")
    assert (row.family, row.lgcode, row.title) == ("local", "011002", "北海道札幌市")
    assert row.rule_set == "local-3level"  # the local default


def test_the_national_strategy_keeps_the_national_rule_set(
    session: Session, national_model: Strategy
) -> None:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    row = strategies.strategy_row(session, "national")
    assert (row.family, row.lgcode, row.rule_set) == ("national", None, "national")
    assert row.title == national_model.title


def test_a_named_rule_set_replaces_the_stored_one_audited(session: Session) -> None:
    model = parse_file(LOCAL_DOCUMENT)
    common = {"key": "local/011002", "actor": "t", "family": "local", "lgcode": "011002"}
    strategies.load_strategy(session, strategy=model, **common)
    strategies.load_strategy(session, strategy=model, rule_set="local-ad", **common)
    assert strategies.strategy_row(session, "local/011002").rule_set == "local-ad"
    strategies.load_strategy(session, strategy=model, **common)  # none named: kept
    assert strategies.strategy_row(session, "local/011002").rule_set == "local-ad"
    (change,) = session.scalars(select(AuditRow).where(AuditRow.action == "strategy.update"))
    assert (change.before, change.after) == ({"rule_set": "local-3level"}, {"rule_set": "local-ad"})


def test_a_local_strategy_once_stored_as_national_is_set_right(session: Session) -> None:
    model = parse_file(LOCAL_DOCUMENT)
    strategies.load_strategy(session, strategy=model, key="local/011002", actor="t")
    strategies.load_strategy(
        session, strategy=model, key="local/011002", actor="t", family="local", lgcode="011002"
    )
    row = strategies.strategy_row(session, "local/011002")
    assert (row.family, row.lgcode) == ("local", "011002")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"family": "local", "lgcode": "011001"}, "検査数字が違います（正しくは 011002）"),
        ({"family": "local", "lgcode": "０１１００２"}, "半角 6 桁"),
        ({"family": "prefectural"}, "扱えません"),
        ({"rule_set": "nope"}, "評価基準「nope」はありません"),
    ],
)
def test_what_a_strategy_row_cannot_hold_is_refused(
    session: Session, options: dict[str, str], message: str
) -> None:
    model = parse_file(LOCAL_DOCUMENT)
    with pytest.raises(StoreError, match=message):
        strategies.load_strategy(session, strategy=model, key="local/x", actor="t", **options)
    item = strategies.StrategyItem(model, "local/y", **options)
    with pytest.raises(StoreError, match=message):
        strategies.load_strategies(session, items=[item], actor="t")


def test_a_bulk_load_stores_titles_and_rule_sets(session: Session) -> None:
    model = parse_file(LOCAL_DOCUMENT)
    items = [
        strategies.StrategyItem(
            model, "local/011002", family="local", lgcode="011002", title="札幌"
        ),
        strategies.StrategyItem(
            model, "local/012025", family="local", lgcode="012025", rule_set="local-n20"
        ),
    ]
    strategies.load_strategies(session, items=items, actor="t")
    first = strategies.strategy_row(session, "local/011002")
    second = strategies.strategy_row(session, "local/012025")
    assert (first.title, first.rule_set) == ("札幌", "local-3level")
    assert (second.title, second.rule_set, second.lgcode) == (model.title, "local-n20", "012025")
