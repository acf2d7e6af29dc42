"""`ladder assess` as text: rich on a terminal (score bars, a batch table), plain when piped or
NO_COLOR (rich never imported; a batch streams one tab-separated line per file)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from ladder.outcome import Outcome
from ladder.render.assess import (
    Batch,
    _by_text,
    _criteria_text,
    _demonstrated,
    _explain_sum,
    _gap_text,
    _other_views,
    _problems,
    batch_row,
    explain_lines,
    history_lines,
    percent,
    points,
)

if TYPE_CHECKING:
    from ladder.logic.scoring import LevelScore, Result
    from ladder.logic.since import History

T = TypeVar("T")


def with_progress(items: Iterable[T], total: int) -> Iterator[T]:
    """Yield items under a rich progress bar on stderr (the caller decides when one is worth showing)."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), redirect_stdout=False, transient=True) as progress:
        task = progress.add_task("assessing", total=total)
        for item in items:
            yield item
            progress.advance(task)


# ---------------------------------------------------------------- text

BATCH_HEADINGS = ["File", "Person", "Framework", "Demonstrated", "Target", "Gaps", "Status"]


def _batch_cells(row: dict[str, Any]) -> list[str]:
    reached = "" if row["target_percent"] == "" else f" {round(row['target_percent'])}%"
    demonstrated = "" if row["status"] == "error" else (row["demonstrated"] or "none")
    return [row["file"], row["person"], row["framework"], demonstrated, f"{row['target']}{reached}",
            str(row["gaps"]), row["status"]]


class TextReporter(Batch):
    """Text through term.terminal: rich on a terminal; plain (rich never imported) when piped or NO_COLOR.

    A batch on a terminal is one table at the end; piped, it streams one tab-separated
    line per file, so memory stays flat however many files there are.
    """

    def __init__(self, out: TextIO, explain: bool = False, **options: Any) -> None:
        from ladder.render.terminal import terminal, wants_plain

        super().__init__(out, explain, **options)
        self.term = terminal(out)
        self.stream = wants_plain(out)
        self.rows: list[dict[str, Any]] = []

    def row(self, value: Outcome) -> None:
        """Stream the file's row when plain; otherwise keep it for the table printed by ``finish``."""
        from ladder.render.terminal import visible

        _problems(value)
        row = batch_row(value)
        self._tally(value)
        if not self.stream:
            self.rows.append(row)  # a small dict per file: the table needs every width
            return
        if self.count["files"] == 1:
            self.out.write("\t".join(BATCH_HEADINGS) + "\n")
        # a tab or line break in a field is shown as an escape: it cannot add a column or forge a line
        self.out.write("\t".join(visible(c) for c in _batch_cells(row)) + "\n")

    def finish(self, summary: Any = None) -> None:
        """Print the batch table (unless streamed) and a count."""
        from ladder.render.terminal import escape

        count = f"{self.count['files']} file(s): {self.count['scored']} scored, {self.count['invalid']} invalid"
        if self.stream:
            self.out.write(count + "\n")
            return
        rows = [[f"[red]{escape(c)}[/red]" if row["status"] == "error" else escape(c) for c in _batch_cells(row)]
                for row in self.rows]
        self.term.table(BATCH_HEADINGS, rows, title="Assessments")
        self.term.print(count)

    def one(self, value: Result, history: History | None = None, **context: Any) -> None:
        """Levels with score bars, the demonstrated level, disagreements, gaps; then explanation and history."""
        from ladder.render.terminal import escape as e

        result, explain = value, self.explain
        t = self.term
        t.print(f"[bold]{e(result.person)} · {e(result.framework_name)} · {e(result.date)}[/bold]")
        t.print(e(f"current {result.current} ({result.current_title}) · target {result.target} "
                  f"({result.target_title}) · threshold {percent(result.threshold)} · {_by_text(result)}"))
        heads = ["", "Level", "Title", *[name if result.split else "Score" for name in result.views], "Criteria"]
        rows = [["[green]✔[/green]" if level.demonstrated else "", e(level.id), e(level.title),
                 *[_score_cell(view.levels[index]) for view in result.views.values()], _criteria_text(level)]
                for index, level in enumerate(result.driving.levels)]
        t.table(heads, rows, no_wrap=heads[3:-1])  # score bars stay on one line
        t.print(f"[bold green]Demonstrated level: {e(_demonstrated(result.driving))}[/bold green]"
                + e(_other_views(result)))
        if result.disagreements:
            t.print(f"\n[bold yellow]Self vs manager: {len(result.disagreements)} disagreement(s)[/bold yellow]")
            t.lines(e(f"  {d.id}: self {d.self or 'not rated'}, manager {d.manager or 'not rated'} — {d.text}")
                    for d in result.disagreements)
        t.print(f"\n[bold]Gaps to {e(result.target)} ({len(result.gaps)})[/bold]")
        for area, gaps in result.gaps_by_area():
            t.print(f"  [underline]{e(area)}[/underline]")
            t.lines(f"    [dim]{e(_gap_text(g))}[/dim]" if g.advisory else e(f"    {_gap_text(g)}") for g in gaps)
        if not result.gaps:
            t.print("  none: every expectation up to the target is met")
        for warning in result.warnings:
            t.print(f"[yellow]note: {e(warning)}[/yellow]")
        if explain:
            t.print(f"\n[bold]How the score was computed ({e(result.driving.name)} view)[/bold]")
            for level in result.driving.levels:
                t.print(f"[bold]  {e(level.id)} {e(level.title)}: {e(_explain_sum(level, result.threshold))}[/bold]")
                t.lines(e(f"    {line}") for line in explain_lines(level))
        if history is not None:
            t.print(f"\n[bold]Since {e(history.since_date)} ({e(history.since_file)})[/bold]")
            t.lines(e(f"  {line}") for line in history_lines(history))


def _score_cell(level: LevelScore) -> str:
    """A score as a ten-block bar (in markup), the percentage, a tick or cross, and the points."""
    if level.applicable == 0:
        return "[dim]nothing to rate[/dim]"
    width = 10
    filled = round((level.percent or 0) * width)
    style = "green" if level.reached else "red"
    verdict = "✓" if level.reached else "✗"  # readable without colour too
    bar = f"[{style}]{'█' * filled}[/{style}]" if filled else ""
    rest = f"[dim]{'░' * (width - filled)}[/dim]" if width - filled else ""
    return f"{bar}{rest} {percent(level.percent):>4} {verdict} {points(level.total)}/{level.applicable}"
