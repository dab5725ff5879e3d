"""Suggested links from a local strategy to the national one: each 基本目標 to national outcomes
(A–E), each KPI to national KPIs, ranked by `similarity` (docs/formulas.md, "Links to the
national strategy")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sousei.ja.units import canonical_unit, unit_dimension
from sousei.model import Kpi, Outcome, Strategy

from .similarity import Vector, Weights, centroid, combine, cosine

__all__ = [
    "KPI_CONTEXT",
    "METHOD",
    "OUTCOME_CONTEXT",
    "OUTCOME_THRESHOLD",
    "THRESHOLD",
    "UNIT_PENALTY",
    "Linker",
    "Suggestion",
    "suggest",
    "unit_agreement",
]

METHOD = "bigram-tfidf+fields/1"
"""The name of this similarity, stored with each suggestion; raised when the formula changes."""

THRESHOLD = 0.15
"""The lowest score of a KPI suggested: below it two KPIs share little more than a broad policy
field (出生数 and 行政サービスに満足している人の割合)."""

OUTCOME_THRESHOLD = 0.1
"""The lowest score of an outcome suggested. A 基本目標's text and contents are long and
varied, so its similarities run lower than a KPI's; every 基本目標 of the test documents has
its right national outcome first at 0.12 or more."""

KPI_CONTEXT = 0.5
"""Weight of a KPI's surroundings (its 施策 or area and its outcome) beside its indicator."""

OUTCOME_CONTEXT = 1.0
"""Weight of an outcome's surroundings (its text, areas, 施策 and KPIs) beside its title."""

UNIT_PENALTY = 0.25
"""The share of a KPI pair's score that rests on their units agreeing."""

Kind = Literal["outcome", "kpi"]


@dataclass(frozen=True)
class Suggestion:
    """対応の候補 — a local 基本目標 or KPI and a national outcome or KPI it may serve."""

    subject_kind: Kind
    subject_id: str
    """The local outcome's id (基本目標 number) or the local KPI's id, as in the model given."""
    target_kind: Kind
    target_id: str
    """The national outcome's letter (A–E) or the national KPI's id, as in the model given."""
    score: float
    """0–1: the cosine similarity, for KPIs times the unit agreement factor; 4 decimals."""
    rank: int
    """1 for the subject's best target."""


@dataclass(frozen=True)
class _Target:
    id: str
    vector: Vector
    unit: str | None


def unit_class(kpi: Kpi) -> str | None:
    """What a KPI counts: the dimension of its unit (person, currency, ratio…), else the unit;
    a rate named 割合/率 without a unit is a ratio; None when unknown (増加, N倍)."""
    target = kpi.target
    if target.comparator in ("multiple", "relative"):
        return None
    unit = target.unit or target.baseline_unit
    if not unit:
        return "ratio" if kpi.indicator.rstrip("）)").endswith(("割合", "率")) else None
    base = canonical_unit(unit) or unit
    dimension = unit_dimension(base)
    return base if dimension == "unknown" else dimension


def unit_agreement(a: str | None, b: str | None) -> float:
    """1 for the same unit class, 0 for different ones, 0.5 when either is unknown."""
    if a is None or b is None:
        return 0.5
    return 1.0 if a == b else 0.0


def _unit_factor(a: str | None, b: str | None) -> float:
    """1 − UNIT_PENALTY × (1 − agreement): 1, 0.875 or 0.75."""
    return 1 - UNIT_PENALTY * (1 - unit_agreement(a, b))


class Linker:
    """The national strategy made ready for comparison: its weights and target vectors.

    One linker serves any number of local strategies; the scores of a local KPI are kept by
    its text, so the many KPIs local strategies share (観光入込客数 under 観光の振興) are
    compared once.
    """

    def __init__(self, national: Strategy) -> None:
        self.national = national
        self.weights = Weights(_national_texts(national))
        self.outcomes = [
            _Target(o.id, self._outcome_vector(national, o), None) for o in national.outcomes
        ]
        places = _Places(national)
        self.kpis = [
            _Target(k.id, self._kpi_vector(places, k), unit_class(k)) for k in national.kpis
        ]
        self._kpi_scores: dict[tuple[str, str, str | None], list[tuple[int, float]]] = {}

    def suggest(
        self,
        local: Strategy,
        *,
        top: int = 3,
        threshold: float = THRESHOLD,
        outcome_threshold: float = OUTCOME_THRESHOLD,
    ) -> list[Suggestion]:
        """Up to `top` targets per 基本目標 (scoring at least `outcome_threshold`) and per KPI
        (at least `threshold`) of `local`, best first; outcomes first, then KPIs, in document
        order."""
        found: list[Suggestion] = []
        for outcome in local.outcomes:
            vector = self._outcome_vector(local, outcome)
            scores = [(i, cosine(vector, t.vector)) for i, t in enumerate(self.outcomes)]
            found += _best("outcome", outcome.id, self.outcomes, scores, top, outcome_threshold)
        places = _Places(local)
        for kpi in local.kpis:
            scores = self._scores(places, kpi)
            found += _best("kpi", kpi.id, self.kpis, scores, top, threshold)
        return found

    def _scores(self, places: _Places, kpi: Kpi) -> list[tuple[int, float]]:
        key = (kpi.indicator, places.context(kpi), unit_class(kpi))
        scores = self._kpi_scores.get(key)
        if scores is None:
            main = self.weights.vector(key[0])
            vector = combine(main, self.weights.vector(key[1]), KPI_CONTEXT)
            scores = [
                (i, cosine(vector, t.vector) * _unit_factor(key[2], t.unit))
                for i, t in enumerate(self.kpis)
            ]
            self._kpi_scores[key] = scores
        return scores

    def _kpi_vector(self, places: _Places, kpi: Kpi) -> Vector:
        main = self.weights.vector(kpi.indicator)
        return combine(main, self.weights.vector(places.context(kpi)), KPI_CONTEXT)

    def _outcome_vector(self, strategy: Strategy, outcome: Outcome) -> Vector:
        """The title, and the centroid of what the outcome holds: a word many of its parts
        share (移住 in goal 2's 施策 and KPIs) outweighs one that a single part mentions."""
        main = self.weights.vector(outcome.title)
        parts = [self.weights.vector(part) for part in _outcome_parts(strategy, outcome)]
        return combine(main, centroid(parts), OUTCOME_CONTEXT)


