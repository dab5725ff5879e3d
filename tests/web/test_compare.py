"""The comparison pages: the local KPIs linked to a national KPI or outcome with their statuses,
values only where units agree, shares per prefecture and region group (computed by hand in
`compare_data`), filters, the map, a government's page, and the 404/422 answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sousei.store.db import transaction
from sousei.web import compare
from sousei.web.compare.view import page_of
from sousei.web.evaluations import strategy_view

from .compare_data import (
    KARUIZAWA,
    MATSUMOTO,
    NATIONAL_KPI,
    SAITAMA,
    client_for,
    database_copy,
    kpi_id,
    link,
)
from .test_api import public_read

PAGE = f"/compare/kpis/{NATIONAL_KPI}"


@pytest.fixture
def database_url(
    prepared_database: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> str:
    """The comparison data on a fresh copy (the `engine` fixture opens the same file)."""
    return database_copy(prepared_database, tmp_path_factory, tmp_path)


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    yield from client_for(database_url)


def _get(client: TestClient, path: str, **params: str | int) -> str:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.text


def _table(html: str, css_class: str) -> str:
    found = re.findall(rf'<table class="{css_class}".*?</table>', html, re.S)
    return "".join(found)


def _rows(html: str, css_class: str = "compare-values") -> list[tuple[str, str]]:
    """(KPI id, status) of each row of the tables of a class, in order."""
    return re.findall(r'<tr data-kpi="([^"]+)" data-status="([^"]+)">', _table(html, css_class))


def _shares(html: str) -> dict[str, tuple[int, ...] | str]:
    """Share rows by key: (governments, KPIs, graded, on track) and the percentage."""
    found: dict[str, tuple[int, ...] | str] = {}
    for key, body in re.findall(r'<tr data-share="([^"]+)">(.*?)</tr>', html, re.S):
        cells = re.findall(r'<td class="number">([^<]*)</td>', body)
        found[key] = tuple(int(c) for c in cells[:4])
        found[key + "%"] = cells[4]
    return found


def _tallies(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-tally="([^"]+)">([^<]+)<', html))


def _id(engine: Engine, code: str, indicator: str) -> str:
    with transaction(engine) as session:
        return kpi_id(session, code, indicator)


# -- the KPI comparison ---------------------------------------------------------------------------


def test_the_kpi_comparison_lists_the_linked_local_kpis_with_their_statuses(
    client: TestClient, engine: Engine
) -> None:
    html = _get(client, PAGE)
    assert "<h1>東京圏から地方への移住者数</h1>" in html
    expected = [
        (_id(engine, SAITAMA, "県外からの移住者数"), "on_track"),
        (_id(engine, MATSUMOTO, "転入者数"), "fair"),
        (_id(engine, KARUIZAWA, "社会増減数"), "A"),
        (_id(engine, KARUIZAWA, "20～39歳の転出超過数"), "D"),
        (_id(engine, KARUIZAWA, "移住者数（町の支援制度を利用した者）"), "no_data"),
    ]
    assert _rows(html) == expected  # prefectures in code order, then document order
    values = _table(html, "compare-values")
    for label in ("順調", "おおむね順調", ">A<", ">D<", "データなし"):
        assert label in values  # the badge carries its label, not only a colour
    assert '3,700<br><span class="muted">2025年</span>' in values
    assert '2,700<br><span class="muted">2025年度</span>' in values
    # a suggested and a rejected link are not compared
    assert "観光入込客数" not in html


def test_statuses_are_those_of_each_strategys_own_evaluation(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        found = compare.compare(session, kind="kpi", target_id=NATIONAL_KPI, year=2025)
        assert found.rows
        for row in found.rows:
            own = strategy_view(session, key=row.strategy_key, year=2025).by_kpi[row.kpi_id]
            assert (row.result.status, row.result.achievement) == (
                own.status,
                own.achievement,
            ), row.kpi_id


def test_a_kpi_in_another_unit_is_listed_apart_with_the_reason(
    client: TestClient, engine: Engine
) -> None:
    html = _get(client, PAGE)
    consulting = _id(engine, MATSUMOTO, "移住相談件数")
    assert _rows(html, "compare-apart") == [(consulting, "good")]
    assert consulting not in {kpi for kpi, _ in _rows(html)}
    apart = _table(html, "compare-apart")
    assert "単位（件）が国の KPI（人）と異なります" in apart
    assert "260件" in apart
    assert "国の KPI と同じ単位（人）の KPI" in html


def test_the_shares_per_prefecture_and_region_group_are_right(
    client: TestClient,
) -> None:
    # By hand (compare_data): 長野県 — 転入者数 おおむね順調 ✗, 移住相談件数 順調 ✓, 社会増減数 A ✓,
    # 20～39歳の転出超過数 D ✗, 移住者数 データなし (not graded): 2 of 4. 埼玉県 — 順調 ✓: 1 of 1.
    html = _get(client, PAGE)
    shares = _shares(html)
    assert shares["20"] == (2, 5, 4, 2)
    assert shares["20%"] == "50.0%"
    assert shares["11"] == (1, 1, 1, 1)
    assert shares["11%"] == "100.0%"
    assert shares["東京圏"] == shares["都市圏"] == (1, 1, 1, 1)
    assert shares["地方部"] == shares["東京圏以外"] == (2, 5, 4, 2)
    assert _tallies(html) == {
        "governments": "3",
        "kpis": "6",
        "graded": "5",
        "on-track": "3",
        "share": "60.0%",
    }


def test_the_rule_sets_say_which_labels_count(client: TestClient) -> None:
    rules = _table(_get(client, PAGE), "compare-rules")
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', rules, re.S))
    counted = {
        name: re.findall(r">([^<>]+)</span>", body.split("</td>")[0]) for name, body in rows.items()
    }
    assert counted == {
        "3段階評価（80%基準）": ["順調"],
        "A～D 4段階評価": ["A", "B"],
        "国の評価基準（既定）": ["達成", "順調"],
    }


# -- filters and years --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "governments"),
    [
        ({"prefecture": "20"}, [MATSUMOTO, KARUIZAWA]),
        ({"prefecture": "11"}, [SAITAMA]),
        ({"kind": "town"}, [KARUIZAWA]),
        ({"kind": "prefecture"}, [SAITAMA]),
        ({"prefecture": "20", "kind": "city"}, [MATSUMOTO]),
        ({"population": "200k-500k"}, [MATSUMOTO]),  # the only government with a population
        ({"population": "under-10k"}, []),
        ({"kind": "village"}, []),
    ],
)
def test_filters_choose_the_governments(
    client: TestClient, params: dict[str, str], governments: list[str]
) -> None:
    html = _get(client, PAGE, **params)
    shown = re.findall(r'<tr data-code="(\d+)"', html)
    assert shown == governments
    assert html.count('class="gov"') == len(governments)
    if not governments:
        assert "条件に合う地方版総合戦略の KPI はありません。" in html
    for name, value in params.items():
        assert f'<option value="{value}" selected>' in html, name


def test_the_shares_follow_the_filters(client: TestClient) -> None:
    shares = _shares(_get(client, PAGE, kind="town"))
    assert shares["20"] == (1, 3, 2, 1)
    assert shares["東京圏"] == (0, 0, 0, 0)
    assert shares["東京圏%"] == "—"


def test_per_capita_values_where_a_population_is_loaded(client: TestClient) -> None:
    html = _get(client, PAGE)
    values = _table(html, "compare-values")
    assert "人口1万人当たり" in values
    # 転入者数 3,700 ÷ 237,000 × 10,000 = 156.118… → 156.1
    assert '156.1<br><span class="muted">人口 2020年</span>' in values
    assert '<label for="f-population">人口規模</label>' in html


def test_an_earlier_year_is_judged_on_its_own_figures(client: TestClient) -> None:
    html = _get(client, PAGE, year=2024)
    # No figure of 2024: the latest up to 2024 is the baseline of 2023, and no KPI is graded.
    assert '3,812<br><span class="muted">2023年</span>' in html
    assert {status for _, status in _rows(html)} == {"no_data"}
    assert _tallies(html)["graded"] == "0"
    assert '<option value="2024" selected>' in html


def test_the_tables_are_paged_by_government(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        found = compare.compare(session, kind="kpi", target_id=NATIONAL_KPI, year=2025)
    first, second = page_of(found, 1, size=2), page_of(found, 2, size=2)
    assert [s.government.code for s in first.governments] == [SAITAMA, MATSUMOTO]
    assert (first.page, first.pages, first.first, first.last, first.total) == (1, 2, 1, 2, 3)
    assert {r.government.code for g in first.groups for r in g.rows} == {SAITAMA, MATSUMOTO}
    assert [item.row.government.code for item in first.apart] == [MATSUMOTO]
    assert [s.government.code for s in second.governments] == [KARUIZAWA]
    assert [len(g.rows) for g in second.groups] == [3]
    assert second.apart == ()
    assert page_of(found, 9, size=2).page == 2  # past the end: the last page
    html = _get(client, PAGE, page=5)  # one page of 3 governments: the first
    assert len(re.findall(r'<tr data-code="', html)) == 3
    assert 'class="pagination"' not in html
    assert client.get(PAGE, params={"page": 0}).status_code == 422


# -- the outcome comparison ------------------------------------------------------------------------


def test_the_outcome_comparison_counts_links_to_its_kpis_and_groups_values_by_unit(
    client: TestClient, engine: Engine
) -> None:
    html = _get(client, "/compare/outcomes/E")
    assert "<h1>E. 魅力が感じられる地方の実現</h1>" in html
    people = _table(html, "compare-values")
    assert re.findall(r'data-unit="([^"]*)"', people) == ["人", "件"]  # the larger group first
    assert len(_rows(html)) == 6
    assert "compare-apart" not in html  # an outcome has no unit: every unit is a group
    assert "東京圏から地方への移住者数" in people  # what each row is linked through


def test_a_link_to_the_outcome_itself_brings_the_goals_kpis(
    client: TestClient, engine: Engine
) -> None:
    with transaction(engine) as session:
        goal = f"local/{SAITAMA}:outcome:2"
        link(session, SAITAMA, "outcome", goal, target_kind="outcome", target_id="E")
    html = _get(client, "/compare/outcomes/E")
    rows = dict(_rows(html))
    assert len(rows) == 8  # 県外からの移住者数 is linked both ways, and listed once
    assert rows[_id(engine, SAITAMA, "転入超過数（東京圏との間）")] == "no_data"
    assert "東京圏から地方への移住者数、アウトカム E" in html  # linked through both
    # the KPI comparison does not show a link made to the outcome only
    assert len(_rows(_get(client, PAGE))) == 5


# -- the map --------------------------------------------------------------------------------------


def test_the_map_marks_each_government_shown_by_its_category(client: TestClient) -> None:
    html = _get(client, PAGE)
    svg = re.search(r'<svg [^>]*class="japan-map".*?</svg>', html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    marks = dict(re.findall(r'class="gov" data-code="(\d+)" data-category="(\w+)"', svg.group(0)))
    table = dict(re.findall(r'<tr data-code="(\d+)" data-category="(\w+)">', html))
    assert marks == table == {SAITAMA: "all", MATSUMOTO: "some", KARUIZAWA: "some"}
    legend = re.findall(r'<li data-category="(\w+)">.*?（(\d+)団体）</li>', html, re.S)
    assert legend == [("all", "1"), ("some", "2"), ("none", "0"), ("ungraded", "0")]


# -- choosing, a government, errors -------------------------------------------------------------


def test_the_choice_page_counts_links_and_sends_the_form_on(client: TestClient) -> None:
    html = _get(client, "/compare")
    assert '<a href="/compare/outcomes/E">E. 魅力が感じられる地方の実現</a>' in html
    assert re.search(r"E\. 魅力が感じられる地方の実現</a> <span[^>]*>対応づけ 5件", html)
    assert f'<a href="/compare/kpis/{quote(NATIONAL_KPI)}">東京圏から地方への移住者数</a>' in html
    for params, target in (
        ({"kpi": NATIONAL_KPI}, PAGE),
        ({"outcome": "E"}, "/compare/outcomes/E"),
    ):
        response = client.get("/compare", params=params, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == target


def test_a_government_page_shows_its_registry_record_and_links(
    client: TestClient,
) -> None:
    html = _get(client, f"/compare/localgov/{MATSUMOTO}")
    assert "<h1>長野県松本市</h1>" in html
    assert "まつもとし" in html
    assert "地方部・東京圏以外" in html
    assert "青葉野市まち・ひと・しごと創生総合戦略（第３期）" in html
    assert html.count(f'href="{PAGE}"') == 2  # its two confirmed links
    assert ">転入者数</a></th>" in html
    assert ">移住相談件数</a></th>" in html
    town = _get(client, f"/compare/localgov/{KARUIZAWA}")
    assert '<th scope="row">基本目標 2</th>' in town


@pytest.mark.parametrize(
    "path",
    [
        "/compare/outcomes/Z",
        "/compare/outcomes/a",
        "/compare/kpis/national/nothing",
        f"/compare/kpis/local/{MATSUMOTO}/2-数値目標1",  # a local KPI is not a national target
        "/compare/localgov/999999",
        "/compare/localgov/202020",  # a wrong check digit
    ],
)
def test_an_unknown_target_or_government_is_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"prefecture": "48"},
        {"prefecture": "tokyo"},
        {"kind": "city2"},
        {"population": "many"},
        {"year": 1800},
    ],
)
def test_a_bad_filter_is_422(client: TestClient, params: dict[str, str | int]) -> None:
    assert client.get(PAGE, params=params).status_code == 422


def test_without_public_reading_the_pages_need_sign_in(client: TestClient, engine: Engine) -> None:
    public_read(engine, "off")
    for path in ("/compare", PAGE, "/compare/outcomes/E", f"/compare/localgov/{MATSUMOTO}"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


def test_with_no_link_the_page_says_so(client: TestClient) -> None:
    html = _get(client, "/compare/kpis/national/A-KPI④-1")
    assert "この KPI に対応づけられた地方版総合戦略の KPI は、まだありません。" in html
    assert html.count('class="gov"') == 0
