"""Documents → logic model. One module per document family; `parse_file` picks the family."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from sousei.model import Strategy

from .local import parse_local
from .national import NotAStrategyError, parse_national
from .source import MAX_BYTES, InputError, SourceText, decode, read_source

NATIONAL_2025 = "national-strategy-2025.md"
"""The bundled text of 「地方創生に関する総合戦略」 (令和7年12月), the system's primary input."""

FAMILIES = ("national", "local")
"""The document families; `family="auto"` (the default) recognises them by their words."""

# What only one family writes: the national strategy's インパクト（1）… and アウトプットKPI, a local
# strategy's 基本目標 1–4 with their 数値目標 and 重要業績評価指標.
_NATIONAL_WORDS = re.compile(
    r"インパクト\s*[（(]\s*[1-9]\s*[）)]|アウトプット\s*KPI|第\s*[3３]\s*節"
)
_LOCAL_WORDS = re.compile(
    r"基本目標\s*[0-9０-９一二三四五六七八九ⅠⅡⅢⅣⅤIV]|数値目標|重要業績評価指標"
)


def family_words(text: str) -> dict[str, int]:
    """How often the text uses each family's own words."""
    return {
        "national": len(_NATIONAL_WORDS.findall(text)),
        "local": len(_LOCAL_WORDS.findall(text)),
    }


def detect_family(text: str) -> str:
    """ "national" or "local", by which family's own words the text uses more."""
    words = family_words(text)
    return "local" if words["local"] > words["national"] else "national"


def bundled_source(name: str = NATIONAL_2025) -> SourceText:
    """A document shipped in the package's data."""
    data = files("sousei").joinpath("data", name).read_bytes()
    return decode(data, name=name)


def parse_source(source: SourceText, *, family: str = "auto") -> Strategy:
    """Parse a document of the given family ("auto": recognised from its text)."""
    if family == "auto":
        family = detect_family(source.text)
    if family not in FAMILIES:
        choices = ", ".join(("auto", *FAMILIES))
        raise InputError(f"未対応の文書ファミリーです: {family}（対応: {choices}）")
    return parse_local(source) if family == "local" else parse_national(source)


def parse_file(path: Path, *, family: str = "auto", max_bytes: int = MAX_BYTES) -> Strategy:
    """Read and parse a strategy document; InputError says why it could not be."""
    return parse_source(read_source(path, max_bytes=max_bytes), family=family)


__all__ = [
    "FAMILIES",
    "NATIONAL_2025",
    "InputError",
    "NotAStrategyError",
    "SourceText",
    "bundled_source",
    "detect_family",
    "family_words",
    "parse_file",
    "parse_source",
    "read_source",
]
