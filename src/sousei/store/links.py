"""Links between local strategies and the national one (国の戦略との対応).

A local strategy's 基本目標 (subject "outcome", id ``<key>:outcome:<N>``) and KPIs (subject
"kpi", the stored KPI id) are linked to national outcomes (target "outcome", the letter A–E)
and national KPIs (target "kpi", the stored id, ``national/…``). `suggest_links` stores what
`sousei.link` suggests for a strategy's newest revision; a person then confirms or rejects each
link (`decide`, audited). Suggesting again refreshes the scores, drops suggestions no longer
made and keeps every decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.link import METHOD, Linker, Suggestion
from sousei.model import Strategy

from . import audit, strategies
from .bulk import insert_rows
from .clock import now
from .errors import NotFoundError, StoreError
from .evaluation import stable_model
from .tables import Base, KpiVersionRow, LinkRow, RevisionRow, StrategyRow

NATIONAL = "national"
STATES = ("suggested", "confirmed", "rejected")
KINDS = ("outcome", "kpi")

__all__ = [
    "KINDS",
    "NATIONAL",
    "STATES",
    "LinkLabel",
    "Subject",
    "confirmed_for",
    "decide",
    "labels",
    "linker",
    "links_of",
    "outcome_subject",
    "store_suggestions",
    "subjects_loaded",
    "suggest_links",
]


@dataclass(frozen=True)
class Subject:
    """A local strategy to suggest links for: its store key and id, and its model with the
    KPIs carrying their stored ids."""

    key: str
    strategy_id: int
    model: Strategy


@dataclass(frozen=True)
class LinkLabel:
    """What a link joins, in words: 「基本目標1 …」 or a KPI's indicator, and the national side."""

    subject: str
    target: str


def outcome_subject(key: str, outcome_id: str) -> str:
    """The subject id of a local 基本目標: ``local/011002:outcome:1``."""
    return f"{key}:outcome:{outcome_id}"


# -- suggesting ----------------------------------------------------------------------------------

_LINKERS: dict[tuple[int, str], Linker] = {}


def linker(session: Session) -> Linker:
    """The national strategy's newest revision made ready for comparison, its KPIs carrying
    their stored ids; kept per revision (building it reads and weighs the whole strategy)."""
    row = strategies.revision(session, key=NATIONAL)
    cache_key = (row.id, row.source_sha256)
    found = _LINKERS.get(cache_key)
    if found is None:
        _, model = stable_model(session, key=NATIONAL)
        found = _LINKERS[cache_key] = Linker(model)
    return found


def suggest_links(session: Session, *, key: str, actor: str) -> int:
    """Store the suggested links of a strategy's newest revision; the number of links added.

    Idempotent: suggesting again adds nothing new, refreshes scores, removes suggestions no
    longer made and keeps every confirmed or rejected link.
    """
    if key == NATIONAL:
        raise StoreError(
            "国の総合戦略そのものには対応を提案しません（地方版総合戦略を指定します）。"
        )
    row = strategies.strategy_row(session, key)
    _, model = stable_model(session, key=key)
    added = store_suggestions(session, subjects=[Subject(key, row.id, model)], actor=actor)
    return added[key]


def subjects_loaded(
    session: Session, *, loaded: Sequence[tuple[str, Strategy, RevisionRow]]
) -> list[Subject]:
    """Subjects of strategies just loaded (key, parsed model, its new revision), their KPIs
    renamed to the stored ids with one query per few thousand revisions, not by reading the
    models back."""
    ids: dict[int, dict[str, str]] = {}
    query = select(KpiVersionRow.revision_id, KpiVersionRow.doc_id, KpiVersionRow.kpi_id)
    for chunk in _slices([revision.id for _, _, revision in loaded]):
        for revision_id, doc_id, kpi_id in session.execute(
            query.where(KpiVersionRow.revision_id.in_(chunk))
        ):
            ids.setdefault(revision_id, {})[doc_id] = kpi_id
    subjects = []
    for key, model, revision in loaded:
        stored = ids.get(revision.id, {})
        renamed = tuple(k.model_copy(update={"id": stored[k.id]}) for k in model.kpis)
        subjects.append(
            Subject(key, revision.strategy_id, model.model_copy(update={"kpis": renamed}))
        )
    return subjects


def store_suggestions(
    session: Session, *, subjects: Sequence[Subject], actor: str, using: Linker | None = None
) -> dict[str, int]:
    """Store the suggestions for each subject (see `suggest_links`): the number of links added
    per key. Known links are read in one query, new ones written in one bulk insert; one audit
    row per strategy whose links changed."""
    if not subjects:
        return {}
    compare = using or linker(session)
    existing = _existing(session, [s.strategy_id for s in subjects])
    stamp = now()
    added: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for subject in subjects:
        suggestions = compare.suggest(subject.model)
        rows = existing.get(subject.strategy_id, [])
        changes = _merge(session, subject, suggestions, rows, stamp)
        counts[subject.key] = len(changes.added)
        added += changes.added
        if changes.any():
            audit.record(
                session,
                actor=actor,
                action="link.suggest",
                entity="strategy",
                entity_id=subject.key,
                after={
                    "added": len(changes.added),
                    "updated": changes.updated,
                    "removed": changes.removed,
                    "method": METHOD,
                },
            )
    insert_rows(session, Base.metadata.tables[LinkRow.__tablename__], added)
    return counts


