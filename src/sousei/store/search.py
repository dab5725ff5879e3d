"""検索 — full-text search over a strategy's 施策, 主な事業, KPIs and 第6節 (その他の施策).

Each revision's model is flattened into `search_entry` rows (kind, ref, title, body); the
database indexes them in its own way (migration 0002):

* SQLite: the FTS5 table `search_fts` with the trigram tokenizer. Japanese has no spaces between
  words, so every 3-character substring is a key; a query term is matched as a quoted FTS5
  string (never as FTS5 syntax), ranked by bm25 and marked by `highlight()` / `snippet()`.
* PostgreSQL: pg_trgm's GIN index on ``title || ' ' || body`` serves ``ILIKE '%term%'``;
  hits are ranked by trigram similarity and the snippet is cut in Python around the first match.

`load_strategy` indexes each revision it stores; the bulk load defers its new strategies to
`index_missing` (`sousei db index`), which would otherwise double a national-scale load.

A trigram index cannot find a term shorter than 3 characters (「農業」), so such queries read the
strategy's entries with LIKE on both databases. LIKE wildcards in a query are escaped: a query
is text, never syntax. Whitespace separates terms; a hit contains every term.

Hits come grouped by kind (施策, 主な事業, KPI, その他の施策), best first within each kind: a
主な事業 that names a term twice would otherwise rank above the 施策 it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    FromClause,
    case,
    delete,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session

from sousei.model import Strategy

from .bulk import insert_rows
from .tables import Base, KpiVersionRow, RevisionRow, SearchEntryRow, StrategyRow

Kind = Literal["measure", "project", "kpi", "other"]
KINDS: tuple[Kind, ...] = ("measure", "project", "kpi", "other")
"""施策, 主な事業, KPI, その他の施策 (第6節) — also the order of kinds on a page."""

TRIGRAM = 3
"""The shortest term the trigram indexes can find."""
MAX_TERMS = 8
SNIPPET_CHARS = 80

Segment = tuple[str, bool]
"""A piece of text and whether it is a match (shown marked)."""

# Match markers for FTS5's highlight()/snippet(): control characters that no indexed text holds
# (they are removed before indexing), so splitting on them is exact.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKERS = str.maketrans("", "", _OPEN + _CLOSE)


@dataclass(frozen=True)
class Hit:
    """検索結果 — an entry that matched: what it is, where it leads, its text with the matches."""

    strategy_key: str
    kind: Kind
    ref: str
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]


@dataclass(frozen=True)
class Found:
    """A page of hits, how many there are in all, and how many of each kind."""

    hits: tuple[Hit, ...]
    total: int
    by_kind: dict[Kind, int]


# -- indexing ------------------------------------------------------------------------------


def entries(model: Strategy, kpi_ids: Mapping[str, str]) -> Iterator[tuple[Kind, str, str, str]]:
    """(kind, ref, title, body) of every searchable item; a KPI's ref is its stable store id."""
    for measure in model.measures:
        yield "measure", measure.path, measure.title, measure.text
    for project in model.projects:
        yield "project", project.measure_path, project.name, ""
    for kpi in model.kpis:
        body = "\n".join((kpi.target.text, *kpi.notes))
        yield "kpi", kpi_ids.get(kpi.id, kpi.id), kpi.indicator, body
    for other in model.other_measures:
        yield "other", other_ref(other.outcome_id, other.number), other.title, other.text


def other_ref(outcome_id: str, number: int) -> str:
    """The ref of a 第6節 measure: its outcome and number (A-1)."""
    return f"{outcome_id}-{number}"


def entry_rows(
    *, strategy_id: int, revision_id: int, model: Strategy, kpi_ids: Mapping[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "strategy_id": strategy_id,
            "revision_id": revision_id,
            "kind": kind,
            "ref": ref,
            "title": title.translate(_MARKERS),
            "body": body.translate(_MARKERS),
        }
        for kind, ref, title, body in entries(model, kpi_ids)
    ]


def index_revision(
    session: Session,
    *,
    strategy_id: int,
    revision_id: int,
    model: Strategy,
    kpi_ids: Mapping[str, str] | None = None,
) -> int:
    """Replace a strategy's entries by those of a revision's model; returns how many.

    `model` is the revision's stored model (document KPI ids); `kpi_ids` maps those to the
    stable store ids and is read from the revision's KPI versions when not given."""
    if kpi_ids is None:
        query = select(KpiVersionRow.doc_id, KpiVersionRow.kpi_id).where(
            KpiVersionRow.revision_id == revision_id
        )
        kpi_ids = dict(session.execute(query).all())
    session.execute(delete(SearchEntryRow).where(SearchEntryRow.strategy_id == strategy_id))
    rows = entry_rows(
        strategy_id=strategy_id, revision_id=revision_id, model=model, kpi_ids=kpi_ids
    )
    insert_rows(session, _TABLE, rows)
    return len(rows)


