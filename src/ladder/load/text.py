"""Bytes to text: size limit, FIFOs and devices, binary data, encoding."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ladder.errors import InvalidFile, Location

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def read_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing directories, huge files, binary data and bad encodings."""
    return decode(read_bytes(path, max_bytes), str(path))


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing directories, FIFOs and devices, unreadable and huge files."""
    where = Location(str(path))
    try:
        # O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, and is refused below
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise InvalidFile("not a regular file (a device, FIFO or socket)", where,
                                  "give the path of a YAML file")
            size = info.st_size
            if size > max_bytes:
                raise InvalidFile(
                    f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                    where,
                    "split it (ladder validate and ladder import take --max-bytes to raise the limit)",
                )
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        raise InvalidFile("is a directory, expected a YAML file", where) from None
    except FileNotFoundError:
        raise InvalidFile("no such file", where, "check the path") from None
    except PermissionError:
        raise InvalidFile("permission denied: the file cannot be read", where, "check its permissions") from None
    except OSError as exc:
        raise InvalidFile(f"cannot read file: {exc.strerror or exc}", where) from None
    if len(raw) > max_bytes:
        raise InvalidFile(f"file is over the limit of {max_bytes:,} bytes", where,
                          "split it (ladder validate and ladder import take --max-bytes to raise the limit)")
    return raw


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 bytes (an optional BOM is dropped); anything else is a located error."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidFile("file is UTF-16, expected UTF-8", Location(name, 1, 1), "save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul != -1:
        raise InvalidFile("binary data (a NUL byte), expected a YAML text file", _byte_location(raw, nul, name))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidFile(
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}, expected UTF-8 text",
            _byte_location(raw, exc.start, name),
            "save the file as UTF-8",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def _byte_location(raw: bytes, offset: int, name: str) -> Location:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return Location(name, line, col)
