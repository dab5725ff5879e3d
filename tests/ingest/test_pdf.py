"""PDF input: PDFs printed here from text (`printing.py`) read back as the parsers' text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from sousei.ingest import InputError, SourceText, bundled_source, parse_file, parse_source
from sousei.ingest.pdf import pdf_text
from sousei.ingest.source import decode, read_source
from sousei.model import Kpi, Strategy
from sousei.report.tables import KPI_COLUMNS, kpi_table
from tests.test_cli import sousei

from .printing import japanese_font, make_pdf

KPI_HEADER = ("指標", "基準値（令和5年度）", "目標値（令和11年度）")
KPI_ROWS = [
    KPI_HEADER,
    ("移住相談件数", "1,234件", "2,000件"),
    ("観光入込客数（延べ）", "56万人", "70万人以上"),
    ("合計特殊出生率", "1.45", "1.60"),
]
PROSE = [
    "第1章 基本的な考え方",
    "本市では、人口減少と少子高齢化が急速に進む中で、地域の産業を支える担い手の確保と、"
    "若者や女性に選ばれるまちづくりを両輪として、移住・定住の促進、結婚・出産・子育ての"
    "希望をかなえる環境の整備、地域資源をいかした観光の振興に取り組んできた。",
    "しかし、転出超過の傾向は続いており、2024年の社会動態は△312人となった。"
    "このため、第3期総合戦略では「しごと」「ひと」「まち」の好循環を確立し、"
    "デジタル技術を徹底的に活用して、地域の魅力を高める施策を重点的に実施する。",
    "・移住相談の窓口を一元化し、オンライン相談を拡充する。",
    "・空き家バンクの登録件数を増やし、お試し住宅を整備する。",
]


def markdown_rows(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
    ]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# -- prose and tables ------------------------------------------------------------------------


def test_prose_comes_out_whole_one_paragraph_a_line() -> None:
    text = pdf_text(make_pdf(PROSE), name="prose.pdf")
    lines = [line for line in text.splitlines() if line]
    assert lines == PROSE  # long paragraphs were wrapped on the page and are joined again
    assert "\ufffd" not in text
    assert "(cid:" not in text
    assert nfkc(text) == nfkc("\n\n".join(PROSE) + "\n")


def test_a_kpi_table_with_borders_becomes_a_markdown_table() -> None:
    text = pdf_text(make_pdf([PROSE[0], KPI_ROWS, PROSE[1]]), name="kpi.pdf")
    assert "| 指標 | 基準値（令和5年度） | 目標値（令和11年度） |\n| --- | --- | --- |\n" in text
    assert markdown_rows(text) == [list(row) for row in KPI_ROWS]
    prose_before, table_and_after = text.split("| 指標", 1)
    assert prose_before.strip() == PROSE[0]
    assert table_and_after.rstrip().endswith(PROSE[1])


def test_a_table_over_two_pages_is_one_table_with_its_header_once() -> None:
    rows = [
        KPI_HEADER,
        *((f"指標その{i}（延べ人数）", f"{i * 100:,}人", f"{i * 150:,}人") for i in range(1, 50)),
    ]
    data = make_pdf(
        [PROSE[1], rows, "以上の指標により、毎年度の進捗を検証する。"],
        running_header="○○市まち・ひと・しごと創生総合戦略",
    )
    text = pdf_text(data, name="long.pdf")
    assert markdown_rows(text) == [list(row) for row in rows]
    assert text.count("| 指標 |") == 1
    # the page break and the running lines around it follow the table that straddles it
    after = text.split("| 指標その49（延べ人数） | 4,900人 | 7,350人 |", 1)[1]
    assert after.strip("\n").split("\n\n") == [
        "- 1 -",
        "---",
        "○○市まち・ひと・しごと創生総合戦略",
        "以上の指標により、毎年度の進捗を検証する。",
        "- 2 -",
    ]
    assert text.startswith("○○市まち・ひと・しごと創生総合戦略\n\n" + PROSE[1] + "\n\n| 指標")


def test_a_paragraph_over_a_page_break_is_joined_and_the_break_follows_it() -> None:
    filler = [f"{i}行目の段落です。" for i in range(1, 32)]  # the page holds 32
    data = make_pdf([*filler, PROSE[1] + PROSE[2]])
    text = pdf_text(data, name="break.pdf")
    paragraphs = text.split("\n\n")
    assert PROSE[1] + PROSE[2] in paragraphs
    assert paragraphs[paragraphs.index(PROSE[1] + PROSE[2]) + 1].strip() == "---"


def test_kangxi_radicals_are_read_as_kanji() -> None:
    text = pdf_text(make_pdf(["労働⽣産性の向上"]), name="radicals.pdf")
    assert text == "労働生産性の向上\n"


# -- the national parser reads a PDF as it reads the text -------------------------------------


def national_excerpt() -> list[str]:
    """第3章第3節 up to インパクト（2）: the impact and outcome KPIs of インパクト（1）."""
    lines = bundled_source().text.splitlines()
    start = lines.index("### 第3節 ロジックモデルの内容")
    end = lines.index("## インパクト（2）豊かな生活環境")
    excerpt = [line for line in lines[start:end] if not line.startswith("<sup>")]
    return [re.sub(r"<sup>\d+</sup>", "", line) for line in excerpt]


def as_printed(line: str) -> str:
    """What a line of the markdown shows on paper: no #, no **, no list dash."""
    return re.sub(r"^#+\s*|\*\*|^-\s+", "", line).strip()


