"""`ladder team` on a real terminal: run as a user runs it, its output read from a pseudo-terminal.

CliRunner is never a terminal, so these start `python -m ladder` with stdout and stderr on a pty (as
tests/test_real_terminal.py does) and check the rich path: the coloured heatmap, and data shown as text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import DATA
from teamgen import write_team
from terminal import on_terminal_raw as on_terminal

HEAT = re.compile(rb"\x1b\[(31|32|33)m\d+%\x1b\[0m")  # a heatmap cell: red, green or yellow
HOSTILE_NAMES = ["[bold]x[/bold]", "**x** | y", "<script>alert(1)</script>", "Eve\n::error::forged",
                 "=HYPERLINK(\"http://evil.example\")", "::error::boss", "[link=https://evil.example]click[/link]"]


def hostile_team(directory: Path) -> list[str]:
    """Two assessments each of people (and assessors) with names that look like markup, against the
    framework whose areas, titles and texts are rich markup (tests/data/hostile/markup.yaml)."""
    directory.mkdir()
    framework = DATA / "hostile" / "markup.yaml"
    for index, name in enumerate(HOSTILE_NAMES):
        assessor = HOSTILE_NAMES[(index + 1) % len(HOSTILE_NAMES)]
        for visit, (mine, theirs) in enumerate((("meets", "partly"), ("exceeds", "not-yet"))):
            (directory / f"h{index}-{visit}.yaml").write_text(
                f"framework: {json.dumps(str(framework))}\nperson: {json.dumps(name)}\n"
                f"date: {2023 + visit}-0{index + 1}-01\ncurrent_level: \"1\"\ntarget_level: \"2\"\n"
                f"assessor: {json.dumps(assessor)}\nratings:\n  a1: {mine}\n"
                f"  a2: {{self: exceeds, manager: {theirs}}}\n  b1: {{self: meets, manager: {theirs}}}\n",
                encoding="utf-8")
    return HOSTILE_NAMES


def test_a_generated_team_gets_the_coloured_heatmap_on_a_terminal(tmp_path):
    write_team(tmp_path / "team", "intercom", 25, seed=3)
    code, text, raw = on_terminal("team", tmp_path / "team")
    assert code == 1, text  # the three broken files are left out, and said so
    assert HEAT.search(raw), "the heatmap cells are not coloured"
    for section in ("People", "Distribution", "Gaps heatmap", "What this team needs to learn next", "Calibration",
                    "Over time", "3 file(s) left out (see stderr)"):
        assert section in text
    assert "█" in text  # the distribution's bars


def test_a_hostile_team_is_shown_as_text_on_a_terminal(tmp_path):
    names = hostile_team(tmp_path / "hostile")
    code, text, raw = on_terminal("team", tmp_path / "hostile")
    assert code == 0, text
    assert HEAT.search(raw)
    for name in ("[bold]x[/bold]", "**x** | y", "<script>alert(1)</script>", "Eve\\n::error::forged",
                 "=HYPERLINK(\"http://evil.example\")", "[link=https://evil.example]click[/link]", "[bold red]Area[/]"):
        assert name in text, name
    assert names[3] not in text  # the newline is shown as an escape, never obeyed
    assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text
    assert not re.search(rb"\x1b\[1m(x|click)\x1b\[0m", raw)  # '[bold]x[/bold]' made nothing bold
