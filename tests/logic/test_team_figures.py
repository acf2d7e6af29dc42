"""`ladder team`'s figures checked against `ladder assess` and against a recomputation by hand.

Every team report here (generated teams on each bundled framework, a few seeds each, and the
examples) is read as its JSON document and checked figure by figure:

- each person's figures equal what `ladder assess FILE -f json` gives for their latest file;
- the distribution sums to the number of people and each count follows from ``people``;
- the heatmap, the gaps, the calibration and the assessors' rating counts are recomputed from the
  rating files themselves (``yaml.safe_load``) and the framework model, by the small scorer below:
  written from the rules in ``logic/scoring.py``'s and ``logic/rating_views.py``'s docstrings, it
  calls nothing of ladder's scoring, views or level queries;
- the history holds each person's assessments in date order; broken files are left out, located.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FRAMEWORKS, ROOT
from ladder.cli import app
from ladder.load.loader import load_framework
from ladder.models.framework import Expectation, Framework, Level
from teamgen import write_team

EXAMPLES = ROOT / "examples"
BUNDLED = ("whatfix", "basecamp", "heroes", "intercom")
SEEDS = (1, 2, 3)
PEOPLE = 150
BROKEN = 3
ALONE = 5  # every fifth person's latest file is also assessed on its own

# The scale, written out again here (not imported): the points a level is scored with, and the
# 0..3 steps calibration differences are measured in.
POINTS = {"not-yet": 0.0, "partly": 0.5, "meets": 1.0, "exceeds": 1.0}
STEP = {"not-yet": 0, "partly": 1, "meets": 2, "exceeds": 3}
SCALE = ("not-yet", "partly", "meets", "exceeds", "n/a")
FLAG = 0.5  # the brief's "much higher or lower": a mean self − manager at least this far from 0

Json = dict[str, Any]


# ---------------------------------------------------------------- running ladder


def cli(*args: str | Path) -> tuple[int, str, str]:
    """One ladder command in process, plain output: (exit code, stdout, stderr)."""
    runner = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "COLUMNS": "120", "LADDER_PATH": ""})
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def assess_one(path: Path, *options: str) -> Json:
    """`ladder assess FILE -f json`: the one result it gives."""
    code, out, _ = cli("assess", path, "-f", "json", *options)
    document = json.loads(out)
    assert code == 0 and len(document["results"]) == 1, (path, code, out[:500])
    result: Json = document["results"][0]
    return result


def assess_batch(paths: list[str | Path], *options: str) -> dict[str, Json]:
    """`ladder assess DIR -f json` (a batch): each scored file's result, by file."""
    _, out, _ = cli("assess", *paths, "-f", "json", *options)
    return {r["file"]: r for r in json.loads(out)["results"] if r["status"] == "ok"}


# ---------------------------------------------------------------- the framework, read by hand


@dataclass(frozen=True)
class Node:
    """An expectation as it applies at a level: its id, area (or competency) name, and group items."""

    id: str
    area: str
    items: tuple[Node, ...] = ()
    any_of: bool = False

    def rated(self, view: View) -> Iterator[Node]:
        """What carries this view's ratings (what calibration compares): the expectation itself, or a
        group's items (depth first); a group none of whose items is rated keeps its own rating, as it is
        scored (scoring rule 2)."""
        if self.items and any(points(item, view)[0] != "not rated" for item in self.items):
            for item in self.items:
                yield from item.rated(view)
        else:
            yield self


def _node(exp: Expectation, area: str) -> Node:
    if exp.group is None:
        return Node(exp.id, area)
    return Node(exp.id, area, tuple(_node(item, area) for item in exp.group.items), exp.group.satisfied_by == "any")


@cache
def framework(framework_id: str) -> Framework:
    model: Framework = load_framework(FRAMEWORKS / f"{framework_id}.yaml").model
    return model


