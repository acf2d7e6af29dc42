"""Terminal text: rich on a colour terminal, plain text (without importing rich) everywhere else.

Renderers write lines in rich's markup and tables as rows; `terminal()` picks the writer.
Piped output and NO_COLOR get plain, unwrapped lines that are easy to grep, and skip
rich's import and layout cost (ladder runs in pre-commit hooks and CI, where that counts).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, Iterable, Optional, TextIO

_TAG = re.compile(r"(?<!\\)\[/?[a-z][a-z ]*\]|(?<!\\)\[/\]")


def escape(text: Any) -> str:
    """Make text safe inside markup: a literal '[' never starts a style tag."""
    return str(text).replace("[", "\\[")


def strip_markup(line: str) -> str:
    """The plain text of a markup line."""
    return _TAG.sub("", line).replace("\\[", "[")


def wants_plain(stream: TextIO) -> bool:
    """Plain output when the stream is not a terminal or NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


class PlainTerminal:
    """Writes markup lines as plain text and tables as aligned columns (never wrapped)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def print(self, line: str = "") -> None:
        self.out.write(strip_markup(line) + "\n")

    def lines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.print(line)

    def table(self, headers: list[str], rows: list[list[str]], title: Optional[str] = None,
              no_wrap: Iterable[str] = ()) -> None:
        cells = [[strip_markup(c) for c in row] for row in rows]
        heads = [strip_markup(h) for h in headers]
        widths = [max([len(h)] + [max(map(len, row[i].split("\n"))) for row in cells]) for i, h in enumerate(heads)]
        if title:
            self.out.write(title + "\n")
        self.out.write("  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip() + "\n")
        self.out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            parts = [c.split("\n") for c in row]
            for k in range(max(len(p) for p in parts)):
                line = "  ".join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths))
                self.out.write(line.rstrip() + "\n")


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
            indent = len(line) - len(body) + (2 if body[:1] in "•↳·+−~" else 0)
            self.console.print(Padding(body, (0, 0, 0, indent), expand=False))

    def table(self, headers: list[str], rows: list[list[str]], title: Optional[str] = None,
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


def terminal(out: Optional[TextIO] = None) -> Any:
    """The writer for a stream: rich on a colour terminal, plain otherwise."""
    stream = out or sys.stdout
    return PlainTerminal(stream) if wants_plain(stream) else RichTerminal(stream)
