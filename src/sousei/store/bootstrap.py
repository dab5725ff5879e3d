"""The first run: the bundled national strategy, its published figures and reference data."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from sousei.ingest import bundled_source, parse_source

from . import accounts, published, strategies
from .published import PublishedLoad
from .strategies import Loaded

NATIONAL = "national"
FIRST_ADMIN = "admin"


@dataclass(frozen=True)
class Initialised:
    loaded: Loaded
    figures: PublishedLoad
    references: int


def initialise(session: Session, *, actor: str) -> Initialised:
    """Load what `sousei init` loads; running it again changes nothing."""
    loaded = strategies.load_strategy(
        session, strategy=parse_source(bundled_source()), key=NATIONAL, actor=actor
    )
    figures = published.load_published(session, key=NATIONAL, actor=actor)
    references = published.load_references(session, key=NATIONAL, actor=actor)
    return Initialised(loaded, figures, references)


def first_admin(session: Session, *, actor: str) -> str | None:
    """On a database with no accounts, an administrator with a random password (returned once,
    to be shown to whoever ran `sousei init`); None when accounts exist."""
    if accounts.user_count(session) > 0:
        return None
    password = secrets.token_urlsafe(12)
    accounts.create_user(
        session,
        username=FIRST_ADMIN,
        password=password,
        role="admin",
        actor=actor,
        display_name="管理者",
    )
    return password