@dataclass
class _Changes:
    added: list[dict[str, Any]]
    updated: int = 0
    removed: int = 0

    def any(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _existing(session: Session, strategy_ids: Sequence[int]) -> dict[int, list[LinkRow]]:
    found: dict[int, list[LinkRow]] = {}
    for chunk in _slices(strategy_ids):
        for row in session.scalars(select(LinkRow).where(LinkRow.strategy_id.in_(chunk))):
            found.setdefault(row.strategy_id, []).append(row)
    return found


def _merge(
    session: Session,
    subject: Subject,
    suggestions: Iterable[Suggestion],
    rows: Sequence[LinkRow],
    stamp: datetime,
) -> _Changes:
    """New suggestions become rows; known ones get the new score; suggestions no longer made
    are removed unless someone decided on them."""
    known = {(r.subject_kind, r.subject_id, r.target_kind, r.target_id): r for r in rows}
    changes = _Changes([])
    made: set[tuple[str, str, str, str]] = set()
    for s in suggestions:
        subject_id = s.subject_id
        if s.subject_kind == "outcome":
            subject_id = outcome_subject(subject.key, s.subject_id)
        slot = (s.subject_kind, subject_id, s.target_kind, s.target_id)
        made.add(slot)
        row = known.get(slot)
        if row is None:
            changes.added.append(
                {
                    "strategy_id": subject.strategy_id,
                    "subject_kind": s.subject_kind,
                    "subject_id": subject_id,
                    "target_kind": s.target_kind,
                    "target_id": s.target_id,
                    "score": s.score,
                    "method": METHOD,
                    "state": "suggested",
                    "suggested_at": stamp,
                    "decided_by": None,
                    "decided_at": None,
                }
            )
        elif row.score != s.score or row.method != METHOD:
            row.score, row.method = s.score, METHOD
            changes.updated += 1
    for found, row in known.items():
        if found not in made and row.state == "suggested":
            session.delete(row)
            changes.removed += 1
    return changes


def _slices(ids: Sequence[int], size: int = 5000) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


# -- deciding and reading ------------------------------------------------------------------------


def decide(session: Session, *, link_id: int, confirm: bool, actor: str) -> LinkRow:
    """Confirm or reject a link (a decision may be changed later); audited. Deciding what is
    already decided that way changes nothing."""
    row = session.get(LinkRow, link_id)
    if row is None:
        raise NotFoundError(
            f"対応 {link_id} はありません（sousei links list で ID を確かめます）。"
        )
    state = "confirmed" if confirm else "rejected"
    if row.state == state:
        return row
    before = {"state": row.state, "decided_by": row.decided_by}
    row.state, row.decided_by, row.decided_at = state, actor, now()
    audit.record(
        session,
        actor=actor,
        action="link.confirm" if confirm else "link.reject",
        entity="link",
        entity_id=str(row.id),
        before=before,
        after={
            "state": state,
            "subject": f"{row.subject_kind}:{row.subject_id}",
            "target": f"{row.target_kind}:{row.target_id}",
            "score": row.score,
        },
    )
    return row


def links_of(session: Session, *, key: str, state: str | None = None) -> list[LinkRow]:
    """A strategy's links in the order they were suggested (its 基本目標, then its KPIs in
    document order), optionally in one state."""
    strategy = strategies.strategy_row(session, key)
    query = select(LinkRow).where(LinkRow.strategy_id == strategy.id)
    if state is not None:
        query = query.where(LinkRow.state == _state(state))
    return list(session.scalars(query.order_by(LinkRow.id)))


def confirmed_for(session: Session, *, target_kind: str, target_id: str) -> list[LinkRow]:
    """The confirmed links to a national outcome (`target_kind` "outcome", `target_id` A–E) or
    KPI ("kpi", its stored id such as ``national/A-KPI④-1``), every local strategy's, in the
    order the strategies were loaded (one indexed query)."""
    if target_kind not in KINDS:
        raise StoreError(f"対応先の種類「{target_kind}」は outcome か kpi です。")
    query = (
        select(LinkRow)
        .where(
            LinkRow.target_kind == target_kind,
            LinkRow.target_id == target_id,
            LinkRow.state == "confirmed",
        )
        .order_by(LinkRow.strategy_id, LinkRow.id)
    )
    return list(session.scalars(query))


def labels(session: Session, *, rows: Sequence[LinkRow]) -> dict[int, LinkLabel]:
    """Each link's two sides in words, from the newest revisions: 「基本目標1 地域にしごとを…」,
    a KPI's indicator, 「A 地域における高付加価値型産業創出」. A side no longer in its strategy's
    newest revision is shown by its id."""
    keys = dict(
        session.execute(
            select(StrategyRow.id, StrategyRow.key).where(
                StrategyRow.id.in_({r.strategy_id for r in rows})
            )
        ).all()
    )
    names = _names(session, NATIONAL, national=True) if rows else {}
    local: dict[int, dict[str, str]] = {
        strategy_id: _names(session, key, national=False) for strategy_id, key in keys.items()
    }
    return {
        row.id: LinkLabel(
            local[row.strategy_id].get(row.subject_id, row.subject_id),
            names.get(row.target_id, row.target_id),
        )
        for row in rows
    }


def _names(session: Session, key: str, *, national: bool) -> dict[str, str]:
    _, model = stable_model(session, key=key)
    outcomes = {
        (o.id if national else outcome_subject(key, o.id)): (
            f"{o.id} {o.title}" if national else f"基本目標{o.id} {o.title}"
        )
        for o in model.outcomes
    }
    return outcomes | {k.id: k.indicator for k in model.kpis}


def _state(state: str) -> str:
    if state not in STATES:
        raise StoreError(f"状態「{state}」はありません（{'、'.join(STATES)}）。")
    return state
