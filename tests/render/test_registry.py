"""One renderer interface and one registry: every command's --format choices are its keys."""

from __future__ import annotations

import importlib
import io

import pytest

from ladder import cli
from ladder.render.base import Renderer
from ladder.render.registry import RENDERERS, formats, renderer


@pytest.mark.parametrize(("what", "fmt"), [(w, f) for w, table in RENDERERS.items() for f in table])
def test_every_entry_is_a_renderer(what, fmt):
    module, _, name = RENDERERS[what][fmt].partition(":")
    made = getattr(importlib.import_module(module), name)
    assert issubclass(made, Renderer)
    assert isinstance(renderer(what, fmt, io.StringIO()), Renderer)


@pytest.mark.parametrize(("choices", "what"), [
    (cli.ValidateFormat, "validate"), (cli.ShowFormat, "level"), (cli.ListFormat, "list"),
    (cli.DiffFormat, "diff"), (cli.AssessFormat, "assess"), (cli.ExportFormat, "export")])
def test_the_clis_format_choices_are_the_registrys_keys(choices, what):
    assert [member.value for member in choices] == list(RENDERERS[what])
    assert [member.value for member in formats(what)] == list(RENDERERS[what])


def test_show_and_list_org_share_the_overview_formats():
    assert list(RENDERERS["overview"]) == list(RENDERERS["level"]) == list(RENDERERS["list"])


def test_help_lists_the_registrys_formats(invoke):
    text = invoke("assess", "--help").output
    for fmt in RENDERERS["assess"]:
        assert fmt in text
    assert invoke("assess", "-f", "yaml", "x.yaml").exit_code == 2  # not in the registry: a usage error
