"""A PDF's text and tables, as the text the parsers read (pdfplumber, on pdfminer.six).

The text follows the conventions of the bundled national strategy, itself converted from PDF:

- pages in order; a page break is a line `---` between blank lines;
- a paragraph is one line: lines that run to the right edge of the text and go on at the
  page's usual line pitch below are joined (not when the next line starts a bullet, a number
  or a heading, nor when a line ending in 「。」 is followed by an indented one); lines are
  separated by blank lines;
- a ruled table of two or more columns is a markdown table (`| a | b |`, a `| --- |` row after
  the first); a one-column box is text. A table that goes on over a page break is one table,
  its header row not repeated;
- a bullet set in from the left edge of the text keeps its indent, two spaces an em (a
  sub-item to the parsers);
- running headers and footers (text at the same place at the top or bottom of most pages, page
  numbers included) stay, each a line of its own. Where a paragraph or a table goes on over a
  page break, it is written whole and the break (`---` with the footer and header around it)
  follows it;
- small raised or lowered characters are marked as the conversion marked them: footnote
  numbers `<sup>6</sup>` (a line that starts with one is a footnote), `CO<sub>2</sub>`;
- Kangxi radicals and CJK compatibility ideographs, which some PDF makers write for ordinary
  kanji (⽣ for 生), are read as the kanji.

A PDF without a text layer (a scan), with a password, truncated or broken is refused with an
InputError that says so.
"""

from __future__ import annotations

import io
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from .source import InputError

if TYPE_CHECKING:
    from pdfplumber.page import Page as PdfPage
    from pdfplumber.table import Table as PdfTable

PAGE_BREAK = "---"

_X_TOLERANCE_RATIO = 0.35  # a gap wider than this share of the font size separates words
_RUNNING_ZONE = 0.12  # running headers and footers sit in the top and bottom 12% of a page
_SAME_COLUMN = 2.0  # points within which two tables' column edges are the same edge
_UNMAPPED = re.compile(r"\(cid:\d+\)")
_STARTS_ITEM = re.compile(
    r"^(?:[・●○◯■□◆◇▲△▼▽★☆※＊*\-－–—•◎]"
    r"|[①-⑳㉑-㉟㊱-㊿]"
    r"|[（(]\s*[0-9０-９a-zA-Zａ-ｚＡ-Ｚア-ンｱ-ﾝ一二三四五六七八九十]{1,3}\s*[）)]"
    r"|[0-9０-９]{1,2}\s*[.．、]"
    r"|[A-Za-zＡ-Ｚａ-ｚⅠ-Ⅻ][.．]"
    r"|第\s*[0-9０-９一二三四五六七八九十]+\s*[章節条項部]"
    r"|[【〔［＜《<]"
    r"|KPI|ＫＰＩ)"
)
_BULLET = re.compile(r"^[・●○◯◦•▪■□◆◇\-－‐]")
_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")


