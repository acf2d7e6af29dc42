"""JSON Schema of the file formats, for editors (yaml-language-server) and check-jsonschema."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_IDS = {
    "framework": "urn:ladder:schema:framework:1",
    "assessment": "urn:ladder:schema:assessment:1",
}


def schema_dict(kind: str = "framework") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a framework or an assessment file."""
    model: type[BaseModel]
    if kind == "assessment":
        from ladder.models.assessment import Assessment as model
    else:
        from ladder.models.framework import Framework as model
    body = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_IDS[kind], **body}


def schema_json(kind: str = "framework") -> str:
    """The schema as stable, indented JSON text."""
    return json.dumps(schema_dict(kind), indent=2, sort_keys=False, ensure_ascii=False)
