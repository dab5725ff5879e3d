"""The JSON Schema of the model, as published in docs/schema/."""

from __future__ import annotations

import json
from typing import Any

from .strategy import Strategy


def strategy_schema() -> dict[str, Any]:
    schema = Strategy.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


if __name__ == "__main__":
    print(json.dumps(strategy_schema(), ensure_ascii=False, indent=2))