def kpi_fields(kpi: Kpi) -> tuple[object, ...]:
    return (
        kpi.level,
        kpi.owner,
        kpi.label,
        kpi.heading,
        kpi.indicator,
        kpi.target,
        kpi.text,
        kpi.notes,
    )


def test_a_national_excerpt_as_pdf_gives_the_kpis_of_its_text() -> None:
    excerpt = national_excerpt()
    from_text = parse_source(SourceText("excerpt.md", "\n".join(excerpt), "utf-8"))
    printed = [as_printed(line) for line in excerpt if line.strip()]
    pdf = decode(make_pdf(printed, running_header="地方創生に関する総合戦略"), name="excerpt.pdf")
    from_pdf = parse_source(pdf)
    assert len(from_text.kpis) == 7
    assert [kpi_fields(k) for k in from_pdf.kpis] == [kpi_fields(k) for k in from_text.kpis]
    assert [o.title for o in from_pdf.outcomes] == [o.title for o in from_text.outcomes]


# -- how a PDF is recognised, and bad PDFs ----------------------------------------------------


def test_a_pdf_is_known_by_its_magic_bytes_not_its_name(tmp_path: Path) -> None:
    disguised = tmp_path / "strategy.txt"
    disguised.write_bytes(make_pdf(PROSE))
    source = read_source(disguised)
    assert source.encoding == "pdf"
    assert source.text.startswith(PROSE[0])
    fake = tmp_path / "fake.pdf"
    fake.write_text("第1章 はじめに\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"拡張子は \.pdf ですが、PDF ではありません"):
        read_source(fake)


def image_only_pdf() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(Image.new("RGB", (400, 300), "white"), x=20, y=20, w=170)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("truncated", "PDF が途中で切れています"),
        ("password", "PDF にパスワードがかかっていて開けません"),
        ("scanned", "画像（スキャン）だけの PDF のようです。OCR で文字を読み取った"),
        ("broken", "PDF が壊れていて読めません"),
    ],
)
def test_bad_pdfs_say_what_is_wrong(kind: str, message: str) -> None:
    if kind == "truncated":
        data = make_pdf(PROSE)
        data = data[: len(data) // 2]
    elif kind == "password":
        data = make_pdf(PROSE, owner_password="owner", user_password="secret")
    elif kind == "scanned":
        data = image_only_pdf()
    else:
        data = b"%PDF-1.7\n" + b"\x00garbage\n" * 50 + b"%%EOF\n"
    with pytest.raises(InputError, match=message):
        decode(data, name=f"{kind}.pdf")


def test_a_pdf_locked_only_against_editing_is_read() -> None:
    data = make_pdf(PROSE, owner_password="owner")  # no password to open, as ministries publish
    assert pdf_text(data, name="locked.pdf").startswith(PROSE[0])


def test_parse_file_reads_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "excerpt.pdf"
    path.write_bytes(make_pdf([as_printed(line) for line in national_excerpt() if line.strip()]))
    assert len(parse_file(path).kpis) == 7


def test_sousei_parse_reads_a_pdf_and_refuses_a_scan(tmp_path: Path) -> None:
    good = tmp_path / "excerpt.pdf"
    good.write_bytes(make_pdf([as_printed(line) for line in national_excerpt() if line.strip()]))
    saved = tmp_path / "excerpt.md"
    run = sousei("parse", good, "--table", "kpis", "--format", "csv", "--save-text", saved)
    assert run.returncode == 0, run.stderr.decode()
    assert len(run.stdout.decode("utf-8-sig").splitlines()) == 1 + 7
    assert saved.read_text("utf-8").startswith("第3節 ロジックモデルの内容\n\n")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf())
    run = sousei("parse", scan)
    assert run.returncode == 2
    assert "OCR" in run.stderr.decode("utf-8")


