"""loader.py: strict YAML, located errors, hostile input."""

from __future__ import annotations

import pytest

from conftest import DATA, FRAMEWORKS
from ladder.errors import InvalidFile
from ladder.load.document import format_path
from ladder.load.loader import load_document, load_framework
from ladder.load.text import decode, read_text
from ladder.load.yaml import parse_yaml
from ladder.models.framework import Framework
from ladder.yaml_scalars import resolve_plain

VALID = sorted((DATA / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_load(path):
    loaded = load_framework(path)
    assert isinstance(loaded.model, Framework)
    assert loaded.document.file == str(path)


@pytest.mark.parametrize(
    "text, value",
    [("2", 2), ("-3", -3), ("1.5", 1.5), ("true", True), ("false", False), ("null", None), ("~", None),
     ("", None), ("hello", "hello"), ("2026-11-23", "2026-11-23"), ("S3", "S3"), ("1e3", 1000.0)],
)
def test_plain_scalars_resolve_the_yaml_1_2_way(text, value):
    assert resolve_plain(text) == (value, None)


@pytest.mark.parametrize("text", ["010", "no", "No", "YES", "on", "off", "1:30", "0x1F", "0o17", "1_000", ".inf"])
def test_yaml_1_1_surprises_are_flagged(text):
    value, why = resolve_plain(text)
    assert value == text and why


@pytest.mark.parametrize("text, why", [("9" * 5000, "is a number of 5,000 digits, too long to read"),
                                       ("1e999", "is a number too large to read"),
                                       ("-1e999", "is a number too large to read")])
def test_numbers_python_cannot_hold_are_flagged_not_crashed_on(text, why):
    assert resolve_plain(text) == (text, why)


def test_a_huge_plain_number_is_a_located_error_that_does_not_quote_it_whole():
    with pytest.raises(InvalidFile) as caught:
        parse_yaml("id: " + "9" * 5000 + "\n", "big.yaml")
    (problem,) = caught.value.problems
    assert str(problem) == ("big.yaml:1:5: error: id: plain value '9999999999999999999999999999999999999...' "
                            "is a number of 5,000 digits, too long to read; quote it if you meant text (yaml)")


def test_quoted_values_are_never_reinterpreted():
    doc = parse_yaml('a: "010"\nb: \'no\'\nc: "1:30"\nd: !!str 12\n', "x.yaml")
    assert doc.data == {"a": "010", "b": "no", "c": "1:30", "d": "12"}


def test_marks_locate_nested_nodes():
    doc = parse_yaml("levels:\n  - id: a\n    title: T\n", "x.yaml")
    loc = doc.locate(("levels", 0, "title"))
    assert (loc.line, loc.col, loc.path) == (3, 5, "levels[0].title")
    missing = doc.locate(("levels", 0, "nope"))
    assert (missing.line, missing.col) == (2, 5)


def test_scalar_alias_is_allowed_but_collection_alias_is_not():
    assert parse_yaml("a: &x hello\nb: *x\n", "x.yaml").data == {"a": "hello", "b": "hello"}
    with pytest.raises(InvalidFile, match="aliases of collections are not allowed"):
        parse_yaml("a: &x {k: v}\nb: *x\n", "x.yaml")


def test_every_duplicate_key_is_reported_not_just_the_first():
    with pytest.raises(InvalidFile) as info:
        parse_yaml("a: 1\na: 2\nb: {c: 1, c: 2}\n", "x.yaml")
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "x.yaml:2:1: error: a: duplicate key 'a' (first defined at line 1); remove one of them (yaml)",
        "x.yaml:3:11: error: b.c: duplicate key 'c' (first defined at line 3); remove one of them (yaml)",
    ]


def test_size_limit_is_checked_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(InvalidFile, match="over the limit of 1,000"):
        read_text(big, max_bytes=1000)
    assert read_text(big, max_bytes=5000).startswith("a: x")


def test_directory_and_missing_file_are_clear_errors(tmp_path):
    with pytest.raises(InvalidFile, match="is a directory"):
        read_text(tmp_path)
    with pytest.raises(InvalidFile, match="no such file"):
        read_text(tmp_path / "nope.yaml")


def test_bom_is_dropped_and_utf16_refused():
    assert decode("\ufeffa: b".encode("utf-8"), "x") == "a: b"
    with pytest.raises(InvalidFile, match="UTF-16"):
        decode("a: b".encode("utf-16"), "x")


def test_control_character_is_located():
    with pytest.raises(InvalidFile) as info:
        parse_yaml("a: b\nc: d\x07\n", "x.yaml")
    assert str(info.value).startswith("x.yaml:2:5: error: invalid character #x0007")


def test_unknown_key_suggests_the_nearest_field(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text((DATA / "valid" / "minimal.yaml").read_text().replace("organisation:", "organsation:"))
    with pytest.raises(InvalidFile) as info:
        load_framework(path)
    messages = [p.message for p in info.value.problems]
    assert "unknown key 'organsation'; did you mean 'organisation'?" in messages
    assert "required key 'organisation' is missing; add it" in messages


def test_wrong_type_inside_discriminated_union_is_located(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text((DATA / "valid" / "minimal.yaml").read_text().replace("min_years: 2,", "min_years: two,"))
    with pytest.raises(InvalidFile) as info:
        load_framework(path)
    (problem,) = info.value.problems
    assert problem.location.path == "levels[1].criteria[0].min_years"
    assert problem.location.line == 27
    assert "valid number" in problem.message and "'two'" in problem.message


def test_format_path():
    assert format_path(("levels", 2, "areas", 0, "name")) == "levels[2].areas[0].name"
    assert format_path(()) == ""


def test_load_document_reads_real_framework():
    doc = load_document(FRAMEWORKS / "basecamp.yaml")
    assert doc.data["id"] == "basecamp"
    assert all(isinstance(level["id"], str) for level in doc.data["levels"])


def test_models_are_built_without_pydantic_plugin_discovery_and_env_is_restored(monkeypatch):
    import os

    import pydantic.plugin._loader as plugin_loader

    from ladder.load.loader import validate
    from ladder.load.yaml import parse_yaml
    from ladder.models.framework import Strict

    scans = []
    # where pydantic scans installed packages: entry_points() since 2.11, distributions() before
    if hasattr(plugin_loader, "entry_points"):
        monkeypatch.setattr(plugin_loader, "entry_points", lambda **kw: scans.append(kw) or [])
    else:
        monkeypatch.setattr(plugin_loader.importlib_metadata, "distributions", lambda: scans.append(1) or [])
    monkeypatch.setattr(plugin_loader, "_plugins", None)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)

    class Fresh(Strict):  # deferred: built by the first validate
        id: str

    assert validate(Fresh, parse_yaml("id: x\n", "f.yaml")).id == "x"
    assert scans == [] and "PYDANTIC_DISABLE_PLUGINS" not in os.environ

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "someone-elses")  # the user's own setting is kept

    class Other(Strict):
        id: str

    validate(Other, parse_yaml("id: z2\n", "f.yaml"))
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "someone-elses" and len(scans) == 1


def test_schema_version_true_is_not_version_1(tmp_path):
    path = tmp_path / "v.yaml"
    text = (DATA.parent.parent / "frameworks" / "basecamp.yaml").read_text()
    assert "\nschema_version: 1\n" in text
    path.write_text(text.replace("\nschema_version: 1\n", "\nschema_version: true\n"))
    with pytest.raises(InvalidFile) as caught:
        load_framework(path)
    assert "schema_version: input should be 1, got true (a boolean)" in str(caught.value)


def test_tab_indentation_gets_a_hint():
    with pytest.raises(InvalidFile) as caught:
        parse_yaml("id: x\nlevels:\n\t- a\n", "tab.yaml")
    assert str(caught.value).endswith("; YAML does not allow tabs for indentation; indent with spaces")
