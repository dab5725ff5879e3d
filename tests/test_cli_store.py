"""The store commands as a user runs them, on a SQLite file of their own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sousei.store import accounts
from sousei.store.db import engine_for, transaction
from tests.conftest import CliRun, cli_runner

Run = CliRun


@pytest.fixture
def sousei(tmp_path: Path) -> Run:
    return cli_runner(tmp_path, timeout=120)


def test_first_run_shows_the_published_visitor_figures(sousei: Run) -> None:
    assert sousei("init").returncode == 0
    shown = sousei("kpi", "show", "訪日外国人旅行者数")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    for year, value, status in [
        ("2019年", "31882049", "確定値"),
        ("2024年", "36869900", "推計値"),
        ("2025年", "42683600", "推計値"),
    ]:
        row = next(line for line in lines if line.strip("│ ").startswith(year))
        assert value in row
        assert status in row
        assert "日本政府観光局（JNTO）" in row


def test_init_twice_changes_nothing(sousei: Run) -> None:
    assert sousei("init").returncode == 0
    again = sousei("init")
    assert "読み込み済み" in again.stdout
    assert "新規 0 件" in again.stdout


def test_commands_before_init_say_what_to_do(sousei: Run) -> None:
    run = sousei("kpi", "show", "訪日外国人旅行者数")
    assert run.returncode == 1
    assert "sousei init" in run.stderr
    assert "Traceback" not in run.stderr


def test_diff_of_two_loaded_revisions(
    sousei: Run, tmp_path: Path, national_source_text: str
) -> None:
    assert sousei("init").returncode == 0
    revised = tmp_path / "revised.md"
    revised.write_text(
        national_source_text.replace("6,000 万人（2030 年）", "6,500 万人（2030 年）"), "utf-8"
    )
    assert sousei("load", revised, "--label", "2026年改訂").returncode == 0
    run = sousei("diff")
    assert run.returncode == 0, run.stderr
    assert "60000000 → 65000000" in run.stdout
    assert "変更 1 件" in run.stdout or "1 件" in run.stdout


def test_kpi_set_and_audit(sousei: Run) -> None:
    assert sousei("init").returncode == 0
    run = sousei(
        "kpi", "set", "訪日外国人旅行者数", "--organisation", "国土交通省", "--direction", "up"
    )
    assert run.returncode == 0, run.stderr
    assert "国土交通省" in sousei("kpi", "show", "訪日外国人旅行者数").stdout
    trail = sousei("audit", "--action", "kpi")
    assert "kpi.reference" in trail.stdout
    assert "tester" in trail.stdout


def test_ambiguous_kpi_name_lists_the_candidates(sousei: Run) -> None:
    assert sousei("init").returncode == 0
    run = sousei("kpi", "show", "給与支給総額伸び率")
    assert run.returncode == 1
    assert "national/d-2.1" in run.stderr
    assert "national/d-2.2" in run.stderr


def test_first_init_makes_an_admin_whose_password_is_shown_once(
    sousei: Run, tmp_path: Path
) -> None:
    first = sousei("init")
    found = re.search(r"初期パスワード: (\S+)（", first.stdout)
    assert found is not None, first.stdout
    assert "初期パスワード" not in sousei("init").stdout
    engine = engine_for(f"sqlite:///{tmp_path / 'sousei.db'}")
    with transaction(engine) as session:
        admin = accounts.authenticate(session, username="admin", password=found.group(1))
        assert admin is not None
        assert admin.role == "admin"
    engine.dispose()


def test_user_commands_add_list_and_refuse_bad_input(sousei: Run) -> None:
    sousei("init")
    added = sousei(
        "user", "add", "mlit", "--role", "editor", "--organisation", "国土交通省", "--generate"
    )
    assert added.returncode == 0, added.stderr
    assert "パスワード: " in added.stdout
    listed = sousei("user", "list").stdout
    assert re.search(r"mlit\s+入力担当\s+国土交通省", listed), listed
    short = sousei("user", "add", "x", "--password", "short")
    assert short.returncode == 1
    assert "10 文字以上" in short.stderr
    role = sousei("user", "add", "y", "--role", "king", "--password", "long enough pw")
    assert role.returncode == 1
    assert "役割「king」はありません" in role.stderr
    assert sousei("user", "token", "mlit").stdout.startswith("sst_")


# -- a local strategy ---------------------------------------------------------------------------

LOCAL_DOCUMENT = Path(__file__).parent / "golden" / "local" / "kaede-town.md"


def test_a_local_strategy_is_loaded_for_its_government(sousei: Run) -> None:
    run = sousei("load", LOCAL_DOCUMENT, "--lgcode", "０１１００２")
    assert run.returncode == 0, run.stderr
    assert "「local/011002」（北海道札幌市）の改訂版 1" in run.stdout
    assert "評価基準 local-3level" in run.stdout
    assert "対応の候補" not in run.stdout  # no national strategy stored to link to
    revisions = sousei("revisions", "--strategy", "local/011002")
    assert "kaede-town.md" in revisions.stdout
    evaluated = sousei("evaluate", "--strategy", "local/011002", "--year", "2026")
    assert evaluated.returncode == 0, evaluated.stderr
    assert "努力を要する" in evaluated.stdout or "データなし" in evaluated.stdout


def test_a_rule_set_can_be_named(sousei: Run) -> None:
    run = sousei("load", LOCAL_DOCUMENT, "--lgcode", "011002", "--rule-set", "local-ad")
    assert "評価基準 local-ad" in run.stdout
    wrong = sousei("load", LOCAL_DOCUMENT, "--lgcode", "011002", "--rule-set", "national2")
    assert wrong.returncode == 1
    assert "評価基準「national2」はありません" in wrong.stderr


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--lgcode", "011001"), "団体コード 011001 の検査数字が違います（正しくは 011002）"),
        (("--lgcode", "019992"), "登録簿"),
        ((), "地方版総合戦略です。--lgcode で団体コードを指定してください"),
    ],
)
def test_a_local_strategy_needs_a_right_code(
    sousei: Run, arguments: tuple[str, ...], message: str
) -> None:
    run = sousei("load", LOCAL_DOCUMENT, *arguments)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_the_national_strategy_is_no_local_one(sousei: Run) -> None:
    run = sousei("load", "--lgcode", "011002")
    assert run.returncode == 2
    assert "地方版総合戦略ではありません" in run.stderr
