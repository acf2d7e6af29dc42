"""Property tests: whatever bytes the loader is given, the only outcomes are a model or a located LadderError.

Inputs: arbitrary bytes, arbitrary YAML documents, and mutations of the real framework and
example assessment files (delete a key, change a type, duplicate a key, insert an alias,
truncate, overwrite bytes). Frameworks go through the loader, the pydantic model and the
cross-reference checks; assessments through the loader, their model and scoring.

The default run is short. ``LADDER_FUZZ=long pytest tests/test_fuzz.py`` runs each property
with many more examples (minutes); ``LADDER_FUZZ=<number>`` sets the examples per property.
"""

from __future__ import annotations

import copy
import os
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import FRAMEWORKS, ROOT
from ladder.checks.framework import check_framework
from ladder.commands.assess import assess_file
from ladder.errors import InvalidFile, LadderError
from ladder.load.assessment import load_assessment
from ladder.load.loader import load_framework
from ladder.load.yaml import MAX_DEPTH
from ladder.models.assessment import Assessment
from ladder.models.framework import Framework

_COMMON = dict(  # noqa: C408 - keyword arguments for hypothesis' settings read best as such
    deadline=None,  # no timing assertions: a loaded CI machine must not fail these
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile("ladder-fuzz", max_examples=30, **_COMMON)
settings.register_profile("ladder-fuzz-long", max_examples=2000, **_COMMON)


def _fuzz_settings() -> settings:
    """The profile chosen by LADDER_FUZZ: unset = short, 'long' = 2000 examples, a number = that many."""
    choice = os.environ.get("LADDER_FUZZ", "").strip()
    if choice == "long":
        return settings.get_profile("ladder-fuzz-long")
    if choice.isdigit():
        return settings(settings.get_profile("ladder-fuzz"), max_examples=int(choice))
    return settings.get_profile("ladder-fuzz")


FUZZ = _fuzz_settings()

FRAMEWORK_FILES = sorted(FRAMEWORKS.glob("*.yaml"))
ASSESSMENT_FILES = sorted((ROOT / "examples").glob("*.yaml"))
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in FRAMEWORK_FILES + ASSESSMENT_FILES}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One directory for the whole module (hypothesis re-runs a test body many times per fixture)."""
    return tmp_path_factory.mktemp("fuzz")


# ---------------------------------------------------------------- the allowed outcomes


def assert_located(error: LadderError, path: Path, raw: bytes) -> None:
    """Every problem names the file and a line (and column) that exist in it."""
    # YAML counts \r, NEL and the Unicode separators as line breaks too; editors mostly agree.
    yaml_breaks = len(re.findall("\r\n|[\r\n\x85\u2028\u2029]", raw.decode("utf-8", "replace")))
    lines = max(raw.count(b"\n"), yaml_breaks) + 1
    assert isinstance(error, InvalidFile), f"{type(error).__name__}: {error}"
    assert error.problems, "an error with no problems"
    for problem in error.problems:
        where = problem.location
        assert where.file == str(path), str(problem)
        assert 1 <= where.line <= lines, f"line {where.line} of {lines}: {problem}"
        assert where.col >= 1, str(problem)
        assert problem.message, str(problem)


def load_framework_bytes(raw: bytes, scratch: Path, name: str = "fuzzed.yaml"):
    """Write the bytes and load + check them as a framework: the model, or the located error (returned)."""
    path = scratch / name
    path.write_bytes(raw)
    try:
        loaded = load_framework(path)
    except LadderError as error:
        assert_located(error, path, raw)
        return error
    assert isinstance(loaded.model, Framework)
    for problem in check_framework(loaded.model, loaded.document.locate):
        assert problem.location.file == str(path) and problem.location.line >= 1, str(problem)
    return loaded


def load_assessment_bytes(raw: bytes, scratch: Path, name: str = "fuzzed-assessment.yaml"):
    """Write the bytes, load them as an assessment and score them: the result, or the located error."""
    path = scratch / name
    path.write_bytes(raw)
    try:
        loaded = load_assessment(path)
    except LadderError as error:
        assert_located(error, path, raw)
        return error
    assert isinstance(loaded.model, Assessment)
    try:
        return assess_file(path)
    except LadderError as error:
        # The framework it names is a bundled one, already known good: problems are in this file.
        assert_located(error, path, raw)
        return error


# ---------------------------------------------------------------- arbitrary input


@FUZZ
@given(raw=st.binary(max_size=4000))
def test_arbitrary_bytes(raw, scratch):
    load_framework_bytes(raw, scratch)
    load_assessment_bytes(raw, scratch)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@` ,?\n\t0123456789.~")), max_size=400))
def test_arbitrary_yaml_punctuation(text, scratch):
    # Text made of YAML's own syntax characters reaches the parser's corners far faster than bytes.
    load_framework_bytes(text.encode("utf-8"), scratch)


KEYS = st.text(st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029"), max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    # Without YAML 1.1's extra line breaks (NEL, LS, PS): PyYAML's emitter writes them raw
    # inside quotes, where every YAML reader folds them to a space, so no loader could round-trip them.
    | st.text(st.characters(codec="utf-8", exclude_characters="\x85\u2028\u2029"), max_size=30)
    | st.sampled_from(["no", "yes", "on", "y", "N", "010", "1:30", "0x1F", "1_000", "2024-01-01", "~", "", "S3"])
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=40,
)


# YAML 1.2 numbers that YAML 1.1 (and so PyYAML's writer) takes for text, e.g. 1e3, 0E0:
# the loader reads them the 1.2 way by design, so they cannot round-trip through PyYAML.
_NUMBER_12_NOT_11 = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+\Z")


def _strings(value):
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)
    elif isinstance(value, str):
        yield value


def _nfc(value):
    """The data as the loader gives it back: every text in NFC (its one spelling of each text)."""
    if isinstance(value, dict):
        return {_nfc(key): _nfc(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_nfc(child) for child in value]
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _keys_distinct_under_nfc(value) -> bool:
    """No mapping has two keys that NFC makes one (the loader rightly calls those duplicates)."""
    if isinstance(value, dict):
        keys = [unicodedata.normalize("NFC", key) if isinstance(key, str) else key for key in value]
        return len(set(keys)) == len(keys) and all(_keys_distinct_under_nfc(child) for child in value.values())
    if isinstance(value, list):
        return all(_keys_distinct_under_nfc(child) for child in value)
    return True


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@FUZZ
@given(data=st.dictionaries(KEYS, DOCUMENTS, min_size=1, max_size=6), flow=st.booleans())
def test_arbitrary_yaml_documents_round_trip_or_fail_on_ambiguous_values_or_controls(data, flow, scratch):
    # PyYAML writes YAML 1.1; the loader reads YAML 1.2 and flags what the two read differently.
    # So a dumped document must come back equal, or fail only with "ambiguous" problems.
    assume(not any(_NUMBER_12_NOT_11.match(text) for text in _strings(data)))
    assume(_keys_distinct_under_nfc(data))
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    raw = text.encode("utf-8")
    from ladder.load.yaml import parse_yaml

    try:
        document = parse_yaml(text, "doc.yaml")
    except InvalidFile as error:
        assert_located(error, Path("doc.yaml"), raw)
        messages = {p.message for p in error.problems}
        assert all("is ambiguous" in m or "problems found in this file" in m or "control character" in m
                   for m in messages), messages
        return
    assert _depth(data) < MAX_DEPTH
    assert document.data == _nfc(data)
    load_framework_bytes(raw, scratch)


# ---------------------------------------------------------------- mutations of the real files


def _paths(value, prefix=()):
    """Every key path in a document (mapping keys and list indexes)."""
    out = []
    if isinstance(value, dict):
        for key, child in value.items():
            out.append(prefix + (key,))
            out.extend(_paths(child, prefix + (key,)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out.append(prefix + (index,))
            out.extend(_paths(child, prefix + (index,)))
    return out


DATA = {name: yaml.safe_load(text) for name, text in TEXTS.items()}
PATHS = {name: _paths(data) for name, data in DATA.items()}
OTHER_TYPES = st.sampled_from([None, True, 0, -1, 2.5, "", "text", [], ["a"], {}, {"x": 1}])
# A line holding one key and a complete one-line scalar: duplicating it must give a duplicate-key error.
SIMPLE_KEY_LINE = re.compile(r"""^(\s*)([A-Za-z_][\w.-]*): ("[^"]*"|'[^']*'|[^\s"'\[{&*|>#][^#]*?)\s*(#.*)?$""")


