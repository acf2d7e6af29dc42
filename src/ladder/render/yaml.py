"""Framework data -> readable YAML text that ladder's own strict loader reads back unchanged.

PyYAML already quotes what its YAML 1.1 resolver would misread (``yes``, ``2``,
``1:30``). Ladder's loader is stricter still (``y``, ``n``, ``yEs``, ``1_0``), so
every string is also checked with the loader's own ``resolve_plain`` and
double-quoted when a plain scalar would not read back as the same text.

The text is written by libyaml's C emitter when PyYAML has it (ten times faster on a
big import than PyYAML's Python emitter), and it is byte for byte what the Python
emitter writes. Where the two would differ, that is dealt with here:
  - libyaml writes a sequence under a key at the key's own indent (``key:`` / ``- a``);
    ladder indents it (``key:`` / ``  - a``), so ``_indent_sequences`` moves those lines;
  - libyaml escapes characters beyond U+FFFF (``"\\U0001F389"``) even with allow_unicode,
    where Python writes them as they are: they are swapped for private-use characters
    while libyaml writes, and back after;
  - libyaml measures a simple key in bytes and Python in characters (and they disagree
    on an empty key and on ``\\r``), so an unusual key, anchors (shared lists or dicts)
    and types other than plain data send the whole document to the Python emitter.
Without libyaml, or in those cases, the Python emitter writes the document.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping
from typing import Any

import yaml
from yaml.emitter import Emitter
from yaml.representer import SafeRepresenter

from ladder.models.framework import Framework
from ladder.yaml_scalars import resolve_plain

MODELINE = "# yaml-language-server: $schema=../schema/framework.schema.json"


_STR_TAG = "tag:yaml.org,2002:str"


def dump_framework(framework: Framework | Mapping[str, Any], note: str = "") -> str:
    """YAML text of a framework: the modeline, ``note`` (a comment line) if given, keys in the model's
    field order, default values left out.

    A mapping is validated against the model first (pydantic ValidationError if it is not a framework).
    """
    model = framework if isinstance(framework, Framework) else Framework.model_validate(dict(framework))
    data = model.model_dump(mode="json", exclude_defaults=True)
    # schema_version has a default but says which format the file is in, so it is always written.
    data = {"schema_version": model.schema_version, **data}
    return f"{MODELINE}\n{note + chr(10) if note else ''}{dump_yaml(data)}"


def dump_yaml(data: object) -> str:
    """Block-style YAML for plain data (dicts, lists, str, int, float, bool, None), in the given key order.

    The same text with or without libyaml (see the module's docstring)."""
    if _CDumper is not None and isinstance(data, (dict, list)):
        text = _dump_with_libyaml(data)
        if text is not None:
            return text
    return _dump(data, _Dumper)


def dump_yaml_python(data: object) -> str:
    """``dump_yaml`` through PyYAML's Python emitter only: the reference the libyaml path must equal."""
    return _dump(data, _Dumper)


def needs_quotes(value: str) -> bool:
    """True when ladder's loader would not read ``value`` back as the same text from a plain scalar."""
    if not value or value != value.strip():
        return True
    resolved, why = resolve_plain(value)
    return why is not None or not isinstance(resolved, str)


def _dump(data: object, dumper_class: Any) -> str:
    """What ``yaml.dump`` does, keeping the dumper (the libyaml one records the characters it swapped)."""
    stream = io.StringIO()
    dumper = dumper_class(stream, default_flow_style=False, allow_unicode=True, sort_keys=False, indent=2,
                          width=1 << 30)  # width: never fold long sentences across lines
    try:
        dumper.open()
        dumper.represent(data)
        dumper.close()
    finally:
        dumper.dispose()
    text = stream.getvalue()
    swapped: dict[str, str] = getattr(dumper, "swapped", {})
    return text.translate({ord(stand_in): char for char, stand_in in swapped.items()}) if swapped else text


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as the bundled frameworks do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _style(value: str) -> str | None:
    """The scalar style asked for a string: the emitter may still choose another (quotes for ``a: b``)."""
    # Characters YAML or libyaml treat as line breaks (or normalise) inside block scalars: escaped, so the
    # exact characters survive ('in' four times is twice as fast as any() over them).
    if "\r" in value or "\x85" in value or "\u2028" in value or "\u2029" in value:
        return '"'
    if "\n" in value:
        return "|"  # PyYAML falls back to quoting when a literal block cannot hold the text
    if needs_quotes(value):
        return '"'
    return None


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR_TAG, value, style=_style(value))