def pdf_text(data: bytes, *, name: str = "<pdf>") -> str:
    """The text of a PDF for the parsers; InputError says why there is none."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError(
            f"{name}: PDF が途中で切れています（末尾の %%EOF がありません）。"
            "ダウンロードし直したファイルを指定してください。"
        )
    pages = list(_read_pages(data, name))
    characters = sum(page.characters for page in pages)
    if characters == 0:
        if any(page.images for page in pages):
            raise InputError(
                f"{name}: PDF に文字のデータがありません。画像（スキャン）だけの PDF のようです。"
                "OCR で文字を読み取った PDF かテキストを指定してください。"
            )
        raise InputError(f"{name}: PDF に文字がありません（{len(pages)} ページとも空です）。")
    unmapped = sum(page.unmapped for page in pages)
    if unmapped * 10 > characters:
        raise InputError(
            f"{name}: PDF の文字を読み取れません（{unmapped} 文字に文字コードの対応がありません）。"
            "OCR で文字を読み取るか、作成元のテキストを指定してください。"
        )
    return _render(pages)


# -- reading pages ---------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class _Table:
    rows: list[list[str]]
    columns: list[float]  # the x of every column edge
    top: float
    bottom: float


_Block = _Line | _Table


@dataclass
class _Page:
    width: float
    height: float
    blocks: list[_Block]
    characters: int
    unmapped: int
    images: int
    header: list[_Line] = field(default_factory=list)
    footer: list[_Line] = field(default_factory=list)


def _read_pages(data: bytes, name: str) -> Iterator[_Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its notes on odd PDFs are noise
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(
                f"{name}: PDF にパスワードがかかっていて開けません。"
                "パスワードを外した PDF を指定してください。"
            ) from None
        if isinstance(cause, PDFEncryptionError):
            raise InputError(
                f"{name}: 対応していない方式で暗号化された PDF です（{cause}）。"
            ) from None
        raise InputError(f"{name}: PDF が壊れていて読めません（{cause}）。") from None
    with document:
        try:
            pages = document.pages
        except PdfminerException as error:
            raise InputError(f"{name}: PDF が壊れていて読めません（{error}）。") from None
        for number, page in enumerate(pages, start=1):
            try:
                yield _page(page)
            except Exception as error:  # pdfminer raises anything on a broken content stream
                raise InputError(
                    f"{name}: PDF の {number} ページ目が壊れていて読めません（{error}）。"
                ) from None
            finally:
                page.close()


def _page(page: PdfPage) -> _Page:
    tables = [t for t in page.find_tables() if len(_columns(t)) > 2]  # one column: a box
    boxes = [t.bbox for t in tables]

    def outside_tables(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= middle_x <= x1 and t <= middle_y <= b for x0, t, x1, b in boxes)

    sizes = [float(c["size"]) for c in page.chars if not c["text"].isspace()]
    # a line's sub- and superscripts sit up to about 0.4 em off its characters' tops
    y_tolerance = max(3.0, 0.45 * statistics.median(sizes)) if sizes else 3.0
    lines = [
        _line(line)
        for line in page.filter(outside_tables).extract_text_lines(
            x_tolerance_ratio=_X_TOLERANCE_RATIO, y_tolerance=y_tolerance, return_chars=True
        )
        if line["text"].strip()
    ]
    blocks: list[_Block] = [*lines, *(_table(t) for t in tables)]
    blocks = [b for b in blocks if not isinstance(b, _Table) or b.rows]
    blocks.sort(key=lambda block: (block.top, block.x0 if isinstance(block, _Line) else 0))
    chars = page.chars
    return _Page(
        width=float(page.width),
        height=float(page.height),
        blocks=blocks,
        characters=sum(1 for c in chars if not c["text"].isspace()),
        unmapped=sum(len(_UNMAPPED.findall(c["text"])) for c in chars),
        images=len(page.images),
    )


def _line(line: dict[str, Any]) -> _Line:
    chars = [c for c in line.get("chars", []) if not c["text"].isspace()]
    sizes = [float(c["size"]) for c in chars]
    size = statistics.median(sizes) if sizes else float(line["bottom"] - line["top"])
    return _Line(
        text=_kanji(_scripts(line["text"].strip(), chars, size)),
        x0=float(line["x0"]),
        x1=float(line["x1"]),
        top=float(line["top"]),
        bottom=float(line["bottom"]),
        size=size,
    )


def _scripts(text: str, chars: list[dict[str, Any]], size: float) -> str:
    """Small raised or lowered characters as <sup>/<sub>: footnote numbers (転入超過<sup>6</sup>),
    CO<sub>2</sub>. The text is left as it is where its characters cannot be paired."""
    if not chars:
        return text
    top = statistics.median(float(c["top"]) for c in chars)
    bottom = statistics.median(float(c["bottom"]) for c in chars)

    def script(char: dict[str, Any]) -> str | None:
        small = char["size"] <= 0.8 * size
        if char["bottom"] <= bottom - (0.25 if small else 0.35) * size:
            return "sup"  # raised: small, or of the line's size but well above it
        if small and char["top"] >= top + 0.25 * size:
            return "sub"
        return None

    if all(script(char) is None for char in chars):
        return text

    out: list[str] = []
    pending = iter(chars)
    current: str | None = None
    for written in text:
        kind = None
        if not written.isspace():
            char = next(pending, None)
            if char is None or char["text"] != written:
                return text
            kind = script(char)
        if kind != current:
            out.append(f"</{current}>" if current else "")
            out.append(f"<{kind}>" if kind else "")
            current = kind
        out.append(written)
    if next(pending, None) is not None:
        return text
    out.append(f"</{current}>" if current else "")
    return "".join(out)


def _columns(table: PdfTable) -> list[float]:
    edges = sorted({round(cell[0], 1) for cell in table.cells} | {round(table.bbox[2], 1)})
    merged: list[float] = []
    for edge in edges:
        if not merged or edge - merged[-1] > _SAME_COLUMN:
            merged.append(edge)
    return merged


def _table(table: PdfTable) -> _Table:
    rows = [
        [_cell(cell) for cell in row] for row in table.extract(x_tolerance_ratio=_X_TOLERANCE_RATIO)
    ]
    rows = [row for row in rows if any(row)]
    return _Table(rows, _columns(table), float(table.bbox[1]), float(table.bbox[3]))


def _cell(text: str | None) -> str:
    parts = [part.strip() for part in (text or "").splitlines() if part.strip()]
    joined = ""
    for part in parts:
        joined = _join(joined, part)
    return _kanji(joined)


def _kanji(text: str) -> str:
    """⽣ (a Kangxi radical) → 生: what some PDF makers write for ordinary kanji."""
    return _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _join(left: str, right: str) -> str:
    """Two pieces of one line broken by the layout: a space only between two Latin words.

    Japanese text breaks anywhere, numbers included (202|3 年); Latin words break at spaces.
    """
    if not left:
        return right
    if _latin_letter(left[-1]) and _latin_letter(right[0]):
        return f"{left} {right}"
    return left + right


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


# -- running headers and footers -------------------------------------------------------------


def _mark_running(pages: list[_Page]) -> None:
    """Move the lines that repeat at the top or bottom of most pages to `header`/`footer`."""
    texts = [page for page in pages if page.blocks]
    if len(texts) < 2:
        return
    seen: Counter[tuple[str, str, int]] = Counter()
    for page in texts:
        seen.update({key for line in _zone_lines(page) if (key := _running_key(page, line))})
    needed = max(2, math.ceil(len(texts) / 2))
    for page in texts:
        running = [
            line
            for line in _zone_lines(page)
            if (key := _running_key(page, line)) and seen[key] >= needed
        ]
        page.header = [line for line in running if line.top < page.height / 2]
        page.footer = [line for line in running if line.top >= page.height / 2]
        page.blocks = [block for block in page.blocks if block not in running]


def _zone_lines(page: _Page) -> list[_Line]:
    return [
        block
        for block in page.blocks
        if isinstance(block, _Line)
        and (
            block.bottom < page.height * _RUNNING_ZONE
            or block.top > page.height * (1 - _RUNNING_ZONE)
        )
    ]


def _running_key(page: _Page, line: _Line) -> tuple[str, str, int] | None:
    text = re.sub(r"[0-9０-９]+", "#", unicodedata.normalize("NFKC", line.text))
    if line.top < page.height / 2:
        return (text, "top", round(line.top / 4))
    return (text, "bottom", round((page.height - line.bottom) / 4))


# -- writing the text ------------------------------------------------------------------------


def _render(pages: list[_Page]) -> str:
    _mark_running(pages)
    edges = _right_edges(pages)
    _indent_bullets(pages, _left_edges(pages))
    chunks: list[str] = []
    held: list[str] = []  # a page break and its running lines, waiting for an element to end
    current: _Block | None = None  # the paragraph's last line or the table being written
    paragraph: list[str] = []
    previous_footer: list[_Line] = []

    def close() -> None:
        nonlocal current, paragraph
        if isinstance(current, _Table):
            chunks.append(_markdown(current.rows))
        elif current is not None:
            chunks.append(_joined(paragraph))
        chunks.extend(held)
        held.clear()
        current, paragraph = None, []

    for index, page in enumerate(pages):
        boundary = [line.text for line in previous_footer]
        if index > 0:
            boundary.append(PAGE_BREAK)
        boundary += [line.text for line in page.header]
        edge = edges.get(round(page.width))
        pitch = _pitch(page)
        for position, block in enumerate(page.blocks):
            first = position == 0
            if _continues(current, block, edge, pitch, new_page=first and index > 0):
                if isinstance(block, _Table) and isinstance(current, _Table):
                    current.rows += _without_header(block.rows, current.rows[0])
                    current.bottom = block.bottom
                elif isinstance(block, _Line):
                    paragraph.append(block.text)
                    current = block
                if first:
                    held.extend(boundary)
                    boundary = []
                continue
            close()
            if first:
                chunks.extend(boundary)
                boundary = []
            current = block
            paragraph = [block.text] if isinstance(block, _Line) else []
            if isinstance(block, _Table):
                current = _Table(
                    [list(row) for row in block.rows], block.columns, block.top, block.bottom
                )
        if boundary:
            (held if current is not None else chunks).extend(boundary)
        previous_footer = page.footer
    close()
    chunks.extend(line.text for line in previous_footer)
    return "\n\n".join(chunks) + "\n"


def _joined(parts: list[str]) -> str:
    joined = ""
    for part in parts:
        joined = _join(joined, part)
    return joined


def _right_edges(pages: list[_Page]) -> dict[int, float]:
    """The right edge of the text, for each page width (portrait and landscape pages differ)."""
    ends: dict[int, list[float]] = {}
    for page in pages:
        for block in page.blocks:
            if isinstance(block, _Line) and len(block.text) >= 10:
                ends.setdefault(round(page.width), []).append(block.x1)
    return {width: sorted(xs)[int(0.9 * (len(xs) - 1))] for width, xs in ends.items()}


def _left_edges(pages: list[_Page]) -> dict[int, float]:
    """The left edge of the text, for each page width."""
    starts: dict[int, list[float]] = {}
    for page in pages:
        for block in page.blocks:
            if isinstance(block, _Line):
                starts.setdefault(round(page.width), []).append(block.x0)
    return {width: sorted(xs)[int(0.1 * (len(xs) - 1))] for width, xs in starts.items()}


def _indent_bullets(pages: list[_Page], edges: dict[int, float]) -> None:
    """A bullet set in from the left edge keeps its indent (two spaces an em): a sub-item."""
    for page in pages:
        edge = edges.get(round(page.width))
        for block in page.blocks:
            if edge is None or not isinstance(block, _Line) or not _BULLET.match(block.text):
                continue
            ems = round((block.x0 - edge) / block.size)
            if ems > 0:
                block.text = "  " * ems + block.text


def _pitch(page: _Page) -> float | None:
    """The usual distance from one line to the next on a page: its lines' pitch."""
    lines = [block for block in page.blocks if isinstance(block, _Line)]
    steps = [
        below.top - above.top
        for above, below in pairwise(lines)
        if 0 < below.top - above.top < 3 * above.size
    ]
    return statistics.median(steps) if steps else None


