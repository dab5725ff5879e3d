"""Uploading actuals from the web: check a file, show its diff, keep it until it is applied.

A file is read and planned exactly as `sousei actuals import` does (`read_actuals`, then
`plan_import`), plus one check the command line has no need of: an editor may import only the
KPIs they may write, and every other row is an error naming it.

Between the diff and "apply" the upload is kept server-side as a file in a private folder,
under a random id that only the uploader's session holds; the file also names its user.
Applying *claims* the file by renaming it (atomic: of two clicks on "apply" one wins), reads
it again and re-plans it in the request's transaction. The plan is applied only if it is the
very plan the user saw (same fingerprint); if the figures in force moved meanwhile, the new
diff is shown instead. So what is written is always what was shown, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from sousei.ingest.actuals import RowError, read_actuals
from sousei.model.actuals import Observation, Period, Report
from sousei.store import accounts, kpis, observations, strategies
from sousei.store.kpis import KpiEntry
from sousei.store.observations import ChangeKind, ImportPlan, PlannedChange
from sousei.store.tables import UserRow

from .i18n import gettext as _

MAX_AGE = timedelta(hours=1)
"""An upload not applied within this time is forgotten: the figures in force may have moved."""
LISTED = 200
"""Rows listed per kind of change; the counts always cover the whole file."""


@dataclass(frozen=True)
class CheckedUpload:
    """取込の確認 — a file read and planned against the figures in force, nothing written."""

    file_name: str
    sha256: str
    errors: list[RowError]
    plan: ImportPlan | None
    names: dict[str, str]
    """KPI id → indicator, to name the KPIs of the rows."""

    @property
    def can_apply(self) -> bool:
        return not self.errors and self.plan is not None and bool(self.plan.writes)


def check_upload(
    session: Session, *, data: bytes, name: str, account: UserRow, key: str
) -> CheckedUpload:
    """Read, check rights and plan a file; its errors, or its plan when it has none."""
    digest = hashlib.sha256(data).hexdigest()
    revision = strategies.revision(session, key=key)
    entries = kpis.catalogue(session, key=key)
    names = {e.kpi_id: e.indicator for e in entries}
    reading = read_actuals(
        data,
        name=name,
        kpis=entries,
        first_year=revision.first_year,
        last_year=revision.last_year,
    )
    writable = accounts.writable_kpis(session, account=account)
    errors = sorted(
        [*reading.errors, *_not_writable(reading.reports, writable, entries)],
        key=lambda e: (e.row is not None, e.row or 0),
    )
    if errors:
        return CheckedUpload(name, digest, errors, None, names)
    plan = observations.plan_import(session, reports=reading.reports)
    return CheckedUpload(name, digest, _locked(plan), plan, names)


def _not_writable(
    reports: Sequence[tuple[int, Report]], writable: set[str] | None, entries: list[KpiEntry]
) -> list[RowError]:
    if writable is None:
        return []
    owners = {e.kpi_id: (e.indicator, e.reference.organisation) for e in entries}
    errors: list[RowError] = []
    seen: set[tuple[int, str]] = set()
    for row, report in reports:
        if report.kpi_id in writable or (row, report.kpi_id) in seen:
            continue
        seen.add((row, report.kpi_id))
        indicator, owner = owners.get(report.kpi_id, (report.kpi_id, None))
        reason = _("この KPI（%(name)s）の実績値を取り込む権限がありません（所管: %(owner)s）") % {
            "name": indicator,
            "owner": owner or _("未設定"),
        }
        errors.append(RowError(row, "KPI", report.kpi_id, reason))
    return errors


def _locked(plan: ImportPlan) -> list[RowError]:
    reason = _("確定（ロック）済みの年度のため変更できません")
    return [RowError(c.row, _("年度"), c.report.period.label(), reason) for c in plan.locked]


def fingerprint(plan: ImportPlan) -> str:
    """What a plan would write and replace: equal fingerprints, equal writes."""
    items = [
        (c.kind, c.row, c.report.model_dump(mode="json"), c.current.id if c.current else None)
        for c in plan.changes
    ]
    text = json.dumps(items, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the diff as rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    """One row of the diff: where it is in the file, the KPI and period, old and new figure."""

    row: int | None
    kind: ChangeKind
    kpi_id: str
    indicator: str
    period: Period
    before: Observation | None
    after: Report
    changed: tuple[str, ...]
    """What else differs when the value stays the same: 状態, 出典, 備考."""


def diff_rows(checked: CheckedUpload, kind: ChangeKind, limit: int = LISTED) -> list[DiffRow]:
    if checked.plan is None:
        return []
    found = [c for c in checked.plan.changes if c.kind == kind][:limit]
    return [_diff_row(c, checked.names) for c in found]


def _diff_row(change: PlannedChange, names: dict[str, str]) -> DiffRow:
    old, new = change.current, change.report
    changed: tuple[str, ...] = ()
    if old is not None and change.kind == "supersede":
        changed = tuple(
            label
            for label, before, after in (
                (_("状態"), old.status, new.status),
                (_("出典"), old.source, new.source),
                (_("備考"), old.note, new.note),
            )
            if before != after
        )
    return DiffRow(
        row=change.row,
        kind=change.kind,
        kpi_id=new.kpi_id,
        indicator=names.get(new.kpi_id, new.kpi_id),
        period=new.period,
        before=old,
        after=new,
        changed=changed,
    )


# -- keeping an upload until it is applied ----------------------------------------------------

_ID = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Pending:
    """An upload waiting for "apply": whose it is, the file, and the plan it was shown with."""

    user_id: int
    file_name: str
    fingerprint: str
    created: datetime
    data: bytes


class PendingUploads:
    """Uploads kept in a private folder, one file each, named by a random id."""

    def __init__(self, folder: Path, *, max_age: timedelta = MAX_AGE) -> None:
        self.folder = folder
        self.max_age = max_age

    def keep(
        self,
        *,
        user_id: int,
        file_name: str,
        fingerprint: str,
        data: bytes,
        now: datetime | None = None,
    ) -> str:
        """Store an upload; its id (to keep in the uploader's session)."""
        at = now or datetime.now(UTC)
        self.sweep(now=at)
        upload_id = secrets.token_urlsafe(24)
        head = {
            "user_id": user_id,
            "file_name": file_name,
            "fingerprint": fingerprint,
            "created": at.isoformat(),
        }
        partial = self.folder / f"{upload_id}.partial"
        partial.write_bytes(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + data)
        partial.replace(self._path(upload_id))  # whole or absent, never half written
        return upload_id

    def claim(self, upload_id: str, *, user_id: int, now: datetime | None = None) -> Pending | None:
        """Take an upload out of the store (once: a second claim finds nothing); None when it
        is unknown, someone else's, already claimed or too old."""
        if not _ID.fullmatch(upload_id):
            return None
        path = self._path(upload_id)
        try:
            with path.open("rb") as source:
                head = json.loads(source.readline())
        except (FileNotFoundError, ValueError):
            return None
        if head.get("user_id") != user_id:
            return None
        claimed = self.folder / f"{upload_id}.{secrets.token_hex(8)}.claimed"
        try:
            path.rename(claimed)
        except FileNotFoundError:  # claimed by a concurrent request
            return None
        try:
            _, _, data = claimed.read_bytes().partition(b"\n")
        finally:
            claimed.unlink(missing_ok=True)
        created = datetime.fromisoformat(head["created"])
        if (now or datetime.now(UTC)) - created > self.max_age:
            return None
        return Pending(user_id, head["file_name"], head["fingerprint"], created, data)

    def sweep(self, *, now: datetime | None = None) -> None:
        """Forget uploads older than the maximum age (and leftovers of interrupted writes)."""
        limit = (now or datetime.now(UTC)).timestamp() - self.max_age.total_seconds()
        for path in self.folder.iterdir():
            try:
                if path.stat().st_mtime < limit:
                    path.unlink(missing_ok=True)
            except FileNotFoundError:
                continue

    def _path(self, upload_id: str) -> Path:
        return self.folder / f"{upload_id}.upload"


def upload_folder(database_url: str) -> Path:
    """The folder of pending uploads: SOUSEI_UPLOAD_DIR, else one in the system's temporary
    folder per database, shared by the server's worker processes and private to its user."""
    configured = os.environ.get("SOUSEI_UPLOAD_DIR")
    digest = hashlib.sha256(database_url.encode("utf-8")).hexdigest()[:16]
    folder = (
        Path(configured) if configured else Path(tempfile.gettempdir()) / f"sousei-uploads-{digest}"
    )
    folder.mkdir(mode=0o700, parents=bool(configured), exist_ok=True)
    info = folder.lstat()
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    if folder.is_symlink() or not folder.is_dir() or foreign:
        raise RuntimeError(
            f"取込の一時フォルダ {folder} は使えません（他の利用者のものか、リンクです）。"
        )
    return folder
