"""実績値の入力・取込・審査 — entry form, upload with its diff, review queue, snapshots."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from sousei.evaluate.snapshot import REASON_LABELS, compare_snapshots
from sousei.ingest.actuals import MAX_BYTES
from sousei.model.actuals import REVIEW_LABELS
from sousei.store import accounts, observations, strategies
from sousei.store import evaluation as stored
from sousei.store import notes as pdca
from sousei.store.errors import StoreError
from sousei.store.tables import UserRow

from .. import review as reviewing
from ..deps import Admin, Csrf, Db, Reader, Writer
from ..entry import (
    FieldError,
    FigureForm,
    Kpi,
    NoteForm,
    figure_labels,
    find_kpi,
    form_values,
    kpi_path,
    read_figure,
    read_note,
)
from ..evaluations import NATIONAL, figure_years
from ..i18n import gettext as _
from ..templating import render
from ..uploads import (
    CheckedUpload,
    PendingUploads,
    check_upload,
    diff_rows,
    fingerprint,
    upload_folder,
)

router = APIRouter()

FLASH = "flash"
UPLOAD = "upload"
Action = Literal["approve", "return"]


def _flash(request: Request, message: str) -> None:
    """A one-time notice shown by the next page (after a redirect)."""
    request.session[FLASH] = message


def _take_flash(request: Request) -> str | None:
    found = request.session.pop(FLASH, None)
    return found if isinstance(found, str) else None


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# -- the KPI page's entry forms ------------------------------------------------------------


def _writable_kpi(session: Session, user: UserRow, kpi_id: str) -> Kpi:
    kpi = find_kpi(session, kpi_id)
    if not accounts.may_write(session, account=user, kpi_id=kpi.kpi_id):
        raise HTTPException(403, _("この KPI の実績値を入力する権限がありません。"))
    return kpi


def _entry_page(
    request: Request,
    kpi: Kpi,
    *,
    figure: FigureForm | None = None,
    note: NoteForm | None = None,
    errors: list[FieldError],
) -> Response:
    context = {
        "title": _("入力を確認してください"),
        "kpi": kpi.entry,
        "kpi_id": kpi.kpi_id,
        "kpi_href": kpi_path(kpi.kpi_id),
        "may_write": True,
        "year_basis": kpi.entry.version.year_basis,
        "entry_values": form_values(figure) if figure else {},
        "note_values": form_values(note) if note else {},
        "entry_errors": errors if figure else [],
        "note_errors": errors if note else [],
        "breadcrumbs": [
            ("/", _("概要")),
            (kpi_path(kpi.kpi_id), kpi.entry.indicator),
            ("", _("入力の確認")),
        ],
    }
    return render(request, "pages/actuals_entry.html", context, status_code=422)


@router.post("/kpis/{kpi_id:path}/actuals", dependencies=[Csrf])
def enter_figure(
    request: Request,
    session: Db,
    user: Writer,
    kpi_id: str,
    form: Annotated[FigureForm, Form()],
) -> Response:
    """Record a figure typed into the KPI page and submit it for review."""
    kpi = _writable_kpi(session, user, kpi_id)
    found = read_figure(kpi.entry, form)
    if isinstance(found, list):
        return _entry_page(request, kpi, figure=form, errors=found)
    try:
        entered = observations.record(session, report=found, actor=user.username)
    except StoreError as error:  # a locked year
        label = figure_labels(kpi.entry.version.year_basis)["year"]
        problem = FieldError("year", label, str(error))
        return _entry_page(request, kpi, figure=form, errors=[problem])
    if entered is not None:
        observations.review(
            session, observation_ids=[entered.id], action="submit", actor=user.username
        )
    notice = "recorded" if entered is not None else "unchanged"
    return _see_other(f"{kpi_path(kpi.kpi_id)}?notice={notice}#actuals-entry")


@router.post("/kpis/{kpi_id:path}/notes", dependencies=[Csrf])
def enter_note(
    request: Request,
    session: Db,
    user: Writer,
    kpi_id: str,
    form: Annotated[NoteForm, Form()],
) -> Response:
    """Record a KPI's 要因分析・今後の方向性 for a year and submit it for review."""
    kpi = _writable_kpi(session, user, kpi_id)
    found = read_note(kpi.entry, form)
    if isinstance(found, list):
        return _entry_page(request, kpi, note=form, errors=found)
    year, analysis, next_steps = found
    row = pdca.write(
        session,
        key=kpi.key,
        year=year,
        subject="kpi",
        subject_id=kpi.kpi_id,
        analysis=analysis,
        next_steps=next_steps,
        actor=user.username,
    )
    pdca.review(session, note_id=row.id, action="submit", actor=user.username)
    return _see_other(f"{kpi_path(kpi.kpi_id)}?notice=note#actuals-entry")


