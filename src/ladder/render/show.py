"""Renderers for `ladder show` and `ladder list`: rich text for a terminal, Markdown, JSON.

Each takes the plain dicts built by show.py. rich is imported lazily: JSON and
Markdown output never load it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from ladder.render.base import Renderer
from ladder.render.terminal import terminal

if TYPE_CHECKING:
    from ladder.render.terminal import Terminal

# The views are the JSON-like dicts of logic/show.py (also `ladder show --format json`).
Data = dict[str, Any]

# ---------------------------------------------------------------- text (rich)


def _expectation_lines(exp: Data, marker: str, depth: int = 0) -> Iterable[str]:
    pad = "  " * depth
    extra = " [dim](cut off in the source)[/dim]" if exp.get("truncated") else ""
    yield f"{pad}{marker} {_esc(exp['text'])} [dim]({_esc(exp['id'])})[/dim]{extra}"
    for example in exp.get("examples", []):
        yield f"{pad}    [dim]e.g.[/dim] {_esc(example)}"
    group = exp.get("group")
    if group:
        how = "all of" if group["satisfied_by"] == "all" else "any of"
        connective = f", joined by '{_esc(group['connective'])}'" if group.get("connective") else ""
        yield f"{pad}  [italic]{how}{connective}:[/italic]"
        for item in group["items"]:
            yield from _expectation_lines(item, "·", depth + 2)


def _print_lines(console: Terminal, lines: Iterable[str]) -> None:
    console.lines(lines)


def _esc(text: object) -> str:
    from ladder.render.terminal import escape

    return escape(text)


def _area_title(area: Data) -> str:
    return _esc(area["name"]) if area["name"] else "[dim](no area named in the source)[/dim]"


def _areas_text(areas: list[Data], marker: str) -> Iterable[str]:
    named = any(area["name"] for area in areas)
    for area in areas:
        if named:
            yield f"[bold]{_area_title(area)}[/bold]"
        for exp in area["expectations"]:
            yield from _expectation_lines(exp, marker, 1)


def _criteria_text(criteria: list[Data]) -> Iterable[str]:
    for criterion in criteria:
        yield f"  [cyan]{_esc(criterion['label'])}:[/cyan] {_esc(criterion['value'])}"


def show_level_text(view: Data, console: Terminal) -> None:
    """Print a level: heading, summary, own expectations by area, criteria, then inherited ones."""
    level = view["level"]
    track = level["track_name"] or level["track"]
    organisation = view["framework"]["organisation"]
    console.print(f"[bold]{_esc(level['id'])} — {_esc(level['title'])}[/bold]  [dim]{_esc(organisation)}"
                  f" · {_esc(track)} track · order {level['order']}[/dim]")
    if level["aliases"]:
        console.print(f"[dim]also called: {_esc(', '.join(level['aliases']))}[/dim]")
    if level["parallel"]:
        console.print(f"[dim]parallel to: {_esc(', '.join(level['parallel']))}[/dim]")
    if level["builds_on"]:
        console.print(f"[dim]builds on: {_esc(level['builds_on'])}[/dim]")
    if level["summary"]:
        console.print(f"\n{_esc(level['summary'])}")
    if level["no_content"]:
        console.print(f"\n[yellow]No content:[/yellow] {_esc(level['no_content'])}")
    if view["criteria"]:
        console.print("\n[bold]Criteria[/bold]")
        _print_lines(console, _criteria_text(view["criteria"]))
    if view["areas"]:
        console.print("")
        _print_lines(console, _areas_text(view["areas"], "•"))
    for lower in view["inherited"]:
        console.print(f"\n[bold magenta]Inherited from {_esc(lower['level'])} — {_esc(lower['title'])}[/bold magenta]")
        if lower["no_content"]:
            console.print(f"  [dim]{_esc(lower['no_content'])}[/dim]")
        _print_lines(console, _criteria_text(lower["criteria"]))
        _print_lines(console, _areas_text(lower["areas"], "↳"))
    for note in level["notes"]:
        console.print(f"[dim]note: {_esc(note)}[/dim]")


def show_overview_text(view: Data, console: Terminal) -> None:
    """Print a framework: ladder, principles, competencies, FAQ."""
    console.print(f"[bold]{_esc(view['organisation'])} — {_esc(view['name'])}[/bold]  [dim]({_esc(view['id'])})[/dim]")
    console.print(f"[dim]source: {_esc(view['source'].get('title', ''))}[/dim]")
    for paragraph in view.get("description", []):
        console.print(f"\n{_esc(paragraph)}")
    console.print("")
    headers, rows = ladder_table(view)
    console.table(headers, rows, title="Levels")
    if view.get("principles"):
        console.print("\n[bold]Principles[/bold]")
        for principle in view["principles"]:
            heading = f"[dim]{_esc(principle['heading'])}:[/dim] " if principle.get("heading") else ""
            console.print(f"  • {heading}{_esc(principle['text'])}")
    comps = view.get("competencies")
    if comps:
        console.print("\n[bold]Competencies[/bold]")
        for statement in comps.get("about", []):
            console.print(f"  [dim]{_esc(statement.get('heading', ''))}[/dim] {_esc(statement['text'])}")
        scale = comps.get("scale")
        if scale:
            steps = " >> ".join(step["name"] for step in scale["steps"])
            console.print(f"  Proficiency scale: {_esc(steps)}")
        for item in comps.get("items", []):
            desc = f": {_esc(item['description'])}" if item.get("description") else ""
            cells = f" [dim]({len(item.get('cells', {}))} matrix cells)[/dim]" if item.get("cells") else ""
            console.print(f"  • [bold]{_esc(item['name'])}[/bold]{desc}{cells}")
        for missing in comps.get("not_given", []):
            console.print(f"  [yellow]Not given:[/yellow] {_esc(missing)}")
    if view.get("faq"):
        console.print("\n[bold]FAQ[/bold]")
        for entry in view["faq"]:
            console.print(f"  [bold]Q: {_esc(entry['question'])}[/bold]")
            for paragraph in entry["answer"]:
                console.print(f"  {_esc(paragraph)}")


def ladder_table(view: Data) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the ladder: one column per track, one row per rank, parallel levels side by side."""
    headers = ["order"] + [_esc(track["name"]) for track in view["tracks"]]
    rows = []
    for row in view["ladder"]:
        cells = ["\n".join(f"{_esc(c['id'])} {_esc(c['title'])}" for c in row["tracks"][track["id"]])
                 for track in view["tracks"]]
        rows.append([str(row["order"]), *cells])
    return headers, rows


