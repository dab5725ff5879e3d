"""Documents → logic model. One module per document family; `parse_file` picks the family."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from sousei.model import Strategy

from .national import NotAStrategyError, parse_national
from .source import MAX_BYTES, InputError, SourceText, decode, read_source

NATIONAL_2025 = "national-strategy-2025.md"
"""The bundled text of 「地方創生に関する総合戦略」 (令和7年12月), the system's primary input."""

FAMILIES = ("national",)


def bundled_source(name: str = NATIONAL_2025) -> SourceText:
    """A document shipped in the package's data."""
    data = files("sousei").joinpath("data", name).read_bytes()
    return decode(data, name=name)


def parse_source(source: SourceText, *, family: str = "national") -> Strategy:
    if family not in FAMILIES:
        raise InputError(f"未対応の文書ファミリーです: {family}（対応: {', '.join(FAMILIES)}）")
    return parse_national(source)


def parse_file(path: Path, *, family: str = "national", max_bytes: int = MAX_BYTES) -> Strategy:
    """Read and parse a strategy document; InputError says why it could not be."""
    return parse_source(read_source(path, max_bytes=max_bytes), family=family)


__all__ = [
    "FAMILIES",
    "NATIONAL_2025",
    "InputError",
    "NotAStrategyError",
    "SourceText",
    "bundled_source",
    "parse_file",
    "parse_source",
    "read_source",
]
