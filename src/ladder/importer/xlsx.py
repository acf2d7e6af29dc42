"""XLSX workbooks into the parsed form: every sheet read as a ladder or reported, every cell in the ledger.

The cells naming levels decide the shape: levels across with competency names left of them (a matrix), levels
across with nothing left of them (a competency per sheet, as in an assessment template, whose short answers beside
each level column are ratings), or levels down a column (a level per row). Formulas are never ladder text.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ladder.errors import InvalidFile, Location, shown
from ladder.importer.ledger import Ledger
from ladder.importer.matrix import read_level_rows, read_matrix
from ladder.importer.options import Options
from ladder.importer.parsed import Area, Block, Bullet, Level, Parsed, Track, Unplaced, check_levels
from ladder.importer.text import CONTROL, names_level, plain

MAX_CELLS = 200_000  # non-empty cells; a ladder workbook has a few hundred
MAX_ENTRIES, MAX_UNPACKED = 10_000, 64 * 1024 * 1024  # zip entries; bytes of all entries unpacked
MAX_RATIO, BIG_ENTRY = 100, 1024 * 1024  # unpacked / packed size of an entry over BIG_ENTRY bytes
MAX_CELL_TAGS, MAX_MERGED = 1_000_000, 500_000  # cell elements, merged cells: openpyxl makes an object for each
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE compound file: an .xls workbook, or an encrypted .xlsx
_BOMB = "a ladder workbook unpacks to well under a megabyte; this one is refused as a possible zip bomb"
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>]")
_MERGE_TAG = re.compile(rb'<(?:\w+:)?mergeCell\b[^<>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"')
_NUMBERED = re.compile(r"\A(\d{1,2})\s*[/.):\-–—]\s*(\S.*)\Z")  # "1/ Junior": rank 1, title Junior
_RATING = "rating column of the assessment template (assessment input, not ladder text)"
_FORMULA = "formula, not read"


@dataclass(eq=False)
class _Sheet:
    """One worksheet's non-empty cells as text (keyed (row, column), in row order), and the reasons given."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    rows: dict[int, list[int]] = field(default_factory=dict)  # row -> its non-empty columns, in order
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min row, min col, max row, max col
    reasons: dict[tuple[int, int], str] = field(default_factory=dict)  # cells left out on purpose, and why

    def text(self, r: int, c: int) -> str:
        return "" if (r, c) in self.formulas else self.cells.get((r, c), "")

    def skip(self, r: int, c: int, reason: str) -> None:
        self.reasons.setdefault((r, c), reason)

    def pairs(self, rows: Iterable[int]) -> Iterator[tuple[int, int]]:
        return ((r, c) for r in rows for c in self.rows.get(r, []))

    def where(self, file: str, r: int, c: int) -> Location:
        from openpyxl.utils.cell import get_column_letter  # type: ignore[import-untyped]

        return Location(file, r, c, f"sheet '{self.name}', cell {get_column_letter(c)}{r}")


@dataclass
class _Plan:
    kind: str  # matrix | columns | rows
    line: int  # the header row (0 for levels down a column with none)
    cols: list[int]  # the level columns (rows: the level column)
    body: list[int]  # the rows read, score rows left out
    texts: list[list[int]] = field(default_factory=list)  # each level's text columns (across)
    rating: set[int] = field(default_factory=set)  # rating columns (across)


