"""状況一覧 — every KPI in a sortable, filterable table with exports, and the due list."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
