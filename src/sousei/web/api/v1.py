"""`/api/v1`: strategies, nodes, KPIs, observations and evaluations."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["v1"])
