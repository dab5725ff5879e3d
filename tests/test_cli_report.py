"""`sousei report` and `sousei db index` as a user runs them, on a SQLite file of their own."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import cli_runner

Run = subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = tmp_path_factory.mktemp("report-cli")
    assert _sousei(found, "init").returncode == 0
    return found


def _sousei(folder: Path, *args: str | Path, **env: str) -> Run:
    return cli_runner(folder, timeout=120)(*args, **env)


def _measures_found(folder: Path, query: str) -> list[str]:
    from sousei.store import search
    from sousei.store.db import engine_for, transaction

    engine = engine_for(f"sqlite:///{folder / 'sousei.db'}")
    with transaction(engine) as session:
        found = search.search(session, query=query, kinds=["measure"])
    engine.dispose()
    return [hit.ref for hit in found.hits]


def test_init_makes_the_national_strategy_searchable(folder: Path) -> None:
    assert "a/1/2" in _measures_found(folder, "スマート農業")


def test_a_pdf_report(folder: Path) -> None:
    output = folder / "報告.pdf"
    run = _sousei(folder, "report", "--year", "2025", "--format", "pdf", "--output", output)
    assert run.returncode == 0, run.stderr
    assert str(output) in run.stdout
    text = "\n".join(p.extract_text() for p in PdfReader(output).pages)
    assert "年次フォローアップ報告" in text
    assert "訪日外国人旅行者数" in text


def test_an_xlsx_report(folder: Path) -> None:
    output = folder / "report.xlsx"
    run = _sousei(folder, "report", "--year", "2025", "--format", "xlsx", "--output", output)
    assert run.returncode == 0, run.stderr
    book = load_workbook(io.BytesIO(output.read_bytes()))
    assert book.sheetnames == ["表紙", "アウトカム別", "KPI"]


def test_an_html_report_is_one_file_and_may_go_to_standard_output(folder: Path) -> None:
    run = _sousei(folder, "report", "--year", "2025")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("<!doctype html>")
    assert "<style>" in run.stdout
    assert '<link rel="stylesheet"' not in run.stdout
    assert "<h1>年次フォローアップ報告 2025年（度）</h1>" in run.stdout
    assert 'href="/reports/2025.pdf"' not in run.stdout  # no links into a site


def test_binary_formats_need_an_output_file(folder: Path) -> None:
    run = _sousei(folder, "report", "--year", "2025", "--format", "pdf")
    assert run.returncode == 1
    assert "--output" in run.stderr


def test_without_a_japanese_font_the_error_says_what_to_do(folder: Path) -> None:
    output = folder / "none.pdf"
    run = _sousei(
        folder,
        *("report", "--year", "2025", "--format", "pdf", "--output", output),
        SOUSEI_PDF_FONT=str(folder / "missing.ttf"),
    )
    assert run.returncode == 1
    assert "fonts-ipaexfont-gothic" in run.stderr
    assert "SOUSEI_PDF_FONT" in run.stderr
    assert "Traceback" not in run.stderr
    assert not output.exists()


def test_an_unknown_strategy_is_an_error(folder: Path) -> None:
    run = _sousei(folder, "report", "--year", "2025", "--strategy", "nowhere", "--output", "x.html")
    assert run.returncode == 1
    assert "nowhere" in run.stderr


def test_db_index_indexes_what_has_no_entries(folder: Path) -> None:
    nothing = _sousei(folder, "db", "index")
    assert nothing.returncode == 0, nothing.stderr
    assert "戦略 0 件" in nothing.stdout  # init indexed the national strategy
    again = _sousei(folder, "db", "index", "--rebuild", "--strategy", "national")
    assert "戦略 1 件" in again.stdout
    assert "a/1/2" in _measures_found(folder, "スマート農業")