def _mutated_data(draw, name: str) -> bytes:
    data = copy.deepcopy(DATA[name])
    path = draw(st.sampled_from(PATHS[name]))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(OTHER_TYPES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _duplicated_line(draw, name: str) -> tuple[bytes, int]:
    lines = TEXTS[name].splitlines(keepends=True)
    index = draw(st.integers(0, len(lines) - 1))
    return "".join(lines[: index + 1] + [lines[index]] + lines[index + 1:]).encode("utf-8"), index


def _inserted_alias(draw, name: str) -> bytes:
    lines = TEXTS[name].splitlines(keepends=True)
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[A-Za-z_][\w.-]*:( |$)", line)]
    first, second = sorted(draw(st.lists(st.sampled_from(keyed), min_size=2, max_size=2, unique=True)))
    lines[first] = re.sub(r":( |$)", r": &fz\1", lines[first], count=1)
    lines[second] = re.sub(r":( .*)?$", ": *fz", lines[second].rstrip("\n"), count=1) + "\n"
    return "".join(lines).encode("utf-8")


def _overwritten_bytes(draw, raw: bytes) -> bytes:
    out = bytearray(raw)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(out) - 1))
        out[at] = draw(st.integers(0, 255))
    return bytes(out)


MUTATIONS = ["delete-or-retype", "duplicate-line", "alias", "truncate", "overwrite-bytes"]


