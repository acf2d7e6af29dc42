"""`ladder diff` end to end through CliRunner, and the diff renderers (diff_report.py)."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from conftest import DATA
from ladder.load.workspace import open_framework
from ladder.logic.diff import diff_levels
from ladder.render.diff import render_markdown, render_text
from ladder.render.markdown import markdown_text as md_escape
from ladder.render.registry import RENDERERS, renderer


def test_help_lists_diff(invoke):
    result = invoke("diff", "--help")
    assert result.exit_code == 0
    for option in ["--format", "--path", "--no-pairing", "FROM", "TO"]:
        assert option in result.output


def test_text_output_is_plain_with_markers(invoke):
    result = invoke("diff", "basecamp", "2", "3")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "\x1b[" not in out
    assert out.startswith("basecamp: Customer Support Representative (2) → Senior Customer Support Representative (3)")
    assert "going up: what 3 adds over 2" in out
    assert "  + 3.4  Can handle any inquiry.\n" in out
    assert "  − 2.2  Guidance is often required.\n" in out
    assert "  ~ 2.3 → 3.2  Understands when to initiate on-call workflow [-with-] {+without+} guidance" in out
    assert "~ 2.4 → 3.5" in out
    assert "  ~ Experience: 2-5 → 5-8 years (advisory)\n" in out
    assert out.index("Added at 3") < out.index("Changed from 2 to 3") < out.index("No longer listed at 3")


def test_text_is_plain_when_piped_even_without_no_color(runner):
    from ladder.cli import app

    result = runner.invoke(app, ["diff", "heroes", "superhero", "senior-superhero"], env={"NO_COLOR": None})
    assert result.exit_code == 0
    assert "\x1b[" not in result.output
    assert "{+Expert+}" in result.output


def test_reverse_is_labelled_going_down(invoke):
    out = invoke("diff", "basecamp", "3", "2").output
    assert "going down: what 2 lacks relative to 3" in out
    assert "What 2 lacks relative to 3 (10)" in out
    assert out.index("What 2 lacks") < out.index("Only at 2, not at 3")


def test_same_level_says_no_difference(invoke):
    result = invoke("diff", "whatfix", "sl1", "Lead - Technical Support")
    assert result.exit_code == 0
    assert "no difference (it is the same level)" in result.output


def test_levels_by_alias_and_title_case_insensitive(invoke):
    result = invoke("diff", "-f", "json", "heroes", "SUPPORT REP", "advanced support technician")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["from"]["id"], data["to"]["id"]) == ("hero", "superhero")


def test_json_format(invoke):
    result = invoke("diff", "basecamp", "2", "3", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert {"from", "to", "direction", "added", "removed", "changed", "unchanged", "criteria"} <= set(data)
    assert data["direction"] == "up"
    change = next(c for c in data["changed"] if c["to"]["id"] == "3.5")
    assert change["from"]["text"] == "Throughput and productivity is predictable."
    assert change["basis"] == "similarity" and change["similarity"] >= 0.35
    assert {"op": "delete", "text": "and productivity is predictable."} in change["words"]
    assert data["criteria"][0]["text"] == "Experience: 2-5 → 5-8 years"
    assert data["added"][0] == {"id": "3.3", "area": None, "level": "3",
                                "text": "Complete and deep expertise with all versions of Basecamp."}


def test_no_pairing_flag(invoke):
    paired = json.loads(invoke("diff", "-f", "json", "intercom", "beginner", "expert").output)
    raw = json.loads(invoke("diff", "-f", "json", "--no-pairing", "intercom", "beginner", "expert").output)
    assert len(paired["changed"]) == 7 and paired["pairing"] is True
    assert raw["changed"] == [] and raw["pairing"] is False
    assert len(raw["removed"]) == 7 and len(raw["added"]) == 8


def test_markdown_format(invoke):
    result = invoke("diff", "basecamp", "4", "5", "-f", "markdown")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("## basecamp: Lead Customer Support Representative (4) → Principal")
    assert "### Added at 5 (6)\n\n- `5.5` Can introduce others/train others in this pathway.\n" in out
    assert "- `4.15` → `5.7` ~~Is good~~ **Excels** at getting to root causes" in out
    assert "### Same text under a new id (8)" in out
    assert "- Experience: 8\\-12 → 12\\-16 years (advisory)" not in out  # hyphens need no escaping
    assert "- Experience: 8-12 → 12-16 years (advisory)" in out


def test_markdown_shows_where_inherited_items_come_from(invoke):
    out = invoke("diff", "whatfix", "S1", "SL2", "-f", "markdown").output
    assert "- `sl1.people-management.1` **People Management:** Supervise, mentor & guide team members on the job " \
           "_(from SL1)_" in out


def test_markdown_escapes_formatting_characters():
    assert md_escape("a*b_c [x] <y> `z` ~w~") == "a\\*b\\_c \\[x\\] \\<y\\> \\`z\\` \\~w\\~"


def test_unknown_level_lists_the_levels(invoke):
    result = invoke("diff", "basecamp", "2", "7")
    assert result.exit_code == 2
    assert "unknown level '7' for basecamp" in result.output
    assert "levels are 1, 2, 3, 4, 5" in result.output


def test_unknown_organisation_lists_the_frameworks(invoke):
    result = invoke("diff", "basecmap", "1", "2")
    assert result.exit_code == 2
    assert "did you mean basecamp?" in result.output
    assert "frameworks are basecamp, heroes, intercom, whatfix" in result.output


def test_builds_on_cycle_is_refused(invoke, tmp_path):
    path = tmp_path / "cycle.yaml"
    shutil.copy(DATA / "invalid" / "builds_on_cycle.yaml", path)
    result = invoke("diff", path, "1", "2")
    assert result.exit_code == 1
    assert f"{path}:11:5: error: levels[0].builds_on: builds_on forms a cycle: 1 -> 2 -> 1" in result.output


def test_path_option_finds_an_extra_framework(invoke, tmp_path):
    shutil.copy(DATA / "valid" / "matrix.yaml", tmp_path / "matrixco.yaml")
    result = invoke("diff", "matrixco", "a", "b", "--path", tmp_path)
    assert result.exit_code == 0, result.output
    assert "  ~ quality.a → quality.b  [Quality] [-Is kind.-] {+Coaches others.+}" in result.output
    assert "  + projects.b  [Projects] Leads projects." in result.output


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_every_pair_of_every_framework_renders(invoke, fmt):
    for org, count in [("heroes", 3), ("intercom", 5)]:
        levels = [level.id for level in open_framework(org).model.levels]
        assert len(levels) == count
        for old in levels:
            for new in levels:
                result = invoke("diff", org, old, new, "-f", fmt)
                assert result.exit_code == 0, (org, old, new, result.output)
                if fmt == "json":
                    assert json.loads(result.output)["to"]["id"] == new


# ---------------------------------------------------------------- renderers without the CLI


def _diff(org: str, old: str, new: str):
    fw = open_framework(org).model
    return diff_levels(fw, fw.level(old), fw.level(new))


def test_colour_only_on_a_colour_terminal():
    from rich.console import Console

    diff = _diff("basecamp", "2", "3")
    colour = io.StringIO()
    render_text(diff, Console(file=colour, force_terminal=True, color_system="standard", no_color=False, width=200))
    assert "\x1b[31m" in colour.getvalue() or "\x1b[9;31m" in colour.getvalue()
    assert "[-with-]" not in colour.getvalue()  # colour replaces the markers
    plain = io.StringIO()
    render_text(diff, Console(file=plain, force_terminal=True, no_color=True, width=200))
    assert "\x1b[" not in plain.getvalue()
    assert "[-with-] {+without+}" in plain.getvalue()


def test_reporters_registry_writes_each_format():
    diff = _diff("heroes", "hero", "superhero")
    outputs = {}
    for name in RENDERERS["diff"]:
        buffer = io.StringIO()
        renderer("diff", name, buffer).one(diff)
        outputs[name] = buffer.getvalue()
    assert set(outputs) == {"text", "json", "markdown"}
    assert json.loads(outputs["json"])["criteria"][1]["text"] == "Work from home: 2 → 4 days per month"
    assert "Work from home: 2 → 4 days per month" in outputs["text"]
    assert outputs["markdown"] == render_markdown(diff) + "\n"
