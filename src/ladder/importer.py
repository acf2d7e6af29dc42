"""Pure parsing of ladders written as Markdown, CSV or TSV into a framework.

Text in, a validated Framework out, plus what could not be placed. Markdown is
read as a tree of headings: the depth that names levels comes from level
patterns ("…, level 3", "S3 — Title", "IC2: …") or, failing those, from where
the bullets are; shallower headings holding levels are tracks, deeper ones are
areas, and text before the first level is the description. Pipe tables, CSV and
TSV are competency matrices (header row = levels, first column = competency).
Wording is kept as written; only Markdown syntax (markers, escapes) is removed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from .errors import InvalidFile, Location, Problem, UsageError
from .loader import DEFAULT_MAX_BYTES, format_path, read_text
from .models import Framework

FORMATS = ("md", "csv", "tsv")
SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "md", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv"}
FORMAT_NAMES = {"md": "Markdown", "csv": "CSV", "tsv": "TSV"}
NO_CONTENT = "The source gives no expectations for this level."
# Nested bullets become nested groups, three YAML levels each; ten stay well inside the loader's limit of 64.
MAX_NESTING = 10
SHOWN = 20  # unplaced items listed in the summary
MAX_ITEMS = 20_000  # expectations + matrix cells; the biggest bundled framework has under 100


@dataclass(frozen=True)
class Unplaced:
    """Something in the source that is not part of the framework's structure, and what became of it."""

    line: int
    text: str
    reason: str


@dataclass
class Imported:
    """The result of an import: the framework, what could not be placed, and check warnings."""

    framework: Framework
    format: str
    unplaced: list[Unplaced]
    warnings: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many tracks, levels, areas, expectations, groups, competencies, cells and criteria were found."""
        fw = self.framework
        exps = [e for lvl in fw.levels for a in lvl.areas for e in _walk(a.expectations)]
        comps = [c for c in (fw.competencies.items if fw.competencies else [])]
        return {
            "tracks": len(fw.tracks), "levels": len(fw.levels),
            "areas": sum(len(lvl.areas) for lvl in fw.levels), "expectations": len(exps),
            "groups": sum(e.group is not None for e in exps), "competencies": len(comps),
            "cells": sum(len(c.cells) for c in comps), "criteria": sum(len(lvl.criteria) for lvl in fw.levels),
        }


# ---------------------------------------------------------------- entry points


def detect_format(path: Union[str, Path], override: Optional[str] = None) -> str:
    """The input format: ``override`` if given, else from the file extension; UsageError when unknown."""
    if override:
        if override not in FORMATS:
            raise UsageError(f"unknown input format '{override}'", f"use one of {', '.join(FORMATS)}")
        return override
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError(f"cannot tell the format of '{path}' from its extension",
                         "pass --from md, --from csv or --from tsv")
    return fmt


def import_file(path: Union[str, Path], fmt: Optional[str] = None, org: Optional[str] = None,
                name: Optional[str] = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Imported:
    """Read a file (through loader.read_text: size, binary and encoding checks) and import it."""
    if not Path(path).exists():
        raise UsageError(f"no such file '{path}'", "check the path")
    fmt = detect_format(path, fmt)
    try:
        text = read_text(path, max_bytes)
    except InvalidFile as exc:
        # loader words its messages for YAML; the checks are the same for any text file.
        problems = [Problem(p.location, p.message.replace("a YAML text file", "a text file")
                            .replace("a YAML file", "a file"), p.severity, p.rule) for p in exc.problems]
        raise InvalidFile(problems[0].message, problems=problems) from None
    return import_text(text, str(path), fmt, org, name)


def import_text(text: str, file: str, fmt: str, org: Optional[str] = None, name: Optional[str] = None) -> Imported:
    """Parse text in format md, csv or tsv into a validated framework; InvalidFile (located) on bad input."""
    from pydantic import ValidationError

    from .checks import check_framework

    if org is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}", org):
        raise UsageError(f"--org '{org}' is not a valid id", "use letters, digits, '.', '_' and '-'")
    if not text.strip():
        raise InvalidFile("file is empty, expected a ladder", Location(file, 1, 1))
    parsed = parse_markdown(text, file) if fmt == "md" else parse_delimited(text, file, _delimiter(text, fmt))
    _check_size(parsed, file)
    data = build(parsed, file, fmt, org, name)
    try:
        model = Framework.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = Location(file, 0, 0, format_path(tuple(error["loc"])))
        raise InvalidFile(f"could not build a valid framework: {error['msg']}", where) from None
    problems = check_framework(model, lambda path: Location(file, 0, 0, format_path(path)))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidFile(errors[0].message, problems=errors)
    return Imported(model, fmt, parsed.unplaced, [p for p in problems if p.severity == "warning"])


def _check_size(parsed: Parsed, file: str) -> None:
    """Refuse a source with more expectations and cells than any ladder has (the output would not load)."""
    lines = sorted([b.line for lvl in parsed.levels for a in lvl.areas for b in _flatten(a.bullets)]
                   + [row.line for row in parsed.rows for _ in row.cells])
    if len(lines) > MAX_ITEMS:
        raise InvalidFile(f"more than {MAX_ITEMS:,} expectations and matrix cells", Location(file, lines[MAX_ITEMS], 1),
                          "a ladder never needs this many; split the file")


def _delimiter(text: str, fmt: str) -> str:
    if fmt == "tsv":
        return "\t"
    lines = [line for line in text.splitlines() if line.strip()][:20]
    # spreadsheets in some locales save "CSV" with semicolons
    return ";" if sum(";" in line for line in lines) > sum("," in line for line in lines) else ","


def describe(result: Imported, file: str) -> str:
    """A short human summary of an import, for stderr."""
    c = result.counts()
    kinds: dict[str, int] = {}
    for level in result.framework.levels:
        for crit in level.criteria:
            kinds[crit.kind] = kinds.get(crit.kind, 0) + 1
    by_kind = f" ({', '.join(f'{k} {n}' for k, n in kinds.items())})" if kinds else ""
    lines = [f"{file}: read as {FORMAT_NAMES[result.format]}: {c['tracks']} track(s), {c['levels']} level(s), "
             f"{c['areas']} area(s), {c['expectations']} expectation(s), {c['groups']} group(s), "
             f"{c['competencies']} competency row(s) with {c['cells']} cell(s), {c['criteria']} typed criteria"
             f"{by_kind}."]
    if result.unplaced:
        lines.append(f"Not placed as structure ({len(result.unplaced)}):")
        lines += [f"  {file}:{u.line}:1: {u.reason}: {_short(u.text)}" for u in result.unplaced[:SHOWN]]
        lines += [f"  … and {len(result.unplaced) - SHOWN} more (all are listed in the framework's notes)"] * (
            len(result.unplaced) > SHOWN)
    lines += [f"  {p}" for p in result.warnings]
    return "\n".join(lines)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# ---------------------------------------------------------------- parsed form


@dataclass(eq=False)
class Bullet:
    """A list item with its nested items."""

    text: str
    line: int
    children: list["Bullet"] = field(default_factory=list)


@dataclass(eq=False)
class Track:
    """A track as found: None as name means the default track, named after the framework."""

    name: Optional[str]
    description: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Area:
    name: Optional[str]
    line: int
    bullets: list[Bullet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    number: Optional[str] = None


@dataclass(eq=False)
class Level:
    """A level as found, before ids are settled."""

    wanted: str
    title: str
    track: Track
    line: int
    aliases: list[str] = field(default_factory=list)
    numbered: bool = False
    from_table: bool = False
    summary: list[str] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    no_content: Optional[str] = None
    builds_on: Optional[str] = None
    parallel: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Row:
    """A competency-matrix row."""

    name: str
    group: Optional[str]
    line: int
    cells: list[tuple[Level, str]] = field(default_factory=list)
    description: Optional[str] = None
    table: int = 0


@dataclass
class Parsed:
    """Everything read from the source, in source order."""

    title: Optional[str] = None
    source_title: Optional[str] = None
    description: list[str] = field(default_factory=list)
    principles: list[tuple[Optional[str], str]] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    rows_by_name: dict[tuple[Optional[str], str], dict[int, list[Row]]] = field(default_factory=dict)
    levels_by_id: dict[str, list[Level]] = field(default_factory=dict)

    def track(self, name: Optional[str]) -> Track:
        """The track of that name, created on first use."""
        for track in self.tracks:
            if track.name == name:
                return track
        self.tracks.append(Track(name))
        return self.tracks[-1]

    def add_level(self, heading: str, track: Track, line: int, from_table: bool = False) -> Level:
        """A level read from a heading or a table column; table columns reuse a level with the same id."""
        wanted, title, aliases, numbered = level_heading(heading) or (_level_slug(heading, self), plain(heading), [], False)
        if from_table:
            for level in self.levels_by_id.get(wanted, []):
                if not level.from_table or level.track is track:
                    return level
        level = Level(wanted, title, track, line, aliases, numbered, from_table)
        self.levels.append(level)
        self.levels_by_id.setdefault(wanted, []).append(level)
        return level


def _level_slug(heading: str, parsed: Parsed) -> str:
    return slug(_name_part(plain(heading))) or slug(plain(heading)) or f"level-{len(parsed.levels) + 1}"


def _name_part(title: str) -> str:
    """The name before a qualifier: 'Beginner (After Onboarding)' -> 'Beginner', 'Lead - Support' -> 'Lead'."""
    return re.split(r"\s+\(|\s+[-–—]\s+|,\s|:\s", title, maxsplit=1)[0]


# ---------------------------------------------------------------- text helpers


_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BR = re.compile(r"<br\s*/?>", re.I)
_LINK = re.compile(r"!?\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_WRAP = re.compile(r"(\*\*|__|\*|_|`)(\S.*?)\1")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def clean(text: str) -> str:
    """Markdown inline text as plain text: links as their text, escapes undone, <br> as a line break."""
    return _ESCAPE.sub(r"\1", _BR.sub("\n", _LINK.sub(r"\g<label>", text))).strip()


def plain(text: str) -> str:
    """A name or heading without wrapping emphasis (**Name**) or a trailing colon."""
    text = text.strip()
    while (m := _WRAP.fullmatch(text)) is not None:
        text = m.group(2).strip()
    return text[:-1].rstrip() if text.endswith(":") and len(text) > 1 else text


def slug(text: str, limit: int = 32) -> str:
    """A lower-case ASCII id fragment: 'Product/Technical Knowledge' -> 'product-technical-knowledge'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] if "-" in out[:limit] else out[:limit]
    return out