def list_text(rows: list[Data], console: Terminal) -> None:
    """Print the available frameworks as a table."""
    console.table(["id", "organisation", "tracks", "levels", "source"],
                  [[_esc(r["id"]), _esc(r["organisation"]), _esc(", ".join(r["tracks"])), str(r["levels"]),
                    _esc(r["source"])] for r in rows])


# ---------------------------------------------------------------- markdown


def _md(text: object) -> str:
    from ladder.render.markdown import markdown_text  # the one rule for text from a file in Markdown

    return markdown_text(text)


def _md_id(text: object) -> str:
    from ladder.render.markdown import markdown_code

    return markdown_code(text)


def _md_expectations(exps: list[Data], depth: int = 0) -> Iterable[str]:
    for exp in exps:
        cut = " *(cut off in the source)*" if exp.get("truncated") else ""
        yield f"{'  ' * depth}- {_md(exp['text'])} {_md_id(exp['id'])}{cut}"
        for example in exp.get("examples", []):
            yield f"{'  ' * (depth + 1)}- *e.g.* {_md(example)}"
        group = exp.get("group")
        if group:
            how = "All of" if group["satisfied_by"] == "all" else "Any of"
            connective = f" ({_md(group['connective'])})" if group.get("connective") else ""
            yield f"{'  ' * (depth + 1)}- *{how}{connective}:*"
            yield from _md_expectations(group["items"], depth + 2)


def _md_areas(areas: list[Data], heading: str) -> Iterable[str]:
    for area in areas:
        yield f"{heading} {_md(area['name']) if area['name'] else '(no area named in the source)'}"
        yield ""
        yield from _md_expectations(area["expectations"])
        yield ""


