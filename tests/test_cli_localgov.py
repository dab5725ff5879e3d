"""`sousei localgov` as a user runs it: show, check a column of codes, groups."""

from __future__ import annotations

from pathlib import Path

from .test_cli import sousei


def test_show_by_code_and_by_name() -> None:
    run = sousei("localgov", "show", "０１１０１１")
    out = run.stdout.decode("utf-8")
    assert run.returncode == 0
    assert "北海道札幌市中央区（さっぽろしちゅうおうく）" in out
    assert "種別: 行政区（札幌市 011002 の区）" in out
    assert "地域区分: 地方部・東京圏以外" in out
    run = sousei("localgov", "show", "府中市", "--prefecture", "東京都")
    assert "団体コード: 132063" in run.stdout.decode("utf-8")


def test_show_lists_the_candidates_of_a_shared_name() -> None:
    run = sousei("localgov", "show", "府中市")
    assert run.returncode == 1
    assert "342084" in run.stdout.decode("utf-8")
    assert "「府中市」に当たる団体が 2 団体あります" in run.stderr.decode("utf-8")


def test_show_refuses_a_wrong_check_digit() -> None:
    run = sousei("localgov", "show", "011003")
    assert run.returncode == 2
    assert "団体コード 011003 の検査数字が違います（正しくは 011002）" in run.stderr.decode()


def test_check_reports_bad_rows_with_their_line_numbers(tmp_path: Path) -> None:
    table = tmp_path / "codes.csv"
    rows = [
        "名称,団体コード",
        "札幌市,011002",
        "誤り,011003",
        "",
        "全角,０１１００２",
        "無い,999997",
    ]
    table.write_bytes(("\n".join(rows) + "\n").encode("cp932"))
    run = sousei("localgov", "check", table)
    out = run.stdout.decode("utf-8").splitlines()
    assert run.returncode == 2
    assert out[0] == "3 行目: 団体コード 011003 の検査数字が違います（正しくは 011002）。"
    assert out[1].startswith("6 行目: 団体コード 999997 は検査数字は正しいものの、登録簿")
    assert "4 行を検査しました: 誤り 2 行。" in run.stderr.decode("utf-8")
    run = sousei("localgov", "check", table, "--allow-unknown", "--column", "2")
    assert run.returncode == 2
    assert len(run.stdout.decode("utf-8").splitlines()) == 1


def test_check_passes_a_clean_column(tmp_path: Path) -> None:
    table = tmp_path / "codes.txt"
    table.write_text("011002\n131016\n", encoding="utf-8")
    run = sousei("localgov", "check", table)
    assert run.returncode == 0
    assert "2 行を検査しました。すべて正しい団体コードです。" in run.stdout.decode("utf-8")


def test_groups_validates_a_user_file(tmp_path: Path) -> None:
    good = tmp_path / "groups.toml"
    good.write_text('[[group]]\nname = "北陸"\nmembers = ["富山県", "石川県", "福井県"]\n', "utf-8")
    run = sousei("localgov", "groups", good)
    assert run.returncode == 0
    assert "北陸（3 団体）" in run.stdout.decode("utf-8")
    assert "地方部（39 団体）" in run.stdout.decode("utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[group]]\nname = "x"\nmembers = ["府中市"]\n', "utf-8")
    run = sousei("localgov", "groups", bad)
    assert run.returncode == 2
    assert (
        "1 つ目の [[group]]（x）の 1 番目: 「府中市」に当たる団体が 2 団体" in run.stderr.decode()
    )
