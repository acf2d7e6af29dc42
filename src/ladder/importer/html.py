"""HTML (a saved page, or a fragment inside Markdown) into blocks: headings, paragraphs, lists and tables.

html.parser's tokens build an element tree as browsers do (an unclosed <p>, <li>, <td> or <tr> ends where the next
starts; a stray end tag is ignored). Scripts, styles, the head, navigation, footers, forms, frames, drawings, images
and comments never become text; each is noted. Open elements are indexed by tag and scope: a tag costs O(1).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser

from ladder.errors import InvalidFile, Location
from ladder.importer.parsed import Block, Bullet, Unplaced, flatten

MAX_NESTING = 10  # lists inside lists, as the Markdown reader allows
MAX_COLUMNS = 1_000
MAX_CELLS = 100_000  # in one table's rectangular grid
MAX_DEPTH = 256  # open elements (browsers stop nesting at 512; real pages stay under 50)
_NOTE = 200  # characters of left-out text quoted in its note

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol", "menu", "dir"}
_SECTIONS = {"thead", "tbody", "tfoot"}
_CELLS = {"td", "th"}
_TABLE = _SECTIONS | _CELLS | {"table", "tr", "caption"}
_VOID_DROPPED = {"img", "source", "input", "embed", "keygen"}  # the other void elements are ignored, or br and hr
_IGNORED = {"html", "body", "colgroup", "col", "meta", "link", "base", "wbr", "area", "param", "track", "a", "abbr",
            "span", "code", "small", "sub", "sup", "mark", "u", "s", "del", "ins", "q", "cite", "time", "label",
            "kbd", "var", "samp", "dfn", "font", "big", "tt", "bdi", "bdo", "data", "nobr"}  # no element: text flows
_BLOCK = {"address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "form", "header", "hgroup", "hr", "legend", "li", "main", "p", "pre",
          "search", "section", "summary", *_HEADINGS, *_LISTS, *_TABLE}
_PARAS = {"p", "dt", "dd", "summary", "figcaption", "legend"}
_READ = {"pre", "table", "li", *_HEADINGS, *_PARAS, *_LISTS}  # blocks read as such; the other blocks hold them
_EMPHASIS = {"strong", "b", "em", "i"}
_DROPPED = {  # left out whole (never text), each noted: tag -> what it is
    "script": "script", "style": "style sheet", "template": "template", "noscript": "no-script fallback",
    "svg": "drawing (SVG)", "head": "page head", "title": "page head", "nav": "navigation", "footer": "page footer",
    **dict.fromkeys(("picture", "img", "source"), "image"),
    **dict.fromkeys(("iframe", "frame", "object", "embed", "video", "audio", "canvas"), "embedded content"),
    **dict.fromkeys(("input", "button", "select", "textarea", "option", "optgroup", "datalist", "output", "meter",
                     "progress", "keygen"), "form control")}
_QUOTED = {"noscript", "title", "nav", "footer", "picture"}  # their notes quote the text they held
_HEAD_CONTENT = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}
_CLOSES_P = _BLOCK - _TABLE - {"legend"} | {"table", "nav", "footer"}
# Scopes: an end tag (or a new item) looks no deeper than the nearest open element of its scope's set.
_SCOPES = {"@table": {"table"}, "@scope": {"table", "td", "th", "caption"}, "@list": {"table", "td", "th", "caption",
           *_LISTS}, "@item": _BLOCK - {"address", "div", "p"}, "@block": _BLOCK, "@drop": set(_DROPPED)}
_KEYS = {tag: (tag, *[key for key, tags in _SCOPES.items() if tag in tags]) for tag in _BLOCK | set(_DROPPED)}
_END_SCOPE: dict[str, str | None] = {**dict.fromkeys([*_BLOCK, *_DROPPED], "@scope"),
                                     **dict.fromkeys(_TABLE, "@table"), "table": None, "li": "@list"}
_ITEMS = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "option": ("option",)}
_ROW_ENDS = ("thead", "tbody", "tfoot", "table")
_UNSAFE_URL = re.compile(r"\s*(?:javascript|vbscript|data):", re.I)
_DIGITS = re.compile(r"\s*\+?(\d+)")
_TAG_NAME = re.compile(r"</?([a-zA-Z][^\s/>]{0,40})")


class _Node:
    """An element: tag, line, the attributes read (colspan, rowspan), children (elements, (text, line)) and whether
    it holds a block element (an inline element that does is read as a container)."""

    __slots__ = ("attrs", "blocky", "children", "line", "tag")

    def __init__(self, tag: str, line: int, attrs: dict[str, str] | None = None,
                 holds: list[_Child] | None = None) -> None:
        self.tag, self.line, self.attrs, self.children = tag, line, attrs, holds or []
        self.blocky = holds is not None and not all(_is_inline(c) for c in holds)


_Child = _Node | tuple[str, int]


class _Builder(HTMLParser):
    """Tokens into an element tree, closing what HTML lets a page leave open and ignoring stray end tags."""

    def __init__(self, file: str, shift: int, unplaced: list[Unplaced]) -> None:
        super().__init__(convert_charrefs=True)
        self.file, self.shift, self.unplaced = file, shift, unplaced
        self.stack = [_Node("#root", shift + 1)]
        self.where: dict[str, list[int]] = {}  # a tag or scope -> the stack indexes where one is open

    def note(self, line: int, text: str, reason: str) -> None:
        text = " ".join(text.split())
        self.unplaced.append(Unplaced(line, text if len(text) <= _NOTE else text[:_NOTE - 1] + "…", reason))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.where.get("head") and tag not in _HEAD_CONTENT:  # a head left open ends where the body starts
            self.pop(self.find(("head",), None))
        if tag in _IGNORED:
            return
        if tag in _CLOSES_P and self.where.get("p"):
            self.pop(self.find(("p",), "@scope"))
        if tag in _TABLE:
            if tag == "table" or self.where.get("table"):  # a stray cell or row outside a table is ignored
                self.table_start(tag)
                self.push(tag, attrs)
        elif tag in _VOID_DROPPED:
            line = self.lineno + self.shift
            if not self.where.get("@drop"):
                self.note(line, _image_text(attrs) if tag in ("img", "source") else tag, f"{_DROPPED[tag]}, not read")
            elif tag == "img" and self.where.get("picture"):  # a picture's note quotes its image's text
                self.stack[-1].children.append((_image_text(attrs), line))
        else:
            if tag in _ITEMS:
                self.pop(self.find(_ITEMS[tag], "@item"))
            elif tag in _HEADINGS and self.stack[-1].tag in _HEADINGS:
                self.pop(len(self.stack) - 1)
            self.push(tag, attrs)

    def table_start(self, tag: str) -> None:
        """Close what a table tag ends: the open cell, row, section, or table (a table straight in a table)."""
        if tag == "table":
            self.pop(self.find(("table",), None) if self.stack[-1].tag in (*_ROW_ENDS, "tr") else None)
        elif tag in _CELLS and self.stack[self.find(("tr", "table"), None) or 0].tag == "tr":
            self.pop(self.find(("tr",), None), keep=True)
        elif tag in _CELLS:  # a cell straight in a table or section: browsers give it a row
            self.pop(self.find(_ROW_ENDS, None), keep=True)
            self.push("tr", [])
        else:
            self.pop(self.find(_ROW_ENDS if tag == "tr" else ("table",), None), keep=True)

    def push(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.stack[-1]
        node = _Node(tag, self.lineno + self.shift,
                     {k: v for k, v in attrs if v and k in ("colspan", "rowspan")} if tag in _CELLS else None)
        parent.children.append(node)
        parent.blocky = parent.blocky or tag in _BLOCK
        if tag == "br" or tag == "hr":
            return
        if len(self.stack) > MAX_DEPTH:
            raise InvalidFile(f"HTML elements nested more than {MAX_DEPTH} deep", Location(self.file, node.line, 1),
                              "a page never needs this; close the elements it leaves open")
        for key in _KEYS.get(tag, (tag,)):
            self.where.setdefault(key, []).append(len(self.stack))
        self.stack.append(node)

    def find(self, tags: tuple[str, ...] | dict[str, int], scope: str | None) -> int | None:
        """The stack index of the innermost open element of ``tags``; None if one of the scope's is nearer."""
        best = max((w[-1] for w in map(self.where.get, tags) if w), default=0)
        bound = self.where.get(scope) if scope else None
        return best if best and best >= (bound[-1] if bound else 0) else None

    def pop(self, k: int | None, keep: bool = False) -> None:
        """Close the open elements from stack index k up (keep: those above it, not it)."""
        while k is not None and len(self.stack) > k + keep:
            node = self.stack.pop()
            for key in _KEYS.get(node.tag, (node.tag,)):
                self.where[key].pop()
            self.stack[-1].blocky = self.stack[-1].blocky or node.blocky
            if node.tag in _DROPPED and not self.where.get("@drop"):  # the outermost element left out
                end = self.lineno + self.shift
                where = node.tag if end == node.line else f"{node.tag}, lines {node.line}–{end}"
                self.note(node.line, (_text(node.children)[0] if node.tag in _QUOTED else "") or where,
                          f"{_DROPPED[node.tag]}, not read")

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # browsers read </br> as <br>
            self.push("br", [])
        elif self.stack[-1].tag == tag:
            self.pop(len(self.stack) - 1)
        elif tag in _HEADINGS:
            self.pop(self.find(_HEADINGS, "@scope"))
        elif self.where.get(tag):
            self.pop(self.find((tag,), _END_SCOPE.get(tag, "@block")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # '<x/>': only SVG and MathML elements close themselves
        if tag in ("svg", "math") or self.where.get("svg") or self.where.get("math"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag == "head" and not data.isspace():  # text ends a head left open
            self.pop(len(self.stack) - 1)
        self.stack[-1].children.append((data, self.lineno + self.shift))

    def handle_comment(self, data: str) -> None:
        if not self.where.get("@drop"):
            self.note(self.lineno + self.shift, html_inline(data.removeprefix("-")), "HTML comment, not read")

    def read(self, text: str) -> _Node:
        """The element tree; what the tokenizer holds back at the end is text, or an unfinished tag or comment."""
        try:  # '<![' opens a bogus comment in HTML, ended by the first '>'; html.parser fails on marked sections
            self.feed(text.replace("<![", "<!-["))
        except AssertionError:  # html.parser's own checks: a located error, never a traceback
            raise InvalidFile("cannot read this HTML: the markup is malformed here",
                              Location(self.file, self.lineno + self.shift, 1), "check the tags on this line") from None
        rest, m = self.rawdata, _TAG_NAME.match(self.rawdata)
        if rest.startswith("<") and len(rest) > 1 and not self.cdata_elem:
            self.note(self.lineno + self.shift, m.group(1) if m else "comment" if rest.startswith("<!--") else "tag",
                      "unfinished tag or comment, not read (to the end of the file)")
        elif rest:  # text (held back for a character reference cut short), or an unclosed script's code
            self.handle_data(rest if self.cdata_elem else unescape(rest))
        self.pop(1)
        return self.stack[0]


def _image_text(attrs: list[tuple[str, str | None]]) -> str:
    alt, src = (next((v or "" for k, v in attrs if k == name), "") for name in ("alt", "src"))
    return alt.strip() or (src if src and not _UNSAFE_URL.match(src) else "image")


def _text(children: list[_Child], raw: bool = False) -> tuple[str, int]:
    """Content's text (white space collapsed unless ``raw``, <br> a line break) and the line it starts on."""
    segments: list[list[str]] = [[]]
    line, todo = 0, children[::-1]
    while todo:
        item = todo.pop()
        if isinstance(item, tuple):
            segments[-1].append(item[0])
            if not line and not item[0].isspace():
                line = item[1] + item[0][:len(item[0]) - len(item[0].lstrip())].count("\n")
        elif item.tag == "br":
            segments.append([])
        elif item.tag not in _DROPPED:  # a block in content read whole (only what is left out) is a word apart
            todo += [(" ", 0), *item.children[::-1], (" ", 0)] if item.tag in _BLOCK else item.children[::-1]
    if raw:  # <pre>: as written, less the line break after <pre> (HTML drops it too)
        return "\n".join("".join(seg) for seg in segments).removeprefix("\n").rstrip(), line
    if len(segments) == 1:
        return " ".join("".join(segments[0]).split()), line
    return "\n".join(" ".join("".join(seg).split()) for seg in segments).strip(), line


def _lead(children: list[_Child]) -> tuple[str | None, bool]:
    """The bold lead of content ('<strong>Impact:</strong> text' is 'Impact', as Markdown's '**Impact**:'), and
    whether all the content is one emphasis element (as Markdown's '**Principles**')."""
    items = [c for c in children if not (isinstance(c, tuple) and c[0].isspace())]
    if len(items) == 1 and isinstance(items[0], _Node) and items[0].tag == "p":
        items = [c for c in items[0].children if not (isinstance(c, tuple) and c[0].isspace())]
    first = items[0] if items else None
    texts = [c[0] for c in first.children if isinstance(c, tuple)] if isinstance(first, _Node) else []
    if not isinstance(first, _Node) or first.tag not in _EMPHASIS or not texts or len(texts) < len(first.children):
        return None, False
    second = items[1] if len(items) > 1 else None
    inner, rest = " ".join("".join(texts).split()), second[0] if isinstance(second, tuple) else ""
    labelled = inner.endswith(":") or rest.lstrip().startswith(":") or len(items) == 1
    return (inner.rstrip(":").strip() or None) if labelled else None, len(items) == 1 and bool(inner)


def _span(cell: _Node, name: str, limit: int) -> int:
    """A colspan or rowspan as browsers read it: its leading digits, at most ``limit`` (rowspan 0: to the end)."""
    m = _DIGITS.match((cell.attrs or {}).get(name, ""))
    return min(int(m.group(1)[:7]), limit) if m else 1


def _is_inline(child: _Child) -> bool:
    return isinstance(child, tuple) or child.tag in _DROPPED or not (child.blocky or child.tag in _BLOCK)


def _runs(node: _Node, apart: set[str] | None = None) -> Iterator[tuple[list[_Child], _Node | None]]:
    """The content as (inline content, the block after it; None last); blocks not ``apart`` join the inline."""
    run: list[_Child] = []
    for child in node.children:
        if isinstance(child, tuple) or _is_inline(child) or (apart is not None and child.tag not in apart):
            run.append(child)
        else:
            yield run, child
            run = []
    yield run, None


class _Reader:
    """Walks the element tree once, building blocks."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.row_index = 0  # the row of the table being read, for the cells a colspan covers
        self.spanned: set[tuple[int, int]] = set()

    def blocks(self, node: _Node, out: list[Block]) -> None:
        """The blocks in a container; loose inline content (text in a div, section or body) is a paragraph."""
        for run, child in _runs(node):
            text, line = _text(run)
            wrapped = _lead(run)[1]
            out += [Block("para", line, text, wrapped=wrapped, bold=wrapped)] if text else []
            if child is not None:  # a block read as such, or one holding blocks (div, section, dl …)
                (self.block if child.tag in _READ else self.blocks)(child, out)

    def block(self, node: _Node, out: list[Block]) -> None:
        if (tag := node.tag) == "table":
            self.table(node, out)
        elif tag in _LISTS or tag == "li":
            bullets = self.item(node.line, node, 1) if tag == "li" else self.bullets(node, 1)
            out += [Block("list", node.line, bullets=bullets)] if bullets else []
        else:
            text = _text(node.children, raw=True)[0] if tag == "pre" else " ".join(self.lines(node))
            if text.strip():
                out.append(Block("heading", node.line, text, _HEADINGS[tag]) if tag in _HEADINGS else
                           Block("para", node.line, text, wrapped=(lead := tag != "pre" and _lead(node.children)[1]),
                                 bold=lead))

    def lines(self, node: _Node, lists: list[_Node] | None = None) -> list[str]:
        """Content as lines: one per inline run, paragraph, list item or nested cell line (lists to ``lists``)."""
        if not node.blocky:
            return [t for t in [_text(node.children)[0]] if t]
        parts: list[str] = []
        for run, child in _runs(node):
            parts += [t for t in [_text(run)[0]] if t]
            if child is not None and child.tag in _LISTS and lists is not None:
                lists.append(child)
            elif child is not None and child.tag in _LISTS:
                parts += [b.text for b in flatten(self.bullets(child, 1))]
            elif child is not None:
                parts += self.lines(child, lists)
        return parts

    def bullets(self, node: _Node, depth: int) -> list[Bullet]:
        """A list's items, nested lists as their children; content outside any item is an item of its own."""
        if depth > MAX_NESTING:
            raise InvalidFile(f"lists nested more than {MAX_NESTING} levels deep", Location(self.file, node.line, 1),
                              "a ladder never needs this; flatten the list")
        out: list[Bullet] = []
        for loose, child in _runs(node, _LISTS | {"li"}):
            if loose:
                out += self.item(_text(loose)[1] or node.line, _Node("#run", node.line, None, loose), depth)
            if child is not None and child.tag == "li":
                out += self.item(child.line, child, depth)
            elif child is not None:  # a list straight inside a list: nested in the item before
                (out[-1].children if out else out).extend(self.bullets(child, depth + 1))
        return out

    def item(self, line: int, node: _Node, depth: int) -> list[Bullet]:
        """A list item (its paragraphs joined by a space), nested lists as children; with no text, those children."""
        lists: list[_Node] = []
        text = " ".join(self.lines(node, lists))
        nested = [b for lst in lists for b in self.bullets(lst, depth + 1)]
        return [Bullet(text, line, nested, label=_lead(node.children)[0])] if text else nested

    def table(self, node: _Node, out: list[Block]) -> None:
        """A table as a grid of cell texts (a rowspan ends with its section); a caption or stray text comes first."""
        groups: list[list[_Node]] = [[]]
        strays: list[_Child] = []
        for child in node.children:
            if isinstance(child, _Node) and child.tag in _SECTIONS:
                groups += [[c for c in child.children if isinstance(c, _Node) and c.tag == "tr"], []]
                strays += [c for c in child.children if not (isinstance(c, _Node) and c.tag == "tr")]
            elif isinstance(child, _Node) and child.tag == "tr":
                groups[-1].append(child)
            else:
                strays.append(child)
        strays += [c for group in groups for tr in group for c in tr.children  # text in a row, outside its cells
                   if isinstance(c, tuple) or c.tag not in _CELLS]
        self.blocks(_Node("#run", node.line, None, strays), out)
        rows: list[tuple[int, list[str]]] = []
        width = 0
        self.spanned = set()
        for group in groups:
            cover: list[int] = []  # per column: how many more rows a rowspan above covers
            for k, tr in enumerate(group):
                self.row_index = len(rows)
                row = self.row(tr, cover, len(group) - k)
                if row is not None:
                    rows.append((tr.line, row))
                    width = max(width, len(row))
                if len(rows) * width > MAX_CELLS:
                    raise InvalidFile(f"table has more than {MAX_CELLS:,} cells", Location(self.file, tr.line, 1),
                                      "a ladder never needs this many; split the table")
        if rows:
            out.append(Block("table", node.line, rows=[(n, row + [""] * (width - len(row))) for n, row in rows],
                             spanned=self.spanned))

    def row(self, tr: _Node, cover: list[int], left: int) -> list[str] | None:
        """One row's cell texts, "" where a cell spans (None for a row with no cell of its own or above)."""
        cells = [c for c in tr.children if isinstance(c, _Node) and c.tag in _CELLS]
        if not cells and not any(cover):
            return None
        row: list[str] = []
        for cell in cells:
            while len(row) < len(cover) and cover[len(row)] > 0:
                cover[len(row)] -= 1
                row.append("")
            across, down = _span(cell, "colspan", MAX_COLUMNS) or 1, _span(cell, "rowspan", 65_534)
            if len(row) + across > MAX_COLUMNS:
                raise InvalidFile(f"table has more than {MAX_COLUMNS:,} columns", Location(self.file, cell.line, 1),
                                  "a ladder never needs this many; split the table")
            cover += [0] * (len(row) + across - len(cover))
            cover[len(row):len(row) + across] = [min(down or left, left) - 1] * across
            self.spanned.update((self.row_index, col) for col in range(len(row) + 1, len(row) + across))
            row += ["\n".join(self.lines(cell))] + [""] * (across - 1)
        for col in range(len(row), len(cover)):
            cover[col] = max(0, cover[col] - 1)
        return row + [""] * (len(cover) - len(row))


def html_blocks(text: str, file: str, first_line: int = 1, unplaced: list[Unplaced] | None = None) -> list[Block]:
    """HTML (a page, or a Markdown file's fragment from ``first_line``) as blocks; what is left out to ``unplaced``."""
    paused = gc.isenabled()  # the tree holds no cycles: collecting while it grows only costs time
    gc.disable()
    try:
        out: list[Block] = []
        _Reader(file).blocks(_Builder(file, first_line - 1, [] if unplaced is None else unplaced).read(text), out)
        return out
    finally:
        if paused:
            gc.enable()


def html_inline(text: str) -> str:
    """An inline fragment's text: tags removed, <br> a line break, entities decoded, white space collapsed."""
    if "<" not in text and "&" not in text:
        return " ".join(text.split())
    return " ".join(_Reader("<inline>").lines(_Builder("<inline>", 0, []).read(text)))
