"""The status board (filters, sorting, paging, exports equal to the view) and the due list."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Engine, event

from sousei.model.actuals import Period, Report, Source
from sousei.store import observations
from sousei.store.db import transaction
from sousei.web import boardview, labels

from .conftest import sign_in

TOTAL = 55
VISITORS = "national/A-KPI④-1"
SPENDING = "national/g-1"
RANK = {
    s: i
    for i, s in enumerate(
        ("achieved", "on_track", "behind", "no_data", "not_due", "not_assessable")
    )
}


def _rows(html: str) -> list[tuple[str, str]]:
    """(KPI id, status) of each board row, in order."""
    return re.findall(r'<tr data-kpi="([^"]+)" data-status="([^"]+)">', html)


def _counts(html: str) -> dict[str, int]:
    return {s: int(n) for s, n in re.findall(r'data-status="([^"]+)" data-count="(\d+)"', html)}


def _board(client: TestClient, **params: str | int) -> str:
    response = client.get("/board", params=params)
    assert response.status_code == 200, response.text
    return response.text


def test_the_board_lists_every_kpi_once_and_the_counts_add_up(client: TestClient) -> None:
    html = _board(client)
    rows = _rows(html)
    assert len(rows) == TOTAL
    assert len({kpi for kpi, _ in rows}) == TOTAL
    counts = _counts(html)
    assert sum(counts.values()) == TOTAL
    assert counts["on_track"] == 2
    assert "KPI 55件のうち 1～55件目" in html
    assert '<a href="/kpis/national/A-KPI%E2%91%A3-1">訪日外国人旅行者数</a>' in html


def test_a_status_filter_shows_only_that_status_and_as_many_as_counted(client: TestClient) -> None:
    counts = _counts(_board(client))
    for status, count in counts.items():
        html = _board(client, status=status)
        rows = _rows(html)
        assert len(rows) == count
        assert {s for _, s in rows} <= {status}
        assert sum(_counts(html).values()) == TOTAL  # the counts ignore the status filter
    on_track = _rows(_board(client, status="on_track"))
    assert [kpi for kpi, _ in on_track] == [VISITORS, SPENDING]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organisation": "国土交通省"}, {VISITORS, SPENDING}),
        ({"has_data": "yes"}, {VISITORS, SPENDING}),
        ({"area": "g"}, {SPENDING}),
        ({"outcome": "A", "status": "on_track"}, {VISITORS, SPENDING}),
    ],
)
def test_filters_keep_only_matching_rows(
    client: TestClient, params: dict[str, str], expected: set[str]
) -> None:
    assert {kpi for kpi, _ in _rows(_board(client, **params))} == expected


def test_place_filters_take_everything_below_the_node(client: TestClient) -> None:
    impact = {kpi for kpi, _ in _rows(_board(client, impact="2"))}
    outcome_c = {kpi for kpi, _ in _rows(_board(client, outcome="C"))}
    outcome_d = {kpi for kpi, _ in _rows(_board(client, outcome="D"))}
    assert "national/I2" in impact
    assert outcome_c | outcome_d < impact
    assert not outcome_c & outcome_d
    no_data = _rows(_board(client, has_data="no"))
    assert len(no_data) == TOTAL - 2
    unset = _rows(_board(client, organisation=labels.NO_ORGANISATION))
    assert len(unset) == TOTAL - 2


def test_sorting_by_status_both_ways_marks_the_header(client: TestClient) -> None:
    ascending = _board(client, sort="status", order="asc")
    ranks = [RANK[s] for _, s in _rows(ascending)]
    assert ranks == sorted(ranks)
    assert re.search(
        r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=status&amp;order=desc',
        ascending,
    )
    assert ascending.count("aria-sort=") == 1
    descending = _board(client, sort="status", order="desc")
    ranks = [RANK[s] for _, s in _rows(descending)]
    assert ranks == sorted(ranks, reverse=True)
    assert 'aria-sort="descending"' in descending


def test_sorting_keeps_filters_and_orders_by_the_column(client: TestClient) -> None:
    html = _board(client, sort="indicator", status="no_data")
    rows = _rows(html)
    assert {s for _, s in rows} == {"no_data"}
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)
    assert names == sorted(names)
    assert 'name="sort" value="indicator"' in html  # the filter form keeps the order


def test_rows_without_the_sorted_value_come_last(client: TestClient) -> None:
    for order in ("asc", "desc"):
        rows = _rows(_board(client, sort="organisation", order=order))
        assert {kpi for kpi, _ in rows[:2]} == {VISITORS, SPENDING}


def test_a_long_board_is_paged(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boardview, "PAGE_SIZE", 20)
    first = _board(client)
    assert len(_rows(first)) == 20
    assert 'aria-label="ページ"' in first
    last = _board(client, page=3)
    assert len(_rows(last)) == TOTAL - 40
    assert "KPI 55件のうち 41～55件目" in last
    assert _rows(_board(client, page=99)) == _rows(last)
    everything = [*_rows(first), *_rows(_board(client, page=2)), *_rows(last)]
    assert len({kpi for kpi, _ in everything}) == TOTAL


def test_the_year_changes_the_statuses(client: TestClient) -> None:
    rows = dict(_rows(_board(client, year=2024)))
    assert rows[VISITORS] == "not_due"  # 2024 is its baseline year


def _csv(client: TestClient, **params: str) -> list[dict[str, str]]:
    response = client.get("/board.csv", params=params)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    "params",
    [{}, {"status": "not_assessable", "sort": "indicator", "order": "desc"}, {"impact": "1"}],
)
def test_the_csv_export_equals_the_view(client: TestClient, params: dict[str, str]) -> None:
    shown = _rows(_board(client, **params))
    exported = _csv(client, **params)
    assert [(r["kpi_id"], r["status"]) for r in exported] == shown


def test_the_csv_export_carries_the_figures(client: TestClient) -> None:
    rows = {r["kpi_id"]: r for r in _csv(client, status="on_track")}
    visitors = rows[VISITORS]
    assert visitors["latest_value"] == "42683600"
    assert visitors["latest_period"] == "2025年"
    assert visitors["label"] == "順調"
    assert visitors["organisation"] == "国土交通省"
    assert visitors["has_data"] == "true"
    assert visitors["explanation"].endswith("（順調）")


def test_the_xlsx_export_equals_the_view(client: TestClient, tmp_path: Path) -> None:
    params = {"sort": "status", "order": "desc", "outcome": "A"}
    shown = _rows(_board(client, **params))
    response = client.get("/board.xlsx", params=params)
    assert response.status_code == 200
    path = tmp_path / "board.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(r["kpi_id"], r["status"]) for r in records] == shown


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/board?sort=colour", 422),
        ("/board?order=sideways", 422),
        ("/board?page=0", 422),
        ("/board?year=next", 422),
        ("/board?strategy=nowhere", 404),
        ("/board.csv?strategy=nowhere", 404),
        ("/due?strategy=nowhere", 404),
    ],
)
def test_bad_parameters_are_refused(client: TestClient, path: str, status: int) -> None:
    assert client.get(path).status_code == status


# -- the due list ------------------------------------------------------------------------------


def _report(kpi_id: str, year: int, value: int, unit: str) -> Report:
    return Report(
        kpi_id=kpi_id,
        period=Period(start=year, end=year, basis="calendar"),
        value=Decimal(value),
        unit=unit,
        status="速報",
        source=Source(publisher="観光庁"),
    )


@pytest.fixture
def year_2026(engine: Engine) -> None:
    """2026: 訪日外国人旅行者数 submitted for review, インバウンド消費額 returned with a reason."""
    with transaction(engine) as session:
        observations.record(
            session,
            report=_report(VISITORS, 2026, 45000000, "人"),
            actor="editor",
            state="submitted",
        )
        returned = observations.record(
            session,
            report=_report(SPENDING, 2026, 10000000000000, "円"),
            actor="editor",
            state="submitted",
        )
        assert returned is not None
        observations.review(
            session,
            observation_ids=[returned.id],
            action="return",
            actor="admin",
            reason="速報値ではなく確報値を入力してください",
        )


def _due_counts(html: str) -> dict[str, int]:
    return {
        s: int(n)
        for s, n in re.findall(r'<td class="number" data-state="([^"]+)">(\d+)</td>', html)
    }


def _due_items(html: str, state: str) -> list[str]:
    found = re.search(rf'<ul class="due-items" data-state="{state}">(.*?)</ul>', html, re.S)
    return re.findall(r'<li data-kpi="([^"]+)">', found.group(1)) if found else []


@pytest.mark.usefixtures("year_2026")
def test_the_due_list_shows_waiting_and_returned_figures(client: TestClient) -> None:
    html = client.get("/due", params={"organisation": "国土交通省", "year": 2026}).text
    assert _due_items(html, "submitted") == [VISITORS]
    assert _due_items(html, "returned") == [SPENDING]
    assert "速報値ではなく確報値を入力してください" in html
    counts = _due_counts(html)
    assert counts["submitted"] == counts["returned"] == 1
    assert sum(counts.values()) == 2


def test_the_due_list_names_missing_figures(client: TestClient) -> None:
    html = client.get("/due", params={"organisation": "国土交通省", "year": 2026}).text
    assert _due_items(html, "missing") == [VISITORS, SPENDING]
    approved = client.get("/due", params={"organisation": "国土交通省", "year": 2025}).text
    assert _due_counts(approved)["approved"] == 2
    assert _due_items(approved, "missing") == []


def test_a_draft_is_listed_apart_from_submitted_figures(client: TestClient, engine: Engine) -> None:
    with transaction(engine) as session:
        observations.record(session, report=_report(VISITORS, 2026, 1, "人"), actor="editor")
    html = client.get("/due", params={"organisation": "国土交通省", "year": 2026}).text
    assert _due_items(html, "draft") == [VISITORS]
    assert _due_items(html, "missing") == [SPENDING]


def test_the_signed_in_editor_sees_their_own_organisation_first(client: TestClient) -> None:
    sign_in(client, "editor")
    html = client.get("/due", params={"year": 2027}).text
    assert "国土交通省の KPI" in html
    assert '<option value="国土交通省" selected>' in html
    assert _due_items(html, "missing") == [VISITORS, SPENDING]
    overview = client.get("/due", params={"organisation": ""}).text
    assert "府省庁ごとの件数" in overview


def test_without_an_organisation_the_due_list_counts_every_one(client: TestClient) -> None:
    html = client.get("/due").text
    rows = re.findall(
        r'<tr>\s*<th scope="row"><a href="[^"]+">([^<]+)</a></th>(.*?)</tr>', html, re.S
    )
    totals = {name: int(re.findall(r"(\d+)</td>", cells)[-1]) for name, cells in rows}
    assert totals == {"国土交通省": 2, labels.NO_ORGANISATION: TOTAL - 2}


# -- no query per row --------------------------------------------------------------------------


@pytest.fixture
def statements(client: TestClient) -> list[str]:
    """Every SQL statement the app runs from now on."""
    found: list[str] = []

    def record(*args: object) -> None:
        found.append(str(args[2]))

    event.listen(client.app.state.engine, "before_cursor_execute", record)  # type: ignore[attr-defined]
    return found


def test_the_board_runs_a_few_statements_whatever_the_rows(
    client: TestClient, statements: list[str]
) -> None:
    _board(client)
    assert len(statements) < TOTAL  # building the rows: no statement per KPI
    for params in ({}, {"status": "on_track"}, {"sort": "latest", "order": "desc"}):
        statements.clear()
        _board(client, **params)
        assert len(statements) <= 4, statements  # the rows are kept until the data change


def test_the_kpi_page_and_due_list_run_a_few_indexed_statements(
    client: TestClient, statements: list[str]
) -> None:
    client.get("/board")  # the evaluation is cached now
    statements.clear()
    client.get(f"/kpis/{VISITORS}")
    assert len(statements) <= 10, statements  # built once per data version...
    statements.clear()
    client.get(f"/kpis/{VISITORS}")
    assert len(statements) <= 3, statements  # ...then the version, the setting, the page kept
    client.get("/due")
    statements.clear()
    client.get("/due", params={"organisation": "国土交通省"})
    assert len(statements) <= 4, statements
