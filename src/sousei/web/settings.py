"""The web app's settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass

from sousei.store.db import default_url


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str
    secure_cookies: bool = False
    """Send the session cookie over HTTPS only: on for any server behind TLS
    (SOUSEI_SECURE_COOKIES=1); off by default because the main job serves plain loopback HTTP."""
    session_hours: int = 8

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=default_url(),
            secure_cookies=_flag("SOUSEI_SECURE_COOKIES", False),
            session_hours=int(os.environ.get("SOUSEI_SESSION_HOURS", "8")),
        )
