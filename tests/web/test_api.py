"""The JSON API `/api/v1`: every endpoint, its shapes, and its 401/403/404/409/422 answers.

Tokens are made in the test's own database copy with `store.accounts.create_token`, as an admin
would make them on the admin pages."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from sousei.evaluate import KpiResult, NodeSummary
from sousei.store import accounts, audit, observations, strategies
from sousei.store.db import transaction
from sousei.store.tables import ObservationRow
from sousei.web.api import compare, kpis, reviews, v1
from sousei.web.api import strategies as strategy_routes
from sousei.web.api.schemas import KpiResultOut, NodeSummaryOut, decimal_text
from sousei.web.evaluations import strategy_view

from .conftest import EDITOR_ORGANISATION, sign_in

API = "/api/v1"
VISITORS = "national/A-KPI④-1"  # 訪日外国人旅行者数: 国土交通省, calendar years, unit 人
NOT_THE_EDITORS = "national/I1"  # an impact KPI no organisation owns
FIGURE = {"period": {"end": 2025}, "value": "42700000", "status": "速報"}


def token(engine: Engine, username: str) -> dict[str, str]:
    with transaction(engine) as session:
        made = accounts.create_token(session, username=username, name="test", actor="test")
    return {"Authorization": f"Bearer {made}"}


def post_figure(
    client: TestClient, headers: dict[str, str], kpi_id: str = VISITORS, **changes: Any
) -> Any:
    return client.post(f"{API}/kpis/{kpi_id}/observations", json=FIGURE | changes, headers=headers)


def public_read(engine: Engine, value: str) -> None:
    with transaction(engine) as session:
        accounts.set_setting(session, key=accounts.PUBLIC_READ, value=value, actor="test")


# -- strategies and nodes ----------------------------------------------------------------------


def test_strategies_are_listed_a_page_at_a_time(client: TestClient) -> None:
    page = client.get(f"{API}/strategies").json()
    assert page["total"] == 1
    assert page["limit"] == 100
    [national] = page["items"]
    assert national["key"] == "national"
    assert national["kpis"] == 55
    assert national["revision"] == 1
    beyond = client.get(f"{API}/strategies", params={"offset": 1}).json()
    assert beyond["total"] == 1
    assert beyond["items"] == []
    assert client.get(f"{API}/strategies", params={"family": "prefecture"}).json()["total"] == 0
    assert client.get(f"{API}/strategies", params={"limit": 0}).status_code == 422
    assert client.get(f"{API}/strategies", params={"limit": 1001}).status_code == 422


def test_a_strategy_gives_its_revision_and_counts(client: TestClient) -> None:
    found = client.get(f"{API}/strategies/national").json()
    assert found["revision"]["number"] == 1
    assert found["revisions"] == 1
    counts = found["counts"]
    assert (counts["impacts"], counts["outcomes"], counts["areas"]) == (3, 5, 23)
    assert (counts["measures"], counts["kpis"]) == (115, 55)
    assert counts["kpis_by_level"] == {"impact": 3, "outcome": 13, "output": 39}
    assert 2025 in found["years"]
    assert found["evaluation_year"] == max(found["years"])
    missing = client.get(f"{API}/strategies/nowhere")
    assert missing.status_code == 404
    assert "nowhere" in missing.json()["detail"]


def test_nodes_carry_their_parents_and_can_be_filtered_by_kind(client: TestClient) -> None:
    nodes = client.get(f"{API}/strategies/national/nodes").json()["items"]
    by_key = {n["key"]: n for n in nodes}
    assert by_key["impact:1"]["parent"] is None
    assert by_key["outcome:A"]["parent"] == "impact:1"
    assert by_key["area:a"]["parent"] == "outcome:A"
    assert by_key["area:4(1)"]["parent"] == "group:cross-cutting"
    assert by_key["measure:a/1/1"]["parent"] == "area:a"
    assert VISITORS in by_key["outcome:A"]["kpi_ids"]
    assert by_key["measure:f/1/2"]["relisted"] is True
    assert by_key["measure:f/1/2"]["original"] == "measure:a/1/5"
    outcomes = client.get(f"{API}/strategies/national/nodes", params={"kind": "outcome"}).json()
    assert [n["key"] for n in outcomes["items"]] == [f"outcome:{x}" for x in "ABCDE"]
    measures = client.get(f"{API}/strategies/national/nodes", params={"kind": "measure"}).json()
    assert len(measures["items"]) == 115
    assert client.get(f"{API}/strategies/national/nodes?kind=kpi").status_code == 422
    assert client.get(f"{API}/strategies/nowhere/nodes").status_code == 404


def test_a_node_gives_its_text_children_kpis_projects_and_roadmap(client: TestClient) -> None:
    outcome = client.get(f"{API}/strategies/national/nodes/outcome:A").json()
    assert outcome["title"] == "地域における高付加価値型産業創出"
    assert "area:a" in outcome["children"]
    assert {"id": VISITORS, "indicator": "訪日外国人旅行者数"} in outcome["kpis"]
    measure = client.get(f"{API}/strategies/national/nodes/measure:a/1/1").json()
    assert measure["kind"] == "measure"
    assert measure["text"].startswith("農山漁村には")
    assert measure["projects"]  # 主な事業 of the 施策
    areas_with_roadmap = [
        client.get(f"{API}/strategies/national/nodes/area:{a}").json()["roadmap"] for a in "abcd"
    ]
    assert any(areas_with_roadmap)
    missing = client.get(f"{API}/strategies/national/nodes/measure:z/9/9")
    assert missing.status_code == 404


# -- KPIs --------------------------------------------------------------------------------------


def test_kpis_of_a_strategy_are_filtered_and_paged(client: TestClient) -> None:
    every = client.get(f"{API}/strategies/national/kpis").json()
    assert every["total"] == 55
    assert len(every["items"]) == 55
    first = every["items"][0]
    assert (first["id"], first["level"], first["node"]) == ("national/I1", "impact", "impact:1")
    impacts = client.get(f"{API}/strategies/national/kpis", params={"level": "impact"}).json()
    assert [k["id"] for k in impacts["items"]] == ["national/I1", "national/I2", "national/I3"]
    owned = client.get(
        f"{API}/strategies/national/kpis", params={"organisation": EDITOR_ORGANISATION}
    ).json()
    assert VISITORS in [k["id"] for k in owned["items"]]
    assert all(k["organisation"] == EDITOR_ORGANISATION for k in owned["items"])
    on_track = client.get(
        f"{API}/strategies/national/kpis", params={"status": "on_track", "year": 2025}
    ).json()
    assert on_track["year"] == 2025
    assert VISITORS in [k["id"] for k in on_track["items"]]
    assert all(k["evaluation"]["status"] == "on_track" for k in on_track["items"])
    pages = [
        client.get(f"{API}/strategies/national/kpis", params={"limit": 20, "offset": o}).json()
        for o in (0, 20, 40)
    ]
    assert [k["id"] for p in pages for k in p["items"]] == [k["id"] for k in every["items"]]
    assert client.get(f"{API}/strategies/national/kpis?level=kpi").status_code == 422
    assert client.get(f"{API}/strategies/national/kpis?year=1800").status_code == 422
    assert client.get(f"{API}/strategies/nowhere/kpis").status_code == 404


def test_a_kpi_gives_its_target_and_reference_data_as_exact_decimals(client: TestClient) -> None:
    found = client.get(f"{API}/kpis/{VISITORS}").json()
    assert found["indicator"] == "訪日外国人旅行者数"
    assert found["strategy"] == "national"
    assert found["node"] == "outcome:A"
    assert found["target"]["value"] == "60000000"  # a string: every digit kept
    assert found["target"]["target_year"] == 2030
    assert found["reference"]["organisation"] == EDITOR_ORGANISATION
    assert found["reference"]["baseline_value"] == "36869900"
    assert found["text"].startswith("訪日外国人旅行者数")
    missing = client.get(f"{API}/kpis/national/no-such-kpi")
    assert missing.status_code == 404
    assert "national/no-such-kpi" in missing.json()["detail"]


# -- observations --------------------------------------------------------------------------------


def test_figures_in_force_and_what_was_known_on_a_day(client: TestClient) -> None:
    found = client.get(f"{API}/kpis/{VISITORS}/observations").json()
    assert found["approved_only"] is True  # an anonymous reader
    by_year = {o["period"]["end"]: o for o in found["items"]}
    assert by_year[2025]["value"] == "42683600"
    assert by_year[2025]["review_state"] == "approved"
    assert by_year[2025]["period"]["basis"] == "calendar"
    before = client.get(f"{API}/kpis/{VISITORS}/observations", params={"as_of": "2000-01-01"})
    assert before.json()["items"] == []
    assert before.json()["as_of"] == "2000-01-01"
    bad_day = client.get(f"{API}/kpis/{VISITORS}/observations", params={"as_of": "2025-13-01"})
    assert bad_day.status_code == 422
    assert client.get(f"{API}/kpis/national/nothing/observations").status_code == 404


def test_as_of_is_the_end_of_the_day_in_japan(client: TestClient, engine: Engine) -> None:
    written = post_figure(client, token(engine, "editor")).json()["observation"]
    entered = datetime(2025, 6, 30, 20, 0, tzinfo=UTC)  # 2025-07-01 05:00 in Japan
    with transaction(engine) as session:
        session.execute(
            update(ObservationRow)
            .where(ObservationRow.id == written["id"])
            .values(entered_at=entered)
        )
    viewer = token(engine, "viewer")

    def known_on(day: str) -> list[str]:
        found = client.get(
            f"{API}/kpis/{VISITORS}/observations", params={"as_of": day}, headers=viewer
        )
        return [o["value"] for o in found.json()["items"]]

    assert "42700000" not in known_on("2025-06-30")
    assert "42700000" in known_on("2025-07-01")


def test_unreviewed_figures_are_shown_to_signed_in_readers_only(
    client: TestClient, engine: Engine
) -> None:
    assert post_figure(client, token(engine, "editor")).status_code == 201
    anonymous = client.get(f"{API}/kpis/{VISITORS}/observations").json()["items"]
    assert anonymous  # the approved figures of other years
    assert all(o["review_state"] == "approved" for o in anonymous)
    assert "42700000" not in [o["value"] for o in anonymous]
    viewer = token(engine, "viewer")
    signed_in = client.get(f"{API}/kpis/{VISITORS}/observations", headers=viewer).json()
    assert signed_in["approved_only"] is False
    [figure] = [o for o in signed_in["items"] if o["period"]["end"] == 2025]
    assert (figure["value"], figure["review_state"]) == ("42700000", "submitted")
    approved = client.get(
        f"{API}/kpis/{VISITORS}/observations", params={"approved_only": True}, headers=viewer
    ).json()
    # The approved figure the submitted one corrects stays in force until that is approved.
    [kept] = [o for o in approved["items"] if o["period"]["end"] == 2025]
    assert (kept["value"], kept["review_state"]) == ("42683600", "approved")


def test_writing_a_figure_needs_a_token(client: TestClient) -> None:
    anonymous = post_figure(client, {})
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    forged = post_figure(client, {"Authorization": "Bearer sst_not-a-token"})
    assert forged.status_code == 401
    sign_in(client, "editor")  # a session cookie is not enough: the API writes with tokens only
    assert post_figure(client, {}).status_code == 401


def test_a_viewer_token_may_read_but_not_write(client: TestClient, engine: Engine) -> None:
    viewer = token(engine, "viewer")
    assert client.get(f"{API}/kpis/{VISITORS}", headers=viewer).status_code == 200
    refused = post_figure(client, viewer)
    assert refused.status_code == 403
    assert "閲覧者" in refused.json()["detail"]


def test_an_editor_writes_only_the_kpis_it_may(client: TestClient, engine: Engine) -> None:
    editor = token(engine, "editor")
    refused = post_figure(client, editor, kpi_id=NOT_THE_EDITORS, value="1.5")
    assert refused.status_code == 403
    assert NOT_THE_EDITORS in refused.json()["detail"]
    with transaction(engine) as session:
        accounts.assign_kpis(session, username="editor", kpi_ids=[NOT_THE_EDITORS], actor="test")
    assigned = post_figure(client, editor, kpi_id=NOT_THE_EDITORS, value="1.5", unit="%")
    assert assigned.status_code == 201, assigned.text


def test_a_figure_is_recorded_as_submitted_and_audited_with_the_tokens_user(
    client: TestClient, engine: Engine
) -> None:
    editor = token(engine, "editor")
    written = post_figure(client, editor, written="4,270万人")
    assert written.status_code == 201, written.text
    body = written.json()
    assert body["created"] is True
    figure = body["observation"]
    assert figure["value"] == "42700000"
    assert figure["unit"] == "人"  # the KPI's unit when none is given
    assert figure["period"] == {"start": 2025, "end": 2025, "basis": "calendar"}
    assert figure["review_state"] == "submitted"
    assert figure["entered_by"] == "editor"
    assert figure["supersedes"] is not None  # it corrects the published 2025 figure
    with transaction(engine) as session:
        [row] = audit.entries(session, action="actuals.enter", entity_id=str(figure["id"]))
    assert row.actor == "editor"
    again = post_figure(client, editor, written="4,270万人")
    assert again.status_code == 200
    assert again.json() == {"created": False, "observation": figure}


def test_a_figure_that_does_not_fit_its_kpi_gets_field_errors(
    client: TestClient, engine: Engine
) -> None:
    editor = token(engine, "editor")

    def problems(**changes: Any) -> dict[tuple[str, ...], str]:
        response = post_figure(client, editor, **changes)
        assert response.status_code == 422, response.text
        return {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}

    assert "文字列" in problems(value=42700000)[("body", "value")]  # a JSON number loses digits
    assert ("body", "value") in problems(value="4.27e7")
    assert ("body", "value") in problems(value="1" * 29)
    wrong = problems(period={"end": 2045}, unit="円", status="たぶん")
    assert "期間" in wrong[("body", "period")]
    assert "次元" in wrong[("body", "unit")]
    assert "状態" in wrong[("body", "status")]
    assert "基本単位" in problems(unit="万人")[("body", "unit")]
    assert ("body", "period", "start") in problems(period={"start": 2026, "end": 2025})
    assert ("body", "surprise") in problems(surprise=True)
    assert ("body", "source", "url") in problems(source={"url": "javascript:alert(1)"})
    with transaction(engine) as session:
        assert audit.entries(session, action="actuals.enter") == []


def test_a_figure_of_an_unknown_kpi_or_a_locked_year_is_refused(
    client: TestClient, engine: Engine
) -> None:
    admin = token(engine, "admin")
    assert post_figure(client, admin, kpi_id="national/nothing").status_code == 404
    with transaction(engine) as session:
        strategy = strategies.strategy_row(session, "national")
        observations.lock_year(session, strategy_id=strategy.id, year=2025, actor="test")
    locked = post_figure(client, admin)
    assert locked.status_code == 409
    assert "ロック" in locked.json()["detail"]


# -- review --------------------------------------------------------------------------------------


def test_an_admin_approves_a_figure_and_the_evaluation_uses_it(
    client: TestClient, engine: Engine
) -> None:
    submitted = post_figure(client, token(engine, "editor")).json()["observation"]
    review = f"{API}/observations/{submitted['id']}/review"
    assert client.post(review, json={"action": "approve"}).status_code == 401
    editor = client.post(review, json={"action": "approve"}, headers=token(engine, "editor"))
    assert editor.status_code == 403
    admin = token(engine, "admin")
    approved = client.post(review, json={"action": "approve"}, headers=admin)
    assert approved.status_code == 200, approved.text
    assert approved.json()["review_state"] == "approved"
    result = client.get(f"{API}/kpis/{VISITORS}/evaluations/2025").json()["result"]
    assert result["actual"] == "42700000"
    with transaction(engine) as session:
        [row] = audit.entries(session, action="actuals.approve")
    assert row.actor == "admin"
    again = client.post(review, json={"action": "approve"}, headers=admin)
    assert again.status_code == 409
    assert "承認済み" in again.json()["detail"]


def test_returning_a_figure_needs_a_reason(client: TestClient, engine: Engine) -> None:
    submitted = post_figure(client, token(engine, "editor")).json()["observation"]
    review = f"{API}/observations/{submitted['id']}/review"
    admin = token(engine, "admin")
    bare = client.post(review, json={"action": "return"}, headers=admin)
    assert bare.status_code == 422
    assert [e["loc"] for e in bare.json()["detail"]] == [["body", "reason"]]
    returned = client.post(
        review, json={"action": "return", "reason": "出典の URL を添えてください"}, headers=admin
    )
    assert returned.status_code == 200
    assert returned.json()["review_state"] == "returned"
    assert returned.json()["review_reason"] == "出典の URL を添えてください"
    assert client.post(review, json={"action": "maybe"}, headers=admin).status_code == 422
    unknown = client.post(
        f"{API}/observations/999999/review", json={"action": "approve"}, headers=admin
    )
    assert unknown.status_code == 404


# -- evaluations ---------------------------------------------------------------------------------


def test_a_strategys_evaluation_lists_every_kpi_and_the_roll_up(
    client: TestClient, engine: Engine
) -> None:
    found = client.get(f"{API}/strategies/national/evaluations/2025").json()
    assert (found["strategy"], found["year"]) == ("national", 2025)
    assert len(found["results"]) == 55
    assert [label["id"] for label in found["rule_set"]["labels"]][:3] == [
        "achieved",
        "on_track",
        "behind",
    ]
    nodes = {n["key"]: n for n in found["rollup"]["nodes"]}
    assert nodes["strategy"]["total"] == 55
    assert found["rollup"]["paths"][VISITORS] == ["outcome:A", "impact:1", "strategy"]
    [visitors] = [r for r in found["results"] if r["kpi_id"] == VISITORS]
    with transaction(engine) as session:
        exact = strategy_view(session, key="national", year=2025).by_kpi[VISITORS]
    assert exact.expected is not None
    assert Decimal(visitors["expected"]) == exact.expected  # no digit lost on the way
    assert len(visitors["expected"].replace(".", "")) > 17  # more than a float could carry
    assert client.get(f"{API}/strategies/national/evaluations/1800").status_code == 422
    assert client.get(f"{API}/strategies/nowhere/evaluations/2025").status_code == 404


def test_a_kpis_evaluation_gives_its_result_and_path(client: TestClient) -> None:
    found = client.get(f"{API}/kpis/{VISITORS}/evaluations/2025").json()
    result = found["result"]
    assert (result["status"], result["label"]) == ("on_track", "順調")
    assert result["used"][0]["value"] == "42683600"
    assert found["path"] == ["outcome:A", "impact:1", "strategy"]
    assert client.get(f"{API}/kpis/national/nothing/evaluations/2025").status_code == 404
    assert client.get(f"{API}/kpis/{VISITORS}/evaluations/twenty").status_code == 422


# -- reading switched off ------------------------------------------------------------------------


def test_without_public_reading_every_read_needs_a_token(
    client: TestClient, engine: Engine
) -> None:
    public_read(engine, "off")
    reads = [
        "/strategies",
        "/strategies/national",
        "/strategies/national/nodes",
        "/strategies/national/nodes/outcome:A",
        "/strategies/national/kpis",
        "/strategies/national/evaluations/2025",
        f"/kpis/{VISITORS}",
        f"/kpis/{VISITORS}/observations",
        f"/kpis/{VISITORS}/evaluations/2025",
    ]
    viewer = token(engine, "viewer")
    for path in reads:
        refused = client.get(API + path)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"] == "Bearer"
        assert client.get(API + path, headers=viewer).status_code == 200, path


# -- the OpenAPI document ------------------------------------------------------------------------


def _api_operations() -> set[tuple[str, str]]:
    """Every route of the API's routers, as OpenAPI names it (a path converter dropped)."""
    return {
        (method.lower(), v1.router.prefix + re.sub(r"\{(\w+):path\}", r"{\1}", route.path))
        for router in (strategy_routes.router, kpis.router, reviews.router, compare.router)
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }


