"""Identity across revisions: which element of a new revision is which element of the old one.

Document-local ids (``A-KPI④-1``, ``a-3``, ``4(1)-2``, measure paths ``a/1/5``) change whenever a
revision inserts, removes or moves something, so they are never evidence of identity. Elements are
matched by their text instead, in three steps; each step only sees what the earlier ones left
unmatched, and every old element is used at most once:

1. **Exact** — same normalised text and the same extra evidence: for a KPI the level and the
   normalised target text, for a measure its area, for an area its outcome.
2. **Same text** — same normalised text, whatever else changed (a KPI's target, a measure's area).
3. **Similar text** — ``difflib.SequenceMatcher`` ratio of the normalised texts at least
   `SIMILARITY` (0.75) when both sit under the same owner (area, outcome), at least
   `SIMILARITY_ELSEWHERE` (0.9) when they would also move. A reworded indicator keeps most of
   its characters (a particle or a few characters change: 0.9 and more); different indicators of
   the national strategy are mostly below 0.75, the closest (4(1)-1 and 4(1)-2, 0.85; スマート農業
   and スマート林業の推進, 0.89) share their owner, and since step 3 only sees the leftovers they
   could only be confused if one were removed and the other added in the same revision. Pairs
   are compared after a cheap ``real_quick_ratio``/``quick_ratio`` prefilter.

Within a step, candidate pairs are assigned best first: higher ratio, then the preferences of
the element in order (KPI: same level, same owner, same target text, same target year; measure:
same area, same outcome, same group; area: same outcome, same written id), then the smaller
distance between the positions in the two revisions, then document order. So the two rows of a
bullet with two dated targets (``d-2.1``/``d-2.2``: same indicator) pair by target text, then by
target year, then by order. What no step matches is added (new) or removed (old).

Normalised text (`text_key`) is Unicode NFKC with all whitespace removed: the PDF conversion
spreads spaces and full-width forms arbitrarily, and they never change the meaning.

Measures match only measures of the same kind: relisted (【再掲】) ones relisted ones, others
others. 第6節's other measures match only within their outcome. Owners of the new revision are
translated into the old one's ids (`match_strategies` matches areas first) so that re-lettered
areas do not count as moves.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from .strategy import Area, Kpi, Measure, OtherMeasure, Strategy

__all__ = [
    "SIMILARITY",
    "SIMILARITY_ELSEWHERE",
    "Matching",
    "match_areas",
    "match_kpis",
    "match_measures",
    "match_other_measures",
    "match_strategies",
    "other_measure_id",
    "text_key",
]

SIMILARITY = 0.75
"""Least SequenceMatcher ratio of two texts under the same owner to call them one element."""

SIMILARITY_ELSEWHERE = 0.9
"""Least ratio when the owner differs too: a move and a rewording at once needs more evidence."""


def text_key(text: str) -> str:
    """The text as compared between revisions: NFKC, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def other_measure_id(measure: OtherMeasure) -> str:
    """A readable id of a 第6節 measure, unique in its document: ``A-12``."""
    return f"{measure.outcome_id}-{measure.number}"


@dataclass(frozen=True, slots=True)
class _Entry:
    """One element as the matcher sees it."""

    id: str
    kind: Hashable  # only entries of the same kind may match
    key: str  # the normalised text
    exact: Hashable  # what step 1 requires besides the text
    owner: str  # in the old revision's ids
    prefs: tuple[Hashable, ...]  # compared in order to break ties
    position: int


# Higher is better: ratio, preferences met, closeness of positions, then document order.
_Score = tuple[float, tuple[bool, ...], int, int, int]


def _score(ratio: float, old: _Entry, new: _Entry) -> _Score:
    prefs = tuple(o == n for o, n in zip(old.prefs, new.prefs, strict=True))
    return (ratio, prefs, -abs(old.position - new.position), -new.position, -old.position)


def _match(old: Sequence[_Entry], new: Sequence[_Entry]) -> dict[str, str]:
    """Run the three steps; new id → old id."""
    pairs: dict[int, int] = {}  # new position → old position
    used: set[int] = set()
    for step in (_exact_step, _same_text_step, _similar_step):
        free_old = [o for o in old if o.position not in used]
        free_new = [n for n in new if n.position not in pairs]
        for _, new_pos, old_pos in sorted(step(free_old, free_new), reverse=True):
            if new_pos not in pairs and old_pos not in used:
                pairs[new_pos] = old_pos
                used.add(old_pos)
    return {new[n].id: old[o].id for n, o in pairs.items()}


_Candidates = list[tuple[_Score, int, int]]


def _grouped(
    old: Sequence[_Entry], new: Sequence[_Entry], group: Callable[[_Entry], Hashable]
) -> _Candidates:
    by_group: defaultdict[Hashable, list[_Entry]] = defaultdict(list)
    for o in old:
        by_group[group(o)].append(o)
    return [
        (_score(1.0, o, n), n.position, o.position) for n in new for o in by_group.get(group(n), ())
    ]


