"""A year's evaluation of every strategy gives what `evaluate_strategy` gives, strategy by
strategy: the same results, field by field, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bench import synthetic
from sousei.evaluate import KpiResult
from sousei.evaluate.lean import LeanResult
from sousei.ingest import parse_file
from sousei.ja.numbers import tidy_decimal
from sousei.model import Strategy
from sousei.model.actuals import Period, Report, Source
from sousei.store import evaluation, observations, published, strategies, yearly
from sousei.store.db import engine_for, transaction, upgrade
from sousei.store.errors import NotFoundError
from sousei.store.tables import KpiVersionRow, ObservationRow, RevisionRow, StrategyRow
from sousei.store.yearly import _Numbers, evaluate_year

SEED = 2025
LOCAL = ("011002", "472158")  # 札幌市 and a village of 沖縄県
YEARS = range(2018, 2033)  # before every baseline, through every target year and after
VISITORS = "national/A-KPI④-1"
GOLDEN = Path(__file__).parents[1] / "golden" / "local"
RULE_SETS = ("national", "local-3level", "local-ad", "local-marks", "local-n20", "local-sabc")


def _dump(results: Sequence[KpiResult | LeanResult]) -> list[str]:
    """Results as exactly as they can be compared: every field's repr (Decimal exponents too),
    a LeanResult's own fields and the KpiResult it writes on demand both."""
    dumped = []
    for result in results:
        fields = {name: repr(getattr(result, name)) for name in KpiResult.model_fields}
        dumped.append(repr(fields))
        if isinstance(result, LeanResult):
            dumped.append(repr(result.result()))
        else:
            dumped.append(repr(result))
    return dumped


def _check(session: Session, key: str, year: int, rule_set: str, approved_only: bool) -> None:
    expected = evaluation.evaluate_strategy(
        session, key=key, year=year, rule_set=rule_set, approved_only=approved_only
    )
    found = evaluate_year(
        session, year=year, rule_set=rule_set, keys=[key], approved_only=approved_only
    ).strategy(key)
    assert found.revision == expected.revision
    assert found.rules == expected.rules
    assert _dump(found.results) == _dump(expected.results)


def _figure(kpi_id: str, year: int, value: int, basis: str = "fiscal", unit: str = "人") -> Report:
    return Report(
        kpi_id=kpi_id,
        period=Period(start=year, end=year, basis=basis),  # type: ignore[arg-type]
        value=Decimal(value),
        unit=unit,
        source=Source(publisher="テスト"),
    )


def _approve(session: Session, figure_id: int) -> None:
    observations.review(session, observation_ids=[figure_id], action="submit", actor="t")
    observations.review(session, observation_ids=[figure_id], action="approve", actor="s")


@pytest.fixture
def national(session: Session, national_model: Strategy) -> Session:
    strategies.load_strategy(session, strategy=national_model, key="national", actor="loader")
    published.load_published(session, key="national", actor="sousei")
    published.load_references(session, key="national", actor="sousei")
    return session


@pytest.fixture
def local(national: Session) -> Session:
    """Two synthetic local strategies beside the national one, with approved actuals and the
    figures that must not count: superseded, unapproved, and a correction still in review."""
    session = national
    for code in LOCAL:
        key = f"local/{code}"
        model = synthetic.local_strategy(code, kpis=40, seed=SEED)
        strategies.load_strategy(
            session, strategy=model, key=key, actor="loader", family="local", lgcode=code
        )
        ids = [f"{key}/{kpi.id}" for kpi in model.kpis]
        # Years 2019–2025 for all but every fifth KPI, whose figures stop in 2023: データなし
        # later, with the latest figure named.
        reports = [
            (None, report)
            for report in synthetic.observations(ids, years=range(2019, 2026), seed=SEED)
            if report.period.end <= 2023 or ids.index(report.kpi_id) % 5
        ]
        plan = observations.plan_import(session, reports=reports)
        observations.apply_import(
            session, plan=plan, actor="t", file_name="a.csv", sha256="", state="approved"
        )
        _corrections(session, ids)
    return session