def own(fw: Framework, level: Level) -> list[Node]:
    """What a level states itself: its areas' expectations, then its matrix cells (no-expectation cells left out)."""
    nodes = [_node(exp, area.name or "") for area in level.areas for exp in area.expectations]
    for comp in fw.competencies.items if fw.competencies else []:
        cell = comp.cells.get(level.id)
        if cell is None or (not isinstance(cell, str) and cell.no_expectation):
            continue
        nodes.append(Node(f"{comp.id}.{level.id}", comp.name))
    return nodes


def level_of(fw: Framework, name: str) -> Level:
    """The level a file names, by id (else title or alias, case-insensitively)."""
    for level in fw.levels:
        if level.id == name:
            return level
    folded = name.casefold()
    return next(lvl for lvl in fw.levels if folded in {lvl.title.casefold(), *(a.casefold() for a in lvl.aliases)})


def path_to(fw: Framework, target: Level) -> list[Level]:
    """The levels scored for a target, lowest first: its builds_on chain, else its track's levels up to it."""
    by_id = {lvl.id: lvl for lvl in fw.levels}
    chain = [target]
    while chain[-1].builds_on in by_id and by_id[chain[-1].builds_on] not in chain:
        chain.append(by_id[chain[-1].builds_on])
    if len(chain) > 1:
        return chain[::-1]
    return sorted((lvl for lvl in fw.levels if lvl.track == target.track and lvl.order <= target.order),
                  key=lambda lvl: lvl.order)


def target_of(fw: Framework, doc: Json) -> Level:
    """The file's target_level, else the next level above current_level on its track (or current at the top)."""
    if doc.get("target_level") is not None:
        return level_of(fw, str(doc["target_level"]))
    current = level_of(fw, str(doc["current_level"]))
    above = sorted((lvl for lvl in fw.levels if lvl.track == current.track and lvl.order > current.order),
                   key=lambda lvl: lvl.order)
    return above[0] if above else current


# ---------------------------------------------------------------- one file, read and scored by hand

View = dict[str, str | None]


def _pick(value: Any, view: str, shared: str) -> str | None:
    """A view's own value of a rating (or competency column), else the value given for both."""
    if not isinstance(value, dict):
        return None if value is None else str(value)
    mine = value.get(view)
    return str(mine) if mine is not None else (None if value.get(shared) is None else str(value[shared]))


def views_of(fw: Framework, doc: Json) -> dict[str, View]:
    """Each view's value per expectation id: competency columns as cells (met up to the column, not-yet
    above it), then ratings over them (a rating giving this view no value keeps the column's)."""
    orders = {lvl.id: lvl.order for lvl in fw.levels}
    views: dict[str, View] = {"self": {}, "manager": {}}
    comps = {c.id: c for c in (fw.competencies.items if fw.competencies else [])}
    for comp_id, column in (doc.get("competencies") or {}).items():
        for name, view in views.items():
            reached = _pick(column, name, "level")
            if reached is None:
                continue
            for level_id, cell in comps[str(comp_id)].cells.items():
                if level_id not in orders or (not isinstance(cell, str) and cell.no_expectation):
                    continue
                met = orders[level_id] <= orders.get(reached, -1)
                view[f"{comp_id}.{level_id}"] = "meets" if met else "not-yet"
    for exp_id, rating in (doc.get("ratings") or {}).items():
        for name, view in views.items():
            value = _pick(rating, name, "rating")
            view[str(exp_id)] = value if value is not None else view.get(str(exp_id))
    return views


def _given(doc: Json) -> list[Any]:
    return list((doc.get("ratings") or {}).values()) + list((doc.get("competencies") or {}).values())


def is_split(doc: Json) -> bool:
    return any(isinstance(v, dict) and (v.get("self") is not None or v.get("manager") is not None)
               for v in _given(doc))


def driving(doc: Json, by: str | None) -> str:
    """Whose view decides: --by, else the manager's when the file gives any manager rating."""
    if by:
        return by
    return "manager" if any(isinstance(v, dict) and v.get("manager") is not None for v in _given(doc)) else "self"