_NUMERAL = r"(?P<n>\d{1,3}[A-Za-z]?|[IVX]{1,5})"
_CODE = r"(?P<code>[A-Z]{1,4}\d{1,2}[a-z]?)"
_LEVEL_PATTERNS = [
    # "S3 — Principal Engineer" (ladder's own export) and "IC3: Senior Engineer", "L2 - Engineer"
    (re.compile(r"(?P<id>[A-Za-z0-9][A-Za-z0-9_.\-]{0,23})\s+—\s+(?P<title>\S.*)"), False),
    (re.compile(_CODE + r"(?:\s*(?:[:–—]|\s-)\s*(?P<title>\S.*))?"), False),
    # "Level 3: Senior Engineer", "Senior Engineer, level 3", "Senior Engineer (L3)"
    (re.compile(r"(?i:level)\s+" + _NUMERAL + r"(?:\s*[:.)\-–—]\s*(?P<title>\S.*))?"), True),
    (re.compile(r"(?P<title>\S.*?)\s*(?:,|\(|[-–—:])?\s*\b(?i:level)\s+" + _NUMERAL + r"\)?"), True),
    (re.compile(r"(?P<title>\S.*?)\s*(?:\(" + _CODE + r"\)|[-–—:,]\s*" + _CODE.replace("code", "code2") + ")"), False),
]


def level_heading(text: str) -> Optional[tuple[str, str, list[str], bool]]:
    """(id, title, aliases, numbered) for a heading that names a level by number or code; None otherwise."""
    heading = plain(text)
    for pattern, numbered in _LEVEL_PATTERNS:
        m = pattern.fullmatch(heading)
        if m:
            groups = m.groupdict()
            ident = groups.get("id") or groups.get("n") or groups.get("code") or groups.get("code2")
            title = (groups.get("title") or "").strip()
            if not title:
                return ident, heading, [], numbered
            return ident, title, ([heading] if pattern is not _LEVEL_PATTERNS[0][0] else []), numbered
    return None


_CONNECTIVE = re.compile(r"\(?(and\s*/\s*or|or|and)\)?[:.]?", re.I)


def is_connective(text: str) -> bool:
    """A bullet that only joins its neighbours: 'AND/OR', 'OR', 'and'."""
    return _CONNECTIVE.fullmatch(plain(text)) is not None


def _connective_word(text: str) -> str:
    return re.sub(r"\s+", "", plain(text).strip("().:").lower())


# ---------------------------------------------------------------- Markdown blocks


@dataclass(eq=False)
class Block:
    kind: str  # heading | para | list | table
    line: int
    text: str = ""
    depth: int = 0
    lines: int = 1
    bullets: list[Bullet] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BULLET = re.compile(r"([ \t]*)(?:[-*+•◦▪‣]|\d{1,9}[.)])[ \t]+(\S.*)")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_DELIM = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r" {0,3}> ?")


