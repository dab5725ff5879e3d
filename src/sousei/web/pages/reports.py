"""年次フォローアップ — the yearly follow-up report as HTML, PDF and XLSX."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