def points(node: Node, view: View) -> tuple[str, float | None]:
    """(status, points) of one expectation in one view; a group from its items, unless none is rated."""
    if node.items:
        scored = [points(item, view) for item in node.items]
        if any(status != "not rated" for status, _ in scored):
            counted = [p for _, p in scored if p is not None]
            if not counted:
                return "n/a", None
            return "from items", max(counted) if node.any_of else sum(counted) / len(counted)
    value = view.get(node.id)
    if value is None:
        return "not rated", 0.0
    if value == "n/a":
        return "n/a", None
    return "rated", POINTS[value]


def below_meets(node: Node, view: View) -> bool:
    status, score = points(node, view)
    return status == "not rated" or (score is not None and score < 1)


def key(name: str) -> str:
    """One person however their name is spelt: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass
class Sheet:
    """One assessment file as read by hand: what the figures below are recomputed from."""

    file: str
    doc: Json
    person: str
    date: str
    target: Level
    path: list[Level]
    views: dict[str, View]
    split: bool
    by: str

    @property
    def assessor(self) -> str | None:
        value = self.doc.get("assessor")
        return None if value is None else str(value)

    def cells(self) -> dict[str, tuple[float, int]]:
        """Per area of the target level: (points, applicable) in the driving view."""
        out: dict[str, tuple[float, int]] = {}
        for node in own(self.framework, self.target):
            total, applicable = out.get(node.area, (0.0, 0))
            _, score = points(node, self.views[self.by])
            out[node.area] = (total + (score or 0.0), applicable + (score is not None))
        return out

    def differences(self) -> dict[str, tuple[int, int]]:
        """Per area, over the path: (sum of self − manager, count) over leaves both views rate on the scale."""
        out: dict[str, tuple[int, int]] = {}
        if not self.split:
            return out
        theirs = self.values("manager")
        for exp_id, (area, mine) in self.values("self").items():
            other = theirs.get(exp_id, ("", None))[1]
            if mine in STEP and other in STEP:
                total, count = out.get(area, (0, 0))
                out[area] = (total + STEP[mine] - STEP[other], count + 1)
        return out

    def manager_ratings(self) -> Counter[str]:
        """The manager's values on the path's leaves: their view where split, else the one set when an
        assessor is named, else none."""
        if not self.split and self.assessor is None:
            return Counter()
        given = self.values("manager" if self.split else self.by).values()
        return Counter(value for _, value in given if value is not None)

    def values(self, name: str) -> dict[str, tuple[str, str | None]]:
        """Expectation id -> (area, value) of what carries one view's ratings on the path, lowest level first."""
        view = self.views[name]
        return {leaf.id: (leaf.area, view.get(leaf.id)) for level in self.path
                for node in own(self.framework, level) for leaf in node.rated(view)}

    @property
    def framework(self) -> Framework:
        return framework(str(self.doc["framework"]))


def read_sheet(path: Path, by: str | None = None) -> Sheet:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    fw = framework(str(doc["framework"]))
    target = target_of(fw, doc)
    return Sheet(str(path), doc, str(doc["person"]), str(doc["date"]), target, path_to(fw, target),
                 views_of(fw, doc), is_split(doc), driving(doc, by))


# ---------------------------------------------------------------- the checks


def mean(total: float, count: int) -> float | None:
    return round(total / count, 2) if count else None


@dataclass
class Expected:
    """The good files of one report, by person (oldest first), with what ladder assess says of each."""

    fw: Framework
    people: dict[str, list[Sheet]] = field(default_factory=dict)
    assessed: dict[str, Json] = field(default_factory=dict)

    @property
    def latest(self) -> list[Sheet]:
        return [sheets[-1] for sheets in self.people.values()]


def expected(fw: Framework, files: list[Path], assessed: dict[str, Json], by: str | None = None) -> Expected:
    out = Expected(fw, assessed=assessed)
    for path in files:
        sheet = read_sheet(path, by)
        out.people.setdefault(key(sheet.person), []).append(sheet)
    for sheets in out.people.values():
        sheets.sort(key=lambda s: s.date)
    return out


