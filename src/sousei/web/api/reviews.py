"""`/api/v1/observations/{id}/review`: an admin approves a submitted figure or returns it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ..deps import Db
from . import build, writes
from .auth import TokenAdmin
from .common import errors
from .schemas import ObservationOut, ReviewIn

router = APIRouter(tags=["observations"])


@router.post(
    "/observations/{observation_id}/review",
    summary="実績値の審査",
    responses=errors(401, 403, 404, 409),
)
def review_observation(
    session: Db,
    account: TokenAdmin,
    observation_id: Annotated[int, Path(ge=1, description="実績値の id")],
    body: ReviewIn,
) -> ObservationOut:
    """提出済みの実績値を承認する（approve）か、理由を付けて差し戻す（return）。管理者のトークンが
    必要です。確定済みの年度や、審査の順序に合わない操作は 409 です。"""
    reviewed = writes.review_figure(
        session, account=account, observation_id=observation_id, body=body
    )
    return build.observation(reviewed)
