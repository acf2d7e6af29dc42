"""Pure team figures: scored assessments in, one team report's data out. No files, no terminal.

`ladder team` scores every file exactly as `ladder assess` does (``logic.scoring.score``) and
hands each Result to ``Team.add``; only the figures below are kept per assessment, so memory
grows with the number of people, never with the size of their files. ``Team.data`` builds the
report as plain data (the JSON document; every other format renders from it).

The rules, in the order they apply:

1. A person is their ``person`` text, compared case-, space- and NFC-insensitively (as
   ``assess --since`` does). Their latest assessment (by ``date``) is who they are now; the
   earlier ones are their history. Two assessments of one person on one date are a problem:
   the later file read is left out, and the report says so.
2. Status, from the driving view: *ready* when the demonstrated level ranks at or above the
   target, *at level* when at or above the current level, else *below current level* (also
   when no level is demonstrated).
3. Distribution: per track, how many people hold each level (``current_level``) and how many
   demonstrate it. People demonstrating no level are counted per track of their current level.
4. Heatmap: a cell is the person's score on one area's (a matrix's: one competency's)
   expectations at their target level, in the driving view: points / applicable, as assess
   scores a level. No cell where the target level has nothing in that area; a null percent
   where everything there is n/a.
5. Gaps, per target level: among the people targeting it, how many have each of its
   expectations below meets (partly, not-yet or not rated; n/a does not count), most first.
6. Calibration, where a file has separate self and manager ratings: per person and per area,
   the mean of self − manager on the scale (not-yet 0, partly 1, meets 2, exceeds 3) over the
   expectations both rated (n/a and unrated left out), on every level up to the target. A
   person whose mean is at least ``FLAG`` away from 0 rates themselves higher (or lower) than
   their manager. Per assessor (the file's ``assessor``): how many of each rating they gave,
   their mean, and the mean self − manager of their people. A file's manager ratings are its
   manager view where self and manager are split, else its one set of ratings when it names an
   assessor (they agreed), else none. The two views are never averaged into one.
7. History: for each person with earlier assessments, each one's date, levels, status and score
   at its own target; the team's distribution then (each such person's earliest assessment)
   and now (their latest), over the same people.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ladder.errors import Location, Problem
from ladder.logic.scoring import Result, flatten
from ladder.models.assessment import RANK, SCALE
from ladder.models.framework import Framework
from ladder.models.queries import is_matrix

FLAG = 0.5  # a mean self − manager difference at least this far from 0 is "much" higher or lower
STATUSES = ("ready", "at level", "below current level")


def person_key(name: str) -> str:
    """How two spellings of one person's name are matched: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def rounded(value: float | None, places: int = 1) -> float | None:
    """A ratio as a percentage with ``places`` decimals (None stays None)."""
    return None if value is None else round(value * 100, places)


@dataclass(eq=False, slots=True)
class Cell:
    """One area's score at a person's target level: points over applicable expectations."""

    points: float = 0.0
    applicable: int = 0
    items: int = 0

    @property
    def percent(self) -> float | None:
        return rounded(self.points / self.applicable) if self.applicable else None


@dataclass(eq=False, slots=True)
class Snapshot:
    """What the team report keeps of one assessment (the rest of the Result is dropped)."""

    file: str
    person: str
    date: str
    assessor: str | None
    current: str
    target: str
    demonstrated: str | None
    by: str
    self_demonstrated: str | None
    manager_demonstrated: str | None
    target_percent: float | None
    status: str
    gaps: int
    cells: dict[str, Cell] = field(default_factory=dict)
    below: list[str] = field(default_factory=list)
    calibration: dict[str, tuple[int, int]] = field(default_factory=dict)  # area -> (sum of differences, count)
    manager_ratings: Counter[str] = field(default_factory=Counter)
    version: str | None = None  # the framework fingerprint it was written against, where not the current one

    def slim(self) -> None:
        """Forget what only a person's latest assessment needs (this one is now history)."""
        self.cells, self.below, self.calibration, self.manager_ratings = {}, [], {}, Counter()


