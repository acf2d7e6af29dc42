"""Publish a framework: a static HTML site (Jinja2, autoescaped) or Markdown.

Pure functions return {relative path: text}; only `write_tree` touches the disk,
and it swaps a finished directory into place so a failed export leaves the old one intact.
Output is deterministic: the same framework gives byte-identical files.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ladder.errors import _CONTROLS, UsageError
from ladder.logic.show import level_view, overview
from ladder.logic.wording import criterion_label
from ladder.models.framework import Area, Expectation, Framework, Level, Track
from ladder.models.queries import is_matrix, own_items, track_levels
from ladder.render.base import Renderer
from ladder.render.markdown import markdown_text as md
from ladder.signatures import MADE_BY_EXPORT
from ladder.write.tree import write_tree  # noqa: F401  (re-exported: the tree writer lives in write/tree.py)

if TYPE_CHECKING:
    from jinja2 import Environment

    from ladder.logic.scoring import Result

_HTML_VISIBLE = {code: text for code, text in _CONTROLS.items() if code not in (0x09, 0x0A, 0x0D)}


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        # Data text shows bidi overrides, zero-width and control characters as escapes, as every
        # output does (so "\u202e" cannot reverse what a reader sees); line breaks stay, HTML folds them.
        return value.translate(_HTML_VISIBLE) if type(value) is str and not isinstance(value, Markup) else value

    env = Environment(
        loader=PackageLoader("ladder.render", "templates"),
        finalize=finalize,
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Autoescaping does not stop a javascript: URL in an href; only web links become links.
    env.tests["web_url"] = lambda url: isinstance(url, str) and url.startswith(("https://", "http://"))
    return env


def compare_pairs(framework: Framework) -> list[tuple[str, str]]:
    """The level pairs the compare page shows: each builds_on link, else neighbours on a track, then parallels."""
    pairs: list[tuple[str, str]] = []
    for track in framework.tracks:
        levels = track_levels(framework, track.id)
        for lower, upper in pairwise(levels):
            pairs.append((upper.builds_on or lower.id, upper.id))
        if levels and levels[0].builds_on:
            pairs.append((levels[0].builds_on, levels[0].id))
    for level in framework.levels:
        for other in level.parallel:
            pairs.append((level.id, other))
    return list(dict.fromkeys(pairs))  # each pair once, in order of first appearance


def compare_entries(framework: Framework) -> list[dict[str, Any]]:
    """Diff data for each compare pair, shaped for the compare page."""
    from ladder.logic.diff import diff_levels, diff_to_dict

    entries = []
    for lo, hi in compare_pairs(framework):
        data = diff_to_dict(diff_levels(framework, framework.level(lo), framework.level(hi)))
        entries.append({
            "anchor": f"{lo}-to-{hi}",
            "from_id": lo, "to_id": hi,
            "from_title": framework.level(lo).title, "to_title": framework.level(hi).title,
            "added": data["added"], "removed": data["removed"],
            "changed": [{"area": c["to"].get("area"), "before": c["from"]["text"], "after": c["to"]["text"]}
                        for c in data["changed"]],
            "criteria": [c["text"] for c in data["criteria"]],
        })
    return entries


def html_site(framework: Framework) -> dict[str, str]:
    """Every page of the static site, keyed by relative path."""
    env = _environment()
    common = {"fw": framework, "has_matrix": is_matrix(framework)}
    pages = {"index.html": env.get_template("index.html.j2").render(root="", view=overview(framework), **common)}
    level_template = env.get_template("level.html.j2")
    for level in framework.levels:
        view = level_view(framework, level.id)
        pages[f"levels/{level.id}.html"] = level_template.render(root="../", view=view, **common)
    if common["has_matrix"] and framework.competencies is not None:  # a matrix always has competencies
        comps = [c for c in framework.competencies.items if c.cells]
        levels = sorted(framework.levels, key=lambda lvl: lvl.order)
        pages["competencies.html"] = env.get_template("competencies.html.j2").render(
            root="", competencies=comps, levels=levels, **common)
    pages["compare.html"] = env.get_template("compare.html.j2").render(
        root="", diffs=compare_entries(framework), **common)
    return pages


def _bullets(expectations: list[Expectation], depth: int = 0) -> list[str]:
    """Expectations as bullets; a group's items are nested under it, joined by its connective, and then the
    expectation's examples, each a nested bullet ``- *Example:* text``."""
    lines = []
    pad = "  " * depth
    for exp in expectations:
        lines.append(f"{pad}- {md(exp.text)}")
        if exp.group is not None:
            # Items with no joining bullet read back as "all of them", so only an "any" group needs a word
            # the source did not give.
            joiner = exp.group.connective or ("OR" if exp.group.satisfied_by == "any" else None)
            for index, item in enumerate(exp.group.items):
                if index and joiner:
                    lines.append(f"{pad}  - {md(joiner)}")
                lines += _bullets([item], depth + 1)
        lines += [f"{pad}  - *Example:* {md(example)}" for example in exp.examples]
    return lines


