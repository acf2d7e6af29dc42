"""Competency matrices (pipe tables, CSV, TSV) into the parsed form: header row = levels, first column = competency."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from ladder.errors import InvalidFile, Location
from ladder.importer.parsed import (
    FORMAT_NAMES,
    Area,
    Block,
    Bullet,
    Level,
    NamedRows,
    Parsed,
    Row,
    Track,
    Unplaced,
    check_levels,
    name_part,
)
from ladder.importer.text import level_heading, names_level, plain, slug

NONE_CELL = re.compile(r"(none|n/?a|-|—|–)\.?", re.I)
_DESCRIPTION_COLUMN = re.compile(r"(description|definition|what it means)", re.I)
_GROUP_COLUMN = re.compile(r"(category|area|group|pillar|theme|dimension|domain|section)s?", re.I)
_NAME_COLUMN = re.compile(r"(sub-?)?(competency|competencies|skills?|attributes?|behaviou?rs?|topics?)", re.I)


def read_matrix(rows: list[tuple[int, list[str]]], parsed: Parsed, file: str, track: Track,
                group: str | None = None, literal: bool = False) -> None:
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
    check_levels(len(header) - first, file, header_line)
    for col, title in enumerate(header[first:], first + 1):
        if not title.strip():
            raise InvalidFile(f"header cell {col} is empty; it should name a level", Location(file, header_line, 1))
    levels = _column_levels(header[first:], parsed, track, header_line, literal)
    parsed.skipped += [(header_line, cell, "header of a column that is not a level") for cell in header[:first]]
    check_levels(len(parsed.levels), file, header_line)
    seen: dict[tuple[str | None, str], int] = {}
    joining: _Joining | None = None
    for line, cells in body:
        if grouped and cells[0].strip():
            group = plain(cells[0])  # a merged category cell is exported once, then left blank
        name = cells[name_col].strip() if literal else plain(cells[name_col])  # literal: Markdown read already
        texts = [c.strip() for c in cells[first:]]
        description = cells[name_col + 1].strip() if has_description else ""
        if not any(texts) and not description:
            group = group if grouped else (name or group)  # a row with only a name starts a group
        elif not name:
            joining = _continue_row(parsed, line, list(zip(levels, texts)), file, joining)
        else:
            if joining:
                joining.join()
                joining = None
            seen[(group, name)] = seen.get((group, name), 0) + 1
            _add_row(parsed, Row(name, group, line, list(zip(levels, texts)), description or None, header_line),
                     seen[(group, name)])
    if joining:
        joining.join()


def _add_row(parsed: Parsed, row: Row, occurrence: int) -> None:
    """A new row, or the cells of a row of the same group and name in an earlier table (another track)."""
    named = parsed.rows_by_name.setdefault((row.group, row.name), NamedRows())
    if named.table != row.table:  # the rows of the table before are earlier rows now
        named.earlier += named.current
        named.table, named.current = row.table, []
    # the occurrence-th such row of the earlier tables, in order
    earlier = named.earlier[occurrence - 1] if occurrence <= len(named.earlier) else None
    if earlier is not None and not {id(lvl) for lvl, _ in earlier.cells} & {id(lvl) for lvl, _ in row.cells}:
        earlier.cells += row.cells
        earlier.description = earlier.description or row.description
    else:
        parsed.rows.append(row)
        named.current.append(row)


class _Joining:
    """The rows continuing one row, kept as lists and joined once: joining them one by one copied the growing
    cell texts every time (quadratic in the number of rows)."""

    def __init__(self, row: Row, levels: list[Level]) -> None:
        texts = {id(level): text for level, text in row.cells}
        self.row, self.levels = row, levels
        self.parts = [[texts.get(id(level), "")] for level in levels]

    def join(self) -> None:
        """The row's cells: one per level column of this table, its lines joined by line breaks."""
        self.row.cells = [(level, "\n".join(t for t in parts if t)) for level, parts in zip(self.levels, self.parts)]


def _continue_row(parsed: Parsed, line: int, cells: list[tuple[Level, str]], file: str,
                  joining: _Joining | None) -> _Joining:
    """A row with no competency name continues the row above (a wrapped spreadsheet cell)."""
    if not parsed.rows:
        raise InvalidFile("row has no competency name in the first column", Location(file, line, 1))
    row = parsed.rows[-1]
    if joining is None or joining.row is not row:
        if joining:
            joining.join()
        joining = _Joining(row, [level for level, _ in cells])
    for parts, (_, extra) in zip(joining.parts, cells):
        parts.append(extra)
    parsed.unplaced.append(Unplaced(line, " | ".join(t for _, t in cells if t), f"joined to row '{row.name}' above"))
    return joining


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
    for _line, cells in rows[:header]:
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


_QUALIFIER = re.compile(r"(?P<base>.+?)\s*\((?P<qualifier>[^()]+)\)")


