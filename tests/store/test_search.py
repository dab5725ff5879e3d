"""Full-text search over the stored strategy, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sousei.ingest import bundled_source, parse_source
from sousei.ingest.source import SourceText
from sousei.model import Strategy
from sousei.store import search, strategies
from sousei.store.strategies import StrategyItem
from sousei.store.tables import SearchEntryRow, StrategyRow


@pytest.fixture
def national(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    return session


def _text(segments: tuple[tuple[str, bool], ...]) -> str:
    return "".join(text for text, _ in segments)


def _marked(segments: tuple[tuple[str, bool], ...]) -> list[str]:
    return [text for text, matched in segments if matched]


def _entries(session: Session, kind: str | None = None) -> int:
    query = select(func.count()).select_from(SearchEntryRow)
    if kind is not None:
        query = query.where(SearchEntryRow.kind == kind)
    return session.scalar(query) or 0


def test_loading_a_strategy_indexes_every_item(national: Session, national_model: Strategy) -> None:
    assert _entries(national, "measure") == len(national_model.measures) == 115
    assert _entries(national, "project") == len(national_model.projects)
    assert _entries(national, "kpi") == 55
    assert _entries(national, "other") == len(national_model.other_measures)


def test_smart_agriculture_finds_the_measure_that_names_it(national: Session) -> None:
    found = search.search(national, query="スマート農業", strategy_key="national")
    measures = [h for h in found.hits if h.kind == "measure"]
    assert measures[0].ref == "a/1/2"  # the measure titled スマート農業の推進 ranks first
    assert _text(measures[0].title) == "スマート農業の推進"
    assert _marked(measures[0].title) == ["スマート農業"]
    assert found.by_kind["measure"] >= 1
    assert found.total == sum(found.by_kind.values())
    assert all("スマート農業" in _text(h.title) + _text(h.snippet) for h in found.hits)


def test_the_snippet_shows_the_match_in_the_body(national: Session) -> None:
    found = search.search(national, query="ジビエ", kinds=["measure"])
    first = next(h for h in found.hits if h.ref == "a/1/1")
    assert "ジビエ" in _marked(first.snippet)
    assert len(_text(first.snippet)) < 200  # a window, not the whole text


def test_a_kpi_hit_carries_its_stable_store_id(national: Session) -> None:
    found = search.search(national, query="訪日外国人旅行者数", kinds=["kpi"])
    assert "national/A-KPI④-1" in [h.ref for h in found.hits]
    assert set(found.by_kind) >= {"kpi"}
    assert all(h.kind == "kpi" for h in found.hits)


def test_a_two_character_query_works(national: Session) -> None:
    found = search.search(national, query="農業", strategy_key="national")
    assert found.total > 0
    assert "a/1/2" in [h.ref for h in found.hits if h.kind == "measure"] or found.total > 20
    for hit in found.hits:
        assert "農業" in _text(hit.title) + _text(hit.snippet)
        assert "農業" in _marked(hit.title) + _marked(hit.snippet)


def test_a_one_character_query_works(national: Session) -> None:
    assert search.search(national, query="林", kinds=["measure"]).total > 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "農業*",
        '"スマート',
        "100%",
        "%",
        "_",
        "\\",
        "a OR b",
        "NEAR(a b)",
        "-x",
        "'",
    ],
)
def test_syntax_in_a_query_is_text_and_never_an_error(national: Session, query: str) -> None:
    found = search.search(national, query=query)
    for hit in found.hits:  # whatever matched holds the characters literally
        assert all(
            term.lower() in (_text(hit.title) + _text(hit.snippet)).lower()
            for term in search.terms_of(query)
        )


def test_percent_and_underscore_are_not_wildcards(national: Session) -> None:
    every = search.search(national, query="%").total
    assert every < _entries(national)  # "%" alone would match everything as a wildcard
    assert search.search(national, query="農_業").total == 0
    assert search.search(national, query="農%業").total == 0


def test_a_quote_inside_a_term_matches_literally(national: Session) -> None:
    assert search.search(national, query='スマート"農業').total == 0


def test_every_term_must_match(national: Session) -> None:
    both = search.search(national, query="スマート 林業", kinds=["measure"])
    refs = [h.ref for h in both.hits]
    assert "a/1/3" in refs  # スマート林業の推進
    assert "a/1/2" not in refs  # スマート農業 holds no 林業
    spaced = search.search(national, query="スマート\u3000林業", kinds=["measure"])  # 全角空白
    assert [h.ref for h in spaced.hits] == refs


def test_paging(national: Session) -> None:
    first = search.search(national, query="推進", limit=5)
    second = search.search(national, query="推進", limit=5, offset=5)
    assert len(first.hits) == len(second.hits) == 5
    assert first.total == second.total > 10
    keys = {(h.kind, h.ref, _text(h.title)) for h in first.hits}
    assert not keys & {(h.kind, h.ref, _text(h.title)) for h in second.hits}
    assert search.search(national, query="推進", offset=first.total).hits == ()


def test_an_empty_query_finds_nothing(national: Session) -> None:
    assert search.search(national, query="  \u3000 ") == search.Found((), 0, {})


def test_the_strategy_filter(national: Session, national_model: Strategy) -> None:
    strategies.load_strategy(session=national, strategy=national_model, key="copy", actor="t")
    everywhere = search.search(national, query="スマート農業の推進", kinds=["measure"])
    assert {h.strategy_key for h in everywhere.hits} == {"national", "copy"}
    only = search.search(national, query="スマート農業の推進", strategy_key="copy")
    assert {h.strategy_key for h in only.hits} == {"copy"}
    assert search.search(national, query="スマート農業", strategy_key="nowhere").total == 0


def _revised(old: str, new: str) -> Strategy:
    text = bundled_source().text
    assert text.count(old) == 1
    return parse_source(SourceText("revised.md", text.replace(old, new), "utf-8"))


def test_a_new_revision_replaces_the_old_entries(national: Session) -> None:
    revised = _revised("スマート農業の推進", "次世代農業技術の推進")
    strategies.load_strategy(national, strategy=revised, key="national", actor="t")
    assert _entries(national, "measure") == 115  # replaced, not added
    titles = [_text(h.title) for h in search.search(national, query="次世代農業技術").hits]
    assert titles == ["次世代農業技術の推進"]
    gone = search.search(national, query="スマート農業の推進", kinds=["measure"])
    assert gone.total == 0
    newest = strategies.revision(national, key="national")
    rows = national.scalars(select(SearchEntryRow.revision_id).distinct()).all()
    assert rows == [newest.id]


def test_loading_the_same_text_again_indexes_a_store_without_entries(
    national: Session, national_model: Strategy
) -> None:
    national.execute(delete(SearchEntryRow))  # as after upgrading to migration 0002
    assert search.search(national, query="スマート農業").total == 0
    strategies.load_strategy(national, strategy=national_model, key="national", actor="t")
    assert search.search(national, query="スマート農業").total > 0


def _rows(session: Session, key: str) -> list[tuple[str, str, str, str]]:
    query = (
        select(SearchEntryRow.kind, SearchEntryRow.ref, SearchEntryRow.title, SearchEntryRow.body)
        .join(StrategyRow, StrategyRow.id == SearchEntryRow.strategy_id)
        .where(StrategyRow.key == key)
        .order_by(SearchEntryRow.id)
    )
    return [(k, r.removeprefix(f"{key}/"), t, b) for k, r, t, b in session.execute(query)]


def test_the_bulk_load_leaves_indexing_to_index_missing(
    session: Session, national_model: Strategy
) -> None:
    items = [StrategyItem(national_model, "one"), StrategyItem(national_model, "two")]
    strategies.load_strategies(session, items=items, actor="t")
    assert _entries(session) == 0
    assert search.index_missing(session) == 2
    assert search.index_missing(session) == 0  # nothing is left out
    found = search.search(session, query="訪日外国人旅行者数", kinds=["kpi"], strategy_key="two")
    assert "two/A-KPI④-1" in [h.ref for h in found.hits]
    strategies.load_strategy(session, strategy=national_model, key="three", actor="t")
    assert _rows(session, "two") == _rows(session, "three")  # as a single load indexes
    assert len(_rows(session, "one")) == len(list(search.entries(national_model, {})))


def test_index_missing_for_some_strategies_and_rebuilding(
    session: Session, national_model: Strategy
) -> None:
    items = [StrategyItem(national_model, "one"), StrategyItem(national_model, "two")]
    strategies.load_strategies(session, items=items, actor="t")
    assert search.index_missing(session, keys=["one"]) == 1
    assert _rows(session, "two") == []
    before = _rows(session, "one")
    assert search.index_missing(session, keys=["one"], rebuild=True) == 1
    assert _rows(session, "one") == before  # replaced, not doubled
    assert search.index_missing(session, rebuild=True) == 2
    assert _rows(session, "two") == before


def test_marking_in_python() -> None:
    assert search.mark("スマート農業とスマート林業", ["スマート"]) == (
        ("スマート", True),
        ("農業と", False),
        ("スマート", True),
        ("林業", False),
    )
    assert search.mark("GI and gi", ["gi"]) == (("GI", True), (" and ", False), ("gi", True))
    assert search.excerpt("あ" * 100 + "農業" + "い" * 100, ["農業"]).startswith("…")
    assert "農業" in search.excerpt("あ" * 100 + "農業" + "い" * 100, ["農業"])