# -- upload ---------------------------------------------------------------------------------


def _pending(request: Request) -> PendingUploads:
    """The app's store of uploads waiting for "apply", made on first use."""
    state = request.app.state
    found: PendingUploads | None = getattr(state, "pending_uploads", None)
    if found is None:
        found = state.pending_uploads = PendingUploads(upload_folder(state.settings.database_url))
    return found


def _upload_page(
    request: Request,
    checked: CheckedUpload | None = None,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "title": _("実績値の取込"),
        "checked": checked,
        "error": error,
        "notice": _take_flash(request),
        "max_mb": MAX_BYTES // (1024 * 1024),
    }
    return render(request, "pages/actuals_upload.html", context, status_code=status_code)


def _diff_page(
    request: Request, checked: CheckedUpload, upload_id: str | None, *, moved: bool = False
) -> Response:
    context = {
        "title": _("取込の確認"),
        "checked": checked,
        "plan": checked.plan,
        "upload_id": upload_id,
        "moved": moved,
        "supersedes": diff_rows(checked, "supersede"),
        "adds": diff_rows(checked, "add"),
        "identical": diff_rows(checked, "identical"),
        "breadcrumbs": [("/actuals/upload", _("実績値の取込")), ("", _("取込の確認"))],
    }
    return render(request, "pages/actuals_diff.html", context, status_code=409 if moved else 200)


def _keep(request: Request, user: UserRow, checked: CheckedUpload, data: bytes) -> str | None:
    """Keep a plan that has something to write; its id goes into the user's session, in place
    of an earlier upload's (which is dropped)."""
    earlier = request.session.get(UPLOAD)
    if isinstance(earlier, str):
        _pending(request).claim(earlier, user_id=user.id)
    if not checked.can_apply or checked.plan is None:
        request.session.pop(UPLOAD, None)
        return None
    upload_id = _pending(request).keep(
        user_id=user.id,
        file_name=checked.file_name,
        fingerprint=fingerprint(checked.plan),
        data=data,
    )
    request.session[UPLOAD] = upload_id
    return upload_id


@router.get("/actuals/upload")
def upload_form(request: Request, _user: Writer) -> Response:
    return _upload_page(request)


@router.post("/actuals/upload", dependencies=[Csrf])
def upload(
    request: Request, session: Db, user: Writer, file: Annotated[UploadFile, File()]
) -> Response:
    """Read and plan a file; show its errors or its diff. Nothing is written."""
    data = file.file.read(MAX_BYTES + 1)
    name = file.filename or "upload"
    if not data:
        return _upload_page(request, error=_("ファイルを選んでください。"), status_code=422)
    checked = check_upload(session, data=data, name=name, account=user, key=NATIONAL)
    if checked.errors:
        _keep(request, user, checked, data)  # drops an earlier upload: this one replaced it
        return _upload_page(request, checked, status_code=422)
    return _diff_page(request, checked, _keep(request, user, checked, data))


