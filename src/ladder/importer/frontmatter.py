"""YAML front matter of a Markdown ladder (Monzo's progression framework), and the located reading of loaded
YAML/JSON values that every structured adapter (ft, unidays, this one) shares.

Monzo's shape, as front matter::

    ---
    title: "Backend Engineering Framework"
    levels: 6
    topics:
      - name: "communication"      # the topic's id; its name when ``title`` is empty
        title: "Communication"
        content:
          - level: 1
            criteria: ["…", "…"]
            exampleCriteria:
              - criteria: "…"
                examples: ["…", "…"]
    ---
    Markdown body (read by the caller as description and principles)

Mapping into the parsed form:
  title                    -> the framework's title
  levels: N                -> levels 1..N on one track, titled "Level 1" … "Level N" (the source names them only
                              by number), id and rank N
  topics[i]                -> an area of each level it has content for, named by ``title``, else by ``name``
  content[j].criteria      -> one expectation each (verbatim)
  exampleCriteria[k]       -> an expectation (its ``criteria``) whose ``examples`` are the expectation's examples:
                              evidence hints, never required themselves
A level no topic has content for gets no expectations (build says so in ``no_content``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from ladder.errors import InvalidFile, Location
from ladder.importer.ledger import Ledger
from ladder.importer.options import Options
from ladder.importer.parsed import Area, Bullet, Level, Parsed, check_levels
from ladder.importer.text import CONTROL
from ladder.load.document import Document, Path_, format_path
from ladder.load.yaml import parse_yaml

_KINDS = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a mapping"}
_SKIPPED = "metadata of the source's own tool, not part of the ladder"


def kind(value: object) -> str:
    """What a loaded value is, in a message's words."""
    return "empty" if value is None else _KINDS.get(type(value), "text")


@dataclass
class Values:
    """Loaded YAML or JSON data with the line and column of each value, and the ledger its texts go to."""

    doc: Document
    ledger: Ledger

    @property
    def file(self) -> str:
        return self.doc.file

    def at(self, path: Path_) -> Location:
        """Where the value at path is (its key's line, or its item's); line 0 when the source gave no marks."""
        probe = tuple(path)
        while probe and probe not in self.doc.marks:
            probe = probe[:-1]
        line, col = self.doc.marks.get(probe, (0, 0))
        return Location(self.doc.file, line, col, format_path(path))

    def line(self, path: Path_) -> int:
        return self.at(path).line

    def fail(self, path: Path_, message: str, hint: str = "") -> NoReturn:
        raise InvalidFile(message, self.at(path), hint)

    def get(self, path: Path_) -> Any:
        """The value at path; None where a key or item is missing."""
        value = self.doc.data
        for part in path:
            if isinstance(part, int) and isinstance(value, list) and part < len(value):
                value = value[part]
            elif isinstance(part, str) and isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def items(self, path: Path_, what: str, required: bool = True) -> list[Any]:
        """The list at path ([] when missing and not required)."""
        value = self.get(path)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.fail(path, f"{what} should be a list, not {kind(value)}" if value is not None else
                      f"'{path[-1]}' is missing: expected {what} as a list")
        return value

    def mapping(self, path: Path_, what: str) -> dict[str, Any]:
        value = self.get(path)
        if not isinstance(value, dict):
            self.fail(path, f"{what} should be a mapping of keys, not {kind(value)}")
        return value

    def ident(self, path: Path_, what: str) -> str:
        """An id or path the source gives as text or a number."""
        value = self.get(path)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self._text(path, what, True)

    def text(self, path: Path_, what: str, required: bool = False) -> str:
        """Text at path (stripped; "" when missing or blank and not required), recorded in the ledger."""
        value = self._text(path, what, required)
        if value:
            self.ledger.add("value", value, self.at(path))
        return value

    def _text(self, path: Path_, what: str, required: bool) -> str:
        value = self.get(path)
        if value is not None and not isinstance(value, str):
            self.fail(path, f"{what} should be text, not {kind(value)}", "quote it if it is text")
        if value is None or not value.strip():
            if required:
                self.fail(path, f"{what} is missing", "give it as text")
            return ""
        control = CONTROL.search(value)
        if control:
            self.fail(path, f"text contains the control character {ord(control.group()):#04x}",
                      "remove it: ladder validate refuses control characters in text")
        from ladder.importer.blocks import inline_text

        return inline_text(value.strip())  # '**on time**', '<em>clearly</em>': the words, not the markup

    def texts(self, path: Path_, what: str) -> list[tuple[str, int]]:
        """A list of texts (each with its line); [] when missing."""
        return [(text, self.line(path + (k,))) for k in range(len(self.items(path, what, required=False)))
                if (text := self.text(path + (k,), f"each of {what}"))]

    def skip_rest(self, path: Path_, used: set[str]) -> None:
        """Record the mapping's other text values (the source tool's metadata) as left out on purpose."""
        data = self.get(path)
        for key, value in (data.items() if isinstance(data, dict) else []):
            if key not in used and isinstance(value, str) and value.strip():
                where = self.at(path + (key,))
                self.ledger.add("value", value, where)
                self.ledger.skip(where, value, _SKIPPED)


