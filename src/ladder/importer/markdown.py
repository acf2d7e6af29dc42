"""A document's blocks (Markdown, HTML) read as a tree of headings into the parsed form.

Levels come only from headings that name a level (a code such as IC2, 'Level 3', a role with a rank, a level
word such as 'Senior'), from tables shaped like a ladder, or from the heading depth the user gives
(``--levels-at``). A heading shallower than the levels that holds some is a track; a deeper one inside a level
is an area; any other heading ('How does it work?', 'All Levels', 'FAQ') is a section whose text becomes
principles. When the headings name no level and two depths could hold them, the reader asks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ladder.errors import InvalidFile, Location
from ladder.importer.matrix import read_table, table_shape
from ladder.importer.options import Options
from ladder.importer.parsed import Area, Block, Bullet, Level, Parsed, Track, Unplaced, check_levels, flatten
from ladder.importer.text import is_connective, level_heading, names_level, not_a_level, plain


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
    r"glossary|background|context|values|contents|table of contents|changelog|definitions|summary|"
    r"competency matrix|levels|career levels|other pages|see also|feedback|contributing|license)|"
    r"(?:how to|about|frequently asked|appendix|faq|things to|what|when|why|how|who|where)\b.*|.*\?", re.I)
_META = re.compile(r"(?:Rank (?P<r>\d{1,4})\.\s*)?(?:Builds on (?P<b>\S+?)\.\s*)?(?:Parallel to (?P<p>.+?)\.)?")
_TRACK_ID = re.compile(r"Track id: (?P<id>\S+)\.")
_SOURCE = re.compile(r"Source: (?P<title>.+)\.")
_CRITERIA = re.compile(r"Criteria: .+")
# ladder's export numbers areas so: '#### 01 — Ticket Resolution'
_AREA_NUMBER = re.compile(r"(?P<number>[A-Za-z0-9][A-Za-z0-9.]{0,7}) — (?P<name>.+)")
_ALL_LEVELS = re.compile(r"(?:(?:expectations|behaviou?rs?) (?:for|of|at|across) )?(?:all|every|each) (?:levels?|"
                         r"engineers|roles|employees)|(?:for|at|across) (?:all|every) levels?|shared expectations|"
                         r"all-levels?|common (?:expectations|to all levels)", re.I)
_EXAMPLE = re.compile(r"(?:examples?|e\.g\.|for example)\s*[:.]?\s*(?P<text>.*)", re.I | re.S)


def parse_markdown(blocks: list[Block], file: str, options: Options, parsed: Parsed) -> Parsed:
    """Read the blocks' heading tree into ``parsed``; InvalidFile when no level can be found or the
    structure has two readings (naming the options that decide it)."""
    if _read_tree(_tree(blocks), parsed, file, options):
        return parsed
    unplaced, links = list(parsed.unplaced), list(parsed.links)
    parsed = Parsed(unplaced=unplaced, links=links)  # plain text: try one-line paragraphs over lists as headings
    if not _read_tree(_tree(_pseudo_headings(blocks)), parsed, file, options):
        raise InvalidFile("no recognisable levels: expected headings that name levels (a code such as L3 or IC2, "
                          "'Level 3', or a title such as 'Senior Engineer') or a table whose header row names "
                          "the levels", Location(file, 1, 1),
                          "give each level a heading with bullets under it, or say which headings are the levels "
                          "with --levels-at h2")
    return parsed


def _pseudo_headings(blocks: list[Block]) -> list[Block]:
    """For plain text without usable headings: a one-line paragraph right before a list names a level; a first
    line before any of them is the title."""
    out = []
    has_heading = any(b.kind == "heading" for b in blocks)
    for k, block in enumerate(blocks):
        one_line = block.kind == "para" and block.lines == 1
        if one_line and k + 1 < len(blocks) and blocks[k + 1].kind == "list":
            out.append(Block("heading", block.line, block.text, 6))
        elif one_line and k == 0 and not has_heading:
            out.append(Block("heading", block.line, block.text, 1))
        else:
            out.append(block)
    return out


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


def _walk_nodes(nodes: list[Node]) -> list[Node]:
    return [n for node in nodes for n in [node, *_walk_nodes(node.children)]]


def _has(node: Node, kind: str) -> bool:
    return any(b.kind == kind for b in node.content) or any(_has(c, kind) for c in node.children)


def _is_section(title: str) -> bool:
    return (_SECTION.fullmatch(plain(title)) is not None and level_heading(title) is None) or not_a_level(title)


def _level_depth(root: Node, file: str, options: Options) -> int | None:
    """The heading depth (1-6) of the levels: the user's, else the depth where most headings name a level,
    else the shallowest depth of headings holding bullets; InvalidFile (asking) when their parent headings
    could be the levels as well."""
    if options.levels_at:
        return options.levels_at
    top = root.children[0] if len(root.children) == 1 and root.children[0].children else None
    nodes = [n for n in _walk_nodes(root.children) if n is not top]
    parent_of = {id(c): p for p in [root, *nodes, *([top] if top else [])] for c in p.children}
    named = Counter(n.depth for n in nodes if names_level(n.title) and not (
        _AREA_NUMBER.fullmatch(plain(n.title)) and names_level(parent_of[id(n)].title)))  # '01 — Craft' in a level
    for depth in sorted(d for d, count in named.items() if count > 1):
        # the shallowest depth where several headings name levels, unless those hold named headings
        # themselves (then they are tracks such as 'Senior ICs' and 'Engineering Managers')
        here = [n for n in nodes if n.depth == depth and names_level(n.title)]
        if sum(any(names_level(c.title) and not _AREA_NUMBER.fullmatch(plain(c.title)) for c in n.children)
               for n in here) * 2 <= len(here):
            return depth
        if not options.tracks_at and any(c.title.casefold().startswith(n.title.casefold()) for n in here
                                         for c in n.children):
            # '## Senior Engineer' over '### Senior Engineer I' and '### Senior Engineer II': sub-levels or tracks
            raise InvalidFile(
                f"the headings can be read two ways: h{depth} headings as levels with sub-levels, or as tracks "
                f"of h{depth + 1} levels", Location(file, here[0].line, 1),
                f"say which: --levels-at h{depth}, or --tracks-at h{depth} --levels-at h{depth + 1}")
    if named:
        return min(named)
    holding = [n for n in nodes if not _is_section(n.title) and any(b.kind == "list" for b in n.content)]
    if options.tracks_at:
        deeper = sorted({n.depth for n in holding if n.depth > options.tracks_at})
        return deeper[0] if deeper else None
    if not holding:
        return None
    depth = min(n.depth for n in holding)
    parents = [p for n in holding if n.depth == depth and (p := parent_of.get(id(n))) is not None
               and p is not root and p is not top and not _is_section(p.title)]
    if parents:
        upper = min(p.depth for p in parents)
        raise InvalidFile(
            f"the headings can be read two ways: h{upper} headings as tracks and h{depth} headings as "
            f"levels, or h{upper} headings as levels and h{depth} headings as their areas",
            Location(file, min(p.line for p in parents), 1),
            f"say which: --tracks-at h{upper} --levels-at h{depth} (with --rank-from order or --parallel A=B, "
            f"since the source ranks no level across tracks), or --levels-at h{upper}")
    return depth


def _read_tree(root: Node, parsed: Parsed, file: str, options: Options) -> bool:
    """Fill parsed from the heading tree; False when it holds neither levels nor ladder tables."""
    depth = _level_depth(root, file, options)
    walker = _Walker(parsed, file, depth or 99, options)
    walker.named = any(names_level(n.title) for n in _walk_nodes(root.children))
    walker.table_plan = _table_plan(root.children)
    for parent in [root, *_walk_nodes(root.children)]:
        for child in parent.children:
            walker.parents[id(child)] = id(parent)
            if child.depth == walker.level_depth and names_level(child.title):
                walker.named_parents.add(id(parent))
    nodes, intro = root.children, list(root.content)
    holding = [n for n in nodes if walker.holds_level(n)]
    # one top heading over the levels is the document's title, unless the user said it is a track
    tops = [n for n in nodes if n.depth == min((m.depth for m in nodes), default=0)]
    if len(holding) == 1 and holding[0] in tops and options.tracks_at != holding[0].depth and not (
            walker.is_level(holding[0])) and (
            len(tops) == 1 or not _sections_hold_text(tops, holding[0])):
        top = holding[0]
        parsed.title = top.title
        intro += top.content
        nodes = [n for n in nodes if n is not top] + top.children if len(tops) == 1 else (
            top.children + [n for n in nodes if n is not top])
    elif len(holding) > 1 and nodes and nodes[0] not in holding and not _is_section(nodes[0].title):
        parsed.title = nodes[0].title  # '# Acme ladder' and its text, then a '#' heading per track
        intro += nodes[0].content
        nodes = nodes[0].children + nodes[1:]
    elif len(tops) == 1 and not walker.is_level(tops[0]) and not holding:
        parsed.title = tops[0].title
        intro += tops[0].content
        nodes = tops[0].children
    walker.statements(intro, None, parsed.track(None))
    walker.walk(nodes, parsed.track(None))
    holders = [Level("", "", parsed.track(None), line, areas=areas) for _, _, line, areas in parsed.shared]
    known = _known_labels(parsed.levels + holders)
    for level in parsed.levels + holders:
        if level.areas and level.areas[0].name is None and not level.areas[0].notes:
            level.areas[0:1] = _label_areas(level.areas[0].bullets, known)
    for level in parsed.levels + holders:
        for area in level.areas:
            for bullet in flatten(area.bullets):
                _take_examples(bullet)
    parsed.shared = [(on, heading, line, holder.areas)
                     for (on, heading, line, _), holder in zip(parsed.shared, holders)]
    return bool(parsed.levels)


def _known_labels(levels: list[Level]) -> set[str]:
    """Plain 'Label: text' leads that several levels share: the source's areas, read alike in every level."""
    seen: Counter[str] = Counter()
    for level in levels:
        if level.areas and level.areas[0].name is None:
            seen.update({m.group("label").strip() for b in level.areas[0].bullets
                         if (m := _LABEL.fullmatch(b.text)) and _short_label(m.group("label"))})
    return {label for label, count in seen.items() if count > 1}