def snapshot(result: Result, assessor: str | None, orders: dict[str, int]) -> Snapshot:
    """The figures of one scored assessment (rules 2, 4, 5 and 6); ``orders``: each level's rank, by id."""
    target_level = result.driving.levels[-1]
    demonstrated = result.demonstrated
    rank = orders.get(demonstrated, -1) if demonstrated else None
    if rank is not None and rank >= orders[result.target]:
        status = STATUSES[0]
    elif rank is not None and rank >= orders[result.current]:
        status = STATUSES[1]
    else:
        status = STATUSES[2]
    cells: dict[str, Cell] = {}
    below = []
    for scored in target_level.expectations:
        cell = cells.setdefault(scored.area or "", Cell())
        cell.items += 1
        if scored.points is not None:
            cell.points += scored.points
            cell.applicable += 1
        if scored.status == "not rated" or (scored.points is not None and scored.points < 1):
            below.append(scored.id)
    split = result.split
    views = result.views
    return Snapshot(
        file=result.file, person=result.person, date=result.date, assessor=assessor, current=result.current,
        target=result.target, demonstrated=demonstrated, by=result.by,
        self_demonstrated=views["self"].demonstrated if split else None,
        manager_demonstrated=views["manager"].demonstrated if split else None,
        target_percent=rounded(target_level.percent), status=status, gaps=len(result.gaps), cells=cells,
        below=below, calibration=_differences(result) if split else {},
        manager_ratings=_manager_ratings(result, assessor),
        version=result.framework_changed.from_fingerprint if result.framework_changed is not None else None,
    )


def _ratings(result: Result, view: str) -> dict[str, str | None]:
    """What a view says of each expectation on the path: its own value, and for a group scored from its
    items, nothing (its items speak); a group rated as a whole (none of its items rated) keeps its value."""
    return {leaf.id: leaf.value for level in result.views[view].levels for scored in level.expectations
            for leaf in flatten(scored) if leaf.status != "from items"}


def _differences(result: Result) -> dict[str, tuple[int, int]]:
    """Per area, the sum and count of self − manager over expectations both views rate on the scale."""
    theirs = _ratings(result, "manager")
    areas = {leaf.id: leaf.area or "" for level in result.views["self"].levels for scored in level.expectations
             for leaf in flatten(scored)}
    out: dict[str, tuple[int, int]] = {}
    for exp_id, mine in _ratings(result, "self").items():
        other = theirs.get(exp_id)
        if mine in RANK and other in RANK:
            total, count = out.get(areas[exp_id], (0, 0))
            out[areas[exp_id]] = (total + RANK[mine] - RANK[other], count + 1)
    return out


def _manager_ratings(result: Result, assessor: str | None) -> Counter[str]:
    """How many of each scale value the manager gave on the path (rule 6's "a file's manager ratings")."""
    if result.split:
        view = "manager"
    elif assessor is not None:
        view = result.by
    else:
        return Counter()
    return Counter(value for value in _ratings(result, view).values() if value is not None)


@dataclass(eq=False, slots=True)
class Person:
    """One person's assessments, oldest first; the last is who they are now."""

    name: str
    snapshots: list[Snapshot] = field(default_factory=list)

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[-1]


