"""Rich output on a real terminal: ladder run as a user runs it, its output on a pseudo-terminal.

CliRunner is never a terminal, so these start `python -m ladder` with stdout and stderr on a
pty (what `script -q -c '…'` gives) and read what a terminal would receive.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from conftest import DATA, ROOT

HOSTILE = DATA / "hostile"
OSC = re.compile(rb"\x1b\]")  # operating-system commands: OSC 8 links, window titles, clipboard
CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal(*args: str) -> tuple[int, str]:
    """Exit code and the text (escape sequences removed) of ladder run on a pseudo-terminal."""
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
    code = child.wait(timeout=60)
    assert not OSC.search(raw), raw[:2000]  # no link, title or clipboard sequence from data
    assert CSI.search(raw), "rich was not used: the test is not seeing the terminal path"
    text = CSI.sub(b"", raw).decode("utf-8", "replace").replace("\r\n", "\n")
    assert "Traceback" not in text and "MarkupError" not in text and "internal error" not in text, text
    return code, text


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
