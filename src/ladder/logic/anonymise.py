"""`ladder team --anonymise`: names and file names replaced by stable pseudonyms, so a report can be shared.

Within one run the same person is always the same pseudonym ("Person 7"), whether they appear as
someone assessed or as an assessor; names are matched as ``logic.team.person_key`` matches them.
Numbers are handed out in the order of a hash salted afresh for each run, so neither the numbers
nor the order of the report say anything about names or file names, and two runs' pseudonyms
cannot be linked. Files become "file N" the same way; a problem's message has every name and
file name it quotes replaced too. Only the report is anonymised: the problems written to stderr
as files are read name the real files, for whoever runs the command.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from ladder.logic.team import person_key

NAME_KEYS = ("person", "assessor")
FILE_KEY = "file"


class Pseudonyms:
    """The pseudonyms of every name and file of a run's reports."""

    def __init__(self, reports: list[dict[str, Any]], salt: bytes | None = None) -> None:
        salt = secrets.token_bytes(16) if salt is None else salt
        names: dict[str, set[str]] = {}
        files: set[str] = set()
        for key, value in _strings(reports):
            if key in NAME_KEYS:
                names.setdefault(person_key(value), set()).add(value)
            elif key == FILE_KEY:
                files.add(value)
        self.names = _numbered(names, salt, "Person")
        self.files = _numbered({f: {f} for f in files}, salt, "file")
        # every spelling of every name and every file name, longest first, for scrubbing messages
        self.quoted = sorted(
            [(spelling, self.names[key]) for key, spellings in names.items() for spelling in spellings]
            + [(f, self.files[f]) for f in files],
            key=lambda pair: -len(pair[0]))

    def report(self, data: dict[str, Any]) -> dict[str, Any]:
        """A report with every name, file and message replaced, and its lists of people in pseudonym
        order (sorted by real name, they would give away the names' alphabetical order)."""
        out: dict[str, Any] = self._walk(data, None)
        out["people"].sort(key=_number)
        out["heatmap"]["rows"].sort(key=_number)
        out["calibration"]["people"].sort(key=_number)
        out["calibration"]["assessors"].sort(key=lambda row: _number(row, "assessor"))
        out["history"]["people"].sort(key=_number)
        return out

    def problem(self, data: dict[str, Any]) -> Any:
        """One problem_dict with its file and message replaced."""
        return self._walk(data, None)

    def _walk(self, data: Any, key: str | None) -> Any:
        if isinstance(data, dict):
            return {k: self._walk(v, k) for k, v in data.items()}
        if isinstance(data, list):
            return [self._walk(v, key) for v in data]
        if isinstance(data, str):
            if key in NAME_KEYS:
                return self.names[person_key(data)]
            if key == FILE_KEY:
                return self.files[data]
            if key == "message":
                return self.scrub(data)
        return data

    def scrub(self, text: str) -> str:
        """Text with every name and file name of the run replaced by its pseudonym."""
        import re

        for real, pseudonym in self.quoted:
            if real and real in text:  # whole names only: "Al" is not replaced inside "Also"
                text = re.sub(rf"(?<!\w){re.escape(real)}(?!\w)", pseudonym, text)
        return text


def _number(row: dict[str, Any], key: str = "person") -> tuple[int, int]:
    """Where a row of pseudonyms sorts: by its number ("Person 12" after "Person 9"); no name last."""
    value = row.get(key)
    return (1, 0) if value is None else (0, int(str(value).rsplit(" ", 1)[-1]))


def _strings(data: Any, key: str | None = None) -> Iterable[tuple[str | None, str]]:
    """(key, text) for every string in nested data, under the dict key it is found at."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, k)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v, key)
    elif isinstance(data, str):
        yield key, data


def _numbered(groups: dict[str, set[str]], salt: bytes, label: str) -> dict[str, str]:
    """Each key numbered 1..N in the order of its salted hash: the order reveals nothing."""
    order = sorted(groups, key=lambda k: hashlib.sha256(salt + k.encode("utf-8", "surrogatepass")).digest())
    return {key: f"{label} {index}" for index, key in enumerate(order, 1)}
