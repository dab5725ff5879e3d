"""Browser fixtures: the app served by `sousei serve` in its own process, on a copy of the web
tests' database, driven by Debian's chromium through Playwright.

`axe_violations(page)` runs axe-core (from the axe-playwright-python package) and returns the
violations of WCAG 2.0/2.1/2.2 level A and AA; `screenshot(page, name)` writes a 1280×800 PNG
to build/screenshots/ for reviewers.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

from tests.web.conftest import PASSWORD, prepare_database

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
AA_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}


def _chromium() -> str:
    found = os.environ.get("SOUSEI_CHROMIUM") or shutil.which("chromium")
    if found is None:
        raise RuntimeError(
            "Debian's chromium is needed for the browser tests; `make test` installs it "
            "(scripts/ensure-browser.sh)"
        )
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def e2e_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("e2e-template") / "sousei.db"
    prepare_database(path)
    return path


@pytest.fixture(scope="module")
def live_server(e2e_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, on a fresh copy of the database for each test module."""
    folder = tmp_path_factory.mktemp("e2e")
    database = folder / "sousei.db"
    shutil.copyfile(e2e_template, database)
    port = free_port()
    environment = dict(os.environ, SOUSEI_DATABASE_URL=f"sqlite:///{database}")
    command = [str(Path(sys.executable).parent / "sousei"), "serve", "--port", str(port)]
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, server, folder / "server.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/login", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer in 30 s: {log.read_text()}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as found:
        yield found


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    found = playwright.chromium.launch(executable_path=_chromium(), headless=True)
    yield found
    found.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", accept_downloads=True)
    found = context.new_page()
    found.set_default_timeout(15_000)
    yield found
    context.close()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="サインイン").click()
    page.wait_for_load_state()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of level A and AA on the page as it is now."""
    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if AA_TAGS & set(v["tags"])]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