def index_missing(
    session: Session, *, keys: Sequence[str] | None = None, rebuild: bool = False
) -> int:
    """Index the newest revision of each strategy that has no entries (those of `keys`, or
    all; with `rebuild`, every one of them again); returns how many strategies were indexed.

    The bulk load leaves its strategies out of the index (see `strategies.load_strategies`):
    this puts them in, a hundred strategies per write."""
    newest = (
        select(RevisionRow.strategy_id, func.max(RevisionRow.number).label("number"))
        .group_by(RevisionRow.strategy_id)
        .subquery()
    )
    query = (
        select(RevisionRow.id, RevisionRow.strategy_id)
        .join(
            newest,
            (newest.c.strategy_id == RevisionRow.strategy_id)
            & (newest.c.number == RevisionRow.number),
        )
        .join(StrategyRow, StrategyRow.id == RevisionRow.strategy_id)
        .order_by(RevisionRow.strategy_id)
    )
    if keys is not None:
        query = query.where(StrategyRow.key.in_(keys))
    if rebuild:
        chosen = (
            select(StrategyRow.id)
            if keys is None
            else select(StrategyRow.id).where(StrategyRow.key.in_(keys))
        )
        session.execute(delete(SearchEntryRow).where(SearchEntryRow.strategy_id.in_(chosen)))
    else:
        has_entries = select(SearchEntryRow.id).where(
            SearchEntryRow.strategy_id == RevisionRow.strategy_id
        )
        query = query.where(~has_entries.exists())
    revisions: list[tuple[int, int]] = [(r.id, r.strategy_id) for r in session.execute(query)]
    for start in range(0, len(revisions), _BATCH):  # the models are read a batch at a time
        _index_batch(session, revisions[start : start + _BATCH])
    return len(revisions)


_BATCH = 100


def _index_batch(session: Session, revisions: Sequence[tuple[int, int]]) -> None:
    wanted = [revision_id for revision_id, _ in revisions]
    models = dict(
        session.execute(
            select(RevisionRow.id, RevisionRow.model_json).where(RevisionRow.id.in_(wanted))
        ).all()
    )
    query = select(KpiVersionRow.revision_id, KpiVersionRow.doc_id, KpiVersionRow.kpi_id).where(
        KpiVersionRow.revision_id.in_(wanted)
    )
    ids: dict[int, dict[str, str]] = {}
    for revision_id, doc_id, kpi_id in session.execute(query):
        ids.setdefault(revision_id, {})[doc_id] = kpi_id
    rows: list[dict[str, Any]] = []
    for revision_id, strategy_id in revisions:
        model_json = models[revision_id]
        rows += entry_rows(
            strategy_id=strategy_id,
            revision_id=revision_id,
            model=Strategy.model_validate_json(model_json),
            kpi_ids=ids.get(revision_id, {}),
        )
    insert_rows(session, _TABLE, rows)


def is_indexed(session: Session, *, revision_id: int) -> bool:
    query = select(SearchEntryRow.id).where(SearchEntryRow.revision_id == revision_id).limit(1)
    return session.scalar(query) is not None


_TABLE = Base.metadata.tables[SearchEntryRow.__tablename__]


# -- searching -----------------------------------------------------------------------------


def terms_of(query: str) -> list[str]:
    """The query's terms: split at spaces (full-width too), repeated terms once, at most 8."""
    return list(dict.fromkeys(query.split()))[:MAX_TERMS]


