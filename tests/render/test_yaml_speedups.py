"""render/yaml.py through libyaml: the same bytes as PyYAML's Python emitter, and read back unchanged."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FRAMEWORKS
from ladder.load.loader import load_framework
from ladder.load.yaml import parse_yaml
from ladder.render import yaml as render_yaml
from ladder.render.yaml import dump_framework, dump_yaml, dump_yaml_python

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML without libyaml")

VARIED = {
    "unicode": "Çà et là — “quoted” ‘marks’, 中文, Ελληνικά, emoji 🎉 and 🚀 inline",
    "long": "a long sentence that goes on " * 80 + "and ends.",
    "needs quotes": ["yes", "No", "y", "on", "null", "~", "true", "010", "1:30", "0x1F", "1_000", ".inf", "1e3"],
    "numbers as strings": ["2", "-3", "1.5", "007", "+1"],
    "multi-line": "first line\nsecond line\n\nafter a blank line\n",
    "no final break": "one\ntwo",
    "kept breaks": "ends with two breaks\n\n",
    "indented start": "  starts with spaces\nthen not",
    "emoji block": "🎉 a block\nwith 🚀 in it\n",
    "empty": "",
    "colons and hashes": ["a: b", "key:", "# not a comment", "a #b", "x#y", "ratio 1:1", "http://x.org/#a"],
    "leading and trailing spaces": [" lead", "trail ", "  both  "],
    "indicators": ["- dash", "? query", "@at", "`tick", "%pct", "!bang", "&amp", "*star", "|", ">", "[a]", "{a}",
                   "'single'", '"double"', "it's", "back\\slash"],
    "none": None,
    "bools": [True, False],
    "numbers": [0, 7, -3, 2.5, 1e20],
    "nested": [[1, [2, [3, "deep"]]], [], {}, [{"a": [{"b": ["c", "d\ne\n"]}], "f": {"g": []}}]],
    "levels": [{"id": "ic1", "title": "Engineer 1", "areas": [{"name": None, "expectations": [
        {"id": "ic1.1", "text": "Ships: small changes", "examples": ["a fix", "🎉 a party"]}]}]}],
    "ends with a kept block": "last\n\n",
}


def libyaml_text(data: object) -> str:
    """The libyaml path's own text (not the fallback): fails if this document would leave it."""
    text = render_yaml._dump_with_libyaml(data)  # type: ignore[arg-type]
    assert text is not None, "the document left the libyaml path"
    return text


def test_a_varied_document_is_the_same_text_from_both_emitters():
    expected = dump_yaml_python(VARIED)
    assert libyaml_text(VARIED) == expected
    assert dump_yaml(VARIED) == expected
    assert "\n  - yes\n" not in expected and '\n  - "yes"\n' in expected  # quoted, and indented under its key
    assert "emoji 🎉 and 🚀" in expected and "\\U0001F389" not in expected  # written as they are
    assert expected.endswith("ends with a kept block: |+\n  last\n\n...\n")


def test_the_strict_loader_reads_every_value_back_unchanged():
    data = parse_yaml(dump_yaml(VARIED), "t.yaml").data
    assert data == VARIED


@pytest.mark.parametrize("path", sorted(FRAMEWORKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_frameworks_are_the_same_text_from_both_emitters(path):
    model = load_framework(path).model
    data = {"schema_version": 1, **model.model_dump(mode="json", exclude_defaults=True)}
    assert libyaml_text(data) == dump_yaml_python(data)


@pytest.mark.parametrize("value", [
    "🎉", "🎉 plain", "- 🎉", "🎉: colon", "🎉\ttab", "🎉\n", "\n🎉", " 🎉\nx", "🎉 \nx", "a\n\n🎉\n\n",
    "\U0010ffff", "🎉\U0010ffff", "\U0010fffe", "🎉\u2028", "🎉\r", "\U0001f389" * 200])
def test_characters_beyond_the_basic_plane_are_written_as_python_writes_them(value):
    data = {"k": value, "list": [value, {"v": value}]}
    assert libyaml_text(data) == dump_yaml_python(data)


@pytest.mark.parametrize("data", [
    {"": 1},  # Python writes an empty key as a complex key, libyaml as a simple one
    {"a" * 123: 1},  # Python's simple keys are under 123 characters
    {"é" * 65: 1},  # libyaml's are at most 128 bytes
    {"cr\rkey": 1},  # a line break to libyaml only
    {"🎉": 1},
    {"private \ue000 use": "x"},  # the stand-ins for astral characters: not in the data, or they would be swapped
    {"k": "private \uf8ff use"},
    {"shared": (shared := [1, 2]), "again": shared},  # an anchor and an alias
    {"tuple": b"bytes"},
])
def test_what_libyaml_would_write_otherwise_goes_to_the_python_emitter(data):
    assert render_yaml._dump_with_libyaml(data) is None
    assert dump_yaml(data) == dump_yaml_python(data)


def test_without_libyaml_the_python_emitter_writes_the_same(monkeypatch):
    fast = dump_yaml(VARIED)
    monkeypatch.setattr(render_yaml, "_CDumper", None)
    assert dump_yaml(VARIED) == fast


@pytest.mark.parametrize("text", [
    "? complex\n: 1\n",  # a complex key
    "a:\n    b: 1\n",  # a key's value where neither a sequence nor a mapping can start
    "-\n  a: 1\n",  # an item with nothing after its dash
    "a: 1\n...\nb: 2\n",  # a document end inside the text
    "a: |+\n  x\n\n",  # a kept block last, with no end marker: not what libyaml writes
])
def test_text_the_reindenting_does_not_know_is_given_up(text):
    assert render_yaml._indent_sequences(text) is None


def test_reindenting_moves_sequences_under_keys_and_leaves_block_lines_alone():
    libyaml = "a:\n- b:\n  - |-\n    - not an item\n\n    key: not a key\n  c: x\nd: 1\n"
    assert render_yaml._indent_sequences(libyaml) == (
        "a:\n  - b:\n      - |-\n        - not an item\n\n        key: not a key\n    c: x\nd: 1\n")


def test_a_kept_block_before_the_end_has_no_end_marker():
    data = {"a": "x\n\n", "b": 1}
    assert not dump_yaml(data).endswith("...\n")
    assert libyaml_text(data) == dump_yaml_python(data)


def test_an_imported_framework_is_the_same_text_from_both_emitters(monkeypatch):
    model = load_framework(FRAMEWORKS / "whatfix.yaml").model
    fast = dump_framework(model, note="# a note")
    monkeypatch.setattr(render_yaml, "_CDumper", None)
    assert dump_framework(model, note="# a note") == fast


# Any text, any nesting: the keys simple in both emitters (what ids and field names are), so the
# libyaml path is always the one taken.
KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8).filter(
    render_yaml._simple_key)
TEXTS = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\ue000\uf8ff"), max_size=30).filter(
    lambda s: not render_yaml._PRIVATE.search(s))
SCALARS = st.one_of(TEXTS, st.integers(-(10**6), 10**6), st.floats(allow_nan=False), st.booleans(), st.none())
DATA = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(KEYS, inner, max_size=4)), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, DATA, min_size=1, max_size=5))
def test_any_plain_data_is_the_same_text_from_both_emitters(data):
    assert libyaml_text(data) == dump_yaml_python(data)
