"""Atomic file writes that never overwrite a user's file without --force."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Union

from .errors import LadderError, Location


def cannot_write(target: Union[str, Path], exc: OSError) -> LadderError:
    """What the system refused (a full disk, no permission, a name too long) as a located error."""
    reason = exc.strerror or str(exc)
    return LadderError(f"cannot write here: {reason}", Location(str(target)),
                       "check the path, free space and permissions; nothing was replaced")


def write_atomic(path: Union[str, Path], text: str, force: bool = False) -> Path:
    """Write text to path via a temporary file and rename; refuse to replace an existing file unless force."""
    target = Path(path)
    try:
        return _write_atomic(target, text, force)
    except OSError as exc:
        raise cannot_write(target, exc) from None


def _write_atomic(target: Path, text: str, force: bool) -> Path:
    if target.is_dir():
        raise LadderError("is a directory, expected a file path", Location(str(target)), "choose a file name")
    existing = target.stat() if target.exists() else None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise LadderError("is not a regular file (a device, FIFO or socket); not replacing it",
                          Location(str(target)), "choose a file name")
    if existing is not None and not force:
        raise LadderError("file exists; not overwriting it", Location(str(target)), "pass --force to replace it")
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