def _corrections(session: Session, ids: list[str]) -> None:
    current = {(o.kpi_id, o.period.end): o for o in observations.current(session, kpi_ids=ids)}
    first, second, third, fourth = ids[3], ids[7], ids[11], ids[15]
    # An approved correction of 2025: the old figure no longer counts.
    old = current[(first, 2025)]
    fixed = observations.record(
        session,
        report=_figure(first, 2025, int(old.value) + 7, old.period.basis, old.unit),
        actor="t",
    )
    assert fixed is not None
    _approve(session, fixed.id)
    # A correction of 2024 still in review: with approved figures only, the approved figure
    # it corrects stays in force until the correction is approved (`store.supersession`).
    old = current[(second, 2024)]
    pending = observations.record(
        session,
        report=_figure(second, 2024, int(old.value) + 1, old.period.basis, old.unit),
        actor="t",
    )
    assert pending is not None
    observations.review(session, observation_ids=[pending.id], action="submit", actor="t")
    # A draft for a year without figures: counts only with approved_only=False.
    draft = current[(third, 2023)]
    observations.record(
        session, report=_figure(third, 2026, 5, draft.period.basis, draft.unit), actor="t"
    )
    # The same year in the other basis, approved: two figures for one period in an early year
    # the judgement of later years does not read; the evaluation still counts the duplicate.
    old = current[(fourth, 2020)]
    other = "calendar" if old.period.basis == "fiscal" else "fiscal"
    duplicate = observations.record(
        session, report=_figure(fourth, 2020, int(old.value), other, old.unit), actor="t"
    )
    assert duplicate is not None
    _approve(session, duplicate.id)


def test_the_national_strategy_with_its_published_figures(national: Session) -> None:
    for year in YEARS:
        _check(national, "national", year, "national", approved_only=True)


def test_the_visitors_sentence_is_the_one_evaluate_strategy_writes(national: Session) -> None:
    found = evaluate_year(national, year=2025).strategy("national")
    visitors = next(r for r in found.results if r.kpi_id == VISITORS)
    assert visitors.label == "順調"
    assert "期待値 4,072万人を上回っています" in visitors.explanation


def test_local_strategies_every_year(local: Session) -> None:
    for year in YEARS:
        for code in LOCAL:
            _check(local, f"local/{code}", year, "national", approved_only=True)


@pytest.mark.parametrize("rule_set", ["local-3level", "local-ad", "local-marks", "local-n20"])
def test_local_strategies_under_other_rule_sets(local: Session, rule_set: str) -> None:
    for year in (2024, 2026, 2030):
        for code in LOCAL:
            _check(local, f"local/{code}", year, rule_set, approved_only=True)


def test_every_figure_in_force_when_not_only_approved(local: Session) -> None:
    for year in (2023, 2025, 2026):
        for key in ("national", *(f"local/{code}" for code in LOCAL)):
            _check(local, key, year, "national", approved_only=False)


def test_the_cases_that_read_outside_the_year_are_covered(local: Session) -> None:
    """The fixture's figures reach the paths that need every figure of a KPI."""
    results = evaluate_year(local, year=2026, keys=[f"local/{LOCAL[0]}"]).results
    rules = {r.rule for r in results}
    assert "data.missing" in rules
    assert any("直近の実績は" in r.explanation for r in results)
    assert any(r.notes and "重複" in r.notes[0] for r in results)


def test_two_corrections_of_one_figure_are_both_in_force(local: Session) -> None:
    """Two corrections of the same figure (two imports planned at once): both supersede it, so
    its period holds two figures in force, in a year the judgement of 2026 does not read."""
    key = f"local/{LOCAL[0]}"
    kpi_id = f"{key}/{synthetic.local_strategy(LOCAL[0], kpis=40, seed=SEED).kpis[5].id}"
    (old,) = [o for o in observations.current(local, kpi_ids=[kpi_id]) if o.period.end == 2020]
    row = {
        "kpi_id": kpi_id,
        "period_start": 2020,
        "period_end": 2020,
        "period_basis": old.period.basis,
        "unit": old.unit,
        "entered_by": "t",
        "entered_at": old.entered_at,
        "supersedes_id": old.id,
        "review_state": "approved",
    }
    local.execute(insert(ObservationRow), [row | {"value": old.value + 1}, row | {"value": 1}])
    for year in (2021, 2026):
        _check(local, key, year, "national", approved_only=True)
    found = evaluate_year(local, year=2026, keys=[key]).results
    assert any("重複" in note for r in found if r.kpi_id == kpi_id for note in r.notes)


def test_a_local_document_s_own_baselines(national: Session) -> None:
    """A parsed local strategy states its 基準値: both paths start from them."""
    key = "local/011002"
    model = parse_file(GOLDEN / "higashiyama-pref.md")
    strategies.load_strategy(
        national, strategy=model, key=key, actor="loader", family="local", lgcode="011002"
    )
    ids = dict(
        national.execute(
            select(KpiVersionRow.doc_id, KpiVersionRow.kpi_id)
            .join(RevisionRow, RevisionRow.id == KpiVersionRow.revision_id)
            .join(StrategyRow, StrategyRow.id == RevisionRow.strategy_id)
            .where(StrategyRow.key == key)
        ).all()
    )
    reports = [
        (None, _figure(ids[kpi.id], 2026, int(kpi.target.baseline_value) + 1, "fiscal", unit))
        for kpi in model.kpis
        if kpi.target.baseline_value is not None and (unit := kpi.target.unit) is not None
    ]
    plan = observations.plan_import(national, reports=reports)
    observations.apply_import(
        national, plan=plan, actor="t", file_name="a.csv", sha256="", state="approved"
    )
    for year in (2024, 2026, 2030):
        _check(national, key, year, "local-3level", approved_only=True)
    found = evaluate_year(national, year=2026, keys=[key], rule_set="local-3level").results
    assert sum(r.baseline_source == "document" for r in found) >= 20