def _refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value["$ref"]] if isinstance(value.get("$ref"), str) else []
        return own + [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def test_the_openapi_document_lists_every_endpoint_completely(client: TestClient) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.headers["content-type"].startswith("application/json")
    document = json.loads(response.text)
    assert document["openapi"].startswith("3.")
    documented = {
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
        if path.startswith(API)
    }
    assert documented == _api_operations()
    assert len(documented) == 13  # the endpoints of the briefs, none left out
    schemas = document["components"]["schemas"]
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/")
        assert ref.removeprefix("#/components/schemas/") in schemas, ref
    for path, operations in document["paths"].items():
        if not path.startswith(API):
            continue
        for method, operation in operations.items():
            assert operation["summary"], (method, path)
            assert operation["description"], (method, path)
            success = [c for c in operation["responses"] if c.startswith("2")]
            assert success, (method, path)
            for code in success:
                assert "schema" in operation["responses"][code]["content"]["application/json"]
            assert "401" in operation["responses"], (method, path)
            if method == "post":
                assert operation["security"] == [{"token": []}]
                assert {"403", "404", "409", "422"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    target_value = schemas["TargetOut"]["properties"]["value"]["anyOf"][0]
    assert target_value["type"] == "string"
    assert "浮動小数点" in target_value["description"]
    assert schemas["ObservationIn"]["properties"]["value"]["type"] == "string"


def test_the_docs_page_is_served(client: TestClient) -> None:
    page = client.get(f"{API}/docs")
    assert page.status_code == 200
    assert f"{API}/openapi.json" in page.text


# -- response models -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"), [(KpiResultOut, KpiResult), (NodeSummaryOut, NodeSummary)]
)
def test_the_evaluation_models_keep_every_field_of_the_domain(ours: Any, theirs: Any) -> None:
    assert list(ours.model_fields) == list(theirs.model_fields)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1E+7"), "10000000"),
        (Decimal("0.10"), "0.1"),
        (Decimal("85.20"), "85.2"),
        (Decimal("-0.0"), "0"),
        (
            Decimal("1234567890123456789012345678.1234567891"),
            "1234567890123456789012345678.1234567891",
        ),
        (Decimal("40724916.66666666666666666666666667"), "40724916.66666666666666666666666667"),
    ],
)
def test_decimals_are_written_with_every_digit_and_no_exponent(value: Decimal, text: str) -> None:
    assert decimal_text(value) == text
    assert Decimal(text) == value
