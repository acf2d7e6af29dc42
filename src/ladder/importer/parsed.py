"""The parsed form of a ladder: what the Markdown and matrix readers found, in source order, before ids are settled."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ladder.errors import InvalidFile, Location
from ladder.importer.text import level_heading, plain, slug

FORMAT_NAMES = {"md": "Markdown", "csv": "CSV", "tsv": "TSV", "html": "HTML", "yaml": "YAML", "json": "JSON",
                "xlsx": "XLSX"}
MAX_LEVELS = 1_000  # real ladders have a few dozen; each level costs time and memory in every later step


@dataclass(frozen=True)
class Unplaced:
    """Something in the source that is not part of the framework's structure, and what became of it."""

    line: int
    text: str
    reason: str


@dataclass(eq=False)
class Bullet:
    """A list item with its nested items."""

    text: str
    line: int
    children: list[Bullet] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # the source's examples of it: evidence hints, not required
    label: str | None = None  # a bold lead such as "**Impact**:" (the text then is what follows it)


@dataclass(eq=False)
class Block:
    """A run of a document: a heading, a paragraph, a list (with nested bullets) or a table (rows of cells).

    Markdown, HTML and workbook sheets are all read into blocks, so one reader finds the ladder in them."""

    kind: str  # heading | para | list | table
    line: int
    text: str = ""
    depth: int = 0
    lines: int = 1
    bullets: list[Bullet] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    wrapped: bool = False  # the whole text is one emphasis span (*Builds on …*, **Principles**)
    bold: bool = False  # ... and that span is strong (**Senior Engineer** on its own line)
    spanned: set[tuple[int, int]] = field(default_factory=set)  # (row, column) indexes a colspan covers (HTML)
    sheet: str | None = None  # the workbook sheet of a table read from XLSX (rows are then its row numbers)
    first_col: int = 1  # the sheet column of a table's first cell


@dataclass(eq=False)
class Track:
    """A track as found: None as name means the default track, named after the framework."""

    name: str | None
    description: list[str] = field(default_factory=list)
    wanted_id: str | None = None  # the id the source gives (ladder's export writes '*Track id: x.*')


@dataclass(eq=False)
class Area:
    name: str | None
    line: int
    bullets: list[Bullet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    number: str | None = None


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
    no_content: str | None = None
    builds_on: str | None = None
    parallel: list[str] = field(default_factory=list)
    rank: int | None = None  # the rank the source gives (a code's number, a position, an explicit mapping)


@dataclass(eq=False)
class Row:
    """A competency-matrix row."""

    name: str
    group: str | None
    line: int
    cells: list[tuple[Level, str]] = field(default_factory=list)
    description: str | None = None
    table: int = 0


@dataclass(eq=False)
class NamedRows:
    """The matrix rows of one group and name: those of the tables read before, in order, and those of the table
    being read (one flat list, so finding the n-th earlier row does not walk every earlier table)."""

    earlier: list[Row] = field(default_factory=list)
    table: int = -1
    current: list[Row] = field(default_factory=list)


@dataclass
class Parsed:
    """Everything read from the source, in source order."""

    title: str | None = None
    organisation: str | None = None
    source_title: str | None = None
    description: list[str] = field(default_factory=list)
    principles: list[tuple[str | None, str]] = field(default_factory=list)
    tracks: list[Track] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    rows_by_name: dict[tuple[str | None, str], NamedRows] = field(default_factory=dict)
    table_count: int = 0  # tables seen so far (for --table N)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, why) left out on purpose
    # sections that apply to every level ("All Levels"): (track or None for all, heading, line, areas)
    shared: list[tuple[Track | None, str, int, list[Area]]] = field(default_factory=list)

    def levels_of(self, track: Track) -> list[Level]:
        return [lvl for lvl in self.levels if lvl.track is track]

    def track(self, name: str | None) -> Track:
        """The track of that name, created on first use."""
        for track in self.tracks:
            if track.name == name:
                return track
        self.tracks.append(Track(name))
        return self.tracks[-1]

    def add_level(self, heading: str, track: Track, line: int, from_table: bool = False,
                  taken: set[int] | None = None, whole: bool = False, literal: bool = False) -> Level:
        """A level read from a heading or a table column. A column names an earlier level of the same title (the
        levels of ladder's own export, or an earlier table's column) unless this table has taken it already:
        two columns of one table are never one level."""
        # literal: the heading is plain text already (markdown-it removed its markup): a final ':' is text
        wanted, title, aliases, numbered = (level_heading(heading, literal) or (
            _level_slug(heading, self, whole), heading.strip() if literal else plain(heading), [], False))
        if from_table:
            same = [lvl for lvl in self.levels if lvl.title.casefold() == title.casefold()
                    and id(lvl) not in (taken or set())]
            same.sort(key=lambda lvl: (lvl.wanted != wanted, lvl.track is not track))  # 'S3 — Title': by id
            if same and (same[0].track is track or not same[0].from_table):
                return same[0]
        level = Level(wanted, title, track, line, aliases, numbered, from_table)
        self.levels.append(level)
        return level


def check_levels(count: int, file: str, line: int) -> None:
    """Refuse more than MAX_LEVELS levels (a heading or a table row that names them all), before reading further."""
    if count > MAX_LEVELS:
        raise InvalidFile(f"more than {MAX_LEVELS:,} levels", Location(file, line, 1),
                          "a ladder never needs this many; split the file")


def _level_slug(heading: str, parsed: Parsed, whole: bool = False) -> str:
    """A level's id from its title: the name before a qualifier ('Lead - Support' -> lead), or the whole title
    for a table column (where 'Senior (IC)' and 'Senior (Manager)' are two levels)."""
    name = plain(heading) if whole else name_part(plain(heading))
    return slug(name) or slug(plain(heading)) or f"level-{len(parsed.levels) + 1}"


def name_part(title: str) -> str:
    """The name before a qualifier: 'Beginner (After Onboarding)' -> 'Beginner', 'Lead - Support' -> 'Lead'."""
    # (?<!\s): a match starts where a run of spaces starts, not again at each of its spaces (quadratic)
    return re.split(r"(?<!\s)\s+\(|(?<!\s)\s+[-–—]\s+|,\s|:\s", title, maxsplit=1)[0]


def flatten(bullets: list[Bullet]) -> list[Bullet]:
    """Every bullet of a list, depth first, parents before their nested items."""
    return [b for bullet in bullets for b in [bullet, *flatten(bullet.children)]]