def _continues(
    current: _Block | None,
    block: _Block,
    edge: float | None,
    pitch: float | None,
    *,
    new_page: bool,
) -> bool:
    """Whether `block` goes on with the paragraph or table `current` (see the module's rules)."""
    if isinstance(current, _Table) and isinstance(block, _Table):
        return new_page and _same_columns(current.columns, block.columns)
    if not (isinstance(current, _Line) and isinstance(block, _Line)) or edge is None:
        return False
    if current.x1 < edge - max(current.size, block.size):
        return False  # the line ends short of the edge: the paragraph ends there
    step = block.top - current.top
    if not new_page and not 0 < step <= min(3 * current.size, (pitch or step) * 1.1 + 0.5):
        return False  # further below than lines are set: a new block
    if _STARTS_ITEM.match(block.text.lstrip()):
        return False
    return not (current.text.endswith("。") and block.x0 > current.x0 + current.size / 2)


def _same_columns(left: list[float], right: list[float]) -> bool:
    return len(left) == len(right) and all(
        abs(a - b) <= _SAME_COLUMN for a, b in zip(left, right, strict=True)
    )


def _without_header(rows: list[list[str]], header: list[str]) -> list[list[str]]:
    if rows and _fold(rows[0]) == _fold(header):
        return rows[1:]
    return rows


def _fold(row: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell)) for cell in row]


def _markdown(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.replace("|", "\\|") for cell in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if number == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)