def _represent_float(dumper: SafeRepresenter, value: float) -> yaml.ScalarNode:
    # 2.0 reads better as 2, and the model's float fields accept integers.
    if value.is_integer() and abs(value) < 2**53:
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


_Dumper.add_representer(str, _represent_str)


_Dumper.add_representer(float, _represent_float)


# ---------------------------------------------------------------- the libyaml path


class _Diverges(Exception):
    """The document holds something libyaml would write differently: the Python emitter writes it."""


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PRIVATE = re.compile("[\ue000-\uf8ff]")  # the stand-ins for astral characters: refused in the data
_FIRST_STAND_IN = 0xE000
_STAND_INS = 0xF8FF - 0xE000 + 1
_KEY_BREAKS = re.compile("[\n\r\x85\u2028\u2029\U00010000-\U0010ffff\ue000-\uf8ff]")
_MAX_KEY_BYTES = 120  # Python's emitter: a simple key is under 123 characters; libyaml's: at most 128 bytes
_ANALYSER = Emitter(io.StringIO(), allow_unicode=True)  # only for analyze_scalar, which reads allow_unicode


def _simple_key(key: object) -> bool:
    """Whether both emitters write this key the same way, as a simple ``key: value`` key."""
    if isinstance(key, str):
        return len(key) > 0 and len(key.encode("utf-8", "surrogatepass")) <= _MAX_KEY_BYTES and not (
            _KEY_BREAKS.search(key))
    if isinstance(key, (int, float)):
        return -(10**30) < key < 10**30  # a short number (NaN is not)
    return key is None


def _written_as_is(value: str, style: str | None) -> bool:
    """Whether the Python emitter writes ``value`` unescaped (plain, single-quoted or literal), as it does
    for astral characters in those styles; in double quotes both emitters escape them alike."""
    analysis = _ANALYSER.analyze_scalar(value)
    if style == "|":
        return bool(analysis.allow_block)
    return style is None and bool(analysis.allow_block_plain or analysis.allow_single_quoted)


if hasattr(yaml, "CSafeDumper"):

    class _LibyamlDumper(yaml.CSafeDumper):
        """CSafeDumper with ladder's representers, refusing (``_Diverges``) what libyaml writes otherwise."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.swapped: dict[str, str] = {}  # astral character -> its private-use stand-in
            self.containers: set[int] = set()  # ids of the lists and dicts written (a second one is shared)

        def ignore_aliases(self, data: Any) -> bool:
            return True  # shared lists and dicts are refused instead (see _container), so none needs an anchor

        def stand_in(self, char: str) -> str:
            if char not in self.swapped:
                if len(self.swapped) == _STAND_INS:
                    raise _Diverges
                self.swapped[char] = chr(_FIRST_STAND_IN + len(self.swapped))
            return self.swapped[char]

    def _container(dumper: _LibyamlDumper, data: list[Any] | dict[Any, Any]) -> None:
        """Refuse a list or dict met before (the emitters would write an anchor and an alias)."""
        if id(data) in dumper.containers:
            raise _Diverges
        dumper.containers.add(id(data))

    def _represent_str_libyaml(dumper: _LibyamlDumper, value: str) -> yaml.ScalarNode:
        style = _style(value)
        if not value.isascii():
            if _PRIVATE.search(value):
                raise _Diverges
            if _ASTRAL.search(value) and _written_as_is(value, style):
                value = _ASTRAL.sub(lambda found: dumper.stand_in(found.group()), value)
        return dumper.represent_scalar(_STR_TAG, value, style=style)

    def _represent_dict_libyaml(dumper: _LibyamlDumper, data: dict[Any, Any]) -> yaml.MappingNode:
        _container(dumper, data)
        if not all(_simple_key(key) for key in data):
            raise _Diverges
        return dumper.represent_dict(data)

    def _represent_list_libyaml(dumper: _LibyamlDumper, data: list[Any]) -> yaml.SequenceNode:
        _container(dumper, data)
        return dumper.represent_list(data)

    def _not_plain_data(dumper: _LibyamlDumper, data: Any) -> yaml.Node:
        raise _Diverges  # bytes, sets, dates and tuples: tags, or anchors for tuples, left to the Python emitter

    _LibyamlDumper.add_representer(str, _represent_str_libyaml)
    _LibyamlDumper.add_representer(float, _represent_float)
    _LibyamlDumper.add_representer(dict, _represent_dict_libyaml)
    _LibyamlDumper.add_representer(list, _represent_list_libyaml)
    for _kind in (bytes, set, tuple, datetime.date, datetime.datetime):
        _LibyamlDumper.add_representer(_kind, _not_plain_data)
    _CDumper: type | None = _LibyamlDumper
else:  # pragma: no cover - PyYAML built without libyaml
    _CDumper = None


def _dump_with_libyaml(data: dict[Any, Any] | list[Any]) -> str | None:
    """The document through libyaml, with sequences under keys indented; None where it would differ."""
    try:
        text = _dump(data, _CDumper)
    except _Diverges:
        return None
    return _indent_sequences(text)


_HEADER = re.compile(r"\|[1-9]?[-+]?\Z")  # a literal block's header: '|', '|-', '|2+' …
_KEY = re.compile(r"""('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^'"][^\n]*?)(?=:(?: |\Z))""")


