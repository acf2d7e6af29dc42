"""The only module that reads files: bytes -> text -> strict YAML -> pydantic model.

YAML is read from the C parser's event stream and built into plain Python data
here, in one pass, so that every node keeps its line and column and nothing
surprising gets through: duplicate keys, aliases of collections (billion
laughs), runaway nesting, YAML 1.1 booleans and sexagesimals, custom tags.
Every failure becomes an InvalidFile carrying one located Problem per fault
(pydantic's errors are mapped back onto the YAML by located.py).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import yaml

from .errors import InvalidFile, Location, Problem, shown

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
# A framework file has a few hundred YAML nodes (whatfix: under 600). The cap keeps a
# hostile file inside the size limit (e.g. 5 MiB of "1,") from costing gigabytes of
# marks and millions of schema errors.
MAX_NODES = 100_000
# Past this many problems in one file, a reader gains nothing from more; listing a
# million of them would cost minutes and gigabytes.
MAX_PROBLEMS = 100

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")
_AMBIGUOUS = [
    (re.compile(r"[-+]?0[0-9_]+\Z"), "YAML 1.1 reads a leading zero as an octal number"),
    (re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?\Z"), "YAML 1.1 reads it as a base-60 number"),
    (re.compile(r"[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)\Z"), "it reads as a non-decimal number"),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?\Z"), "YAML 1.1 reads underscores in digits as a number"),
    (re.compile(r"[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z"), "it reads as a special float"),
]
_INF = float("inf")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
_STR_TAG = "tag:yaml.org,2002:str"
_KNOWN_TAGS = {_STR_TAG, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!"}

Path_ = tuple[str | int, ...]
M = TypeVar("M")


class Document(NamedTuple):
    """Parsed YAML data with the line and column of every node, keyed by its path."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]]

    def locate(self, path: Path_) -> Location:
        """The location of the deepest existing node on ``path``."""
        probe = tuple(path)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, col = self.marks.get(probe, (1, 1))
        return Location(self.file, line, col, format_path(path))


class Loaded(NamedTuple):
    """A validated model together with the document it came from (for locating later checks)."""

    model: Any
    document: Document


def format_path(path: Path_) -> str:
    """``('levels', 2, 'title')`` -> ``levels[2].title``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# ---------------------------------------------------------------- reading


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing directories, huge files, binary data and bad encodings."""
    name = str(path)
    where = Location(name)
    try:
        # O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, and is refused below
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise InvalidFile("not a regular file (a device, FIFO or socket)", where, "give the path of a YAML file")
            size = info.st_size
            if size > max_bytes:
                raise InvalidFile(
                    f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                    where,
                    "split it (ladder validate and ladder import take --max-bytes to raise the limit)",
                )
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InvalidFile("is a directory, expected a YAML file", where) from None
    except FileNotFoundError:
        raise InvalidFile("no such file", where, "check the path") from None
    except PermissionError:
        raise InvalidFile("permission denied: the file cannot be read", where, "check its permissions") from None
    except OSError as exc:
        raise InvalidFile(f"cannot read file: {exc.strerror or exc}", where) from None
    if len(raw) > max_bytes:
        raise InvalidFile(f"file is over the limit of {max_bytes:,} bytes", where,
                          "split it (ladder validate and ladder import take --max-bytes to raise the limit)")
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 bytes (an optional BOM is dropped); anything else is a located error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidFile("file is UTF-16, expected UTF-8", Location(name, 1, 1), "save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul != -1:
        raise InvalidFile("binary data (a NUL byte), expected a YAML text file", _byte_location(raw, nul, name))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidFile(
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}, expected UTF-8 text",
            _byte_location(raw, exc.start, name),
            "save the file as UTF-8",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _byte_location(raw: bytes, offset: int, name: str) -> Location:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return Location(name, line, col)


# ---------------------------------------------------------------- parsing


def resolve_plain(value: str) -> tuple[Any, str | None]:
    """Type an unquoted scalar the YAML 1.2 way; the second item says why not, when it cannot be
    read safely (ambiguous under YAML 1.1, or a number too large)."""
    if value in _NULLS:
        return None, None
    if value in _TRUES:
        return True, None
    if value in _FALSES:
        return False, None
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            try:
                return int(value), None
            except ValueError:  # past Python's limit on digits (4,300): no field wants such a number
                return value, f"is a number of {len(value):,} digits, too long to read"
        if _FLOAT.match(value):
            number = float(value)
            return (value, "is a number too large to read") if number in (_INF, -_INF) else (number, None)
        for pattern, why in _AMBIGUOUS:
            if pattern.match(value):
                return value, f"is ambiguous: {why}"
    elif value.lower() in _YAML11_BOOLS:
        return value, "is ambiguous: YAML 1.1 reads it as a boolean"
    return value, None


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
            self.fail(f"duplicate key '{key}' (first defined at line {first})", mark, path + (key,), "remove one of them")
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
    if builder.problems:
        problems = cap_problems(builder.problems, len(builder.problems))
        raise InvalidFile(problems[0].message, problems=problems)
    if builder.documents == 0 or builder.root is None:
        raise InvalidFile("file is empty, expected a YAML mapping", Location(file, 1, 1))
    if not isinstance(builder.root, dict):
        line, col = builder.marks[()]
        kind = "a list" if isinstance(builder.root, list) else "a single value"
        raise InvalidFile(f"top level is {kind}, expected a mapping of keys", Location(file, line, col))
    return Document(file, builder.root, builder.marks)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str, max_depth: int) -> InvalidFile:
    """The parser's refusal as a located InvalidFile in ladder's words (yaml_messages), naming where
    the construct started if on another line."""
    from .yaml_messages import TAB_HINT, context_phrase, syntax_message

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


# ---------------------------------------------------------------- validation


def validate(model: type[M], document: Document) -> M:
    """Validate a document against a pydantic model, turning every error into a located Problem."""
    from pydantic import ValidationError

    if not model.__pydantic_complete__:  # type: ignore[attr-defined]
        build(model)
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        from .located import schema_problems  # only bad files pay for locating errors

        problems = schema_problems(model, document, exc.errors(include_url=False))
        raise InvalidFile(problems[0].message, problems=problems) from None


def build(model: Any) -> None:
    """Build a model's (deferred) validator, once, without pydantic's plugin discovery.

    Discovery scans the entry points of every installed package (4 ms here, more in a big
    environment) for plugins that observe an application's models; ladder's models are its
    own business. Typer does the same for its parameter adapters. A PYDANTIC_DISABLE_PLUGINS
    the user has set is left as it is.
    """
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ:
        model.model_rebuild()
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        model.model_rebuild()
    finally:
        del os.environ["PYDANTIC_DISABLE_PLUGINS"]


def cap_problems(problems: list[Problem], total: int, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first ``limit`` problems and, if there are more, one note (located at the next one) with the count."""
    if len(problems) <= limit:
        return problems
    note = Problem(
        problems[limit].location,
        f"{total:,} problems found in this file, only the first {limit} are listed; fix these first",
        "error",
        problems[limit].rule,
    )
    return problems[:limit] + [note]


# ---------------------------------------------------------------- entry points


def load_document(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read and parse one YAML file."""
    return parse_yaml(read_text(path, max_bytes), str(path))


def load_framework(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load and validate a framework file."""
    from .models import Framework

    document = load_document(path, max_bytes)
    return Loaded(validate(Framework, document), document)