def markdown_blocks(text: str, file: str, unplaced: list[Unplaced]) -> list[Block]:
    """Split Markdown into headings, paragraphs, lists and tables; comments and front matter go to unplaced."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = _front_matter(lines, unplaced)
    while i < len(lines):
        line = lines[i]
        if not line.strip() or _THEMATIC.fullmatch(line):
            i += 1
        elif line.lstrip().startswith("<!--"):
            end = next((j for j in range(i, len(lines)) if "-->" in lines[j]), len(lines) - 1)
            unplaced.append(Unplaced(i + 1, " ".join(lines[i:end + 1]), "HTML comment, ignored"))
            i = end + 1
        elif m := _ATX.fullmatch(line):
            blocks.append(Block("heading", i + 1, clean(m.group(2) or ""), len(m.group(1))))
            i += 1
        elif _table_starts(lines, i):
            i = _take_table(lines, i, file, blocks)
        elif _BULLET.fullmatch(line.expandtabs(4)):
            i = _take_list(lines, i, blocks, file)
        elif m := _FENCE.match(line):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(m.group(1))), len(lines))
            blocks.append(Block("para", i + 1, "\n".join(lines[i + 1:end]), lines=end - i))
            i = end + 1
        else:
            i = _take_para(lines, i, blocks)
    return [b for b in blocks if b.kind != "para" or b.text]


def _front_matter(lines: list[str], unplaced: list[Unplaced]) -> int:
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), None)
        if end is not None:
            unplaced.append(Unplaced(1, " ".join(lines[1:end]), "front matter, ignored"))
            return end + 1
    return 0


def _starts_block(line: str, lines: list[str], i: int) -> bool:
    return bool(_ATX.fullmatch(line) or _FENCE.match(line) or _THEMATIC.fullmatch(line)
                or line.lstrip().startswith("<!--") or _table_starts(lines, i))


def _take_para(lines: list[str], i: int, blocks: list[Block]) -> int:
    start, parts = i, []
    while i < len(lines) and lines[i].strip():
        if i > start and (m := _SETEXT.fullmatch(lines[i])):  # before the '---' thematic-break test
            blocks.append(Block("heading", start + 1, clean(" ".join(parts)), 1 if m.group(1)[0] == "=" else 2))
            return i + 1
        if i > start and (_starts_block(lines[i], lines, i) or _BULLET.fullmatch(lines[i].expandtabs(4))):
            break
        parts.append(_QUOTE.sub("", lines[i], count=1).strip())
        i += 1
    blocks.append(Block("para", start + 1, clean(" ".join(parts)), lines=i - start))
    return i


def _take_list(lines: list[str], i: int, blocks: list[Block], file: str) -> int:
    block = Block("list", i + 1)
    stack: list[tuple[int, Bullet]] = []
    while i < len(lines):
        line = lines[i].expandtabs(4)
        if m := _BULLET.fullmatch(line):
            indent, bullet = len(m.group(1)), Bullet(clean(m.group(2)), i + 1)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if len(stack) >= MAX_NESTING:
                raise InvalidFile(f"bullets nested more than {MAX_NESTING} levels deep", Location(file, i + 1, indent + 1),
                                  "a ladder never needs this; flatten the list")
            (stack[-1][1].children if stack else block.bullets).append(bullet)
            stack.append((indent, bullet))
        elif not line.strip():
            nxt = i
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt == len(lines) or not (_BULLET.fullmatch(lines[nxt].expandtabs(4)) or lines[nxt][:1] in " \t"):
                break
            i = nxt
            continue
        elif _starts_block(line, lines, i):
            break
        else:  # a wrapped line (indented or lazy) continues the item above
            stack[-1][1].text = f"{stack[-1][1].text} {clean(line)}".strip()
        i += 1
    blocks.append(block)
    return i


def _table_starts(lines: list[str], i: int) -> bool:
    return ("|" in lines[i] and i + 1 < len(lines) and "|" in lines[i + 1] and "-" in lines[i + 1]
            and _DELIM.fullmatch(lines[i + 1]) is not None)


def _take_table(lines: list[str], i: int, file: str, blocks: list[Block]) -> int:
    header = split_cells(lines[i])
    width = len(split_cells(lines[i + 1]))
    if width != len(header):
        raise InvalidFile(f"table delimiter row has {width} cells, the header row has {len(header)}",
                          Location(file, i + 2, 1), "give every row one cell per column")
    block = Block("table", i + 1, rows=[(i + 1, [c for _, c in header])])
    i += 2
    while i < len(lines) and lines[i].strip() and "|" in lines[i]:
        cells = split_cells(lines[i])
        _check_width(len(cells), len(header), file, i + 1, cells, lines[i])
        block.rows.append((i + 1, [c for _, c in cells]))
        i += 1
    blocks.append(block)
    return i


def _check_width(got: int, want: int, file: str, line: int, cells: list[tuple[int, str]], raw: str) -> None:
    if got != want:
        col = cells[want][0] if got > want else len(raw.rstrip()) + 1
        raise InvalidFile(f"ragged table: this row has {got} cells, the header has {want}",
                          Location(file, line, col), "give every row one cell per column (empty cells are fine)")


_PIPE = re.compile(r"(?<!\\)\|")


def split_cells(line: str) -> list[tuple[int, str]]:
    """The cells of a pipe-table row as (1-based column, text); outer pipes are optional, '\\|' is a pipe."""
    spans, start = [], 0
    for m in _PIPE.finditer(line):
        spans.append((start, line[start:m.start()]))
        start = m.end()
    spans.append((start, line[start:]))
    if line.lstrip().startswith("|"):
        spans = spans[1:]
    if len(spans) > 1 and not spans[-1][1].strip():
        spans = spans[:-1]
    return [(s + len(t) - len(t.lstrip()) + 1, clean(t.replace("\\|", "|"))) for s, t in spans]


# ---------------------------------------------------------------- Markdown structure


@dataclass(eq=False)
class Node:
    """A heading with its direct content and its sub-headings (the root has depth 0 and no title)."""

    title: str
    depth: int
    line: int
    content: list[Block] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)


_SECTION = re.compile(
    r"(?:our |the )?(?:about|introduction|intro|overview|principles?|purpose|faqs?|notes?|resources|references|"
    r"glossary|background|context|values|contents|table of contents|changelog|responsibilities|definitions|"
    r"summary|competency matrix|levels|career levels)|(?:how to|about|frequently asked|appendix|faq)\b.*", re.I)
_META = re.compile(r"\*(?=Builds on|Parallel to)(?:Builds on (?P<b>\S+?)\.\s*)?(?:Parallel to (?P<p>.+?)\.)?\*")
_SOURCE = re.compile(r"\*Source: (?P<title>.+)\.\*")


def parse_markdown(text: str, file: str) -> Parsed:
    """Read Markdown headings, bullets and pipe tables; InvalidFile when no level can be recognised."""
    unplaced: list[Unplaced] = []
    blocks = markdown_blocks(text, file, unplaced)
    links = {m.group("url"): clean(m.group("label")) or m.group("url") for m in _LINK.finditer(text)}
    for attempt in (blocks, _pseudo_headings(blocks)):
        parsed = Parsed(unplaced=list(unplaced), links=[(label, url) for url, label in links.items()])
        if _read_tree(_tree(attempt), parsed, file):
            return parsed
    raise InvalidFile("no recognisable levels: expected level headings followed by bullets, or a table whose "
                      "header row names the levels", Location(file, 1, 1),
                      "give each level a heading ('## Senior Engineer, level 3') with bullets under it, "
                      "or a table with the levels in its header row")


def _tree(blocks: list[Block]) -> Node:
    root = Node("", 0, 0)
    stack = [root]
    for block in blocks:
        if block.kind == "heading":
            node = Node(block.text, block.depth, block.line)
            while stack[-1].depth >= block.depth:
                stack.pop()
            stack[-1].children.append(node)
            stack.append(node)
        else:
            stack[-1].content.append(block)
    return root


def _pseudo_headings(blocks: list[Block]) -> list[Block]:
    """For plain text without usable headings: a one-line paragraph right before a list names a level."""
    out = []
    for k, block in enumerate(blocks):
        one_line = block.kind == "para" and block.lines == 1
        if one_line and k + 1 < len(blocks) and blocks[k + 1].kind == "list":
            out.append(Block("heading", block.line, block.text, 6))
        elif one_line and k == 0 and not any(b.kind == "heading" for b in blocks):
            out.append(Block("heading", block.line, block.text, 1))
        else:
            out.append(block)
    return out


def _has(node: Node, kind: str) -> bool:
    return any(b.kind == kind for b in node.content) or any(_has(c, kind) for c in node.children)


def _is_section(node: Node) -> bool:
    return _SECTION.fullmatch(plain(node.title)) is not None and level_heading(node.title) is None


def _level_depth(nodes: list[Node]) -> tuple[Optional[int], bool]:
    """The tree depth (1 = nodes) of level headings, and whether it comes from level patterns (else bullets)."""
    found: list[tuple[Node, int]] = []

    def visit(children: list[Node], depth: int) -> None:
        for node in children:
            if not _is_section(node):
                found.append((node, depth))
                visit(node.children, depth + 1)

    visit(nodes, 1)
    named = [d for n, d in found if level_heading(n.title) and not _has(n, "table")]
    if named:
        return min(named), True
    layers = sorted({d for n, d in found if _has(n, "list")})
    if not layers:
        return None, False
    # tracks > levels > areas when three layers of headings hold bullets; else levels (> areas)
    return (layers[1] if len(layers) >= 3 else layers[0]), False


def _read_tree(root: Node, parsed: Parsed, file: str) -> bool:
    """Fill parsed from the heading tree; False when it holds neither levels nor tables."""
    nodes, intro = root.children, list(root.content)
    top = nodes[0] if len(nodes) == 1 else None
    # a single top heading over everything is the title, unless it is itself the one level of the file
    if top and (top.children or not (level_heading(top.title) or any(b.kind == "list" for b in top.content))):
        parsed.title = top.title
        intro += nodes[0].content
        nodes = nodes[0].children
    depth, named = _level_depth(nodes)
    if depth is None and not _has(root, "table"):
        return False
    walker = _Walker(parsed, file, depth or 0, named, _table_plan(nodes))
    walker.statements(intro, None, parsed.track(None))
    walker.walk(nodes, 1, parsed.track(None))
    return bool(parsed.levels)


def _table_plan(nodes: list[Node]) -> dict[int, tuple[Optional[str], Optional[str]]]:
    """Each table's (track, group). Tables with the same level columns share a track named by their common
    heading, their own headings naming groups; a table with columns of its own is a track under its heading."""
    found: list[tuple[Block, list[Node]]] = []

    def visit(children: list[Node], chain: list[Node]) -> None:
        for node in children:
            found.extend((b, chain + [node]) for b in node.content if b.kind == "table")
            visit(node.children, chain + [node])

    visit(nodes, [])
    by_columns: dict[tuple[str, ...], list[tuple[Block, list[Node]]]] = {}
    for block, chain in found:
        by_columns.setdefault(tuple(plain(c).casefold() for c in block.rows[0][1][1:]), []).append((block, chain))
    plan: dict[int, tuple[Optional[str], Optional[str]]] = {}
    for tables in by_columns.values():
        common = tables[0][1]
        for _, chain in tables[1:]:
            common = [a for a, b in zip(common, chain) if a is b]
        for block, chain in tables:
            if len(tables) > 1:
                group = chain[-1].title if len(chain) > len(common) else None
                plan[id(block)] = (common[-1].title if common else None, group)
            else:
                plan[id(block)] = (chain[-1].title if chain and len(by_columns) > 1 else None, None)
    return {key: (track and plain(track), group and plain(group)) for key, (track, group) in plan.items()}


class _Walker:
    """Assigns each heading a role (track, level, area, section) and reads its content accordingly."""

    def __init__(self, parsed: Parsed, file: str, level_depth: int, named: bool,
                 table_plan: dict[int, tuple[Optional[str], Optional[str]]]) -> None:
        self.parsed, self.file, self.level_depth, self.named = parsed, file, level_depth, named
        self.table_plan = table_plan

    def is_level(self, node: Node, depth: int) -> bool:
        """A heading at the level depth that names a level, or (after the first level) holds bullets."""
        if depth != self.level_depth or _is_section(node):
            return False
        if level_heading(node.title):
            return True
        if self.named and not self.parsed.levels:
            return False  # headings before the first numbered level are the introduction
        empty = not node.content and not node.children
        return _has(node, "list") or (empty and bool(self.parsed.levels))

    def holds_level(self, node: Node, depth: int) -> bool:
        """The heading is a level or has one below it (so it is a track)."""
        return self.is_level(node, depth) or any(self.holds_level(c, depth + 1) for c in node.children)

    def walk(self, nodes: list[Node], depth: int, track: Track) -> None:
        """Read headings at one depth: levels, tracks holding levels, or sections of text and tables."""
        for node in nodes:
            if self.is_level(node, depth):
                self.level(node, track)
            elif depth < self.level_depth and not _is_section(node) and self.holds_level(node, depth):
                sub = self.parsed.track(plain(node.title))
                self.statements(node.content, None, sub, into=sub.description)
                self.walk(node.children, depth + 1, sub)
            else:
                self.statements(node.content, plain(node.title), track)
                self.walk(node.children, depth + 1, track)

    def statements(self, blocks: list[Block], heading: Optional[str], track: Track,
                   into: Optional[list[str]] = None) -> None:
        """Non-level text: the description (no heading), principles (under a heading) or a track's description."""
        for k, block in enumerate(blocks):
            if block.kind == "table":
                self.table(block, track)
                continue
            if self.source_line(block):
                continue
            bold_lead = k + 1 < len(blocks) and blocks[k + 1].kind == "list" and _WRAP.fullmatch(block.text)
            if block.kind == "para" and block.lines == 1 and bold_lead:
                heading = plain(block.text)  # "**Principles**" over a list works as a heading
                continue
            texts = [block.text] if block.kind == "para" else [b.text for b in _flatten(block.bullets)]
            for text in texts:
                if into is not None:
                    into.append(text)
                elif heading is None:
                    self.parsed.description.append(text)
                else:
                    self.parsed.principles.append((heading, text))

    def source_line(self, block: Block) -> bool:
        """ladder's own export ends with '*Source: title.*': it is the source title, not content."""
        m = _SOURCE.fullmatch(block.text) if block.kind == "para" else None
        if m:
            self.parsed.source_title = m.group("title")
        return m is not None

    def level(self, node: Node, track: Track) -> None:
        """A level heading: summary paragraphs, bullets (an unnamed area), metadata lines, then area headings."""
        level = self.parsed.add_level(node.title, track, node.line)
        unnamed = Area(None, node.line)
        for block in node.content:
            if block.kind == "list":
                unnamed.bullets += block.bullets
            elif block.kind == "table":
                self.table(block, track)
            elif self.source_line(block):
                continue
            elif m := _META.fullmatch(block.text):
                level.builds_on = m.group("b") or level.builds_on
                level.parallel += [p.strip() for p in (m.group("p") or "").split(",") if p.strip()]
            elif unnamed.bullets:
                level.notes.append(block.text)
            else:
                level.summary.append(block.text)
        if unnamed.bullets:
            level.areas += _label_areas(unnamed.bullets) or [unnamed]
        for child in node.children:
            self.areas(child, level)
        if not level.areas and len(level.summary) == 1 and _WRAP.fullmatch(level.summary[0]):
            level.no_content = plain(level.summary.pop())  # ladder's export writes no_content in italics

    def areas(self, node: Node, level: Level) -> None:
        """A heading inside a level is an area; deeper headings are areas of their own."""
        match = re.fullmatch(r"(\d{1,3}) — (.+)", plain(node.title))
        area = Area(match.group(2) if match else plain(node.title), node.line, number=match and match.group(1))
        paragraphs = []
        for block in node.content:
            if block.kind == "list":
                area.bullets += block.bullets
            elif block.kind == "table":
                self.table(block, level.track)
            elif not self.source_line(block):
                paragraphs.append(Bullet(block.text, block.line))
        if area.bullets:
            area.notes += [p.text for p in paragraphs]
        else:  # a sub-heading with prose only: its paragraphs are what it expects
            area.bullets = paragraphs
        if area.bullets:
            level.areas.append(area)
        elif not node.children:
            self.parsed.unplaced.append(Unplaced(node.line, node.title, f"empty heading in level '{level.title}'"))
            level.notes.append(f"The source has an empty heading '{node.title}' here.")
        for child in node.children:
            self.areas(child, level)

    def table(self, block: Block, track: Track) -> None:
        """A pipe table is a competency matrix, on the track (and group) the table plan gives it."""
        name, group = self.table_plan.get(id(block), (None, None))
        track = self.parsed.track(name) if name else track
        read_matrix(block.rows, self.parsed, self.file, track, group)


