"""One registry of renderers: what each command can print, in which formats, and who renders it.

The CLI's --format choices are this registry's keys (``formats``), so adding a format is one
renderer class and one line here. Renderer modules are named as strings and imported only when
their format is used: a command pays only for the format it prints (start-up is felt in hooks).
Every renderer is a ``render.base.Renderer``.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ladder.render.base import Renderer

# what is rendered -> format -> "module:class"
RENDERERS: dict[str, dict[str, str]] = {
    "validate": {"text": "ladder.render.validate:TextReporter", "json": "ladder.render.validate:JsonReporter",
                 "github": "ladder.render.validate:GithubReporter"},
    "list": {"text": "ladder.render.show:ListText", "json": "ladder.render.show:Json",
             "markdown": "ladder.render.show:ListMarkdown"},
    "overview": {"text": "ladder.render.show:OverviewText", "json": "ladder.render.show:Json",
                 "markdown": "ladder.render.show:OverviewMarkdown"},
    "level": {"text": "ladder.render.show:LevelText", "json": "ladder.render.show:Json",
              "markdown": "ladder.render.show:LevelMarkdown"},
    "diff": {"text": "ladder.render.diff:DiffText", "json": "ladder.render.diff:DiffJson",
             "markdown": "ladder.render.diff:DiffMarkdown"},
    "changes": {"text": "ladder.render.changes:ChangesText", "json": "ladder.render.changes:ChangesJson",
                "markdown": "ladder.render.changes:ChangesMarkdown"},
    "assess": {"text": "ladder.render.assess_text:TextReporter", "json": "ladder.render.assess:JsonReporter",
               "markdown": "ladder.render.assess:MarkdownReporter", "csv": "ladder.render.assess:CsvReporter",
               "html": "ladder.render.export:AssessmentReport"},
    "team": {"text": "ladder.render.team_text:TextReport", "json": "ladder.render.team:JsonReport",
             "csv": "ladder.render.team:CsvReport", "markdown": "ladder.render.team:MarkdownReport",
             "html": "ladder.render.team_html:HtmlReport"},
    "export": {"html": "ladder.render.export:HtmlSite", "markdown": "ladder.render.export:MarkdownExport"},
}


def formats(what: str) -> type[Enum]:
    """The --format choices for ``what``, as the str-valued Enum Typer lists and checks."""
    # mypy reads Enum's functional form only with a literal name; this one is built from the registry
    choices: type[Enum] = Enum(f"{what.title()}Format", {n: n for n in RENDERERS[what]}, type=str)  # type: ignore[misc]
    return choices


def renderer(what: str, fmt: str, out: TextIO, **options: Any) -> Renderer:
    """The renderer of ``what`` in format ``fmt``, writing to ``out``; ``options`` are the command's."""
    module, _, name = RENDERERS[what][str(getattr(fmt, "value", fmt))].partition(":")
    made: Renderer = getattr(importlib.import_module(module), name)(out, **options)
    return made
