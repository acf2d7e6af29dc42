"""The ledger: every text unit the importer read (heading, paragraph, bullet, cell, value), and where it went.

Readers add units as they read them, with their source location. After the framework is built, ``settle``
matches each unit against the texts the framework holds, so the ledger reports what actually landed in the
output (not what the reader meant to do): a level's title, summary, area, expectation, example, criterion or
competency cell; the framework's name, description, principles or notes; or "not placed", with the reason the
reader gave. Each unit ends in exactly one place.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ladder.errors import Location
from ladder.importer.criteria import walk_dicts

NOT_PLACED = "not placed"


@dataclass(eq=False)
class Unit:
    """One piece of source text: its kind, its text (Markdown syntax removed) and where it is."""

    kind: str  # heading | paragraph | bullet | cell | value | markup (a comment, code, an image left out)
    text: str
    where: Location
    place: str = ""  # where it went, once settled: a destination of _destinations, or NOT_PLACED
    in_levels: bool = False  # the place is inside a level (or a competency cell)
    verbatim: bool = False  # the text landed there whole, as written
    reason: str = ""  # why it was not placed (a reader's skip), or how it was read
    skipped: bool = False  # a reader left it out on purpose (a comment, a rating column, a formula)

    def at(self) -> str:
        """Where the unit is, for a report line: 'line 12', or the sheet and cell of a workbook."""
        if self.where.path:
            return self.where.path
        return f"line {self.where.line}" if self.where.line else "(whole file)"


@dataclass
class Ledger:
    """The units of one import, in source order, and the reasons readers gave for what they left out."""

    units: list[Unit] = field(default_factory=list)
    reasons: dict[tuple[int, str, str], str] = field(default_factory=dict)

    def add(self, kind: str, text: str, where: Location) -> Unit | None:
        """Record a unit (None for text that is only white space)."""
        text = " ".join(text.split())
        if not text:
            return None
        unit = Unit(kind, text, where)
        self.units.append(unit)
        return unit

    def skip(self, where: Location, text: str, reason: str) -> None:
        """Say why the text at ``where`` (its line, and its cell in a workbook) is left out of the framework on
        purpose: a column header, a comment, a rating column, a formula."""
        self.reasons[(where.line, where.path, " ".join(text.split()))] = reason

    def settle(self, data: dict[str, Any]) -> None:
        """Give every unit its place in the framework data (plain dicts, as build makes them)."""
        destinations = list(_destinations(data))
        exact: dict[str, list[int]] = {}
        for index, (text, _, _) in enumerate(destinations):
            exact.setdefault(text, []).append(index)
        used = [False] * len(destinations)
        joined = _Joined([text for text, _, _ in destinations])
        for unit in self.units:
            skipped = self.reasons.get((unit.where.line, unit.where.path, unit.text))
            if skipped:
                unit.skipped, unit.reason = True, skipped
            k = _take(exact.get(unit.text, []), used)
            verbatim = k is not None
            if k is None and ": " in unit.text:  # "Impact: text" read as area Impact, expectation "text"
                label, _, rest = unit.text.partition(": ")
                k = _take(exact.get(rest.strip(), []), used)
                verbatim = k is not None and any(destinations[j][0] == label.strip("*_ ") for j in exact.get(
                    label.strip("*_ "), []))
            if k is None and unit.kind in ("heading", "cell"):  # 'M1 — Manager': level M1, titled Manager
                k = _titled(unit.text, exact, destinations, used)
                verbatim = k is not None
            if k is None:
                k = joined.find(unit.text)  # joined into a summary, a cell or a note
                verbatim = k is not None
            if k is None or unit.skipped:
                unit.place = NOT_PLACED
                unit.reason = unit.reason or "no place in the framework"
                continue
            used[k] = True
            _, unit.place, unit.in_levels = destinations[k]
            unit.verbatim = verbatim and unit.in_levels

    def counts(self) -> dict[str, int]:
        """Units read, placed in levels (verbatim), placed elsewhere, and not placed."""
        out = {"units": len(self.units), "in_levels": 0, "verbatim_in_levels": 0, "elsewhere": 0, "not_placed": 0}
        for unit in self.units:
            if unit.place == NOT_PLACED:
                out["not_placed"] += 1
            elif unit.in_levels:
                out["in_levels"] += 1
                out["verbatim_in_levels"] += unit.verbatim
            else:
                out["elsewhere"] += 1
        return out

    def not_placed(self) -> list[Unit]:
        return [u for u in self.units if u.place == NOT_PLACED]


def _take(candidates: list[int], used: list[bool]) -> int | None:
    """The first unused destination of the candidates, else the first (a text the source repeats)."""
    for k in candidates:
        if not used[k]:
            return k
    return candidates[0] if candidates else None


_CODE_SEPARATORS = (" — ", " – ", " - ", ": ", ". ", " ")


def _titled(text: str, exact: dict[str, list[int]], destinations: list[tuple[str, str, bool]],
            used: list[bool]) -> int | None:
    """A heading or column 'CODE — Title' whose title is a level's title (the code became its id)."""
    for separator in _CODE_SEPARATORS:
        code, found, title = text.partition(separator)
        if found and len(code) <= 24:
            for k in exact.get(title.strip(), []):
                if destinations[k][1].endswith("(title)") or ", area '" in destinations[k][1]:
                    used[k] = True
                    return k
    return None