def show_level_markdown(view: Data) -> str:
    """A level as Markdown."""
    level = view["level"]
    lines = [f"# {_md(level['id'])} — {_md(level['title'])}", "",
             f"*{_md(view['framework']['organisation'])}, {_md(level['track_name'] or level['track'])} track, "
             f"order {level['order']}*", ""]
    for label, key in [("Also called", "aliases"), ("Parallel to", "parallel")]:
        if level[key]:
            lines += [f"{label}: {_md(', '.join(level[key]))}", ""]
    if level["builds_on"]:
        lines += [f"Builds on: {_md(level['builds_on'])}", ""]
    for key in ["summary", "no_content"]:
        if level[key]:
            lines += [_md(level[key]), ""]
    if view["criteria"]:
        lines += ["## Criteria", ""] + [f"- **{_md(c['label'])}:** {_md(c['value'])}" for c in view["criteria"]] + [""]
    lines += list(_md_areas(view["areas"], "##"))
    for lower in view["inherited"]:
        lines += [f"## Inherited from {_md(lower['level'])} — {_md(lower['title'])}", ""]
        if lower["no_content"]:
            lines += [_md(lower["no_content"]), ""]
        lines += [f"- **{_md(c['label'])}:** {_md(c['value'])}" for c in lower["criteria"]]
        lines += list(_md_areas(lower["areas"], "###"))
    return "\n".join(lines).rstrip() + "\n"


def show_overview_markdown(view: Data) -> str:
    """A framework overview as Markdown."""
    lines = [f"# {_md(view['organisation'])} — {_md(view['name'])}", ""]
    lines += [_md(p) + "\n" for p in view.get("description", [])]
    header = ["Order"] + [_md(t["name"]) for t in view["tracks"]]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in view["ladder"]:
        cells = ["<br>".join(f"{_md(c['id'])} {_md(c['title'])}" for c in row["tracks"][t["id"]])
                 for t in view["tracks"]]
        lines.append(f"| {row['order']} | " + " | ".join(cells) + " |")
    lines.append("")
    if view.get("principles"):
        lines += ["## Principles", ""]
        lines += [f"- {_md(p['heading']) + ': ' if p.get('heading') else ''}{_md(p['text'])}"
                  for p in view["principles"]]
        lines.append("")
    comps = view.get("competencies")
    if comps:
        lines += ["## Competencies", ""]
        lines += [f"- **{_md(i['name'])}**{': ' + _md(i['description']) if i.get('description') else ''}"
                  for i in comps.get("items", [])]
        lines += [f"- *Not given:* {_md(m)}" for m in comps.get("not_given", [])]
        lines.append("")
    if view.get("faq"):
        lines += ["## FAQ", ""]
        for entry in view["faq"]:
            lines += [f"**{_md(entry['question'])}**", ""] + [_md(p) + "\n" for p in entry["answer"]]
    return "\n".join(lines).rstrip() + "\n"


def list_markdown(rows: list[Data]) -> str:
    """The available frameworks as a Markdown table."""
    lines = ["| id | organisation | tracks | levels | source |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {_md(row['id'])} | {_md(row['organisation'])} | {_md(', '.join(row['tracks']))} | "
                     f"{row['levels']} | {_md(row['source'])} |")
    return "\n".join(lines) + "\n"


def to_json(data: object) -> str:
    """Stable JSON for machines: indented, keys in a fixed order, UTF-8 kept readable."""
    from ladder.render.data import document

    return document(data)


def _write(out: TextIO, text: str) -> None:
    """Machine output and documents go straight to the output, never through rich."""
    out.write(text if text.endswith("\n") else text + "\n")


class LevelText(Renderer):
    """`show ORG LEVEL` on a terminal (rich) or piped (plain)."""

    def one(self, value: Data, **context: Any) -> None:
        show_level_text(value, terminal(self.out))


class OverviewText(Renderer):
    """`show ORG` and `list ORG` as text."""

    def one(self, value: Data, **context: Any) -> None:
        show_overview_text(value, terminal(self.out))


class ListText(Renderer):
    """`list` as a table."""

    def one(self, value: list[Data], **context: Any) -> None:
        list_text(value, terminal(self.out))


class LevelMarkdown(Renderer):
    def one(self, value: Data, **context: Any) -> None:
        _write(self.out, show_level_markdown(value))


class OverviewMarkdown(Renderer):
    def one(self, value: Data, **context: Any) -> None:
        _write(self.out, show_overview_markdown(value))


class ListMarkdown(Renderer):
    def one(self, value: list[Data], **context: Any) -> None:
        _write(self.out, list_markdown(value))


class Json(Renderer):
    """The view's data as JSON (its keys are pinned by tests/test_json_shapes.py)."""

    def one(self, value: object, **context: Any) -> None:
        _write(self.out, to_json(value))
