"""term.py: plain text when piped or NO_COLOR, rich only on a colour terminal."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from conftest import Tty

from ladder.term import PlainTerminal, escape, strip_markup, terminal, wants_plain


def test_escape_then_strip_gives_the_text_back():
    text = "[Basic] CSS/HTML [/b] a\\b"
    assert strip_markup(f"[bold]{escape(text)}[/bold]  [dim](x)[/dim]") == f"{text}  (x)"


def test_plain_when_piped_or_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_plain(io.StringIO()) is True
    assert wants_plain(Tty()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_plain(Tty()) is True
    assert isinstance(terminal(Tty()), PlainTerminal)


def test_plain_table_aligns_columns_and_multiline_cells():
    out = io.StringIO()
    PlainTerminal(out).table(["order", "IC", "Manager"], [["3", "S3 Principal", "SL1 Lead\nSL1b Other"]],
                             title="Levels")
    assert out.getvalue().splitlines() == [
        "Levels",
        "order  IC            Manager",
        "-----  ------------  ----------",
        "3      S3 Principal  SL1 Lead",
        "                     SL1b Other",
    ]


def test_piped_commands_never_import_rich(tmp_path):
    code = ("import sys\nfrom ladder.cli import main\nsys.argv = ['ladder'] + sys.argv[1:]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write('RICH' if any(m.startswith('rich') for m in sys.modules) else 'PLAIN')\n")
    examples = Path(__file__).resolve().parent.parent / "examples"
    one = str(examples / "intercom-sam.yaml")
    for args in (["show", "whatfix", "S3"], ["diff", "basecamp", "2", "3"], ["list"],
                 ["assess", one], ["assess", one, "--explain"], ["assess", str(examples)]):
        result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)
        assert result.stderr.endswith("PLAIN"), (args, result.stderr[-500:])
        assert "\x1b[" not in result.stdout and result.stdout.strip()