@router.post("/actuals/upload/apply", dependencies=[Csrf])
def apply_upload(
    request: Request, session: Db, user: Writer, upload: Annotated[str, Form()]
) -> Response:
    """Write the upload shown on the diff page, in one transaction, as submitted figures."""
    expired = _(
        "この取込は期限切れか、すでに書き込まれています。もう一度ファイルを選んでください。"
    )
    if request.session.get(UPLOAD) != upload:
        return _upload_page(request, error=expired, status_code=409)
    pending = _pending(request).claim(upload, user_id=user.id)
    request.session.pop(UPLOAD, None)
    if pending is None:
        return _upload_page(request, error=expired, status_code=409)
    checked = check_upload(
        session, data=pending.data, name=pending.file_name, account=user, key=NATIONAL
    )
    if checked.errors or checked.plan is None:
        return _upload_page(request, checked, status_code=422)
    if fingerprint(checked.plan) != pending.fingerprint:
        return _diff_page(request, checked, _keep(request, user, checked, pending.data), moved=True)
    observations.apply_import(
        session,
        plan=checked.plan,
        actor=user.username,
        file_name=checked.file_name,
        sha256=checked.sha256,
    )
    count = len(checked.plan.writes)
    _flash(request, _("%(n)s 件を書き込みました（審査待ち）。") % {"n": f"{count:,}"})
    return _see_other("/actuals/upload")


# -- review ---------------------------------------------------------------------------------


def _review_page(
    request: Request, session: Session, user: UserRow, *, error: str | None = None
) -> Response:
    context = {
        "title": _("審査"),
        "queue": reviewing.queue(session, account=user, key=NATIONAL),
        "notice": _take_flash(request),
        "error": error,
        "review_labels": REVIEW_LABELS,
        "is_admin": user.role == "admin",
        "local_time": reviewing.local_time,
    }
    return render(request, "pages/actuals_review.html", context, status_code=422 if error else 200)


@router.get("/actuals/review")
def review_queue(request: Request, session: Db, user: Writer) -> Response:
    return _review_page(request, session, user)


def _may_review_figures(session: Session, user: UserRow, ids: list[int]) -> None:
    for observation_id, kpi_id, entered_by in reviewing.figure_kpis(session, ids):
        why = reviewing.refusal(session, account=user, kpi_id=kpi_id, entered_by=entered_by)
        if why is not None:
            raise HTTPException(
                403, _("実績値 %(id)s: %(why)s") % {"id": observation_id, "why": why}
            )


