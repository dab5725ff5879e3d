"""ロジックモデルの閲覧 — pages for each impact, outcome, area and 施策, with breadcrumbs."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
