"""An atomic exchange of two paths where the system has one, and signals turned into exceptions
while writing, so an interrupted write cleans up after itself."""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    # renameat2(olddirfd, oldpath, newdirfd, newpath, flags) -> 0 or -1, as ctypes calls it
    _Renameat2 = Callable[[int, bytes, int, bytes, int], int]


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