def _mutate(draw, name: str, mutation: str) -> bytes:
    raw = TEXTS[name].encode("utf-8")
    if mutation == "delete-or-retype":
        return _mutated_data(draw, name)
    if mutation == "duplicate-line":
        return _duplicated_line(draw, name)[0]
    if mutation == "alias":
        return _inserted_alias(draw, name)
    if mutation == "truncate":
        return raw[: draw(st.integers(0, len(raw)))]  # may cut a UTF-8 character in half
    return _overwritten_bytes(draw, raw)


@FUZZ
@given(data=st.data(), name=st.sampled_from([p.name for p in FRAMEWORK_FILES]), mutation=st.sampled_from(MUTATIONS))
def test_mutated_frameworks(data, name, mutation, scratch):
    load_framework_bytes(_mutate(data.draw, name, mutation), scratch)


@FUZZ
@given(data=st.data(), name=st.sampled_from([p.name for p in ASSESSMENT_FILES]), mutation=st.sampled_from(MUTATIONS))
def test_mutated_assessments(data, name, mutation, scratch):
    load_assessment_bytes(_mutate(data.draw, name, mutation), scratch)


@FUZZ
@given(data=st.data(), name=st.sampled_from(sorted(TEXTS)))
def test_a_duplicated_key_line_is_reported_where_the_copy_is(data, name, scratch):
    lines = TEXTS[name].splitlines()
    simple = [i for i, line in enumerate(lines) if SIMPLE_KEY_LINE.match(line)]
    index = data.draw(st.sampled_from(simple))
    raw = "\n".join(lines[: index + 1] + [lines[index]] + lines[index + 1:]).encode("utf-8") + b"\n"
    key = SIMPLE_KEY_LINE.match(lines[index]).group(2)
    error = load_framework_bytes(raw, scratch)
    assert isinstance(error, InvalidFile)
    assert any(
        p.location.line == index + 2 and p.message.startswith(f"duplicate key '{key}' (first defined at line {index + 1})")
        for p in error.problems
    ), [str(p) for p in error.problems]


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.name)
def test_unmutated_frameworks_load(path, scratch):
    # The mutation tests are only meaningful if the originals are valid.
    loaded = load_framework_bytes(path.read_bytes(), scratch)
    assert isinstance(loaded.model, Framework)


@pytest.mark.parametrize("path", ASSESSMENT_FILES, ids=lambda p: p.name)
def test_unmutated_assessments_score(path, scratch):
    result = load_assessment_bytes(path.read_bytes(), scratch)
    assert not isinstance(result, LadderError), str(result)


# ---------------------------------------------------------------- what fuzzing found, pinned


def test_unknown_key_inside_a_dict_valued_field_is_located_with_its_models_keys(scratch):
    # Was a KeyError: the key of a dict field (cells, ratings) was taken for a field name.
    text = (FRAMEWORKS / "intercom.yaml").read_text(encoding="utf-8")
    first_cell = re.search(r"^(\s+)cells:\n(\s+)(\S+): ", text, re.M)
    assert first_cell, "intercom.yaml has a competency matrix"
    indent, level = first_cell.group(2), first_cell.group(3)
    mutated = text.replace(first_cell.group(0), f"{first_cell.group(1)}cells:\n{indent}{level}: {{text: T, txt: U}}\n{indent}x: ", 1)
    error = load_framework_bytes(mutated.encode("utf-8"), scratch)
    assert isinstance(error, InvalidFile)
    assert any(p.message == "unknown key 'txt'; did you mean 'text'?" for p in error.problems), [
        str(p) for p in error.problems
    ]


def test_unknown_key_inside_an_assessment_rating_is_located(scratch):
    raw = b"framework: basecamp\nperson: P\ndate: 2024-01-01\ncurrent_level: '1'\nratings:\n  '1.1': {x: 1}\n"
    error = load_assessment_bytes(raw, scratch)
    assert isinstance(error, InvalidFile)
    (problem,) = [p for p in error.problems if "unknown key 'x'" in p.message]
    assert (problem.location.line, problem.location.path) == (6, "ratings.1.1.x")


def test_an_error_at_the_end_of_a_truncated_file_is_on_its_last_line(scratch):
    # libyaml reports end-of-stream errors on a line after the last one.
    raw = b"id: x\norganisation: y\nname"
    error = load_framework_bytes(raw, scratch)
    assert "fuzzed.yaml:3:5: error: invalid YAML: a key without ':' after it (in a key); add ': '" in str(
        error.problems[0])
