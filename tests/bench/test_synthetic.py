"""The synthetic national-scale data: deterministic, the right counts and shapes, plausible."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from decimal import Decimal
from functools import cache

import pytest

from bench import synthetic
from sousei.ja import parse_target
from sousei.model import Strategy

SAPPORO = "011002"
SAMPLE = synthetic.local_codes()[::60]  # 30 governments of every kind, north to south
TARGET_FIELDS = (
    "value",
    "unit",
    "comparator",
    "target_year",
    "year_basis",
    "recurring",
    "cumulative",
    "period_start",
    "baseline_year",
)


@pytest.fixture(scope="module")
def sapporo() -> Strategy:
    return synthetic.local_strategy(SAPPORO, seed=1)


@pytest.fixture(scope="module")
def sample() -> list[Strategy]:
    return [synthetic.local_strategy(code, seed=1) for code in SAMPLE]


def _ids(code: str, strategy: Strategy) -> list[str]:
    return [f"local/{code}/{kpi.id}" for kpi in strategy.kpis]


# -- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("010006", "北海道"),
        ("011002", "札幌市"),
        ("131016", "千代田区"),
        ("131237", "江戸川区"),
        ("141003", "横浜市"),
        ("271004", "大阪市"),
        ("401307", "福岡市"),
        ("470007", "沖縄県"),
    ],
)
def test_real_codes_carry_their_check_digit_and_name(code: str, name: str) -> None:
    assert synthetic.check_digit(code[:5]) == code[5]
    assert code in synthetic.local_codes()
    assert synthetic.local_name(code) == name


def test_there_are_1788_valid_distinct_codes_in_order() -> None:
    codes = synthetic.local_codes()
    assert len(codes) == 1788
    assert codes == sorted(set(codes))
    assert all(synthetic.is_valid_code(code) for code in codes)
    assert not synthetic.is_valid_code("011001")


def test_the_governments_are_japans_47_prefectures_and_1741_municipalities() -> None:
    kinds = Counter(_kind(code) for code in synthetic.local_codes())
    assert kinds == {"prefecture": 47, "市": 792, "区": 23, "町村": 926}
    names = Counter((code[:2], synthetic.local_name(code)) for code in synthetic.local_codes())
    assert max(names.values()) == 1  # no two of a prefecture share a name


def _kind(code: str) -> str:
    name = synthetic.local_name(code)
    if code[2:5] == "000":
        return "prefecture"
    return name[-1] if name[-1] in "市区" else "町村"


def test_populations_fit_the_kind_of_government() -> None:
    assert 550_000 <= synthetic.population("130001") <= 14_200_000  # 東京都
    assert 700_000 <= synthetic.population(SAPPORO) <= 3_800_000
    villages = [c for c in synthetic.local_codes() if synthetic.local_name(c).endswith("村")]
    assert all(500 <= synthetic.population(c) <= 6_400 for c in villages)


# -- strategies -------------------------------------------------------------------------------


def test_a_strategy_is_the_same_for_the_same_seed(sapporo: Strategy) -> None:
    assert synthetic.local_strategy(SAPPORO, seed=1) == sapporo
    other = synthetic.local_strategy(SAPPORO, seed=2)
    assert other != sapporo
    # what a government measures belongs to the government; the seed draws the targets
    assert [k.indicator for k in other.kpis] == [k.indicator for k in sapporo.kpis]
    assert [k.target for k in other.kpis] != [k.target for k in sapporo.kpis]


def test_a_strategy_has_the_shape_of_a_local_comprehensive_strategy(sapporo: Strategy) -> None:
    assert sapporo.title.startswith(("札幌市", "第2期札幌市"))
    assert sapporo.title.endswith("総合戦略")
    assert [o.id for o in sapporo.outcomes] == ["A", "B", "C", "D"]
    assert [o.title for o in sapporo.outcomes][2] == "結婚・出産・子育ての希望をかなえる"
    assert len(sapporo.areas) == 12
    assert {a.outcome_id for a in sapporo.areas} == {"A", "B", "C", "D"}
    assert len(sapporo.measures) == 36
    assert {m.area_id for m in sapporo.measures} == {a.id for a in sapporo.areas}


def test_a_strategy_has_100_distinct_kpis_at_three_levels(sapporo: Strategy) -> None:
    kpis = sapporo.kpis
    assert len(kpis) == 100
    assert Counter(k.level for k in kpis) == {"impact": 1, "outcome": 12, "output": 87}
    assert len({k.id for k in kpis}) == 100
    assert len({k.indicator for k in kpis}) == 100
    assert kpis[0].indicator == "総人口"
    owners = {a.id for a in sapporo.areas} | {o.id for o in sapporo.outcomes} | {"1"}
    assert {k.owner for k in kpis} <= owners
    lines = [k.lines.start for k in kpis]
    assert lines == sorted(lines)


def test_kpis_use_the_usual_units_comparators_and_years(sample: list[Strategy]) -> None:
    kpis = [k for strategy in sample for k in strategy.kpis]
    units = Counter(k.target.unit for k in kpis)
    assert set(units) == {"人", "件", "%", "円", "人泊", None}  # None: 増加・減少
    comparators = Counter(k.target.comparator for k in kpis)
    assert set(comparators) == {">=", "=", "<=", "increase", "decrease", "maintain"}
    dated = [k.target for k in kpis if not k.target.recurring]
    assert {t.target_year for t in dated} == set(range(2025, 2031))
    assert any(k.target.recurring for k in kpis)
    assert any(k.target.cumulative for k in kpis)
    assert {k.target.baseline_year for k in kpis} == {2019, 2020, 2022, 2023}


def test_every_target_text_reads_back_as_its_target(sample: list[Strategy]) -> None:
    for kpi in (k for strategy in sample for k in strategy.kpis):
        (read,) = parse_target(kpi.target.text, "\n".join(kpi.notes))
        assert {f: getattr(read, f) for f in TARGET_FIELDS} == {
            f: getattr(kpi.target, f) for f in TARGET_FIELDS
        }, kpi.text
        assert kpi.text == f"{kpi.indicator}：{kpi.target.text}"


def test_targets_are_round_numbers_ahead_of_the_baseline(sample: list[Strategy]) -> None:
    for kpi in (k for strategy in sample for k in strategy.kpis):
        value = kpi.target.value
        if value is None or kpi.target.cumulative:
            continue
        if kpi.target.unit == "%":
            assert 0 <= value <= 100
        else:
            assert len(str(abs(int(value))).rstrip("0")) <= 2, kpi.text  # two significant figures
        (baseline,) = parse_target(kpi.notes[0].removeprefix("※基準値："))
        assert baseline.value is not None
        if _INDICATORS[kpi.indicator.split("（")[0]].down:
            assert value <= baseline.value, kpi.text
        else:
            assert value >= baseline.value, kpi.text


_INDICATORS = {i.name: i for theme in synthetic.THEMES for i in theme.indicators} | {
    synthetic.POPULATION.name: synthetic.POPULATION
}


@pytest.mark.parametrize("count", [0, 1, 5, 13, 250])
def test_a_strategy_can_have_any_number_of_kpis(count: int) -> None:
    kpis = synthetic.local_strategy("012025", kpis=count, seed=3).kpis
    assert len(kpis) == count
    assert len({k.id for k in kpis}) == count
    assert len({k.indicator for k in kpis}) == count  # repeats are told apart by 地区


# -- actuals ----------------------------------------------------------------------------------


def test_actuals_are_the_same_for_the_same_seed(sapporo: Strategy) -> None:
    ids = _ids(SAPPORO, sapporo)
    first = list(synthetic.observations(ids, seed=5))
    assert list(synthetic.observations(ids, seed=5)) == first
    assert list(synthetic.observations(ids, seed=6)) != first


def test_each_kpi_gets_six_years_in_its_own_unit_and_year_basis(sapporo: Strategy) -> None:
    reports = list(synthetic.observations(_ids(SAPPORO, sapporo), seed=5))
    assert len(reports) == 600
    by_id = {f"local/{SAPPORO}/{k.id}": k for k in sapporo.kpis}
    for report in reports:
        target = by_id[report.kpi_id].target
        assert isinstance(report.value, Decimal)
        assert report.unit == (target.unit or report.unit)
        assert report.period.basis == (target.year_basis or report.period.basis)
        assert report.period.start == report.period.end
        assert report.status == ("速報" if report.period.end == 2025 else "確定値")
        assert report.source.publisher
    years = Counter(r.period.end for r in reports)
    assert years == dict.fromkeys(range(2020, 2026), 100)


def test_actual_values_are_plausible(sample: list[Strategy]) -> None:
    reports = [
        report
        for code, strategy in zip(SAMPLE, sample, strict=True)
        for report in synthetic.observations(_ids(code, strategy), seed=5)
    ]
    rates = [r.value for r in reports if r.unit == "%"]
    assert all(0 <= v <= 100 for v in rates)
    assert all(v == round(v, 1) for v in rates)
    counts = [r for r in reports if r.unit != "%"]
    assert all(r.value == r.value.to_integral_value() for r in counts)
    negative = [r for r in counts if r.value < 0]
    assert negative  # 人口の社会増減 goes below zero in some places…
    assert {_indicator(r.kpi_id) for r in negative} == {"人口の社会増減"}  # …and only it


def test_actuals_follow_the_population_and_the_travel_slump(sample: list[Strategy]) -> None:
    for code, strategy in zip(SAMPLE, sample, strict=True):
        (people,) = [
            r.value
            for r in synthetic.observations([f"local/{code}/I1"], seed=5)
            if r.period.end == 2020
        ]
        assert abs(people / synthetic.population(code) - 1) < Decimal("0.05")
        assert strategy.kpis[0].indicator == "総人口"
    travel = [
        f"local/{code}/{k.id}" for code, s in zip(SAMPLE, sample, strict=True) for k in s.kpis
    ]
    travel = [i for i in travel if _indicator(i) in ("観光入込客数", "延べ宿泊者数", "交流人口")]
    ratios = []
    for kpi_id in travel:
        values = {r.period.end: r.value for r in synthetic.observations([kpi_id], seed=5)}
        ratios.append(float(values[2020] / max(values[2023], Decimal(1))))
    assert len(ratios) > 10
    assert statistics.median(ratios) < 0.75


def test_actuals_lie_near_the_targets(sample: list[Strategy]) -> None:
    ratios = []
    for code, strategy in zip(SAMPLE, sample, strict=True):
        for kpi in strategy.kpis:
            target = kpi.target
            if target.value is None or target.cumulative or target.value <= 0:
                continue
            (latest,) = [
                r.value
                for r in synthetic.observations([f"local/{code}/{kpi.id}"], seed=5)
                if r.period.end == 2025
            ]
            ratios.append(float(latest / target.value))
    assert 0.8 < statistics.median(ratios) < 1.1
    assert statistics.quantiles(ratios, n=10)[0] > 0.4  # nine in ten at least 40% of the way


def _indicator(kpi_id: str) -> str:
    code, doc_id = kpi_id.split("/")[-2:]
    return next(k.indicator for k in _strategy_of(code).kpis if k.id == doc_id)


@cache
def _strategy_of(code: str) -> Strategy:
    return synthetic.local_strategy(code, seed=1)  # indicators do not depend on the seed


def test_ids_of_other_shapes_still_get_figures() -> None:
    reports = list(synthetic.observations(["national/A-KPI④-1", "x"], years=[2024], seed=1))
    assert [r.kpi_id for r in reports] == ["national/A-KPI④-1", "x"]
    assert all(r.value >= 0 for r in reports)


def test_the_csv_has_the_long_layout() -> None:
    reports = list(synthetic.observations([f"local/{SAPPORO}/C-KPI①"], years=[2024], seed=1))
    rows = list(csv.reader(io.StringIO(synthetic.actuals_csv(reports).decode())))
    assert rows[0] == ["kpi_id", "period", "value", "unit", "status", "publisher"]
    (row,) = rows[1:]
    assert row[0] == f"local/{SAPPORO}/C-KPI①"
    assert row[1] in ("2024年", "2024年度")
    assert Decimal(row[2]) == reports[0].value
    assert row[3:] == [reports[0].unit, "速報", reports[0].source.publisher]
