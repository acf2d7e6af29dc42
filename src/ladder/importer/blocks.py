"""Markdown into blocks (headings, paragraphs, nested lists, tables) with markdown-it-py, a CommonMark parser.

Inline syntax becomes plain text: emphasis and code marks go, a link keeps its text (its target is kept as a
source link), an image is left out with a note, inline HTML tags go (``<br>`` is a line break). HTML blocks go
to the HTML reader, so a ``<table>`` inside Markdown is read as a table; a raw ``<table>`` is taken whole even
where blank lines inside it would end a CommonMark HTML block. Code blocks and comments are left out, each
with a note. A malformed table or an over-deep list is a located InvalidFile.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ladder.errors import InvalidFile, Location
from ladder.importer.parsed import MAX_LEVELS, Block, Bullet, Unplaced
from ladder.signatures import MADE_BY_EXPORT

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Nested bullets become nested groups, three YAML levels each; ten stay well inside the loader's limit of 64.
MAX_NESTING = 10

_BR = re.compile(r"<br\s*/?>", re.I)
_HIDDEN = re.compile(r"</?(?:script|style|template|noscript)\b", re.I)
_TABLE_OPEN = re.compile(r" {0,3}<table[\s>]", re.I)
_TABLE_TAG = re.compile(r"<(/?)table[\s>]", re.I)


def markdown_blocks(text: str, file: str, unplaced: list[Unplaced],
                    links: list[tuple[str, str]] | None = None) -> list[Block]:
    """Markdown as blocks in source order; comments, code, images and raw HTML other than tables go to
    ``unplaced`` with a reason; each link's (text, target) is appended to ``links``."""
    lines = text.split("\n")
    tables = _raw_tables(lines)
    for start, end in tables:
        lines[start:end] = [""] * (end - start)
    parser = _parser()
    reader = _Reader(file, lines, unplaced, links if links is not None else [])
    blocks = reader.read(parser.parse("\n".join(lines)))
    for start, end in tables:
        blocks += reader.html(text.split("\n")[start:end], start + 1)
    blocks.sort(key=lambda b: b.line)
    return bold_headings([b for b in blocks if b.kind != "para" or b.text])


@functools.lru_cache(maxsize=1)  # built once: inline_text calls it for every value of a structured file
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "maxNesting": 4 * MAX_NESTING + 20}).enable(
        ["table", "strikethrough"])


_MARKUP = re.compile(r"[*_`<\[~\\&]")


def inline_text(text: str, file: str = "") -> str:
    """A value of structured data (YAML, JSON) that may hold Markdown or HTML inline markup, as plain text:
    '**on time**' -> 'on time', '<em>clearly</em>' -> 'clearly'. Line breaks inside stay."""
    if not _MARKUP.search(text):
        return text
    reader = _Reader(file, [], [], [])
    return "\n".join(reader.inline(_parser().parseInline(line)[0], 0) for line in text.split("\n")).strip()


def bold_headings(blocks: list[Block]) -> list[Block]:
    """A bold line on its own right over a list ('**Senior Engineer**') is a heading one deeper than the heading
    above it, as the author meant it; a bold label ('**Responsibilities:**') under such a line is one deeper
    still (an area of it)."""
    out: list[Block] = []
    depth, bold_above = 0, False
    for k, block in enumerate(blocks):
        if block.kind == "heading":
            depth, bold_above = block.depth, False
        if (block.kind == "para" and block.bold and block.lines == 1 and k + 1 < len(blocks)
                and blocks[k + 1].kind == "list" and len(block.text) <= 120):
            label = block.text.endswith(":") and bold_above
            out.append(Block("heading", block.line, block.text.rstrip(":").strip() or block.text,
                             min(depth + (2 if label else 1), 6)))
            bold_above = bold_above or not block.text.endswith(":")
        else:
            out.append(block)
    return out


