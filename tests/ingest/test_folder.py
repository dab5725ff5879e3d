"""A folder of local strategy documents: codes from names and tags, and every reason a file is
refused, named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sousei.ingest import bundled_source
from sousei.ingest.folder import code_in_name, read_folder

from .printing import make_pdf

GOLDEN = Path(__file__).parents[1] / "golden" / "local"


def _copy(folder: Path, source: str, name: str, *, first_line: str | None = None) -> Path:
    target = folder / name
    text = (GOLDEN / source).read_text("utf-8")
    target.write_text(f"{first_line}\n{text}" if first_line else text, "utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("011002_札幌市.md", "011002"),
        ("011002.pdf", "011002"),
        ("011002-第3期総合戦略.txt", "011002"),
        ("011002 札幌市.md", "011002"),
        ("０１１００２_札幌市.md", "011002"),
        ("01100_札幌市.md", "01100"),  # validated later: five digits are named as such
        ("札幌市.md", None),
        ("2025年度版.md", None),
    ],
)
def test_the_code_at_the_start_of_a_file_name(name: str, code: str | None) -> None:
    assert code_in_name(name) == code


def test_a_folder_of_golden_documents_under_coded_names(tmp_path: Path) -> None:
    _copy(tmp_path, "higashiyama-pref.md", "010006_北海道.md")
    _copy(tmp_path, "aobano-city.md", "011002_札幌市.md")
    _copy(tmp_path, "kaede-town.md", "kaede.md", first_line="<!-- lgcode: ０１２０２５ -->")
    (tmp_path / "README.csv").write_text("not a document", "utf-8")
    (tmp_path / ".hidden.md").write_text("ignored", "utf-8")
    (tmp_path / "old").mkdir()
    reading = read_folder(tmp_path)
    assert reading.refused == []
    assert [(d.path.name, d.code, d.key) for d in reading.documents] == [
        ("010006_北海道.md", "010006", "local/010006"),
        ("011002_札幌市.md", "011002", "local/011002"),
        ("kaede.md", "012025", "local/012025"),
    ]
    names = [d.government.full_name for d in reading.documents if d.government]
    assert names == ["北海道", "北海道札幌市", "北海道函館市"]
    counts = [len(d.strategy.kpis) for d in reading.documents if d.strategy]
    assert counts == [38, 31, 26]
    assert [p.name for p in reading.skipped] == ["README.csv", "old"]


def test_a_tag_line_is_blanked_so_line_numbers_stay_the_file_s(tmp_path: Path) -> None:
    plain = read_folder(_folder_with(tmp_path / "a", "kaede-town.md", "012025.md"))
    tagged = read_folder(
        _folder_with(tmp_path / "b", "kaede-town.md", "kaede.md", "<!-- lgcode: 012025 -->")
    )
    (first,) = plain.documents
    (second,) = tagged.documents
    assert first.strategy is not None
    assert second.strategy is not None
    assert [k.lines.start + 1 for k in first.strategy.kpis] == [
        k.lines.start for k in second.strategy.kpis
    ]


def _folder_with(folder: Path, source: str, name: str, first_line: str | None = None) -> Path:
    folder.mkdir()
    _copy(folder, source, name, first_line=first_line)
    return folder


@pytest.mark.parametrize(
    ("name", "first_line", "problem"),
    [
        ("011001_札幌市.md", None, "団体コード 011001 の検査数字が違います（正しくは 011002）"),
        ("01100_札幌市.md", None, "検査数字のない 5 桁のコードなら 011002"),
        ("019992.md", None, "団体コード 019992 の団体は登録簿"),
        ("札幌市.md", None, "団体コードがありません"),
        ("012033_旭川市.md", None, "「旭川市」は北海道旭川市（012041）で、団体コード 012033"),
        ("011002.md", "<!-- lgcode: 012025 -->", "ファイル名の団体コード 011002 と 1 行目の"),
        ("x.md", "<!-- lgcode: 0110 -->", "団体コード 0110 は 4 桁です"),
    ],
)
def test_a_file_with_a_wrong_or_missing_code_is_refused(
    tmp_path: Path, name: str, first_line: str | None, problem: str
) -> None:
    _copy(tmp_path, "kaede-town.md", name, first_line=first_line)
    (document,) = read_folder(tmp_path).refused
    assert document.problem is not None
    assert problem in document.problem
    assert document.strategy is None


def test_a_name_and_a_tag_that_agree_are_fine(tmp_path: Path) -> None:
    _copy(tmp_path, "kaede-town.md", "011002_札幌市.md", first_line="<!-- lgcode: 011002 -->")
    assert read_folder(tmp_path).refused == []


def test_two_files_of_one_government_are_both_refused(tmp_path: Path) -> None:
    _copy(tmp_path, "kaede-town.md", "011002.md")
    _copy(tmp_path, "aobano-city.md", "011002_札幌市.txt")
    _copy(tmp_path, "higashiyama-pref.md", "010006.md")
    reading = read_folder(tmp_path)
    assert [d.path.name for d in reading.refused] == ["011002.md", "011002_札幌市.txt"]
    assert all("011002.md、011002_札幌市.txt" in (d.problem or "") for d in reading.refused)
    assert [d.path.name for d in reading.accepted] == ["010006.md"]


def test_unreadable_files_and_other_documents_are_refused(tmp_path: Path) -> None:
    (tmp_path / "011002.md").write_text(bundled_source().text, "utf-8")
    (tmp_path / "012025.txt").write_bytes(b"\x00\x01binary" * 100)
    (tmp_path / "012033.md").write_text("", "utf-8")
    (tmp_path / "012041.md").write_text("ただの文章です。\n目標も指標もありません。\n", "utf-8")
    (tmp_path / "010006.pdf").write_text("not a pdf at all", "utf-8")
    problems = {d.path.name: d.problem for d in read_folder(tmp_path).documents}
    assert problems["011002.md"] == "地方版総合戦略ではありません（国の総合戦略の形式です）。"
    assert "バイナリ" in (problems["012025.txt"] or "")
    assert "空です" in (problems["012033.md"] or "")
    assert "読めません" in (problems["012041.md"] or "")
    assert "PDF ではありません" in (problems["010006.pdf"] or "")


def test_a_pdf_is_read_like_a_text(tmp_path: Path) -> None:
    blocks = [  # an empty line between: the reader joins lines set closer
        "第3期風見町まち・ひと・しごと創生総合戦略\n\n"
        "基本目標１　風見町への新しいひとの流れをつくる",
        "■数値目標",
        [["数値目標", "基準値", "目標値"], ["移住者数", "40人（R5年度）", "60人（R11年度）"]],
        "■具体的な施策",
        "① 移住・定住の促進",
        "【重要業績評価指標（KPI）】",
        [["指標", "基準値", "目標値"], ["移住相談件数", "120件（R5年度）", "200件（R11年度）"]],
    ]
    (tmp_path / "012025_函館市.pdf").write_bytes(make_pdf(blocks))
    (document,) = read_folder(tmp_path).documents
    assert document.problem is None
    assert document.strategy is not None
    assert [k.indicator for k in document.strategy.kpis] == ["移住者数", "移住相談件数"]
    assert document.strategy.kpis[0].target.baseline_value == 40


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    from sousei.ingest import InputError

    with pytest.raises(InputError, match="フォルダが見つかりません"):
        read_folder(tmp_path / "none")
    shutil.rmtree(tmp_path)