def _exact_step(old: Sequence[_Entry], new: Sequence[_Entry]) -> _Candidates:
    return _grouped(old, new, lambda e: (e.kind, e.key, e.exact))


def _same_text_step(old: Sequence[_Entry], new: Sequence[_Entry]) -> _Candidates:
    return _grouped(old, new, lambda e: (e.kind, e.key))


def _similar_step(old: Sequence[_Entry], new: Sequence[_Entry]) -> _Candidates:
    candidates: _Candidates = []
    matcher = SequenceMatcher(autojunk=False)
    for n in new:
        matcher.set_seq2(n.key)  # SequenceMatcher caches what it learns about seq2
        for o in old:
            if o.kind != n.kind:
                continue
            least = SIMILARITY if o.owner == n.owner else SIMILARITY_ELSEWHERE
            matcher.set_seq1(o.key)
            if matcher.real_quick_ratio() < least or matcher.quick_ratio() < least:
                continue
            ratio = matcher.ratio()
            if ratio >= least:
                candidates.append((_score(ratio, o, n), n.position, o.position))
    return candidates


def match_kpis(
    old: Sequence[Kpi], new: Sequence[Kpi], *, owners: Mapping[str, str] | None = None
) -> dict[str, str]:
    """New Kpi.id → old Kpi.id for the KPIs that are the same indicator.

    ``owners`` translates the new revision's owner ids (areas) into the old one's.
    """
    owners = owners or {}

    def entry(kpi: Kpi, position: int, owner: str) -> _Entry:
        target = text_key(kpi.target.text)
        return _Entry(
            id=kpi.id,
            kind=(),
            key=text_key(kpi.indicator),
            exact=(kpi.level, target),
            owner=owner,
            prefs=(kpi.level, owner, target, kpi.target.target_year),
            position=position,
        )

    return _match(
        [entry(k, i, k.owner) for i, k in enumerate(old)],
        [entry(k, i, owners.get(k.owner, k.owner)) for i, k in enumerate(new)],
    )


def match_measures(
    old: Sequence[Measure], new: Sequence[Measure], *, areas: Mapping[str, str] | None = None
) -> dict[str, str]:
    """New Measure.path → old Measure.path for the same measure, matched by title.

    ``areas`` translates the new revision's area ids into the old one's.
    """
    areas = areas or {}

    def entry(measure: Measure, position: int, area: str) -> _Entry:
        return _Entry(
            id=measure.path,
            kind=measure.relisted,
            key=text_key(measure.title),
            exact=area,
            owner=area,
            prefs=(area, measure.outcome_id, measure.group),
            position=position,
        )

    return _match(
        [entry(m, i, m.area_id) for i, m in enumerate(old)],
        [entry(m, i, areas.get(m.area_id, m.area_id)) for i, m in enumerate(new)],
    )


def match_areas(old: Sequence[Area], new: Sequence[Area]) -> dict[str, str]:
    """New Area.id → old Area.id for the same output area, matched by title."""

    def entry(area: Area, position: int) -> _Entry:
        outcome = area.outcome_id or ""
        return _Entry(
            id=area.id,
            kind=(),
            key=text_key(area.title),
            exact=outcome,
            owner=outcome,
            prefs=(outcome, area.written_id),
            position=position,
        )

    return _match(
        [entry(a, i) for i, a in enumerate(old)], [entry(a, i) for i, a in enumerate(new)]
    )


def match_other_measures(
    old: Sequence[OtherMeasure], new: Sequence[OtherMeasure]
) -> dict[str, str]:
    """New → old `other_measure_id` for 第6節 measures of one outcome with the same title."""

    def entry(measure: OtherMeasure, position: int) -> _Entry:
        return _Entry(
            id=other_measure_id(measure),
            kind=measure.outcome_id,
            key=text_key(measure.title),
            exact=(),
            owner=measure.outcome_id,
            prefs=(),
            position=position,
        )

    return _match(
        [entry(m, i) for i, m in enumerate(old)], [entry(m, i) for i, m in enumerate(new)]
    )


@dataclass(frozen=True, slots=True)
class Matching:
    """同一性の対応 — every element of a new revision matched to the old one: new id → old id."""

    areas: Mapping[str, str]
    kpis: Mapping[str, str]
    measures: Mapping[str, str]
    other_measures: Mapping[str, str]


def match_strategies(old: Strategy, new: Strategy) -> Matching:
    """Match areas first, so that KPIs and measures of re-lettered areas keep their owner."""
    areas = match_areas(old.areas, new.areas)
    return Matching(
        areas=areas,
        kpis=match_kpis(old.kpis, new.kpis, owners=areas),
        measures=match_measures(old.measures, new.measures, areas=areas),
        other_measures=match_other_measures(old.other_measures, new.other_measures),
    )