def test_footnote_numbers_and_subscripts_are_marked_as_the_corpus_marks_them() -> None:
    pdf = FPDF(format="A4")
    pdf.add_font("ja", fname=japanese_font())
    pdf.set_font("ja", size=10.5)
    pdf.add_page()
    for written, position in [
        ("地方部から都市圏への転入超過", "LINE"),
        ("6", "SUP"),
        ("を背景に、CO", "LINE"),
        ("2", "SUB"),
        ("排出量を削減する。", "LINE"),
    ]:
        pdf.char_vpos = position
        pdf.write(6, written)
    text = pdf_text(bytes(pdf.output()), name="scripts.pdf")
    assert (
        text
        == "地方部から都市圏への転入超過<sup>6</sup>を背景に、CO<sub>2</sub>排出量を削減する。\n"
    )


# -- a local strategy as PDF -------------------------------------------------------------------

LOCAL = Path(__file__).parents[1] / "golden" / "local"


def _local_blocks(text: str) -> list[str | list[list[str]]]:
    """A local strategy's markdown as a PDF prints it: headings and lines as text, page
    numbers and `---` dropped (a page is a page), markdown tables as ruled tables."""
    blocks: list[str | list[list[str]]] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            if not re.match(r"^\|\s*-", line):
                table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table:
            blocks.append(table)
            table = []
        plain = line.lstrip("#").strip()
        if plain and not re.fullmatch(r"-+|- \d+ -", plain):
            blocks.append(plain)
    if table:
        blocks.append(table)
    return blocks


def _kpi_rows(strategy: Strategy) -> list[tuple[object, ...]]:
    """The public KPI table without the columns that name a line of the input."""
    table = kpi_table(strategy)
    keep = [i for i, name in enumerate(KPI_COLUMNS) if name not in ("source_line", "text")]
    return [tuple(row[i] for i in keep) for row in table.rows]


def test_a_local_strategy_as_pdf_gives_the_kpi_table_of_its_text() -> None:
    text = (LOCAL / "higashiyama-pref.md").read_text(encoding="utf-8")
    from_text = parse_source(SourceText("higashiyama-pref.md", text, "utf-8"))
    pdf = decode(make_pdf(_local_blocks(text)), name="higashiyama-pref.pdf")
    from_pdf = parse_source(pdf)
    assert len(from_text.kpis) >= 30
    assert _kpi_rows(from_pdf) == _kpi_rows(from_text)
