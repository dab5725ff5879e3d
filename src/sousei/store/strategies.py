"""Strategies and their revisions: loading a parsed strategy, keeping KPI identities stable."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.evaluate import available_rule_sets
from sousei.model import Kpi, Strategy
from sousei.model.identity import match_kpis
from sousei.registry import InvalidCodeError, validate_code

from . import audit, search
from .bulk import chunked, collector_paused, insert_rows
from .clock import now
from .errors import NotFoundError, StoreError
from .tables import Base, KpiRow, KpiVersionRow, RevisionRow, StrategyRow

FAMILIES = ("national", "local")
DEFAULT_RULE_SETS = {"national": "national", "local": "local-3level"}
"""The rule set a new strategy is evaluated by unless one is named: a local government's own
evaluation mostly grades 達成率 in three levels (docs/formulas.md, "The local rule sets")."""


@dataclass(frozen=True)
class Loaded:
    """What a load did: the revision, and whether it was new."""

    revision: RevisionRow
    created: bool


def load_strategy(
    session: Session,
    *,
    strategy: Strategy,
    key: str,
    actor: str,
    label: str | None = None,
    family: str = "national",
    lgcode: str | None = None,
    title: str | None = None,
    rule_set: str | None = None,
) -> Loaded:
    """Store a parsed strategy as its newest revision; the same text twice is one revision.

    `family` ("national" or "local") and `lgcode` (a local government's 全国地方公共団体コード)
    say whose strategy it is; `title` names the strategy in the store (default: the document's
    title); `rule_set` is the shipped rule set it is evaluated by (default: the family's, see
    `DEFAULT_RULE_SETS`; for a strategy already stored, its own unless one is named). A stored
    strategy whose family, code, title or rule set differ is updated, audited.
    """
    item = StrategyItem(strategy, key, label, family, lgcode, title, rule_set)
    _check(item)
    model_json = strategy.model_dump_json()
    digest = hashlib.sha256(model_json.encode()).hexdigest()
    row = _strategy_row(session, item=item, actor=actor)
    previous = latest_revision(session, strategy_id=row.id)
    if previous is not None and previous.source_sha256 == digest:
        if not search.is_indexed(session, revision_id=previous.id):  # stored before the index
            search.index_revision(
                session, strategy_id=row.id, revision_id=previous.id, model=strategy
            )
        return Loaded(previous, created=False)
    revision = RevisionRow(
        strategy_id=row.id,
        number=(previous.number + 1) if previous else 1,
        label=label or strategy.title,
        source_name=strategy.source_name,
        source_sha256=digest,
        model_json=model_json,
        first_year=_first_year(strategy.kpis),
        last_year=_last_year(strategy.kpis),
        loaded_by=actor,
        loaded_at=now(),
    )
    session.add(revision)
    session.flush()
    kpi_ids = _store_kpis(
        session, key=key, revision=revision, previous=previous, kpis=strategy.kpis
    )
    search.index_revision(
        session, strategy_id=row.id, revision_id=revision.id, model=strategy, kpi_ids=kpi_ids
    )
    audit.record(
        session,
        actor=actor,
        action="strategy.load",
        entity="revision",
        entity_id=f"{key}#{revision.number}",
        after={
            "kpis": len(strategy.kpis),
            "measures": len(strategy.measures),
            "label": revision.label,
        },
    )
    return Loaded(revision, created=True)


def _check(item: StrategyItem) -> None:
    """What a strategy row must hold: a known family, a valid code, a shipped rule set."""
    if item.family not in FAMILIES:
        raise StoreError(f"戦略の種類「{item.family}」は扱えません（{'、'.join(FAMILIES)}）。")
    if item.lgcode is not None:
        try:
            code = validate_code(item.lgcode)
        except InvalidCodeError as error:
            raise StoreError(f"戦略「{item.key}」: {error}") from None
        if code != item.lgcode:  # stored as written: the normalised form only
            raise StoreError(f"戦略「{item.key}」: 団体コードは半角 6 桁で渡します（{code}）。")
    if item.rule_set is not None and item.rule_set not in available_rule_sets():
        raise StoreError(
            f"評価基準「{item.rule_set}」はありません（{'、'.join(available_rule_sets())}）。"
        )


def _new_row(item: StrategyItem) -> StrategyRow:
    return StrategyRow(
        key=item.key,
        title=item.title or item.strategy.title,
        family=item.family,
        lgcode=item.lgcode,
        rule_set=item.rule_set or DEFAULT_RULE_SETS[item.family],
        created_at=now(),
    )


def _strategy_row(session: Session, *, item: StrategyItem, actor: str) -> StrategyRow:
    row = session.scalar(select(StrategyRow).where(StrategyRow.key == item.key))
    if row is None:
        row = _new_row(item)
        session.add(row)
        session.flush()
        return row
    wanted = {"family": item.family, "lgcode": item.lgcode}
    if item.title is not None:
        wanted["title"] = item.title
    if item.rule_set is not None:
        wanted["rule_set"] = item.rule_set
    before = {name: getattr(row, name) for name, value in wanted.items()}
    changed = {name: value for name, value in wanted.items() if before[name] != value}
    if changed:
        for name, value in changed.items():
            setattr(row, name, value)
        audit.record(
            session,
            actor=actor,
            action="strategy.update",
            entity="strategy",
            entity_id=item.key,
            before={name: before[name] for name in changed},
            after=changed,
        )
    return row


def _store_kpis(
    session: Session,
    *,
    key: str,
    revision: RevisionRow,
    previous: RevisionRow | None,
    kpis: Sequence[Kpi],
) -> dict[str, str]:
    """Give each KPI its identity: the matched one of the previous revision, else a new one.

    Returns the store id of each document KPI id."""
    inherited: dict[str, str] = {}
    if previous is not None:
        old = revision_model(previous).kpis
        query = select(KpiVersionRow.doc_id, KpiVersionRow.kpi_id).where(
            KpiVersionRow.revision_id == previous.id
        )
        old_ids: dict[str, str] = dict(session.execute(query).all())
        inherited = {new: old_ids[old_doc] for new, old_doc in match_kpis(old, kpis).items()}
    # Ids are global: another strategy may hold one (key "p" with doc id "q/x" is "p/q/x").
    wanted = sorted(f"{key}/{k.id}" for k in kpis if k.id not in inherited)
    taken = {
        found
        for chunk in chunked(wanted)
        for found in session.scalars(select(KpiRow.id).where(KpiRow.id.in_(chunk)))
    }
    ids: dict[str, str] = {}
    for kpi in kpis:
        kpi_id = inherited.get(kpi.id) or _new_id(session, f"{key}/{kpi.id}", taken)
        if kpi.id not in inherited:
            taken.add(kpi_id)
            session.add(
                KpiRow(id=kpi_id, strategy_id=revision.strategy_id, first_revision_id=revision.id)
            )
        session.add(_version(revision.id, kpi_id, kpi))
        ids[kpi.id] = kpi_id
    return ids


def _new_id(session: Session, base: str, taken: set[str]) -> str:
    """The base id, or the first free "~n" variant (collisions are rare: looked up one by one)."""
    candidate, n = base, 1
    while candidate in taken or (n > 1 and session.get(KpiRow, candidate) is not None):
        n += 1
        candidate = f"{base}~{n}"
    return candidate


def _version(revision_id: int, kpi_id: str, kpi: Kpi) -> KpiVersionRow:
    return KpiVersionRow(**_version_values(revision_id, kpi_id, kpi))


def _first_year(kpis: Sequence[Kpi]) -> int | None:
    years = [
        y
        for k in kpis
        for y in (k.target.period_start, k.target.baseline_year, k.target.target_year)
        if y is not None
    ]
    return min(years) if years else None


def _last_year(kpis: Sequence[Kpi]) -> int | None:
    years = [k.target.target_year for k in kpis if k.target.target_year is not None]
    return max(years) if years else None


def strategy_row(session: Session, key: str) -> StrategyRow:
    row = session.scalar(select(StrategyRow).where(StrategyRow.key == key))
    if row is None:
        raise NotFoundError(f"戦略「{key}」は読み込まれていません（sousei load で読み込みます）。")
    return row


def is_stored(session: Session, key: str) -> bool:
    return session.scalar(select(StrategyRow.id).where(StrategyRow.key == key)) is not None


def latest_revision(session: Session, *, strategy_id: int) -> RevisionRow | None:
    return session.scalar(
        select(RevisionRow)
        .where(RevisionRow.strategy_id == strategy_id)
        .order_by(RevisionRow.number.desc())
        .limit(1)
    )


def revision(session: Session, *, key: str, number: int | None = None) -> RevisionRow:
    """A revision by number, or the newest one."""
    row = strategy_row(session, key)
    query = select(RevisionRow).where(RevisionRow.strategy_id == row.id)
    if number is None:
        found = latest_revision(session, strategy_id=row.id)
    else:
        found = session.scalar(query.where(RevisionRow.number == number))
    if found is None:
        raise NotFoundError(f"戦略「{key}」に改訂版 {number} はありません。")
    return found


def revisions(session: Session, *, key: str) -> Sequence[RevisionRow]:
    row = strategy_row(session, key)
    query = select(RevisionRow).where(RevisionRow.strategy_id == row.id)
    return session.scalars(query.order_by(RevisionRow.number)).all()


def revision_model(row: RevisionRow) -> Strategy:
    return Strategy.model_validate_json(row.model_json)


def strategy_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(StrategyRow)) or 0


# -- bulk loading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StrategyItem:
    """One strategy of a bulk load: what `load_strategy` takes besides session and actor."""

    strategy: Strategy
    key: str
    label: str | None = None
    family: str = "national"
    lgcode: str | None = None
    title: str | None = None
    rule_set: str | None = None


def load_strategies(session: Session, *, items: Sequence[StrategyItem], actor: str) -> list[Loaded]:
    """`load_strategy` for each item in turn, with the same outcome, but fast for strategies
    not yet in the store (a national-scale first load): those get revision 1, their KPIs and
    one audit row each, written a table at a time by `insert_rows` instead of one ORM object
    per row. A key the store knows, or one met again in `items`, goes through `load_strategy`.

    Strategies new to the store are not put in the search index here: at national scale that
    would more than double the load (the trigram indexes tokenise every item). They are indexed
    afterwards, all at once, by `search.index_missing` (`sousei db index`).
    """
    for item in items:
        _check(item)
    known = _known_keys(session, [item.key for item in items])
    results: list[Loaded] = []
    run: list[StrategyItem] = []
    with collector_paused():
        for item in items:
            if item.key not in known:
                run.append(item)
                known.add(item.key)
                continue
            results += _create(session, run, actor=actor)
            run = []
            results.append(
                load_strategy(
                    session,
                    strategy=item.strategy,
                    key=item.key,
                    actor=actor,
                    label=item.label,
                    family=item.family,
                    lgcode=item.lgcode,
                    title=item.title,
                    rule_set=item.rule_set,
                )
            )
        return results + _create(session, run, actor=actor)


def _known_keys(session: Session, keys: Sequence[str]) -> set[str]:
    query = select(StrategyRow.key)
    return {
        key
        for chunk in chunked(sorted(set(keys)))
        for key in session.scalars(query.where(StrategyRow.key.in_(chunk)))
    }


def _create(session: Session, items: Sequence[StrategyItem], *, actor: str) -> list[Loaded]:
    """Revision 1 of strategies new to the store, as `load_strategy` would write it."""
    if not items:
        return []
    rows = [_new_row(item) for item in items]
    session.add_all(rows)
    session.flush()
    revisions = [_first_revision(item, row, actor) for item, row in zip(items, rows, strict=True)]
    session.add_all(revisions)
    session.flush()
    kpi_ids = _fresh_kpi_ids(session, items)
    kpi_rows: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for item, revision, ids in zip(items, revisions, kpi_ids, strict=True):
        for kpi, kpi_id in zip(item.strategy.kpis, ids, strict=True):
            kpi_rows.append(
                {
                    "id": kpi_id,
                    "strategy_id": revision.strategy_id,
                    "first_revision_id": revision.id,
                }
            )
            versions.append(_version_values(revision.id, kpi_id, kpi))
    insert_rows(session, Base.metadata.tables[KpiRow.__tablename__], kpi_rows)
    insert_rows(session, Base.metadata.tables[KpiVersionRow.__tablename__], versions)
    for item, revision in zip(items, revisions, strict=True):
        _audit_load(session, item, revision, actor)
    return [Loaded(revision, created=True) for revision in revisions]


def _first_revision(item: StrategyItem, row: StrategyRow, actor: str) -> RevisionRow:
    strategy = item.strategy
    model_json = strategy.model_dump_json()
    return RevisionRow(
        strategy_id=row.id,
        number=1,
        label=item.label or strategy.title,
        source_name=strategy.source_name,
        source_sha256=hashlib.sha256(model_json.encode()).hexdigest(),
        model_json=model_json,
        first_year=_first_year(strategy.kpis),
        last_year=_last_year(strategy.kpis),
        loaded_by=actor,
        loaded_at=now(),
    )


def _fresh_kpi_ids(session: Session, items: Sequence[StrategyItem]) -> list[list[str]]:
    """KPI ids as `_store_kpis` gives them: ``{key}/{doc id}``, with ``~2``… when taken.

    One look-up of the candidate ids; a colliding id's "~n" variants are looked up one by one.
    """
    candidates = sorted({f"{item.key}/{kpi.id}" for item in items for kpi in item.strategy.kpis})
    taken = {
        kpi_id
        for chunk in chunked(candidates)
        for kpi_id in session.scalars(select(KpiRow.id).where(KpiRow.id.in_(chunk)))
    }
    result = []
    for item in items:
        ids = []
        for base in (f"{item.key}/{kpi.id}" for kpi in item.strategy.kpis):
            kpi_id = _new_id(session, base, taken)
            taken.add(kpi_id)
            ids.append(kpi_id)
        result.append(ids)
    return result


def _version_values(revision_id: int, kpi_id: str, kpi: Kpi) -> dict[str, Any]:
    """The columns of a KPI's version row, as a plain dict (for `insert_rows` too)."""
    target = kpi.target
    return {
        "revision_id": revision_id,
        "kpi_id": kpi_id,
        "doc_id": kpi.id,
        "level": kpi.level,
        "owner": kpi.owner,
        "label": kpi.label,
        "indicator": kpi.indicator,
        "target_text": target.text,
        "target_value": target.value,
        "target_unit": target.unit,
        "comparator": target.comparator,
        "target_year": target.target_year,
        "year_basis": target.year_basis,
        "recurring": target.recurring,
        "cumulative": target.cumulative,
        "period_start": target.period_start,
        "baseline_year": target.baseline_year,
        "to_be_set": target.to_be_set,
        "source_line": kpi.lines.start,
        "baseline_value": target.baseline_value,
        "baseline_unit": target.baseline_unit,
    }


def _audit_load(session: Session, item: StrategyItem, revision: RevisionRow, actor: str) -> None:
    audit.record(
        session,
        actor=actor,
        action="strategy.load",
        entity="revision",
        entity_id=f"{item.key}#{revision.number}",
        after={
            "kpis": len(item.strategy.kpis),
            "measures": len(item.strategy.measures),
            "label": revision.label,
        },
    )
