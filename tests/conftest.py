"""Shared fixtures: the bundled national strategy, read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from sousei.ingest import SourceText, bundled_source, parse_source
from sousei.model import Strategy

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def national_source() -> SourceText:
    return bundled_source()


@pytest.fixture(scope="session")
def national(national_source: SourceText) -> Strategy:
    return parse_source(national_source)


@pytest.fixture(scope="session")
def national_source_text(national_source: SourceText) -> str:
    return national_source.text
