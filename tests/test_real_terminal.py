"""Rich output on a real terminal: ladder run as a user runs it, its output on a pseudo-terminal.

CliRunner is never a terminal, so these start `python -m ladder` with stdout and stderr on a
pty (what `script -q -c '…'` gives) and read what a terminal would receive.
"""

from __future__ import annotations

import pytest

from conftest import DATA
from terminal import on_terminal

HOSTILE = DATA / "hostile"


@pytest.mark.parametrize("args", [
    ("show", HOSTILE / "markup.yaml"),
    ("show", HOSTILE / "markup.yaml", "2"),
    ("list", HOSTILE / "markup.yaml"),
    ("diff", HOSTILE / "markup.yaml", "1", "2"),
    ("assess", HOSTILE / "batch" / "eve.yaml"),
    ("assess", HOSTILE / "batch" / "eve.yaml", "--explain"),
], ids=lambda a: " ".join(str(x).replace(str(HOSTILE) + "/", "") for x in a))
def test_markup_in_data_is_shown_literally_on_a_terminal(args):
    code, text = on_terminal(*args)
    assert code == 0, text
    assert "[link=https://evil.example]" in text or "[/bold]" in text, text  # shown, not obeyed


def test_a_batch_with_hostile_rows_runs_through_on_a_terminal():
    code, text = on_terminal("assess", HOSTILE / "batch")
    assert code == 1  # some files of the batch are invalid on purpose; the others are still scored
    assert "Eve\\n2 levels ahead" in text  # the person's newline is shown, not obeyed
    assert "\u202e" not in text and "\\u202e" in text


def test_newlines_and_bidi_in_a_framework_never_start_a_line_on_a_terminal():
    code, text = on_terminal("show", HOSTILE / "newlines.yaml", "1")
    assert code == 0, text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text
    assert "A\\n::error file=x::forged" in text
    for invisible in ("\u202e", "\u2066", "\u200f", "\u061c", "\u2028", "\ufeff"):
        assert invisible not in text


def test_the_readme_tour_renders_on_a_terminal():
    for args in (("show", "whatfix", "S3"), ("list", "whatfix"), ("diff", "basecamp", "2", "3"),
                 ("assess", "examples/whatfix-priya.yaml"), ("assess", "examples")):
        code, text = on_terminal(*args)
        assert code == 0, (args, text)


def test_team_shows_a_progress_bar_for_many_files_and_still_reports_each_bad_one(tmp_path):
    """20 files or more on a terminal: a progress bar on stderr while files are read; each bad file's
    problem is still printed whole (through the bar, not under it), and the report follows."""
    from teamgen import write_team

    files = write_team(tmp_path, "heroes", 15, seed=6, broken=2)
    assert len(files) >= 20
    code, text = on_terminal("team", tmp_path)
    assert code == 1
    assert "assessing" in text  # rich's bar, labelled as assess's is
    assert "broken-0.yaml:" in text and "unknown key 'persn'; did you mean 'person'?" in text
    assert "team: " in text and "2 file(s) left out" in text and "Gaps heatmap" in text


def test_ladder_changes_renders_markup_in_data_literally_on_a_terminal(tmp_path):
    """Two versions of a framework whose new texts carry rich markup, links and a line break: shown
    as text on the terminal, coloured markers and words around them."""
    import yaml

    from conftest import FRAMEWORKS

    data = yaml.safe_load((FRAMEWORKS / "heroes.yaml").read_text(encoding="utf-8"))
    first = data["levels"][0]["areas"][0]["expectations"][0]
    first["text"] = first["text"] + " [link=https://evil.example]click[/link] [bold]x[/bold]"
    data["levels"][0]["title"] = "Hero\n::error file=x::forged"
    edited = tmp_path / "heroes.yaml"
    edited.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    code, text = on_terminal("changes", FRAMEWORKS / "heroes.yaml", edited)
    assert code == 0, text
    assert "[link=https://evil.example]click[/link]" in text and "[bold]x[/bold]" in text
    assert "Hero\\n::error file=x::forged" in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text
    lines = [line.rstrip() for line in text.splitlines()]
    counts = next(i for i, line in enumerate(lines) if line.startswith("expectations: "))
    assert lines[counts + 1] == "" and lines[counts + 2].startswith("Hero"), lines[:8]  # sections stay apart
