"""`/api/v1/kpis/{kpi_id}…`: one KPI, its figures (read and write) and its evaluation.

KPI ids hold slashes ("national/A-KPI④-1"), so the id is a path parameter; the routes with a
suffix come first, as the plain one would also match them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from sousei.store import observations

from ..deps import Db, Reader
from ..evaluations import strategy_view
from . import build, catalogue, writes
from .auth import TokenWriter
from .common import READ, Year, errors
from .figures import JST
from .schemas import (
    KpiDetail,
    KpiEvaluation,
    ObservationIn,
    ObservationList,
    ObservationWritten,
)

router = APIRouter(tags=["kpis"])
KpiId = Annotated[str, Path(description="KPI の ID", examples=["national/A-KPI④-1"])]


@router.get("/kpis/{kpi_id:path}/observations", summary="KPI の実績値", responses=READ)
def list_observations(
    session: Db,
    reader: Reader,
    kpi_id: KpiId,
    as_of: Annotated[
        date | None, Query(description="この日の終わり（日本時間）に分かっていた値を返す")
    ] = None,
    approved_only: Annotated[
        bool, Query(description="承認済みの値だけ（サインインしていない読者は常に承認済みだけ）")
    ] = False,
) -> ObservationList:
    """期間ごとに効力のある実績値（後の訂正に置き換えられていないもの）。`as_of` を付けると、
    その日に分かっていた値です。審査前の値はサインインした利用者（トークンを含む）にだけ返します。"""
    catalogue.strategy_of(session, kpi_id)
    # the end of that day in Japan, on the store's UTC clock (SQLite keeps naive UTC text)
    moment = None if as_of is None else datetime.combine(as_of, time.max, JST).astimezone(UTC)
    approved = approved_only or reader is None
    figures = observations.current(session, kpi_ids=[kpi_id], as_of=moment, approved_only=approved)
    return ObservationList(
        kpi_id=kpi_id,
        as_of=as_of,
        approved_only=approved,
        items=[build.observation(o) for o in figures],
    )


@router.post(
    "/kpis/{kpi_id:path}/observations",
    summary="実績値の登録",
    status_code=201,
    responses={
        200: {"model": ObservationWritten, "description": "効力のある値と同じ（何も書きません）"},
        **errors(401, 403, 404, 409),
    },
)
def record_observation(
    session: Db, account: TokenWriter, kpi_id: KpiId, body: ObservationIn, response: Response
) -> ObservationWritten:
    """実績値を「提出済み」として記録します（管理者の審査で承認されると評価に使われます）。
    同じ期間に効力のある値があれば、それを置き換える訂正になります。入力担当は担当の KPI
    （所管府省庁が同じもの、または割り当てられたもの）にだけ書き込めます。
    値は十進数の文字列（基本単位）で送ります。監査記録にはトークンの利用者が残ります。"""
    created, figure = writes.record_figure(session, account=account, kpi_id=kpi_id, body=body)
    if not created:
        response.status_code = 200
    return ObservationWritten(created=created, observation=build.observation(figure))


@router.get("/kpis/{kpi_id:path}/evaluations/{year}", summary="KPI の評価", responses=READ)
def kpi_evaluation(session: Db, _reader: Reader, kpi_id: KpiId, year: Year) -> KpiEvaluation:
    """その年の評価結果（使った実績値・達成率・進捗率・判定の理由）と、KPI が属する要素から
    戦略までの key。承認済みの実績値だけで評価します。"""
    key = catalogue.strategy_of(session, kpi_id)
    return build.kpi_evaluation(strategy_view(session, key=key, year=year), kpi_id)


@router.get("/kpis/{kpi_id:path}", summary="KPI の詳細", responses=READ)
def get_kpi(session: Db, _reader: Reader, kpi_id: KpiId) -> KpiDetail:
    """目標（文書の記載から読んだもの）と参照情報（所管・出典・基準値・種類・中間目標）。"""
    found = catalogue.kpi(session, kpi_id)
    model = strategy_view(session, key=found.strategy).evaluation.model
    stated = next((k for k in model.kpis if k.id == kpi_id), None)
    return build.kpi_detail(found, stated)
