"""Atomic writes that never overwrite a user's file without --force, and never a command's input.

Files go through a temporary file and a rename; an export directory is built beside its target
and swapped in (an atomic exchange where the system has one), so the path always holds the old
tree or the new one. --force replaces only a previous ladder export: a directory holding a
``.ladder-export`` marker and nothing but the files that marker lists.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ladder.errors import LadderError, Location, shown

if TYPE_CHECKING:
    from collections.abc import Callable

    # renameat2(olddirfd, oldpath, newdirfd, newpath, flags) -> 0 or -1, as ctypes calls it
    _Renameat2 = Callable[[int, bytes, int, bytes, int], int]


def cannot_write(target: str | Path, exc: OSError) -> LadderError:
    """What the system refused (a full disk, no permission, a name too long) as a located error."""
    reason = exc.strerror or str(exc)
    return LadderError(f"cannot write here: {reason}", Location(str(target)),
                       "check the path, free space and permissions; nothing was replaced")


def write_atomic(path: str | Path, text: str, force: bool = False,
                 inputs: Iterable[str | Path | None] = (), ours: str | None = None) -> Path:
    """Write text to path via a temporary file and rename; refuse to replace an existing file unless force.

    Never, even with force: a symbolic link, a device or FIFO, or one of the command's ``inputs``; and
    where ``ours`` is given (the line each of ladder's outputs of this kind carries), a file that does
    not carry it near its start: --force replaces ladder's previous output, never a file of the user's."""
    target = Path(path)
    refuse_input(target, inputs)
    try:
        return _write_atomic(target, text, force, ours)
    except OSError as exc:
        raise cannot_write(target, exc) from None


OURS_WITHIN = 4096  # the signature line is in the first lines of every output that has one


def refuse_not_ours(target: Path, ours: str) -> None:
    """LadderError unless the existing regular file at target starts (within OURS_WITHIN bytes) with ours."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(target, flags)
    try:
        head = os.read(descriptor, OURS_WITHIN).decode("utf-8", "replace")
    finally:
        os.close(descriptor)
    if ours not in head:
        raise LadderError(f"was not written by ladder (it lacks the line with '{ours}' that this output "
                          "starts with); not replacing it even with --force", Location(str(target)),
                          "choose another file name, or remove the file yourself if you mean to replace it")


def _write_atomic(target: Path, text: str, force: bool, ours: str | None = None) -> Path:
    refuse_symlink(target)  # os.replace would replace the link itself; say so rather than surprise
    if target.is_dir():
        raise LadderError("is a directory, expected a file path", Location(str(target)), "choose a file name")
    existing = target.stat() if target.exists() else None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise LadderError("is not a regular file (a device, FIFO or socket); not replacing it",
                          Location(str(target)), "choose a file name")
    if existing is not None and not force:
        raise LadderError("file exists; not overwriting it", Location(str(target)), "pass --force to replace it")
    if existing is not None and ours is not None:
        refuse_not_ours(target, ours)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise LadderError("directory does not exist", Location(str(parent)), "create it first")
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would (or keep the old one's)
        os.chmod(temp, stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    """The process's umask (read by setting it and putting it back: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- what an output must never be


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


# ---------------------------------------------------------------- export directories

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


def exchange(first: str | Path, second: str | Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE).

    True once swapped; False where the system or file system cannot (not Linux, an old kernel or C
    library, a file system without the flag). Any other failure is an OSError."""
    function = _renameat2()
    if function is None:
        return False
    import ctypes

    a, b = os.fsencode(os.fspath(first)), os.fsencode(os.fspath(second))
    if function(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), os.fspath(first), None, os.fspath(second))


AT_FDCWD = -100
RENAME_EXCHANGE = 2
_RENAMEAT2: list[_Renameat2 | None] = []  # [function or None], looked up once


def _renameat2() -> _Renameat2 | None:
    if not _RENAMEAT2:
        function: _Renameat2 | None = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                found = ctypes.CDLL(None, use_errno=True).renameat2
                found.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                found.restype = ctypes.c_int
                function = found
            except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28, some musl)
                function = None
        _RENAMEAT2.append(function)
    return _RENAMEAT2[0]


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While writing, SIGINT raises KeyboardInterrupt and SIGTERM SystemExit(143), so the
    cleanup of an interrupted write runs instead of the process dying with a staging directory
    left behind. A second signal during the cleanup is held off; a signal that was ignored stays
    ignored. Only the main thread can set handlers; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def handler(signum: int, frame: object) -> None:
        if caught:  # already unwinding: let the cleanup finish
            return
        caught.append(signum)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    previous = {}
    for signum in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
        if signum is None:
            continue
        current = signal.getsignal(signum)
        if current is signal.SIG_IGN:
            continue
        try:
            signal.signal(signum, handler)
        except (ValueError, OSError):
            continue
        previous[signum] = signal.SIG_DFL if current is None else current
    try:
        yield
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before)


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
