"""`ladder team` as text: rich on a terminal (a coloured heatmap, count bars), plain aligned columns when
piped or NO_COLOR (rich never imported). The sections are render.team's blocks, in terminal markup."""

from __future__ import annotations

from typing import Any, TextIO

from ladder.render.team import Block, Heading, Line, Rule, Table, TeamRenderer, blocks, reached, shown_percent

RED_BELOW = 50  # a heatmap cell below this percentage is red; below the threshold yellow; else green
RULE = "─" * 60


class TextStyle:
    """Terminal markup: text through ``escape``; on rich, heatmap cells coloured and counts with a bar.
    The number is always printed, so the heatmap reads without colour too."""

    def __init__(self, rich: bool) -> None:
        self.rich = rich

    def text(self, value: object) -> str:
        """Text from a file as it shows: ``escape``d, and never starting '::' (a workflow command, where a
        value starts a line or a table cell)."""
        from ladder.render.terminal import escape, no_workflow_command

        return no_workflow_command(escape(value))

    def code(self, value: object) -> str:
        return self.text(value)

    def heat(self, value: float, threshold: float) -> str:
        shown = shown_percent(value)
        if not self.rich:
            return shown
        colour = "green" if reached(value, threshold) else "red" if value < RED_BELOW else "yellow"
        return f"[{colour}]{shown}[/{colour}]"

    def bar(self, count: int, most: int) -> str:
        if not self.rich or not count:
            return str(count)
        width = max(1, round(count / max(most, 1) * 20))
        return f"[cyan]{'█' * width}[/cyan] {count}"

    def legend(self, threshold: float) -> str:
        marks = "· nothing in that area at the target level; — nothing applicable there"
        if not self.rich:
            return self.text(marks)
        return (f"[red]red[/red] below {RED_BELOW}%, [yellow]yellow[/yellow] below the threshold "
                f"({shown_percent(threshold * 100)}), [green]green[/green] at or above it; {self.text(marks)}")


class TextReport(TeamRenderer):
    """The team report through ``terminal.terminal``: rich on a terminal; plain when piped or NO_COLOR."""

    def __init__(self, out: TextIO, grouped: list[dict[str, Any]] | None = None, **options: Any) -> None:
        from ladder.render.terminal import terminal, wants_plain

        super().__init__(out, grouped, **options)
        self.term = terminal(out)
        self.style = TextStyle(rich=not wants_plain(out))

    def one(self, value: list[dict[str, Any]], **context: Any) -> None:
        """Each report's sections in turn, a rule between two; then the problems of no report."""
        for block in blocks(value, self.grouped, self.style):
            self._write(block)

    def _write(self, block: Block) -> None:
        t = self.term
        if isinstance(block, Heading):
            if block.level > 1:
                t.print()
            style = "underline" if block.level == 3 else "bold"
            t.print(f"[{style}]{block.text}[/{style}]")
        elif isinstance(block, Line):
            t.print(block.text)
        elif isinstance(block, Table):
            t.table(block.headers, block.rows, no_wrap=block.no_wrap)
        elif isinstance(block, Rule):
            t.print()
            t.print(f"[dim]{RULE}[/dim]")
