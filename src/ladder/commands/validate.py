"""`ladder validate`: load and check framework files one at a time, keep going, report, exit code."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TextIO

from ladder.checks.framework import check_framework
from ladder.errors import InvalidFile, Location, Problem, UsageError
from ladder.load.loader import load_framework
from ladder.load.text import DEFAULT_MAX_BYTES
from ladder.load.workspace import RefusedPath, expand
from ladder.outcome import FileResult, keep_going


def check_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Every problem the checks find in one framework file; InvalidFile when it cannot be loaded."""
    if isinstance(path, RefusedPath) and path.problem is not None:
        # a link out of the scanned tree (or to a non-YAML file): reported, never opened
        raise InvalidFile(path.problem.message, problems=[path.problem])
    try:
        loaded = load_framework(path, max_bytes)
    except RecursionError:
        problem = Problem(Location(str(path)), "structure too deeply nested", "error", "yaml")
        raise InvalidFile(problem.message, problems=[problem]) from None
    return check_framework(loaded.model, loaded.document.locate)


def validate_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Load one framework file and run every check over it."""
    (result,) = validate_each([path], max_bytes)
    return result


def validate_each(paths: Iterable[Path], max_bytes: int) -> Iterator[FileResult]:
    """Each file's problems as it is checked; a file that cannot be loaded never stops the others."""
    for outcome in keep_going(paths, partial(check_file, max_bytes=max_bytes)):
        yield FileResult(outcome.file, outcome.problems or outcome.result)


def validate_paths(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileResult]:
    """Stream results file by file; a bad file never stops the others."""
    for name in paths:
        if not Path(name).exists() and not Path(name).is_symlink():
            raise UsageError(f"no such file or directory '{name}'", "check the path")
    yield from validate_each(expand(paths), max_bytes)


def run(paths: list[str], fmt: str, strict: bool, max_bytes: int, quiet: bool, out: TextIO, err: TextIO) -> int:
    """Report every file's problems in ``fmt``, then the summary: 0 valid, 1 invalid, 2 nothing to check."""
    from ladder.render.registry import renderer

    reporter = renderer("validate", fmt, out, quiet=quiet)
    summary = {"files": 0, "valid": 0, "invalid": 0, "errors": 0, "warnings": 0}
    for result in validate_paths(paths, max_bytes):
        reporter.row(result)
        summary["files"] += 1
        summary["invalid" if result.failed(strict) else "valid"] += 1
        summary["errors"] += sum(p.severity == "error" for p in result.problems)
        summary["warnings"] += sum(p.severity == "warning" for p in result.problems)
    reporter.finish(summary)
    if summary["files"] == 0:
        err.write("ladder: no *.yaml or *.yml files found under the given paths\n")
        return 2
    return 1 if summary["invalid"] else 0
