"""Shared fixtures: the bundled national strategy, read once per session; running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
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


CliRun = Callable[..., subprocess.CompletedProcess[str]]


def cli_runner(folder: Path, *, timeout: int = 180) -> CliRun:
    """`sousei …` as a user runs it: a process of its own, on a SQLite file in `folder`."""
    env = {
        **os.environ,
        "SOUSEI_DATABASE_URL": f"sqlite:///{folder / 'sousei.db'}",
        "SOUSEI_USER": "tester",
    }

    def run(*args: str | Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sousei", *map(str, args)],
            capture_output=True,
            text=True,
            env={**env, **extra_env},
            timeout=timeout,
            cwd=folder,
        )

    return run
