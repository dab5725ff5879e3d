"""`/api/v1/compare/…`: the comparison as JSON — the same rows and shares as the pages, values as
decimal strings, and the 401/404/422 answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from .compare_data import (
    KARUIZAWA,
    MATSUMOTO,
    NATIONAL_KPI,
    POPULATION_MATSUMOTO,
    SAITAMA,
    client_for,
    database_copy,
)
from .test_api import public_read, token

API = "/api/v1/compare"


@pytest.fixture
def database_url(
    prepared_database: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> str:
    return database_copy(prepared_database, tmp_path_factory, tmp_path)


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    yield from client_for(database_url)


def _get(client: TestClient, path: str, **params: str | int) -> Any:
    response = client.get(API + path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_kpi_comparison_as_json(client: TestClient) -> None:
    found = _get(client, f"/kpis/{NATIONAL_KPI}")
    assert found["target"] == {
        "kind": "kpi",
        "id": NATIONAL_KPI,
        "title": "東京圏から地方への移住者数",
        "unit": "人",
        "kpi_ids": [NATIONAL_KPI],
        "status": "no_data",
        "label": "データなし",
    }
    assert found["year"] == 2025
    assert found["years"] == [2023, 2025]
    rows = [
        (k["government"]["code"], k["indicator"], k["status"], k["on_track"], k["comparable"])
        for k in found["kpis"]
    ]
    assert rows == [
        (SAITAMA, "県外からの移住者数", "on_track", True, True),
        (MATSUMOTO, "転入者数", "fair", False, True),
        (MATSUMOTO, "移住相談件数", "good", True, False),
        (KARUIZAWA, "社会増減数", "A", True, True),
        (KARUIZAWA, "20～39歳の転出超過数", "D", False, True),
        (KARUIZAWA, "移住者数（町の支援制度を利用した者）", "no_data", None, True),
    ]
    consulting = found["kpis"][2]
    assert consulting["reason"] == "単位（件）が国の KPI（人）と異なります"
    assert consulting["latest"] == {
        "value": "260",
        "unit": "件",
        "period_start": 2025,
        "period_end": 2025,
        "basis": "fiscal",
    }
    moving_in = found["kpis"][1]
    assert moving_in["population"] == {"value": str(POPULATION_MATSUMOTO), "year": 2020}
    assert moving_in["per_capita"] == "156.1"
    assert moving_in["government"]["kind"] == "city"
    assert found["kpis"][5]["latest"] is None


def test_the_shares_are_decimal_strings(client: TestClient) -> None:
    found = _get(client, f"/kpis/{NATIONAL_KPI}")
    assert found["summary"] == {
        "key": "all",
        "name": "全体",
        "governments": 3,
        "kpis": 6,
        "graded": 5,
        "on_track": 3,
        "share": "0.6",
    }
    prefectures = {s["key"]: (s["graded"], s["on_track"], s["share"]) for s in found["prefectures"]}
    assert prefectures == {"11": (1, 1, "1"), "20": (4, 2, "0.5")}
    regions = {s["name"]: s["share"] for s in found["regions"]}
    assert regions == {"東京圏": "1", "都市圏": "1", "地方部": "0.5", "東京圏以外": "0.5"}
    rule_sets = {r["id"]: r["on_track"] for r in found["rule_sets"]}
    assert rule_sets == {
        "local-3level": ["順調"],
        "local-ad": ["A", "B"],
        "national": ["達成", "順調"],
    }


def test_filters_and_year_are_those_of_the_page(client: TestClient) -> None:
    town = _get(client, f"/kpis/{NATIONAL_KPI}", kind="town", prefecture="20")
    assert {k["government"]["code"] for k in town["kpis"]} == {KARUIZAWA}
    assert town["filters"] == {"prefecture": "20", "kind": "town", "population": None}
    assert town["summary"]["share"] == "0.5"
    sized = _get(client, f"/kpis/{NATIONAL_KPI}", population="200k-500k")
    assert {k["government"]["code"] for k in sized["kpis"]} == {MATSUMOTO}
    earlier = _get(client, f"/kpis/{NATIONAL_KPI}", year=2024)
    assert earlier["year"] == 2024
    assert {k["status"] for k in earlier["kpis"]} == {"no_data"}
    assert earlier["summary"]["share"] is None


def test_the_kpis_come_a_page_at_a_time(client: TestClient) -> None:
    whole = _get(client, f"/kpis/{NATIONAL_KPI}")
    assert (whole["total"], whole["limit"], whole["offset"]) == (6, 1000, 0)
    page = _get(client, f"/kpis/{NATIONAL_KPI}", limit=2, offset=3)
    assert (page["total"], page["limit"], page["offset"]) == (6, 2, 3)
    assert page["kpis"] == whole["kpis"][3:5]
    assert page["summary"] == whole["summary"]  # the shares are over every page


def test_an_outcome_comparison_compares_no_value_with_the_nation(client: TestClient) -> None:
    found = _get(client, "/outcomes/E")
    assert found["target"]["kind"] == "outcome"
    assert found["target"]["unit"] is None
    assert NATIONAL_KPI in found["target"]["kpi_ids"]
    assert len(found["kpis"]) == 6
    assert {k["comparable"] for k in found["kpis"]} == {False}
    assert {tuple(k["via"]) for k in found["kpis"]} == {(NATIONAL_KPI,)}


@pytest.mark.parametrize(
    "path",
    ["/outcomes/Z", "/outcomes/a", "/kpis/national/nothing", f"/kpis/local/{MATSUMOTO}/2/1-1"],
)
def test_an_unknown_target_is_404(client: TestClient, path: str) -> None:
    response = client.get(API + path)
    assert response.status_code == 404
    assert "国の総合戦略に" in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"prefecture": "00"},
        {"kind": "county"},
        {"population": "10k"},
        {"year": 2300},
        {"year": "last"},
        {"limit": 0},
        {"offset": -1},
    ],
)
def test_bad_parameters_are_422(client: TestClient, params: dict[str, str | int]) -> None:
    response = client.get(f"{API}/kpis/{NATIONAL_KPI}", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


def test_without_public_reading_the_api_needs_a_token(client: TestClient, engine: Engine) -> None:
    public_read(engine, "off")
    for path in (f"/kpis/{NATIONAL_KPI}", "/outcomes/E"):
        assert client.get(API + path).status_code == 401
        assert client.get(API + path, headers=token(engine, "viewer")).status_code == 200


def test_the_openapi_document_lists_the_comparison(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/compare/outcomes/{letter}" in paths
    assert "/api/v1/compare/kpis/{kpi_id}" in paths
    share = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ShareOut"]
    assert share["properties"]["share"]["anyOf"][0]["type"] == "string"
