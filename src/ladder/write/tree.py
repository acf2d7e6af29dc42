"""Export directory trees, built beside their target and swapped in whole.

The path always holds the old tree or the new one: the new tree is built in a staging directory
and exchanged with the target atomically where the system can (or moved in by two renames).
--force replaces only a previous ladder export: a directory holding a ``.ladder-export`` marker
and nothing but the files that marker lists. A run cleans up what a killed one left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path

from ladder.errors import LadderError, Location, shown
from ladder.write.file import cannot_write
from ladder.write.guards import _guards, refuse_guarded, refuse_input, refuse_symlink
from ladder.write.swap import exchange, signals_as_exceptions

MARKER = ".ladder-export"  # in every export directory: what ladder wrote there, so --force knows what it may replace
MARKER_MAX_BYTES = 1 << 20
STAGING = "ladder-staging-"  # .NAME.ladder-staging-XXXXXXXX: the new tree being built beside the target
OLD = "ladder-old-"  # .NAME.ladder-old-XXXXXXXX: the old tree, where the system has no atomic exchange


def marker_text(fmt: str, files: Iterable[str]) -> str:
    """The marker's one JSON line: the tool, the format and the relative files of the export."""
    return json.dumps({"tool": "ladder", "format": fmt, "files": sorted(files)}, sort_keys=True) + "\n"