def search(
    session: Session,
    *,
    query: str,
    strategy_key: str | None = None,
    kinds: Sequence[Kind] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Found:
    """Entries holding every term of `query`, by kind and best first, the matches marked."""
    terms = terms_of(query)
    if not terms:
        return Found((), 0, {})
    dialect = session.get_bind().dialect.name
    full_text = dialect == "sqlite" and min(map(len, terms)) >= TRIGRAM
    conditions = _filters(terms, strategy_key, full_text=full_text)
    by_kind = _counts(session, conditions, full_text=full_text)
    wanted = tuple(kinds) if kinds else KINDS
    total = sum(n for kind, n in by_kind.items() if kind in wanted)
    if total == 0 or offset >= total:
        return Found((), total, by_kind)
    if kinds:
        conditions.append(SearchEntryRow.kind.in_(wanted))
    if full_text:
        hits = _fts_hits(session, conditions, limit, offset)
    else:
        hits = _like_hits(session, terms, conditions, limit, offset, postgres=dialect != "sqlite")
    return Found(tuple(hits), total, by_kind)


_FTS = table("search_fts")
# FTS5's MATCH and its functions (bm25, highlight, snippet) take the table itself as argument.
_FTS_TABLE: ColumnClause[Any] = literal_column("search_fts")
_ROWID: ColumnClause[int] = literal_column("search_fts.rowid")
_KIND_ORDER = case({kind: i for i, kind in enumerate(KINDS)}, value=SearchEntryRow.kind)
# Exactly the indexed expression on PostgreSQL ((title || ' ' || body)): a bound parameter for
# the space would make another expression, and the planner would not use the trigram index.
_HAYSTACK = SearchEntryRow.title.op("||")(literal_column("' '")).op("||")(SearchEntryRow.body)


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 query that means the terms as text: each a quoted string ("" for a quote)."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def like_pattern(term: str) -> str:
    """%term% with LIKE's own characters (\\ % _) escaped by a backslash."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(
    terms: Sequence[str], strategy_key: str | None, *, full_text: bool
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if full_text:
        conditions.append(_FTS_TABLE.op("MATCH")(fts_query(terms)))
    else:
        conditions += [_HAYSTACK.ilike(like_pattern(t), escape="\\") for t in terms]
    if strategy_key is not None:
        conditions.append(StrategyRow.key == strategy_key)
    return conditions


def _source(*, full_text: bool) -> FromClause:
    """The entries (through the FTS5 table when it is used) with their strategy."""
    entries = SearchEntryRow.__table__
    found = _FTS.join(entries, entries.c.id == _ROWID) if full_text else entries
    return found.join(StrategyRow.__table__, StrategyRow.id == SearchEntryRow.strategy_id)


def _counts(
    session: Session, conditions: Sequence[ColumnElement[bool]], *, full_text: bool
) -> dict[Kind, int]:
    query = select(SearchEntryRow.kind, func.count()).select_from(_source(full_text=full_text))
    rows = session.execute(query.where(*conditions).group_by(SearchEntryRow.kind))
    found: dict[str, int] = dict(rows.all())
    return {kind: found[kind] for kind in KINDS if found.get(kind)}


def _fts_hits(
    session: Session,
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
    offset: int,
) -> Iterator[Hit]:
    title = func.highlight(_FTS_TABLE, 0, _OPEN, _CLOSE)
    snippet = func.snippet(_FTS_TABLE, 1, _OPEN, _CLOSE, "…", SNIPPET_CHARS // 2)
    rank = func.bm25(_FTS_TABLE, 4.0, 1.0)  # a match in the title counts four times as much
    columns = (StrategyRow.key, SearchEntryRow.kind, SearchEntryRow.ref, title, snippet)
    query = (
        select(*columns)
        .select_from(_source(full_text=True))
        .where(*conditions)
        .order_by(_KIND_ORDER, rank, SearchEntryRow.id)
        .limit(limit)
        .offset(offset)
    )
    for key, kind, ref, marked_title, marked_body in session.execute(query):
        yield Hit(key, _kind(kind), ref, _segments(marked_title), _segments(marked_body))


def _like_hits(
    session: Session,
    terms: Sequence[str],
    conditions: Sequence[ColumnElement[bool]],
    limit: int,
    offset: int,
    *,
    postgres: bool,
) -> Iterator[Hit]:
    in_title = case((SearchEntryRow.title.ilike(like_pattern(terms[0]), escape="\\"), 0), else_=1)
    order: list[Any] = [_KIND_ORDER, in_title]
    if postgres:  # pg_trgm's similarity: the closer a title is to the query, the higher
        order.append(func.similarity(SearchEntryRow.title, " ".join(terms)).desc())
    else:
        order.append(func.length(SearchEntryRow.title))
    columns = (
        StrategyRow.key,
        SearchEntryRow.kind,
        SearchEntryRow.ref,
        SearchEntryRow.title,
        SearchEntryRow.body,
    )
    query = (
        select(*columns)
        .select_from(_source(full_text=False))
        .where(*conditions)
        .order_by(*order, SearchEntryRow.id)
        .limit(limit)
        .offset(offset)
    )
    for key, kind, ref, title, body in session.execute(query):
        yield Hit(key, _kind(kind), ref, mark(title, terms), mark(excerpt(body, terms), terms))


def _kind(value: str) -> Kind:
    for kind in KINDS:
        if kind == value:
            return kind
    raise ValueError(f"unknown kind of search entry: {value!r}")


# -- marking matches -----------------------------------------------------------------------


def _segments(marked: str) -> tuple[Segment, ...]:
    """FTS5's marked text (\\x02match\\x03) as segments."""
    out: list[Segment] = []
    for i, part in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", marked)):
        if part:
            out.append((part, i % 2 == 1))
    return tuple(out)


def _pattern(terms: Sequence[str]) -> re.Pattern[str]:
    alternatives = sorted(terms, key=len, reverse=True)  # the longest match where two overlap
    return re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)


def mark(text: str, terms: Sequence[str]) -> tuple[Segment, ...]:
    """`text` cut into segments, every occurrence of a term marked."""
    out: list[Segment] = []
    position = 0
    for found in _pattern(terms).finditer(text):
        if found.start() > position:
            out.append((text[position : found.start()], False))
        out.append((found.group(), True))
        position = found.end()
    if position < len(text):
        out.append((text[position:], False))
    return tuple(out)


def excerpt(text: str, terms: Sequence[str], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters of `text` around its first match (its start when none), with …
    where text was cut off."""
    found = _pattern(terms).search(text)
    start = 0 if found is None else max(0, found.start() - size // 4)
    if found is not None and len(text) - start < size:
        start = max(0, len(text) - size)  # near the end: show the last `size` characters
    end = min(len(text), start + size)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
