"""`ladder team` on a real terminal: run as a user runs it, its output read from a pseudo-terminal.

CliRunner is never a terminal, so these start `python -m ladder` with stdout and stderr on a pty (as
tests/test_real_terminal.py does) and check the rich path: the coloured heatmap, and data shown as text.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT
from teamgen import write_team

OSC = re.compile(rb"\x1b\]")  # operating-system commands: OSC 8 links, window titles, clipboard
CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
HEAT = re.compile(rb"\x1b\[(31|32|33)m\d+%\x1b\[0m")  # a heatmap cell: red, green or yellow
HOSTILE_NAMES = ["[bold]x[/bold]", "**x** | y", "<script>alert(1)</script>", "Eve\n::error::forged",
                 "=HYPERLINK(\"http://evil.example\")", "::error::boss", "[link=https://evil.example]click[/link]"]


def on_terminal(*args: str) -> tuple[int, str, bytes]:
    """Exit code, the text (escape sequences removed) and the raw bytes of ladder run on a pseudo-terminal."""
    master, slave = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "TYPER_USE_RICH")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "220", "LINES": "50", "LADDER_PATH": ""})
    child = subprocess.Popen([sys.executable, "-m", "ladder", *map(str, args)], stdin=slave, stdout=slave,
                             stderr=slave, env=env, cwd=ROOT, close_fds=True)
    os.close(slave)
    raw = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        raw += chunk
    os.close(master)
    code = child.wait(timeout=120)
    assert not OSC.search(raw), raw[:2000]  # no link, title or clipboard sequence from data
    assert CSI.search(raw), "rich was not used: the test is not seeing the terminal path"
    text = CSI.sub(b"", raw).decode("utf-8", "replace").replace("\r\n", "\n")
    assert "Traceback" not in text and "MarkupError" not in text and "internal error" not in text, text
    return code, text, raw


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
