"""The search page: a form that works without script, hits labelled by kind with the matches
marked (and everything else escaped), counts, paging and the no-results message."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sousei.store import accounts
from sousei.store.db import transaction

from .conftest import sign_in


def _hits(page: str) -> list[str]:
    return re.findall(r'<li class="search-hit">(.*?)</li>', page, re.DOTALL)


def test_the_form_is_labelled_and_sent_by_get(client: TestClient) -> None:
    page = client.get("/search")
    assert page.status_code == 200
    assert '<form method="get" action="/search" role="search"' in page.text
    assert '<label for="q">検索語</label>' in page.text
    assert '<label for="kind">種類</label>' in page.text
    assert "検索結果" not in page.text  # no query, no results section


def test_smart_agriculture_finds_its_measure_with_the_match_marked(client: TestClient) -> None:
    page = client.get("/search", params={"q": "スマート農業"}).text
    hits = _hits(page)
    assert hits
    first = hits[0]
    assert 'href="/measures/a/1/2"' in first
    assert "<mark>スマート農業</mark>の推進" in first
    assert "施策 a/1/2" in first
    assert re.search(r"\d+ 件（1〜\d+ 件目を表示）", page)
    assert 'value="スマート農業"' in page  # the query stays in the box


def test_each_kind_links_to_its_own_page(client: TestClient) -> None:
    kpi = client.get("/search", params={"q": "訪日外国人旅行者数", "kind": "kpi"}).text
    assert 'href="/kpis/national/A-KPI%E2%91%A3-1"' in kpi  # national/A-KPI④-1
    assert all('class="search-kind kind-kpi">KPI A-KPI' in hit for hit in _hits(kpi))
    project = client.get("/search", params={"q": "スマート農業技術活用促進", "kind": "project"})
    assert 'href="/measures/a/1/2"' in project.text
    assert "主な事業（施策 a/1/2）" in project.text
    other = client.get("/search", params={"q": "賃上げ環境整備", "kind": "other"}).text
    assert 'href="/other-measures#other-A-1"' in other
    assert "その他の施策（第6節）" in other


def test_the_kind_filter_and_its_counts(client: TestClient) -> None:
    every = client.get("/search", params={"q": "スマート"}).text
    assert re.search(r'<a href="/search\?q=%E3%82%B9.*?&amp;kind=measure">施策（\d+）</a>', every)
    measures = client.get("/search", params={"q": "スマート", "kind": "measure"}).text
    assert '<span aria-current="true">施策（' in measures
    assert all("kind-measure" in hit for hit in _hits(measures))
    assert '<option value="measure" selected>' in measures


def test_a_two_character_query_finds_and_marks(client: TestClient) -> None:
    hits = _hits(client.get("/search", params={"q": "農業"}).text)
    assert hits
    assert all("<mark>農業</mark>" in hit for hit in hits)


def test_markup_in_a_query_is_escaped(client: TestClient) -> None:
    page = client.get("/search", params={"q": '<script>alert("x")</script>'})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "見つかりませんでした" in page.text


def test_syntax_characters_never_fail(client: TestClient) -> None:
    for query in ['"', "*", "%", "_", "100%", 'a" OR "b', "NEAR(x y)", "\\"]:
        response = client.get("/search", params={"q": query})
        assert response.status_code == 200, query


def test_no_results_says_so(client: TestClient) -> None:
    page = client.get("/search", params={"q": "存在しない語句ですよ"}).text
    assert "0 件" in page
    assert (
        "「存在しない語句ですよ」を含む施策・主な事業・KPI・その他の施策は見つかりませんでした。"
        in page
    )
    assert "<ol" not in page


def test_paging_moves_through_the_hits(client: TestClient) -> None:
    first = client.get("/search", params={"q": "推進"}).text
    assert len(_hits(first)) == 20
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    second = client.get("/search", params={"q": "推進", "page": 2}).text
    assert 'class="search-results" start="21"' in second
    assert 'rel="prev"' in second
    assert set(_hits(first)).isdisjoint(_hits(second))
    beyond = client.get("/search", params={"q": "推進", "page": 999}).text
    assert "このページに表示する結果はありません。" in beyond


def test_bad_parameters_are_refused(client: TestClient) -> None:
    assert client.get("/search", params={"q": "x", "kind": "nonsense"}).status_code == 422
    assert client.get("/search", params={"q": "x", "page": 0}).status_code == 422
    assert client.get("/search", params={"q": "あ" * 101}).status_code == 422


def test_private_reading_needs_sign_in(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        accounts.set_setting(session, key="public_read", value="off", actor="test")
    response = client.get("/search", params={"q": "農業"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    sign_in(client, "viewer")
    assert client.get("/search", params={"q": "農業"}).status_code == 200
