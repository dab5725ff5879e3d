"""KPI のページ — target, baseline, reference data, chart, status and every observation."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
