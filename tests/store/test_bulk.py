"""Bulk loading: `load_strategies` and `apply_import` (COPY on PostgreSQL) write what the
one-by-one functions write (rows, KPI ids, revisions, audit), only faster."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from bench import synthetic
from sousei.model import Kpi, SourceSpan, Strategy, Target
from sousei.model.actuals import Observation, Period, Report, Source
from sousei.store import bulk, observations, strategies
from sousei.store.errors import StoreError
from sousei.store.strategies import StrategyItem
from sousei.store.tables import (
    AuditRow,
    Base,
    ImportBatchRow,
    KpiRow,
    KpiVersionRow,
    ObservationRow,
    RevisionRow,
    StrategyRow,
)

CODES = ("011002", "012025", "472158")  # 札幌市, a city, a village
REVISION_FIELDS = (
    "number",
    "label",
    "source_name",
    "source_sha256",
    "model_json",
    "first_year",
    "last_year",
)


def _item(prefix: str, code: str, *, seed: int = 1, kpis: int = 20) -> StrategyItem:
    strategy = synthetic.local_strategy(code, kpis=kpis, seed=seed)
    return StrategyItem(strategy, f"{prefix}/{code}", family="local", lgcode=code)


def _load_one_by_one(session: Session, items: list[StrategyItem]) -> list[strategies.Loaded]:
    return [
        strategies.load_strategy(
            session,
            strategy=item.strategy,
            key=item.key,
            actor="one",
            label=item.label,
            family=item.family,
            lgcode=item.lgcode,
        )
        for item in items
    ]


def _count(session: Session, table: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def _versions(session: Session, prefix: str) -> list[dict[str, Any]]:
    """Every KPI version under a key prefix, without ids that differ between two loads."""
    query = select(KpiVersionRow).where(KpiVersionRow.kpi_id.startswith(f"{prefix}/"))
    skip = {"id", "revision_id"}
    return [
        {
            c.key: getattr(row, c.key).removeprefix(prefix)
            if c.key == "kpi_id"
            else getattr(row, c.key)
            for c in KpiVersionRow.__table__.columns
            if c.key not in skip
        }
        for row in session.scalars(query.order_by(KpiVersionRow.id))
    ]


def test_a_bulk_load_writes_what_loading_one_by_one_writes(session: Session) -> None:
    one = _load_one_by_one(session, [_item("one", code) for code in CODES])
    bulk = strategies.load_strategies(
        session, items=[_item("bulk", code) for code in CODES], actor="bulk"
    )
    assert [b.created for b in bulk] == [True] * len(CODES)
    assert _versions(session, "bulk") == _versions(session, "one")
    for a, b in zip(one, bulk, strict=True):
        assert {f: getattr(b.revision, f) for f in REVISION_FIELDS} == {
            f: getattr(a.revision, f) for f in REVISION_FIELDS
        }
        assert b.revision.loaded_by == "bulk"
    rows = {r.key: r for r in session.scalars(select(StrategyRow))}
    for code in CODES:
        single, many = rows[f"one/{code}"], rows[f"bulk/{code}"]
        assert (many.title, many.family, many.lgcode) == (single.title, single.family, code)
    kpi_rows = session.scalars(select(KpiRow).where(KpiRow.id.startswith("bulk/"))).all()
    assert len(kpi_rows) == 20 * len(CODES)
    by_revision = {b.revision.id: b.revision.strategy_id for b in bulk}
    assert all(by_revision[k.first_revision_id] == k.strategy_id for k in kpi_rows)


def test_a_bulk_load_audits_each_revision_as_a_single_load_does(session: Session) -> None:
    _load_one_by_one(session, [_item("one", CODES[0])])
    strategies.load_strategies(session, items=[_item("bulk", CODES[0])], actor="bulk")
    one, bulk = session.scalars(select(AuditRow).order_by(AuditRow.id)).all()
    assert (bulk.action, bulk.entity, bulk.entity_id) == (
        one.action,
        one.entity,
        one.entity_id.replace("one/", "bulk/"),
    )
    assert bulk.after == one.after


def test_loading_the_same_strategies_again_changes_nothing(session: Session) -> None:
    items = [_item("local", code) for code in CODES]
    strategies.load_strategies(session, items=items, actor="t")
    again = strategies.load_strategies(session, items=items, actor="t")
    assert [a.created for a in again] == [False] * len(CODES)
    assert _count(session, RevisionRow) == len(CODES)
    assert _count(session, AuditRow) == len(CODES)


def test_a_known_key_gets_a_new_revision_and_keeps_its_kpi_ids(session: Session) -> None:
    first = strategies.load_strategies(session, items=[_item("local", CODES[0])], actor="t")
    ids = set(session.scalars(select(KpiRow.id)))
    revised = _item("local", CODES[0], seed=2)  # same indicators, other targets
    loaded = strategies.load_strategies(
        session, items=[revised, _item("local", CODES[1])], actor="t"
    )
    assert [(x.revision.number, x.created) for x in loaded] == [(2, True), (1, True)]
    assert loaded[0].revision.strategy_id == first[0].revision.strategy_id
    assert ids <= set(session.scalars(select(KpiRow.id)))
    assert _count(session, KpiRow) == 40


def test_a_key_twice_in_one_load_is_two_revisions_in_order(session: Session) -> None:
    items = [_item("local", CODES[0]), _item("local", CODES[0], seed=2), _item("local", CODES[0])]
    loaded = strategies.load_strategies(session, items=items, actor="t")
    assert [(x.revision.number, x.created) for x in loaded] == [(1, True), (2, True), (3, True)]
    repeated = strategies.load_strategies(session, items=items[2:] * 2, actor="t")
    assert [x.created for x in repeated] == [False, False]


def _strategy_with_kpis(*doc_ids: str) -> Strategy:
    return Strategy(
        title="テスト",
        source_name="test.md",
        kpis=tuple(
            Kpi(
                id=doc_id,
                level="output",
                owner="a",
                indicator=f"指標{n}",
                target=Target(text="増加"),
                text=f"指標{n}：増加",
                lines=SourceSpan(start=n, end=n),
            )
            for n, doc_id in enumerate(doc_ids, start=1)
        ),
    )


def _colliding(prefix: str) -> list[StrategyItem]:
    """ "p" owns "p/q/x" before "p/q" arrives with its own "x"; "p/q" repeats "y"."""
    return [
        StrategyItem(_strategy_with_kpis("q/x"), f"{prefix}/p"),
        StrategyItem(_strategy_with_kpis("x", "y", "y"), f"{prefix}/p/q"),
    ]


def test_kpi_ids_that_are_taken_get_the_same_suffix_as_in_a_single_load(session: Session) -> None:
    _load_one_by_one(session, _colliding("one"))
    strategies.load_strategies(session, items=_colliding("bulk"), actor="t")
    for prefix in ("one", "bulk"):
        query = select(KpiRow.id).where(KpiRow.id.startswith(f"{prefix}/"))
        ids = [i.removeprefix(f"{prefix}/") for i in session.scalars(query.order_by(KpiRow.id))]
        assert ids == ["p/q/x", "p/q/x~2", "p/q/y", "p/q/y~2"]


# -- actuals --------------------------------------------------------------------------------


def _reports(prefix: str, strategy: Strategy, *, seed: int = 1) -> list[tuple[int | None, Report]]:
    """The same figures whatever the prefix: they are drawn for the ids under "local/"."""
    ids = [f"local/{CODES[0]}/{kpi.id}" for kpi in strategy.kpis]
    return [
        (n, r.model_copy(update={"kpi_id": prefix + r.kpi_id.removeprefix("local")}))
        for n, r in enumerate(synthetic.observations(ids, seed=seed), start=2)
    ]


def _comparable(found: list[Observation], prefix: str) -> list[dict[str, Any]]:
    return [
        o.model_dump(exclude={"id", "entered_at", "supersedes"})
        | {"kpi_id": o.kpi_id.removeprefix(prefix)}
        for o in found
    ]


@pytest.fixture
def two_copies(session: Session) -> Strategy:
    """The same strategy under "one/…" and "bulk/…"."""
    item = _item("one", CODES[0])
    strategies.load_strategies(session, items=[item, _item("bulk", CODES[0])], actor="t")
    return item.strategy


def _ids(session: Session, prefix: str) -> list[str]:
    return list(session.scalars(select(KpiRow.id).where(KpiRow.id.startswith(f"{prefix}/"))))


def test_a_bulk_import_supersedes_changed_figures(session: Session, two_copies: Strategy) -> None:
    first = observations.plan_import(session, reports=_reports("bulk", two_copies, seed=1))
    observations.apply_import(session, plan=first, actor="t", file_name="a", sha256="")
    second = observations.plan_import(session, reports=_reports("bulk", two_copies, seed=2))
    assert second.count("supersede") > 0
    observations.apply_import(
        session, plan=second, actor="t", file_name="b", sha256="", state="approved"
    )
    now_in_force = observations.current(session, kpi_ids=_ids(session, "bulk"))
    assert [o.value for o in now_in_force] == [
        r.value for _, r in sorted(_reports("bulk", two_copies, seed=2), key=_order)
    ]
    superseding = [o for o in now_in_force if o.supersedes is not None]
    assert len(superseding) == second.count("supersede")
    assert all(o.review_state == "approved" for o in superseding)
    assert _count(session, ObservationRow) == 120 + second.count("supersede")


def _order(numbered: tuple[int | None, Report]) -> tuple[str, int]:
    return numbered[1].kpi_id, numbered[1].period.end


def test_a_bulk_import_refuses_a_locked_year_and_writes_nothing(
    session: Session, two_copies: Strategy
) -> None:
    row = strategies.strategy_row(session, f"bulk/{CODES[0]}")
    observations.lock_year(session, strategy_id=row.id, year=2023, actor="t")
    plan = observations.plan_import(session, reports=_reports("bulk", two_copies))
    with pytest.raises(StoreError, match="ロック"):
        observations.apply_import(session, plan=plan, actor="t", file_name="a", sha256="")
    assert _count(session, ObservationRow) == 0
    assert _count(session, ImportBatchRow) == 0


def test_insert_rows_takes_exact_decimals_and_nothing(session: Session) -> None:
    strategies.load_strategies(session, items=[_item("local", CODES[0], kpis=1)], actor="t")
    (kpi_id,) = _ids(session, "local")
    table: Table = Base.metadata.tables["observation"]
    bulk.insert_rows(session, table, [])
    report = Report(
        kpi_id=kpi_id,
        period=Period(start=2024, end=2024, basis="calendar"),
        value=Decimal("1234567890123.5"),
        unit="円",
        status="確定値",
        source=Source(publisher="総務省"),
    )
    plan = observations.plan_import(session, reports=[(None, report)])
    observations.apply_import(session, plan=plan, actor="t", file_name="a", sha256="")
    (stored,) = observations.current(session, kpi_ids=[kpi_id])
    assert stored.value == Decimal("1234567890123.5")
    assert stored.same_figure(report)
