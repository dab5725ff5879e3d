"""`/api/v1`: strategies, nodes, KPIs, observations and evaluations.

Reads are open while public reading is on (else 401); writes take a bearer token. The routers
stay thin: `catalogue` reads, `writes` writes, `build` turns domain values into `schemas`."""

from __future__ import annotations

from fastapi import APIRouter

from . import compare, kpis, reviews, strategies

router = APIRouter(prefix="/api/v1")
router.include_router(strategies.router)
router.include_router(kpis.router)
router.include_router(reviews.router)
router.include_router(compare.router)
