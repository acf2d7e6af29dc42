"""What an output must never be, with or without --force: a symbolic link, one of the command's
inputs, or (for an export directory) a directory that is, holds or is inside a guarded one."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ladder.errors import LadderError, Location, shown


def refuse_symlink(target: str | Path) -> None:
    """A symbolic link as the output is refused, with or without --force: no writing through it."""
    if os.path.islink(Path(target)):  # Path drops a trailing '/', which would make lstat follow the link
        raise LadderError("is a symbolic link; not writing through it", Location(str(target)),
                          "choose a path that is not a link")


def refuse_input(output: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse, whatever --force says, an output that is one of the command's input files: the same
    path once links and '..' are resolved, or another name (a hard link) of the same file."""
    real, here = os.path.realpath(output), _identity(output)
    for source in inputs:
        if source is None:
            continue
        if os.path.realpath(source) == real or (here is not None and _identity(source) == here):
            raise LadderError(f"is the command's input ({shown(source, 200)}); not overwriting it",
                              Location(str(output)), "choose another output path")


def _identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of what path names, links followed; None if it does not exist."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def _chain(real: str) -> list[str]:
    """A resolved path and every directory above it, up to the root."""
    chain = [real]
    while os.path.dirname(chain[-1]) != chain[-1]:
        chain.append(os.path.dirname(chain[-1]))
    return chain


def _guards(inputs: Iterable[str | Path], extra: Iterable[str | Path]) -> list[tuple[str, str, bool]]:
    """(resolved directory, what it is, whether an export inside it is refused too).

    An export never replaces or contains the current directory, the home directory or the root;
    it is not written into, over or around the input file's directory, a --path directory or a
    LADDER_PATH directory either.
    """
    guards: list[tuple[str, str, bool]] = []
    try:
        guards.append((os.getcwd(), "the current directory", False))
    except OSError:  # the current directory was deleted: nothing there to protect
        pass
    homes = [os.environ.get("HOME", "")]
    try:
        homes.append(str(Path.home()))
    except (RuntimeError, KeyError):
        pass
    guards += [(home, "the home directory", False) for home in homes if home]
    guards.append((os.path.abspath(os.sep), "the root directory", False))
    for source in inputs:
        guards.append((os.path.dirname(os.path.abspath(source)), "the input file's directory", True))
        guards.append((os.path.dirname(os.path.realpath(source)), "the input file's directory", True))
    guards += [(str(d), "a --path directory", True) for d in extra]
    guards += [(d, "a LADDER_PATH directory", True) for d in os.environ.get("LADDER_PATH", "").split(os.pathsep) if d]
    return [(os.path.realpath(directory), label, inside) for directory, label, inside in guards]


def refuse_guarded(target: str | Path, guards: list[tuple[str, str, bool]]) -> None:
    """Refuse a target directory that is, or contains, a guarded directory (or is inside one that says so).

    Resolved paths are compared, and device and inode numbers of what exists, so a link, '..' or
    a second name of a directory cannot dodge the rule."""
    real = os.path.realpath(target)
    ours = _chain(real)
    our_ids = [_identity(p) for p in ours]
    found = []  # (0 is, 1 contains, 2 is inside; message): the closest relation is the one reported
    for directory, label, inside in guards:
        theirs = _chain(directory)
        their_ids = [_identity(p) for p in theirs]
        if real == directory or (our_ids[0] is not None and our_ids[0] == their_ids[0]):
            found.append((0, f"is {label}; not replacing it"))
        elif real in theirs or (our_ids[0] is not None and our_ids[0] in their_ids):
            found.append((1, f"contains {label} ({shown(directory, 200)}); not replacing it"))
        elif inside and (directory in ours or (their_ids[0] is not None and their_ids[0] in our_ids)):
            found.append((2, f"is inside {label} ({shown(directory, 200)}); not writing an export there"))
    if found:
        raise LadderError(min(found, key=lambda f: f[0])[1], Location(str(target)),
                          "choose a new or empty directory elsewhere")