def _raw_tables(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of raw HTML tables: from a line starting with <table to the line closing it."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _TABLE_OPEN.match(lines[i]):
            depth, j = 0, i
            while j < len(lines):
                for m in _TABLE_TAG.finditer(lines[j] + " "):
                    depth += -1 if m.group(1) else 1
                j += 1
                if depth <= 0:
                    break
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


class _Reader:
    """Walks markdown-it's token stream once, building blocks."""

    def __init__(self, file: str, lines: list[str], unplaced: list[Unplaced], links: list[tuple[str, str]]) -> None:
        self.file, self.lines, self.unplaced, self.links = file, lines, unplaced, links

    def read(self, tokens: list[Token]) -> list[Block]:
        blocks: list[Block] = []
        it = iter(tokens)
        for token in it:
            line = token.map[0] + 1 if token.map else 0
            if token.type == "heading_open":
                heading = self.inline(next(it), line)
                if heading:
                    blocks.append(Block("heading", line, heading, int(token.tag[1])))
                else:  # only an image or markup: nothing names it
                    self.unplaced.append(Unplaced(line, self.lines[line - 1].strip(), "heading with no text, not read"))
            elif token.type == "paragraph_open":
                inline = next(it)
                wrapped = _wrapped(inline)
                blocks.append(Block("para", line, self.inline(inline, line), wrapped=wrapped,
                                    bold=wrapped and _significant(inline)[0].type == "strong_open",
                                    lines=(token.map[1] - token.map[0]) if token.map else 1))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                blocks.append(Block("list", line, bullets=self.items(it, token.type[:-5] + "_close", 1)))
            elif token.type == "table_open":
                blocks.append(self.table(it, line))
            elif token.type in ("fence", "code_block"):
                self.unplaced.append(Unplaced(line, token.content.strip(), "code block, not read"))
            elif token.type == "html_block":
                blocks += self.html(token.content.split("\n"), line)
        return blocks

    def inline(self, token: Token, line: int) -> str:
        """An inline token's text with its Markdown and HTML syntax removed."""
        out: list[str] = []
        label_at: int | None = None
        href = ""
        hidden = 0  # inside an inline <script> or <style>: its content is code, not text
        for child in token.children or []:
            kind = child.type
            if kind == "html_inline" and _HIDDEN.match(child.content):
                hidden += -1 if child.content.startswith("</") else 1
                continue
            if hidden > 0:
                continue
            if kind in ("text", "code_inline"):
                out.append(child.content)
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak" or (kind == "html_inline" and _BR.fullmatch(child.content.strip())):
                out.append("\n")
            elif kind == "link_open":
                label_at = len(out)
                href = str(child.attrGet("href") or "")
            elif kind == "link_close" and label_at is not None:
                if href and not href.startswith("#"):
                    self.links.append(("".join(out[label_at:]).strip(), href))
                label_at = None
            elif kind == "image":
                self.unplaced.append(Unplaced(line, child.content or str(child.attrGet("src")), "image, not read"))
        return "\n".join(part.strip() for part in "".join(out).split("\n")).strip()

    def items(self, it: Iterator[Token], close: str, depth: int) -> list[Bullet]:
        """The items of one list (up to its closing token), with nested lists as children."""
        bullets: list[Bullet] = []
        for token in it:
            if token.type == close:
                return bullets
            if token.type != "list_item_open":
                continue
            line = token.map[0] + 1 if token.map else 0
            if depth > MAX_NESTING:
                raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
                raise InvalidFile(f"bullets nested more than {MAX_NESTING} levels deep",
                                  Location(self.file, line, len(raw) - len(raw.lstrip()) + 1),
                                  "a ladder never needs this; flatten the list")
            bullet = self.item(it, line, depth)
            if bullet.text or bullet.children:
                bullets.append(bullet)
        return bullets

    def item(self, it: Iterator[Token], line: int, depth: int) -> Bullet:
        bullet = Bullet("", line)
        texts: list[str] = []
        for token in it:
            at = token.map[0] + 1 if token.map else line
            if token.type == "list_item_close":
                break
            if token.type == "inline":
                if not texts and not bullet.children:
                    bullet.label = _label(token)
                texts.append(self.inline(token, at))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                bullet.children += self.items(it, token.type[:-5] + "_close", depth + 1)
            elif token.type in ("fence", "code_block"):
                self.unplaced.append(Unplaced(at, token.content.strip(), "code block, not read"))
            elif token.type == "html_block":
                texts += [b.text for b in self.html(token.content.split("\n"), at) if b.kind != "table"]
        bullet.text = " ".join(t for t in texts if t)
        if not bullet.text and not bullet.children:  # only an image or markup: nothing to expect
            self.unplaced.append(Unplaced(line, self.lines[line - 1].strip() if 0 < line <= len(self.lines) else "",
                                          "bullet with no text (an image or markup), not read"))
        return bullet

    def table(self, it: Iterator[Token], line: int) -> Block:
        block = Block("table", line)
        row: list[str] = []
        row_line = line
        for token in it:
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                row, row_line = [], (token.map[0] + 1 if token.map else row_line + 1)
            elif token.type == "inline":
                row.append(self.inline(token, row_line))
            elif token.type == "tr_close":
                if block.rows:
                    self.check_width(row_line, len(block.rows[0][1]))
                elif len(row) > MAX_LEVELS + 3:  # a column per level, after a group, a name and a description
                    raise InvalidFile(f"table has {len(row):,} columns, more than {MAX_LEVELS:,} levels",
                                      Location(self.file, row_line, 1), "a ladder never needs this many; split it")
                block.rows.append((row_line, row))
        return block

    def check_width(self, line: int, want: int) -> None:
        """A row with more or fewer cells than the header: CommonMark pads or drops cells silently."""
        raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        cells = split_cells(raw)
        if len(cells) != want:
            col = cells[want][0] if len(cells) > want else len(raw.rstrip()) + 1
            raise InvalidFile(f"ragged table: this row has {len(cells)} cells, the header has {want}",
                              Location(self.file, line, col),
                              "give every row one cell per column (empty cells are fine)")

    def html(self, lines: list[str], line: int) -> list[Block]:
        """Raw HTML: a comment is noted, anything else goes to the HTML reader (tables stay tables)."""
        text = "\n".join(lines).strip()
        if not text:
            return []
        if text.startswith("<!--") and text.endswith("-->") and text.count("<!--") == 1:
            if not text.startswith(MADE_BY_EXPORT):  # ladder's own first line needs no note
                self.unplaced.append(Unplaced(line, text, "HTML comment, not read"))
            return []
        from ladder.importer.html import html_blocks

        return html_blocks("\n".join(lines), self.file, line, self.unplaced)


_EMPHASIS = {"em_open": "em_close", "strong_open": "strong_close"}


def _significant(token: Token) -> list[Token]:
    return [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]


def _wrapped(token: Token) -> bool:
    """The whole inline text is one emphasis span: '*Builds on s2.*', '**Principles**'."""
    children = _significant(token)
    if len(children) < 3 or _EMPHASIS.get(children[0].type) != children[-1].type:
        return False
    depth = 0
    for child in children[:-1]:
        depth += (child.type == children[0].type) - (child.type == children[-1].type)
        if depth == 0:
            return False
    return True


def _label(token: Token) -> str | None:
    """The bold lead of a list item, '**Impact**: text' or '**Impact:** text', as 'Impact'."""
    children = _significant(token)
    if not children or children[0].type not in _EMPHASIS:
        return None
    close = _EMPHASIS[children[0].type]
    end = next((k for k, c in enumerate(children) if c.type == close), None)
    if end is None or any(c.type != "text" for c in children[1:end]):
        return None
    inner = "".join(c.content for c in children[1:end]).strip()
    rest = children[end + 1].content if end + 1 < len(children) and children[end + 1].type == "text" else ""
    if inner.endswith(":") or rest.lstrip().startswith(":") or (end + 1 == len(children) and inner):
        return inner.rstrip(":").strip() or None
    return None


_PIPE = re.compile(r"(?<!\\)\|")


def split_cells(line: str) -> list[tuple[int, str]]:
    """The cells of a pipe-table row as (1-based column, raw text); outer pipes are optional, '\\|' is a pipe."""
    spans, start = [], 0
    for m in _PIPE.finditer(line):
        spans.append((start, line[start:m.start()]))
        start = m.end()
    spans.append((start, line[start:]))
    if line.lstrip().startswith("|"):
        spans = spans[1:]
    if len(spans) > 1 and not spans[-1][1].strip():
        spans = spans[:-1]
    return [(s + len(t) - len(t.lstrip()) + 1, t.strip().replace("\\|", "|")) for s, t in spans]