def status(fw: Framework, demonstrated: str | None, current: str, target: str) -> str:
    orders = {lvl.id: lvl.order for lvl in fw.levels}
    if demonstrated is not None and orders[demonstrated] >= orders[target]:
        return "ready"
    if demonstrated is not None and orders[demonstrated] >= orders[current]:
        return "at level"
    return "below current level"


def check_people(report: Json, want: Expected) -> None:
    """Each person's row: their latest file, its target read by hand, and (where assessed) the figures
    ladder assess gives for that file."""
    rows = report["people"]
    assert len(rows) == len(want.people)
    assert [key(r["person"]) for r in rows] == sorted(key(r["person"]) for r in rows)
    for row in rows:
        sheets = want.people[key(row["person"])]
        latest = sheets[-1]
        assert (row["file"], row["date"], row["assessments"]) == (latest.file, latest.date, len(sheets))
        assert (row["assessor"], row["target"], row["by"]) == (latest.assessor, latest.target.id, latest.by)
        assert row["status"] == status(want.fw, row["demonstrated"], row["current"], row["target"])
        if not want.assessed:
            continue
        a = want.assessed[latest.file]
        views = a["views"]
        mine = {"person": a["person"], "current": a["current"], "target": a["target"],
                "demonstrated": a["demonstrated"], "target_percent": a["target_percent"], "by": a["by"],
                "self_demonstrated": views["self"]["demonstrated"] if a["split"] else None,
                "manager_demonstrated": views["manager"]["demonstrated"] if a["split"] else None,
                "gaps": len(a["gaps"]), "status": status(want.fw, a["demonstrated"], a["current"], a["target"]),
                "current_title": a["current_title"], "target_title": a["target_title"]}
        assert {k: row[k] for k in mine} == mine, row["file"]


def check_distribution(distribution: list[Json], rows: list[Json], fw: Framework) -> None:
    """Per track: the people at each level now and demonstrating it, recomputed from the rows given."""
    track_of = {lvl.id: lvl.track for lvl in fw.levels}
    assert [d["track"] for d in distribution] == [t.id for t in fw.tracks]
    assert sum(lvl["current"] for d in distribution for lvl in d["levels"]) == len(rows)
    assert sum(lvl["demonstrated"] for d in distribution for lvl in d["levels"]) + sum(
        d["none_demonstrated"] for d in distribution) == len(rows)
    for d in distribution:
        ids = [lvl.id for lvl in sorted(fw.levels, key=lambda lvl: lvl.order) if lvl.track == d["track"]]
        assert [lvl["id"] for lvl in d["levels"]] == ids
        for lvl in d["levels"]:
            assert lvl["current"] == sum(r["current"] == lvl["id"] for r in rows)
            assert lvl["demonstrated"] == sum(r["demonstrated"] == lvl["id"] for r in rows)
        assert d["none_demonstrated"] == sum(r["demonstrated"] is None and track_of[r["current"]] == d["track"]
                                             for r in rows)


def check_heatmap(report: Json, want: Expected) -> None:
    """Every cell: the person's points over applicable expectations of one area at their target level."""
    heatmap = report["heatmap"]
    latest = {key(s.person): s for s in want.latest}
    targets = {s.target.id for s in latest.values()}
    areas: dict[str, None] = {}
    for level in want.fw.levels:
        if level.id in targets:
            areas.update(dict.fromkeys(node.area for node in own(want.fw, level)))
    assert heatmap["areas"] == list(areas)
    assert heatmap["axis"] == ("competency" if want.fw.competencies and any(
        c.cells for c in want.fw.competencies.items) else "area")
    assert [r["person"] for r in heatmap["rows"]] == [r["person"] for r in report["people"]]
    for row in heatmap["rows"]:
        sheet = latest[key(row["person"])]
        assert row["target"] == sheet.target.id
        cells = sheet.cells()
        for area, cell in zip(heatmap["areas"], row["cells"], strict=True):
            if area not in cells:
                assert cell is None, (sheet.file, area)
                continue
            total, applicable = cells[area]
            assert cell["applicable"] == applicable and cell["points"] == pytest.approx(total), (sheet.file, area)
            if applicable:
                assert abs(cell["percent"] - 100 * total / applicable) <= 0.05 + 1e-9, (sheet.file, area)
            else:
                assert cell["percent"] is None