def read_front_matter(text: str, file: str, ledger: Ledger, options: Options) -> tuple[Parsed | None, int]:
    """The ladder in a Markdown text's YAML front matter (Monzo's shape) or None, and the line where the body
    starts (1 without front matter). Broken front matter YAML is a located InvalidFile."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 1
    end = next((k for k in range(1, len(lines)) if lines[k].rstrip() in ("---", "...")), None)
    if end is None:  # a thematic break, not front matter
        return None, 1
    body = end + 2
    yaml_text = "\n" + "\n".join(line.rstrip("\r") for line in lines[1:end])  # keeps the file's line numbers
    if not yaml_text.strip():
        return None, body
    try:
        doc = parse_yaml(yaml_text, file)
    except InvalidFile as exc:
        if exc.message.startswith("top level is "):  # a Markdown paragraph between two rules
            return None, 1
        if exc.message.startswith("file is empty"):  # only comments
            return None, body
        raise
    if not is_monzo(doc.data):
        return None, body
    return read_monzo(Values(doc, ledger)), body


def is_monzo(data: dict[str, Any]) -> bool:
    """Monzo's shape: topics whose items hold ``content`` by level."""
    topics = data.get("topics")
    return isinstance(topics, list) and any(isinstance(t, dict) and "content" in t for t in topics)


def read_monzo(values: Values) -> Parsed:
    """Monzo's progression framework (topics × numbered levels) into the parsed form; see the module docstring."""
    parsed = Parsed(title=values.text(("title",), "the framework's title") or None)
    levels = _monzo_levels(values, parsed)
    for t in range(len(values.items(("topics",), "the topics"))):
        path: Path_ = ("topics", t)
        values.mapping(path, "each topic")
        name = values.text(path + ("name",), "the topic's name")
        title = values.text(path + ("title",), "the topic's title")
        if not (title or name):
            values.fail(path, "the topic has neither a title nor a name", "give it a 'title'")
        if title and name:
            values.ledger.skip(values.at(path + ("name",)), name, "the topic's id: its title names the area")
        for c in range(len(values.items(path + ("content",), "the topic's content", required=False))):
            level = _content_level(values, path + ("content", c), levels)
            area = Area(title or name, values.line(path + ("content", c)))
            area.bullets = _monzo_bullets(values, path + ("content", c))
            if area.bullets:
                level.areas.append(area)
    values.skip_rest((), {"title", "levels", "topics"})
    return parsed


def _monzo_levels(values: Values, parsed: Parsed) -> dict[int, Level]:
    """Levels 1..N from ``levels: N`` (or the highest level the content names)."""
    count = values.get(("levels",))
    if count is None:
        found = [c.get("level") for t in values.items(("topics",), "the topics") if isinstance(t, dict)
                 for c in (t.get("content") or []) if isinstance(c, dict)]
        count = max([n for n in found if isinstance(n, int) and not isinstance(n, bool)], default=0)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        values.fail(("levels",), f"'levels' should be the number of levels, not {kind(count)}",
                    "write it as a whole number, e.g. levels: 6")
    line = values.line(("levels",)) or 1
    check_levels(count, values.file, line)
    track = parsed.track(None)
    for n in range(1, count + 1):
        parsed.levels.append(Level(str(n), f"Level {n}", track, line, numbered=True, rank=n))
    return dict(enumerate(parsed.levels, 1))


def _content_level(values: Values, path: Path_, levels: dict[int, Level]) -> Level:
    values.mapping(path, "each content entry")
    number = values.get(path + ("level",))
    if isinstance(number, bool) or not isinstance(number, int) or number not in levels:
        shown = f"level {number}" if isinstance(number, int) else kind(number)
        values.fail(path + ("level",), f"the content's level should be a level number from 1 to {len(levels)}, "
                    f"not {shown}", "number the levels from 1, up to 'levels'")
    return levels[number]


def _monzo_bullets(values: Values, path: Path_) -> list[Bullet]:
    """The content's criteria, then each exampleCriteria's criteria with its examples."""
    bullets = [Bullet(text, line) for text, line in values.texts(path + ("criteria",), "the criteria")]
    for k in range(len(values.items(path + ("exampleCriteria",), "the example criteria", required=False))):
        item: Path_ = path + ("exampleCriteria", k)
        values.mapping(item, "each example criterion")
        text = values.text(item + ("criteria",), "the example criterion", required=True)
        examples = [example for example, _ in values.texts(item + ("examples",), "the examples")]
        bullets.append(Bullet(text, values.line(item), examples=examples))
    return bullets
