"""A framework's `version:` (and an assessment's `framework_version:`) is text as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from ladder.errors import InvalidFile
from ladder.load.loader import load_framework

ROOT = Path(__file__).resolve().parents[2]


def _with_version(tmp_path: Path, line: str) -> Path:
    text = (ROOT / "frameworks" / "heroes.yaml").read_text()
    head, rest = text.split("\nname:", 1)
    path = tmp_path / "heroes.yaml"
    path.write_text(f"{head}\n{line}\nname:{rest}")
    return path


@pytest.mark.parametrize("line, version", [
    ("version: 2024.10", "2024.10"),
    ("version: 3", "3"),
    ('version: "2024.2"', "2024.2"),
    ("version: v2 (spring)", "v2 (spring)"),
    ("version: 1e3", "1e3"),
])
def test_version_kept_as_written(tmp_path: Path, line: str, version: str) -> None:
    assert load_framework(_with_version(tmp_path, line)).model.version == version


@pytest.mark.parametrize("line", ["version: true", "version: ''", "version: [1]", 'version: "a\\nb"'])
def test_a_version_that_is_not_one_line_of_text_is_located(tmp_path: Path, line: str) -> None:
    with pytest.raises(InvalidFile) as caught:
        load_framework(_with_version(tmp_path, line))
    assert caught.value.problems[0].location.path == "version"



def test_only_the_version_keys_are_kept_as_written(tmp_path: Path) -> None:
    from ladder.load.yaml import parse_yaml

    data = parse_yaml("version: 2.0\norder: 2.0\nnested:\n  version: 2.0\n", "t.yaml").data
    assert data == {"version": "2.0", "order": 2.0, "nested": {"version": 2.0}}
