"""Three local strategies of `tests/golden/local/` stored under real 団体コード, with confirmed
links to the national KPI 東京圏から地方への移住者数 (and to outcome E), approved figures and one
population: the data of the comparison tests (web, API and browser).

| government | strategy | rule set | KPI linked (unit) | 2023 → 2025 | status 2025 |
|---|---|---|---|---|---|
| 松本市 (長野県, 市) | aobano-city | local-3level | 転入者数 (人) | 3812 → 3700 | おおむね順調 ✗ |
| | | | 移住相談件数 (件) | 214 → 260 | 順調 ✓ (unit apart) |
| 軽井沢町 (長野県, 町) | kaede-town | local-ad | 基本目標2: 社会増減数 (人) | -58 → -40 | A ✓ |
| | | | 基本目標2: 20～39歳の転出超過数 (人) | 72 → 70 | D ✗ |
| | | | 移住者数（町の支援制度を利用した者） (人) | — | データなし |
| 埼玉県 (東京圏) | higashiyama-pref | national | 県外からの移住者数 (人) | 2415 → 2700 | 順調 ✓ |

By hand (see each test): 長野県 2 of 4 graded KPIs achieved or on track (50 %), 埼玉県 1 of 1
(100 %), all 3 of 5 (60 %).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from sousei.ingest import parse_file
from sousei.model.actuals import Period, Report, Source
from sousei.store import kpis, observations, strategies
from sousei.store.db import engine_for, transaction
from sousei.store.tables import LinkRow, SeriesValueRow
from sousei.web import compare as comparison
from sousei.web import create_app, evaluations
from sousei.web.settings import Settings

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "local"
NATIONAL_KPI = "national/r-1"
MATSUMOTO, KARUIZAWA, SAITAMA = "202029", "203211", "110001"
POPULATION_MATSUMOTO = 237000


@dataclass(frozen=True)
class Local:
    document: str
    code: str
    rule_set: str

    @property
    def key(self) -> str:
        return f"local/{self.code}"


LOCALS = (
    Local("aobano-city", MATSUMOTO, "local-3level"),
    Local("kaede-town", KARUIZAWA, "local-ad"),
    Local("higashiyama-pref", SAITAMA, "national"),
)


def kpi_id(session: Session, code: str, indicator: str) -> str:
    entries = kpis.catalogue(session, key=f"local/{code}")
    return kpis.find(entries, indicator).kpi_id


def _load(session: Session) -> None:
    for local in LOCALS:
        strategy = parse_file(GOLDEN / f"{local.document}.md")
        strategies.load_strategy(
            session,
            strategy=strategy,
            key=local.key,
            actor="test",
            family="local",
            lgcode=local.code,
        )
        row = strategies.strategy_row(session, local.key)
        row.family, row.lgcode, row.rule_set = "local", local.code, local.rule_set
    session.flush()


def link(
    session: Session,
    code: str,
    subject_kind: str,
    subject_id: str,
    *,
    target_kind: str = "kpi",
    target_id: str = NATIONAL_KPI,
    state: str = "confirmed",
) -> None:
    now = datetime.now(UTC)
    session.add(
        LinkRow(
            strategy_id=strategies.strategy_row(session, f"local/{code}").id,
            subject_kind=subject_kind,
            subject_id=subject_id,
            target_kind=target_kind,
            target_id=target_id,
            score=0.8,
            method="test",
            state=state,
            suggested_at=now,
            decided_by=None if state == "suggested" else "test",
            decided_at=None if state == "suggested" else now,
        )
    )


def _figure(session: Session, kpi: str, year: int, value: int, unit: str, basis: str) -> None:
    report = Report(
        kpi_id=kpi,
        period=Period(start=year, end=year, basis=basis),  # type: ignore[arg-type]
        value=Decimal(value),
        unit=unit,
        source=Source(publisher="テスト"),
    )
    observations.record(session, report=report, actor="test", state="approved")


def seed(session: Session) -> None:
    """The strategies, links, figures and population of the table above."""
    _load(session)
    moving_in = kpi_id(session, MATSUMOTO, "転入者数")
    consulting = kpi_id(session, MATSUMOTO, "移住相談件数")
    movers = kpi_id(session, KARUIZAWA, "移住者数（町の支援制度を利用した者）")
    social = kpi_id(session, KARUIZAWA, "社会増減数")
    young = kpi_id(session, KARUIZAWA, "20～39歳の転出超過数")
    from_outside = kpi_id(session, SAITAMA, "県外からの移住者数")
    visitors = kpi_id(session, SAITAMA, "観光入込客数（延べ）")
    link(session, MATSUMOTO, "kpi", moving_in)
    link(session, MATSUMOTO, "kpi", consulting)
    link(session, KARUIZAWA, "outcome", f"local/{KARUIZAWA}:outcome:2")
    link(session, KARUIZAWA, "kpi", movers)
    link(session, SAITAMA, "kpi", from_outside)
    # neither a suggestion nor a rejected link is compared
    link(session, SAITAMA, "kpi", visitors, state="suggested")
    link(session, MATSUMOTO, "kpi", kpi_id(session, MATSUMOTO, "観光入込客数"), state="rejected")
    for kpi, unit, basis, before, after in (
        (moving_in, "人", "calendar", 3812, 3700),
        (consulting, "件", "fiscal", 214, 260),
        (social, "人", "calendar", -58, -40),
        (young, "人", "calendar", 72, 70),
        (from_outside, "人", "fiscal", 2415, 2700),
    ):
        _figure(session, kpi, 2023, before, unit, basis)
        _figure(session, kpi, 2025, after, unit, basis)
    session.add(
        SeriesValueRow(
            name=f"人口/{MATSUMOTO}",
            period_start=2020,
            period_end=2020,
            period_basis="calendar",
            value=Decimal(POPULATION_MATSUMOTO),
            unit="人",
            publisher="テスト",
            entered_by="test",
            entered_at=datetime.now(UTC),
        )
    )
    session.flush()


def seed_database(engine: Engine) -> None:
    with transaction(engine) as session:
        seed(session)


# -- what the comparison tests' fixtures are made of ---------------------------------------------

_templates: dict[Path, Path] = {}


def database_copy(prepared: Path, factory: pytest.TempPathFactory, folder: Path) -> str:
    """A fresh copy of the web tests' database with the comparison data (seeded once)."""
    template = _templates.get(prepared)
    if template is None:
        template = factory.mktemp("compare-template") / "sousei.db"
        shutil.copyfile(prepared, template)
        engine = engine_for(f"sqlite:///{template}")
        seed_database(engine)
        engine.dispose()
        _templates[prepared] = template
    copy = folder / "sousei.db"
    shutil.copyfile(template, copy)
    return f"sqlite:///{copy}"


def client_for(url: str) -> Iterator[TestClient]:
    evaluations.clear()
    comparison.clear()
    app = create_app(Settings(database_url=url))
    with TestClient(app) as found:
        yield found
    app.state.engine.dispose()
