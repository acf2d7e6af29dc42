"""How a plain YAML scalar reads: YAML 1.2's rules, and where YAML 1.1 would read it otherwise."""

from __future__ import annotations

import re
from typing import Any

_NULLS = {"", "~", "null", "Null", "NULL"}


_TRUES = {"true", "True", "TRUE"}


_FALSES = {"false", "False", "FALSE"}


_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")


_FLOAT = re.compile(r"[-+]?(([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)\Z")


_AMBIGUOUS = [
    (re.compile(r"[-+]?0[0-9_]+\Z"), "YAML 1.1 reads a leading zero as an octal number"),
    (re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?\Z"), "YAML 1.1 reads it as a base-60 number"),
    (re.compile(r"[-+]?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)\Z"), "it reads as a non-decimal number"),
    (re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(\.[0-9_]*)?\Z"), "YAML 1.1 reads underscores in digits as a number"),
    (re.compile(r"[-+]?\.(inf|Inf|INF)\Z|\.(nan|NaN|NAN)\Z"), "it reads as a special float"),
]


_INF = float("inf")


def resolve_plain(value: str) -> tuple[Any, str | None]:
    """Type an unquoted scalar the YAML 1.2 way; the second item says why not, when it cannot be
    read safely (ambiguous under YAML 1.1, or a number too large)."""
    if value in _NULLS:
        return None, None
    if value in _TRUES:
        return True, None
    if value in _FALSES:
        return False, None
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            try:
                return int(value), None
            except ValueError:  # past Python's limit on digits (4,300): no field wants such a number
                return value, f"is a number of {len(value):,} digits, too long to read"
        if _FLOAT.match(value):
            number = float(value)
            return (value, "is a number too large to read") if number in (_INF, -_INF) else (number, None)
        for pattern, why in _AMBIGUOUS:
            if pattern.match(value):
                return value, f"is ambiguous: {why}"
    elif len(value) <= 3 and value.lower() in _YAML11_BOOLS:  # every one is at most 3 letters
        return value, "is ambiguous: YAML 1.1 reads it as a boolean"
    return value, None
