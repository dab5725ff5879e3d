"""the KPI baseline stated by the document

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00.000000

`kpi_version` keeps the 基準値 a document states (`Target.baseline_value` and its unit), so the
yearly evaluation, which rebuilds KPIs from these rows, starts from it as `evaluate_strategy`
does from the revision's model. Rows written before are filled from their revision's model.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VALUE = sa.Numeric(precision=38, scale=10, asdecimal=True)


def upgrade() -> None:
    with op.batch_alter_table("kpi_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("baseline_value", VALUE, nullable=True))
        batch_op.add_column(sa.Column("baseline_unit", sa.String(length=32), nullable=True))
    _fill_from_models()


def _fill_from_models() -> None:
    """Each stored revision's KPIs that state a 基準値 get it in their version row."""
    connection = op.get_bind()
    revision_table = sa.table(
        "revision", sa.column("id", sa.Integer), sa.column("model_json", sa.Text)
    )
    version = sa.table(
        "kpi_version",
        sa.column("revision_id", sa.Integer),
        sa.column("doc_id", sa.String),
        sa.column("baseline_value", VALUE),
        sa.column("baseline_unit", sa.String),
    )
    statement = (
        sa.update(version)
        .where(
            version.c.revision_id == sa.bindparam("revision"),
            version.c.doc_id == sa.bindparam("doc"),
        )
        .values(baseline_value=sa.bindparam("value"), baseline_unit=sa.bindparam("unit"))
    )
    rows = connection.execute(sa.select(revision_table.c.id, revision_table.c.model_json))
    for revision_id, model_json in rows.all():
        stated = _stated(revision_id, model_json)
        if stated:
            connection.execute(statement, stated)


def _stated(revision_id: int, model_json: str) -> list[dict[str, Any]]:
    model = json.loads(model_json, parse_float=Decimal)
    found = []
    for kpi in model.get("kpis", ()):
        target = kpi.get("target", {})
        value = target.get("baseline_value")
        if value is not None:
            found.append(
                {
                    "revision": revision_id,
                    "doc": kpi["id"],
                    "value": Decimal(value),
                    "unit": target.get("baseline_unit"),
                }
            )
    return found


def downgrade() -> None:
    with op.batch_alter_table("kpi_version", schema=None) as batch_op:
        batch_op.drop_column("baseline_unit")
        batch_op.drop_column("baseline_value")
