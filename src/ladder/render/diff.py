"""Renderers for `ladder diff`, one per --format (render.registry).

Text goes through rich: colour only on a terminal and never with NO_COLOR; without
colour the + / − / ~ markers and [-deleted-] {+inserted+} words carry the meaning.
JSON and Markdown are plain strings written straight to the output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from ladder.logic.diff import Change, CriterionChange, Diff, DiffItem, diff_to_dict
from ladder.models.framework import Expectation, Level
from ladder.render.base import Renderer
from ladder.render.markdown import markdown_code, markdown_text
from ladder.render.terminal import visible

if TYPE_CHECKING:
    from rich.console import Console


def level_name(level: Level) -> str:
    """``Senior Customer Support Representative (3)``, or just the title when the id merely repeats it."""
    if level.id.casefold() == level.title.casefold().replace(" ", "-"):
        return level.title
    return f"{level.title} ({level.id})"


def headline(diff: Diff) -> str:
    """One sentence saying what is compared with what, and in which direction."""
    org = diff.framework.id
    old, new = level_name(diff.from_level), level_name(diff.to_level)
    if diff.direction == "same":
        return f"{org}: {old} against itself: no difference (it is the same level)."
    reading = {
        "up": f"going up: what {diff.to_level.id} adds over {diff.from_level.id}",
        "down": f"going down: what {diff.to_level.id} lacks relative to {diff.from_level.id}",
        "across": f"across, at the same rank: what {diff.to_level.id} has instead of {diff.from_level.id}",
    }[diff.direction]
    return f"{org}: {old} → {new} ({reading})"


def summary(diff: Diff) -> str:
    """Counts of each part, e.g. ``+9 added · −4 removed · ~3 changed · =0 unchanged · 1 criterion changed``."""
    if diff.is_empty:
        return f"No difference: {len(diff.unchanged)} expectation(s) in common, criteria the same."
    same = sum(change.same_text for change in diff.changed)
    parts = [f"+{len(diff.added)} added", f"−{len(diff.removed)} removed", f"~{len(diff.changed) - same} changed"]
    if same:
        parts.append(f"{same} same text under a new id")
    parts.append(f"={len(diff.unchanged)} unchanged")
    parts.append(f"{len(diff.criteria)} criteri{'on' if len(diff.criteria) == 1 else 'a'} changed")
    return " · ".join(parts)


def section_titles(diff: Diff) -> dict[str, str]:
    """Headings of the parts, worded for the direction of the diff."""
    old, new = diff.from_level.id, diff.to_level.id
    if diff.direction == "down":
        added, removed = f"Only at {new}, not at {old}", f"What {new} lacks relative to {old}"
    else:
        added, removed = f"Added at {new}", f"No longer listed at {new}"
    return {
        "removed": removed,
        "added": added,
        "changed": f"Changed from {old} to {new}",
        "same": "Same text under a new id",
        "criteria": "Criteria",
    }


def _order(diff: Diff) -> list[str]:
    # going down, what the lower level lacks is the point of the question
    return ["removed", "changed", "added"] if diff.direction == "down" else ["added", "changed", "removed"]


def _parts(diff: Diff) -> dict[str, tuple[DiffItem, ...] | tuple[Change, ...]]:
    return {
        "added": diff.added,
        "removed": diff.removed,
        "changed": tuple(c for c in diff.changed if not c.same_text),
        "same": tuple(c for c in diff.changed if c.same_text),
    }


def _origin(item: DiffItem, side: Level) -> str:
    """Where an inherited item comes from, when that is not the level itself."""
    return f" (from {item.level})" if item.level != side.id else ""


def _group_lines(exp: Expectation | None, depth: int = 0) -> list[tuple[int, str, str]]:
    """(indent, id, text) lines for an expectation's group, nested; the group's own line has no id."""
    if exp is None or exp.group is None:
        return []
    group = exp.group
    how = "all of" if group.satisfied_by == "all" else "any of"
    lines = [(depth, "", f"{how} ({group.connective}):" if group.connective else f"{how}:")]
    for sub in group.items:
        lines.append((depth + 1, sub.id, sub.text))
        lines += _group_lines(sub, depth + 2)
    return lines


def _text_group(line: Callable[..., None], exp: Expectation | None) -> None:
    for depth, sub_id, text in _group_lines(exp):
        line(("      " + "  " * depth, ""), (f"{sub_id}  " if sub_id else "", "bold"), (text, ""))


def _md_group(exp: Expectation | None) -> list[str]:
    return [
        f"{'  ' * (depth + 1)}- {f'{markdown_code(sub_id)} ' if sub_id else ''}{markdown_text(text)}"
        for depth, sub_id, text in _group_lines(exp)
    ]


def _criterion_marker(change: CriterionChange) -> str:
    if change.before is None:
        return "+"
    return "−" if change.after is None else "~"


def _criterion_text(change: CriterionChange) -> str:
    return change.text + (" (advisory)" if change.advisory else "")


# ---------------------------------------------------------------- text


def render_text(diff: Diff, console: Console) -> None:
    """Print the diff to a rich console: styled on a colour terminal, plain markers otherwise."""
    from rich.text import Text

    plain = console.no_color or console.color_system is None
    soft = not console.is_terminal  # piped output: one line per item, easy to grep

    def line(*parts: tuple[str, str]) -> None:
        text = Text()  # chunks are appended as text, never read as markup
        for chunk, name in parts:
            text.append(visible(chunk), style="" if plain else name)
        console.print(text, soft_wrap=soft)

    _render(diff, line, plain)


def render_plain(diff: Diff, out: TextIO) -> None:
    """Write the diff as plain text, without rich: for pipes, CI logs and NO_COLOR."""

    def line(*parts: tuple[str, str]) -> None:
        out.write("".join(visible(chunk) for chunk, _ in parts) + "\n")

    _render(diff, line, True)


def _render(diff: Diff, line: Callable[..., None], plain: bool) -> None:
    line((headline(diff), "bold"))
    if diff.direction == "same":
        return
    line((summary(diff), "dim"))
    titles, parts = section_titles(diff), _parts(diff)
    markers = {"added": ("+", "green"), "removed": ("−", "red")}
    for key in _order(diff) + ["same"]:
        entries = parts[key]
        if not entries:
            continue
        line(("", ""))
        line((f"{titles[key]} ({len(entries)})", "bold"))
        for entry in entries:
            if isinstance(entry, DiffItem):  # added or removed; the others are changes
                side = diff.to_level if key == "added" else diff.from_level
                _text_item(line, markers[key], entry, side)
            else:
                _text_change(line, entry, plain, key == "same")
    if diff.criteria:
        line(("", ""))
        line((titles["criteria"], "bold"))
        colours = {"+": "green", "−": "red", "~": "yellow"}
        for change in diff.criteria:
            marker = _criterion_marker(change)
            line((f"  {marker} ", colours[marker]), (_criterion_text(change), ""))
    if diff.unchanged:
        line(("", ""))
        line((f"= {len(diff.unchanged)} expectation(s) in both levels, unchanged", "dim"))


def _text_item(line: Callable[..., None], marker: tuple[str, str], item: DiffItem, side: Level) -> None:
    symbol, colour = marker
    area = (f"[{item.area}] ", "cyan") if item.area else ("", "")
    line((f"  {symbol} ", colour), (item.id, "bold"), ("  ", ""), area, (item.text, ""),
         (_origin(item, side), "dim"))
    _text_group(line, item.expectation)


def _text_change(line: Callable[..., None], change: Change, plain: bool, same: bool) -> None:
    head = [(f"  {'=' if same else '~'} ", "yellow"), (f"{change.before.id} → {change.after.id}", "bold"), ("  ", "")]
    area = _change_area(change)
    if area:
        head.append((f"[{area}] ", "cyan"))
    if same:
        line(*head, (change.after.text, ""))
        return
    words: list[tuple[str, str]] = []
    for op in change.words:
        if words:
            words.append((" ", ""))
        if op.op == "equal":
            words.append((op.text, ""))
        elif plain:
            words.append((f"[-{op.text}-]" if op.op == "delete" else f"{{+{op.text}+}}", ""))
        else:
            words.append((op.text, "red strike" if op.op == "delete" else "green bold"))
    score = f"  (similarity {change.similarity:.2f})" if change.basis == "similarity" else ""
    line(*head, *words, (score, "dim"))
    _text_group(line, change.after.expectation)


# ---------------------------------------------------------------- markdown


def render_markdown(diff: Diff) -> str:
    """The diff as Markdown for a promotion document or a pull request."""
    out = [f"## {markdown_text(headline(diff))}", ""]
    if diff.direction == "same":
        return "\n".join(out)
    out += [markdown_text(summary(diff)), ""]
    titles, parts = section_titles(diff), _parts(diff)
    for key in _order(diff) + ["same"]:
        entries = parts[key]
        if not entries:
            continue
        out += [f"### {markdown_text(titles[key])} ({len(entries)})", ""]
        for entry in entries:
            if isinstance(entry, DiffItem):  # added or removed; the others are changes
                side = diff.to_level if key == "added" else diff.from_level
                out += _md_item(entry, side)
            else:
                out += _md_change(entry, key == "same")
        out.append("")
    if diff.criteria:
        out += [f"### {markdown_text(titles['criteria'])}", ""]
        out += [f"- {markdown_text(_criterion_text(change))}" for change in diff.criteria]
        out.append("")
    if diff.unchanged:
        out += [f"_{len(diff.unchanged)} expectation(s) in both levels, unchanged._", ""]
    return "\n".join(out)


def _md_area(item: DiffItem) -> str:
    return f"**{markdown_text(item.area)}:** " if item.area else ""


def _change_area(change: Change) -> str:
    """The area of a pair: ``Ticket Management → Regional Responsibilities`` when it moved."""
    old, new = change.before.area, change.after.area
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or ""


def _md_item(item: DiffItem, side: Level) -> list[str]:
    origin = _origin(item, side)
    where = f" _{markdown_text(origin.strip())}_" if origin else ""
    lines = [f"- {markdown_code(item.id)} {_md_area(item)}{markdown_text(item.text)}{where}"]
    return lines + _md_group(item.expectation)


def _md_change(change: Change, same: bool) -> list[str]:
    area = _change_area(change)
    head = (f"- {markdown_code(change.before.id)} → {markdown_code(change.after.id)} "
            f"{f'**{markdown_text(area)}:** ' if area else ''}")
    if same:
        return [head + markdown_text(change.after.text)]
    words = []
    for op in change.words:
        text = markdown_text(op.text)
        words.append(text if op.op == "equal" else f"~~{text}~~" if op.op == "delete" else f"**{text}**")
    return [head + " ".join(words)] + _md_group(change.after.expectation)


# ---------------------------------------------------------------- json and the registry


def render_json(diff: Diff) -> str:
    """The diff as a JSON document (see diff.diff_to_dict for the keys)."""
    from ladder.render.data import document

    return document(diff_to_dict(diff)) + "\n"


class DiffText(Renderer):
    """Colour on a terminal (rich), plain markers and [-old-] {+new+} words elsewhere."""

    def one(self, value: Diff, **context: Any) -> None:
        from ladder.render.terminal import wants_plain

        if wants_plain(self.out):
            render_plain(value, self.out)
            return
        from rich.console import Console

        render_text(value, Console(file=self.out, highlight=False, emoji=False))


class DiffMarkdown(Renderer):
    def one(self, value: Diff, **context: Any) -> None:
        self.out.write(render_markdown(value) + "\n")


class DiffJson(Renderer):
    def one(self, value: Diff, **context: Any) -> None:
        self.out.write(render_json(value))
