"""Markdown read as a tree of headings into the parsed form.

The depth that names levels comes from level patterns or, failing those, from where the bullets are;
shallower headings holding levels are tracks, deeper ones are areas, text before the first level is
the description and text under other headings is principles. Pipe tables go to the matrix reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ladder.errors import InvalidFile, Location
from ladder.importer.blocks import Block, markdown_blocks
from ladder.importer.matrix import read_matrix
from ladder.importer.parsed import Area, Bullet, Level, Parsed, Track, Unplaced, check_levels, flatten
from ladder.importer.text import WRAP, clean, is_connective, level_heading, links, plain


@dataclass(eq=False)
class Node:
    """A heading with its direct content and its sub-headings (the root has depth 0 and no title)."""

    title: str
    depth: int
    line: int
    content: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


_SECTION = re.compile(
    r"(?:our |the )?(?:about|introduction|intro|overview|principles?|purpose|faqs?|notes?|resources|references|"
    r"glossary|background|context|values|contents|table of contents|changelog|responsibilities|definitions|"
    r"summary|competency matrix|levels|career levels)|(?:how to|about|frequently asked|appendix|faq)\b.*", re.I)
_META = re.compile(r"\*(?=Builds on|Parallel to)(?:Builds on (?P<b>\S+?)\.\s*)?(?:Parallel to (?P<p>.+?)\.)?\*")
_SOURCE = re.compile(r"\*Source: (?P<title>.+)\.\*")
_CRITERIA = re.compile(r"\*Criteria: .+\*")


def parse_markdown(text: str, file: str) -> Parsed:
    """Read Markdown headings, bullets and pipe tables; InvalidFile when no level can be recognised."""
    unplaced: list[Unplaced] = []
    blocks = markdown_blocks(text, file, unplaced)
    targets = {url: clean(label) or url for label, url in links(text)}
    for attempt in (blocks, _pseudo_headings(blocks)):
        parsed = Parsed(unplaced=list(unplaced), links=[(label, url) for url, label in targets.items()])
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


def _level_depth(nodes: list[Node]) -> tuple[int | None, bool]:
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


def _table_plan(nodes: list[Node]) -> dict[int, tuple[str | None, str | None]]:
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
    plan: dict[int, tuple[str | None, str | None]] = {}
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
                 table_plan: dict[int, tuple[str | None, str | None]]) -> None:
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

    def statements(self, blocks: list[Block], heading: str | None, track: Track,
                   into: list[str] | None = None) -> None:
        """Non-level text: the description (no heading), principles (under a heading) or a track's description."""
        for k, block in enumerate(blocks):
            if block.kind == "table":
                self.table(block, track)
                continue
            if self.source_line(block):
                continue
            bold_lead = k + 1 < len(blocks) and blocks[k + 1].kind == "list" and WRAP.fullmatch(block.text)
            if block.kind == "para" and block.lines == 1 and bold_lead:
                heading = plain(block.text)  # "**Principles**" over a list works as a heading
                continue
            texts = [block.text] if block.kind == "para" else [b.text for b in flatten(block.bullets)]
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
        check_levels(len(self.parsed.levels), self.file, node.line)
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
            elif _CRITERIA.fullmatch(block.text):
                # ladder's export summarises the level's typed criteria here; they are read again from the
                # expectations, and the line is listed rather than taken for the summary
                self.parsed.unplaced.append(Unplaced(block.line, block.text, "criteria line of a ladder export, "
                                                     "not read (typed criteria come from the expectations)"))
            elif unnamed.bullets:
                level.notes.append(block.text)
            else:
                level.summary.append(block.text)
        if unnamed.bullets:
            level.areas += _label_areas(unnamed.bullets) or [unnamed]
        for child in node.children:
            self.areas(child, level)
        if not level.areas and len(level.summary) == 1 and WRAP.fullmatch(level.summary[0]):
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


def _label_areas(bullets: list[Bullet]) -> list[Area] | None:
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
