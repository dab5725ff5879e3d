"""`sousei load-local DIR` as a user runs it: check, refuse atomically, load, report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRun, cli_runner

Run = CliRun
GOLDEN = Path(__file__).parent / "golden" / "local"


@pytest.fixture
def sousei(tmp_path: Path) -> Run:
    return cli_runner(tmp_path, timeout=180)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    documents = tmp_path / "documents"
    documents.mkdir()
    for name, source in {
        "010006_北海道.md": "higashiyama-pref.md",
        "011002_札幌市.md": "aobano-city.md",
        "kaede.md": "kaede-town.md",
    }.items():
        text = (GOLDEN / source).read_text("utf-8")
        if name == "kaede.md":
            text = f"<!-- lgcode: 012025 -->\n{text}"
        (documents / name).write_text(text, "utf-8")
    return documents


def _lines(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if name in line)


def test_without_apply_it_only_checks(sousei: Run, folder: Path, tmp_path: Path) -> None:
    run = sousei("load-local", folder)
    assert run.returncode == 0, run.stderr
    row = _lines(run.stdout, "011002_札幌市.md")
    assert "北海道札幌市" in row
    assert "31" in row
    assert "読み込めます" in row
    assert "文書 3 件: 読み込める 3 件（KPI 95、読み取り警告 0）" in run.stdout
    assert "--apply" in run.stdout
    assert not (tmp_path / "sousei.db").exists()


def test_a_bad_file_refuses_the_whole_folder(sousei: Run, folder: Path) -> None:
    assert sousei("init").returncode == 0
    (folder / "012033_旭川市.md").write_text((GOLDEN / "kaede-town.md").read_text("utf-8"))
    run = sousei("load-local", folder, "--apply")
    assert run.returncode == 2
    assert "012033_旭川市.md: ファイル名の「旭川市」は北海道旭川市（012041）で" in run.stderr
    assert "何も書き込みませんでした" in run.stderr
    assert "読み込めません" in _lines(run.stdout, "012033_旭川市.md")
    nothing = sousei("revisions", "--strategy", "local/011002")
    assert nothing.returncode == 1
    assert "読み込まれていません" in nothing.stderr


def test_apply_loads_links_and_reports(sousei: Run, folder: Path) -> None:
    assert sousei("init").returncode == 0
    run = sousei("load-local", folder, "--apply", "--rule-set", "local-sabc")
    assert run.returncode == 0, run.stderr
    assert "改訂版 1 を読込（対応の候補" in _lines(run.stdout, "kaede.md")
    assert "3 件を新しい改訂版として読み込みました" in run.stdout
    listing = sousei("links", "list", "--strategy", "local/012025").stdout
    assert "東京圏から地方への移住者数" in listing
    evaluated = sousei("evaluate", "--strategy", "local/010006", "--year", "2026")
    assert evaluated.returncode == 0, evaluated.stderr
    assert "S・A・B・C・− 評価" in evaluated.stdout  # the folder's rule set
    again = sousei("load-local", folder, "--apply")
    assert "変更なし（改訂版 1）" in _lines(again.stdout, "010006_北海道.md")
    assert "0 件を新しい改訂版として読み込みました（変更なし 3 件" in again.stdout


def test_warnings_are_listed_on_request(sousei: Run, folder: Path) -> None:
    text = (folder / "011002_札幌市.md").read_text("utf-8")
    (folder / "011002_札幌市.md").write_text(text + "\n■■■■\n", "utf-8")
    run = sousei("load-local", folder, "--warnings")
    assert run.returncode == 0, run.stderr
    assert "011002_札幌市.md:" in run.stdout
    assert "読み取り警告 1）" in run.stdout


def test_an_empty_or_missing_folder_is_named(sousei: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = sousei("load-local", empty)
    assert run.returncode == 2
    assert "文書（.md・.txt・.pdf）がありません" in run.stderr
    missing = sousei("load-local", tmp_path / "none")
    assert missing.returncode == 2
    assert "フォルダが見つかりません" in missing.stderr
