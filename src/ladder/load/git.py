"""Reading a file as it was at a git revision (``git show REV:path``), and its history.

git runs as a subprocess with an argument list (no shell), a timeout, ``GIT_TERMINAL_PROMPT=0``
and ``--no-pager``; a revision is passed after ``--end-of-options`` where git reads options, so no
revision can become an option. Every failure (git missing, not a repository, a revision that
does not exist, a file the revision does not have) is a UsageError: exit 2, one line, a hint.
A revision's text is parsed by the same strict loader as files, named ``REV:path`` in messages.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from ladder.errors import UsageError, shown
from ladder.load.document import Loaded
from ladder.load.text import DEFAULT_MAX_BYTES, decode

TIMEOUT = 30.0  # seconds for one git command
MAX_HISTORY = 200  # revisions of one file searched for a fingerprint


class Tracked(NamedTuple):
    """A file inside a git work tree: the directory git runs in and the path git names it by."""

    cwd: Path
    relative: str  # from the top of the work tree, with forward slashes


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", "--no-pager", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT,
                              env=env, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH): --since reads earlier versions with git",
                         "install git, or compare two files: ladder changes OLD.yaml NEW.yaml") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git took longer than {TIMEOUT:.0f} s and was stopped",
                         "try again, or compare two files: ladder changes OLD.yaml NEW.yaml") from None


def _first_line(raw: bytes) -> str:
    lines = raw.decode("utf-8", "replace").strip().splitlines()
    return shown(lines[0], 200) if lines else "no message"


def tracked(path: str | Path) -> Tracked:
    """Where git finds ``path``: a UsageError when it is not inside a git work tree."""
    file = Path(path)
    cwd = file.parent if str(file.parent) else Path(".")
    if not cwd.is_dir():
        raise UsageError(f"{shown(str(path))}: no such directory", "give a framework file inside a git repository")
    return Tracked(cwd, f"{_prefix(cwd, path)}{file.name}")


def _prefix(cwd: Path, path: str | Path) -> str:
    """The path of directory ``cwd`` from the top of its work tree ('' or 'a/b/'); UsageError outside one."""
    done = _git(["rev-parse", "--show-prefix"], cwd)
    if done.returncode != 0:
        raise UsageError(f"{shown(str(path))} is not inside a git repository",
                         "run it in a clone, or compare two files: ladder changes OLD.yaml NEW.yaml")
    return done.stdout.decode("utf-8", "replace").strip()


def short(revision: str) -> str:
    """A revision as output names it: a full commit hash shortened to 12 digits, anything else as given."""
    return revision[:12] if len(revision) == 40 and all(c in "0123456789abcdef" for c in revision) else revision


def _check_revision(revision: str) -> None:
    if not revision or revision.startswith("-") or any(c in revision for c in "\x00\n\r"):
        raise UsageError(f"'{shown(revision)}' is not a git revision",
                         "give a commit, branch or tag, such as HEAD~1, main or v2024.1")


def _verify(revision: str, cwd: Path) -> None:
    _check_revision(revision)
    known = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd)
    if known.returncode != 0:
        raise UsageError(f"git revision '{shown(revision)}' does not exist in this repository",
                         "give a commit, branch or tag (git log --oneline lists them); "
                         "in a shallow CI clone, fetch it first")


def files_at(directory: str | Path, revision: str) -> list[str]:
    """The files under ``directory`` at ``revision``, relative to it (forward slashes), sorted."""
    folder = Path(directory)
    if not folder.is_dir():
        raise UsageError(f"{shown(str(directory))}: no such directory", "give a directory inside a git repository")
    _prefix(folder, directory)
    _verify(revision, folder)
    done = _git(["ls-tree", "-r", "-z", "--name-only", "--end-of-options", revision], folder)
    if done.returncode != 0:
        raise UsageError(f"git could not list {shown(str(directory))} at '{shown(revision)}' "
                         f"(git: {_first_line(done.stderr)})", "check the revision and the directory")
    return sorted(os.fsdecode(name) for name in done.stdout.split(b"\0") if name)  # as os.listdir names them


def show(path: str | Path, revision: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """(text of ``path`` at ``revision``, its name ``REV:path``): UsageError when git cannot give it."""
    _check_revision(revision)
    where = tracked(path)
    name = f"{revision}:{where.relative}"
    _verify(revision, where.cwd)
    done = _git(["cat-file", "blob", name], where.cwd)
    if done.returncode != 0:
        raise UsageError(f"{shown(name)}: the file is not in revision '{shown(revision)}' "
                         f"(git: {_first_line(done.stderr)})",
                         "was it added or renamed since? compare two files instead: ladder changes OLD.yaml NEW.yaml")
    if len(done.stdout) > max_bytes:
        raise UsageError(f"{shown(name)} is larger than {max_bytes:,} bytes", "is it a framework file?")
    return decode(done.stdout, name), name


def load_at(path: str | Path, revision: str) -> Loaded:
    """The framework ``path`` as it was at ``revision``, validated (InvalidFile located at ``REV:path``)."""
    from ladder.load.loader import validate
    from ladder.load.yaml import parse_yaml
    from ladder.models.framework import Framework

    text, name = show(path, revision)
    document = parse_yaml(text, name)
    return Loaded(validate(Framework, document), document)


def history(path: str | Path, limit: int = MAX_HISTORY) -> Iterator[str]:
    """The commits that changed ``path``, newest first (following renames), at most ``limit``."""
    where = tracked(path)
    # a pathspec is relative to the working directory (unlike REV:path): ``:(top,literal)`` names it from the top
    done = _git(["log", f"--max-count={limit}", "--format=%H", "--follow", "--", f":(top,literal){where.relative}"],
                where.cwd)
    if done.returncode != 0:
        return
    yield from done.stdout.decode("ascii", "replace").split()
