"""Atomic file writes that never overwrite a user's file without --force, and never a command's input.

A file goes through a temporary file beside it and a rename, so the path always holds the old
text or the new. --force replaces only ladder's previous output: where the caller names the line
ladder's outputs of that kind carry, a file without it is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ladder.errors import LadderError, Location
from ladder.write.guards import refuse_input, refuse_symlink


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
