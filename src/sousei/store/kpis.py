"""KPIs as the store knows them: the current version of each, and its reference data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.model.actuals import KpiReference

from . import audit
from .errors import NotFoundError, StoreError
from .strategies import revision
from .tables import KpiReferenceRow, KpiVersionRow, RevisionRow


@dataclass(frozen=True)
class KpiEntry:
    """A KPI of the newest revision, with what users set about it."""

    kpi_id: str
    version: KpiVersionRow
    reference: KpiReference
    first_year: int | None
    last_year: int | None

    @property
    def indicator(self) -> str:
        return self.version.indicator


def catalogue(session: Session, *, key: str, organisation: str | None = None) -> list[KpiEntry]:
    """The KPIs of a strategy's newest revision, in document order."""
    newest = revision(session, key=key)
    query = (
        select(KpiVersionRow, KpiReferenceRow)
        .outerjoin(KpiReferenceRow, KpiReferenceRow.kpi_id == KpiVersionRow.kpi_id)
        .where(KpiVersionRow.revision_id == newest.id)
        .order_by(KpiVersionRow.id)
    )
    entries = [
        KpiEntry(version.kpi_id, version, reference_of(ref), newest.first_year, newest.last_year)
        for version, ref in session.execute(query)
    ]
    if organisation:
        entries = [e for e in entries if e.reference.organisation == organisation]
    return entries


def entry(session: Session, *, key: str, kpi_id: str) -> KpiEntry:
    for found in catalogue(session, key=key):
        if found.kpi_id == kpi_id:
            return found
    raise NotFoundError(f"KPI「{kpi_id}」はありません。")


def find(entries: Sequence[KpiEntry], name: str) -> KpiEntry:
    """A KPI by id, or by indicator name when that is unique (exact, else a unique substring)."""
    for candidate in entries:
        if candidate.kpi_id == name:
            return candidate
    exact = [e for e in entries if e.indicator == name]
    matches = exact or [e for e in entries if name in e.indicator]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"KPI「{name}」が見つかりません。")
    listed = "、".join(f"{m.kpi_id}（{m.indicator}）" for m in matches[:10])
    raise StoreError(f"KPI「{name}」は複数あります。ID で指定してください: {listed}")


def reference_of(row: KpiReferenceRow | None) -> KpiReference:
    """The domain value of a reference row (empty when the KPI has none)."""
    if row is None:
        return KpiReference()
    targets = {int(year): Decimal(value) for year, value in (row.interim_targets or {}).items()}
    return KpiReference(
        organisation=row.organisation,
        department=row.department,
        data_source=row.data_source,
        method=row.method,
        baseline_value=row.baseline_value,
        baseline_year=row.baseline_year,
        baseline_basis=row.baseline_basis,  # type: ignore[arg-type]
        baseline_comment=row.baseline_comment,
        direction=row.direction,  # type: ignore[arg-type]
        temporal_kind=row.temporal_kind,  # type: ignore[arg-type]
        interim_targets=targets,
    )


def set_reference(
    session: Session, *, kpi_id: str, changes: dict[str, Any], actor: str
) -> KpiReference:
    """Change reference fields of a KPI; validated by the domain type, audited."""
    row = session.get(KpiReferenceRow, kpi_id)
    before = reference_of(row)
    try:
        after = KpiReference.model_validate({**before.model_dump(), **changes})
    except ValueError as error:
        raise StoreError(f"KPI「{kpi_id}」の参照情報が不正です: {error}") from None
    if row is None:
        row = KpiReferenceRow(kpi_id=kpi_id)
        session.add(row)
    for name in KpiReference.model_fields:
        value = getattr(after, name)
        if name == "interim_targets":
            value = {str(year): str(target) for year, target in value.items()} or None
        setattr(row, name, value)
    audit.record(
        session,
        actor=actor,
        action="kpi.reference",
        entity="kpi",
        entity_id=kpi_id,
        before=before.model_dump(mode="json", exclude_defaults=True),
        after=after.model_dump(mode="json", exclude_defaults=True),
    )
    return after


def revision_of(session: Session, *, revision_id: int) -> RevisionRow:
    found = session.get(RevisionRow, revision_id)
    if found is None:
        raise NotFoundError(f"改訂版 {revision_id} はありません。")
    return found
