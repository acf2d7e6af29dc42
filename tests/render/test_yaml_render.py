"""yaml_writer.py: readable YAML that ladder's strict loader reads back exactly."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import FRAMEWORKS
from ladder.checks.framework import check_framework
from ladder.errors import InvalidFile
from ladder.load.loader import load_framework, validate
from ladder.load.yaml import parse_yaml
from ladder.models.framework import Framework
from ladder.render.yaml import MODELINE, dump_framework, dump_yaml, needs_quotes

BUNDLED = sorted(FRAMEWORKS.glob("*.yaml"))

MISREAD = ["yes", "No", "y", "n", "yEs", "ON", "off", "010", "1:30", "0x1F", "0o17", "1_000", ".inf", ".NaN",
           "2", "-3", "1.5", "1e3", "true", "False", "null", "~", "", " lead", "trail "]
SAFE = ["S3", "hero", "Level 1", "1:1s", "v2", "and/or", "é — ’"]


@pytest.mark.parametrize("text", MISREAD)
def test_strings_the_loader_would_misread_need_quotes(text):
    assert needs_quotes(text)


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_strings_stay_plain(text):
    assert not needs_quotes(text)
    assert dump_yaml({"k": text}) == f"k: {text}\n"


@pytest.mark.parametrize("text", MISREAD + SAFE + [
    "a: b", "# c", "- x", "? q", "@at", "`tick", "%pct", "!bang", "&amp", "*star", "|", ">", "[a]", "{a}",
    "=", "<<", "line one\nline two", "trailing newline\n", "\n", "  indented\nnext", "tab\there",
    "sep\u2028line", "bom\ufeffx", "emoji 🎉", "quote ' and \"", "back\\slash"])
def test_tricky_strings_round_trip_through_the_strict_loader(text):
    data = {"value": text, text or "empty": [text], "cells": {text or "k": text}}
    assert parse_yaml(dump_yaml(data), "t.yaml").data == data


# Control characters (all but tab and newline) are refused by the loader, so texts are made without them.
CONTROLS = "".join(chr(c) for c in [*range(9), *range(11, 32), *range(127, 160)])
TEXT = st.characters(exclude_characters=CONTROLS, exclude_categories=["Cs"])  # no lone surrogates, as st.text()


@pytest.mark.parametrize("text", ["cr\r\nlf", "nel\x85x", "esc\x1b[2J", "bell\a", "nul\x00"])
def test_text_with_a_control_character_is_written_escaped_and_refused_on_reading(text):
    out = dump_yaml({"name": text})
    assert "\x1b" not in out and "\x00" not in out and "\r" not in out
    with pytest.raises(InvalidFile, match="text contains the control character"):
        parse_yaml(out, "t.yaml")


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(TEXT, min_size=1, max_size=12), st.lists(st.text(TEXT, max_size=40), max_size=3),
                       max_size=4),
       st.text(TEXT, max_size=60))
def test_any_text_round_trips(mapping, text):
    def nfc(value: str) -> str:  # the loader's one spelling of each text
        return unicodedata.normalize("NFC", value)

    assume(len({nfc(key) for key in mapping}) == len(mapping))  # else they are rightly duplicate keys
    data = {"text": text, "map": mapping}
    expected = {"text": nfc(text), "map": {nfc(k): [nfc(v) for v in values] for k, values in mapping.items()}}
    assert parse_yaml(dump_yaml(data), "t.yaml").data == expected


def test_ids_that_look_like_numbers_are_quoted_so_they_stay_text():
    out = dump_yaml({"id": "2", "cells": {"1": "x", "010": "y"}})
    assert out == 'id: "2"\ncells:\n  "1": x\n  "010": "y"\n'


def test_long_sentences_are_not_folded_and_integral_floats_read_as_ints():
    sentence = "word " * 60 + "end"
    out = dump_yaml({"text": sentence, "min_years": 2.0, "max_years": 2.5})
    assert out.splitlines() == [f"text: {sentence}", "min_years: 2", "max_years: 2.5"]


def test_lists_are_indented_under_their_key():
    assert dump_yaml({"tracks": [{"id": "ic", "name": "IC"}]}) == "tracks:\n  - id: ic\n    name: IC\n"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_frameworks_round_trip_unchanged(path):
    original = load_framework(path).model
    text = dump_framework(original)
    assert text.startswith(MODELINE + "\nschema_version: 1\nid: ")
    document = parse_yaml(text, "out.yaml")
    again = validate(Framework, document)
    assert again == original
    assert check_framework(again, document.locate) == check_framework(original, document.locate)


def test_keys_follow_the_model_field_order_and_defaults_are_left_out():
    framework = load_framework(FRAMEWORKS / "whatfix.yaml").model
    data = parse_yaml(dump_framework(framework), "out.yaml").data
    order = list(Framework.model_fields)
    assert list(data) == [key for key in order if key in data]
    level = data["levels"][1]
    assert list(level) == ["id", "title", "track", "order", "builds_on", "summary", "areas"]
    first = level["areas"][0]["expectations"][0]
    assert list(first) == ["id", "text"]  # truncated: false and notes: [] are defaults, left out


def test_a_plain_mapping_is_validated_first():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        dump_framework({"id": "x"})
