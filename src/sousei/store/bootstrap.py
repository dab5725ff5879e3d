"""The first run: the bundled national strategy, its published figures and reference data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from sousei.ingest import bundled_source, parse_source

from . import published, strategies
from .published import PublishedLoad
from .strategies import Loaded

NATIONAL = "national"


@dataclass(frozen=True)
class Initialised:
    loaded: Loaded
    figures: PublishedLoad
    references: int


def initialise(session: Session, *, actor: str) -> Initialised:
    """Load what `sousei init` loads; running it again changes nothing."""
    loaded = strategies.load_strategy(
        session, strategy=parse_source(bundled_source()), key=NATIONAL, actor=actor
    )
    figures = published.load_published(session, key=NATIONAL, actor=actor)
    references = published.load_references(session, key=NATIONAL, actor=actor)
    return Initialised(loaded, figures, references)
