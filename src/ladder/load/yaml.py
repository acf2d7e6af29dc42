"""Strict YAML: the C parser's event stream built into plain data with marks, in one pass."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from ladder.errors import InvalidFile, Location, Problem, cap_problems, shown
from ladder.load.document import Document, Path_, format_path
from ladder.yaml_scalars import resolve_plain

MAX_DEPTH = 64


# A framework file has a few hundred YAML nodes (whatfix: under 600). The cap keeps a
# hostile file inside the size limit (e.g. 5 MiB of "1,") from costing gigabytes of
# marks and millions of schema errors.
MAX_NODES = 100_000


_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


_STR_TAG = "tag:yaml.org,2002:str"


_KNOWN_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"}


# Top-level keys whose plain value is text as written, even when it looks like a number: a version
# ``2024.10`` read as a float would become 2024.1 (another version), ``3`` stays "3" either way.
_AS_WRITTEN = {("version",), ("framework_version",)}


class _Builder:
    """Builds plain data from YAML events, recording marks and problems."""

    def __init__(self, file: str, max_depth: int, max_nodes: int = MAX_NODES) -> None:
        self.file = file
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.nodes = 0
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.stack: list[list[Any]] = []  # [container, path, pending_key, keys_seen]
        self.scalar_anchors: dict[str, Any] = {}
        self.collection_anchors: set[str] = set()
        self.root: Any = None
        self.documents = 0

    def loc(self, mark: Any, path: Path_ = ()) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1, format_path(path))

    def fail(self, message: str, mark: Any, path: Path_ = (), hint: str = "") -> None:
        text = f"{message}; {hint}" if hint else message
        self.problems.append(Problem(self.loc(mark, path), text, "error", "yaml"))

    def place(self, value: Any, mark: Any) -> Path_ | None:
        """Attach a value to the current container; returns its path, or None if it was a key."""
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise InvalidFile(
                f"more than {self.max_nodes:,} YAML keys and values",
                self.loc(mark),
                "a framework or assessment never needs this many; split it up",
            )
        if not self.stack:
            self.root = value
            self.marks[()] = (mark.line + 1, mark.column + 1)
            return ()
        frame = self.stack[-1]
        path: Path_
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            here = path + (len(container),)
            container.append(value)
            self.marks[here] = (mark.line + 1, mark.column + 1)
            return here
        if frame[2] is _NO_KEY:
            self.take_key(frame, value, mark)
            return None
        key = frame[2]
        frame[2] = _NO_KEY
        here = path + (key,)
        if key is _DUPLICATE:
            return here
        container[key] = value
        return here

    def take_key(self, frame: list[Any], key: Any, mark: Any) -> None:
        path = frame[1]
        if isinstance(key, (dict, list)):
            self.fail("a mapping or list used as a key; keys must be plain text", mark, path)
            frame[2] = _DUPLICATE
            return
        if key is None or isinstance(key, (bool, float)):
            self.fail(f"key {key!r} is not text", mark, path, "quote it")
            frame[2] = _DUPLICATE
            return
        key = str(key)
        seen = frame[3]
        if key in seen:
            first = seen[key]
            self.fail(f"duplicate key '{key}' (first defined at line {first})", mark, path + (key,),
                      "remove one of them")
            frame[2] = _DUPLICATE
            return
        seen[key] = mark.line + 1
        frame[2] = key
        self.marks[path + (key,)] = (mark.line + 1, mark.column + 1)

    def open(self, container: Any, event: Any) -> None:
        if len(self.stack) >= self.max_depth:
            raise InvalidFile(
                f"nesting deeper than {self.max_depth} levels",
                self.loc(event.start_mark),
                "a framework file never needs this; flatten the structure",
            )
        self.check_tag(event)
        if event.anchor:
            self.collection_anchors.add(event.anchor)
        path = self.place(container, event.start_mark)
        if path is None:
            path = self.stack[-1][1] + ("<key>",)
        self.stack.append([container, path, _NO_KEY, {}])

    def check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag and tag not in _KNOWN_TAGS:
            self.fail(f"YAML tag '{tag}' is not allowed", event.start_mark, hint="remove the tag")

    def scalar(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag not in _KNOWN_TAGS:
            self.check_tag(event)
        if event.style or tag == _STR_TAG or not event.implicit[0]:
            value: Any = event.value
            control = _CONTROL.search(value)
            if control:  # only an escape in quotes can make one ("\e", "\x1b"): raw ones are YAML errors
                self.fail(f"text contains the control character {ord(control.group()):#04x}",
                          event.start_mark, self.current_path(),
                          "remove it (it could rewrite the terminal or forge output lines)")
        elif type(resolve_plain(event.value)[0]) in (int, float) and self.current_path() in _AS_WRITTEN:
            value = event.value
        else:
            value, why = resolve_plain(event.value)
            if why:
                value_shown = shown(event.value, 40)
                self.fail(
                    f"plain value '{value_shown}' {why}",
                    event.start_mark,
                    self.current_path(),
                    f'quote it ("{value_shown}")' if value_shown == event.value else "quote it if you meant text",
                )
        if type(value) is str and not value.isascii():
            # One spelling of each text: an exam or a name typed in decomposed form (macOS) is the same
            # text as the framework's composed one, and two keys equal under NFC are duplicates.
            value = unicodedata.normalize("NFC", value)
        if event.anchor:
            self.scalar_anchors[event.anchor] = value
        self.place(value, event.start_mark)

    def current_path(self) -> Path_:
        """Path of the node about to be placed."""
        if not self.stack:
            return ()
        path: Path_
        container, path, key = self.stack[-1][:3]
        if isinstance(container, list):
            return path + (len(container),)
        return path if key is _NO_KEY or key is _DUPLICATE else path + (key,)

    def alias(self, event: Any) -> None:
        if event.anchor in self.collection_anchors:
            raise InvalidFile(
                f"alias '*{event.anchor}' repeats a mapping or list; aliases of collections are not allowed",
                self.loc(event.start_mark),
                "write the content out, or use a scalar alias",
            )
        self.place(self.scalar_anchors.get(event.anchor), event.start_mark)

    def close(self) -> None:
        self.stack.pop()


_NO_KEY = object()


_DUPLICATE = object()


def parse_yaml(text: str, file: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Document:
    """Parse one YAML document strictly into plain data with marks."""
    builder = _Builder(file, max_depth, max_nodes)
    parser = _Parser(text)
    # get_event directly, not yaml.parse's generator: a quarter of the time on a large file.
    get_event = parser.get_event
    try:
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)
            if kind is yaml.ScalarEvent:
                builder.scalar(event)
            elif kind is yaml.MappingStartEvent:
                builder.open({}, event)
            elif kind is yaml.SequenceStartEvent:
                builder.open([], event)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                builder.close()
            elif kind is yaml.AliasEvent:
                builder.alias(event)
            elif kind is yaml.DocumentStartEvent:
                builder.documents += 1
                if builder.documents > 1:
                    raise InvalidFile(
                        "more than one YAML document ('---') in the file",
                        builder.loc(event.start_mark),
                        "keep one framework per file",
                    )
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, file, max_depth) from None
    except yaml.reader.ReaderError as exc:
        line, col = _offset_location(text, exc.position)
        raise InvalidFile(
            f"invalid character #x{exc.character:04x} for YAML", Location(file, line, col), "remove it"
        ) from None
    except yaml.YAMLError:
        raise InvalidFile("invalid YAML syntax", Location(file), "check quoting, brackets and indentation") from None
    finally:
        parser.dispose()
    return _document(builder, file)


def _document(builder: _Builder, file: str) -> Document:
    """What the parse built, once it is known to be one mapping and free of problems."""
    if builder.problems:
        problems = cap_problems(builder.problems, len(builder.problems))
        raise InvalidFile(problems[0].message, problems=problems)
    if builder.documents == 0 or builder.root is None:
        raise InvalidFile("file is empty, expected a YAML mapping", Location(file, 1, 1))
    if not isinstance(builder.root, dict):
        line, col = builder.marks[()]
        shape = "a list" if isinstance(builder.root, list) else "a single value"
        raise InvalidFile(f"top level is {shape}, expected a mapping of keys", Location(file, line, col))
    return Document(file, builder.root, builder.marks)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str, max_depth: int) -> InvalidFile:
    """The parser's refusal as a located InvalidFile in ladder's words (yaml_messages), naming where
    the construct started if on another line."""
    from ladder.load.yaml_messages import TAB_HINT, context_phrase, syntax_message

    mark = exc.problem_mark or exc.context_mark
    location = Location(file, *_clamped(text, mark.line + 1, mark.column + 1)) if mark else Location(file)
    message, hint = syntax_message(exc.problem or exc.context, exc.context, max_depth)
    where = context_phrase(exc.context) if exc.problem else ""
    if where:
        if exc.context_mark and exc.context_mark.line + 1 != location.line:
            where += f" started at line {exc.context_mark.line + 1}"
        message += f" ({where})"
    if _tab_before(text, mark):
        hint = TAB_HINT
    return InvalidFile(message, location, hint)


def _tab_before(text: str, mark: Any) -> bool:
    """Whether the line of an error has a tab up to the error's column (the usual cause)."""
    if mark is None:
        return False
    lines = text.split("\n")
    return mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"  # what libyaml counts as a new line (compiled on first error)


def _clamped(text: str, line: int, col: int) -> tuple[int, int]:
    """A parser mark kept inside the text: libyaml puts end-of-stream errors on a line after the last."""
    breaks = list(re.finditer(_LINE_BREAK, text))
    if line <= len(breaks) + 1:
        return line, col
    last_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, len(text) - last_start + 1


def _offset_location(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