_LABEL = re.compile(r"(?:\*\*|__)?(?P<label>[^:*_\n]{1,40}?)(?::(?:\*\*|__)|(?:\*\*|__)?:)\s*(?P<text>.*)", re.S)


def _label_areas(bullets: list[Bullet]) -> Optional[list[Area]]:
    """'- Impact:' over nested bullets (or '- Scope: text'), for every bullet of a level, names its areas."""
    areas = []
    for b in bullets:
        m = _LABEL.fullmatch(b.text)
        if not m or len(m.group("label").split()) > 4 or any(is_connective(c.text) for c in b.children):
            return None
        text = m.group("text").strip()
        if not (text or b.children):
            return None
        areas.append(Area(m.group("label").strip(), b.line, ([Bullet(text, b.line)] if text else []) + b.children))
    return areas if any(b.children for b in bullets) else None


def _flatten(bullets: list[Bullet]) -> list[Bullet]:
    return [b for bullet in bullets for b in [bullet, *_flatten(bullet.children)]]


# ---------------------------------------------------------------- matrices (pipe tables, CSV, TSV)


_NONE_CELL = re.compile(r"(none|n/?a|-|—|–)\.?", re.I)
_DESCRIPTION_COLUMN = re.compile(r"(description|definition|what it means)", re.I)
_GROUP_COLUMN = re.compile(r"(category|area|group|pillar|theme|dimension|domain|section)s?", re.I)
_NAME_COLUMN = re.compile(r"(sub-?)?(competency|competencies|skills?|attributes?|behaviou?rs?|topics?)", re.I)


