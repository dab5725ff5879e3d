"""利用者管理 — the rules behind the admin pages, apart from HTTP: checking a new user's fields,
never leaving the installation without an active admin, replacing one strategy's share of an
editor's assigned KPIs, and the audit trail's filters and display."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sousei.store import accounts, audit
from sousei.store.clock import aware
from sousei.store.errors import StoreError
from sousei.store.tables import AuditRow, KpiReferenceRow, UserRow

from .i18n import gettext as _

JST = timezone(timedelta(hours=9))
USERNAME = re.compile(r"[A-Za-z0-9._-]{1,64}")
AUDIT_LIMITS = (50, 200, 1000)
ORGANISATIONS_SHOWN = 200


@dataclass(frozen=True)
class NewUser:
    """利用者の追加 — what the create form sends."""

    username: str
    display_name: str
    role: str
    organisation: str
    password: str

    def problems(self) -> dict[str, str]:
        """Field name → what is wrong with it (empty when the form may be saved)."""
        found: dict[str, str] = {}
        if not USERNAME.fullmatch(self.username):
            found["username"] = _("利用者名は半角英数字と . _ - で、64 文字以内にしてください。")
        if self.role not in accounts.ROLES:
            found["role"] = _("役割を選んでください。")
        if len(self.password) < accounts.MIN_PASSWORD:
            found["password"] = _("パスワードは %(n)s 文字以上にしてください。") % {
                "n": accounts.MIN_PASSWORD
            }
        return found


def create_user(session: Session, *, form: NewUser, actor: str) -> dict[str, str]:
    """Create the user, or say which fields are wrong (nothing is written then)."""
    problems = form.problems()
    if problems:
        return problems
    try:
        accounts.create_user(
            session,
            username=form.username,
            password=form.password,
            role=form.role,
            actor=actor,
            display_name=form.display_name or None,
            organisation=form.organisation or None,
        )
    except StoreError as error:  # the name is taken
        return {"username": str(error)}
    return {}


def keeps_an_admin(session: Session, *, username: str, role: str, active: bool) -> None:
    """Refuse a change that would leave no active admin: nobody could manage users then."""
    if role == "admin" and active:
        return
    others = [
        u
        for u in accounts.users(session)
        if u.role == "admin" and u.active and u.username != username
    ]
    if not others:
        raise StoreError(
            _(
                "有効な管理者がいなくなるため、この変更はできません（先に別の管理者を作成してください）。"
            )
        )


def update_user(
    session: Session, *, username: str, role: str, organisation: str, active: bool, actor: str
) -> UserRow:
    if role not in accounts.ROLES:
        raise StoreError(_("役割を選んでください。"))
    keeps_an_admin(session, username=username, role=role, active=active)
    return accounts.update_user(
        session,
        username=username,
        actor=actor,
        role=role,
        organisation=organisation.strip(),
        active=active,
    )


def assignment_after(
    current: set[str], offered: Iterable[str], checked: Iterable[str]
) -> list[str]:
    """The KPIs assigned once a form that offered `offered` came back with `checked`: those of
    other strategies stay; of the offered ones, exactly the checked. Anything checked that was
    not offered (a forged form) is ignored."""
    shown = set(offered)
    return sorted((current - shown) | (set(checked) & shown))


def organisations(session: Session) -> list[str]:
    """The organisations KPIs name, for the form's suggestions (the first few hundred)."""
    query = (
        select(KpiReferenceRow.organisation)
        .where(KpiReferenceRow.organisation.is_not(None))
        .distinct()
        .order_by(KpiReferenceRow.organisation)
        .limit(ORGANISATIONS_SHOWN)
    )
    return [name for name in session.scalars(query) if name]


@dataclass(frozen=True)
class TokenLine:
    """API トークンの 1 行 — never the token itself: only its hash is kept."""

    id: int
    name: str
    created: str
    revoked: str | None


def token_lines(session: Session, *, username: str) -> list[TokenLine]:
    return [
        TokenLine(
            id=row.id,
            name=row.name,
            created=in_japan(row.created_at),
            revoked=None if row.revoked_at is None else in_japan(row.revoked_at),
        )
        for row in accounts.tokens(session, username=username)
    ]


@dataclass(frozen=True)
class AuditLine:
    """監査記録の 1 行 — as the page shows it."""

    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str


def in_japan(moment: datetime) -> str:
    return aware(moment).astimezone(JST).strftime("%Y-%m-%d %H:%M:%S")


def _compact(value: dict[str, Any] | None) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_lines(
    session: Session,
    *,
    actor: str | None,
    action: str | None,
    entity_id: str | None,
    since: date | None,
    limit: int,
) -> list[AuditLine]:
    """The newest audit rows that match the filters; `since` is a day in Japan time."""
    # the store keeps UTC (SQLite as naive text): compare with the same clock
    start = None if since is None else datetime.combine(since, time.min, JST).astimezone(UTC)
    rows: Sequence[AuditRow] = audit.entries(
        session,
        actor=actor or None,
        action=action or None,
        entity_id=entity_id or None,
        since=start,
        limit=limit if limit in AUDIT_LIMITS else AUDIT_LIMITS[1],
    )
    return [
        AuditLine(
            id=row.id,
            at=in_japan(row.at),
            actor=row.actor,
            action=row.action,
            entity=row.entity,
            entity_id=row.entity_id,
            before=_compact(row.before),
            after=_compact(row.after),
        )
        for row in rows
    ]
