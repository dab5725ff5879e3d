"""The comparison's pure parts: which labels of each shipped rule set count as achieved or on
track, values grouped by unit, shares, per-capita values and population classes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sousei.evaluate import KpiResult, load_rule_set
from sousei.evaluate.rules import SPECIAL_STATES, available_rule_sets
from sousei.ja.numbers import tidy_decimal
from sousei.registry import load_registry
from sousei.web.compare import counts_as_on_track, on_track_labels
from sousei.web.compare.model import Figure, Filters, LocalRow, Population
from sousei.web.compare.reads import exact
from sousei.web.compare.shaping import (
    apply_filters,
    governments,
    latest_population,
    population_class,
    share_of,
    shares_by_group,
    shares_by_prefecture,
    unit_groups,
)

# The table of `sousei.web.compare.model`'s docstring.
COUNTED = {
    "national": ("達成", "順調"),
    "local-3level": ("順調",),
    "local-n20": ("順調",),
    "local-ad": ("A", "B"),
    "local-marks": ("◎", "○"),
    "local-sabc": ("S", "A"),
}


def test_every_shipped_rule_set_says_which_labels_count() -> None:
    assert set(available_rule_sets()) == set(COUNTED)
    for name, labels in COUNTED.items():
        rules = load_rule_set(name)
        assert on_track_labels(rules) == labels, name
        for state in SPECIAL_STATES:
            assert counts_as_on_track(rules, state) is None
        # the counted labels are the best ones: no label counts below one that does not
        flags = [bool(counts_as_on_track(rules, label.id)) for label in rules.labels]
        assert flags == sorted(flags, reverse=True), name


def _row(
    code: str,
    status: str,
    *,
    unit: str | None = "人",
    value: str | None = "100",
    rule_set: str = "national",
    population: int | None = None,
    indicator: str = "移住者数",
) -> LocalRow:
    rules = load_rule_set(rule_set)
    kind = "evaluated" if status not in SPECIAL_STATES else status
    result = KpiResult.model_validate(
        {
            "kpi_id": f"local/{code}/{indicator}",
            "indicator": indicator,
            "year": 2025,
            "basis": "fiscal",
            "rule_set": rules.id,
            "status": status,
            "label": rules.text(status),
            "colour": rules.colour(status),
            "kind": kind,
            "rule": "test",
            "explanation": "",
        }
    )
    latest = None if value is None else Figure(Decimal(value), unit or "", 2025, 2025, "fiscal")
    return LocalRow(
        government=load_registry().get(code),
        strategy_key=f"local/{code}",
        strategy_title="戦略",
        kpi_id=result.kpi_id,
        indicator=indicator,
        level="outcome",
        via=("national/r-1",),
        rules=rules,
        result=result,
        latest=latest,
        target_unit=unit,
        population=None if population is None else Population(Decimal(population), 2020),
    )


SAPPORO, HAKODATE, SHINJUKU, NAHA = "011002", "012025", "131041", "472018"


def test_a_share_is_taken_over_graded_kpis_only() -> None:
    rows = [
        _row(SAPPORO, "on_track"),
        _row(SAPPORO, "behind"),
        _row(HAKODATE, "achieved"),
        _row(HAKODATE, "no_data"),
        _row(NAHA, "good", rule_set="local-3level"),
        _row(NAHA, "fair", rule_set="local-3level"),
        _row(SHINJUKU, "B", rule_set="local-ad"),
    ]
    total = share_of("all", "全体", rows)
    assert (total.governments, total.kpis, total.graded, total.on_track) == (4, 7, 6, 4)
    assert total.share == Decimal(4) / Decimal(6)
    prefectures = {s.key: (s.graded, s.on_track) for s in shares_by_prefecture(rows)}
    assert prefectures == {"01": (3, 2), "13": (1, 1), "47": (2, 1)}
    groups = {s.name: (s.governments, s.graded, s.on_track) for s in shares_by_group(rows)}
    assert groups == {
        "東京圏": (1, 1, 1),
        "都市圏": (1, 1, 1),
        "地方部": (3, 5, 3),
        "東京圏以外": (3, 5, 3),
    }
    assert share_of("x", "なし", [_row(SAPPORO, "no_data")]).share is None


def test_a_government_is_classed_by_how_many_of_its_kpis_are_on_track() -> None:
    rows = [
        _row(SAPPORO, "on_track"),
        _row(SAPPORO, "achieved"),
        _row(HAKODATE, "on_track"),
        _row(HAKODATE, "behind"),
        _row(NAHA, "behind"),
        _row(NAHA, "no_data"),
        _row(SHINJUKU, "not_due"),
    ]
    classes = {s.government.code: s.category for s in governments(rows)}
    assert classes == {SAPPORO: "all", HAKODATE: "some", SHINJUKU: "ungraded", NAHA: "none"}


def test_values_are_grouped_by_unit_and_the_others_set_apart() -> None:
    rows = [
        _row(SAPPORO, "on_track", unit="人"),
        _row(HAKODATE, "on_track", unit="件"),
        _row(NAHA, "on_track", unit=None, value=None),
        _row(SHINJUKU, "on_track", unit="人"),
    ]
    groups, apart = unit_groups(rows, "人")
    assert [(g.unit, len(g.rows), g.matches_national) for g in groups] == [("人", 2, True)]
    assert [(a.row.government.code, a.reason) for a in apart] == [
        (HAKODATE, "単位（件）が国の KPI（人）と異なります"),
        (NAHA, "単位がなく、国の KPI（人）と値を比べられません"),
    ]
    groups, apart = unit_groups(rows, None)  # an outcome: each unit compared within itself
    assert [(g.unit, len(g.rows), g.matches_national) for g in groups] == [
        ("人", 2, False),
        ("", 1, False),
        ("件", 1, False),
    ]
    assert apart == ()


def test_per_capita_only_for_counts_and_amounts_with_a_population() -> None:
    assert _row(SAPPORO, "on_track", value="3700", population=237000).per_capita == Decimal("156.1")
    assert _row(SAPPORO, "on_track", value="5", population=3).per_capita == Decimal("16666.7")
    assert _row(SAPPORO, "on_track", unit="%", population=237000).per_capita is None
    assert _row(SAPPORO, "on_track", unit="円/人", population=237000).per_capita is None
    assert _row(SAPPORO, "on_track", population=None).per_capita is None
    assert _row(SAPPORO, "on_track", value=None, population=100).per_capita is None


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        (9999, "under-10k"),
        (10000, "10k-50k"),
        (49999, "10k-50k"),
        (50000, "50k-200k"),
        (199999, "50k-200k"),
        (200000, "200k-500k"),
        (500000, "500k-plus"),
        (1973000, "500k-plus"),
    ],
)
def test_population_classes_include_their_lower_bound(people: int, expected: str) -> None:
    assert population_class(Population(Decimal(people), 2020)) == expected


def test_the_population_of_a_year_is_the_latest_known_by_then() -> None:
    series = [Population(Decimal(100), 2015), Population(Decimal(90), 2020)]
    assert latest_population(series, 2025) == series[1]
    assert latest_population(series, 2019) == series[0]
    assert latest_population(series, 2010) == series[0]  # only later figures: the oldest
    assert latest_population([], 2025) is None


def test_filters_by_prefecture_kind_and_population() -> None:
    rows = [
        _row(SAPPORO, "on_track", population=1973000),
        _row(HAKODATE, "on_track", population=251000),
        _row(SHINJUKU, "on_track"),
    ]

    def codes(filters: Filters) -> list[str]:
        return [row.government.code for row in apply_filters(rows, filters)]

    assert codes(Filters()) == [SAPPORO, HAKODATE, SHINJUKU]
    assert codes(Filters(prefecture="01")) == [SAPPORO, HAKODATE]
    assert codes(Filters(kind="special_ward")) == [SHINJUKU]
    assert codes(Filters(kind="designated_city")) == [SAPPORO]
    assert codes(Filters(population="200k-500k")) == [HAKODATE]
    assert codes(Filters(prefecture="13", population="500k-plus")) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (Decimal("3700.0000000000"), "3700"),  # PostgreSQL's numeric(38, 10)
        (Decimal("-45.3300000000"), "-45.33"),
        (3700, "3700"),  # SQLite: an integer
        (0.1, "0.1"),  # SQLite: a float, as SQLAlchemy's "%.10f" writes it
        (1.005, "1.005"),
        (2**60, "1152921504606846976"),  # beyond a float's exact range: as SQLAlchemy reads it
        ("12.50", "12.5"),
    ],
)
def test_stored_values_are_read_as_the_store_gives_them(
    raw: str | int | float | Decimal, expected: str
) -> None:
    value = exact(raw)
    assert str(value) == expected
    # what observations.to_observation makes of SQLAlchemy's Decimal: the same number
    read = Decimal("%.10f" % raw) if isinstance(raw, float) else Decimal(raw)  # noqa: UP031
    assert value == tidy_decimal(read)
