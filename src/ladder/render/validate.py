"""Renderers for `ladder validate`, one per --format (render.registry): each file's problems as it
comes (``row``), then the summary (``finish``).

Machine formats (json, github) are plain text on stdout, never through rich.
"""

from __future__ import annotations

from typing import Any, TextIO

from ladder.errors import _CONTROLS, Problem
from ladder.outcome import FileResult
from ladder.render.base import Renderer
from ladder.render.data import document, problem_dict


class TextReporter(Renderer):
    """yamllint-style lines: ``file:line:col: severity: path: message (rule)``, then a summary."""

    def __init__(self, out: TextIO, quiet: bool = False, **options: Any) -> None:
        super().__init__(out, **options)
        self.quiet = quiet

    def one(self, value: FileResult, **context: Any) -> None:
        for problem in value.problems:
            self.out.write(f"{problem}\n")

    def finish(self, summary: Any = None) -> None:
        if self.quiet:
            return
        self.out.write(
            f"{summary['files']} file(s) checked: {summary['valid']} valid, {summary['invalid']} invalid "
            f"({summary['errors']} error(s), {summary['warnings']} warning(s))\n"
        )


class JsonReporter(Renderer):
    """One JSON document: a list of files with their problems, and the summary."""

    def __init__(self, out: TextIO, quiet: bool = False, **options: Any) -> None:
        super().__init__(out, **options)
        self.files: list[dict[str, object]] = []

    def one(self, value: FileResult, **context: Any) -> None:
        self.files.append({"file": value.file, "problems": [problem_dict(p) for p in value.problems]})

    def finish(self, summary: Any = None) -> None:
        self.out.write(document({"files": self.files, "summary": summary}) + "\n")


def _escape_data(text: str) -> str:
    """A workflow command's message: control, bidi and invisible characters shown as escapes (one line, nothing
    hidden), then GitHub's own escapes, so the runner reads back exactly that text."""
    return str(text).translate(_CONTROLS).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A property value (file=, title=): also ':' and ',', which would end it."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Renderer):
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message``."""

    def __init__(self, out: TextIO, quiet: bool = False, **options: Any) -> None:
        super().__init__(out, **options)
        self.quiet = quiet

    def one(self, value: FileResult, **context: Any) -> None:
        for problem in value.problems:
            self.out.write(github_annotation(problem) + "\n")

    def finish(self, summary: Any = None) -> None:
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

