"""Markdown split into blocks: headings (ATX and setext), paragraphs, nested lists and pipe tables.

Comments and front matter are recorded as unplaced; a malformed table or an over-deep list is a
located InvalidFile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ladder.errors import InvalidFile, Location
from ladder.importer.parsed import MAX_LEVELS, Bullet, Unplaced
from ladder.importer.text import clean
from ladder.signatures import MADE_BY_EXPORT

# Nested bullets become nested groups, three YAML levels each; ten stay well inside the loader's limit of 64.
MAX_NESTING = 10


@dataclass(eq=False)
class Block:
    """A run of Markdown: a heading, a paragraph, a list (with nested bullets) or a table (rows of cells)."""

    kind: str  # heading | para | list | table
    line: int
    text: str = ""
    depth: int = 0
    lines: int = 1
    bullets: list[Bullet] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


# The text after the #s; _heading_text drops the closing #s. (One pattern ending "(.*?)(?:[ \t]+#+)?[ \t]*"
# retried the closing sequence at every character: quadratic in a run of spaces.)
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BULLET = re.compile(r"([ \t]*)(?:[-*+•◦▪‣]|\d{1,9}[.)])[ \t]+(\S.*)")
_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
# A pipe either side of the first and last cell is optional; each is followed by its own run of spaces, so no run
# of spaces can be split between two [ \t]* (as "[ \t]*\|?[ \t]*" could: quadratic).
_DELIM = re.compile(r"[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"\A {0,3}> ?")  # a quote marker starts the line; "a -> b" keeps its ">"


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
            if not line.lstrip().startswith(MADE_BY_EXPORT):  # ladder's own first line needs no note
                unplaced.append(Unplaced(i + 1, " ".join(lines[i:end + 1]), "HTML comment, ignored"))
            i = end + 1
        elif m := _ATX.fullmatch(line):
            blocks.append(Block("heading", i + 1, clean(_heading_text(m.group(2) or "")), len(m.group(1))))
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


def _heading_text(text: str) -> str:
    """An ATX heading's text without its closing sequence ('Title ##' -> 'Title'): '#'s after a space or tab."""
    text = text.rstrip(" \t")
    body = text.rstrip("#")
    return body.rstrip(" \t") if body != text and body[-1:] in (" ", "\t") else text


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
    start = i
    parts: list[str] = []
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
    wrapped: dict[Bullet, list[str]] = {}  # joined once at the end: appending line by line copied the text each time
    while i < len(lines):
        line = lines[i].expandtabs(4)
        if m := _BULLET.fullmatch(line):
            indent, bullet = len(m.group(1)), Bullet(clean(m.group(2)), i + 1)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if len(stack) >= MAX_NESTING:
                raise InvalidFile(f"bullets nested more than {MAX_NESTING} levels deep",
                                  Location(file, i + 1, indent + 1), "a ladder never needs this; flatten the list")
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
            wrapped.setdefault(stack[-1][1], []).append(clean(line))
        i += 1
    for bullet, more in wrapped.items():
        bullet.text = " ".join(t for t in (bullet.text, *more) if t)
    blocks.append(block)
    return i


def _table_starts(lines: list[str], i: int) -> bool:
    return ("|" in lines[i] and i + 1 < len(lines) and "|" in lines[i + 1] and "-" in lines[i + 1]
            and not lines[i + 1].strip(" \t|:-") and _DELIM.fullmatch(lines[i + 1]) is not None)


def _take_table(lines: list[str], i: int, file: str, blocks: list[Block]) -> int:
    header = split_cells(lines[i])
    if len(header) > MAX_LEVELS + 3:  # a column per level, after at most a group, a name and a description
        raise InvalidFile(f"table has {len(header):,} columns, more than {MAX_LEVELS:,} levels",
                          Location(file, i + 1, 1), "a ladder never needs this many; split the table")
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