@router.post("/actuals/review/{observation_id}", dependencies=[Csrf])
def review_figure(
    request: Request,
    session: Db,
    user: Writer,
    observation_id: int,
    action: Annotated[Action, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Approve one figure, or return it with a reason."""
    _may_review_figures(session, user, [observation_id])
    try:  # the store checks before it writes: a refusal leaves nothing half done
        observations.review(
            session,
            observation_ids=[observation_id],
            action=action,
            actor=user.username,
            reason=reason.strip() or None,
        )
    except StoreError as error:
        return _review_page(request, session, user, error=str(error))
    done = (
        _("実績値 %(id)s を承認しました。")
        if action == "approve"
        else _("実績値 %(id)s を差し戻しました。")
    )
    _flash(request, done % {"id": observation_id})
    return _see_other("/actuals/review")


@router.post("/actuals/review", dependencies=[Csrf])
def review_selected(
    request: Request,
    session: Db,
    user: Writer,
    ids: Annotated[list[int] | None, Form()] = None,
    note_ids: Annotated[list[int] | None, Form()] = None,
) -> Response:
    """Approve every selected figure and note at once: all of them, or (on any refusal) none —
    a refusal propagates, and the request's transaction is rolled back."""
    if not ids and not note_ids:
        return _review_page(request, session, user, error=_("承認するものを選んでください。"))
    if ids:
        _may_review_figures(session, user, ids)
        observations.review(session, observation_ids=ids, action="approve", actor=user.username)
    for note_id in note_ids or []:
        _review_note(session, user, note_id, "approve", "")
    counts = {"figures": len(ids or []), "notes": len(note_ids or [])}
    if ids and note_ids:
        done = _("実績値 %(figures)s 件と記録 %(notes)s 件を承認しました。")
    elif ids:
        done = _("実績値 %(figures)s 件を承認しました。")
    else:
        done = _("記録 %(notes)s 件を承認しました。")
    _flash(request, done % counts)
    return _see_other("/actuals/review")


def _review_note(
    session: Session, user: UserRow, note_id: int, action: Action, reason: str
) -> None:
    note = reviewing.note(session, note_id)
    kpi_id = note.subject_id if note.subject == "kpi" else None
    why = reviewing.refusal(session, account=user, kpi_id=kpi_id, entered_by=note.entered_by)
    if why is not None:
        raise HTTPException(403, _("記録 %(id)s: %(why)s") % {"id": note_id, "why": why})
    pdca.review(session, note_id=note_id, action=action, actor=user.username, reason=reason or None)


@router.post("/actuals/review/notes/{note_id}", dependencies=[Csrf])
def review_note(
    request: Request,
    session: Db,
    user: Writer,
    note_id: int,
    action: Annotated[Action, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Approve one note, or return it with a reason."""
    try:
        _review_note(session, user, note_id, action, reason.strip())
    except StoreError as error:
        return _review_page(request, session, user, error=str(error))
    done = _("記録を承認しました。") if action == "approve" else _("記録を差し戻しました。")
    _flash(request, done)
    return _see_other("/actuals/review")


# -- snapshots ------------------------------------------------------------------------------


@router.get("/snapshots")
def snapshot_list(request: Request, session: Db, user: Reader) -> Response:
    rows = stored.snapshots(session, key=NATIONAL)
    context: dict[str, Any] = {
        "title": _("評価の確定版"),
        "snapshots": list(reversed(rows)),
        "years": list(reversed(figure_years(session, key=NATIONAL))),
        "is_admin": user is not None and user.role == "admin",
        "notice": _take_flash(request),
        "local_time": reviewing.local_time,
    }
    return render(request, "pages/actuals_snapshots.html", context)


@router.post("/snapshots", dependencies=[Csrf])
def freeze(request: Request, session: Db, user: Admin, year: Annotated[int, Form()]) -> Response:
    """Keep the year's evaluation (approved figures) as it is now."""
    revision = strategies.revision(session, key=NATIONAL)
    first, last = revision.first_year or year, revision.last_year or year
    if not first <= year <= last:
        span = {"year": year, "first": first, "last": last}
        raise StoreError(
            _("%(year)s年（度）はこの戦略の期間（%(first)s～%(last)s年）の外です。") % span
        )
    evaluation = stored.evaluate_strategy(session, key=NATIONAL, year=year)
    row = stored.freeze(session, evaluation=evaluation, actor=user.username)
    _flash(request, _("確定版 %(id)s として保存しました。") % {"id": row.id})
    return _see_other("/snapshots")


@router.get("/snapshots/compare")
def compare(request: Request, session: Db, _reader: Reader, a: int, b: int) -> Response:
    """What moved between two snapshots, and why."""
    known = {row.id: row for row in stored.snapshots(session, key=NATIONAL)}
    if a not in known or b not in known:
        missing = a if a not in known else b
        raise HTTPException(404, _("評価の確定版 %(id)s はありません。") % {"id": missing})
    old, new = stored.snapshot(session, a), stored.snapshot(session, b)
    context = {
        "title": _("確定版の比較"),
        "old": old,
        "new": new,
        "movements": compare_snapshots(old, new),
        "reason_labels": REASON_LABELS,
        "local_time": reviewing.local_time,
        "breadcrumbs": [("/snapshots", _("評価の確定版")), ("", _("確定版の比較"))],
    }
    return render(request, "pages/actuals_compare.html", context)
