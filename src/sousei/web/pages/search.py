"""検索 — full-text search over 施策, 主な事業, KPIs and 第6節."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
