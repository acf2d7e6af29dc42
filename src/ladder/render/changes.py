"""Renderers for `ladder changes`, one per --format (render.registry).

Text and Markdown are made from the same sections (``sections``): the framework-wide changes
(tracks, competencies, principles), then one section per level, in the new version's order (a
removed level where it stood). A section is lines of chunks, each chunk a kind (``head``, ``id``,
``area``, ``text``, ``note``, ``words``) and its text; every chunk's text is escaped by the output's
one rule (terminal ``escape``, ``markdown_text`` / ``markdown_code``), renderer-made words included,
so nothing from a file can become markup.

Markdown is for a pull-request comment: a headline and the counts, then each section folded in a
``<details>`` block. The ``<summary>`` line is raw HTML inside the block (GitHub does not read
Markdown there), so its text is written with character references for every character that could
be markup in HTML or Markdown: whichever way it is read, it is text, and no ``</details>`` in data
can close the block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ladder.errors import _CONTROLS
from ladder.logic.changes import Changes, FieldChange, LevelEntry, Paragraph, changes_to_dict
from ladder.logic.diff import WordOp, word_diff
from ladder.logic.units import Unit
from ladder.models.framework import Framework, Level
from ladder.render.base import Renderer
from ladder.render.markdown import markdown_code, markdown_text


class Chunk(NamedTuple):
    """A piece of a line: ``kind`` says how it is styled, ``text`` is shown escaped (``words``: WordOps)."""

    kind: str
    text: Any


class Line(NamedTuple):
    """One entry: its marker (+ added, − removed, → moved, ~ changed), its depth under the entry above, its chunks."""

    marker: str
    chunks: tuple[Chunk, ...]
    depth: int = 0


class Section(NamedTuple):
    """The lines of one level (or of the framework as a whole, ``level`` None) and its title."""

    title: str
    level: Level | None
    lines: tuple[Line, ...]


def headline(changes: Changes) -> str:
    """``whatfix: Whatfix Career Framework, a.yaml → b.yaml``."""
    new = changes.new
    files = f", {changes.from_file} → {changes.to_file}" if changes.from_file or changes.to_file else ""
    return f"{new.id}: {new.name}{files}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}"


def summary_parts(changes: Changes) -> list[tuple[str, str]]:
    """(part, counts) of what changed, e.g. ("expectations", "1 added, 2 reworded, 57 unchanged")."""
    lv, ex, co, tr, pr = changes.levels, changes.expectations, changes.competencies, changes.tracks, changes.principles
    parts = []
    levels = [(len(lv.added), "added"), (len(lv.removed), "removed"), (len(lv.renamed), "renamed"),
              (len(lv.reranked), "re-ranked"), (len(lv.moved), "moved to another track"),
              (len(lv.changed), "other field(s) changed")]
    if any(n for n, _ in levels):
        parts.append(("levels", ", ".join(_count(n, w) for n, w in levels if n)))
    moves = [(len(ex.added), "added"), (len(ex.removed), "removed"), (len(ex.moved), "moved"),
             (len(ex.reworded), "reworded")]
    parts.append(("expectations", ", ".join([_count(n, w) for n, w in moves if n] + [f"{ex.unchanged} unchanged"])))
    if changes.criteria:
        parts.append(("criteria", f"{len(changes.criteria)} changed"))
    comps = [(len(co.added), "added"), (len(co.removed), "removed"), (len(co.renamed), "renamed"),
             (len(co.changed), "field(s) changed"), (int(co.scale is not None), "scale changed")]
    if any(n for n, _ in comps):
        parts.append(("competencies", ", ".join(_count(n, w) if w != "scale changed" else w for n, w in comps if n)))
    tracks = [(len(tr.added), "added"), (len(tr.removed), "removed"), (len(tr.changed), "field(s) changed")]
    if any(n for n, _ in tracks):
        parts.append(("tracks", ", ".join(_count(n, w) for n, w in tracks if n)))
    principles = [(len(pr.added), "added"), (len(pr.removed), "removed"), (len(pr.reworded), "reworded")]
    if any(n for n, _ in principles):
        parts.append(("principles", ", ".join(_count(n, w) for n, w in principles if n)))
    return parts


def no_changes(changes: Changes) -> str:
    """What is said when nothing changed."""
    return f"No changes: {changes.expectations.unchanged} expectation(s), the levels and their criteria are the same."


# ---------------------------------------------------------------- sections


def level_title(level: Level, framework: Framework) -> str:
    """``Individual contributor › Senior Technical Support Engineer (S2)``."""
    tracks = {t.id: t.name for t in framework.tracks}
    track = tracks.get(level.track, level.track)
    name = level.title if level.id.casefold() == level.title.casefold() else f"{level.title} ({level.id})"
    return f"{track} › {name}" if len(framework.tracks) > 1 else name


def sections(changes: Changes) -> list[Section]:
    """The framework-wide section (if anything changed there), then one per level that changed."""
    lines: dict[tuple[str, str], list[Line]] = {}  # ("new" | "old", level id) -> lines

    def at(side: str, level_id: str) -> list[Line]:
        return lines.setdefault((side, level_id), [])

    new_of = changes.level_ids
    lv, ex = changes.levels, changes.expectations
    for entry in lv.added:
        at("new", entry.level.id).extend(_level_entry("+", "level added", entry))
    for entry in lv.removed:
        at("old", entry.level.id).extend(_level_entry("−", "level removed", entry))
    for pair in lv.renamed:
        at("new", pair.after.id).append(Line("~", (Chunk("head", "renamed:"), Chunk("text", _renaming(pair.before,
                                                                                                    pair.after)))))
    for pair in lv.reranked:
        at("new", pair.after.id).append(Line("~", (Chunk("head", "re-ranked:"),
                                                   Chunk("text", f"order {pair.before.order} → {pair.after.order}"))))
    for pair in lv.moved:
        at("new", pair.after.id).append(Line("→", (Chunk("head", "moved to another track:"),
                                                   Chunk("text", f"{pair.before.track} → {pair.after.track}"))))
    for field in lv.changed:
        at("new", field.owner).append(_field_line(field))
    for crit in changes.criteria:
        cc = crit.change
        marker = "+" if cc.before is None else "−" if cc.after is None else "~"
        advisory = " (advisory)" if cc.advisory else ""
        at("new", crit.level.id).append(Line(marker, (Chunk("head", "criterion:"),
                                                      Chunk("text", cc.text + advisory))))
    for unit in ex.added:
        at("new", unit.level).append(_unit_line("+", unit))
    for unit in ex.removed:
        at("new", new_of[unit.level]).append(_unit_line("−", unit))
    for moved in ex.moved:
        before, after = moved.before, moved.after
        ids = before.id if before.id == after.id else f"{before.id} → {after.id}"
        where = _where(before, changes) if _where(before, changes) != _where(after, changes) else "same place, new id"
        at("new", after.level).append(Line("→", (Chunk("id", ids), *_area(after), Chunk("text", after.text),
                                                 Chunk("note", f"(moved from {where})" if where != "same place, new id"
                                                       else f"({where})"))))
    for rew in ex.reworded:
        change = rew.change
        ids = rew.before.id if rew.before.id == rew.after.id else f"{rew.before.id} → {rew.after.id}"
        notes = []
        if change.basis == "similarity":
            notes.append(f"similarity {change.similarity:.2f}")
        if rew.moved:
            notes.append(f"moved from {_where(rew.before, changes)}")
        if rew.rule:
            notes.append(f"rule {rew.rule[0]} → {rew.rule[1]}")
        chunks = [Chunk("id", ids), *_area(rew.after), Chunk("words", change.words)]
        if notes:
            chunks.append(Chunk("note", f"({'; '.join(notes)})"))
        at("new", rew.after.level).append(Line("~", tuple(chunks)))

    out = []
    framework = _framework_lines(changes)
    if framework:
        out.append(Section("Framework", None, tuple(framework)))
    for side, level, framework_of in _level_order(changes):
        found = lines.get((side, level.id))
        if found:
            out.append(Section(level_title(level, framework_of), level, tuple(found)))
    return out


def _level_order(changes: Changes) -> list[tuple[str, Level, Framework]]:
    """Every level of the new version, then the removed ones, by track (the new order first) and rank."""
    tracks = [t.id for t in changes.new.tracks] + [t.id for t in changes.old.tracks
                                                    if t.id not in {n.id for n in changes.new.tracks}]
    removed = {entry.level.id for entry in changes.levels.removed}
    levels = [("new", lvl, changes.new) for lvl in changes.new.levels]
    levels += [("old", lvl, changes.old) for lvl in changes.old.levels if lvl.id in removed]

    def key(entry: tuple[str, Level, Framework]) -> tuple[int, int, int]:
        side, lvl, _ = entry
        track = tracks.index(lvl.track) if lvl.track in tracks else len(tracks)
        return track, lvl.order, side == "old"

    return sorted(levels, key=key)


def _renaming(before: Level, after: Level) -> str:
    if before.id == after.id:
        return f"{before.title} → {after.title}"
    return f"{before.title} ({before.id}) → {after.title} ({after.id})"


def _field_line(field: FieldChange) -> Line:
    if field.field == "area":
        return Line("~", (Chunk("head", "area renamed:"), Chunk("text", _arrow(field))))
    if field.field in ("summary", "no_content", "description") and field.before and field.after:
        return Line("~", (Chunk("head", f"{field.field}:"), Chunk("words", word_diff(field.before, field.after))))
    return Line("~", (Chunk("head", f"{field.field}:"), Chunk("text", _arrow(field))))


def _arrow(field: FieldChange) -> str:
    return f"{field.before or '—'} → {field.after or '—'}"


def _area(unit: Unit) -> tuple[Chunk, ...]:
    return (Chunk("area", unit.area),) if unit.area else ()


def _where(unit: Unit, changes: Changes) -> str:
    """Where an expectation was: ``S1, Ticket Resolution``; an item of a group, ``group 4.4``."""
    if unit.parent is not None:
        return f"group {unit.parent}"
    return f"{unit.level}, {unit.area}" if unit.area else unit.level


def _unit_line(marker: str, unit: Unit, depth: int = 0) -> Line:
    chunks = [Chunk("id", unit.id), *_area(unit), Chunk("text", unit.text)]
    if unit.parent is not None:
        chunks.append(Chunk("note", f"(in group {unit.parent})"))
    return Line(marker, tuple(chunks), depth)


def _group_lines(marker: str, unit: Unit, depth: int) -> list[Line]:
    group = unit.expectation.group
    if group is None:
        return []
    how = "all of" if group.satisfied_by == "all" else "any of"
    out = [Line(marker, (Chunk("note", f"{how} ({group.connective}):" if group.connective else f"{how}:"),), depth)]
    for sub in group.items:
        out.append(Line(marker, (Chunk("id", sub.id), Chunk("text", sub.text)), depth + 1))
    return out


def _level_entry(marker: str, head: str, entry: LevelEntry) -> list[Line]:
    from ladder.logic.wording import criterion_label

    level = entry.level
    about = f"{level.title}, track {level.track}, order {level.order}"
    if level.builds_on:
        about += f", builds on {level.builds_on}"
    out = [Line(marker, (Chunk("head", head + ":"), Chunk("text", about),
                         Chunk("note", f"({len(entry.units)} expectation(s))")))]
    for criterion in level.criteria:
        out.append(Line(marker, (Chunk("head", "criterion:"), Chunk("text", ": ".join(criterion_label(criterion)))), 1))
    for unit in entry.units:
        out.append(_unit_line(marker, unit, 1))
        out += _group_lines(marker, unit, 2)
    return out


def _framework_lines(changes: Changes) -> list[Line]:
    tr, co, pr = changes.tracks, changes.competencies, changes.principles
    out = []
    for track in tr.added:
        out.append(Line("+", (Chunk("head", "track added:"), Chunk("text", f"{track.name} ({track.id})"))))
    for track in tr.removed:
        out.append(Line("−", (Chunk("head", "track removed:"), Chunk("text", f"{track.name} ({track.id})"))))
    for field in tr.changed:
        out.append(Line("~", (Chunk("head", f"track {field.owner}, {field.field}:"),
                              Chunk("text", f"{field.before or '—'} → {field.after or '—'}"))))
    for marker, head, entries in (("+", "competency added:", co.added), ("−", "competency removed:", co.removed)):
        for comp_entry in entries:
            comp = comp_entry.competency
            out.append(Line(marker, (Chunk("head", head), Chunk("text", f"{comp.name} ({comp.id})"))))
            out += [_unit_line(marker, unit, 1) for unit in comp_entry.units]
    for before, after in co.renamed:
        out.append(Line("~", (Chunk("head", "competency renamed:"),
                              Chunk("text", f"{before.name} ({before.id}) → {after.name} ({after.id})"))))
    for field in co.changed:
        out.append(Line("~", (Chunk("head", f"competency {field.owner}, {field.field}:"),
                              Chunk("text", f"{field.before or '—'} → {field.after or '—'}"))))
    if co.scale:
        out.append(Line("~", (Chunk("head", "competency scale:"),
                              Chunk("text", f"{' >> '.join(co.scale[0]) or '—'} → {' >> '.join(co.scale[1]) or '—'}"))))
    for marker, para_list in (("+", pr.added), ("−", pr.removed)):
        out += [_paragraph_line(marker, para) for para in para_list]
    for change in pr.reworded:
        head = _paragraph_head(change.after)
        if change.before.heading != change.after.heading:
            head = f"{_paragraph_head(change.before)[:-1]} → {change.after.heading or '—'}:"
        out.append(Line("~", (Chunk("head", head), Chunk("words", change.words))))
    return out


def _paragraph_head(para: Paragraph) -> str:
    if para.part == "description":
        return "description:"
    return f"principle {para.heading}:" if para.heading else "principle:"


def _paragraph_line(marker: str, para: Paragraph) -> Line:
    return Line(marker, (Chunk("head", _paragraph_head(para)), Chunk("text", para.text)))


# ---------------------------------------------------------------- text


_COLOURS = {"+": "green", "−": "red", "→": "blue", "~": "yellow"}


def _markup_chunk(chunk: Chunk, rich: bool) -> str:
    from ladder.render.terminal import escape

    if chunk.kind == "words":
        return " ".join(_markup_word(op, rich) for op in chunk.text)
    text = escape(chunk.text)
    if chunk.kind == "area":
        text = f"\\[{text}]" if not rich else f"[cyan]\\[{text}][/cyan]"
    if not rich:
        return text
    style = {"head": "bold", "id": "bold", "note": "dim"}.get(chunk.kind)
    return f"[{style}]{text}[/{style}]" if style else text


def _markup_word(op: WordOp, rich: bool) -> str:
    from ladder.render.terminal import escape

    text = escape(op.text)
    if op.op == "equal":
        return text
    if not rich:
        return f"[-{text}-]" if op.op == "delete" else f"{{+{text}+}}"
    return f"[red strike]{text}[/red strike]" if op.op == "delete" else f"[green bold]{text}[/green bold]"


def text_lines(changes: Changes, rich: bool) -> list[str]:
    """The changes as terminal markup lines (every field escaped); plain markers where ``rich`` is False."""
    from ladder.render.terminal import escape

    bold = ("[bold]", "[/bold]") if rich else ("", "")
    out = [f"{bold[0]}{escape(headline(changes))}{bold[1]}"]
    if changes.is_empty:
        return out + [escape(no_changes(changes))]
    out += [escape(f"{part}: {counts}") for part, counts in summary_parts(changes)]
    if not changes.pairing:
        out.append(escape("(too many expectations vanished and appeared to pair them by wording: "
                          "they are shown as added and removed)"))
    for section in sections(changes):
        out += ["", f"{bold[0]}{escape(section.title)}{bold[1]}"]
        for line in section.lines:
            marker = line.marker if not rich else f"[{_COLOURS[line.marker]}]{line.marker}[/{_COLOURS[line.marker]}]"
            body = " ".join(_markup_chunk(chunk, rich) for chunk in line.chunks)
            out.append(f"{'  ' * (line.depth + 1)}{marker} {body}")
    return out


class ChangesText(Renderer):
    """Colour on a terminal (rich), plain markers and [-old-] {+new+} words elsewhere (rich not imported)."""

    def one(self, value: Changes, **context: Any) -> None:
        from ladder.render.terminal import PlainTerminal, terminal

        term = terminal(self.out)
        term.lines(text_lines(value, rich=not isinstance(term, PlainTerminal)))

    def row(self, value: Any) -> None:
        """One file of a --since batch: its changes in full, or one line saying what it is."""
        from ladder.render.terminal import escape

        if value.changes is not None and value.status == "changed":
            self.one(value.changes)
            self.out.write("\n")
        else:
            self._line(escape(batch_line(value)))

    def finish(self, summary: Any = None) -> None:
        from ladder.render.terminal import escape

        if summary is not None:
            self._line(escape(batch_summary(summary)))

    def _line(self, markup: str) -> None:
        from ladder.render.terminal import terminal

        terminal(self.out).lines([markup])


def batch_line(entry: Any) -> str:
    """A file of a batch that is not shown in full: ``frameworks/x.yaml: unchanged``."""
    what = {"unchanged": "says the same as before", "added": "added", "removed": "removed",
            "invalid": "not compared"}[entry.status]
    return f"{entry.file}: {what}" + (f" ({entry.message})" if entry.message else "")


def batch_summary(summary: Any) -> str:
    """``4 framework file(s) compared with main: 1 changed, 3 unchanged``."""
    counts = summary.counts
    total = sum(counts.values())
    parts = [f"{counts[k]} {k}" for k in ("changed", "unchanged", "added", "removed", "invalid") if counts.get(k)]
    return f"{total} framework file(s) compared with {summary.since}: {', '.join(parts) or 'none found'}"


# ---------------------------------------------------------------- markdown


# Characters that are markup somewhere in HTML or Markdown, written as character references in <summary>
_SUMMARY = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]<>|~&#!\"'=+-:()."}


def summary_html(text: object) -> str:
    """Text for a ``<summary>`` line: one line (breaks folded, controls shown as escapes), and every
    character that could be markup in HTML or Markdown as a character reference, so it reads as itself
    either way and cannot close the ``<details>``."""
    value = " ".join(str(text).translate(_CONTROLS).split())
    return value.translate(_SUMMARY)


def _md_chunk(chunk: Chunk) -> str:
    if chunk.kind == "words":
        return " ".join(_md_word(op) for op in chunk.text)
    if chunk.kind == "id":
        return " → ".join(markdown_code(part) for part in str(chunk.text).split(" → "))
    text = markdown_text(chunk.text)
    if not text:
        return ""
    return {"head": f"**{text}**", "area": f"**{text}:**", "note": f"_{text}_"}.get(chunk.kind, text)


def _md_word(op: WordOp) -> str:
    text = markdown_text(op.text)
    if op.op == "equal" or not text:
        return text
    return f"~~{text}~~" if op.op == "delete" else f"**{text}**"


def _md_lines(lines: Iterable[Line]) -> list[str]:
    out = []
    for line in lines:
        body = " ".join(part for part in (_md_chunk(chunk) for chunk in line.chunks) if part)
        out.append(f"{'  ' * line.depth}- {markdown_text(line.marker)} {body}")
    return out


def render_markdown(changes: Changes) -> str:
    """The changes as Markdown for a pull-request comment: headline and counts, then one folded section each."""
    out = [f"### {markdown_text(headline(changes))}", ""]
    if changes.is_empty:
        return "\n".join(out + [markdown_text(no_changes(changes)), ""])
    out += [f"- **{markdown_text(part.capitalize())}:** {markdown_text(counts)}"
            for part, counts in summary_parts(changes)]
    if not changes.pairing:
        out.append("- _Too many expectations vanished and appeared to pair them by wording: they are shown as added "
                   "and removed._")
    out.append("")
    for section in sections(changes):
        count = len([line for line in section.lines if line.depth == 0])
        title = f"{section.title}: {count} change{'s' if count != 1 else ''}"
        out += [f"<details><summary>{summary_html(title)}</summary>", ""]
        out += _md_lines(section.lines)
        out += ["", "</details>", ""]
    return "\n".join(out)


class ChangesMarkdown(Renderer):
    """Markdown for a pull request: the counts, then each level's changes folded in <details>."""

    def one(self, value: Changes, **context: Any) -> None:
        self.out.write(render_markdown(value))

    def row(self, value: Any) -> None:
        """One file of a --since batch (a job summary): its changes, or a line saying what it is."""
        if value.changes is not None and value.status == "changed":
            self.one(value.changes)
            self.out.write("\n")
        elif value.status != "unchanged":
            self.out.write(f"- {markdown_text(batch_line(value))}\n\n")

    def finish(self, summary: Any = None) -> None:
        if summary is not None:
            self.out.write(f"_{markdown_text(batch_summary(summary))}_\n")


# ---------------------------------------------------------------- json


class ChangesJson(Renderer):
    """The JSON document of ``logic.changes.changes_to_dict`` (keys in the README, pinned by a test);
    a --since batch is ``{"since", "files": [{"file", "status", "message", "changes"}], "summary"}``."""

    def __init__(self, out: Any, **options: Any) -> None:
        super().__init__(out, **options)
        self.rows: list[dict[str, Any]] = []

    def one(self, value: Changes, **context: Any) -> None:
        from ladder.render.data import document

        self.out.write(document(changes_to_dict(value)) + "\n")

    def row(self, value: Any) -> None:
        self.rows.append({"file": value.file, "status": value.status, "message": value.message or None,
                          "changes": changes_to_dict(value.changes) if value.changes is not None else None})

    def finish(self, summary: Any = None) -> None:
        from ladder.render.data import document

        counts = summary.counts if summary is not None else {}
        self.out.write(document({"since": summary.since if summary is not None else None, "files": self.rows,
                                 "summary": {"files": len(self.rows), **{k: counts.get(k, 0) for k in (
                                     "changed", "unchanged", "added", "removed", "invalid")}}}) + "\n")