def _cell(text: str) -> str:
    return md(text)  # '|' is escaped and line breaks folded, so a cell stays one cell


def _paragraphs(text: str) -> list[str]:
    """A text as Markdown paragraphs, each followed by a blank line: blank lines in it part paragraphs
    (the importer joins a summary's paragraphs with one), other line breaks are folded to spaces."""
    parts = [md(part) for part in re.split(r"\n[ \t]*\n", text)]
    return [line for part in parts if part for line in (part, "")]


def _area_heading(area: Area) -> str:
    """``01 — Name``, or the name alone when the area has no number (an unnamed area has no heading)."""
    return f"{md(area.number)} — {md(area.name)}" if area.number else md(area.name)


def _facts(level: Level) -> str:
    """The facts line: ``*Rank 3. Builds on s2. Parallel to m3, x3.*`` (the rank always, the others when set)."""
    facts = [f"Rank {level.order}."]
    if level.builds_on:
        facts.append(f"Builds on {md(level.builds_on)}.")
    if level.parallel:
        facts.append(f"Parallel to {', '.join(md(other) for other in level.parallel)}.")
    return f"*{' '.join(facts)}*"


def level_markdown(framework: Framework, level: Level, heading: str = "###") -> list[str]:
    """One level as Markdown: heading with id and title, summary, facts line (rank, builds on, parallel),
    criteria line, areas with bullets."""
    lines = [f"{heading} {md(level.id)} — {md(level.title)}", ""]
    if level.summary:
        lines += _paragraphs(level.summary)
    if level.no_content:
        lines += [f"*{md(level.no_content)}*", ""]
    lines += [_facts(level), ""]
    if level.criteria:
        described = "; ".join(f"{md(label)}: {md(value)}" for label, value in map(criterion_label, level.criteria))
        lines += [f"*Criteria: {described}*", ""]
    # Bullets after an area heading belong to that area, so the unnamed area's bullets go first.
    for area in sorted(level.areas, key=lambda area: area.name is not None):
        if area.name is not None:
            lines += [f"{heading}# {_area_heading(area)}", ""]
        lines += _bullets(area.expectations) + [""]
    return lines


def matrix_markdown(framework: Framework) -> list[str]:
    """The competency matrix as a pipe table: header row = levels (``id — title``, as their headings name
    them), first column = competency; a cell the row does not have is empty."""
    levels = sorted(framework.levels, key=lambda lvl: lvl.order)
    header = " | ".join(f"{md(lvl.id)} — {md(lvl.title)}" for lvl in levels)
    lines = ["## Competency matrix", "", f"| Competency | {header} |", "|---" * (len(levels) + 1) + "|"]
    comps = framework.competencies.items if framework.competencies else []  # called for a matrix only
    for comp in comps:
        if comp.cells:
            cells = [_cell(cell.text) if (cell := comp.cell(lvl.id)) else "" for lvl in levels]
            lines.append(f"| {_cell(comp.name)} | " + " | ".join(cells) + " |")
    return lines + [""]


def principles_markdown(framework: Framework) -> list[str]:
    """Principles as bullets under "## heading", one heading per run of principles that share it."""
    lines: list[str] = []
    current = None
    for principle in framework.principles:
        # the importer reads text under a heading before the first track as principles with that heading;
        # a principle without one comes back under "Principles"
        heading = principle.heading or "Principles"
        if heading != current:
            lines += ([""] if lines else []) + [f"## {md(heading)}", ""]
            current = heading
        lines.append(f"- {md(principle.text)}")
    return lines + [""] if lines else []


