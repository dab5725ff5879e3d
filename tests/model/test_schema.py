"""The published JSON Schema of the model is the one the code defines."""

from __future__ import annotations

import json
from pathlib import Path

from sousei.model import Strategy
from sousei.model.schema import strategy_schema

SCHEMA = Path(__file__).parents[2] / "docs" / "schema" / "strategy.schema.json"


def test_published_schema_is_current() -> None:
    assert json.loads(SCHEMA.read_text("utf-8")) == strategy_schema(), (
        "docs/schema is stale: run "
        "`python -m sousei.model.schema > docs/schema/strategy.schema.json`"
    )


def test_schema_describes_the_model(national: Strategy) -> None:
    schema = strategy_schema()
    assert set(schema["properties"]) == set(Strategy.model_fields)
    target = schema["$defs"]["Target"]["properties"]
    assert target["value"]["anyOf"][0] == {"type": "number"}
    assert "relative" in target["comparator"]["anyOf"][0]["enum"]
