"""A parsed YAML document: its data and the line and column of every node."""

from __future__ import annotations

from typing import Any, NamedTuple

from ladder.errors import Location

Path_ = tuple[str | int, ...]


class Document(NamedTuple):
    """Parsed YAML data with the line and column of every node, keyed by its path."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]]

    def locate(self, path: Path_) -> Location:
        """The location of the deepest existing node on ``path``."""
        probe = tuple(path)
        while probe and probe not in self.marks:
            probe = probe[:-1]
        line, col = self.marks.get(probe, (1, 1))
        return Location(self.file, line, col, format_path(path))


class Loaded(NamedTuple):
    """A validated model together with the document it came from (for locating later checks)."""

    model: Any
    document: Document


def format_path(path: Path_) -> str:
    """``('levels', 2, 'title')`` -> ``levels[2].title``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
