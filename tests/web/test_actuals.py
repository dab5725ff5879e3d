"""Entering, uploading and reviewing actuals, notes and snapshots through the web pages.

Every write is checked in the database the app runs on: what was written (or that nothing
was), its review state, and the audit rows with the user's name as actor.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import Engine, func, select

from sousei.model.actuals import Observation
from sousei.store import accounts, observations
from sousei.store import notes as pdca
from sousei.store.db import transaction
from sousei.store.tables import AuditRow, Base, ObservationRow, PdcaNoteRow, SnapshotRow
from sousei.web.templating import templates

from .conftest import PASSWORD, csrf, sign_in

VISITORS = "national/A-KPI④-1"  # 訪日外国人旅行者数: 国土交通省, calendar years, 人
VISITORS_PATH = "/kpis/national/A-KPI%E2%91%A3-1"
NOT_OURS = "national/a-1"  # スマート農業技術の活用割合: no organisation of the editor's

GOOD_CSV = (
    "KPI ID,年,値,単位,状態,公表者,資料名\n"
    f"{VISITORS},2026,4012万,人,推計値,日本政府観光局（JNTO）,訪日外客数\n"
    f"{VISITORS},2025,42683600,人,確定値,日本政府観光局（JNTO）,訪日外客数\n"
    "national/g-1,2026,9兆8000億,円,速報,観光庁,インバウンド消費動向調査\n"
)
BAD_CSV = (
    "KPI ID,年,値,単位,状態\n"
    f"{VISITORS},2026,4012万,人,推計値\n"
    "national/g-1,2026,abc,円,速報\n"
    f"{VISITORS},2031,1,人,推計値\n"
)


@pytest.fixture(autouse=True)
def upload_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pending uploads in the test's own folder, not the system's temporary folder."""
    folder = tmp_path / "uploads"
    monkeypatch.setenv("SOUSEI_UPLOAD_DIR", str(folder))
    return folder


def _count(engine: Engine, table: type[Base] = ObservationRow) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _audit(engine: Engine, action: str) -> list[tuple[str, str]]:
    """(actor, entity id) of every audit row of an action, oldest first."""
    with transaction(engine) as session:
        query = select(AuditRow.actor, AuditRow.entity_id).where(AuditRow.action == action)
        return [(a, e) for a, e in session.execute(query.order_by(AuditRow.id))]


def _history(engine: Engine, kpi_id: str = VISITORS) -> list[Observation]:
    with transaction(engine) as session:
        return observations.history(session, kpi_id=kpi_id)


def _add_user(engine: Engine, username: str, role: str, organisation: str | None) -> None:
    with transaction(engine) as session:
        accounts.create_user(
            session,
            username=username,
            password=PASSWORD,
            role=role,
            organisation=organisation,
            actor="test",
        )


def _upload(
    client: TestClient, text: str, name: str = "実績値.csv", encoding: str = "utf-8"
) -> Response:
    token = csrf(client, "/actuals/upload")
    return client.post(
        "/actuals/upload",
        data={"csrf_token": token},
        files={"file": (name, text.encode(encoding), "text/csv")},
    )


def _apply(client: TestClient, diff: Response) -> Response:
    found = re.search(r'name="upload" value="([^"]+)"', diff.text)
    assert found is not None, "the diff page offers no apply button"
    return client.post(
        "/actuals/upload/apply",
        data={"csrf_token": csrf(client, "/actuals/upload"), "upload": found.group(1)},
        follow_redirects=False,
    )


def _queue_ids(page: str, name: str = "ids") -> list[int]:
    return [int(i) for i in re.findall(rf'name="{name}" value="(\d+)"', page)]


def _uploaded_by_editor(client: TestClient) -> None:
    """The editor uploads and applies GOOD_CSV (three figures, submitted), then signs out."""
    sign_in(client, "editor")
    assert _apply(client, _upload(client, GOOD_CSV)).status_code == 303
    client.post("/logout", data={"csrf_token": csrf(client, "/actuals/upload")})


