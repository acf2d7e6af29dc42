"""Shared fixtures: a CLI runner with plain output, and paths to the repo's data."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

os.environ["TYPER_USE_RICH"] = "0"
os.environ["NO_COLOR"] = "1"
os.environ.setdefault("COLUMNS", "120")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FRAMEWORKS = ROOT / "frameworks"


class Tty(io.StringIO):
    """An in-memory stream that says it is a terminal (for the rich side of term.terminal)."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "COLUMNS": "120", "LADDER_PATH": ""})


@pytest.fixture
def invoke(runner):
    """Run the ladder CLI with arguments; returns the click Result."""
    from ladder.cli import app

    def run(*args: str, **kwargs):
        return runner.invoke(app, [str(a) for a in args], **kwargs)

    return run


def one_result(stdout: str) -> dict:
    """The one entry of `ladder assess FILE --format json` (the document has the batch's shape)."""
    import json

    document = json.loads(stdout)
    assert set(document) == {"results", "summary"} and len(document["results"]) == 1, document.keys()
    return document["results"][0]


def git(repo: Path, *args: str) -> None:
    """Run git in ``repo`` as a test's author (no user configuration needed)."""
    import subprocess

    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def basecamp_repo(tmp_path: Path) -> Path:
    """A git repository (branch main) with frameworks/basecamp.yaml committed once."""
    import shutil

    assert shutil.which("git"), "git is needed to read earlier versions (and for these tests)"
    repo = tmp_path / "repo"
    (repo / "frameworks").mkdir(parents=True)
    shutil.copy(FRAMEWORKS / "basecamp.yaml", repo / "frameworks" / "basecamp.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    return repo
