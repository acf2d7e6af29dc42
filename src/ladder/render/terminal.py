"""Terminal text: rich on a colour terminal, plain text (without importing rich) everywhere else.

Renderers write lines in rich's markup and tables as rows; `terminal()` picks the writer.
Piped output and NO_COLOR get plain, unwrapped lines that are easy to grep, and skip
rich's import and layout cost (ladder runs in pre-commit hooks and CI, where that counts).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Protocol, TextIO

from ladder.errors import _CONTROLS

# rich's markup grammar (rich.markup.RE_TAGS, ``(\\*)\[([a-z#/@][^[]*?)]``, and render()): a tag is '[' then
# [a-z#/@] then anything up to the first ']', with no '[' inside; of the backslashes before a tag, each pair is
# one literal backslash and an odd one left over makes the tag literal text. In the text between tags, each
# backslash directly before a '[' is dropped. Backslashes are counted by hand, not by the pattern: a leading
# ``\\*`` makes a search quadratic in a long run of backslashes.
_TAG = re.compile(r"\[([a-z#/@][^[]*?)]")
_BRACKET = re.compile(r"\[")
_SEAL = "[dim][/dim]"  # an empty pair of tags: shows nothing, and no markup after it can reach back past it


def visible(text: object) -> str:
    """Text as it may appear on an output line: control characters (a new line, a tab, a terminal escape),
    bidi overrides and invisible characters shown as escapes (``\\n``, ``\\x1b``, ``\\u202e``), the rest as is."""
    return str(text).translate(_CONTROLS)


def _backslashes_before(text: str, end: int) -> int:
    start = end
    while start and text[start - 1] == "\\":
        start -= 1
    return end - start


def escape(text: object) -> str:
    """Text from a file, made safe inside markup: it shows as ``visible(text)`` whatever markup is around it.

    Every field from a file goes through this once, and renderer-made markup is the only markup. Tags are
    neutralised as ``rich.markup.escape`` does (the n backslashes before a tag made 2n + 1), a '[' after
    backslashes that is no tag gets one more (rich drops one), and an end that could combine with the markup
    written after it (trailing backslashes, a '[' not yet closed) is sealed. Written without rich, so plain
    output never imports it.
    """
    value = visible(text)
    if "[" in value:
        pieces, last = [], 0
        for m in _BRACKET.finditer(value):
            at = m.start()
            n = _backslashes_before(value, at)
            extra = n + 1 if _TAG.match(value, at) else 1 if n else 0
            if extra:
                pieces += [value[last:at], "\\" * extra]
                last = at
        pieces.append(value[last:])
        value = "".join(pieces)
    trailing = len(value) - len(value.rstrip("\\"))
    if trailing:  # n backslashes before the seal's first tag would read as n // 2: double them
        return value + "\\" * trailing + _SEAL
    opening = value.rfind("[")
    if opening != -1 and "]" not in value[opening:]:
        return value + _SEAL
    return value


def strip_markup(line: str) -> str:
    """The plain text of a markup line, read with rich's grammar: what rich shows, without the styles."""
    if "[" not in line:
        return line
    pieces, last = [], 0
    for m in _TAG.finditer(line):
        n = _backslashes_before(line, m.start())
        pieces.append(line[last:m.start() - n].replace("\\[", "["))
        pieces.append("\\" * (n // 2) + (m.group() if n % 2 else ""))
        last = m.end()
    pieces.append(line[last:].replace("\\[", "["))
    return "".join(pieces)


def wants_plain(stream: TextIO) -> bool:
    """Plain output when the stream is not a terminal or NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


def no_workflow_command(line: str) -> str:
    """A plain output line that data would start with '::' (a GitHub runner reads such a line, leading
    spaces trimmed, as a workflow command: ::error, ::add-mask, ::stop-commands) gets its first ':'
    shown as an escape, as other characters that could drive what reads the output are."""
    body = line.lstrip()
    if not body.startswith("::"):
        return line
    start = len(line) - len(body)
    return f"{line[:start]}\\x3a{line[start + 1:]}"


class Terminal(Protocol):
    """What renderers write to: markup lines and tables (PlainTerminal or RichTerminal)."""

    def print(self, line: str = "") -> None: ...

    def lines(self, lines: Iterable[str]) -> None: ...

    def table(self, headers: list[str], rows: list[list[str]], title: str | None = None,
              no_wrap: Iterable[str] = ()) -> None: ...


class PlainTerminal:
    """Writes markup lines as plain text and tables as aligned columns (never wrapped)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def print(self, line: str = "") -> None:
        self.out.write(no_workflow_command(strip_markup(line)) + "\n")

    def lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.print(line)

    def table(self, headers: list[str], rows: list[list[str]], title: str | None = None,
              no_wrap: Iterable[str] = ()) -> None:
        cells = [[strip_markup(c) for c in row] for row in rows]
        heads = [strip_markup(h) for h in headers]
        widths = [max([len(h)] + [max(map(len, row[i].split("\n"))) for row in cells]) for i, h in enumerate(heads)]
        if title:
            self.out.write(no_workflow_command(strip_markup(title)) + "\n")
        self.out.write(no_workflow_command("  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip()) + "\n")
        self.out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            parts = [c.split("\n") for c in row]
            for k in range(max(len(p) for p in parts)):
                line = "  ".join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths))
                self.out.write(no_workflow_command(line.rstrip()) + "\n")


class RichTerminal:
    """Writes markup lines through rich, wrapping each under its own indent; ``no_wrap`` names
    the table columns kept on one line (bars, ids)."""

    def __init__(self, out: TextIO) -> None:
        from rich.console import Console

        self.console = Console(file=out, highlight=False, emoji=False)

    def print(self, line: str = "") -> None:
        self.console.print(line)

    def lines(self, lines: Iterable[str]) -> None:
        from rich.padding import Padding

        for line in lines:
            body = line.lstrip(" ")
            if not body:  # rich renders an empty Padding as nothing: a blank line must stay a line
                self.console.print()
                continue
            indent = len(line) - len(body) + (2 if body[:1] in "•↳·+−~" else 0)
            self.console.print(Padding(body, (0, 0, 0, indent), expand=False))

    def table(self, headers: list[str], rows: list[list[str]], title: str | None = None,
              no_wrap: Iterable[str] = ()) -> None:
        from rich import box
        from rich.table import Table

        keep = set(no_wrap)
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for header in headers:
            # fold, never cut: every id and path is shown whole, however narrow the terminal
            table.add_column(header, no_wrap=header in keep, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self.console.print(table)


def terminal(out: TextIO | None = None) -> Terminal:
    """The writer for a stream: rich on a colour terminal, plain otherwise."""
    stream = out or sys.stdout
    return PlainTerminal(stream) if wants_plain(stream) else RichTerminal(stream)