def read_matrix(rows: list[tuple[int, list[str]]], parsed: Parsed, file: str, track: Track,
                group: Optional[str] = None) -> None:
    """Header row = levels, after the competency column (optionally a category column before it and a
    description column after it); each row is a competency, a row with only a name starts a group."""
    (header_line, header), body = rows[0], rows[1:]
    grouped = len(header) > 3 and bool(_GROUP_COLUMN.fullmatch(plain(header[0])) and
                                       _NAME_COLUMN.fullmatch(plain(header[1])))
    name_col = 1 if grouped else 0
    has_description = len(header) > name_col + 2 and bool(_DESCRIPTION_COLUMN.fullmatch(plain(header[name_col + 1])))
    first = name_col + 1 + has_description
    if len(header) <= first:
        raise InvalidFile("table has no level columns: the header row needs the levels after the first column",
                          Location(file, header_line, 1))
    if not body:
        raise InvalidFile("table has a header row but no rows", Location(file, header_line, 1))
    for col, title in enumerate(header[first:], first + 1):
        if not title.strip():
            raise InvalidFile(f"header cell {col} is empty; it should name a level", Location(file, header_line, 1))
    levels = [parsed.add_level(title, track, header_line, from_table=True) for title in header[first:]]
    seen: dict[tuple[Optional[str], str], int] = {}
    for line, cells in body:
        if grouped and cells[0].strip():
            group = plain(cells[0])  # a merged category cell is exported once, then left blank
        name, texts = plain(cells[name_col]), [c.strip() for c in cells[first:]]
        description = cells[name_col + 1].strip() if has_description else ""
        if not any(texts) and not description:
            group = group if grouped else (name or group)  # a row with only a name starts a group
        elif not name:
            _continue_row(parsed, line, list(zip(levels, texts)), file)
        else:
            seen[(group, name)] = seen.get((group, name), 0) + 1
            _add_row(parsed, Row(name, group, line, list(zip(levels, texts)), description or None, header_line),
                     seen[(group, name)])