class _Joined:
    """Finds which destination contains a text, with one search over all destinations joined."""

    def __init__(self, texts: list[str]) -> None:
        self.starts: list[int] = []
        pos = 0
        for text in texts:
            self.starts.append(pos)
            pos += len(text) + 1
        self.text = "\0".join(texts)

    def find(self, text: str) -> int | None:
        at = self.text.find(text)
        return None if at < 0 else bisect.bisect_right(self.starts, at) - 1


def _norm(text: object) -> str:
    return " ".join(str(text).split())


def _destinations(data: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(text, place, in a level) for every text of the framework data, in document order."""
    yield _norm(data.get("organisation", "")), "organisation", False
    yield _norm(data.get("name", "")), "name", False
    yield f"{_norm(data.get('organisation', ''))} — {_norm(data.get('name', ''))}", "organisation and name", False
    yield _norm(data.get("source", {}).get("title", "")), "source title", False
    for text in data.get("description", []):
        yield _norm(text), "description", False
    for k, principle in enumerate(data.get("principles", []), 1):
        if principle.get("heading"):
            yield _norm(principle["heading"]), f"principle {k} (heading)", False
        yield _norm(principle["text"]), f"principle {k}", False
    for track in data.get("tracks", []):
        yield _norm(track["name"]), f"track {track['id']}", False
        if track.get("description"):
            yield _norm(track["description"]), f"track {track['id']} (description)", False
    for level in data.get("levels", []):
        yield from _level_destinations(level)
    for item in data.get("competencies", {}).get("items", []):
        name = f"competency {item['id']}"
        yield _norm(item["name"]), name, True
        if item.get("group"):
            yield _norm(item["group"]), f"{name} (group)", True
        if item.get("description"):
            yield _norm(item["description"]), f"{name} (description)", True
        for level_id, cell in item.get("cells", {}).items():
            text = cell if isinstance(cell, str) else cell.get("text", "")
            yield _norm(text), f"{name} at level {level_id}", True
    for note in data.get("notes", []):
        yield _norm(note), "framework note", False


def _level_destinations(level: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    name = f"level {level['id']}"
    yield _norm(level["title"]), f"{name} (title)", True
    for alias in level.get("aliases", []):
        yield _norm(alias), f"{name} (alias)", True
    if level.get("summary"):
        yield _norm(level["summary"]), f"{name} (summary)", True
    for area in level.get("areas", []):
        if area.get("name"):
            yield _norm(area["name"]), f"{name}, area '{area['name']}'", True
        for exp in walk_dicts(area["expectations"]):
            yield _norm(exp["text"]), f"{name}, expectation {exp['id']}", True
            if exp.get("group", {}).get("connective"):
                yield _norm(exp["group"]["connective"]), f"{name}, expectation {exp['id']} (joining word)", True
            for example in exp.get("examples", []):
                yield _norm(example), f"{name}, example of {exp['id']}", True
        for note in area.get("notes", []):
            yield _norm(note), f"{name}, area note", True
    for criterion in level.get("criteria", []):
        yield _norm(criterion["source"]), f"{name}, criterion ({criterion['kind']})", True
    for note in level.get("notes", []):
        yield _norm(note), f"{name} (note)", True