def read_xlsx(path: Path | bytes, file: str, ledger: Ledger, options: Options) -> Parsed:
    """The parsed form of a workbook, every non-empty cell a unit of the ledger (``file`` names it there)."""
    book = _open(path, file)
    sheets = _sheets(book, file)
    if not any(sheet.cells for sheet in sheets):
        raise InvalidFile("workbook has no cells, expected a ladder", Location(file, 1, 1),
                          "put the ladder in a sheet: a row naming the levels, their expectations under them")
    plans = [_plan(sheet, file) for sheet in sheets]
    if not any(isinstance(plan, _Plan) for plan in plans):
        why = "; ".join(f"sheet '{shown(s.name)}' {p}" for s, p in zip(sheets, plans))
        raise InvalidFile(f"no sheet holds a ladder: {why}", Location(file, 1, 1, f"sheet '{sheets[0].name}'"),
                          "a ladder sheet has a row (or a column) naming two or more levels, such as 'Junior', "
                          "'L2' or '1/ Senior', with their expectations under (or beside) them")
    parsed = Parsed(title=getattr(book.properties, "title", None) or None)
    track = parsed.track(None)
    several = sum(isinstance(plan, _Plan) for plan in plans) > 1
    for sheet, plan in zip(sheets, plans):
        if isinstance(plan, _Plan):
            try:
                _READERS[plan.kind](sheet, plan, parsed, file, track, several)
            except InvalidFile as exc:  # the table readers' errors give the row: name the sheet too
                at = exc.location or Location(file)
                raise InvalidFile(exc.message, at._replace(path=at.path or f"sheet '{sheet.name}', row {at.line}"),
                                  exc.hint) from None
            check_levels(len(parsed.levels), file, plan.line)
        else:
            for r, c in sheet.cells:
                sheet.skip(r, c, f"{_FORMULA} (sheet '{sheet.name}' {plan})" if (r, c) in sheet.formulas
                           else f"sheet '{sheet.name}' {plan}")
            parsed.unplaced.append(Unplaced(min(sheet.rows), f"sheet '{sheet.name}'", f"not a ladder sheet: {plan}"))
        for (r, c), text in sheet.cells.items():
            ledger.add("cell", text, sheet.where(file, r, c))
            if (r, c) in sheet.reasons:
                ledger.skip(sheet.where(file, r, c), text, sheet.reasons[(r, c)])
    parsed.unplaced += [Unplaced(1, f"sheet '{chart.title}'", "chart sheet, not read") for chart in book.chartsheets]
    return parsed


def _stream(source: Path | bytes) -> BinaryIO:
    """The workbook to read: its bytes as ladder read them (size and file checks done), or a path."""
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")


def _open(path: Path | bytes, file: str) -> Any:
    """The workbook, once the archive is known to be an XLSX zip and no zip bomb (by its own numbers)."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    where = Location(file, 1, 1)
    try:
        with _stream(path) as stream:
            ole = stream.read(8) == _OLE
        if ole:
            raise InvalidFile("this is an Excel 97-2003 workbook (.xls) or a password-protected one, not an XLSX "
                              "workbook", where, "save it as .xlsx (File → Save As → Excel Workbook), unprotected")
        if not zipfile.is_zipfile(_stream(path)):
            raise InvalidFile("not an XLSX workbook: an .xlsx file is a zip archive, and this file is not one", where,
                              "save the workbook as .xlsx, or name the file's real format with --from")
        with zipfile.ZipFile(_stream(path)) as archive:
            _check_entries(archive, file)
        # a file object: openpyxl would refuse a path by its extension (--from xlsx names the format)
        with warnings.catch_warnings(), _stream(path) as stream:
            warnings.simplefilter("ignore")  # openpyxl warns of parts it drops; stderr carries the report
            return openpyxl.load_workbook(stream, data_only=False)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, TypeError, IndexError,
            AttributeError, SyntaxError, EOFError, zlib.error, RuntimeError, NotImplementedError, InvalidFileException):
        raise InvalidFile("cannot read the workbook: its zip archive or its parts are damaged, or it is not a "
                          "spreadsheet", where, "open it in a spreadsheet program and save it again as .xlsx") from None


def _check_entries(archive: zipfile.ZipFile, file: str) -> None:
    """Entries, sizes, ratios; then cell elements and merged cells, which openpyxl makes an object each for."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if len(infos) > MAX_ENTRIES:
        raise InvalidFile(f"workbook has more than {MAX_ENTRIES:,} parts (zip entries)", Location(file, 1, 1), _BOMB)
    wheres = [Location(file, 1, 1, f"zip entry '{info.filename}'") for info in infos]
    for where, info in zip(wheres, infos):
        if info.file_size > BIG_ENTRY and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InvalidFile(f"workbook part '{shown(info.filename)}' unpacks to {info.file_size:,} bytes from "
                              f"{info.compress_size:,}, over {MAX_RATIO} times its packed size", where, _BOMB)
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise InvalidFile(f"workbook unpacks to more than {MAX_UNPACKED // 2**20} MiB", Location(file, 1, 1), _BOMB)
    cells = merged = 0
    for where, info in zip(wheres, infos):
        data = archive.read(info)  # at most MAX_UNPACKED bytes: zipfile stops at the size checked above
        cells += sum(1 for _ in itertools.islice(_CELL_TAG.finditer(data), MAX_CELL_TAGS + 1))
        for m in itertools.islice(_MERGE_TAG.finditer(data), MAX_MERGED + 1):  # each merges a cell at least
            left, right = (functools.reduce(lambda n, b: n * 26 + b - 64, m.group(k).upper(), 0) for k in (1, 3))
            merged += (abs(int(m.group(4)) - int(m.group(2))) + 1) * (abs(right - left) + 1)
        if cells > MAX_CELL_TAGS:
            raise InvalidFile(f"workbook has more than {MAX_CELL_TAGS:,} cells (empty formatted ones count too)",
                              where, "delete the unused rows and columns, or split the workbook")
        if merged > MAX_MERGED:
            raise InvalidFile(f"merged ranges cover more than {MAX_MERGED:,} cells", where, "unmerge the large ranges")