class Team:
    """The people of one framework, built one scored file at a time (``add``), reported by ``data``."""

    def __init__(self, framework: Framework, threshold: float, by: str | None) -> None:
        self.framework = framework
        self.threshold = threshold
        self.by = by
        self.people: dict[str, Person] = {}
        self.problems: list[Problem] = []
        self.files = 0
        self.orders = {level.id: level.order for level in framework.levels}  # made once, read for every file
        self.titles = {level.id: level.title for level in framework.levels}

    def add(self, result: Result, assessor: str | None, date_at: Location) -> None:
        """Count one scored assessment (``date_at``: where its date is, for a duplicate's message)."""
        self.files += 1
        shot = snapshot(result, assessor, self.orders)
        person = self.people.setdefault(person_key(result.person), Person(result.person))
        same = next((s for s in person.snapshots if s.date == shot.date), None)
        if same is not None:
            self.problems.append(Problem(
                date_at, f"a second assessment of this person on {shot.date} (the first is {same.file}); "
                         "this file is left out: give each assessment its own date, or remove one", "error",
                "team-duplicate"))
            return
        person.snapshots.append(shot)
        person.snapshots.sort(key=lambda s: s.date)
        for earlier in person.snapshots[:-1]:
            earlier.slim()
        person.name = person.latest.person

    # ------------------------------------------------------------ the report

    def ordered(self) -> list[Person]:
        """People by name (case-insensitive), then by how their name is written."""
        return sorted(self.people.values(), key=lambda p: (person_key(p.name), p.name))

    def data(self, problems: list[dict[str, Any]]) -> dict[str, Any]:
        """The report as plain data: the JSON document of `ladder team --format json`."""
        people = self.ordered()
        latest = [p.latest for p in people]
        fw = self.framework
        return {
            "framework": {"id": fw.id, "organisation": fw.organisation, "name": fw.name,
                          "threshold": self.threshold, "by": self.by,
                          "axis": "competency" if is_matrix(fw) else "area"},
            "people": [self._person(p) for p in people],
            "distribution": self._distribution(latest),
            "heatmap": self._heatmap(latest),
            "calibration": self._calibration(latest),
            "gaps": self._gaps(latest),
            "history": self._history(people),
            "problems": problems,
        }

    def _title(self, level_id: str | None) -> str | None:
        return None if level_id is None else self.titles.get(level_id)

    def _person(self, person: Person) -> dict[str, Any]:
        s = person.latest
        return {"person": person.name, "file": s.file, "date": s.date, "assessor": s.assessor,
                "current": s.current, "current_title": self._title(s.current), "target": s.target,
                "target_title": self._title(s.target), "demonstrated": s.demonstrated,
                "demonstrated_title": self._title(s.demonstrated), "by": s.by,
                "self_demonstrated": s.self_demonstrated, "manager_demonstrated": s.manager_demonstrated,
                "target_percent": s.target_percent, "status": s.status, "gaps": s.gaps,
                "assessments": len(person.snapshots)}

    def _distribution(self, shots: list[Snapshot]) -> list[dict[str, Any]]:
        current = Counter(s.current for s in shots)
        shown = Counter(s.demonstrated for s in shots if s.demonstrated)
        track_of = {lvl.id: lvl.track for lvl in self.framework.levels}
        none = Counter(track_of.get(s.current) for s in shots if not s.demonstrated)
        out = []
        for track in self.framework.tracks:
            levels = sorted((lvl for lvl in self.framework.levels if lvl.track == track.id), key=lambda lvl: lvl.order)
            out.append({"track": track.id, "track_name": track.name,
                        "levels": [{"id": lvl.id, "title": lvl.title, "order": lvl.order,
                                    "current": current[lvl.id], "demonstrated": shown[lvl.id]} for lvl in levels],
                        "none_demonstrated": none[track.id]})
        return out

    def _areas(self, shots: list[Snapshot]) -> list[str]:
        """Every area (or competency) a target level has, in the framework's order."""
        from ladder.models.queries import own_items

        wanted = {s.target for s in shots}
        names: dict[str, None] = {}
        for level in self.framework.levels:
            if level.id in wanted:
                for item in own_items(self.framework, level):
                    names.setdefault(item.area or "", None)
        return list(names)

    def _heatmap(self, shots: list[Snapshot]) -> dict[str, Any]:
        areas = self._areas(shots)
        people = self.ordered()
        rows = []
        for person, s in zip(people, shots):
            cells = [None if area not in s.cells else
                     {"percent": s.cells[area].percent, "points": s.cells[area].points,
                      "applicable": s.cells[area].applicable} for area in areas]
            rows.append({"person": person.name, "target": s.target, "cells": cells})
        return {"axis": "competency" if is_matrix(self.framework) else "area", "areas": areas, "rows": rows}

    def _gaps(self, shots: list[Snapshot]) -> list[dict[str, Any]]:
        from ladder.models.queries import own_items

        out = []
        for level in self.framework.levels:
            targeting = [s for s in shots if s.target == level.id]
            if not targeting:
                continue
            below = Counter(exp_id for s in targeting for exp_id in s.below)
            items = own_items(self.framework, level)
            order = {item.id: index for index, item in enumerate(items)}
            found = sorted((item for item in items if below[item.id]), key=lambda i: (-below[i.id], order[i.id]))
            out.append({"level": level.id, "title": level.title, "people": len(targeting),
                        "expectations": [{"id": item.id, "text": item.text, "area": item.area,
                                          "below": below[item.id],
                                          "share": round(100 * below[item.id] / len(targeting), 1)}
                                         for item in found]})
        return out

    def _calibration(self, shots: list[Snapshot]) -> dict[str, Any]:
        people = []
        for person, s in zip(self.ordered(), shots):
            if not s.calibration:
                continue
            total = sum(t for t, _ in s.calibration.values())
            count = sum(n for _, n in s.calibration.values())
            mean = total / count if count else None
            leaning = "close" if mean is None or abs(mean) < FLAG else "higher" if mean > 0 else "lower"
            people.append({"person": person.name, "assessor": s.assessor, "mean": _mean(total, count),
                           "compared": count, "leaning": leaning,
                           "areas": [{"area": area, "mean": _mean(t, n), "compared": n}
                                     for area, (t, n) in s.calibration.items()]})
        by_assessor: dict[str | None, list[Snapshot]] = {}
        for s in shots:
            if s.manager_ratings:
                by_assessor.setdefault(s.assessor, []).append(s)
        assessors = []
        everyone: Counter[str] = Counter()
        for name in sorted(by_assessor, key=lambda n: (n is None, person_key(n or ""), n or "")):
            group = by_assessor[name]
            ratings: Counter[str] = Counter()
            for s in group:
                ratings.update(s.manager_ratings)
            everyone.update(ratings)
            diffs = [pair for s in group for pair in s.calibration.values()]
            assessors.append({"assessor": name, "people": len(group),
                              "ratings": {value: ratings[value] for value in SCALE},
                              "rated": sum(ratings[v] for v in RANK), "mean": _scale_mean(ratings),
                              "self_minus_manager": _mean(sum(t for t, _ in diffs), sum(n for _, n in diffs))})
        return {"flag": FLAG, "scale": dict(RANK), "team_mean": _scale_mean(everyone),
                "people": people, "assessors": assessors}

    def _history(self, people: list[Person]) -> dict[str, Any]:
        earlier = [p for p in people if len(p.snapshots) > 1]
        rows = [{"person": p.name,
                 "assessments": [{"date": s.date, "file": s.file, "current": s.current, "target": s.target,
                                  "demonstrated": s.demonstrated, "target_percent": s.target_percent,
                                  "status": s.status, "version": s.version} for s in p.snapshots],
                 "crosses_versions": len({s.version for s in p.snapshots}) > 1} for p in earlier]
        return {"people": rows,
                "distribution": {"people": len(earlier),
                                 "then": self._distribution([p.snapshots[0] for p in earlier]),
                                 "now": self._distribution([p.latest for p in earlier])}}


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


def _scale_mean(ratings: Counter[str]) -> float | None:
    """The mean of ratings on the scale (n/a left out)."""
    count = sum(ratings[v] for v in RANK)
    return _mean(sum(RANK[v] * ratings[v] for v in RANK), count)