def check_gaps(report: Json, want: Expected) -> None:
    """Per target level: how many of those targeting it have each of its expectations below meets."""
    wanted = []
    for level in want.fw.levels:
        targeting = [s for s in want.latest if s.target.id == level.id]
        if not targeting:
            continue
        nodes = own(want.fw, level)
        below = {n.id: sum(below_meets(n, s.views[s.by]) for s in targeting) for n in nodes}
        found = sorted((n for n in nodes if below[n.id]), key=lambda n: -below[n.id])  # stable: framework order
        wanted.append({"level": level.id, "people": len(targeting),
                       "expectations": [(n.id, n.area, below[n.id], round(100 * below[n.id] / len(targeting), 1))
                                        for n in found]})
    got = [{"level": g["level"], "people": g["people"],
            "expectations": [(e["id"], e["area"] or "", e["below"], e["share"]) for e in g["expectations"]]}
           for g in report["gaps"]]
    assert got == wanted


def check_calibration(report: Json, want: Expected) -> None:
    """Self − manager per person and area (0..3 steps), leaning per FLAG, and each assessor's ratings."""
    calibration = report["calibration"]
    assert calibration["flag"] == FLAG
    by_name = {key(p["person"]): p for p in calibration["people"]}
    latest = {key(s.person): s for s in want.latest}
    compared = {k: s.differences() for k, s in latest.items()}
    assert set(by_name) == {k for k, diffs in compared.items() if diffs}
    for name, entry in by_name.items():
        diffs = compared[name]
        total, count = sum(t for t, _ in diffs.values()), sum(n for _, n in diffs.values())
        assert (entry["mean"], entry["compared"]) == (mean(total, count), count), latest[name].file
        leaning = "close" if abs(total / count) < FLAG else "higher" if total > 0 else "lower"
        assert entry["leaning"] == leaning
        assert entry["assessor"] == latest[name].assessor
        assert [(a["area"] or "", a["mean"], a["compared"]) for a in entry["areas"]] == [
            (area, mean(t, n), n) for area, (t, n) in diffs.items()]
    groups: dict[str | None, list[Sheet]] = {}
    for sheet in latest.values():
        if sheet.manager_ratings():
            groups.setdefault(sheet.assessor, []).append(sheet)
    assessors = {a["assessor"]: a for a in calibration["assessors"]}
    assert set(assessors) == set(groups)
    everyone: Counter[str] = Counter()
    for assessor, sheets in groups.items():
        ratings = sum((s.manager_ratings() for s in sheets), Counter())
        everyone.update(ratings)
        pairs = [pair for s in sheets for pair in s.differences().values()]
        rated = sum(ratings[v] for v in STEP)
        got = assessors[assessor]
        assert got["people"] == len(sheets) and got["ratings"] == {v: ratings[v] for v in SCALE}, assessor
        assert (got["rated"], got["mean"]) == (rated, mean(sum(STEP[v] * ratings[v] for v in STEP), rated)), assessor
        assert got["self_minus_manager"] == mean(sum(t for t, _ in pairs), sum(n for _, n in pairs)), assessor
    rated = sum(everyone[v] for v in STEP)
    assert calibration["team_mean"] == mean(sum(STEP[v] * everyone[v] for v in STEP), rated)


