"""`sousei links` as a user runs it: suggest, list, confirm, reject, on a SQLite file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CliRun, cli_runner

Run = CliRun
DOCUMENT = Path(__file__).parent / "golden" / "local" / "kaede-town.md"
KEY = "local/011002"


@pytest.fixture(scope="module")
def sousei(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One database for the module: the national strategy and 楓町's as 札幌市's."""
    folder = tmp_path_factory.mktemp("links")
    run = cli_runner(folder, timeout=120)

    assert run("init").returncode == 0
    loaded = run("load", DOCUMENT, "--lgcode", "011002")
    assert re.search(r"国の総合戦略との対応の候補を [1-9]\d* 件作りました", loaded.stdout)
    return run


def _row(listing: str, subject: str, target: str) -> str:
    """The ID of the listed link between two texts."""
    for line in listing.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃]", line)]
        if subject in cells and target in cells:
            return cells[1]
    raise AssertionError(f"{subject} → {target} not listed")


def test_suggest_list_and_decide(sousei: Run) -> None:
    suggested = sousei("links", "suggest", "--strategy", KEY)  # made by the load already
    assert suggested.returncode == 0, suggested.stderr
    assert "候補を 0 件追加しました" in suggested.stdout
    listing = sousei("links", "list", "--strategy", KEY).stdout
    migrants = _row(listing, "移住者数（町の支援制度を利用した者）", "東京圏から地方への移住者数")
    goal = _row(
        listing, "基本目標3 子どもを産み育てたいという希望をかなえる", "D 地域の暮らしの満足感向上"
    )
    visitors = _row(listing, "観光入込客数", "訪日外国人旅行者数")
    assert sousei("links", "confirm", migrants).returncode == 0
    assert sousei("links", "confirm", goal).returncode == 0
    rejected = sousei("links", "reject", visitors)
    assert "観光入込客数 → 訪日外国人旅行者数）: 却下" in rejected.stdout
    confirmed = sousei("links", "list", "--strategy", KEY, "--state", "confirmed").stdout
    assert "東京圏から地方への移住者数" in confirmed
    assert "地域の暮らしの満足感向上" in confirmed
    assert "訪日外国人旅行者数" not in confirmed
    again = sousei("links", "suggest", "--strategy", KEY)
    assert "候補を 0 件追加しました" in again.stdout
    assert "確認済み 2、却下 1" in again.stdout
    trail = sousei("audit", "--action", "link").stdout
    assert trail.count("link.confirm") == 2
    assert "link.reject" in trail


def test_mistakes_are_named(sousei: Run) -> None:
    unknown = sousei("links", "confirm", "999999")
    assert unknown.returncode == 1
    assert "対応 999999 はありません" in unknown.stderr
    national = sousei("links", "suggest", "--strategy", "national")
    assert national.returncode == 1
    assert "国の総合戦略そのもの" in national.stderr
    state = sousei("links", "list", "--strategy", KEY, "--state", "done")
    assert state.returncode == 2  # not one of the choices
