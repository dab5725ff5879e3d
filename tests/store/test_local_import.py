"""A folder of local strategies stored in one go: revisions, titles, rule sets, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sousei.ingest.folder import FolderReading, read_folder
from sousei.model import Strategy
from sousei.store import links, strategies
from sousei.store.errors import StoreError
from sousei.store.local_import import load_documents
from sousei.store.tables import AuditRow, LinkRow, StrategyRow

GOLDEN = Path(__file__).parents[1] / "golden" / "local"
FILES = {
    "010006_北海道.md": "higashiyama-pref.md",
    "011002_札幌市.md": "aobano-city.md",
    "012025_函館市.md": "kaede-town.md",
    "012033.md": "heldout/shirasagi-city.md",
    "012041.md": "heldout/kazami-town.md",
}


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory) -> FolderReading:
    folder = tmp_path_factory.mktemp("documents")
    for name, source in FILES.items():
        (folder / name).write_text((GOLDEN / source).read_text("utf-8"), "utf-8")
    found = read_folder(folder)
    assert found.refused == []
    return found


@pytest.fixture
def national(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="t")
    return session


def _count(session: Session, table: type[LinkRow] | type[StrategyRow]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


@pytest.mark.parametrize("batch", [2, 200])
def test_every_document_is_stored_and_linked(
    national: Session, reading: FolderReading, batch: int
) -> None:
    done = load_documents(national, documents=reading.accepted, actor="importer", batch=batch)
    assert done.linked
    assert [d.document.key for d in done.documents] == [
        "local/010006",
        "local/011002",
        "local/012025",
        "local/012033",
        "local/012041",
    ]
    assert all(d.created and d.revision == 1 for d in done.documents)
    assert all(d.links > 10 for d in done.documents)
    assert sum(d.links for d in done.documents) == _count(national, LinkRow)
    row = strategies.strategy_row(national, "local/012025")
    assert (row.family, row.lgcode, row.title, row.rule_set) == (
        "local",
        "012025",
        "北海道函館市",
        "local-3level",
    )
    stored = strategies.revision_model(strategies.revision(national, key="local/011002"))
    assert len(stored.kpis) == 31
    assert len(links.links_of(national, key="local/012041")) == done.documents[-1].links


def test_loading_the_same_folder_again_changes_nothing(
    national: Session, reading: FolderReading
) -> None:
    load_documents(national, documents=reading.accepted, actor="importer")
    audits = _count_audit(national)
    again = load_documents(national, documents=reading.accepted, actor="importer")
    assert not any(d.created for d in again.documents)
    assert all(d.links == 0 for d in again.documents)
    assert _count_audit(national) == audits


def _count_audit(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditRow)) or 0


def test_a_rule_set_for_the_whole_folder(national: Session, reading: FolderReading) -> None:
    load_documents(national, documents=reading.accepted, actor="importer", rule_set="local-ad")
    rule_sets = set(
        national.scalars(select(StrategyRow.rule_set).where(StrategyRow.family == "local"))
    )
    assert rule_sets == {"local-ad"}


def test_without_the_national_strategy_nothing_is_linked(
    session: Session, reading: FolderReading
) -> None:
    done = load_documents(session, documents=reading.accepted, actor="importer")
    assert not done.linked
    assert _count(session, StrategyRow) == len(FILES)
    assert _count(session, LinkRow) == 0


def test_a_refused_document_stops_everything(
    national: Session, reading: FolderReading, tmp_path: Path
) -> None:
    (tmp_path / "011001.md").write_text((GOLDEN / "kaede-town.md").read_text("utf-8"), "utf-8")
    (bad,) = read_folder(tmp_path).refused
    with pytest.raises(StoreError, match=r"011001\.md"):
        load_documents(national, documents=[*reading.accepted, bad], actor="importer")
    assert _count(national, StrategyRow) == 1  # the national strategy only