def _sheets(book: Any, file: str) -> list[_Sheet]:
    """Every worksheet's non-empty cells (never its dimensions' rectangle: one far cell makes that billions)."""
    count, out = 0, []
    for ws in book.worksheets:
        sheet = _Sheet(ws.title)
        for (r, c), cell in sorted(ws._cells.items()):
            text = _value(cell)
            if text is None:
                continue
            count += 1
            if count > MAX_CELLS:
                raise InvalidFile(f"more than {MAX_CELLS:,} non-empty cells", sheet.where(file, r, c),
                                  "a ladder never needs this many; split the workbook")
            if found := CONTROL.search(text):
                raise InvalidFile(f"cell holds the control character {ord(found.group()):#04x}",
                                  sheet.where(file, r, c), "remove it: ladder validate refuses control characters")
            sheet.cells[(r, c)] = text
            sheet.rows.setdefault(r, []).append(c)
            if cell.data_type == "f":
                sheet.formulas.add((r, c))
        sheet.merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        out.append(sheet)
    return out


def _value(cell: Any) -> str | None:
    """A cell as text: a formula's own text (an array formula keeps it in .text), a number as written."""
    value = cell.value if cell.data_type != "f" else getattr(cell.value, "text", cell.value)
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value).upper()
    text = value.isoformat() if hasattr(value, "isoformat") else repr(value).removesuffix(".0") if isinstance(
        value, float) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.strip() else None


def _names_level(text: str) -> bool:
    """A short cell that names a level ('1/ Junior', 'L3', 'Senior'); not a sentence that mentions one."""
    title = plain(text)
    words = title.split()
    return ("\n" not in title and len(title) <= 60 and len(words) <= 6
            and not (title.endswith(".") and len(words) > 3) and names_level(title))


def _label(text: str) -> bool:
    """A short label such as 'Level result', or an answer such as 'Nope' or '3': not a sentence."""
    return len(text.split()) <= 4 and len(text) <= 40 and not text.rstrip().endswith(".")


def _plan(sheet: _Sheet, file: str) -> _Plan | str:
    """How the sheet holds a ladder (levels across the row naming most, or down a column), or why it holds none."""
    if not sheet.cells:
        return "is empty"
    across: dict[int, list[int]] = {}
    down: dict[int, list[int]] = {}
    for (r, c), text in sheet.cells.items():
        if (r, c) not in sheet.formulas and _names_level(text):
            across.setdefault(r, []).append(c)
            down.setdefault(c, []).append(r)
    row = max(across, key=lambda r: (len(across[r]), -r), default=0)
    col = max(down, key=lambda c: (len(down[c]), -c), default=0)
    if len(across.get(row, [])) >= max(2, len(down.get(col, []))):
        return _across(sheet, file, row, across[row])
    if len(down.get(col, [])) < 2:
        return "has no level columns (no row or column names two or more levels)"
    first = down[col][0]  # the areas' header: the nearest row above the first level with cells right of it
    header = max((r for r in sheet.rows if r < first and any(c > col for c in sheet.rows[r])), default=0)
    score = _score_rows(sheet, [r for r in sheet.rows if r >= first])
    return _Plan("rows", header, [col], [r for r in sheet.rows if r >= first and r not in score])