def _add_row(parsed: Parsed, row: Row, occurrence: int) -> None:
    """A new row, or the cells of a row of the same group and name in an earlier table (another track)."""
    by_table = parsed.rows_by_name.setdefault((row.group, row.name), {})
    earlier = None
    for table, rows in by_table.items():  # the occurrence-th such row of the earlier tables, in order
        if table != row.table and occurrence > 0:
            earlier, occurrence = (rows[occurrence - 1], 0) if occurrence <= len(rows) else (None, occurrence - len(rows))
    if earlier is not None and not {id(lvl) for lvl, _ in earlier.cells} & {id(lvl) for lvl, _ in row.cells}:
        earlier.cells += row.cells
        earlier.description = earlier.description or row.description
    else:
        parsed.rows.append(row)
        by_table.setdefault(row.table, []).append(row)


def _continue_row(parsed: Parsed, line: int, cells: list[tuple[Level, str]], file: str) -> None:
    """A row with no competency name continues the row above (a wrapped spreadsheet cell)."""
    if not parsed.rows:
        raise InvalidFile("row has no competency name in the first column", Location(file, line, 1))
    row = parsed.rows[-1]
    texts = dict((id(level), text) for level, text in row.cells)
    row.cells = [(level, "\n".join(t for t in (texts.get(id(level), ""), extra) if t))
                 for (level, extra) in cells]
    parsed.unplaced.append(Unplaced(line, " | ".join(t for _, t in cells if t), f"joined to row '{row.name}' above"))


def parse_delimited(text: str, file: str, delimiter: str) -> Parsed:
    """Read a CSV or TSV matrix: title lines (one cell) first, then the header row and the rows."""
    parsed = Parsed()
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidFile(f"cannot read the file as {FORMAT_NAMES['tsv' if delimiter == chr(9) else 'csv']}: {exc}",
                          Location(file, reader.line_num, 1)) from None
    header = next((k for k, (_, cells) in enumerate(rows) if sum(bool(c.strip()) for c in cells) >= 2), None)
    if header is None:
        other = "--from tsv" if delimiter != "\t" else "--from csv"
        raise InvalidFile("no recognisable levels: expected a header row naming the levels after the first column",
                          Location(file, 1, 1), f"check the separator ({other} reads the other kind)")
    for line, cells in rows[:header]:
        target = parsed.description if parsed.title else None
        text = " ".join(c.strip() for c in cells if c.strip())
        if target is None:
            parsed.title = text
        else:
            target.append(text)
    width = len(rows[header][1])
    for line, cells in rows[header + 1:]:
        if len(cells) != width:
            col = sum(len(c) + 1 for c in cells[:width]) + 1 if len(cells) > width else len(delimiter.join(cells)) + 1
            raise InvalidFile(f"ragged row: it has {len(cells)} cells, the header row has {width}",
                              Location(file, line, col), "give every row one cell per column (empty cells are fine)")
    read_matrix([(line, cells) for line, cells in rows[header:]], parsed, file, parsed.track(None))
    return parsed


# ---------------------------------------------------------------- building the framework


