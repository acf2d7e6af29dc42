"""The invalid examples: each fails with exactly the message that sits beside it."""

from __future__ import annotations

import pytest

from conftest import DATA, FRAMEWORKS
from ladder.commands.validate import validate_file, validate_paths

INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def test_there_is_an_invalid_example_for_each_class_of_fault():
    names = {p.stem for p in INVALID}
    for expected in ["duplicate_key", "alias_bomb", "deep_nesting", "not_utf8", "binary", "empty",
                     "top_level_list", "octal_id", "yaml11_bool", "sexagesimal", "unknown_key",
                     "missing_field", "wrong_type", "unknown_track", "unknown_builds_on", "builds_on_cycle",
                     "duplicate_level_id", "duplicate_expectation_id", "matrix_missing_level", "empty_level"]:
        assert expected in names


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_reports_expected_problems(path):
    result = validate_file(path)
    assert result.failed(strict=False)
    got = [str(p).removeprefix(f"{path}:") for p in result.problems]
    expected = path.with_suffix(".expected").read_text().splitlines()
    assert got == expected


def test_bundled_frameworks_are_strictly_valid():
    results = list(validate_paths([str(FRAMEWORKS)]))
    assert {r.file.rsplit("/", 1)[-1] for r in results} == {"basecamp.yaml", "heroes.yaml", "intercom.yaml",
                                                           "whatfix.yaml"}
    for result in results:
        assert result.problems == [], result.file


def test_directory_is_searched_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.yml").write_text("[]\n")
    (tmp_path / "a.yaml").write_text("{}\n")
    (tmp_path / "notes.txt").write_text("ignored")
    files = [r.file for r in validate_paths([str(tmp_path)])]
    assert files == [str(tmp_path / "a.yaml"), str(tmp_path / "b" / "two.yml")]


def test_dangling_link_in_a_directory_is_reported_not_skipped(tmp_path):
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (result,) = list(validate_paths([str(tmp_path)]))
    assert result.file == str(tmp_path / "gone.yaml")
    assert [p.message for p in result.problems] == ["no such file; check the path"]
