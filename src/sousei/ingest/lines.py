"""Lines of a converted document, cleaned of markup, and the patterns that classify them.

The conversion from PDF left markdown that does not follow the document's structure
(heading levels, bold, list markers), so structure is read from the words, never from `#`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

_HEADING = re.compile(r"^\s*#+\s*")
_BOLD = re.compile(r"\*\*|</?b>")
_FOOTNOTE_REF = re.compile(r"<sup>[^<]*</sup>")  # footnote numbers and stray ruby (裨 → ひ)
_SUBSCRIPT = re.compile(r"<sub>([^<]*)</sub>")  # CO<sub>2</sub> → CO2
_BULLET = re.compile(r"^(\s*)(?:-\s+・?|・)\s*")
_FOOTNOTE_LINE = re.compile(r"^\s*<sup>(\d+)</sup>\s*(.*)$")
_PAGE_BREAK = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")
_DASH = "-－−–—‐"
_PAGE_NUMBER = re.compile(
    rf"^\s*(?:[{_DASH}]\s*)?[0-9０-９]{{1,4}}(?:\s*[{_DASH}])?\s*$"  # 12, - 12 -, －12－
    r"|^\s*[0-9０-９]{1,4}\s*[/／]\s*[0-9０-９]{1,4}\s*$"  # 12 / 90
)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the document: its number, raw text and cleaned text."""

    number: int
    raw: str
    text: str
    bullet: bool
    indent: int
    hard_break: bool
    footnote: str | None
    running: bool = False  # a running header or footer of a converted PDF

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def page_break(self) -> bool:
        """A mark of a page's end: a break (`---`), a page number, a running header or footer."""
        return self.running or bool(_PAGE_BREAK.match(self.raw) or _PAGE_NUMBER.match(self.raw))


def clean(text: str) -> str:
    """Strip inline markup: bold, footnote markers, subscripts."""
    if "<" not in text and "*" not in text:
        return text  # most lines carry no markup; skip the three passes
    text = _BOLD.sub("", text)
    text = _FOOTNOTE_REF.sub("", text)
    return _SUBSCRIPT.sub(r"\1", text)


def split_lines(text: str) -> list[Line]:
    """Split a document into cleaned lines, numbered from 1; running headers marked."""
    return _mark_running(
        [_line(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]
    )


def _mark_running(lines: list[Line]) -> list[Line]:
    """Mark the running headers and footers that a PDF conversion left around page breaks.

    A header is the line after a page break, a footer the line before one (blank lines and
    page numbers aside); the document's first line may be a header and its last a footer. A
    text (its digits aside) that stands in such a place at two or more page ends, and at
    half of them at least, is running.
    """
    breaks = [i for i, line in enumerate(lines) if _PAGE_BREAK.match(line.raw)]
    if not breaks:
        return lines
    running: set[int] = set()
    for step, ends in ((1, [-1, *breaks]), (-1, [*breaks, len(lines)])):
        places = [i for end in ends if (i := _nearest(lines, end, step)) is not None]
        keys = Counter(_running_key(lines[i]) for i in places)
        running.update(
            i for i in places if (n := keys[_running_key(lines[i])]) >= 2 and 2 * n >= len(ends)
        )
    return [replace(line, running=True) if i in running else line for i, line in enumerate(lines)]


def _nearest(lines: list[Line], start: int, step: int) -> int | None:
    i = start + step
    while 0 <= i < len(lines) and (lines[i].blank or _PAGE_NUMBER.match(lines[i].raw)):
        i += step
    if 0 <= i < len(lines) and not _PAGE_BREAK.match(lines[i].raw) and lines[i].footnote is None:
        return i
    return None


def _running_key(line: Line) -> str:
    return re.sub(r"[0-9０-９]+", "#", fold(line.text))


def _line(number: int, raw: str) -> Line:
    footnote = _FOOTNOTE_LINE.match(raw)
    body = _HEADING.sub("", raw)
    bullet = _BULLET.match(body)
    indent = len(bullet.group(1)) if bullet else 0
    if bullet:
        body = body[bullet.end() :]
    return Line(
        number=number,
        raw=raw,
        text=clean(body).strip(),
        bullet=bool(bullet),
        indent=indent,
        hard_break=raw.endswith("  ") and bool(raw.strip()),
        footnote=footnote.group(1) if footnote else None,
    )


_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_CELL_BAR = re.compile(r"(?<!\\)\|")


def table_cells(raw: str) -> list[str]:
    """The cells of a table row: tab-separated, as the conversion left tables, or markdown
    (`| a | b |`), as PDFs are read; the `| --- |` rule under a markdown header has none."""
    if _TABLE_RULE.match(raw):
        return []
    if row := _TABLE_ROW.match(raw):
        return [cell.replace("\\|", "|") for cell in _CELL_BAR.split(row.group(1))]
    return raw.split("\t")


def fold(text: str) -> str:
    """A key for comparing names: NFKC, no spaces, no 【再掲】 mark."""
    text = unicodedata.normalize("NFKC", text).replace("【再掲】", "")
    return re.sub(r"\s+", "", text)


def join_parts(parts: list[str]) -> str:
    """Join the pieces of a sentence broken over lines by the conversion."""
    return "".join(part.strip() for part in parts)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"


def circled_value(mark: str) -> int:
    """The number of a circled digit: ⑯ → 16."""
    return _CIRCLED.index(mark) + 1


# Patterns over cleaned text. Titles are short and never end a sentence with 「。」.
TITLE = r"([^。]{1,120})"
CHAPTER = re.compile(r"^第\s*([0-9０-９]+)\s*章\s*" + TITLE + "$")
SECTION = re.compile(r"^第\s*([0-9０-９]+)\s*節\s*" + TITLE + "$")
TOC_ENTRY = re.compile(r"\.{3,}|\t\s*\d+\s*$")
IMPACT_HEADING = re.compile(r"^インパクト\s*[（(]\s*([1-9])\s*[）)]\s*" + TITLE + "$")
VIEWPOINT = re.compile(r"^[①②③]\s*(インパクト|アウトカム|アウトプット)の考え方$")
FIGURE = re.compile(r"^ロジックモデル\s*[（(](.+)[）)]$")
KPI_LABEL = re.compile(r"^KPI\s*([" + _CIRCLED + r"]?)\s*[:：]?\s*$")
NUMBERED = re.compile(r"^([1-9])\.\s+" + TITLE + "$")
LETTERED = re.compile(r"^([A-Za-zⅠ-Ⅻ])\.\s*" + TITLE + "$")
GROUP = re.compile(r"^[（(]\s*([0-9]+)\s*[）)]\s*" + TITLE + "$")
CATEGORY = re.compile(r"^[（(]([^0-9（）()][^。]{0,80})[）)]$")
PROJECTS = re.compile(r"^[（(]\s*主な事業\s*[）)]$")
ROADMAP = re.compile(r"^■\s*工程表")
OUTPUT_KPIS = re.compile(r"^■\s*アウトプット\s*KPI")
MEASURE = re.compile(r"^([" + _CIRCLED + r"])\s*" + TITLE + "$")
NOTE = re.compile(r"^[※＊]")
RELISTED = "【再掲】"
