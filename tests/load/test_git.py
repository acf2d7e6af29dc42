"""Reading a framework at a git revision: the strict loader on its text, UsageError for every git failure."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ladder.commands.versions import find_version
from ladder.errors import InvalidFile, UsageError
from ladder.load.git import history, load_at, show
from ladder.logic.fingerprint import fingerprint

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "frameworks").mkdir(parents=True)
    _git(repo, "init", "-q")
    target = repo / "frameworks" / "basecamp.yaml"
    text = (ROOT / "frameworks" / "basecamp.yaml").read_text()
    target.write_text(text)
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    target.write_text(text.replace("Uses HelpScout effectively.", "Uses HelpScout well.", 1))
    _git(repo, "commit", "-qam", "second")
    return repo


def test_the_file_as_it_was_is_loaded_and_named_by_revision(repo: Path) -> None:
    path = repo / "frameworks" / "basecamp.yaml"
    old = load_at(path, "HEAD~1")
    assert old.document.file == "HEAD~1:frameworks/basecamp.yaml"
    texts = {e.text for lvl in old.model.levels for a in lvl.areas for e in a.expectations}
    assert "Uses HelpScout effectively." in texts
    assert len(list(history(path))) == 2


def test_the_version_with_a_fingerprint_is_found_in_history(repo: Path) -> None:
    path = repo / "frameworks" / "basecamp.yaml"
    wanted = fingerprint(load_at(path, "HEAD~1").model)
    found = find_version(path, wanted)
    assert found is not None
    first = subprocess.run(["git", "rev-parse", "HEAD~1"], cwd=repo, capture_output=True, text=True).stdout.strip()
    assert found[0] == first
    assert find_version(path, "0" * 16) is None


@pytest.mark.parametrize("revision, said", [
    ("no-such-branch", "does not exist"),
    ("HEAD~9", "does not exist"),
    ("--output=/tmp/x", "is not a git revision"),
    ("", "is not a git revision"),
])
def test_a_bad_revision_is_a_usage_error(repo: Path, revision: str, said: str) -> None:
    with pytest.raises(UsageError) as caught:
        show(repo / "frameworks" / "basecamp.yaml", revision)
    assert said in caught.value.message and caught.value.exit_code == 2


def test_a_file_the_revision_lacks_and_a_directory_outside_git(repo: Path, tmp_path: Path) -> None:
    new = repo / "frameworks" / "new.yaml"
    new.write_text("id: x\n")
    with pytest.raises(UsageError, match="not in revision"):
        show(new, "HEAD")
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(UsageError, match="not inside a git repository"):
        show(outside / "f.yaml", "HEAD")
    assert find_version(outside / "f.yaml", "0" * 16) is None


def test_a_broken_old_version_is_located_at_the_revision(repo: Path) -> None:
    path = repo / "frameworks" / "basecamp.yaml"
    path.write_text("id: [unclosed\n")
    _git(repo, "commit", "-qam", "broken")
    with pytest.raises(InvalidFile) as caught:
        load_at(path, "HEAD")
    assert caught.value.problems[0].location.file == "HEAD:frameworks/basecamp.yaml"