def _indent_sequences(text: str) -> str | None:
    """libyaml's text with every sequence that is a key's value indented under its key, as the Python
    emitter with ``_Dumper`` writes it: 2 more spaces per such sequence a line is in. None when a line is
    not one this knows (then the Python emitter writes the document).

    Both emitters end the text with ``...`` after a literal block that keeps its final line breaks
    (``|+``), but libyaml does so when any block did, Python only when the last thing written is one."""
    ended = text.endswith("\n...\n")
    out: list[str] = []
    open_at: list[int] = []  # columns of the open sequences that are the value of a key
    block = -1  # inside a literal block: the column its lines start at
    key_at = -1  # the line before ended 'key:': the column of that key
    keep = False
    for line in (text[:-4] if ended else text).split("\n"):
        stripped = line.lstrip(" ")
        col = len(line) - len(stripped)
        if not stripped or (block >= 0 and col >= block):  # a literal block's line (blank ones stay empty)
            out.append(" " * (2 * len(open_at)) + line if stripped and open_at else line)
            continue
        item = stripped.startswith("- ")
        while open_at and (col < open_at[-1] or (col == open_at[-1] and not item)):
            open_at.pop()
        if key_at >= 0:
            if col == key_at and item:
                open_at.append(col)
            elif col != key_at + 2 or item:
                return None
        out.append(" " * (2 * len(open_at)) + line if open_at else line)
        prefix = 0  # the "- " of the items this line opens
        while stripped.startswith("- ", prefix):
            prefix += 2
        rest = stripped[prefix:]
        if rest[:2] in ("? ", ": ", "?", ":", "-", "") or rest == "...":  # a complex key, a bare '-', an end
            return None
        key_at = col + prefix if stripped.endswith(":") else -1
        block = _block_column(rest, col + prefix) if "|" in stripped[-3:] else -1
        keep = block >= 0 and stripped.endswith("+")  # the last line written is this block's header
    if keep and not ended:
        return None
    return "\n".join(out) + ("...\n" if keep else "")


def _block_column(rest: str, at: int) -> int:
    """The column of a literal block's lines when ``rest`` (a line after its items' '- ', which starts at
    column ``at``) opens one, else -1: an item's block starts where the item does, a key's 2 further in."""
    if _HEADER.fullmatch(rest):
        return at
    key = _KEY.match(rest)
    if key and rest.startswith(": ", key.end()) and _HEADER.fullmatch(rest, key.end() + 2):
        return at + 2
    return -1