def _short_label(label: str) -> bool:
    return len(label.split()) <= 4 and label[:1].isupper() and not label.rstrip().endswith(".")


def _table_plan(nodes: list[Node]) -> dict[int, tuple[str | None, str | None]]:
    """Each ladder table's (track, group). Tables with the same level columns share a track named by their
    common heading, their own headings naming groups; a table with columns of its own is a track under its
    heading (when there are several such)."""
    found: list[tuple[Block, list[Node]]] = []

    def visit(children: list[Node], chain: list[Node]) -> None:
        for node in children:
            found.extend((b, [*chain, node]) for b in node.content if b.kind == "table" and _ladder_table(b))
            visit(node.children, [*chain, node])

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
    return plan


def _sections_hold_text(tops: list[Node], keep: Node) -> bool:
    """Other top headings with content of their own (so the one holding levels is a track, not a title)."""
    return any(n is not keep and (n.content or n.children) and not _is_section(n.title) for n in tops)


class _Walker:
    """Assigns each heading a role (track, level, area, section) and reads its content accordingly."""

    def __init__(self, parsed: Parsed, file: str, level_depth: int, options: Options) -> None:
        self.parsed, self.file, self.level_depth, self.options = parsed, file, level_depth, options
        self.named = False  # some heading names a level: then only such headings are levels
        self.parents: dict[int, int] = {}  # id(node) -> id(its parent)
        self.table_plan: dict[int, tuple[str | None, str | None]] = {}
        self.named_parents: set[int] = set()  # parents of headings at the level depth that name a level

    def is_level(self, node: Node) -> bool:
        if node.depth != self.level_depth:
            return False
        if any(b.kind == "table" and _ladder_table(b) for b in node.content) and not any(
                b.kind == "list" for b in node.content):
            return False  # a heading over a ladder table names its track or group
        if self.options.levels_at:
            return not _is_section(node.title) or names_level(node.title)
        if names_level(node.title):
            return True
        # among levels that name themselves, a sibling with bullets is a level too ("Engineer" beside
        # "Senior Engineer"); with no level named anywhere, any heading with bullets at the level depth is
        return not _is_section(node.title) and _has(node, "list") and (
            not self.named or self.parents.get(id(node)) in self.named_parents)

    def holds_level(self, node: Node) -> bool:
        """The heading is a level, has one below it, or holds a table of levels."""
        return (self.is_level(node) or any(self.holds_level(c) for c in node.children)
                or (node.depth < self.level_depth and any(b.kind == "table" and _ladder_table(b)
                                                          for b in node.content)))

    def walk(self, nodes: list[Node], track: Track) -> None:
        """Read headings at one depth: levels, tracks holding levels, or sections of text and tables."""
        for node in nodes:
            if self.is_level(node):
                self.level(node, track)
            elif node.depth < self.level_depth and _is_section(node.title) and not self.options.tracks_at and (
                    self.holds_level(node)):  # '## Levels' or '## Career levels' over the levels: no track
                self.parsed.skipped.append((node.line, node.title, "heading over the levels, not a track"))
                self.statements(node.content, node.title, track)
                self.walk(node.children, track)
            elif node.depth < self.level_depth and self.holds_level(node) and (
                    not self.options.tracks_at or node.depth == self.options.tracks_at):
                sub = self.parsed.track(node.title)
                self.track_content(node.content, sub)
                self.walk(node.children, sub)
            elif _ALL_LEVELS.fullmatch(plain(node.title)) and _has(node, "list"):
                self.shared(node, track)
            else:
                self.statements(node.content, node.title, track)
                self.walk(node.children, track)

    def shared(self, node: Node, track: Track) -> None:
        """'All Levels': expectations every level has. Their areas go to each level once all are read."""
        holder = Level("", node.title, track, node.line)
        self.level_content(node, holder)
        if holder.summary:
            self.parsed.principles += [(node.title, text) for text in holder.summary]
        on = None if track.name is None and track is self.parsed.tracks[0] else track
        self.parsed.shared.append((on, node.title, node.line, holder.areas))

    def track_content(self, blocks: list[Block], track: Track) -> None:
        for block in blocks:
            m = _TRACK_ID.fullmatch(block.text) if block.kind == "para" and block.wrapped else None
            if m:
                track.wanted_id = m.group("id")
                self.parsed.skipped.append((block.line, block.text, "ladder export's track id line: read as the id"))
            elif block.kind == "table":
                self.table(block, track)
            else:
                track.description += [block.text] if block.kind == "para" else [
                    b.text for b in flatten(block.bullets)]

    def statements(self, blocks: list[Block], heading: str | None, track: Track) -> None:
        """Non-level text: the description (no heading) or principles (under a heading)."""
        for k, block in enumerate(blocks):
            if block.kind == "table":
                self.table(block, track, heading)
                continue
            if self.source_line(block):
                continue
            if block.kind == "para" and block.wrapped and k + 1 < len(blocks) and blocks[k + 1].kind == "list":
                heading = block.text  # "**Principles**" over a list works as a heading
                continue
            texts = [block.text] if block.kind == "para" else [b.text for b in flatten(block.bullets)]
            for text in texts:
                if heading is None:
                    self.parsed.description.append(text)
                else:
                    self.parsed.principles.append((heading, text))

    def source_line(self, block: Block) -> bool:
        """ladder's own export ends with '*Source: title.*': it is the source title, not content."""
        m = _SOURCE.fullmatch(block.text) if block.kind == "para" and block.wrapped else None
        if m:
            self.parsed.source_title = m.group("title")
        return m is not None

    def level(self, node: Node, track: Track) -> None:
        """A level heading: summary paragraphs, bullets (an unnamed area), metadata lines, then area headings."""
        level = self.parsed.add_level(node.title, track, node.line, literal=True)
        check_levels(len(self.parsed.levels), self.file, node.line)
        self.level_content(node, level)

    def level_content(self, node: Node, level: Level) -> None:
        track = level.track
        unnamed = Area(None, node.line)
        for block in node.content:
            if block.kind == "list":
                unnamed.bullets += block.bullets
            elif block.kind == "table":
                self.table(block, track, node.title)
            elif self.source_line(block) or self.meta(block, level):
                continue
            elif unnamed.bullets:
                level.notes.append(block.text)
            else:
                level.summary.append(block.text)
        if unnamed.bullets:
            level.areas.append(unnamed)  # split into labelled areas once every level is read
        for child in node.children:
            self.areas(child, level)
        if not level.areas and len(level.summary) == 1 and node.content[-1:] and node.content[-1].wrapped:
            level.no_content = level.summary.pop()  # ladder's export writes no_content in italics

    def meta(self, block: Block, level: Level) -> bool:
        """ladder's export: '*Rank 3. Builds on s2. Parallel to m3.*' and '*Criteria: …*' lines."""
        if block.kind != "para" or not block.wrapped:
            return False
        m = _META.fullmatch(block.text)
        if m and any(m.groups()):
            self.parsed.skipped.append((block.line, block.text, "ladder export's facts line: read as the level's "
                                        "rank, builds_on and parallel"))
            level.rank = int(m.group("r")) if m.group("r") else level.rank
            level.builds_on = m.group("b") or level.builds_on
            level.parallel += [p.strip() for p in (m.group("p") or "").split(",") if p.strip()]
            return True
        if _CRITERIA.fullmatch(block.text):
            # the export summarises typed criteria here; they are read again from the expectations
            self.parsed.unplaced.append(Unplaced(block.line, block.text, "criteria line of a ladder export, "
                                                 "not read (typed criteria come from the expectations)"))
            return True
        return False

    def areas(self, node: Node, level: Level) -> None:
        """A heading inside a level is an area; deeper headings are areas of their own."""
        match = _AREA_NUMBER.fullmatch(node.title)  # '01 — Ticket Resolution', as the export numbers areas
        area = Area(match.group("name") if match else node.title, node.line,
                    number=match.group("number") if match else None)
        paragraphs = []
        for block in node.content:
            if block.kind == "list":
                area.bullets += block.bullets
            elif block.kind == "table":
                self.table(block, level.track, node.title)
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

    def table(self, block: Block, track: Track, heading: str | None = None) -> None:
        """A table shaped like a ladder is read as one; any other table is kept as a note."""
        if self.options.table is not None:
            self.parsed.table_count += 1
            ladder = self.parsed.table_count == self.options.table
        else:
            ladder = _ladder_table(block)
        if ladder:
            name, group = self.table_plan.get(id(block), (None, None))
            if name is None and heading and self.parsed.levels_of(track) and table_shape(block) == "rows":
                name = heading  # a table of levels in its own section beside level headings: a track
            read_table(block, self.parsed, self.file, self.parsed.track(name) if name else track, group)
        else:
            rows = "; ".join(" | ".join(cells) for _, cells in block.rows)
            self.parsed.unplaced.append(Unplaced(block.line, rows, "table whose columns and rows name no levels, "
                                                 "kept as a note (--table N reads it as the ladder)"))