def test_all_strategies_at_once_in_load_order(local: Session) -> None:
    found = evaluate_year(local, year=2025)
    keys = [s.key for s in found.strategies]
    assert keys == ["national", *(f"local/{code}" for code in LOCAL)]
    assert len(found.results) == 55 + 40 * len(LOCAL)
    for strategy in found.strategies:
        expected = evaluation.evaluate_strategy(
            local, key=strategy.key, year=2025, rule_set="national"
        )
        assert _dump(strategy.results) == _dump(expected.results)


def test_each_strategy_s_own_rule_set(local: Session) -> None:
    key = f"local/{LOCAL[1]}"
    local.execute(update(StrategyRow).where(StrategyRow.key == key).values(rule_set="local-ad"))
    found = evaluate_year(local, year=2026, rule_set=None)
    assert found.strategy("national").rules.id == "national"
    assert found.strategy(key).rules.id == "local-ad"
    own = evaluation.evaluate_strategy(local, key=key, year=2026)
    assert _dump(found.strategy(key).results) == _dump(own.results)


def test_unknown_strategies_are_named(national: Session) -> None:
    with pytest.raises(NotFoundError, match="local/000000"):
        evaluate_year(national, year=2025, keys=["national", "local/000000"])
    with pytest.raises(NotFoundError, match="含まれていません"):
        evaluate_year(national, year=2025).strategy("local/000000")


def test_an_empty_store_has_nothing_to_evaluate(session: Session) -> None:
    assert evaluate_year(session, year=2025).strategies == ()


# -- reading stored numbers -----------------------------------------------------------------

_SCALE_10 = st.decimals(
    min_value=Decimal("-1e17"), max_value=Decimal("1e17"), places=10, allow_nan=False
)


@given(_SCALE_10)
def test_numbers_read_as_text_are_tidied_as_tidy_decimal_does(value: Decimal) -> None:
    text = f"{value:.10f}"  # how PostgreSQL writes numeric(38, 10)
    assert repr(_Numbers.value(text)) == repr(tidy_decimal(Decimal(text)))


@given(st.one_of(st.integers(-(2**63), 2**63), st.floats(allow_nan=False, allow_infinity=False)))
def test_sqlite_numbers_are_read_as_sqlalchemy_reads_them(raw: int | float) -> None:
    expected = tidy_decimal(Decimal("%.10f" % raw))  # noqa: UP031  # SQLAlchemy's own format
    assert repr(_Numbers.value(raw)) == repr(expected)


# -- the lean judgement and the full one ------------------------------------------------------


def _lean_share(results: Sequence[LeanResult]) -> float:
    """The share decided by the lean judge: the others came written by evaluate_kpi."""
    return sum(result._result is None for result in results) / len(results)


def test_every_kind_of_result_is_the_same_both_ways(local: Session) -> None:
    """Across the years, the fixture's KPIs reach every kind of result; each is the one
    `evaluate_strategy` gives, and most were decided by the lean judge."""
    kinds, rules, aggregations, phases = set(), set(), set(), set()
    shares = []
    for year in YEARS:
        found = evaluate_year(local, year=year)
        shares.append(_lean_share(found.results))
        for strategy in found.strategies:
            expected = evaluation.evaluate_strategy(
                local, key=strategy.key, year=year, rule_set="national"
            )
            assert _dump(strategy.results) == _dump(expected.results)
        for result in found.results:
            kinds.add(result.kind)
            rules.add(result.rule.split(".")[0] + "." + result.rule.split(".")[-1])
            aggregations.add(result.aggregation)
            phases.add(result.phase)
    assert kinds == {"evaluated", "no_data", "not_due", "not_assessable"}
    assert {"path.early_met", "path.on_track", "final.met", "final.not_met"} <= rules
    assert {"baseline.year", "data.missing", "data.missing_years", "period.before"} <= rules
    assert "target.to_be_set" in rules  # 評価不能
    assert any(rule.startswith("relative.") for rule in rules)  # 東京圏以上, evaluate_kpi's
    assert {"single", "range"} <= aggregations  # 累計 too
    assert {"path", "final", "yearly"} <= phases  # 毎年 too
    assert min(shares) > 0.6  # the national strategy's KPIs mostly have reference data


