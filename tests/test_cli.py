"""The `sousei` command as a user runs it: a real process, real files, real encodings."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sousei.model import Strategy
from sousei.report.tables import KPI_COLUMNS, MEASURE_COLUMNS, PROJECT_COLUMNS


def sousei(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "sousei", *map(str, args)], capture_output=True, timeout=60
    )


def test_tree_is_the_default_view_with_counts() -> None:
    run = sousei("parse")
    out = run.stdout.decode("utf-8")
    assert run.returncode == 0
    assert "施策 115（うち再掲 3）" in out
    assert "KPI 55（インパクト 3・アウトカム 13・アウトプット 39）" in out
    assert "その他の施策 216" in out
    assert "スマート農業技術の活用割合" in out


def test_kpi_csv_has_a_bom_and_the_public_columns(tmp_path: Path) -> None:
    out = tmp_path / "kpis.csv"
    assert sousei("parse", "--table", "kpis", "--format", "csv", "--output", out).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == KPI_COLUMNS
    assert len(rows) == 56
    visitors = next(r for r in rows if r[3] == "訪日外国人旅行者数")
    assert visitors[5:9] == ["60000000", "人", "=", "2030"]


def test_cp932_csv_reports_characters_it_cannot_carry(tmp_path: Path) -> None:
    out = tmp_path / "kpis-sjis.csv"
    run = sousei(
        "parse", "--table", "kpis", "--format", "csv", "--encoding", "cp932", "--output", out
    )
    assert run.returncode == 0
    text = out.read_bytes().decode("cp932")
    assert "〓学連携プロジェクトの創出件数" in text  # line 748 writes the simplified 产
    assert "产" in run.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("table", "columns"), [("measures", MEASURE_COLUMNS), ("projects", PROJECT_COLUMNS)]
)
def test_other_tables_as_csv(table: str, columns: tuple[str, ...]) -> None:
    run = sousei("parse", "--table", table, "--format", "csv")
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"))))
    assert tuple(rows[0]) == columns
    assert len(rows) - 1 == {"measures": 115, "projects": 173}[table]


def test_json_is_the_full_model_and_loads_back_equal(tmp_path: Path, national: Strategy) -> None:
    out = tmp_path / "strategy.json"
    assert sousei("parse", "--format", "json", "--output", out).returncode == 0
    loaded = Strategy.model_validate_json(out.read_text("utf-8"))
    assert loaded == national
    raw = json.loads(out.read_text("utf-8"))
    assert raw["kpis"][0]["target"]["comparator"] == "relative"
    assert isinstance(next(k for k in raw["kpis"] if k["target"]["value"])["target"]["value"], int)


def test_xlsx_workbook_has_every_table(tmp_path: Path) -> None:
    out = tmp_path / "strategy.xlsx"
    assert sousei("parse", "--format", "xlsx", "--output", out).returncode == 0
    book = load_workbook(out)
    assert book.sheetnames == ["kpis", "measures", "projects", "roadmap", "warnings"]
    sheet = book["kpis"]
    assert tuple(c.value for c in sheet[1]) == KPI_COLUMNS
    assert sheet.max_row == 56
    values = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True) if row[5] is not None]
    assert 130000000 in values  # 1.3 億人泊, a number in the sheet


def test_xlsx_needs_an_output_file() -> None:
    run = sousei("parse", "--format", "xlsx")
    assert run.returncode == 1
    assert "--output" in run.stderr.decode("utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空です"),
        (b"\x00\x01\x02\x03" * 1000, "バイナリ"),
        ("ただの文章です。\n".encode(), "構造"),
    ],
    ids=["empty", "binary", "not-a-strategy"],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "input.md"
    path.write_bytes(content)
    run = sousei("parse", path)
    stderr = run.stderr.decode("utf-8")
    assert run.returncode == 2
    assert message in stderr
    assert "Traceback" not in stderr


def test_50mb_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.write(("地方創生" * 1000 + "\n").encode() * 4400)  # ≈ 50 MB of text
    run = sousei("parse", path)
    assert run.returncode == 2
    assert "大きすぎます" in run.stderr.decode("utf-8")


def test_shift_jis_file_parses_like_utf8(tmp_path: Path, national_source_text: str) -> None:
    sjis = tmp_path / "strategy-sjis.md"
    sjis.write_bytes(national_source_text.encode("cp932", errors="replace"))
    run = sousei("parse", sjis, "--table", "measures", "--format", "csv")
    assert run.returncode == 0
    assert len(run.stdout.decode("utf-8-sig").splitlines()) == 116


def test_warnings_table_lists_lines() -> None:
    run = sousei("parse", "--table", "warnings", "--format", "json")
    warnings = json.loads(run.stdout)
    assert {"line": 1124, "code": "area_letter"}.items() <= warnings[
        next(i for i, w in enumerate(warnings) if w["line"] == 1124)
    ].items()


LOCAL = Path(__file__).parent / "golden" / "local" / "kaede-town.md"


@pytest.mark.parametrize("family", [[], ["--family", "local"], ["--family", "auto"]])
def test_a_local_strategy_is_recognised_or_named(family: list[str]) -> None:
    run = sousei("parse", LOCAL, "--table", "kpis", "--format", "csv", *family)
    assert run.returncode == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8-sig"))))
    assert list(rows[0])[-4:] == ["text", "baseline_value", "baseline_unit", "baseline_year_basis"]
    assert len(rows) == 26
    first = rows[0]
    assert (first["level"], first["owner"], first["indicator"]) == (
        "outcome",
        "1",
        "町内事業所の従業者数",
    )
    assert (first["baseline_value"], first["baseline_unit"], first["baseline_year"]) == (
        "2815",
        "人",
        "2016",
    )
    assert first["baseline_year_basis"] == "calendar"
    assert {r["owner"] for r in rows if r["level"] == "output"} >= {"1/1", "4/2"}


def test_the_tree_of_a_local_strategy_lists_goals_and_measures() -> None:
    out = sousei("parse", LOCAL).stdout.decode("utf-8")
    assert "アウトカム 4 / 領域 4 / 施策 8" in out
    assert "KPI 26（インパクト 0・アウトカム 8・アウトプット 18）" in out
    assert "1/1  農業の振興" in out


def test_a_family_that_does_not_fit_exits_2() -> None:
    run = sousei("parse", LOCAL, "--family", "national")
    assert run.returncode == 2
    assert "構造" in run.stderr.decode("utf-8")
    bad = sousei("parse", LOCAL, "--family", "village")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr.decode("utf-8")
