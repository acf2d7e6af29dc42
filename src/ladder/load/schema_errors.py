"""Pydantic's validation errors as located Problems: the YAML node, the key path, a plain message.

pydantic reports a path through the model (with union tags such as ``str`` or
``experience`` in it); this maps it back onto keys that exist in the file, so every
problem has a ``file:line:col``, and words the message for someone editing YAML
(did-you-mean for unknown keys, "quote it" for numbers where text was meant). Only
invalid files import this module.
"""

from __future__ import annotations

import itertools
import types
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from ladder.errors import MAX_PROBLEMS, Location, Problem, cap_problems, closest
from ladder.load.document import Document, Path_, format_path

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic_core import ErrorDetails


def schema_problems(model: type[BaseModel], document: Document, errors: list[ErrorDetails]) -> list[Problem]:
    """One located Problem per distinct pydantic error, the first MAX_PROBLEMS and a count of the rest."""
    # Locating an error costs far more than pydantic's finding it: locate only what is listed.
    problems = list(itertools.islice(_dedupe(_problem(model, document, e) for e in errors), MAX_PROBLEMS + 1))
    return cap_problems(problems, len(errors))


def _dedupe(problems: Iterable[Problem]) -> Iterator[Problem]:
    seen: set[tuple[str, str]] = set()
    for problem in problems:
        key = (problem.location.path, problem.message)
        if key not in seen:
            seen.add(key)
            yield problem


def _problem(model: type[BaseModel], document: Document, error: ErrorDetails) -> Problem:
    path, missing = _real_path(document.data, error["loc"])
    kind = error["type"]
    if kind == "missing":
        full = path + (missing,) if missing is not None else path
        location = document.locate(path)
        location = Location(location.file, location.line, location.col, format_path(full))
        return Problem(location, f"required key '{full[-1]}' is missing; add it", "error", "schema")
    location = document.locate(path)
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = sorted(_fields_at(model, document.data, path[:-1]))
        near = closest(key, allowed)
        hint = f"did you mean '{near}'?" if near else f"allowed keys: {', '.join(allowed)}"
        return Problem(location, f"unknown key '{key}'; {hint}", "error", "schema")
    value = error.get("input")
    message = error["msg"]
    message = message[0].lower() + message[1:]
    if kind in {"string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type", "model_type",
                "int_parsing", "float_parsing", "bool_parsing", "literal_error", "string_pattern_mismatch",
                "string_too_short", "too_short", "greater_than_equal", "int_from_float"}:
        message += f", got {_describe(value)}"
        if kind == "string_type" and isinstance(value, (bool, int, float)):
            message += "; quote it if you meant text"
    return Problem(location, message, "error", "schema")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _real_path(data: Any, loc: tuple[Any, ...]) -> tuple[Path_, str | None]:
    """Map pydantic's loc (which includes union tags) onto keys that exist in the data."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if ((isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current))
                or (isinstance(current, dict) and part in current)):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and last:
            return tuple(path), str(part)
        # otherwise a union/tag segment such as 'experience' or 'str': skip it
    return tuple(path), None


def _fields_at(model: Any, data: Any, path: Path_) -> set[str]:
    """Field names of the model that validates the mapping at ``path`` (empty if none is known)."""
    annotation: Any = model
    node = data
    for part in path:
        annotation = _child_annotation(annotation, node, part)
        node = node[part]
    found = _model_in(annotation, node)
    return set(found.model_fields) if found else set()


def _child_annotation(annotation: Any, node: Any, part: str | int) -> Any:
    """The annotation of ``node[part]`` given that of ``node``: a model's field, a list's item or a dict's value."""
    alternatives = _alternatives(annotation)
    if isinstance(part, int):
        items = [get_args(a)[0] for a in alternatives if get_origin(a) is list and get_args(a)]
        return items[0] if items else None
    models = [a for a in alternatives if isinstance(a, type) and hasattr(a, "model_fields")]
    found = _model_in(Union[tuple(models)], node) if models else None  # noqa: UP007 - built at run time; picks by ``kind``
    if found is not None and part in found.model_fields:
        return found.model_fields[part].annotation
    # A dict field (``cells``, ``ratings``): its keys are data, not field names.
    values = [get_args(a)[1] for a in alternatives if get_origin(a) is dict and len(get_args(a)) == 2]
    return values[0] if values else None


def _alternatives(annotation: Any) -> list[Any]:
    """The types an annotation allows, through Optional, unions and Annotated (not into list or dict)."""
    if annotation is None:
        return []
    origin = get_origin(annotation)
    if origin is Annotated:
        return _alternatives(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [alt for arg in get_args(annotation) for alt in _alternatives(arg)]
    return [annotation]


def _model_in(annotation: Any, value: Any) -> Any:
    """The pydantic model inside an annotation (through Optional, list, dict, Annotated, unions)."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    candidates = [a for a in get_args(annotation) if a is not None]
    if get_origin(annotation) is dict:
        candidates = candidates[1:]
    models = [m for m in (_model_in(c, value) for c in candidates) if m is not None]
    if isinstance(value, dict) and "kind" in value:
        for m in models:
            kind = m.model_fields.get("kind")
            if kind is not None and value["kind"] in get_args(kind.annotation):
                return m
    return models[0] if models else None