def test_a_cumulative_target_summed_year_by_year(local: Session) -> None:
    """A 累計 judged on the sum of its years, by the lean judge, as evaluate_kpi sums them."""
    key = f"local/{LOCAL[1]}"
    model = synthetic.local_strategy(LOCAL[1], kpis=40, seed=SEED)
    kpi = next(k for k in model.kpis if k.target.cumulative and k.target.period_start == 2025)
    kpi_id = f"{key}/{kpi.id}"
    (last,) = [o for o in observations.current(local, kpi_ids=[kpi_id]) if o.period.end == 2025]
    for year, value in ((2026, 1200), (2027, 1300)):
        added = observations.record(
            local,
            report=_figure(kpi_id, year, value, last.period.basis, last.unit),
            actor="t",
        )
        assert added is not None
        _approve(local, added.id)
    _check(local, key, 2027, "national", approved_only=True)
    found = evaluate_year(local, year=2027, keys=[key]).results
    (summed,) = [r for r in found if r.kpi_id == kpi_id]
    assert summed.aggregation == "sum"
    assert summed._result is None  # decided by the lean judge


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_figures_are_judged_alike(session: Session, data: st.DataObject) -> None:
    """A small strategy with figures of random years and values (some equal to the target, for
    the zero denominators), in a random year: the same results both ways."""
    code = data.draw(st.sampled_from(("131016", "472158", "011002")), label="code")
    seed = data.draw(st.integers(0, 10_000), label="seed")
    year = data.draw(st.integers(2019, 2031), label="year")
    nested = session.begin_nested()
    try:
        key = f"local/{code}"
        model = synthetic.local_strategy(code, kpis=16, seed=seed)
        strategies.load_strategy(
            session, strategy=model, key=key, actor="t", family="local", lgcode=code
        )
        targets = {f"{key}/{k.id}": k.target.value for k in model.kpis}
        reports = []
        for report in synthetic.observations(targets, years=range(2017, 2030), seed=seed):
            choice = data.draw(st.integers(0, 5), label="figure")
            if choice == 0:
                continue  # a year without a figure
            value = targets[report.kpi_id] if choice == 1 else None
            if value is not None:
                report = report.model_copy(update={"value": value})
            reports.append((None, report))
        plan = observations.plan_import(session, reports=reports)
        observations.apply_import(
            session, plan=plan, actor="t", file_name="r.csv", sha256="", state="approved"
        )
        _check(session, key, year, data.draw(st.sampled_from(RULE_SETS)), approved_only=True)
    finally:
        nested.rollback()


def test_committed_data_read_alongside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing written in its transaction, SQLite reads the duplicate check on a second
    connection meanwhile: the same results, a doubled period found."""
    workers: list[object] = []
    monkeypatch.setattr(yearly, "_worker", _counted(yearly._worker, workers))
    engine = engine_for(f"sqlite:///{tmp_path / 'sousei.db'}")
    upgrade(engine)
    key = f"local/{LOCAL[1]}"
    model = synthetic.local_strategy(LOCAL[1], kpis=40, seed=SEED)
    ids = [f"{key}/{kpi.id}" for kpi in model.kpis]
    with transaction(engine) as session:
        strategies.load_strategy(
            session, strategy=model, key=key, actor="t", family="local", lgcode=LOCAL[1]
        )
        reports = [
            (None, r) for r in synthetic.observations(ids, years=range(2019, 2026), seed=SEED)
        ]
        plan = observations.plan_import(session, reports=reports)
        observations.apply_import(
            session, plan=plan, actor="t", file_name="a.csv", sha256="", state="approved"
        )
        (old,) = [
            o for o in observations.current(session, kpi_ids=[ids[2]]) if o.period.end == 2021
        ]
        other = "calendar" if old.period.basis == "fiscal" else "fiscal"
        twin = observations.record(
            session, report=_figure(ids[2], 2021, 5, other, old.unit), actor="t"
        )
        assert twin is not None
        _approve(session, twin.id)
    with transaction(engine) as session:
        found = evaluate_year(session, year=2025, keys=[key])
        expected = evaluation.evaluate_strategy(session, key=key, year=2025, rule_set="national")
        assert _dump(found.strategy(key).results) == _dump(expected.results)
    (doubled,) = [r for r in found.results if r.kpi_id == ids[2]]
    assert any("重複" in note for note in doubled.notes)
    assert len(workers) == 1  # evaluate_year read alongside: nothing was written before
    engine.dispose()


def _counted(function: Callable[..., Any], calls: list[object]) -> Callable[..., Any]:
    def counted(*args: Any) -> Any:
        calls.append(args)
        return function(*args)

    return counted