class _Ids:
    """Hands out unique ids: the wanted one, else with -2, -3 … appended."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        """The wanted id if free, else the next free numbered variant."""
        base = wanted[:72]
        candidate, n = base, self.next.get(base, 2)
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.next[base] = n
        self.used.add(candidate)
        return candidate


def build(parsed: Parsed, file: str, fmt: str, org: Optional[str], name: Optional[str]) -> dict[str, Any]:
    """The framework as plain data (model field order) from what was parsed."""
    title = parsed.title
    organisation = "(not named in the source)"
    if title and " — " in title:  # "# Acme — Support ladder", as ladder's own export writes it
        organisation, title = (part.strip() for part in title.split(" — ", 1))
    fw_name = name or title or Path(file).stem or "Imported framework"
    stem = slug(Path(file).stem, 60)
    data: dict[str, Any] = {
        "schema_version": 1, "id": org or stem or "imported",
        "organisation": organisation, "name": fw_name,
        "source": {"title": parsed.source_title or title or Path(file).name, "file": file},
    }
    if parsed.links:  # the text keeps each link's words; where they pointed is kept here
        data["source"]["links"] = [{"label": label, "url": url} for label, url in parsed.links]
    if parsed.description:
        data["description"] = parsed.description
    if parsed.principles:
        data["principles"] = [{"heading": h, "text": t} if h else {"text": t} for h, t in parsed.principles]
    tracks = [t for t in parsed.tracks if any(lvl.track is t for lvl in parsed.levels)]
    track_ids = _track_ids(tracks)
    data["tracks"] = [_track_dict(t, track_ids[id(t)], fw_name) for t in tracks]
    level_ids = _level_ids(parsed.levels, track_ids)
    cells = {id(lvl) for row in parsed.rows for lvl, _ in row.cells}
    ids = _Ids()
    data["levels"] = [_level_dict(lvl, level_ids[id(lvl)], track_ids[id(lvl.track)], id(lvl) in cells, ids, parsed)
                      for lvl in parsed.levels]
    _matrix_criteria(parsed.rows, {level_ids[id(lvl)]: d for lvl, d in zip(parsed.levels, data["levels"])},
                     level_ids)
    _settle_order(data["levels"], parsed.levels)
    if parsed.rows:
        data["competencies"] = {"items": _competencies(parsed.rows, level_ids)}
    data["notes"] = [f"Imported from {file} ({FORMAT_NAMES[fmt]}) by 'ladder import': ids, tracks, level order "
                     "and typed criteria were generated; review them."]
    data["notes"] += [f"Line {u.line}: {u.reason}: {u.text}" for u in parsed.unplaced]
    return data


def _track_ids(tracks: list[Track]) -> dict[int, str]:
    ids = _Ids()
    return {id(t): ids.take((slug(t.name) or "track") if t.name else "main") for t in tracks}


def _track_dict(track: Track, track_id: str, fw_name: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": track_id, "name": track.name or fw_name}
    if track.description:
        out["description"] = "\n\n".join(track.description)
    return out


def _level_ids(levels: list[Level], track_ids: dict[int, str]) -> dict[int, str]:
    """Level ids as wanted; a number shared by levels of different tracks gets the track id in front."""
    tracks_of: dict[str, set[int]] = {}
    for lvl in levels:
        tracks_of.setdefault(lvl.wanted, set()).add(id(lvl.track))
    ids = _Ids()
    return {id(lvl): ids.take(f"{track_ids[id(lvl.track)]}-{lvl.wanted}" if len(tracks_of[lvl.wanted]) > 1
                              else lvl.wanted) for lvl in levels}


def _level_dict(lvl: Level, level_id: str, track_id: str, has_cells: bool, ids: _Ids, parsed: Parsed) -> dict:
    out: dict[str, Any] = {"id": level_id, "title": lvl.title, "track": track_id, "order": 0}
    if lvl.aliases:
        out["aliases"] = lvl.aliases
    if lvl.summary:
        out["summary"] = "\n\n".join(lvl.summary)
    areas = []
    for area in lvl.areas:
        prefix = level_id if area.name is None else f"{level_id}.{slug(area.name) or 'area'}"
        expectations = _expectations(_prepare(area.bullets), prefix, ids, {}, parsed)
        entry: dict[str, Any] = {"name": area.name}
        if area.number:
            entry["number"] = area.number
        entry["expectations"] = expectations
        if area.notes:
            entry["notes"] = area.notes
        areas.append(entry)
    if areas:
        out["areas"] = areas
    elif not has_cells:
        out["no_content"] = lvl.no_content or NO_CONTENT
    criteria = [c for c in level_criteria(areas)]
    if criteria:
        out["criteria"] = criteria
    if lvl.notes:
        out["notes"] = list(lvl.notes)
    return out


def _settle_order(dicts: list[dict], levels: list[Level]) -> None:
    """Order = the level number, else one above the previous level of the track or the level built on."""
    by_id = {d["id"]: d for d in dicts}
    titles = {lvl.title: d["id"] for lvl, d in zip(levels, dicts)}
    last: dict[str, int] = {}
    numbered: dict[str, bool] = {}
    for lvl, d in zip(levels, dicts):
        numbered[d["track"]] = numbered.get(d["track"], True) and lvl.numbered and lvl.wanted.isdigit()
    for lvl, d in zip(levels, dicts):
        order = int(lvl.wanted) if numbered[d["track"]] else last.get(d["track"], 0) + 1
        base = titles.get(lvl.builds_on or "", lvl.builds_on)
        if base in by_id and base != d["id"] and by_id[base]["order"]:
            d["builds_on"] = base
            order = max(order, by_id[base]["order"] + 1)
        elif lvl.builds_on:
            d.setdefault("notes", []).append(f"The source says it builds on '{lvl.builds_on}', which is not an "
                                             "earlier level here.")
        d["order"] = last[d["track"]] = order
    for lvl, d in zip(levels, dicts):
        same = [p for p in lvl.parallel if p in by_id and by_id[p]["order"] == d["order"]]
        if same:
            d["parallel"] = same
        for other in sorted(set(lvl.parallel) - set(same)):
            d.setdefault("notes", []).append(f"The source says it is parallel to '{other}', which is not a level "
                                             "of the same rank here.")
    for d in dicts:  # keep the model's key order
        d.update({k: d.pop(k) for k in ["aliases", "builds_on", "parallel", "summary", "no_content", "areas",
                                         "criteria", "notes"] if k in d})


def _prepare(bullets: list[Bullet]) -> list[Bullet]:
    """Fold 'A / OR / B' runs into one grouped bullet; lift a lone nested bullet up beside its parent."""
    out: list[Bullet] = []
    i = 0
    while i < len(bullets):
        b = bullets[i]
        if is_connective(b.text) and not b.children and out and i + 1 < len(bullets):
            run = [out.pop(), b, bullets[i + 1]]
            i += 2
            while i + 1 < len(bullets) and is_connective(bullets[i].text):
                run += bullets[i:i + 2]
                i += 2
            out.append(Bullet(b.text, b.line, run))
            continue
        items = [c for c in b.children if not is_connective(c.text)]
        if b.children and len(items) < 2:
            out.append(Bullet(b.text, b.line))
            out += _prepare(items)
        else:
            out.append(b)
        i += 1
    return out


def _letters(n: int) -> str:
    out = ""
    while n >= 0:
        out, n = chr(ord("a") + n % 26) + out, n // 26 - 1
    return out


def _expectations(bullets: list[Bullet], prefix: str, ids: _Ids, seen: dict[str, dict], parsed: Parsed,
                  lettered: bool = False) -> list[dict]:
    out: list[dict] = []
    for b in bullets:
        if b.text in seen and not b.children and not lettered:
            # the same text twice in one area is a repeat (a warning for validate); keep it as a note
            seen[b.text].setdefault("notes", []).append(f"The source repeats this text at line {b.line}.")
            parsed.unplaced.append(Unplaced(b.line, b.text, "repeated bullet, kept once"))
            continue
        suffix = _letters(len(out)) if lettered else str(len(out) + 1)
        exp: dict[str, Any] = {"id": ids.take(f"{prefix}.{suffix}"), "text": b.text}
        if b.children:
            exp["group"] = _group(b, exp, ids, parsed)
        seen.setdefault(b.text, exp)
        out.append(exp)
    return out


def _group(b: Bullet, exp: dict, ids: _Ids, parsed: Parsed) -> dict:
    joins = [c for c in b.children if is_connective(c.text)]
    items = _prepare([c for c in b.children if not is_connective(c.text)])
    words = {_connective_word(c.text) for c in joins}
    group: dict[str, Any] = {"satisfied_by": "all" if words <= {"and"} else "any"}
    if joins:
        group["connective"] = plain(joins[0].text)
    if len(words) > 1:
        exp["notes"] = [f"The source joins these items with {' and '.join(sorted(words))}; read as any one of them."]
    group["items"] = _expectations(items, exp["id"], ids, {}, parsed, lettered=True)
    return group


def _competencies(rows: list[Row], level_ids: dict[int, str]) -> list[dict]:
    """Competency rows; a repeated name stays a separate row, told apart by its group or a number."""
    names = [slug(row.name) or "competency" for row in rows]
    repeated = {n for n, count in Counter(names).items() if count > 1}
    all_levels = [lvl for row in rows for lvl, _ in row.cells]
    covered = list({id(lvl): lvl for lvl in all_levels}.values())
    ids = _Ids()
    out = []
    for row, name in zip(rows, names):
        wanted = f"{slug(row.group)}-{name}" if name in repeated and row.group and slug(row.group) else name
        item: dict[str, Any] = {"id": ids.take(wanted), "name": row.name}
        if row.group:
            item["group"] = row.group
        if row.description:
            item["description"] = row.description
        texts = {id(lvl): text for lvl, text in row.cells}
        item["cells"] = {level_ids[id(lvl)]: _cell(texts.get(id(lvl))) for lvl in covered}
        out.append(item)
    return out


def _cell(text: Optional[str]) -> Union[str, dict]:
    if text is None:  # the row's table has no column for this level (several tables in one file)
        return {"text": "—", "no_expectation": True, "notes": ["The source's table for this row has no such column."]}
    if not text:
        return {"text": "—", "no_expectation": True, "notes": ["The source cell is empty."]}
    if _NONE_CELL.fullmatch(text):
        return {"text": text, "no_expectation": True}
    return text


# ---------------------------------------------------------------- typed criteria


_NUM = r"(\d+(?:\.\d+)?)"
_YEARS = r"\s*(?:years?|yrs?)\b"
_NUMBER_WORDS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}
_EXPERIENCE = [
    (re.compile(_NUM + r"\s*(?:-|–|—|to)\s*" + _NUM + r"\s*\+?" + _YEARS, re.I), "range"),
    (re.compile(_NUM + r"\s*\+" + _YEARS + r"|" + _NUM + _YEARS + r"\s*\+", re.I), "min"),
    (re.compile(r"\b(?:at least|a minimum of|minimum of|minimum|min\.?)\s+" + _NUM + _YEARS, re.I), "min"),
    (re.compile(r"\b(?:less than|fewer than|under|up to|below)\s+" + _NUM + _YEARS, re.I), "max"),
]
_TENURE = re.compile(r"(\d+)\s*\+\s*months?\b|\bat least\s+(\d+)\s+months?\b", re.I)
_EVIDENCE = re.compile(r"\bat least\s+(\d+|" + "|".join(_NUMBER_WORDS) + r")\s+(?!(?:years?|yrs?|months?|weeks?|"
                       r"days?|hours?|percent|%|times? (?:a|per))\b)([A-Za-z][^.,;:()]*)", re.I)
_EXAM = re.compile(r"(?:has\s+)?passed\s+(?:the|an?|their)\s+(.+?\bexam(?:ination)?)\.?", re.I)
_ADVISORY = re.compile(r"\b(usually|typically|generally|ideally|often|normally|approximately|around|roughly|"
                       r"preferably|preferred)\b", re.I)


def criterion(sentence: str, context: str = "") -> Optional[dict[str, Any]]:
    """A typed criterion when the sentence holds exactly one unambiguous phrase of one kind; None otherwise.

    ``context`` (a matrix row's name, such as "Experience") says what a bare "2-5 years" counts.
    """
    experience = re.search(r"\bexperience", f"{sentence} {context}", re.I) is not None
    found = [c for c in (_experience(sentence, experience), _tenure(sentence, experience), _evidence(sentence),
                         _exam(sentence)) if c]
    return found[0] if len(found) == 1 else None


def _experience(sentence: str, experience: bool) -> Optional[dict[str, Any]]:
    if not experience:
        return None
    hits = [(m, kind) for pattern, kind in _EXPERIENCE for m in pattern.finditer(sentence)]
    spans = {m.span() for m, _ in hits}
    if len(hits) != 1 or len(spans) != 1:
        return None
    m, kind = hits[0]
    numbers = [float(g) for g in m.groups() if g is not None]
    out: dict[str, Any] = {"kind": "experience"}
    if kind == "range":
        if numbers[0] > numbers[1]:
            return None
        out.update(min_years=numbers[0], max_years=numbers[1])
    else:
        out["min_years" if kind == "min" else "max_years"] = numbers[0]
    if _ADVISORY.search(sentence):
        out["advisory"] = True
        out["notes"] = [f"Advisory because the source says '{_ADVISORY.search(sentence).group(1)}'."]  # type: ignore
    elif kind == "max":
        out["advisory"] = True
        out["notes"] = ["Advisory: an upper bound describes the level rather than setting a bar."]
    return out


def _tenure(sentence: str, experience: bool) -> Optional[dict[str, Any]]:
    hits = list(_TENURE.finditer(sentence))
    if len(hits) != 1 or experience:
        return None
    months = int(hits[0].group(1) or hits[0].group(2))
    return {"kind": "tenure", "min_months": months}


def _evidence(sentence: str) -> Optional[dict[str, Any]]:
    hits = list(_EVIDENCE.finditer(sentence))
    if len(hits) != 1 or re.search(r"\b(per|each|every|a (?:day|week|month|year))\b", hits[0].group(2), re.I):
        return None
    raw = hits[0].group(1).lower()
    count = _NUMBER_WORDS.get(raw) or int(raw)
    return {"kind": "evidence", "min_count": count, "of": hits[0].group(2).strip()} if count >= 1 else None


def _exam(sentence: str) -> Optional[dict[str, Any]]:
    m = _EXAM.fullmatch(sentence.strip())
    return {"kind": "exam", "exam": m.group(1)} if m else None


def _matrix_criteria(rows: list[Row], levels: dict[str, dict], level_ids: dict[int, str]) -> None:
    """Typed criteria from matrix cells (a row such as 'Experience': '2-5 years'); no expectation id to point at."""
    for row in rows:
        for lvl, text in row.cells:
            if not text or _NONE_CELL.fullmatch(text):
                continue
            level = levels[level_ids[id(lvl)]]
            kinds = {c["kind"] for c in level.get("criteria", [])}
            for sentence in _SENTENCE.split(text):
                found = criterion(sentence, row.name)
                if found and not (found["kind"] in ("experience", "tenure") and found["kind"] in kinds):
                    kinds.add(found["kind"])
                    notes = [f"Read from the cell of competency '{row.name}' at this level.", *found.pop("notes", [])]
                    level.setdefault("criteria", []).append({**found, "source": sentence.strip(), "notes": notes})


def level_criteria(areas: list[dict]) -> list[dict]:
    """Typed criteria read from a level's expectations, each with its sentence and expectation id."""
    out: list[dict] = []
    kinds: set[str] = set()
    for area in areas:
        for exp in _walk_dicts(area["expectations"]):
            for sentence in _SENTENCE.split(exp["text"]):
                found = criterion(sentence)
                if found is None or (found["kind"] in ("experience", "tenure") and found["kind"] in kinds):
                    continue  # a second experience or tenure bar in one level is left as prose
                kinds.add(found["kind"])
                notes = found.pop("notes", [])
                out.append({**found, "source": sentence.strip(), "expectation": exp["id"],
                            **({"notes": notes} if notes else {})})
    return out


def _walk_dicts(items: list[dict]) -> list[dict]:
    return [e for item in items for e in [item, *_walk_dicts(item.get("group", {}).get("items", []))]]


def _walk(items: list[Any]) -> list[Any]:
    return [e for item in items for e in [item, *(_walk(item.group.items) if item.group else [])]]
