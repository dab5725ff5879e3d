"""実績値の入力・取込・審査 — entry form, upload with its diff, review queue, snapshots."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
