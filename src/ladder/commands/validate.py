"""Validate framework files one at a time: load, check, collect located problems."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ladder.checks.framework import check_framework
from ladder.errors import InvalidFile, Location, Problem, UsageError
from ladder.load.loader import load_framework
from ladder.load.text import DEFAULT_MAX_BYTES
from ladder.load.workspace import RefusedPath, expand
from ladder.outcome import FileResult


def validate_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> FileResult:
    """Load one framework file and run every check over it."""
    try:
        loaded = load_framework(path, max_bytes)
    except InvalidFile as exc:
        return FileResult(str(path), exc.problems)
    except RecursionError:
        return FileResult(str(path), [Problem(Location(str(path)), "structure too deeply nested", "error", "yaml")])
    return FileResult(str(path), check_framework(loaded.model, loaded.document.locate))


def validate_paths(paths: list[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[FileResult]:
    """Stream results file by file; a bad file never stops the others."""
    for name in paths:
        if not Path(name).exists() and not Path(name).is_symlink():
            raise UsageError(f"no such file or directory '{name}'", "check the path")
    for path in expand(paths):
        if isinstance(path, RefusedPath) and path.problem is not None:
            # a link out of the scanned tree (or to a non-YAML file): reported, never opened
            yield FileResult(str(path), [path.problem])
        else:
            yield validate_file(path, max_bytes)