def _submitted_ids(engine: Engine) -> list[int]:
    with transaction(engine) as session:
        query = select(ObservationRow.id).where(ObservationRow.review_state == "submitted")
        return list(session.scalars(query.order_by(ObservationRow.id)))


def _state(engine: Engine, observation_id: int) -> tuple[str, str | None]:
    with transaction(engine) as session:
        row = observations.get(session, observation_id)
        return row.review_state, row.review_reason


# -- the entry form on the KPI page ---------------------------------------------------------


def _enter(client: TestClient, kpi_path: str = VISITORS_PATH, **fields: str) -> Response:
    data = {"csrf_token": csrf(client, "/actuals/upload"), **fields}
    return client.post(f"{kpi_path}/actuals", data=data, follow_redirects=False)


def test_an_editor_records_a_figure_submitted_for_review(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    response = _enter(
        client, year="2026", value="4,012万", status="推計値", publisher="日本政府観光局（JNTO）"
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{VISITORS_PATH}?notice=recorded#actuals-entry"
    newest = _history(engine)[-1]
    assert (newest.period.end, newest.value, newest.unit) == (2026, Decimal(40120000), "人")
    assert (newest.review_state, newest.entered_by) == ("submitted", "editor")
    assert newest.source.publisher == "日本政府観光局（JNTO）"
    assert _audit(engine, "actuals.enter") == [("editor", str(newest.id))]
    assert _audit(engine, "actuals.submit") == [("editor", str(newest.id))]


def test_the_figure_in_force_entered_again_changes_nothing(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    before = _count(engine)
    first = _enter(client, year="2026", value="40120000")
    again = _enter(client, year="2026", value="40120000")
    assert "notice=recorded" in first.headers["location"]
    assert "notice=unchanged" in again.headers["location"]
    assert _count(engine) == before + 1


def test_invalid_entry_names_each_field_in_japanese_and_writes_nothing(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    before = _count(engine)
    response = _enter(client, year="2031", value="abc", unit="円", url="javascript:alert(1)")
    assert response.status_code == 422
    page = response.text
    assert "まだ何も登録していません" in page
    assert re.search(r'href="#entry-year">年</a>: 2031年は(この戦略の期間の外|未来の期間)', page)
    assert 'href="#entry-value">値</a>: 数値として読めません' in page
    assert 'href="#entry-url">URL</a>: URL は http:// または https://' in page
    assert 'id="entry-value" name="value" autocomplete="off" required value="abc"' in page
    assert 'aria-invalid="true"' in page
    assert f'action="{VISITORS_PATH}/notes"' not in page  # only the form that needs fixing
    assert _count(engine) == before
    empty = _enter(client, year="2026", value="")
    assert empty.status_code == 422
    assert "値を入力してください" in empty.text


def test_the_entry_form_is_refused_to_those_who_may_not_write(
    client: TestClient, engine: Engine
) -> None:
    before = _count(engine)
    anonymous = _enter(client, year="2026", value="1")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")
    sign_in(client, "viewer")
    assert _enter(client, year="2026", value="1").status_code == 403
    sign_in(client, "editor")
    assert _enter(client, "/kpis/" + NOT_OURS, year="2025", value="1").status_code == 403
    assert _enter(client, "/kpis/national/no-such-kpi", year="2025", value="1").status_code == 404
    missing_csrf = client.post(f"{VISITORS_PATH}/actuals", data={"year": "2026", "value": "1"})
    assert missing_csrf.status_code == 403
    _add_user(engine, "mext", "editor", "文部科学省")
    sign_in(client, "mext")
    assert _enter(client, year="2026", value="1").status_code == 403
    assert _count(engine) == before


def test_notes_are_recorded_submitted_and_checked(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    token = csrf(client, "/actuals/upload")
    response = client.post(
        f"{VISITORS_PATH}/notes",
        data={"csrf_token": token, "year": "2025", "analysis": "航空便の回復", "next_steps": ""},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{VISITORS_PATH}?notice=note#actuals-entry"
    with transaction(engine) as session:
        (note,) = pdca.current(session, key="national", year=2025)
        assert (note.subject_id, note.analysis, note.next_steps) == (VISITORS, "航空便の回復", None)
        assert (note.review_state, note.entered_by) == ("submitted", "editor")
    assert _audit(engine, "notes.enter") == [("editor", str(note.id))]
    empty = client.post(
        f"{VISITORS_PATH}/notes",
        data={"csrf_token": token, "year": "令和7", "analysis": " ", "next_steps": ""},
    )
    assert empty.status_code == 422
    assert "西暦の年を数字で入力してください" in empty.text
    assert "要因分析か今後の方向性のどちらかを入力してください" in empty.text
    assert f'action="{VISITORS_PATH}/notes"' in empty.text
    assert f'action="{VISITORS_PATH}/actuals"' not in empty.text
    assert _count(engine, PdcaNoteRow) == 1
    sign_in(client, "viewer")
    refused = client.post(
        f"{VISITORS_PATH}/notes",
        data={"csrf_token": csrf(client, "/"), "year": "2025", "analysis": "x"},
    )
    assert refused.status_code == 403


def test_the_partial_shows_the_forms_only_to_those_who_may_write() -> None:
    partial = templates.env.get_template("partials/kpi_entry.html")
    context = {"kpi_id": VISITORS, "csrf_token": "t", "user": None}
    assert partial.render(**context, may_write=False).strip() == ""
    shown = partial.render(**context, may_write=True, year_basis="calendar")
    assert f'action="/kpis/{VISITORS.replace("④", "%E2%91%A3")}/actuals"' in shown
    assert 'action="/kpis/national/A-KPI%E2%91%A3-1/notes"' in shown
    assert '<label for="entry-year">年<' in shown
    assert 'name="csrf_token" value="t"' in shown


# -- upload --------------------------------------------------------------------------------


def test_the_upload_page_is_for_writers(client: TestClient) -> None:
    anonymous = client.get("/actuals/upload", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=/actuals/upload"
    sign_in(client, "viewer")
    assert client.get("/actuals/upload").status_code == 403
    sign_in(client, "editor")
    page = client.get("/actuals/upload")
    assert page.status_code == 200
    assert 'type="file"' in page.text


def test_a_bad_file_lists_its_rows_errors_and_writes_nothing(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    before = _count(engine)
    response = _upload(client, BAD_CSV)
    assert response.status_code == 422
    page = response.text
    assert "何も書き込んでいません" in page
    assert re.search(r"3 行目</th>\s*<td>値</td>\s*<td><code>abc</code></td>\s*<td>数値", page)
    assert re.search(r"4 行目</th>\s*<td>年</td>\s*<td><code>2031</code></td>", page)
    assert 'name="upload"' not in page  # nothing can be applied
    assert _count(engine) == before


def test_a_file_that_is_no_table_is_an_error(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    response = _upload(client, "", name="empty.csv")
    assert response.status_code == 422
    assert "ファイルを選んでください" in response.text
    binary = client.post(
        "/actuals/upload",
        data={"csrf_token": csrf(client, "/actuals/upload")},
        files={"file": ("x.xlsx", b"PK\x03\x04 not a zip", "application/octet-stream")},
    )
    assert binary.status_code == 422
    assert "ファイル全体" in binary.text


def test_an_editor_may_not_import_other_organisations_kpis(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    before = _count(engine)
    text = f"KPI ID,年度,値,単位\n{VISITORS},2026,4012万,人\n{NOT_OURS},2025,50,%\n"
    response = _upload(client, text)
    assert response.status_code == 422
    assert re.search(r"3 行目</th>\s*<td>KPI</td>\s*<td><code>national/a-1</code>", response.text)
    assert (
        "この KPI（スマート農業技術の活用割合）の実績値を取り込む権限がありません" in response.text
    )
    assert _count(engine) == before
    sign_in(client, "admin")  # admins write every KPI
    assert _upload(client, text).status_code == 200


def test_an_upload_shows_its_diff_and_applying_writes_exactly_the_planned_rows(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    before = _count(engine)
    diff = _upload(client, GOOD_CSV)
    assert diff.status_code == 200
    page = diff.text
    assert re.search(r"差し替え</span> 1 件", page)
    assert re.search(r"追加</span> 2 件", page)
    assert re.search(r"同一（書き込みません）</span> 0 件", page)
    assert "42,683,600 人" in page  # the figure in force and the file's, side by side
    assert _count(engine) == before  # the diff writes nothing
    applied = _apply(client, diff)
    assert applied.status_code == 303
    assert applied.headers["location"] == "/actuals/upload"
    assert "3 件を書き込みました（審査待ち）" in client.get("/actuals/upload").text
    assert _count(engine) == before + 3
    with transaction(engine) as session:
        new = session.scalars(select(ObservationRow).where(ObservationRow.id > before)).all()
        written = sorted(
            (r.kpi_id, r.period_end, r.value, r.review_state, r.entered_by) for r in new
        )
    assert written == [
        (VISITORS, 2025, Decimal(42683600), "submitted", "editor"),
        (VISITORS, 2026, Decimal(40120000), "submitted", "editor"),
        ("national/g-1", 2026, Decimal(9800000000000), "submitted", "editor"),
    ]
    assert _audit(engine, "actuals.import")[-1][0] == "editor"


def test_the_same_file_twice_is_all_identical(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    assert _apply(client, _upload(client, GOOD_CSV)).status_code == 303
    count = _count(engine)
    again = _upload(client, GOOD_CSV)
    assert again.status_code == 200
    assert re.search(r"同一（書き込みません）</span> 3 件", again.text)
    assert re.search(r"追加</span> 0 件", again.text)
    assert "書き込むものはありません" in again.text
    assert 'name="upload"' not in again.text
    assert _count(engine) == count


def test_a_cp932_file_reads_like_utf8(client: TestClient) -> None:
    sign_in(client, "editor")
    response = _upload(client, GOOD_CSV, name="sjis.csv", encoding="cp932")
    assert response.status_code == 200
    assert re.search(r"追加</span> 2 件", response.text)


def test_an_upload_is_applied_once(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    diff = _upload(client, GOOD_CSV)
    assert _apply(client, diff).status_code == 303
    count = _count(engine)
    twice = _apply(client, diff)
    assert twice.status_code == 409
    assert "期限切れか、すでに書き込まれています" in twice.text
    assert _count(engine) == count


def test_an_upload_is_bound_to_its_users_session(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    diff = _upload(client, GOOD_CSV)
    before = _count(engine)
    sign_in(client, "admin")  # a new session: the upload id is not in it
    assert _apply(client, diff).status_code == 409
    assert _count(engine) == before


def test_if_the_figures_moved_after_the_diff_the_new_diff_is_shown(
    client: TestClient, engine: Engine
) -> None:
    sign_in(client, "editor")
    diff = _upload(client, GOOD_CSV)
    _enter(client, year="2026", value="39000000")  # the figure in force moves meanwhile
    before = _count(engine)
    moved = _apply(client, diff)
    assert moved.status_code == 409
    assert "保存されている実績値が変わりました" in moved.text
    assert re.search(r"差し替え</span> 2 件", moved.text)
    assert _count(engine) == before
    assert _apply(client, moved).status_code == 303
    assert _count(engine) == before + 3


def test_upload_and_apply_need_the_csrf_token(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    refused = client.post(
        "/actuals/upload", files={"file": ("a.csv", GOOD_CSV.encode(), "text/csv")}
    )
    assert refused.status_code == 403
    diff = _upload(client, GOOD_CSV)
    upload_id = re.search(r'name="upload" value="([^"]+)"', diff.text)
    assert upload_id is not None
    before = _count(engine)
    forged = client.post("/actuals/upload/apply", data={"upload": upload_id.group(1)})
    assert forged.status_code == 403
    assert _count(engine) == before


# -- review --------------------------------------------------------------------------------


def test_the_review_queue_is_for_writers(client: TestClient) -> None:
    anonymous = client.get("/actuals/review", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login")
    sign_in(client, "viewer")
    assert client.get("/actuals/review").status_code == 403


def test_an_editor_cannot_approve_their_own_figures(client: TestClient, engine: Engine) -> None:
    _uploaded_by_editor(client)
    ids = _submitted_ids(engine)
    sign_in(client, "editor")
    page = client.get("/actuals/review").text
    assert _queue_ids(page) == []  # nothing the editor may decide
    assert "自分が入力したもの" in page
    assert page.count("提出済み") >= 3
    token = csrf(client, "/actuals/review")
    response = client.post(
        f"/actuals/review/{ids[0]}", data={"csrf_token": token, "action": "approve"}
    )
    assert response.status_code == 403
    assert "自分が入力したものは審査できません" in response.text
    assert _state(engine, ids[0]) == ("submitted", None)


def test_another_editor_of_the_organisation_approves(client: TestClient, engine: Engine) -> None:
    _uploaded_by_editor(client)
    ids = _submitted_ids(engine)
    _add_user(engine, "mlit2", "editor", "国土交通省")
    sign_in(client, "mlit2")
    assert _queue_ids(client.get("/actuals/review").text) == ids
    token = csrf(client, "/actuals/review")
    response = client.post(
        f"/actuals/review/{ids[0]}",
        data={"csrf_token": token, "action": "approve"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _state(engine, ids[0]) == ("approved", None)
    assert _audit(engine, "actuals.approve") == [("mlit2", str(ids[0]))]


def test_an_editor_of_another_organisation_may_not_review(
    client: TestClient, engine: Engine
) -> None:
    _uploaded_by_editor(client)
    ids = _submitted_ids(engine)
    _add_user(engine, "mext", "editor", "文部科学省")
    sign_in(client, "mext")
    assert _queue_ids(client.get("/actuals/review").text) == []
    token = csrf(client, "/actuals/review")
    response = client.post(
        f"/actuals/review/{ids[0]}", data={"csrf_token": token, "action": "approve"}
    )
    assert response.status_code == 403
    assert _state(engine, ids[0]) == ("submitted", None)


def test_an_admin_approves_and_returns_with_a_reason(client: TestClient, engine: Engine) -> None:
    _uploaded_by_editor(client)
    first, second, third = _submitted_ids(engine)
    sign_in(client, "admin")
    assert _queue_ids(client.get("/actuals/review").text) == [first, second, third]
    token = csrf(client, "/actuals/review")
    approved = client.post(
        f"/actuals/review/{first}",
        data={"csrf_token": token, "action": "approve"},
        follow_redirects=False,
    )
    assert approved.status_code == 303
    assert f"実績値 {first} を承認しました" in client.get("/actuals/review").text
    no_reason = client.post(
        f"/actuals/review/{second}", data={"csrf_token": token, "action": "return"}
    )
    assert no_reason.status_code == 422
    assert "差戻しには理由が必要です" in no_reason.text
    assert _state(engine, second) == ("submitted", None)
    returned = client.post(
        f"/actuals/review/{second}",
        data={"csrf_token": token, "action": "return", "reason": "出典の公表日を"},
        follow_redirects=False,
    )
    assert returned.status_code == 303
    assert _state(engine, first) == ("approved", None)
    assert _state(engine, second) == ("returned", "出典の公表日を")
    assert _audit(engine, "actuals.approve") == [("admin", str(first))]
    assert _audit(engine, "actuals.return") == [("admin", str(second))]
    page = client.get("/actuals/review").text
    assert _queue_ids(page) == [third]
    assert "差戻し（出典の公表日を）" in page  # among the recent decisions
    sign_in(client, "editor")  # the editor sees why their figure came back
    assert "理由: 出典の公表日を" in client.get("/actuals/review").text


def test_selected_figures_and_notes_are_approved_at_once(
    client: TestClient, engine: Engine
) -> None:
    _uploaded_by_editor(client)
    sign_in(client, "editor")
    client.post(
        f"{VISITORS_PATH}/notes",
        data={"csrf_token": csrf(client, "/actuals/upload"), "year": "2026", "analysis": "好調"},
    )
    ids = _submitted_ids(engine)
    sign_in(client, "admin")
    page = client.get("/actuals/review").text
    note_ids = _queue_ids(page, "note_ids")
    assert len(note_ids) == 1
    token = csrf(client, "/actuals/review")
    response = client.post(
        "/actuals/review",
        data={"csrf_token": token, "ids": [str(i) for i in ids[:2]], "note_ids": str(note_ids[0])},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert [_state(engine, i)[0] for i in ids] == ["approved", "approved", "submitted"]
    assert [a for a, _ in _audit(engine, "notes.approve")] == ["admin"]
    assert "実績値 2 件と記録 1 件を承認しました" in client.get("/actuals/review").text
    stale = client.post(  # one of them is approved already: none is approved again
        "/actuals/review",
        data={"csrf_token": token, "ids": [str(ids[0]), str(ids[2])]},
    )
    assert stale.status_code == 422
    assert "承認済み" in stale.text
    assert _state(engine, ids[2])[0] == "submitted"
    nothing = client.post("/actuals/review", data={"csrf_token": token})
    assert nothing.status_code == 422
    missing_csrf = client.post("/actuals/review", data={"ids": str(ids[2])})
    assert missing_csrf.status_code == 403
    assert _state(engine, ids[2])[0] == "submitted"


def test_notes_are_returned_with_a_reason(client: TestClient, engine: Engine) -> None:
    sign_in(client, "editor")
    client.post(
        f"{VISITORS_PATH}/notes",
        data={"csrf_token": csrf(client, "/actuals/upload"), "year": "2026", "analysis": "好調"},
    )
    assert _queue_ids(client.get("/actuals/review").text, "note_ids") == []  # their own
    sign_in(client, "admin")
    (note_id,) = _queue_ids(client.get("/actuals/review").text, "note_ids")
    response = client.post(
        f"/actuals/review/notes/{note_id}",
        data={
            "csrf_token": csrf(client, "/actuals/review"),
            "action": "return",
            "reason": "根拠を",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    with transaction(engine) as session:
        note = session.get(PdcaNoteRow, note_id)
        assert note is not None
        assert (note.review_state, note.review_reason) == ("returned", "根拠を")
    assert _audit(engine, "notes.return") == [("admin", str(note_id))]


# -- snapshots ------------------------------------------------------------------------------


def _freeze(client: TestClient, year: int) -> Response:
    token = csrf(client, "/login")  # a page with a form whoever is signed in
    return client.post(
        "/snapshots", data={"csrf_token": token, "year": str(year)}, follow_redirects=False
    )


def test_snapshots_are_frozen_by_admins_only(client: TestClient, engine: Engine) -> None:
    assert client.get("/snapshots").status_code == 200  # public reading is on
    assert _freeze(client, 2025).status_code == 303  # anonymous: to the sign-in page
    sign_in(client, "editor")
    assert 'action="/snapshots"' not in client.get("/snapshots").text
    assert _freeze(client, 2025).status_code == 403
    sign_in(client, "admin")
    missing_csrf = client.post("/snapshots", data={"year": "2025"})
    assert missing_csrf.status_code == 403
    assert _count(engine, SnapshotRow) == 0
    assert _freeze(client, 1999).status_code == 422  # outside the strategy's span
    response = _freeze(client, 2025)
    assert response.status_code == 303
    assert _count(engine, SnapshotRow) == 1
    assert [a for a, _ in _audit(engine, "evaluation.freeze")] == ["admin"]
    listed = client.get("/snapshots").text
    assert "確定版 1 として保存しました" in listed
    assert "2025年（度）" in listed


def test_comparing_snapshots_says_what_moved_and_why(client: TestClient, engine: Engine) -> None:
    sign_in(client, "admin")
    assert _freeze(client, 2026).status_code == 303
    _enter(client, year="2026", value="42000000")
    (figure,) = _submitted_ids(engine)
    client.post(
        f"/actuals/review/{figure}",
        data={"csrf_token": csrf(client, "/actuals/review"), "action": "approve"},
    )
    assert _freeze(client, 2026).status_code == 303
    page = client.get("/snapshots/compare?a=1&b=2")
    assert page.status_code == 200
    assert re.search(r"訪日外国人旅行者数.*?新しい実績値", page.text, re.S)
    assert client.get("/snapshots/compare?a=1&b=99").status_code == 404
    assert client.get("/snapshots/compare?a=1").status_code == 422
