"""`sousei localgov population`: populations checked whole, then stored as 人口/<団体コード>."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from sousei.store.db import engine_for, transaction
from sousei.store.tables import SeriesValueRow
from tests.conftest import cli_runner

GOOD = '団体コード,年,人口\n011002,2020,"1,973,395"\n202029,2020,241145\n'


def _stored(folder: Path) -> dict[tuple[str, int], Decimal]:
    engine = engine_for(f"sqlite:///{folder / 'sousei.db'}")
    with transaction(engine) as session:
        rows = session.execute(
            select(SeriesValueRow.name, SeriesValueRow.period_end, SeriesValueRow.value)
        ).all()
    engine.dispose()
    return {(name, year): value for name, year, value in rows if name.startswith("人口/")}


def test_a_bad_row_refuses_the_file_and_a_good_file_is_stored_once(tmp_path: Path) -> None:
    sousei = cli_runner(tmp_path)
    assert sousei("init").returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "011003,2020,100\n202029,令和2,5\n", encoding="utf-8")
    refused = sousei("localgov", "population", bad, "--apply")
    assert refused.returncode == 2
    assert "4 行目: 団体コード 011003 の検査数字が違います（正しくは 011002）" in refused.stderr
    assert "5 行目: 年「令和2」" in refused.stderr
    assert _stored(tmp_path) == {}

    good = tmp_path / "人口.csv"
    good.write_bytes(GOOD.encode("cp932"))
    assert "書き込むには --apply" in sousei("localgov", "population", good).stdout
    assert _stored(tmp_path) == {}
    applied = sousei("localgov", "population", good, "--apply")
    assert applied.returncode == 0, applied.stderr
    assert _stored(tmp_path) == {
        ("人口/011002", 2020): Decimal("1973395"),
        ("人口/202029", 2020): Decimal("241145"),
    }
    again = sousei("localgov", "population", good, "--apply")
    assert "2 行のうち 0 行を書き込みました" in again.stdout
