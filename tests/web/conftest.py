"""Web fixtures: a database initialised once per session (the national strategy, published
figures, three users), copied for each test, and a TestClient on an app over the copy.

Users (password PASSWORD): admin (管理者), editor (入力担当, 国土交通省), viewer (閲覧者).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sousei.store import accounts, bootstrap
from sousei.store.db import engine_for, transaction, upgrade
from sousei.web import create_app
from sousei.web.evaluations import clear
from sousei.web.settings import Settings

PASSWORD = "correct horse battery"
EDITOR_ORGANISATION = "国土交通省"
USERS = {
    "admin": ("admin", None),
    "editor": ("editor", EDITOR_ORGANISATION),
    "viewer": ("viewer", None),
}


def prepare_database(path: Path) -> None:
    """A SQLite file with the national strategy, the published figures and the three users."""
    engine = engine_for(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(engine) as session:
        bootstrap.initialise(session, actor="test")
        for username, (role, organisation) in USERS.items():
            accounts.create_user(
                session,
                username=username,
                password=PASSWORD,
                role=role,
                organisation=organisation,
                actor="test",
            )
    engine.dispose()


@pytest.fixture(scope="session")
def prepared_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-template") / "sousei.db"
    prepare_database(path)
    return path


@pytest.fixture
def database_url(prepared_database: Path, tmp_path: Path) -> str:
    copy = tmp_path / "sousei.db"
    shutil.copyfile(prepared_database, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    found = engine_for(database_url)
    yield found
    found.dispose()


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    clear()
    app = create_app(Settings(database_url=database_url))
    with TestClient(app) as found:
        yield found
    app.state.engine.dispose()


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    found = _CSRF.search(client.get(path).text)
    assert found is not None, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> None:
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
