"""Loading a folder of local strategies (`sousei load-local DIR --apply`): every accepted
document becomes the newest revision of ``local/<code>``, and its links to the national
strategy are suggested.

The caller decides the transaction; `load_documents` writes in batches of `batch` strategies
(`strategies.load_strategies`, a table at a time for strategies new to the store), and
suggests links per batch with one `sousei.link.Linker` kept for the whole folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sousei.ingest.folder import Document
from sousei.link import Linker

from . import links, strategies
from .errors import StoreError
from .strategies import Loaded, StrategyItem

BATCH = 200
"""Strategies per `load_strategies` call: large enough for its bulk writes, small enough that
the ORM rows of a batch are released before the next (a revision keeps its whole model)."""


@dataclass(frozen=True)
class LoadedDocument:
    """A document as stored: its revision number, whether it was new, the links suggested."""

    document: Document
    revision: int
    created: bool
    links: int


@dataclass(frozen=True)
class LocalLoad:
    """What a folder load wrote; `linked` is False when the national strategy is not stored
    (no suggestions were made)."""

    documents: tuple[LoadedDocument, ...]
    linked: bool


def load_documents(
    session: Session,
    *,
    documents: Sequence[Document],
    actor: str,
    rule_set: str | None = None,
    batch: int = BATCH,
) -> LocalLoad:
    """Store every document (each must be accepted) and suggest its links; never commits.

    After each batch the session's objects are flushed and detached (`expunge_all`), so a
    national-scale folder does not keep every revision's model in memory.
    """
    refused = [d.path.name for d in documents if d.refused or d.strategy is None]
    if refused:
        raise StoreError(f"読み込めない文書があります: {'、'.join(refused)}")
    linked = strategies.is_stored(session, links.NATIONAL)
    compare = links.linker(session) if linked else None
    done: list[LoadedDocument] = []
    for start in range(0, len(documents), batch):
        chunk = documents[start : start + batch]
        items = [_item(d, rule_set) for d in chunk]
        loaded = strategies.load_strategies(session, items=items, actor=actor)
        counts = {} if compare is None else _suggest(session, chunk, loaded, actor, compare)
        done += [
            LoadedDocument(d, result.revision.number, result.created, counts.get(d.key, 0))
            for d, result in zip(chunk, loaded, strict=True)
        ]
        session.flush()
        session.expunge_all()  # written: a batch's rows (each revision with its model) go
    return LocalLoad(tuple(done), linked)


def _item(document: Document, rule_set: str | None) -> StrategyItem:
    assert document.strategy is not None
    assert document.government is not None
    return StrategyItem(
        document.strategy,
        document.key,
        family="local",
        lgcode=document.government.code,
        title=document.government.full_name,
        rule_set=rule_set,
    )


def _suggest(
    session: Session,
    documents: Sequence[Document],
    loaded: Sequence[Loaded],
    actor: str,
    compare: Linker,
) -> dict[str, int]:
    """Links of the documents that made a new revision, counted per key."""
    fresh = [
        (d.key, d.strategy, result.revision)
        for d, result in zip(documents, loaded, strict=True)
        if result.created and d.strategy is not None
    ]
    subjects = links.subjects_loaded(session, loaded=fresh)
    return links.store_suggestions(session, subjects=subjects, actor=actor, using=compare)
