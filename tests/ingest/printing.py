"""PDFs printed here from text, for the PDF reader's tests and benchmark.

fpdf2 sets the text in the Japanese TrueType font that fontconfig gives (IPAexGothic where
Debian's fonts-ipaexfont-gothic is installed, as `make test` does), breaking lines anywhere as
Japanese is set, with running headers and page numbers where asked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache

import pytest
from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

Rows = Sequence[Sequence[str]]
Block = str | Rows  # a paragraph, or a bordered table (its first row the header)


@cache
def japanese_font() -> str:
    """The font fontconfig gives for Japanese, if it is one that covers Japanese."""
    if shutil.which("fc-match") is None:
        pytest.fail("fontconfig（fc-match）がありません。")

    def fc(*args: str) -> str:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout

    found = fc("fc-match", "-f", "%{file}", ":lang=ja")
    if not found or found not in fc("fc-list", ":lang=ja", "file"):
        pytest.fail(
            "日本語の TrueType フォントがありません（fonts-ipaexfont-gothic を入れてください）"
        )
    return found


class _Document(FPDF):
    running_header: str | None = None
    page_numbers: bool = False

    def header(self) -> None:
        if self.running_header:
            self.set_font("ja", size=8)
            self.cell(0, 5, self.running_header, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)
            self.set_font("ja", size=10.5)

    def footer(self) -> None:
        if self.running_header or self.page_numbers:
            self.set_y(-15)
            self.set_font("ja", size=8)
            self.cell(0, 5, f"- {self.page_no()} -", align="C")
            self.set_font("ja", size=10.5)


def make_pdf(
    blocks: Sequence[Block],
    *,
    running_header: str | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    pdf = _Document(format="A4")
    pdf.running_header = running_header
    pdf.add_font("ja", fname=japanese_font())
    pdf.set_font("ja", size=10.5)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    if owner_password:
        pdf.set_encryption(owner_password=owner_password, user_password=user_password)
    pdf.add_page()
    for block in blocks:
        if isinstance(block, str):
            pdf.multi_cell(0, 6, block, new_x="LMARGIN", new_y="NEXT", wrapmode=WrapMode.CHAR)
            pdf.ln(2)
            continue
        pdf.ln(2)
        with pdf.table(headings_style=FontFace(emphasis=None), line_height=7) as table:
            for row in block:
                cells = table.row()
                for cell in row:
                    cells.cell(cell)
        pdf.ln(4)
    return bytes(pdf.output())


_SCRIPT = re.compile(r"(<sup>[^<]*</sup>|<sub>[^<]*</sub>)")


def print_markdown(text: str, *, page_numbers: bool = True) -> bytes:
    """The bundled strategy's markdown as its PDF would show it.

    Headings without #, bullets as ・ (indented two spaces an em), paragraphs set in by a
    full-width space, footnote numbers raised, tab-separated 工程表 rows as ruled tables, a
    page at each `---`, lines the conversion broke (two trailing spaces) as one.
    """
    pdf = _Document(format="A4")
    pdf.running_header = None
    pdf.page_numbers = page_numbers
    pdf.add_font("ja", fname=japanese_font())
    pdf.set_font("ja", size=10.5)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if "\t" in line:
            rows = [line]
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i])
                i += 1
            _print_table(pdf, [[_plain(c) for c in row.split("\t")] for row in rows])
            continue
        if not line.strip():
            continue
        if re.match(r"^\s*-{3,}\s*$", line):
            pdf.add_page()
            continue
        while line.endswith("  ") and i < len(lines) and lines[i].strip() and "\t" not in lines[i]:
            line = line.rstrip() + lines[i].strip()
            i += 1
        _print_line(pdf, line)
    return bytes(pdf.output())


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>|\*\*", "", text).strip().replace("产", "産")  # the font lacks 产


def _print_table(pdf: FPDF, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    pdf.ln(2)
    with pdf.table(headings_style=FontFace(emphasis=None), line_height=5) as table:
        for row in rows:
            cells = table.row()
            for cell in [*row, *[""] * (width - len(row))]:
                cells.cell(cell)
    pdf.ln(2)


def _print_line(pdf: FPDF, line: str) -> None:
    indent = len(line) - len(line.lstrip(" "))
    bullet = re.match(r"^\s*-\s+", line)
    text = re.sub(r"^\s*#+\s*|\*\*|</?b>|^\s*-\s+", "", line).strip()
    if not text:
        return
    if bullet and not text.startswith("・"):
        text = "・" + text
    elif not bullet and not line.startswith(("#", "<sup>")) and len(text) > 45:
        text = "\u3000" + text  # a paragraph, set in
    text = text.replace("产", "産")  # a simplified kanji the font lacks
    if indent:
        pdf.set_x(pdf.l_margin + 3.7 * (indent // 2))
    for part in _SCRIPT.split(text):
        if not part:
            continue
        position = (
            "SUP" if part.startswith("<sup>") else "SUB" if part.startswith("<sub>") else "LINE"
        )
        pdf.char_vpos = position
        pdf.write(6, _plain(part) if position != "LINE" else part, wrapmode=WrapMode.CHAR)
    pdf.char_vpos = "LINE"
    pdf.ln(8)