def _column_levels(titles: list[str], parsed: Parsed, track: Track, line: int, literal: bool = False) -> list[Level]:
    """One level per column, never two columns as one. Where a parenthetical partitions the columns ("Senior 2
    (Individual Contributor)" / "Senior 2 (People Manager)"), each qualifier is a track, and the columns of one
    base title share a rank and are parallel; the other columns rank by position."""
    split = [_QUALIFIER.fullmatch(plain(t)) for t in titles]
    bases: dict[str, set[str]] = {}
    for m in split:
        if m:
            bases.setdefault(m.group("base").casefold(), set()).add(m.group("qualifier"))
    partition = any(len(q) > 1 for q in bases.values())
    names = Counter(slug(name_part(plain(t))) for t in titles)  # columns whose short ids would collide
    taken: set[int] = set()
    levels: list[Level] = []
    rank, last_base = 0, None
    for title, m in zip(titles, split):
        base = m.group("base").casefold() if m else plain(title).casefold()
        on = parsed.track(m.group("qualifier")) if partition and m and len(bases.get(base, ())) > 1 else track
        level = parsed.add_level(title, on, line, from_table=True, taken=taken,
                                 whole=names[slug(name_part(plain(title)))] > 1, literal=literal)
        taken.add(id(level))
        if partition and level.rank is None:
            rank += base != last_base
            level.rank = rank
        last_base = base
        levels.append(level)
    if partition:
        for level in levels:
            level.parallel += [other.wanted for other in levels if other is not level and other.rank == level.rank
                               and other.track is not level.track and other.wanted not in level.parallel]
    return levels


_WORDS = re.compile(r"\w+")
_TITLE_COLUMN = re.compile(r"(?:job |role |level )?(?:titles?|names?)", re.I)
_ROWS_HEADER = re.compile(r"(?:career\s+)?(?:levels?|grades?|bands?|titles?|roles?|positions?|ranks?|steps?)", re.I)


_TICK = re.compile(r"(?:yes|no|y|n|true|false|x|✓|✔|✗|✘|[-–—]|\d+(?:\.\d+)?%?)?", re.I)


def _substantive(cells: list[str]) -> bool:
    """Body cells that say something, not only Yes/No, ticks and numbers."""
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and sum(not _TICK.fullmatch(c) for c in filled) * 2 > len(filled)


def table_shape(block: Block) -> str | None:
    """'columns' (levels across the header row), 'rows' (a level per row, areas across) or None (a table
    that does not hold a ladder: an overview, a glossary, a Yes/No chart)."""
    if len(block.rows) < 2 or len(block.rows[0][1]) < 2:
        return None
    header = block.rows[0][1]
    body = [cells for _, cells in block.rows[1:]]
    inner = [c for cells in body for c in cells[1:]]
    named_columns = sum(names_level(h) for h in header[1:])
    # '| Skill | L1 |' is a matrix too, and so is a competency column beside columns half of which name levels
    first = plain(header[0])
    enough = named_columns >= 2 or (named_columns == 1 and (
        len(header) == 2 or bool(_NAME_COLUMN.fullmatch(first) or _GROUP_COLUMN.fullmatch(first))))
    if enough and named_columns * 2 >= len(header) - 1 and _substantive(inner):
        return "columns"
    firsts = [cells[0] for cells in body if cells and cells[0].strip()]
    named = sum(level_heading(c) is not None or names_level(c) for c in firsts)
    if ((named >= 2 and named * 2 >= len(firsts)) or (_ROWS_HEADER.fullmatch(plain(header[0])) and named)) and (
            _substantive(inner)):
        return "rows"
    return None


def read_table(block: Block, parsed: Parsed, file: str, track: Track, group: str | None = None) -> None:
    """A table the reader takes as the ladder: levels across (a competency matrix) or a level per row."""
    if table_shape(block) == "rows":
        read_level_rows(block, parsed, file, track)
    else:
        read_matrix(_spread(block), parsed, file, track, group, literal=True)


def _spread(block: Block) -> list[tuple[int, list[str]]]:
    """The rows with a cell that spans several level columns (HTML colspan) giving its text to each of them."""
    if not block.spanned:
        return block.rows
    out = []
    for index, (line, row) in enumerate(block.rows):
        cells = list(row)
        for col in range(1, len(cells)):
            if (index, col) in block.spanned and not cells[col]:
                cells[col] = cells[col - 1]
        out.append((line, cells))
    return out


def read_level_rows(block: Block, parsed: Parsed, file: str, track: Track) -> None:
    """A level per row (a name in the first column), the other columns areas; rows with an empty first cell
    continue the level above (a row-spanning level cell). A row right under the level with one filled cell is
    its summary; each line of a cell is an expectation."""
    (header_line, header), body = block.rows[0], block.rows[1:]
    parsed.skipped += [(header_line, cell, "header of the column that names the levels or their titles")
                       for k, cell in enumerate(header) if k == 0 or _TITLE_COLUMN.fullmatch(plain(cell))]
    level: Level | None = None
    fresh = False
    for line, cells in body:
        if cells and cells[0].strip():
            level = parsed.add_level(cells[0], track, line)
            check_levels(len(parsed.levels), file, line)
            fresh = True
        if level is None:
            raise InvalidFile("table row before any level: the first column should name the level",
                              Location(file, line, 1), "put the level's name in the first cell of its first row")
        filled = [(k, c) for k, c in enumerate(cells[1:], 1) if c.strip()]
        if fresh and len(filled) == 1 and len(header) > 2 and not level.areas:
            level.summary += [t for t in filled[0][1].split("\n") if t.strip()]
        else:
            for k, text in filled:
                name = plain(header[k]) if k < len(header) and header[k].strip() else None
                if name and _TITLE_COLUMN.fullmatch(name) and fresh and "\n" not in text:
                    level.aliases.append(level.title)  # '| P1 | Product Designer I |': the code's title
                    level.title = text.strip()
                    continue
                area = next((a for a in level.areas if a.name == name), None)
                if area is None:
                    area = Area(name, line)
                    level.areas.append(area)
                area.bullets += [Bullet(t.strip(), line) for t in text.split("\n") if t.strip()]
        fresh = fresh and not filled
