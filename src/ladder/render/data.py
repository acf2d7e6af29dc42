"""The JSON shapes that more than one command writes, defined once (tests/test_json_shapes.py pins them)."""

from __future__ import annotations

from typing import Any

from ladder.errors import Problem


def document(data: Any) -> str:
    """A whole JSON document as every command writes one: indented, UTF-8 kept readable (not \\u-escaped)."""
    import json  # only the json formats need it

    return json.dumps(data, indent=2, ensure_ascii=False)


def problem_dict(problem: Problem) -> dict[str, str | int]:
    """A problem as plain JSON-able data."""
    loc = problem.location
    return {
        "file": loc.file,
        "line": loc.line,
        "col": loc.col,
        "path": loc.path,
        "severity": problem.severity,
        "rule": problem.rule,
        "message": problem.message,
    }
