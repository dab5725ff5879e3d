"""What every drawing needs: escaped text, the width of Japanese text, line breaking, and the
`<svg>` element with its accessible name.

SVG has no text layout of its own, so the drawings measure text themselves. The estimate is
deliberately generous (a full-width character is one em, anything else 0.6 em): a line that is
a little short is better than one that runs out of its box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from html import escape

SVG_NS = "http://www.w3.org/2000/svg"
ELLIPSIS = "…"

# Characters a line may not start with (行頭禁則): closing brackets and punctuation.
_NO_LINE_START = set("、。，．,.)）」』】〕〉》・ー～:：;；!！?？%％")
# Characters a line may not end with (行末禁則): opening brackets.
_NO_LINE_END = set("(（「『【〔〈《")


def esc(text: object) -> str:
    """Text made safe for an XML attribute or element (quotes included)."""
    return escape(str(text), quote=True)


@cache
def char_width(char: str) -> float:
    """Width of one character in em: full-width (CJK, kana, full-width forms) is 1."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.6


def text_width(text: str, size: float) -> float:
    return sum(char_width(char) for char in text) * size


@lru_cache(maxsize=8192)
def wrap(
    text: str, width: float, size: float, *, max_lines: int = 3, first: float | None = None
) -> tuple[str, ...]:
    """Break `text` into lines no wider than `width` (the first line `first`, if given).

    Japanese breaks between any two characters, except before closing punctuation and after
    opening brackets; a word of Latin letters or digits is kept whole when it fits on a line.
    Text beyond `max_lines` is cut and the last line ends with an ellipsis. (Cached: the same
    names are drawn on every page.)
    """
    lines: list[str] = []
    current, used = "", 0.0
    limit = first if first is not None else width
    for token in _tokens(text):
        token_width = text_width(token, size)
        if current and used + token_width > limit:
            head, moved = _kinsoku(current, token)
            lines.append(head.rstrip())
            current = (moved + token).lstrip()
            used, limit = text_width(current, size), width
        else:
            current, used = current + token, used + token_width
        while used > limit and len(current) > 1:  # a single token wider than a line
            cut = _fit(current, limit, size)
            lines.append(current[:cut])
            current = current[cut:]
            used, limit = text_width(current, size), width
    if current.strip():
        lines.append(current.strip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + ELLIPSIS, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + ELLIPSIS]
    return tuple(lines)


def wrap_phrases(
    phrases: Sequence[str],
    width: float,
    size: float,
    *,
    max_lines: int = 3,
    first: float | None = None,
) -> tuple[str, ...]:
    """Like `wrap`, but a line breaks only between phrases (「KPI 9件：」「データなし 4・」…) when
    each fits on a line, so a count is never split from its label."""
    lines: list[str] = []
    current = ""
    limit = first if first is not None else width
    for phrase in phrases:
        if current and text_width(current + phrase, size) > limit:
            lines.append(current.rstrip())
            current, limit = "", width
        if not current and text_width(phrase, size) > limit:  # too long alone: break inside
            pieces = wrap(phrase, width, size, max_lines=max_lines, first=limit)
            lines += pieces[:-1]
            current, limit = pieces[-1], width
            continue
        current += phrase
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > max_lines:
        return wrap("".join(phrases), width, size, max_lines=max_lines, first=first)
    return tuple(lines)


def _tokens(text: str) -> Iterable[str]:
    """Runs of half-width letters/digits as one token, every other character alone."""
    word = ""
    for char in text:
        if char.isascii() and char.isalnum():
            word += char
            continue
        if word:
            yield word
            word = ""
        yield char
    if word:
        yield word


def _kinsoku(line: str, next_token: str) -> tuple[str, str]:
    """Move a character to the next line so it neither starts with a closing mark nor the line
    ends with an opening one."""
    moved = ""
    if next_token[:1] in _NO_LINE_START and len(line) > 1:
        line, moved = line[:-1], line[-1]
    while len(line) > 1 and line[-1] in _NO_LINE_END:
        line, moved = line[:-1], line[-1] + moved
    return line, moved


def _fit(text: str, width: float, size: float) -> int:
    used = 0.0
    for index, char in enumerate(text):
        used += char_width(char) * size
        if used > width:
            return max(1, index)
    return len(text)


def svg_open(
    *, width: float, height: float, ident: str, title: str, desc: str, css_class: str
) -> str:
    """The opening `<svg>` with its title and description as its accessible name.

    The drawing scales to its container (`viewBox`, width 100 %) and is an image to assistive
    technology: its children are not read one by one; the page carries a text equivalent.
    """
    return (
        f'<svg xmlns="{SVG_NS}" class="{esc(css_class)}" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="100%" role="img" aria-labelledby="{esc(ident)}-title {esc(ident)}-desc" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{esc(ident)}-title">{esc(title)}</title>'
        f'<desc id="{esc(ident)}-desc">{esc(desc)}</desc>'
    )


def tag(name: str, content: str = "", /, **attributes: object) -> str:
    """An SVG element: attribute names with `_` become `-`, values are escaped, numbers short.

    `content` is markup (already escaped); an element without content is self-closing.
    """
    written = "".join(
        f' {key.rstrip("_").replace("_", "-")}="{_value(value)}"'
        for key, value in attributes.items()
        if value is not None
    )
    return f"<{name}{written}>{content}</{name}>" if content else f"<{name}{written}/>"


def _value(value: object) -> str:
    if isinstance(value, float):
        return num(value)
    return esc(value)


def text_lines(
    lines: Sequence[str], *, x: float, y: float, size: float, leading: float, **attributes: object
) -> str:
    """One `<text>` with a `<tspan>` per line, the first baseline at `y`; nothing for no lines."""
    spans = "".join(
        tag("tspan", esc(line), x=float(x), y=float(y + index * leading))
        for index, line in enumerate(lines)
    )
    return tag("text", spans, font_size=float(size), **attributes) if spans else ""


def num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
