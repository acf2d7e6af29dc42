"""ladder run on a real terminal: stdout and stderr on a pseudo-terminal (what `script -q -c '…'` gives),
for the tests of rich's path, since CliRunner is never a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

from conftest import ROOT

OSC = re.compile(rb"\x1b\]")  # operating-system commands: OSC 8 links, window titles, clipboard
CSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal_raw(*args: str, timeout: int = 120) -> tuple[int, str, bytes]:
    """Exit code, the text (escape sequences removed) and the raw bytes of `python -m ladder ARGS` on a pty.

    Whatever ran, it must have used rich (escape sequences present), sent no operating-system command
    (a link, a window title, the clipboard) and printed no traceback or markup error."""
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
    code = child.wait(timeout=timeout)
    assert not OSC.search(raw), raw[:2000]  # no link, title or clipboard sequence from data
    assert CSI.search(raw), "rich was not used: the test is not seeing the terminal path"
    text = CSI.sub(b"", raw).decode("utf-8", "replace").replace("\r\n", "\n")
    assert "Traceback" not in text and "MarkupError" not in text and "internal error" not in text, text
    return code, text, raw


def on_terminal(*args: str) -> tuple[int, str]:
    """Exit code and the text (escape sequences removed) of ladder run on a pseudo-terminal."""
    code, text, _raw = on_terminal_raw(*args, timeout=60)
    return code, text
