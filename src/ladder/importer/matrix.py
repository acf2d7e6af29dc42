"""Competency matrices (pipe tables, CSV, TSV) into the parsed form: header row = levels, first column = competency."""

from __future__ import annotations

import csv
import io
import re

from ladder.errors import InvalidFile, Location
from ladder.importer.parsed import FORMAT_NAMES, Level, NamedRows, Parsed, Row, Track, Unplaced, check_levels
from ladder.importer.text import plain

NONE_CELL = re.compile(r"(none|n/?a|-|—|–)\.?", re.I)
_DESCRIPTION_COLUMN = re.compile(r"(description|definition|what it means)", re.I)
_GROUP_COLUMN = re.compile(r"(category|area|group|pillar|theme|dimension|domain|section)s?", re.I)
_NAME_COLUMN = re.compile(r"(sub-?)?(competency|competencies|skills?|attributes?|behaviou?rs?|topics?)", re.I)


def read_matrix(rows: list[tuple[int, list[str]]], parsed: Parsed, file: str, track: Track,
                group: str | None = None) -> None:
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
    levels = [parsed.add_level(title, track, header_line, from_table=True) for title in header[first:]]
    check_levels(len(parsed.levels), file, header_line)
    seen: dict[tuple[str | None, str], int] = {}
    joining: _Joining | None = None
    for line, cells in body:
        if grouped and cells[0].strip():
            group = plain(cells[0])  # a merged category cell is exported once, then left blank
        name, texts = plain(cells[name_col]), [c.strip() for c in cells[first:]]
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