def suggest(
    local: Strategy,
    national: Strategy,
    *,
    top: int = 3,
    threshold: float = THRESHOLD,
    outcome_threshold: float = OUTCOME_THRESHOLD,
) -> list[Suggestion]:
    """Suggested links of a local strategy's 基本目標 and KPIs to the national strategy's
    outcomes and KPIs (`Linker` keeps the national side for many local strategies)."""
    linker = Linker(national)
    return linker.suggest(local, top=top, threshold=threshold, outcome_threshold=outcome_threshold)


def _best(
    kind: Kind,
    subject: str,
    targets: Sequence[_Target],
    scores: Iterable[tuple[int, float]],
    top: int,
    threshold: float,
) -> list[Suggestion]:
    kept = sorted(
        ((round(score, 4), i) for i, score in scores if score >= threshold),
        key=lambda pair: (-pair[0], pair[1]),  # ties in document order
    )
    return [
        Suggestion(kind, subject, kind, targets[i].id, score, rank)
        for rank, (score, i) in enumerate(kept[:top], start=1)
    ]


# -- the texts compared ---------------------------------------------------------------------------


def _national_texts(national: Strategy) -> Iterable[str]:
    """The collection the weights are counted over: every title and KPI of the strategy."""
    yield from (o.title for o in national.outcomes)
    yield from (o.text for o in national.outcomes)
    yield from (a.title for a in national.areas)
    yield from (m.title for m in national.measures)
    yield from (k.indicator for k in national.kpis)


class _Places:
    """A strategy's 施策, areas and outcomes by id, to place its KPIs."""

    def __init__(self, strategy: Strategy) -> None:
        self.measures = {m.path: m for m in strategy.measures}
        self.areas = {a.id: a for a in strategy.areas}
        self.outcomes = {o.id: o for o in strategy.outcomes}
        self.impacts = {i.id: i for i in strategy.impacts}
        self.outcome_areas: dict[str | None, list[str]] = {}
        for area in strategy.areas:
            self.outcome_areas.setdefault(area.outcome_id, []).append(area.title)

    def context(self, kpi: Kpi) -> str:
        """Where a KPI sits: its 施策 (a local one's owner) or area, and the outcome above; an
        outcome's KPI with the outcome's areas, which say what its words leave open."""
        parts: list[str] = []
        outcome_id: str | None = None
        if kpi.level == "output":
            measure = self.measures.get(kpi.owner)
            area = self.areas.get(kpi.owner)
            if measure is not None:
                parts += [measure.title, measure.group_title or ""]
                outcome_id = measure.outcome_id
            elif area is not None:
                parts.append(area.title)
                outcome_id = area.outcome_id
        elif kpi.level == "outcome":
            outcome_id = kpi.owner
            parts += self.outcome_areas.get(outcome_id, [])
        elif (impact := self.impacts.get(kpi.owner)) is not None:
            parts.append(impact.title)
        if outcome_id is not None and (outcome := self.outcomes.get(outcome_id)) is not None:
            parts.append(outcome.title)
        return "\n".join(part for part in parts if part)


def _outcome_parts(strategy: Strategy, outcome: Outcome) -> list[str]:
    """What an outcome holds: its text, its areas and 施策, the indicators of its KPIs."""
    areas = [a for a in strategy.areas if a.outcome_id == outcome.id]
    measures = [m for m in strategy.measures if m.outcome_id == outcome.id]
    owners = {a.id for a in areas} | {m.path for m in measures} | {outcome.id}
    parts = [outcome.text]
    parts += [f"{a.title}\n{a.text}" for a in areas]
    parts += [m.title for m in measures]
    parts += [k.indicator for k in strategy.kpis if k.owner in owners]
    return [part for part in parts if part]
