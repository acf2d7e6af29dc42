"""The only module that reads files: bytes -> text -> strict YAML -> pydantic model.

YAML is read from the C parser's event stream and built into plain Python data
here, in one pass, so that every node keeps its line and column and nothing
surprising gets through: duplicate keys, aliases of collections (billion
laughs), runaway nesting, YAML 1.1 booleans and sexagesimals, custom tags.
Every failure becomes an InvalidFile carrying one located Problem per fault
(pydantic's errors are mapped back onto the YAML by located.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ladder.errors import InvalidFile
from ladder.load.document import Document, Loaded
from ladder.load.text import DEFAULT_MAX_BYTES, read_text
from ladder.load.yaml import parse_yaml

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def validate(model: type[M], document: Document) -> M:
    """Validate a document against a pydantic model, turning every error into a located Problem."""
    from pydantic import ValidationError

    if not model.__pydantic_complete__:
        build(model)
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        from ladder.load.schema_errors import schema_problems  # only bad files pay for locating errors

        problems = schema_problems(model, document, exc.errors(include_url=False))
        raise InvalidFile(problems[0].message, problems=problems) from None


def build(model: type[BaseModel]) -> None:
    """Build a model's (deferred) validator, once, without pydantic's plugin discovery.

    Discovery scans the entry points of every installed package (4 ms here, more in a big
    environment) for plugins that observe an application's models; ladder's models are its
    own business. Typer does the same for its parameter adapters. A PYDANTIC_DISABLE_PLUGINS
    the user has set is left as it is.
    """
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ:
        model.model_rebuild()
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        model.model_rebuild()
    finally:
        del os.environ["PYDANTIC_DISABLE_PLUGINS"]


def load_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one YAML file."""
    return parse_yaml(read_text(path, max_bytes), str(path))


def load_framework(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load and validate a framework file."""
    from ladder.models.framework import Framework

    document = load_document(path, max_bytes)
    return Loaded(validate(Framework, document), document)
