"""SQLAlchemy tables of the store. The domain model stays free of the ORM: these rows hold it.

Observations are append-only: a correction is a new row that supersedes an earlier one.
Numbers are exact decimals (`Numeric`), never text.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

FULL_TEXT_NAMES = ("search_fts", "ix_search_entry_trgm")
"""The full-text index is each database's own (SQLite FTS5 tables, a PostgreSQL trigram index),
made by migration 0002 outside the declared tables; autogenerate and the schema check skip it."""


def declared(name: str | None, _kind: str, _parents: object) -> bool:
    """Alembic's include_name hook: everything but the full-text index."""
    return name is None or not name.startswith(FULL_TEXT_NAMES)


VALUE = Numeric(precision=38, scale=10, asdecimal=True)
"""Values in base units: 15兆円 and 0.1% both fit exactly."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class StrategyRow(Base):
    """総合戦略 — a strategy (national, or one local government's) across its revisions."""

    __tablename__ = "strategy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    family: Mapped[str] = mapped_column(String(16))
    lgcode: Mapped[str | None] = mapped_column(String(6), index=True)
    rule_set: Mapped[str] = mapped_column(String(64), default="national", server_default="national")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RevisionRow(Base):
    """改訂版 — one loaded revision of a strategy, with its whole logic model as JSON."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("strategy_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(Text)
    source_sha256: Mapped[str] = mapped_column(String(64))
    model_json: Mapped[str] = mapped_column(Text)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    loaded_by: Mapped[str] = mapped_column(String(128))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KpiRow(Base):
    """KPI — the identity of a KPI across revisions; `id` never changes once given."""

    __tablename__ = "kpi"

    id: Mapped[str] = mapped_column(String(96), primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), index=True)
    first_revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"))


class KpiVersionRow(Base):
    """KPI の版 — a KPI as one revision states it (indicator and target)."""

    __tablename__ = "kpi_version"
    __table_args__ = (UniqueConstraint("revision_id", "kpi_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"), index=True)
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"), index=True)
    doc_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(32))
    label: Mapped[str | None] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(Text, index=False)
    target_text: Mapped[str] = mapped_column(Text)
    target_value: Mapped[Decimal | None] = mapped_column(VALUE)
    target_unit: Mapped[str | None] = mapped_column(String(32))
    comparator: Mapped[str | None] = mapped_column(String(16))
    target_year: Mapped[int | None] = mapped_column(Integer)
    year_basis: Mapped[str | None] = mapped_column(String(16))
    recurring: Mapped[bool] = mapped_column(Boolean)
    cumulative: Mapped[bool] = mapped_column(Boolean)
    period_start: Mapped[int | None] = mapped_column(Integer)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    to_be_set: Mapped[bool] = mapped_column(Boolean)
    source_line: Mapped[int] = mapped_column(Integer)
    baseline_value: Mapped[Decimal | None] = mapped_column(VALUE)
    """The 基準値 the document states (`Target.baseline_value`), in base units; the evaluation
    starts from it when the reference data give none (docs/formulas.md, "Baseline")."""
    baseline_unit: Mapped[str | None] = mapped_column(String(32))


class KpiReferenceRow(Base):
    """KPI の参照情報 — what the document does not say: owner, source, baseline, kind."""

    __tablename__ = "kpi_reference"

    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"), primary_key=True)
    organisation: Mapped[str | None] = mapped_column(Text, index=True)
    department: Mapped[str | None] = mapped_column(Text)
    data_source: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)
    baseline_value: Mapped[Decimal | None] = mapped_column(VALUE)
    baseline_year: Mapped[int | None] = mapped_column(Integer)
    baseline_basis: Mapped[str | None] = mapped_column(String(16))
    baseline_comment: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(String(16))
    temporal_kind: Mapped[str | None] = mapped_column(String(16))
    interim_targets: Mapped[dict[str, str] | None] = mapped_column(JSON)


class ImportBatchRow(Base):
    """取込 — one applied import of actuals: which file, by whom, when."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    applied_by: Mapped[str] = mapped_column(String(128))
    applied_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ObservationRow(Base):
    """実績値 — one reported figure of a KPI for a period; never overwritten."""

    __tablename__ = "observation"
    __table_args__ = (Index("ix_observation_kpi_period", "kpi_id", "period_end", "period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"))
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    period_basis: Mapped[str] = mapped_column(String(16))
    value: Mapped[Decimal] = mapped_column(VALUE)
    unit: Mapped[str] = mapped_column(String(32))
    written: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16))
    publisher: Mapped[str | None] = mapped_column(Text)
    publication: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(128))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("observation.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    review_state: Mapped[str] = mapped_column(String(16))
    review_reason: Mapped[str | None] = mapped_column(Text)


class ReviewEventRow(Base):
    """審査の記録 — a step of an observation's review: submitted, approved or returned."""

    __tablename__ = "review_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observation.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class YearLockRow(Base):
    """年度の確定 — approved figures of a strategy's year, locked against change."""

    __tablename__ = "year_lock"

    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    locked_by: Mapped[str] = mapped_column(String(128))
    locked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditRow(Base):
    """監査記録 — one write: who, when, what, and the record before and after."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(128), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(96), index=True)
    before: Mapped[dict[str, object] | None] = mapped_column(JSON)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)


class SeriesValueRow(Base):
    """関連統計 — a published figure that is not itself a KPI but feeds one (a component, a
    comparison region): 農林水産物・食品の輸出額, 東京圏の労働生産性…"""

    __tablename__ = "series_value"
    __table_args__ = (UniqueConstraint("name", "period_start", "period_end", "period_basis"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    period_start: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[int] = mapped_column(Integer)
    period_basis: Mapped[str] = mapped_column(String(16))
    value: Mapped[Decimal] = mapped_column(VALUE)
    unit: Mapped[str] = mapped_column(String(32))
    status: Mapped[str | None] = mapped_column(String(16))
    publisher: Mapped[str | None] = mapped_column(Text)
    publication: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(32))
    entered_by: Mapped[str] = mapped_column(String(128))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SnapshotRow(Base):
    """評価の確定版 — a year's evaluation frozen with the figures, rule set and formula version it
    used; later corrections never change it."""

    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"))
    year: Mapped[int] = mapped_column(Integer)
    rule_set: Mapped[str] = mapped_column(String(64))
    rule_set_json: Mapped[str] = mapped_column(Text)
    formula_version: Mapped[str] = mapped_column(String(16))
    results_json: Mapped[str] = mapped_column(Text)
    frozen_by: Mapped[str] = mapped_column(String(128))
    frozen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PdcaNoteRow(Base):
    """要因分析・今後の方向性 — the written Check and Act of a KPI or 施策 for a year; like figures,
    append-only and reviewed."""

    __tablename__ = "pdca_note"
    __table_args__ = (
        Index("ix_pdca_note_subject", "strategy_id", "year", "subject", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"))
    year: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(96))
    analysis: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(String(128))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("pdca_note.id"))
    review_state: Mapped[str] = mapped_column(String(16))
    review_reason: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    """利用者 — an account of the web app: its role, organisation and hashed password."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    organisation: Mapped[str | None] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserKpiRow(Base):
    """担当 KPI — a KPI an editor may enter figures for, besides those of their organisation."""

    __tablename__ = "user_kpi"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    kpi_id: Mapped[str] = mapped_column(ForeignKey("kpi.id"), primary_key=True)


class ApiTokenRow(Base):
    """API トークン — a bearer token for writes through the JSON API; only its hash is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SettingRow(Base):
    """設定 — a setting of the installation kept in the database (public read, session key)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SearchEntryRow(Base):
    """検索索引 — one searchable text of a strategy revision: a 施策, 主な事業, KPI or 第6節 item.

    The full-text index over it is database-specific and made by the migration: SQLite FTS5 with
    the trigram tokenizer (`search_fts`), PostgreSQL pg_trgm (GIN on title and body)."""

    __tablename__ = "search_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"))
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(96))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class LinkRow(Base):
    """国の戦略との対応 — a local 基本目標 or KPI related to a national outcome (A–E) or KPI:
    suggested with a similarity score, then confirmed or rejected by a person."""

    __tablename__ = "strategy_link"
    __table_args__ = (
        UniqueConstraint("subject_kind", "subject_id", "target_kind", "target_id"),
        Index("ix_strategy_link_target", "target_kind", "target_id", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    strategy_id: Mapped[int] = mapped_column(ForeignKey("strategy.id"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    """"outcome" (a 基本目標, id `<strategy key>:outcome:<N>`) or "kpi" (a stored KPI id)."""
    subject_id: Mapped[str] = mapped_column(String(128))
    target_kind: Mapped[str] = mapped_column(String(16))
    """"outcome" (a national outcome letter A–E) or "kpi" (a national KPI's stored id)."""
    target_id: Mapped[str] = mapped_column(String(96))
    score: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    """suggested, confirmed or rejected."""
    suggested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