def check_history(report: Json, want: Expected) -> None:
    """Everyone assessed more than once, each assessment in date order (with assess's figures where
    assessed); the distribution then (earliest) and now (latest) over those people."""
    history = report["history"]
    earlier = {k: sheets for k, sheets in want.people.items() if len(sheets) > 1}
    rows = {key(r["person"]): r for r in history["people"]}
    assert set(rows) == set(earlier)
    for name, row in rows.items():
        assert [(a["date"], a["file"]) for a in row["assessments"]] == [(s.date, s.file) for s in earlier[name]]
        for entry, sheet in zip(row["assessments"], earlier[name]):
            assert entry["target"] == sheet.target.id
            assert entry["status"] == status(want.fw, entry["demonstrated"], entry["current"], entry["target"])
            if want.assessed:
                a = want.assessed[entry["file"]]
                assert (entry["current"], entry["demonstrated"], entry["target_percent"]) == (
                    a["current"], a["demonstrated"], a["target_percent"]), entry["file"]
    distribution = history["distribution"]
    assert distribution["people"] == len(earlier)
    check_distribution(distribution["then"], [r["assessments"][0] for r in history["people"]], want.fw)
    check_distribution(distribution["now"], [r["assessments"][-1] for r in history["people"]], want.fw)
    now = {key(r["person"]): r for r in report["people"]}
    for name, row in rows.items():
        assert {k: row["assessments"][-1][k] for k in ("file", "demonstrated", "target_percent", "status")} == {
            k: now[name][k] for k in ("file", "demonstrated", "target_percent", "status")}


def check_report(report: Json, want: Expected) -> None:
    assert report["framework"]["id"] == want.fw.id
    check_people(report, want)
    check_distribution(report["distribution"], report["people"], want.fw)
    check_heatmap(report, want)
    check_gaps(report, want)
    check_calibration(report, want)
    check_history(report, want)


# ---------------------------------------------------------------- generated teams


@dataclass
class Run:
    """One generated team and `ladder team` on it; ``want`` holds its good files read by hand."""

    files: list[Path]
    code: int
    report: Json
    stderr: str
    want: Expected


def shuffled(files: list[Path], seed: int) -> list[Path]:
    """The files renamed behind a hash prefix, so the order they are read in is not their date order
    (the generator numbers each person's visits oldest first)."""
    out = []
    for path in files:
        prefix = hashlib.sha256(f"{seed}:{path.name}".encode()).hexdigest()[:6]
        out.append(path.rename(path.with_name(f"{prefix}-{path.name}")))
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, int], Run]:
    """A team of PEOPLE people (and BROKEN broken files) per (framework, seed), made and run once."""
    runs: dict[tuple[str, int], Run] = {}

    def get(framework_id: str, seed: int) -> Run:
        if (framework_id, seed) not in runs:
            directory = tmp_path_factory.mktemp(f"{framework_id}-{seed}")
            files = shuffled(write_team(directory, framework_id, PEOPLE, seed=seed, broken=BROKEN), seed)
            code, out, err = cli("team", directory, "-f", "json")
            want = expected(framework(framework_id), files[:-BROKEN], {})
            runs[framework_id, seed] = Run(files, code, json.loads(out), err, want)
        return runs[framework_id, seed]

    return get


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("framework_id", BUNDLED)
def test_generated_team_figures_recomputed_from_the_ratings(generated: Callable[[str, int], Run],
                                                            framework_id: str, seed: int) -> None:
    check_report(generated(framework_id, seed).report, generated(framework_id, seed).want)


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_generated_team_figures_equal_what_assess_gives(generated: Callable[[str, int], Run],
                                                        framework_id: str) -> None:
    """`ladder assess FILE...` on the team's good files; every ALONE-th person's latest file also alone
    (`ladder assess FILE`), which gives the very same result."""
    run = generated(framework_id, SEEDS[0])
    assessed = assess_batch([s.file for sheets in run.want.people.values() for s in sheets])
    assert len(assessed) == len(run.files) - BROKEN
    for sheet in run.want.latest[::ALONE]:
        assert assess_one(Path(sheet.file)) == assessed[sheet.file]
    want = Expected(run.want.fw, run.want.people, assessed)
    check_people(run.report, want)
    check_history(run.report, want)


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_generated_team_has_history_and_calibration_to_check(generated: Callable[[str, int], Run],
                                                              framework_id: str) -> None:
    """The checks above are not vacuous: the generated teams have all the things they compare."""
    report = generated(framework_id, SEEDS[0]).report
    assert len(report["history"]["people"]) > PEOPLE // 3
    assert len(report["calibration"]["people"]) > PEOPLE // 3
    assert {a["assessor"] for a in report["calibration"]["assessors"]} >= {"Ana Ortiz", "Bo Chen"}
    assert any(p["leaning"] != "close" for p in report["calibration"]["people"])
    assert sum(len(g["expectations"]) for g in report["gaps"]) > 0
    assert any(c is not None and 0 < c["percent"] < 100 for r in report["heatmap"]["rows"] for c in r["cells"])
    assert {p["status"] for p in report["people"]} >= {"at level", "below current level"}


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_broken_files_are_left_out_located_and_counted(generated: Callable[[str, int], Run],
                                                       framework_id: str) -> None:
    run = generated(framework_id, SEEDS[0])
    broken = {str(p) for p in run.files[-BROKEN:]}
    assert run.code == 1
    problems = run.report["problems"]
    assert {p["file"] for p in problems} == broken
    assert all(isinstance(p["line"], int) and p["line"] >= 1 and p["severity"] == "error" for p in problems)
    assert not broken & {r["file"] for r in run.report["people"]}
    people = len(run.report["people"])
    assert f"team: {len(run.files)} file(s) read, {people} people, {BROKEN} file(s) left out" in run.stderr
    for problem in problems:
        assert f"{problem['file']}:{problem['line']}:" in run.stderr


