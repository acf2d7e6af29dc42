"""Ladders as YAML or JSON data of another tool: load them with the line of every value, tell the shape, and
hand the data to its adapter.

  ft         the Financial Times' engineering-progression job families (levels, themes, competencies)
  unidays    UNiDAYS' competency frameworks (topics with levels and criteria)
  frontmatter  Monzo's progression framework (topics with content by level), usually a Markdown file's front
             matter, and the located reading of values all three share
A ladder framework file itself, or any other shape, is a UsageError (exit 2) saying what ladder imports.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from ladder.errors import InvalidFile, Location, UsageError, shown
from ladder.importer.frontmatter import Values, is_monzo, read_monzo
from ladder.importer.ft import is_ft, read_ft
from ladder.importer.ledger import Ledger
from ladder.importer.options import Options
from ladder.importer.parsed import FORMAT_NAMES, Parsed
from ladder.importer.unidays import is_unidays, read_unidays
from ladder.load.document import Document
from ladder.load.yaml import parse_yaml

SHAPES = ("ladder imports the Financial Times' engineering-progression job families (levels, themes and "
          "competencies), UNiDAYS' competency frameworks (topics with levels and criteria) and Monzo's progression "
          "frameworks (topics with content by level); write other ladders as Markdown or CSV")

# json's own messages, in ladder's words (the prefix of each is enough to tell them apart)
_JSON_MESSAGES = [
    ("Expecting value", "expected a value (text in double quotes, a number, a list or an object)"),
    ("Expecting ',' delimiter", "expected ',' between two items, or the closing bracket"),
    ("Expecting ':' delimiter", "expected ':' after the key"),
    ("Expecting property name", "expected a key in double quotes"),
    ("Unterminated string", "text is not closed with a double quote"),
    ("Invalid control character", "a control character (a line break or tab) inside text"),
    ("Invalid \\uXXXX", "an incomplete \\u escape in text"),
    ("Invalid \\escape", "an escape that JSON does not have (a backslash not followed by one of \"\\/bfnrtu)"),
    ("Extra data", "more after the end of the JSON value"),
]


def read_structured(text: str, file: str, fmt: Literal["yaml", "json"], ledger: Ledger, options: Options) -> Parsed:
    """The parsed form of a structured ladder: located InvalidFile for broken YAML or JSON and for malformed
    values of a known shape; UsageError for a ladder framework file or a shape ladder does not import."""
    doc = _load_yaml(text, file) if fmt == "yaml" else _load_json(text, file)
    data = doc.data
    values = Values(doc, ledger)
    if "schema_version" in data and "levels" in data:
        raise UsageError(f"'{shown(file)}' is already a ladder framework", "check it with ladder validate")
    if is_ft(data):
        return read_ft(values)
    if is_unidays(data):
        return read_unidays(values, options)
    if is_monzo(data):
        return read_monzo(values)
    raise _unknown(file, fmt)


def _unknown(file: str, fmt: str) -> UsageError:
    return UsageError(f"'{shown(file)}' holds {FORMAT_NAMES[fmt]} data in a shape ladder does not import", SHAPES)


def _load_yaml(text: str, file: str) -> Document:
    try:
        return parse_yaml(text, file)
    except InvalidFile as exc:
        if exc.message.startswith("top level is "):  # a list or a single value: no ladder shape is one
            raise _unknown(file, "yaml") from None
        raise


def _load_json(text: str, file: str) -> Document:
    """The JSON data, with the line of each value where the text also reads as YAML (JSON nearly always does)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidFile(f"invalid JSON: {_json_message(exc.msg)}", Location(file, exc.lineno, exc.colno),
                          "check the quotes, commas and brackets there") from None
    except RecursionError:
        raise InvalidFile("JSON nested too deeply", Location(file), "a ladder never needs this; flatten it") from None
    except ValueError:  # a number of more digits than Python reads
        raise InvalidFile("JSON holds a number too long to read", Location(file), "write it as text") from None
    if not isinstance(data, dict):
        raise _unknown(file, "json")
    return Document(file, data, _marks(text, file, data))


def _marks(text: str, file: str, data: dict[str, Any]) -> dict[Any, tuple[int, int]]:
    """Line and column of each value, from the YAML reading of the JSON text (none when it differs)."""
    try:
        doc = parse_yaml(text, file)
    except (InvalidFile, RecursionError):
        return {}
    return doc.marks if doc.data == data else {}


def _json_message(msg: str) -> str:
    return next((words for prefix, words in _JSON_MESSAGES if msg.startswith(prefix)), "invalid JSON syntax")