def _ladder_table(block: Block) -> bool:
    return table_shape(block) is not None


_LABEL = re.compile(r"(?P<label>[^:\n]{1,40}?):\s+(?P<text>\S.*)", re.S)


def _label_areas(bullets: list[Bullet], known: set[str]) -> list[Area]:
    """Bullets as areas where they are labelled ('**Impact**: text', 'Impact:' over nested bullets, or a
    'Label: text' lead that several levels share); the others in an unnamed area first. A lone 'Label:' over
    nested bullets among plain sentences stays one expectation with its items. Nested examples become
    the bullet's examples."""
    for b in bullets:
        _take_examples(b)
    kinds = [_label_kind(b, known) for b in bullets]
    strong = any(k in ("bold", "known") for k in kinds)
    # 'Impact' over nested bullets is a label when several bullets are so (else it may be an all-of group)
    bare = [b for b, k in zip(bullets, kinds) if k == "colon" and not b.text.endswith(":")]
    colon = "colon" in kinds and (strong or None not in kinds) and (len(bare) != 1 or kinds.count("colon") > 1)
    accepted = {"bold", "known", *(["colon"] if colon else []), *(["weak"] if strong or colon else [])}
    unnamed = Area(None, bullets[0].line)
    areas: list[Area] = []
    for b, kind in zip(bullets, kinds):
        if kind not in accepted:
            unnamed.bullets.append(b)
            continue
        label, text = _split_label(b)
        area = next((a for a in areas if a.name == label), None)
        if area is None:
            area = Area(label, b.line)
            areas.append(area)
        area.bullets += ([Bullet(text, b.line, examples=b.examples)] if text else []) + b.children
    return ([unnamed] if unnamed.bullets else []) + areas