@pytest.mark.parametrize("framework_id", BUNDLED)
def test_by_and_threshold_score_as_assess_does(tmp_path: Path, framework_id: str) -> None:
    files = write_team(tmp_path, framework_id, 25, seed=7, broken=0)
    for options in (("--by", "self", "--threshold", "0.6"), ("--by", "manager")):
        code, out, _ = cli("team", tmp_path, "-f", "json", *options)
        assert code == 0
        want = expected(framework(framework_id), files, assess_batch([tmp_path], *options), by=options[1])
        check_report(json.loads(out), want)


@pytest.mark.parametrize("framework_id", BUNDLED)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.integers(1, 8), seed=st.integers(0, 2**32 - 1))
def test_small_teams_of_any_seed(tmp_path_factory: pytest.TempPathFactory, framework_id: str, people: int,
                                 seed: int) -> None:
    directory = tmp_path_factory.mktemp(framework_id)
    files = write_team(directory, framework_id, people, seed=seed, broken=0)
    code, out, err = cli("team", directory, "-f", "json")
    assert code == 0, err
    check_report(json.loads(out), expected(framework(framework_id), files, assess_batch([directory])))


# ---------------------------------------------------------------- the examples


EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
EARLIER = sorted(EXAMPLES.glob("earlier/*.yaml"))


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_each_example_alone(name: str) -> None:
    path = EXAMPLES / name
    code, out, err = cli("team", path, "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    check_report(report, expected(framework(read_sheet(path).doc["framework"]), [path], {str(path): assess_one(path)}))
    assert len(report["people"]) == 1 and report["history"]["people"] == [] and report["problems"] == []


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_each_example_with_the_earlier_ones(name: str) -> None:
    """One framework: one report, with history where it is the same person; several: one report each."""
    files = [EXAMPLES / name, *EARLIER]
    assessed = {str(p): assess_one(p) for p in files}
    by_framework: dict[str, list[Path]] = {}
    for path in files:
        by_framework.setdefault(str(read_sheet(path).doc["framework"]), []).append(path)
    arguments = [EXAMPLES / name, EXAMPLES / "earlier"]
    if len(by_framework) == 1:
        code, out, err = cli("team", *arguments, "-f", "json")
        assert code == 0, err
        reports = [json.loads(out)]
    else:
        code, _, err = cli("team", *arguments, "-f", "json")
        assert code == 2 and f"these assessments use {len(by_framework)} frameworks" in err
        code, out, err = cli("team", *arguments, "-f", "json", "--per-framework")
        assert code == 0, err
        reports = json.loads(out)["reports"]
    assert [r["framework"]["id"] for r in reports] == sorted(by_framework)
    for report in reports:
        paths = by_framework[report["framework"]["id"]]
        check_report(report, expected(framework(report["framework"]["id"]), paths, assessed))


def test_priya_has_a_history_of_two() -> None:
    """The one example with an earlier assessment: the checks above see a real history there."""
    code, out, _ = cli("team", EXAMPLES / "whatfix-priya.yaml", EXAMPLES / "earlier", "-f", "json")
    history = json.loads(out)["history"]
    assert code == 0 and [len(p["assessments"]) for p in history["people"]] == [2]
    assert history["distribution"]["people"] == 1


def test_intercom_example_calibrates_from_competency_columns() -> None:
    """Sam's columns become cells for both views (rating_views' rule), so calibration compares them."""
    path = EXAMPLES / "intercom-sam.yaml"
    code, out, _ = cli("team", path, "-f", "json")
    (person,) = json.loads(out)["calibration"]["people"]
    assert code == 0 and person["compared"] == sum(n for _, n in read_sheet(path).differences().values()) > 8
    assert person["mean"] is not None and person["mean"] > 0  # Sam rates themselves above their manager


# ---------------------------------------------------------------- groups (basecamp's 4.4: any of 4.4.a, 4.4.b)


def basecamp(directory: Path, name: str, person: str, ratings: str, assessor: str = "") -> Path:
    path = directory / name
    path.write_text(f"framework: basecamp\nperson: {person}\ndate: 2024-05-01\ncurrent_level: \"3\"\n"
                    f"target_level: \"4\"\n{assessor}ratings:\n{ratings}", encoding="utf-8")
    return path


def test_groups_score_from_their_items_or_else_their_own_rating(tmp_path: Path) -> None:
    files = [basecamp(tmp_path, "a.yaml", "Ari", '  "4.4.a": partly\n  "4.4.b": meets\n  "4.1": {self: meets, manager: partly}\n'),
             basecamp(tmp_path, "b.yaml", "Bea", '  "4.4": partly\n  "4.1": exceeds\n')]
    code, out, err = cli("team", tmp_path, "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    check_report(report, expected(framework("basecamp"), files, {str(p): assess_one(p) for p in files}))
    (level,) = report["gaps"]
    below = {e["id"]: e["below"] for e in level["expectations"]}
    assert below["4.4"] == 1  # Ari's group is met by its best item (meets); Bea's own rating, partly, is not
    assert below["4.1"] == 1  # the manager's partly drives for Ari; Bea exceeds
    (cell,) = report["heatmap"]["rows"][0]["cells"]
    assert cell["points"] == 1.0 + 0.5  # Ari: 4.4 from its best item (meets), 4.1 partly in the manager's view


def test_calibration_compares_a_group_rated_as_a_whole(tmp_path: Path) -> None:
    """A group none of whose items is rated is scored from its own rating (scoring rule 2), and assess lists
    it among the disagreements; calibration compares it too, and counts the manager's rating of it:
    compared 2 (4.1 and the group 4.4), mean 1.5, "higher" (an earlier version kept only the unrated items)."""
    path = basecamp(tmp_path, "g.yaml", "Gia", '  "4.1": {self: meets, manager: meets}\n'
                    '  "4.4": {self: exceeds, manager: not-yet}\n', assessor="assessor: Ana Ortiz\n")
    assert [(d["id"], d["self"], d["manager"]) for d in assess_one(path)["disagreements"]] == [
        ("4.4", "exceeds", "not-yet")]
    code, out, _ = cli("team", path, "-f", "json")
    assert code == 0
    calibration = json.loads(out)["calibration"]
    (person,) = calibration["people"]
    assert (person["compared"], person["mean"], person["leaning"]) == (2, 1.5, "higher")
    assert calibration["assessors"][0]["ratings"]["not-yet"] == 1
    check_calibration(json.loads(out), expected(framework("basecamp"), [path], {}))