def _across(sheet: _Sheet, file: str, row: int, named: list[int]) -> _Plan | str:
    """Levels across, each spanning the columns up to the next (or its merged header's); names left: a matrix."""
    cols = [c for c in sheet.rows[row] if named[0] <= c <= named[-1] and (row, c) not in sheet.formulas]
    check_levels(len(cols), file, row)
    gap = min((b - a for a, b in itertools.pairwise(cols)), default=1)
    merged = max((m[3] for m in sheet.merged if m[0] == row and m[1] == cols[-1]), default=cols[-1])
    ends = [b - 1 for a, b in itertools.pairwise(cols)] + [max(cols[-1] + gap - 1, merged)]
    for c in (c for c in sheet.rows[row] if (row, c) in sheet.formulas):
        if named[0] <= c <= ends[-1]:
            raise _formula(sheet, file, row, c)
        sheet.skip(row, c, _FORMULA)
    score = _score_rows(sheet, [r for r in sheet.rows if r > row])
    body = [r for r in sheet.rows if r > row and r not in score]
    if not any(sheet.text(r, c) for r, c in sheet.pairs(body) if cols[0] <= c <= ends[-1]):
        return "names levels but holds no text under them"
    left = any(sheet.text(r, c) for r, c in sheet.pairs(body) if c < cols[0])
    plan = _Plan("matrix" if left else "columns", row, cols, body)
    by_col: dict[int, list[str]] = {}  # the text columns of each level's span, and the rating columns
    for r, c in (cell for cell in sheet.pairs(body) if sheet.text(*cell)):
        by_col.setdefault(c, []).append(sheet.text(r, c))
    for col, end in zip(cols, ends):
        span = sorted(k for k in by_col if col < k <= end)
        plan.rating |= {c for c in span if all(_label(t) for t in by_col[c])}
        plan.texts.append([col, *(c for c in span if c not in plan.rating)])
    return plan


def _score_rows(sheet: _Sheet, rows: list[int]) -> set[int]:
    """Rows of formulas beside short labels ('Level result', 'Total'): a score, not ladder text."""
    score = set()
    for r in rows:
        labels = [sheet.cells[(r, c)] for c in sheet.rows[r] if (r, c) not in sheet.formulas]
        if 0 < len(labels) < len(sheet.rows[r]) and all(_label(t) for t in labels):
            score.add(r)
            for c in sheet.rows[r]:
                sheet.skip(r, c, "formula (score row), not read" if (r, c) in sheet.formulas
                           else "label of a score row (formulas beside it), not read")
    return score


def _formula(sheet: _Sheet, file: str, r: int, c: int) -> InvalidFile:
    return InvalidFile("cell holds a formula; ladder reads values, not formulas", sheet.where(file, r, c),
                       "paste the values (Paste special → Values) and import again")


def _finish(sheet: _Sheet, plan: _Plan, file: str, read: set[int]) -> None:
    """Refuse a formula in a column of ladder text; give a reason to every other cell not read."""
    for r, c in sheet.pairs([plan.line, *plan.body]):
        if (r, c) in sheet.formulas and c in read and r != plan.line:
            raise _formula(sheet, file, r, c)
        if (r, c) in sheet.formulas:
            sheet.skip(r, c, _FORMULA)
        elif c in plan.rating:
            sheet.skip(r, c, _RATING)
        elif c not in read and c not in plan.cols:
            sheet.skip(r, c, "header of a column that is not a level" if r == plan.line else "outside the ladder "
                       "table" if plan.kind == "rows" else "outside the level columns")


def _above(sheet: _Sheet, line: int) -> list[str]:
    """The texts above the header row, in reading order (a formula there is left out)."""
    above = [cell for cell in sheet.pairs(sheet.rows) if cell[0] < line]
    for r, c in (cell for cell in above if cell in sheet.formulas):
        sheet.skip(r, c, _FORMULA)
    return [sheet.text(r, c).strip() for r, c in above if sheet.text(r, c)]


def _heading(parsed: Parsed, texts: list[str]) -> None:
    """Texts above a table: the framework's title (the first, when it has none yet), then its description."""
    if texts and parsed.title is None:
        parsed.title, texts = plain(texts[0]), texts[1:]
    parsed.description += texts


def _read_columns(sheet: _Sheet, plan: _Plan, parsed: Parsed, file: str, track: Track, several: bool) -> None:
    """A competency per sheet: its area in each level, the summary row the area's note, an expectation a row."""
    read = {c for cols in plan.texts for c in cols}
    above = _above(sheet, plan.line)
    name = plain(above[0]) if above else sheet.name
    parsed.description += [f"{name}: {text}" for text in above[1:]]
    titles = [sheet.text(plan.line, c) for c in plan.cols]
    levels: list[Level] = []
    for title in (_NUMBERED.sub(r"\2", plain(t)) for t in titles):
        levels.append(parsed.add_level(title, track, plan.line, from_table=True, taken={id(lvl) for lvl in levels}))
    _number_levels(parsed, track, titles)
    filled = [r for r in plan.body if any(sheet.text(r, c) for c in read)]
    summary = _summary_row(sheet, filled, plan.rating)
    for level, cols in zip(levels, plan.texts):
        note = "\n".join(t for c in cols if (t := sheet.text(summary, c).strip())) if summary else ""
        bullets = [Bullet(t, r) for r in filled if r != summary for c in cols if (t := sheet.text(r, c).strip())]
        if bullets:
            area = next((a for a in level.areas if a.name == name), None) or Area(name, plan.line)
            level.areas += [] if area in level.areas else [area]
            area.bullets += bullets
            area.notes += [note] if note else []
        elif note:
            level.notes.append(f"{name}: {note}")
    _finish(sheet, plan, file, read)


