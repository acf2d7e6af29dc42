"""Renderers for `ladder validate`, one class per --format, chosen from one registry dict.

Machine formats (json, github) are plain text on stdout, never through rich.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Protocol, TextIO

from ladder.errors import _CONTROLS, Problem
from ladder.outcome import FileResult


class Reporter(Protocol):
    """What `ladder validate` reports to: each file's result as it comes, then the summary."""

    def file(self, result: FileResult) -> None: ...

    def finish(self, summary: dict[str, int]) -> None: ...


class TextReporter:
    """yamllint-style lines: ``file:line:col: severity: path: message (rule)``, then a summary."""

    def __init__(self, out: TextIO = sys.stdout, quiet: bool = False) -> None:
        self.out = out
        self.quiet = quiet

    def file(self, result: FileResult) -> None:
        for problem in result.problems:
            self.out.write(f"{problem}\n")

    def finish(self, summary: dict[str, int]) -> None:
        if self.quiet:
            return
        self.out.write(
            f"{summary['files']} file(s) checked: {summary['valid']} valid, {summary['invalid']} invalid "
            f"({summary['errors']} error(s), {summary['warnings']} warning(s))\n"
        )


class JsonReporter:
    """One JSON document: a list of files with their problems, and the summary."""

    def __init__(self, out: TextIO = sys.stdout, quiet: bool = False) -> None:
        self.out = out
        self.files: list[dict[str, object]] = []

    def file(self, result: FileResult) -> None:
        self.files.append({"file": result.file, "problems": [problem_dict(p) for p in result.problems]})

    def finish(self, summary: dict[str, int]) -> None:
        self.out.write(json.dumps({"files": self.files, "summary": summary}, indent=2) + "\n")


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


def _escape_data(text: str) -> str:
    """A workflow command's message: control, bidi and invisible characters shown as escapes (one line, nothing
    hidden), then GitHub's own escapes, so the runner reads back exactly that text."""
    return str(text).translate(_CONTROLS).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value (file=, title=): also ':' and ',', which would end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""

    def __init__(self, out: TextIO = sys.stdout, quiet: bool = False) -> None:
        self.out = out
        self.quiet = quiet

    def file(self, result: FileResult) -> None:
        for problem in result.problems:
            self.out.write(github_annotation(problem) + "\n")

    def finish(self, summary: dict[str, int]) -> None:
        if not self.quiet:
            self.out.write(f"{summary['files']} file(s) checked: {summary['invalid']} invalid\n")


def github_annotation(problem: Problem) -> str:
    """One workflow command line for a problem, escaped as the runner expects."""
    loc = problem.location
    props = [f"file={_escape_property(loc.file)}"]
    if loc.line:
        props += [f"line={loc.line}", f"col={loc.col}"]
    title = f"ladder ({problem.rule})" if problem.rule else "ladder"
    props.append(f"title={_escape_property(title)}")
    message = f"{loc.path}: {problem.message}" if loc.path else problem.message
    return f"::{problem.severity} {','.join(props)}::{_escape_data(message)}"


VALIDATE_REPORTERS: dict[str, Callable[[TextIO, bool], Reporter]] = {
    "text": TextReporter, "json": JsonReporter, "github": GithubReporter,
}
