"""term.py: plain text when piped or NO_COLOR, rich only on a colour terminal."""

from __future__ import annotations

import io
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, Tty
from ladder.render.terminal import PlainTerminal, RichTerminal, escape, strip_markup, terminal, visible, wants_plain


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
    examples = ROOT / "examples"
    one = str(examples / "intercom-sam.yaml")
    for args in (["show", "whatfix", "S3"], ["diff", "basecamp", "2", "3"], ["list"],
                 ["assess", one], ["assess", one, "--explain"], ["assess", str(examples)]):
        result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)
        assert result.stderr.endswith("PLAIN"), (args, result.stderr[-500:])
        assert "\x1b[" not in result.stdout and result.stdout.strip()


# ---------------------------------------------------------------- escape: data is text, whatever it holds


# Mostly the characters rich's grammar turns on, plus line breaks, controls, bidi and invisible characters.
PIECES = [*"[]\\/=@#ab :l", "[/]", "[b]", "\\[", "[link=x]", "\n", "\t", "\x1b", "\u202e", "\u2066", "\u200b", "\u2028",
          "\ufeff", "\x85"]
MARKUPISH = st.lists(st.sampled_from(PIECES) | st.characters(), max_size=30).map("".join)
INVISIBLE = "".join(chr(c) for c in [*range(32), 127, *range(0x80, 0xA0), 0x061C, *range(0x200B, 0x2010),
                                     *range(0x2028, 0x202F), 0x2060, *range(0x2066, 0x206A), 0xFEFF])


def rendered(markup: str) -> str:
    from rich.text import Text

    return Text.from_markup(markup, emoji=False).plain  # RichTerminal's console has emoji off


@settings(max_examples=400, deadline=None)
@given(MARKUPISH)
def test_escaped_text_reads_as_itself_in_rich_and_in_plain(text):
    escaped = escape(text)
    assert rendered(escaped) == strip_markup(escaped) == visible(text)
    assert not set(visible(text)) & set(INVISIBLE)  # never a line break, a terminal escape, a bidi override


@settings(max_examples=300, deadline=None)
@given(MARKUPISH, MARKUPISH)
def test_escaped_text_stays_itself_next_to_renderer_markup_and_other_data(first, second):
    a, b = escape(first), escape(second)
    for markup, plain in [(f"[bold]{a}[/bold]", visible(first)), (f"[dim]({a})[/dim]", f"({visible(first)})"),
                          (f"{a}]", f"{visible(first)}]"), (f"[cyan]{a}:[/cyan] {b}", f"{visible(first)}: {visible(second)}"),
                          (a + b, visible(first) + visible(second)), (f"[red]{a}[/red][dim]{b}[/]", visible(first + second))]:
        assert rendered(markup) == strip_markup(markup) == plain, markup


@settings(max_examples=150, deadline=None)
@given(MARKUPISH)
def test_rich_terminal_never_raises_on_escaped_data(text):
    out = Tty()
    term = RichTerminal(out)
    term.print(f"[bold]{escape(text)}[/bold] [dim]({escape(text)})[/dim]")
    term.lines([f"  • {escape(text)}", escape(text)])
    term.table(["a", escape(text)], [[escape(text), f"[red]{escape(text)}[/red]\n{escape(text)}"]], title="T")
    assert "\x1b]8;" not in out.getvalue()


def test_escape_matches_rich_on_tags_and_backslashes():
    from rich.markup import escape as rich_escape

    for text in ["[b]x[/b]", "\\[b]", "\\\\[/bold]", "[link=https://evil.example]c[/link]", "[@click]x", "a [1] b"]:
        assert escape(text) == rich_escape(text)
    # where rich.markup.escape is not enough: the markup written after the data would read its end
    assert rendered(f"[bold]{rich_escape('x' + chr(92) * 2)}[/bold]") == "x\\"  # one backslash of the two
    assert rendered(f"[bold]{escape('x' + chr(92) * 2)}[/bold]") == "x\\\\"
    assert rendered(f"[dim]{escape('a [b')}] c[/dim]") == "a [b] c"


def test_escape_is_linear_in_long_runs_of_backslashes_and_brackets():
    import time

    start = time.perf_counter()
    for text in ["\\" * 200_000 + "x", "[" * 200_000, "\\" * 100_000 + "[b" * 50_000 + "]"]:
        assert strip_markup(escape(text)) == text
    assert time.perf_counter() - start < 2


def test_markup_in_data_reaches_a_real_terminal_as_text(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = Tty()
    term = terminal(out)
    assert isinstance(term, RichTerminal)
    data = "\\[link=https://evil.example]click\\[/link] \\[/bold] [bold red]x[/] \u202e\nnext"
    term.print(f"[bold]{escape(data)}[/bold]")
    raw = out.getvalue()
    assert "\x1b]8;" not in raw and "\u202e" not in raw
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", raw).rstrip("\n") == visible(data)
