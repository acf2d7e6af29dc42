"""The parser's refusals reach the user in ladder's words, whatever libyaml's release says."""

from __future__ import annotations

import pytest
import yaml

from ladder.errors import InvalidFile
from ladder.load.yaml import parse_yaml
from ladder.load.yaml_messages import syntax_message

# Broken YAML of each kind libyaml refuses, and the start of ladder's message for it.
BROKEN = {
    "unclosed list": ("a: [1, 2\nb: 3\n", "a [ ] list is not closed"),
    "unclosed mapping": ("a: {x: 1\nb: 3\n", "a { } mapping is not closed"),
    "two keys on a line": ("a: b: c\n", "unexpected ':' here"),
    "tab indentation": ("a:\n\tb: 1\n", "a character that cannot start a YAML value"),
    "stray @": ("a: @x\n", "a character that cannot start a YAML value"),
    "unclosed quote": ('a: "abc\n', "the file ends before a quote"),
    "unknown escape": ('a: "\\q"\n', "an unknown backslash escape"),
    "bad hex escape": ('a: "\\xZZ"\n', "a \\x, \\u or \\U escape without"),
    "bad unicode escape": ('a: "\\uD800"\n', "a \\u or \\U escape that is not"),
    "list item expected": ("- a\nb: 1\n", "a '- ' list item was expected"),
    "key expected": ("a: 1\n- b\n", "a 'key: value' line was expected"),
    "missing value": ("a: [,]\n", "a value is missing here"),
    "empty anchor": ("a: &\n", "an anchor (&) or alias (*) without a name"),
    "bad tag": ("a: !<\n", "an invalid tag"),
    "unknown directive": ("%FOO\n---\na: 1\n", "an unsupported YAML directive"),
    "duplicate tag directive": ("%TAG !x! tag:x,2000:\n%TAG !x! tag:x,2000:\n---\na: 1\n",
                                "an unsupported YAML directive"),
    "text after the end": ("a: 1\n... x\n", "text after the end of the document"),
    "text after a block scalar header": ("a: |x\n  b\n", "unexpected text after a value"),
    "key without colon at the end": ("id: x\nname", "a key without ':' after it"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_each_refusal_is_worded_by_ladder_not_by_the_parser(name):
    text, start = BROKEN[name]
    with pytest.raises(InvalidFile) as info:
        parse_yaml(text, "f.yaml")
    message = info.value.problems[0].message
    assert message.startswith(f"invalid YAML: {start}"), message
    # none of libyaml's own vocabulary leaks through
    for parser_words in ("did not find", "could not find", "while parsing", "while scanning", "scalar", "flow"):
        assert parser_words not in message


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000, "a: " + "{b: " * 5000 + "1" + "}" * 5000])
def test_nesting_the_parser_refuses_itself_gets_ladders_depth_message(text):
    with pytest.raises(InvalidFile) as info:
        parse_yaml(text, "f.yaml")
    assert info.value.problems[0].message == "nesting deeper than 64 levels; a framework file never needs this; " \
        "flatten the structure"


def test_a_refusal_ladder_does_not_know_is_still_ladders_message():
    message, hint = syntax_message("found a brand new problem", None, 64)
    assert message == "invalid YAML syntax (the YAML parser says: found a brand new problem)"
    assert hint == "check quoting, brackets and indentation around here"


def test_the_depth_message_does_not_depend_on_the_parsers_limit(monkeypatch):
    """Whatever depth libyaml stops at, and however it says so, the message is ladder's."""

    class Refusing:
        def __init__(self, text):
            pass

        def get_event(self):
            raise yaml.scanner.ScannerError("while increasing flow level", None,
                                            "Exceeded the Maximum Nesting Depth (new wording)", None)

        def dispose(self):
            pass

    monkeypatch.setattr("ladder.load.yaml._Parser", Refusing)
    with pytest.raises(InvalidFile) as info:
        parse_yaml("a: 1\n", "f.yaml")
    assert info.value.problems[0].message.startswith("nesting deeper than 64 levels")