def marker_files(directory: str | Path) -> set[str] | None:
    """The files a directory's .ladder-export marker lists; None if there is no valid marker."""
    path = os.path.join(directory, MARKER)
    try:
        found = os.lstat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MARKER_MAX_BYTES:
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        with open(os.open(path, flags), "rb") as handle:
            data = json.loads(handle.read(MARKER_MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != "ladder":
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return set(files)


def unexpected(directory: str | Path, listed: set[str]) -> str | None:
    """The first thing in directory (relative, '/'-separated) that is not the marker, a listed regular
    file or a directory on the way to one; None if there is nothing else."""
    folders = {"/".join(name.split("/")[:end]) for name in listed for end in range(1, name.count("/") + 1)}
    pending = [""]
    while pending:
        relative = pending.pop()
        with os.scandir(os.path.join(directory, relative) if relative else directory) as entries:
            children = sorted(entries, key=lambda entry: entry.name)
        for entry in children:
            name = f"{relative}/{entry.name}" if relative else entry.name
            if entry.is_dir(follow_symlinks=False):
                if name not in folders:
                    return name + "/"
                pending.append(name)
            elif not (entry.is_file(follow_symlinks=False) and (name in listed or name == MARKER)):
                return name
    return None


def _is_ours(directory: str) -> bool:
    """An empty directory, or a ladder export holding nothing but what its marker lists."""
    if not os.listdir(directory):
        return True
    listed = marker_files(directory)
    return listed is not None and unexpected(directory, listed) is None


def remove_tree(directory: str | Path) -> None:
    """Delete an export tree, its marker last: a tree half deleted by a kill is still recognisable."""
    with os.scandir(directory) as entries:
        children = list(entries)
    for entry in children:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)
    try:
        os.unlink(os.path.join(directory, MARKER))
    except FileNotFoundError:
        pass
    os.rmdir(directory)


def _stem(name: str) -> str:
    """The target's name as used in the names of its staging and old directories (kept short)."""
    if len(name) <= 80:
        return name
    import hashlib

    return f"{name[:80]}~{hashlib.sha256(os.fsencode(name)).hexdigest()[:8]}"


def leftovers(target: str | Path) -> tuple[list[str], list[str]]:
    """Staging and old directories an interrupted export left beside target: (staging, old), newest first."""
    parent, name = os.path.split(os.path.abspath(target))
    staging, old = f".{_stem(name)}.{STAGING}", f".{_stem(name)}.{OLD}"
    found: tuple[list[str], list[str]] = ([], [])
    with os.scandir(parent) as entries:
        for entry in entries:
            kind = 0 if entry.name.startswith(staging) else 1 if entry.name.startswith(old) else None
            if kind is not None and entry.is_dir(follow_symlinks=False):
                found[kind].append(entry.path)
    for paths in found:
        paths.sort(key=lambda p: os.lstat(p).st_mtime, reverse=True)
    return found


def recover(target: str | Path) -> None:
    """Clean up after an export that was killed: put the old tree back if the target is missing,
    then delete the staging and old directories that are recognisably ladder's."""
    staging, old = leftovers(target)
    if not os.path.lexists(target):
        for path in old:
            if _is_ours(path):
                os.rename(path, target)
                old.remove(path)
                break
    for path in staging + old:
        if _is_ours(path):
            remove_tree(path)


def write_tree(target: str | Path, files: dict[str, str], force: bool = False, fmt: str = "html",
               inputs: Iterable[str | Path] = (), extra: Iterable[str | Path] = ()) -> Path:
    """Write files (relative path: text) as a directory tree at target, swapped in whole.

    Refused, whatever force says: a target that is a symbolic link or one of ``inputs``; one that
    is or contains the current, home or root directory; one that is, contains or is inside the
    directory of an input file, a directory of ``extra`` (--path) or of LADDER_PATH; a non-empty
    directory that is not a ladder export, or that holds a file its marker does not list. A previous
    export is replaced only with force. The tree is built in a staging directory beside the target,
    then exchanged with it atomically (or, where the system cannot, moved in by two renames)."""
    target = Path(target)
    try:
        return _write_tree(target, files, force, fmt, list(inputs), list(extra))
    except OSError as exc:
        raise cannot_write(target, exc) from None


def _write_tree(target: Path, files: dict[str, str], force: bool, fmt: str,
                inputs: list[str | Path], extra: list[str | Path]) -> Path:
    refuse_input(target, inputs)
    refuse_symlink(target)
    refuse_guarded(target, _guards(inputs, extra))
    if os.path.lexists(target) and not target.is_dir():
        raise LadderError("exists and is not a directory", Location(str(target)), "choose a directory path")
    real = Path(os.path.realpath(target))  # never raises on a symlink loop
    if not real.parent.is_dir():
        raise LadderError("parent directory does not exist", Location(str(real.parent)), "create it first")
    with signals_as_exceptions():
        recover(real)
        _check_replaceable(target, real, force)
        _swap_in(real, files, fmt)
    return target


def _check_replaceable(target: Path, real: Path, force: bool) -> None:
    """A missing or empty directory is used as it is; a previous export (and nothing more) with force."""
    if not real.is_dir() or not os.listdir(real):
        return
    listed = marker_files(real)
    if listed is None:
        raise LadderError(f"not a ladder export (no {MARKER} marker); not replacing it", Location(str(target)),
                          "choose a new or empty directory")
    stray = unexpected(real, listed)
    if stray is not None:
        raise LadderError(f"holds '{shown(stray, 200)}', which the previous ladder export did not write; "
                          "not replacing it", Location(str(target)),
                          "move that file out, or choose a new or empty directory")
    if not force:
        raise LadderError("directory is not empty; not overwriting it", Location(str(target)),
                          "it holds a previous ladder export: pass --force to replace it")


def _fresh(parent: Path, prefix: str) -> Path:
    """A name beside the target that nothing has yet."""
    while True:
        path = parent / f"{prefix}{os.urandom(4).hex()}"
        if not os.path.lexists(path):
            return path


def _swap_in(target: Path, files: dict[str, str], fmt: str) -> None:
    stem = _stem(target.name)
    staging = _fresh(target.parent, f".{stem}.{STAGING}")
    old: Path | None = None
    ours = True  # set before the mkdir, which is inside the try: a signal just after it still gets it removed
    try:
        try:
            os.mkdir(staging, 0o700)
        except FileExistsError:  # taken since _fresh looked: not ours to remove
            ours = False
            raise
        # the marker first: a staging directory cut short by a kill is still recognisably ladder's
        (staging / MARKER).write_text(marker_text(fmt, files), encoding="utf-8", newline="\n")
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        os.chmod(staging, 0o755)
        if not target.is_dir():
            os.replace(staging, target)
        elif exchange(staging, target):
            remove_tree(staging)  # the old tree, now at the staging path
        else:
            old = _fresh(target.parent, f".{stem}.{OLD}")
            os.replace(target, old)
            os.replace(staging, target)
            remove_tree(old)
    except BaseException:
        if old is not None and os.path.lexists(old) and not os.path.lexists(target):
            os.replace(old, target)  # the new tree never arrived: the old one goes back
        for leftover in (staging if ours else None, old):
            if leftover is not None and os.path.lexists(leftover):
                shutil.rmtree(leftover, ignore_errors=True)
        raise