def track_markdown(framework: Framework, track: Track) -> list[str]:
    """One track: ``## name``, the line ``*Track id: id.*`` (so the id survives), its description, its levels."""
    lines = [f"## {md(track.name)}", "", f"*Track id: {md(track.id)}.*", ""]
    if track.description:
        lines += _paragraphs(track.description)
    for level in track_levels(framework, track.id):
        lines += level_markdown(framework, level)
    return lines


def markdown_document(framework: Framework) -> str:
    """The whole framework as one Markdown document, in the shape `ladder import` reads back: title,
    description, principles, each track with its levels, then the competency matrix if there is one."""
    lines = [f"{MADE_BY_EXPORT} from the framework file; edit that and export again -->", "",
             f"# {md(framework.organisation)} — {md(framework.name)}", ""]
    lines += [line for paragraph in framework.description for line in (md(paragraph), "")]
    lines += principles_markdown(framework)
    for track in framework.tracks:
        lines += track_markdown(framework, track)
    if is_matrix(framework):
        lines += matrix_markdown(framework)
    lines.append(f"*Source: {md(framework.source.title)}.*")
    return "\n".join(lines).rstrip() + "\n"


def markdown_tree(framework: Framework) -> dict[str, str]:
    """A Markdown directory: README.md (the whole framework) plus one page per level."""
    files = {"README.md": markdown_document(framework)}
    for level in framework.levels:
        lines = level_markdown(framework, level, heading="#")
        if not level.areas:
            lines += [f"- {md(item.area)}: {md(item.text)}" for item in own_items(framework, level)]
        files[f"levels/{level.id}.md"] = "\n".join(lines).rstrip() + "\n"
    return files


VIEW_COLOURS = {"self": "#2457a5", "manager": "#d9822b"}


def score_chart(data: dict[str, Any]) -> dict[str, Any]:
    """Geometry of the per-level bar chart: one bar per view per level, a threshold line."""
    left, scale, bar = 170, 420, 14
    views = list(data["views"].items())
    levels = views[0][1]["levels"] if views else []
    rows, y = [], 0
    for index, level in enumerate(levels):
        bars = []
        for offset, (name, view) in enumerate(views):
            percent = view["levels"][index]["percent"]  # None: the level has nothing to rate (no content)
            bars.append({"view": name, "y": y + offset * (bar + 2),
                         "width": 0 if percent is None else round(percent * scale, 1),
                         "text": "nothing to rate" if percent is None else f"{round(percent * 100)}%",
                         "colour": VIEW_COLOURS.get(name, "#2457a5")})
        label = level["title"]
        rows.append({"label": label if len(label) <= 26 else label[:25] + "…", "y": y, "bars": bars})
        y += len(views) * (bar + 2) + 10
    return {"rows": rows, "left": left, "bar": bar, "width": left + scale + 120, "height": y + 20,
            "threshold_x": left + round(data["threshold"] * scale, 1), "split": data["split"],
            "colours": VIEW_COLOURS}


def assessment_html(data: dict[str, Any]) -> str:
    """A self-contained one-page HTML report of one assessment result (the JSON data of `assess`)."""
    deciding = data["views"].get(data["by"]) or next(iter(data["views"].values()))
    criteria = [c for level in deciding["levels"] for c in level["criteria"]]
    return _environment().get_template("assessment.html.j2").render(
        r=data, chart=score_chart(data), criteria=criteria, demonstrated_title=deciding["demonstrated_title"])


class AssessmentReport(Renderer):
    """`assess FILE --format html`: the one-page report of one assessment."""

    def one(self, value: Result, **context: Any) -> None:
        from ladder.render.assess import result_dict

        self.out.write(assessment_html(result_dict(value)))


class HtmlSite(Renderer):
    """`export --format html`: a static site, a directory of pages (``files``); it has no one-stream form."""

    def one(self, value: Framework, **context: Any) -> None:
        raise UsageError("--format html needs an output directory", "add -o DIR")

    def files(self, value: Framework) -> dict[str, str]:
        return html_site(value)


class MarkdownExport(Renderer):
    """`export --format markdown`: one document (stdout or FILE.md), or a directory of pages (``files``)."""

    def one(self, value: Framework, **context: Any) -> None:
        self.out.write(markdown_document(value))

    def files(self, value: Framework) -> dict[str, str]:
        return markdown_tree(value)
