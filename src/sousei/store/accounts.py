"""Accounts of the web app: users and roles, API tokens, what an editor may write, settings.

Passwords are hashed with argon2 (argon2-cffi's defaults, which follow RFC 9106); API tokens are
random and only their SHA-256 is kept, so a leaked database gives neither away.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from . import audit
from .clock import now
from .errors import NotFoundError, StoreError
from .tables import ApiTokenRow, KpiReferenceRow, SettingRow, UserKpiRow, UserRow

Role = Literal["admin", "editor", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)
ROLE_LABELS: dict[str, str] = {"admin": "管理者", "editor": "入力担当", "viewer": "閲覧者"}
MIN_PASSWORD = 10

PUBLIC_READ = "public_read"
SESSION_SECRET = "session_secret"

_hasher = PasswordHasher()


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    actor: str,
    display_name: str | None = None,
    organisation: str | None = None,
) -> UserRow:
    if role not in ROLES:
        raise StoreError(f"役割「{role}」はありません（{'、'.join(ROLES)} のいずれか）。")
    if not username.strip():
        raise StoreError("利用者名が空です。")
    if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
        raise StoreError(f"利用者「{username}」は既にあります。")
    _check_password(password)
    row = UserRow(
        username=username,
        display_name=display_name or username,
        role=role,
        organisation=organisation or None,
        password_hash=_hasher.hash(password),
        active=True,
        created_at=now(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        entity="user",
        entity_id=username,
        after={"role": role, "organisation": row.organisation},
    )
    return row


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"パスワードは {MIN_PASSWORD} 文字以上にしてください。")


def authenticate(session: Session, *, username: str, password: str) -> UserRow | None:
    """The active user with this name and password, else None (never says which was wrong)."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None or not row.active:
        _hasher.hash(password)  # the same work either way: no timing hint that a name exists
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return row


def user(session: Session, user_id: int) -> UserRow | None:
    row = session.get(UserRow, user_id)
    return row if row is not None and row.active else None


def by_name(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise NotFoundError(f"利用者「{username}」はありません。")
    return row


def users(session: Session) -> Sequence[UserRow]:
    return session.scalars(select(UserRow).order_by(UserRow.username)).all()


def user_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UserRow)) or 0


def update_user(
    session: Session,
    *,
    username: str,
    actor: str,
    role: str | None = None,
    organisation: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> UserRow:
    row = by_name(session, username)
    before = {"role": row.role, "organisation": row.organisation, "active": row.active}
    if role is not None:
        if role not in ROLES:
            raise StoreError(f"役割「{role}」はありません（{'、'.join(ROLES)} のいずれか）。")
        row.role = role
    if organisation is not None:
        row.organisation = organisation or None
    if active is not None:
        row.active = active
    if password is not None:
        _check_password(password)
        row.password_hash = _hasher.hash(password)
    after = {"role": row.role, "organisation": row.organisation, "active": row.active}
    if password is not None:
        after["password"] = "changed"
    audit.record(
        session,
        actor=actor,
        action="user.update",
        entity="user",
        entity_id=username,
        before=before,
        after=after,
    )
    return row


def assign_kpis(session: Session, *, username: str, kpi_ids: Sequence[str], actor: str) -> None:
    """Replace the KPIs assigned to a user."""
    row = by_name(session, username)
    session.execute(delete(UserKpiRow).where(UserKpiRow.user_id == row.id))
    session.add_all(UserKpiRow(user_id=row.id, kpi_id=kpi_id) for kpi_id in sorted(set(kpi_ids)))
    audit.record(
        session,
        actor=actor,
        action="user.assign",
        entity="user",
        entity_id=username,
        after={"kpis": sorted(set(kpi_ids))},
    )


def assigned_kpis(session: Session, *, user_id: int) -> set[str]:
    return set(session.scalars(select(UserKpiRow.kpi_id).where(UserKpiRow.user_id == user_id)))


def may_write(session: Session, *, account: UserRow, kpi_id: str) -> bool:
    """Admins write everything; editors the KPIs of their organisation or assigned to them."""
    if account.role == "admin":
        return True
    if account.role != "editor":
        return False
    if kpi_id in assigned_kpis(session, user_id=account.id):
        return True
    if account.organisation is None:
        return False
    owner = session.scalar(
        select(KpiReferenceRow.organisation).where(KpiReferenceRow.kpi_id == kpi_id)
    )
    return owner == account.organisation


def writable_kpis(session: Session, *, account: UserRow) -> set[str] | None:
    """The KPIs a user may write, or None for every KPI (admins)."""
    if account.role == "admin":
        return None
    if account.role != "editor":
        return set()
    ids = assigned_kpis(session, user_id=account.id)
    if account.organisation is not None:
        query = select(KpiReferenceRow.kpi_id).where(
            KpiReferenceRow.organisation == account.organisation
        )
        ids |= set(session.scalars(query))
    return ids


def create_token(session: Session, *, username: str, name: str, actor: str) -> str:
    """A new API token for the user; the plain token is returned once and never stored."""
    row = by_name(session, username)
    token = "sst_" + secrets.token_urlsafe(32)
    session.add(ApiTokenRow(user_id=row.id, name=name, token_hash=_digest(token), created_at=now()))
    audit.record(
        session,
        actor=actor,
        action="token.create",
        entity="user",
        entity_id=username,
        after={"name": name},
    )
    return token


def token_user(session: Session, token: str) -> UserRow | None:
    query = select(ApiTokenRow).where(ApiTokenRow.token_hash == _digest(token))
    row = session.scalar(query)
    if row is None or row.revoked_at is not None:
        return None
    return user(session, row.user_id)


def tokens(session: Session, *, username: str) -> Sequence[ApiTokenRow]:
    row = by_name(session, username)
    query = select(ApiTokenRow).where(ApiTokenRow.user_id == row.id).order_by(ApiTokenRow.id)
    return session.scalars(query).all()


def revoke_token(session: Session, *, token_id: int, actor: str) -> None:
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFoundError(f"API トークン {token_id} はありません。")
    row.revoked_at = now()
    audit.record(
        session, actor=actor, action="token.revoke", entity="api_token", entity_id=str(token_id)
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def setting(session: Session, key: str) -> str | None:
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def set_setting(session: Session, *, key: str, value: str, actor: str) -> None:
    row = session.get(SettingRow, key)
    before = None if row is None else row.value
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
    if key != SESSION_SECRET:  # the secret itself never goes into the audit trail
        audit.record(
            session,
            actor=actor,
            action="setting.set",
            entity="setting",
            entity_id=key,
            before=None if before is None else {"value": before},
            after={"value": value},
        )


def public_read(session: Session) -> bool:
    """Whether anonymous visitors may read (on unless an admin switched it off)."""
    return setting(session, PUBLIC_READ) != "off"


def session_secret(session: Session) -> str:
    """The key that signs session cookies: made once and kept, so restarts keep sign-ins."""
    found = setting(session, SESSION_SECRET)
    if found is not None:
        return found
    secret = secrets.token_urlsafe(48)
    set_setting(session, key=SESSION_SECRET, value=secret, actor="system")
    return secret