def _label_kind(b: Bullet, known: set[str]) -> str | None:
    """How a bullet is labelled: bold ('**Impact**: …'), colon ('Impact:' or 'Impact' over nested bullets),
    known (a 'Label: text' lead several levels share), weak (a 'Label: text' lead), or None."""
    if any(is_connective(c.text) for c in b.children):
        return None
    if b.label and b.text.startswith(b.label):
        return "bold"
    bare = b.text.rstrip(":").strip()
    if b.children and _short_label(bare) and (b.text.endswith(":") or len(bare.split()) <= 2):
        return "colon"
    m = _LABEL.fullmatch(b.text)
    if m and _short_label(m.group("label")):
        return "known" if m.group("label").strip() in known else "weak"
    return None


def _split_label(b: Bullet) -> tuple[str, str]:
    """(label, text after it) of a labelled bullet."""
    if b.label and b.text.startswith(b.label):
        return b.label, b.text[len(b.label):].lstrip(" :").strip()
    m = _LABEL.fullmatch(b.text)
    if m and not b.text.endswith(":"):
        return m.group("label").strip(), m.group("text").strip()
    return b.text.rstrip(":").strip(), ""


def _take_examples(b: Bullet) -> None:
    """Nested bullets the source calls examples ('Examples:' over them, 'e.g. …', '*Example:* …')."""
    keep: list[Bullet] = []
    lead = re.search(r"(?:examples?|e\.g\.|for example)\s*:?\s*\Z", b.text, re.I) is not None
    for child in b.children:
        m = _EXAMPLE.fullmatch(child.text)
        if m and child.children and not m.group("text"):
            b.examples += [c.text for c in flatten(child.children)]
        elif m and m.group("text") and (child.label or re.match(r"e\.g\.|examples?:", child.text, re.I)):
            b.examples.append(m.group("text"))
        elif lead and not child.children:
            b.examples.append(child.text)
        else:
            keep.append(child)
    b.children = keep


def prose(blocks: list[Block], parsed: Parsed) -> None:
    """Text that holds no levels (the Markdown body under a front matter ladder): the text before the first
    heading is the description, the text under each heading a principle with that heading."""
    walker = _Walker(parsed, "", 99, Options())
    root = _tree(blocks)
    track = parsed.tracks[0] if parsed.tracks else parsed.track(None)
    walker.statements(root.content, None, track)
    for node in _walk_nodes(root.children):
        walker.statements(node.content, node.title, track)