def _summary_row(sheet: _Sheet, rows: list[int], rating: set[int]) -> int | None:
    """The first row is the summaries when the rest is rated and it is not, or (none rated) when a wider gap
    than any later one parts it from the rest."""
    rated = {r for r in rows for c in rating if sheet.text(r, c)}
    gaps = [b - a for a, b in itertools.pairwise(rows[1:])]
    if len(rows) < 2 or rows[0] in rated:
        return None
    return rows[0] if (rated & set(rows[1:]) if rated else rows[1] - rows[0] > min(gaps, default=1)) else None


def _number_levels(parsed: Parsed, track: Track, texts: list[str]) -> None:
    """Rank and alias of the levels read from numbered titles ('1/ Junior': titled Junior, rank 1)."""
    for text, numbered in ((t.strip(), _NUMBERED.fullmatch(plain(t))) for t in texts):
        title = plain(numbered.group(2)) if numbered else None
        level = next((lvl for lvl in reversed(parsed.levels) if lvl.track is track and lvl.title == title), None)
        if numbered and level:
            level.rank = int(numbered.group(1)) if level.rank is None else level.rank
            level.aliases += [text] if text != level.title and text not in level.aliases else []


def _read_matrix(sheet: _Sheet, plan: _Plan, parsed: Parsed, file: str, track: Track, several: bool) -> None:
    """A competency matrix: the columns left of the levels, a level per span (its columns joined), a row each."""
    left = sorted({c for r, c in sheet.pairs([plan.line, *plan.body]) if c < plan.cols[0]})
    read = set(left) | {c for cols in plan.texts for c in cols}
    _heading(parsed, _above(sheet, plan.line))
    titles = [sheet.text(plan.line, c) for c in plan.cols]
    rows = [(plan.line, [sheet.text(plan.line, c) for c in left] + [_NUMBERED.sub(r"\2", plain(t)) for t in titles])]
    for r in plan.body:
        cells = [sheet.text(r, c) for c in left]
        cells += ["\n".join(t for c in cols if (t := sheet.text(r, c))) for cols in plan.texts]
        rows += [(r, cells)] if any(cells) else []
    before = len(parsed.skipped)
    read_matrix(rows, parsed, file, track, sheet.name if several else None)
    for line, text, why in parsed.skipped[before:]:  # header cells of the columns left of the levels
        for c in (c for c in left if sheet.text(line, c) == text):
            sheet.skip(line, c, why)
    del parsed.skipped[before:]
    _number_levels(parsed, track, titles)
    _finish(sheet, plan, file, read)


def _read_rows(sheet: _Sheet, plan: _Plan, parsed: Parsed, file: str, track: Track, several: bool) -> None:
    """A level per row: the level column, the header row above the first level naming the areas across."""
    col, header = plan.cols[0], plan.line
    last = max(c for r, c in sheet.pairs([header, *plan.body]))
    _heading(parsed, _above(sheet, header or plan.body[0]))
    rows = [(header, [sheet.text(header, c) for c in range(col, last + 1)])]
    areas = range(col + 1, last + 1)
    rows += [(r, [_NUMBERED.sub(r"\2", plain(sheet.text(r, col))), *(sheet.text(r, c) for c in areas)])
             for r in plan.body]
    block = Block("table", header or plan.body[0], rows=rows, sheet=sheet.name, first_col=col)
    read_level_rows(block, parsed, file, track)
    _number_levels(parsed, track, [sheet.text(r, col) for r in plan.body])
    _finish(sheet, plan, file, set(range(col, last + 1)))


_READERS: dict[str, Callable[[_Sheet, _Plan, Parsed, str, Track, bool], None]] = {
    "columns": _read_columns, "matrix": _read_matrix, "rows": _read_rows}
