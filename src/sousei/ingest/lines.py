"""Lines of a converted document, cleaned of markup, and the patterns that classify them.

The conversion from PDF left markdown that does not follow the document's structure
(heading levels, bold, list markers), so structure is read from the words, never from `#`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HEADING = re.compile(r"^\s*#+\s*")
_BOLD = re.compile(r"\*\*|</?b>")
_FOOTNOTE_REF = re.compile(r"<sup>[^<]*</sup>")  # footnote numbers and stray ruby (裨 → ひ)
_SUBSCRIPT = re.compile(r"<sub>([^<]*)</sub>")  # CO<sub>2</sub> → CO2
_BULLET = re.compile(r"^(\s*)(?:-\s+・?|・)\s*")
_FOOTNOTE_LINE = re.compile(r"^\s*<sup>(\d+)</sup>\s*(.*)$")
_PAGE_BREAK = re.compile(r"^\s*(?:-{3,}|_{3,}|\*{3,})\s*$")


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

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def page_break(self) -> bool:
        return bool(_PAGE_BREAK.match(self.raw))


def clean(text: str) -> str:
    """Strip inline markup: bold, footnote markers, subscripts."""
    if "<" not in text and "*" not in text:
        return text  # most lines carry no markup; skip the three passes
    text = _BOLD.sub("", text)
    text = _FOOTNOTE_REF.sub("", text)
    return _SUBSCRIPT.sub(r"\1", text)


def split_lines(text: str) -> list[Line]:
    """Split a document into cleaned lines, numbered from 1."""
    return [_line(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]


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
