"""Browsing the logic model: impact, outcome, area, group and 施策 pages of the national
strategy, with breadcrumbs, KPIs, children, 工程表 and sparklines; unknown ids are 404."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sousei.model.actuals import Period, Report
from sousei.store import observations
from sousei.store.db import transaction

SVG = "{http://www.w3.org/2000/svg}"


def crumbs(page: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S)
    assert nav is not None
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", nav.group(0), re.S)
    ]


def h1(page: str) -> str:
    found = re.findall(r"<h1>(.*?)</h1>", page, re.S)
    assert len(found) == 1
    return re.sub(r"<[^>]+>", "", found[0]).strip()


def svg(page: str, css_class: str) -> list[ET.Element]:
    return [
        ET.fromstring(markup)
        for markup in re.findall(rf'<svg[^>]*class="{css_class}".*?</svg>', page, re.S)
    ]


def test_an_impact_page_shows_its_text_kpi_outcomes_and_path(client: TestClient) -> None:
    page = client.get("/impacts/1").text
    assert h1(page) == "1. 強い経済"
    assert crumbs(page) == ["概要", "1. 強い経済"]
    assert "GDPの半分程度を地方部が占めている" in page  # the impact's own text
    assert "東京圏以外における就業者一人当たり年間付加価値労働生産性の伸び率" in page
    assert 'href="/outcomes/A"' in page
    assert 'href="/outcomes/B"' in page
    assert "KPI 28件：順調 2・データなし 26" in page  # outcome A's roll-up
    assert "集計基準 80%" in page  # the summary's explanation


def test_an_outcome_page_lists_its_kpis_with_status_and_its_areas(client: TestClient) -> None:
    page = client.get("/outcomes/A").text
    assert h1(page) == "A. 地域における高付加価値型産業創出"
    assert crumbs(page) == ["概要", "1. 強い経済", "A. 地域における高付加価値型産業創出"]
    row = re.search(
        r"<tr>\s*<th scope=\"row\"><a href=\"/kpis/national/A-KPI%E2%91%A3-1\">.*?</tr>", page, re.S
    )
    assert row is not None
    assert ">順調</span>" in row.group(0)
    for area in "abcdefg":
        assert f'href="/areas/{area}"' in page
    assert 'href="/areas/h"' not in page  # h belongs to outcome B


def test_an_area_page_lists_its_measures_kpis_and_the_path_to_the_top(client: TestClient) -> None:
    page = client.get("/areas/a").text
    assert h1(page) == "a. 地域資源の活用促進"
    assert crumbs(page) == [
        "概要",
        "1. 強い経済",
        "A. 地域における高付加価値型産業創出",
        "a. 地域資源の活用促進",
    ]
    assert '<a href="/measures/a/1/2">② スマート農業の推進</a>' in page
    assert "(1) 地域資源の高付加価値化の取組の強化" in page
    assert "農林水産物・食品" in page  # the category heading of ①–④
    assert page.count('href="/measures/a/') == 16
    assert "スマート農業技術の活用割合" in page  # the area's own output KPI
    trail = re.search(r'<ol class="trail">.*?</ol>', page, re.S)
    assert trail is not None
    assert "インパクト：1. 強い経済" in trail.group(0)
    assert 'aria-current="page"' in trail.group(0)


def test_an_area_of_the_national_role_sits_under_the_cross_cutting_group(
    client: TestClient,
) -> None:
    page = client.get("/areas/4(1)").text
    assert h1(page) == "4(1) 人材支援・人材育成"
    assert crumbs(page) == ["概要", "4. 国の役割", "4(1) 人材支援・人材育成"]
    assert 'href="/groups/cross-cutting"' in page
    group = client.get("/groups/cross-cutting").text
    assert h1(group) == "4. 国の役割"
    assert "複数のアウトカムに広く貢献する" in group  # the section's text
    for area in ("4(1)", "4(2)", "4(3)", "4(4)", "4(5)"):
        assert f'href="/areas/{area}"' in group


def test_an_area_without_kpis_says_so(client: TestClient) -> None:
    page = client.get("/areas/h").text
    assert "この アウトプット領域に直接設定された KPI はありません".replace(
        " ", ""
    ) in page.replace(" ", "")


def test_a_measure_page_shows_its_text_projects_roadmap_and_kpis(client: TestClient) -> None:
    page = client.get("/measures/j/1/1").text
    assert h1(page) == "① 地域くらしサービス拠点の形成"
    assert crumbs(page) == [
        "概要",
        "2. 豊かな生活環境",
        "C. 持続可能な生活インフラの実現",
        "j. 買物環境の維持",
        "① 地域くらしサービス拠点の形成",
    ]
    assert "<li>地域くらしサービス拠点推進事業</li>" in page
    (timeline,) = svg(page, "timeline")
    assert len(timeline.findall(f".//{SVG}rect[@class='bar']")) == 4
    table = re.search(r'<table class="roadmap">.*?</table>', page, re.S)
    assert table is not None
    assert table.group(0).count('<th scope="row">') == 4
    assert "2025年9月～" in table.group(0)
    assert "ガイドライン作成" in table.group(0)
    assert "「地域くらしサービス拠点」整備の構想が作成された地方公共団体数" in page
    assert "実績はまだありません" in page


def test_a_measure_kpi_with_figures_has_a_sparkline_and_its_values_in_text(
    client: TestClient,
) -> None:
    page = client.get("/measures/g/1/1").text
    (line,) = svg(page, "sparkline")
    assert line.get("role") == "img"
    assert len(line.findall(f"{SVG}circle")) == 2
    values = "2024年 8兆1,257億円、2025年 9兆4,559億円"
    desc = line.find(f"{SVG}desc")
    assert desc is not None
    assert values in (desc.text or "")
    assert f'<p class="values">{values}</p>' in page
    assert "この施策の工程表は、文書に表として記載されていません" in page


def test_a_relisted_measure_links_to_its_original(client: TestClient) -> None:
    page = client.get("/measures/f/1/2").text
    assert "再掲" in h1(page)
    notice = re.search(r'<p class="notice">.*?</p>', page, re.S)
    assert notice is not None
    assert 'href="/measures/a/1/5"' in notice.group(0)
    assert "地域に根付く酒蔵を中心とした輸出・インバウンドの強化" in notice.group(0)
    assert "a. 地域資源の活用促進" in notice.group(0)
    original = client.get("/measures/a/1/5").text
    assert '<p class="notice">' not in original


def test_the_chosen_year_is_kept_on_every_link(client: TestClient) -> None:
    page = client.get("/outcomes/A?year=2024").text
    assert '<option value="2024" selected>' in page
    assert 'href="/?year=2024"' in page
    assert 'href="/impacts/1?year=2024"' in page
    assert 'href="/areas/a?year=2024"' in page
    row = re.search(r'A-KPI%E2%91%A3-1\?year=2024">.*?</tr>', page, re.S)
    assert row is not None
    assert ">対象外</span>" in row.group(0)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/impacts/9", "インパクト「9」はありません"),
        ("/outcomes/Z", "アウトカム「Z」はありません"),
        ("/areas/zz", "アウトプット領域「zz」はありません"),
        ("/groups/other", "アウトカムに属さない領域「other」はありません"),
        ("/measures/a/9/9", "施策「a/9/9」はありません"),
    ],
)
def test_an_unknown_id_is_a_japanese_404_page(client: TestClient, path: str, message: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text
    assert message in response.text


def test_every_page_type_has_one_h1_and_headings_in_order(client: TestClient) -> None:
    for path in (
        "/impacts/2",
        "/outcomes/C",
        "/areas/j",
        "/groups/cross-cutting",
        "/measures/j/1/1",
    ):
        page = client.get(path).text
        levels = [int(level) for level in re.findall(r"<h([1-6])[ >]", page)]
        assert levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), path


def test_a_new_approved_figure_shows_at_once_and_a_draft_does_not(
    client: TestClient, engine: Engine
) -> None:
    path = "/measures/g/1/1"  # インバウンド消費額: 2024 and 2025 figures
    assert "9兆4,559億円" in client.get(path).text
    report = Report(
        kpi_id="national/g-1",
        period=Period(start=2025, end=2025, basis="calendar"),
        value=Decimal("9600000000000"),
        unit="円",
    )
    with transaction(engine) as session:
        draft = observations.record(session, report=report, actor="test")
    assert draft is not None
    page = client.get(path).text
    assert "9兆6,000億円" not in page  # the evaluation and the charts read approved figures
    with transaction(engine) as session:
        observations.review(session, observation_ids=[draft.id], action="submit", actor="test")
        observations.review(session, observation_ids=[draft.id], action="approve", actor="test")
    page = client.get(path).text
    assert "2024年 8兆1,257億円、2025年 9兆6,000億円" in page


def test_section_6_lists_every_other_measure_with_the_anchors_search_links_to(
    client: TestClient,
) -> None:
    page = client.get("/other-measures")
    assert page.status_code == 200
    assert page.text.count('<li id="other-') == 216
    for outcome in "ABCDE":
        assert f'<h2 id="other-{outcome}">' in page.text
    hit = client.get("/search", params={"q": "スマート農業", "kind": "other"}).text
    anchors = re.findall(r'href="/other-measures#(other-[^"]+)"', hit)
    assert anchors
    assert all(f'id="{anchor}"' in page.text for anchor in anchors)
