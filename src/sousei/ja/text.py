"""Text normalisation for parsing Japanese strategy documents converted from PDF.

`normalize` is the single entry point; every other parser in `sousei.ja` calls it first, so
callers may pass raw text. What it does, in order:

1. Unicode NFKC, except for circled numbers (①, ㉑ …), which are labels (KPI①), not digits.
   So full-width digits, letters, ``%`` and ``,`` become ASCII, full-width parentheses
   ``（）`` become ``()``, the full-width colon ``：`` becomes ``:``, ``㎡`` and ``m²`` become
   ``m2``, the ideographic space becomes a space, half-width katakana become full-width.
2. Range marks ``～ 〜 ~ ∼ ⁓ 〰`` become ``～`` (U+FF5E); a dash (``- – — ―``) between two
   years ("2025-2027年度", "2025年度 – 2029年度") becomes ``～`` too. Other hyphens are kept
   (``t-CO2``), and the minus sign ``−`` and hyphens ``‐ ‑ ‒`` become ``-``.
3. Whitespace: every line is stripped and each run of blanks becomes one space; line breaks
   are kept as single ``\\n`` and blank lines are dropped.
4. A space is removed when one of its neighbours is a wide (Japanese) character or symbol
   ("6,000 万人" → "6,000万人", "2029 年" → "2029年", "令和 2 年" → "令和2年",
   "GX や DX" → "GXやDX"), just inside brackets ("( 2030" → "(2030"), inside numbers
   ("6, 000" → "6,000"), and between a number and ``%`` or an ASCII unit ("35.8 ha").
   Spaces between two ASCII words stay ("Society 5.0", "t-CO2 (2030年度)").

The result is idempotent: ``normalize(normalize(s)) == normalize(s)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["RANGE_MARK", "normalize"]

RANGE_MARK = "～"

# Circled numbers are labels; NFKC would turn "KPI①" into "KPI1".
_CIRCLED = re.compile(r"[\u2460-\u2473\u24ea\u24eb-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]")
_TILDES = str.maketrans(dict.fromkeys("~〜∼⁓〰", RANGE_MARK))
_HYPHENS = str.maketrans(dict.fromkeys("−‐‑‒", "-"))
_BLANKS = re.compile(r"[^\S\n]+")
# A dash between two years is a range, not a minus or a hyphen.
_YEAR_DASH = re.compile(
    r"(?:(?<=\d{4})|(?<=年)|(?<=年度)|(?<=末))\s*[-–—―]\s*"
    r"(?=\d{4}|\d{1,2}\s*年|令和|平成|昭和|[RHS]\.?\s*\d)"
)
_DASHES = "-–—―"
_ASCII_UNITS = ("ha", "m2", "km2", "km", "kg", "kW", "MW", "t-CO2", "tCO2", "pt")
_NUMBER_GAPS = (
    re.compile(r"(?<=\d[,.]) (?=\d)"),
    re.compile(r"(?<=\d) (?=[,.]\d)"),
    re.compile(r"(?<=\d) (?=%)"),
    re.compile(r"(?<=\d) (?=(?:" + "|".join(_ASCII_UNITS) + r")(?![A-Za-z]))"),
    re.compile(r"(?<=[(\[{]) | (?=[)\]}])"),
)


def _is_wide(char: str) -> bool:
    """Whether a space next to this character is a PDF artefact rather than a word gap."""
    width = unicodedata.east_asian_width(char)
    if width in ("W", "F"):
        return True
    # Ambiguous-width symbols (△ ※ × ①) behave like Japanese; ambiguous letters (é) do not.
    return width == "A" and unicodedata.category(char)[0] in "SPN"


def _nfkc(text: str) -> str:
    parts: list[str] = []
    last = 0
    for match in _CIRCLED.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(unicodedata.normalize("NFKC", text[last:]))
    return "".join(parts)


def _drop_spaces(line: str) -> str:
    if " " not in line:
        return line  # every rule below removes a space
    # Lines are stripped, so a space always has a neighbour on each side.
    line = "".join(
        char
        for i, char in enumerate(line)
        if char != " " or not (_is_wide(line[i - 1]) or _is_wide(line[i + 1]))
    )
    for pattern in _NUMBER_GAPS:
        line = pattern.sub("", line)
    return line


@lru_cache(maxsize=8192)  # pure; the parsers normalise the same short pieces again and again
def normalize(text: str) -> str:
    """Normalise `text` for parsing (see the module docstring for the exact rules)."""
    text = _nfkc(text).translate(_TILDES).translate(_HYPHENS)
    lines = (_BLANKS.sub(" ", line).strip() for line in text.splitlines())
    out: list[str] = []
    for line in lines:
        if line:
            if any(dash in line for dash in _DASHES):
                line = _YEAR_DASH.sub(RANGE_MARK, line)
            out.append(_drop_spaces(line))
    return "\n".join(out)
