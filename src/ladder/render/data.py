"""The JSON shapes that more than one command writes, defined once (tests/test_json_shapes.py pins them)."""

from __future__ import annotations

from typing import Any, TextIO

from ladder.errors import Problem


def document(data: Any) -> str:
    """A whole JSON document as every command writes one: indented, UTF-8 kept readable (not \\u-escaped)."""
    import json  # only the json formats need it

    return json.dumps(data, indent=2, ensure_ascii=False)


def write_document(data: Any, out: TextIO) -> None:
    """``document(data)`` and a new line, written to ``out`` as it is encoded: a large report is never
    held in memory a second time as one string."""
    import json

    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


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
