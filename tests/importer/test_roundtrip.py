"""The Markdown round trip: any valid framework, exported with markdown_document and imported again, comes back with
the same tracks (ids, names), level ids, titles, ranks, builds_on, parallel, areas (names, numbers), expectation
texts, groups (satisfied_by, items), examples and competencies (names, cells).

One property per shape, so that a failure names the shape (and hypothesis shrinks it to its smallest framework):
a plain one-track ladder, several tracks with builds_on and parallel levels, groups, examples, numbered areas,
Markdown characters in every text, a competency matrix with levels, and all of these at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hypothesis import given, note, settings
from hypothesis import strategies as st

from ladder.checks.framework import check_framework
from ladder.errors import Location
from ladder.importer import import_text
from ladder.models.framework import Expectation, Framework, Level
from ladder.render.export import markdown_document

# Words of a ladder (no 'and', 'or', 'e.g.' or 'example' on their own: a bullet of only those is a connective or
# an example by the conventions, not an expectation).
WORDS = ["Owns", "reviews", "release", "notes", "mentors", "new", "hires", "writes", "runbooks", "for", "the", "team",
         "handles", "escalations", "with", "care", "plans", "goals", "shares", "knowledge", "tickets", "on-call",
         "SLA", "docs", "quality", "customers", "1:1s", "clear", "calm", "weekly"]
NAMES = ["Support", "Engineering", "Craft", "Delivery", "Impact", "People", "Tooling", "Quality", "Operations",
         "Communication", "Ownership", "Growth"]
TITLE_WORDS = ["Engineer", "Agent", "Analyst", "Senior", "Staff", "Lead", "Principal", "Manager", "Associate",
               "Specialist", "Director", "Coach"]
# Markdown characters, alone or glued to a word: every one must come back as written.
SPECIALS = ["*", "_", "|", "#", "<b>", "</b>", "\\", "`", "[x](y)", "**", "&amp;", "&#60;", "~", ">", "!", "1.", "+",
            "=", ":", "-", "[", "]", "(", ")", "<", "\\*", "##", "__", "~~", "-->", "<!--"]
CONNECTIVES = {"all": [None, "AND"], "any": [None, "OR", "AND/OR", "or"]}


@dataclass(frozen=True)
class Shape:
    """What a generated framework may hold."""

    tracks: tuple[int, int] = (1, 1)
    links: bool = False  # builds_on and parallel
    groups: bool = False
    examples: bool = False
    numbered: bool = False
    hostile: bool = False
    matrix: bool = False
    per_track: bool = False  # matrix rows with cells on some tracks only (the other tracks' cells empty)
    extras: bool = False  # description, principles, summaries, track descriptions, a level with no_content


def words(pool: list[str], least: int, most: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pool), min_size=least, max_size=most).map(" ".join)


def texts(shape: Shape, pool: list[str] = WORDS, least: int = 1) -> st.SearchStrategy[str]:
    """A text of words; with hostile, Markdown characters before, after and inside it (never only those)."""
    plain = words(pool, least, 5)
    if not shape.hostile:
        return plain
    special = st.sampled_from(SPECIALS)
    token = st.one_of(special, special.flatmap(lambda s: st.sampled_from(pool).map(lambda w: s + w + s)))
    around = st.lists(token, max_size=2).map(" ".join)
    return st.tuples(around, plain, around).map(lambda parts: " ".join(p for p in parts if p))


IDS = st.from_regex(r"[A-Za-z0-9]{1,4}([._-][A-Za-z0-9]{1,3})?", fullmatch=True)


class Draw:
    """The draws of one framework: unique ids and texts (a repeated text in an area is a warning, kept once)."""

    def __init__(self, draw: st.DrawFn, shape: Shape) -> None:
        self.draw, self.shape, self.count, self.seen = draw, shape, 0, set[str]()

    def ident(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def text(self, pool: list[str] = WORDS) -> str:
        text = self.draw(texts(self.shape, pool))
        if text in self.seen:
            text = f"{text} {self.ident('v')}"
        self.seen.add(text)
        return text

    def expectation(self, depth: int = 0) -> dict[str, Any]:
        exp: dict[str, Any] = {"id": self.ident("x"), "text": self.text()}
        if self.shape.groups and depth < 2 and self.draw(st.booleans()):
            satisfied_by = self.draw(st.sampled_from(["all", "any"]))
            group: dict[str, Any] = {"satisfied_by": satisfied_by}
            connective = self.draw(st.sampled_from(CONNECTIVES[satisfied_by]))
            if connective:
                group["connective"] = connective
            group["items"] = [self.expectation(depth + 1) for _ in range(self.draw(st.integers(2, 3)))]
            exp["group"] = group
        if self.shape.examples and self.draw(st.booleans()):
            exp["examples"] = [self.text() for _ in range(self.draw(st.integers(1, 2)))]
        return exp

    def areas(self, least: int) -> list[dict[str, Any]]:
        self.seen = set()  # texts are unique within an area's expectations
        names = self.draw(st.lists(texts(self.shape, NAMES), min_size=least, max_size=3, unique=True))
        unnamed = bool(names) and self.draw(st.booleans())  # the unnamed area comes first, as the export writes it
        out = []
        for k, name in enumerate(names):
            area: dict[str, Any] = {"name": None if unnamed and k == 0 else name}
            if self.shape.numbered and area["name"] and self.draw(st.booleans()):
                area["number"] = self.draw(st.sampled_from(["01", "02", "3", "10", "A", "B2", "1.2"]))
            area["expectations"] = [self.expectation() for _ in range(self.draw(st.integers(1, 3)))]
            out.append(area)
        return out


@st.composite
def frameworks(draw: st.DrawFn, shape: Shape) -> dict[str, Any]:
    """Framework data (as a YAML file holds it) of the given shape, valid: no check reports an error."""
    d = Draw(draw, shape)
    track_ids = draw(st.lists(IDS, min_size=shape.tracks[0], max_size=shape.tracks[1], unique_by=str.casefold))
    names = draw(st.lists(texts(shape, NAMES), min_size=len(track_ids), max_size=len(track_ids), unique=True))
    ranks = [draw(st.lists(st.integers(0, 6), min_size=1, max_size=3, unique=True).map(sorted)) for _ in track_ids]
    count = sum(map(len, ranks))
    level_ids = draw(st.lists(IDS, min_size=count, max_size=count, unique_by=str.casefold))
    levels: list[dict[str, Any]] = []
    for track, orders in zip(track_ids, ranks):
        for order in orders:
            lvl: dict[str, Any] = {"id": level_ids[len(levels)], "title": draw(texts(shape, TITLE_WORDS)),
                                   "track": track, "order": order}
            if shape.extras and draw(st.booleans()):
                lvl["summary"] = "\n\n".join(d.text() for _ in range(draw(st.integers(1, 2))))
            lvl["areas"] = d.areas(0 if (shape.matrix and not shape.per_track) or shape.extras else 1)
            if not lvl["areas"] and not shape.matrix:
                lvl["no_content"] = d.text()
            levels.append(lvl)
    if shape.links:
        _link(draw, levels)
    data: dict[str, Any] = {"id": "roundtrip", "organisation": draw(texts(shape, NAMES)),
                            "name": draw(texts(shape, NAMES)), "source": {"title": draw(texts(shape, WORDS))}}
    if shape.extras:
        data["description"] = draw(st.lists(texts(shape), max_size=2))
        data["principles"] = [{"heading": draw(st.sampled_from(["Principles", "How it works"])), "text": d.text()}
                              for _ in range(draw(st.integers(0, 2)))]
    data["tracks"] = [{"id": t, "name": n} for t, n in zip(track_ids, names)]
    if shape.extras and draw(st.booleans()):
        data["tracks"][0]["description"] = d.text()
    data["levels"] = levels
    if shape.matrix:
        data["competencies"] = {"items": _competencies(draw, d, levels)}
    return data


def _link(draw: st.DrawFn, levels: list[dict[str, Any]]) -> None:
    """builds_on a lower level (of any track), parallel to levels of other tracks at the same rank."""
    for lvl in levels:
        lower = [other["id"] for other in levels if other["order"] < lvl["order"]]
        if lower and draw(st.booleans()):
            lvl["builds_on"] = draw(st.sampled_from(lower))
        same = [other["id"] for other in levels if other["order"] == lvl["order"] and other["track"] != lvl["track"]]
        if same:
            lvl["parallel"] = draw(st.lists(st.sampled_from(same), max_size=len(same), unique=True))


def _competencies(draw: st.DrawFn, d: Draw, levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with a cell (a text, or 'None' saying nothing is expected) at every level, or per_track: at every
    level of some tracks."""
    names = draw(st.lists(texts(d.shape, NAMES), min_size=1, max_size=3, unique=True))
    tracks = list(dict.fromkeys(lvl["track"] for lvl in levels))
    rows = []
    for name in names:
        cells: dict[str, Any] = {}
        covered = draw(st.lists(st.sampled_from(tracks), min_size=1, unique=True)) if d.shape.per_track else tracks
        for lvl in (lvl for lvl in levels if lvl["track"] in covered):
            empty = draw(st.integers(0, 4)) == 4  # shrinks to a text cell
            cells[lvl["id"]] = {"text": "None", "no_expectation": True} if empty else d.text()
        rows.append({"id": d.ident("c"), "name": name, "cells": cells})
    return rows


# ---------------------------------------------------------------- the comparison


def _expectation(e: Expectation) -> dict[str, Any]:
    out: dict[str, Any] = {"text": e.text}
    if e.group:
        out["group"] = {"satisfied_by": e.group.satisfied_by, "items": [_expectation(i) for i in e.group.items]}
    if e.examples:
        out["examples"] = list(e.examples)
    return out


def _level(lvl: Level) -> dict[str, Any]:
    return {"track": lvl.track, "title": lvl.title, "order": lvl.order, "builds_on": lvl.builds_on,
            "parallel": list(lvl.parallel),
            "areas": [{"name": a.name, "number": a.number, "expectations": [_expectation(e) for e in a.expectations]}
                      for a in lvl.areas]}


def compared(fw: Framework) -> dict[str, Any]:
    """The fields a round trip keeps."""
    comps = fw.competencies.items if fw.competencies else []
    return {
        "tracks": [(t.id, t.name) for t in fw.tracks],
        "levels": {lvl.id: _level(lvl) for lvl in fw.levels},
        "competencies": [(c.name, {lvl: (cell.text, cell.no_expectation) for lvl in c.cells
                                   if (cell := c.cell(lvl))}) for c in comps if c.cells],
    }


def round_trip(data: dict[str, Any]) -> None:
    before = Framework.model_validate(data)
    errors = [p.message for p in check_framework(before, lambda path: Location("generated")) if p.severity == "error"]
    assert not errors, errors  # the strategy makes valid frameworks only
    text = markdown_document(before)
    note(text)
    after = import_text(text, "export.md", "md").framework
    expected, got = compared(before), compared(after)
    assert got["tracks"] == expected["tracks"], "tracks (ids, names)"
    assert sorted(got["levels"]) == sorted(expected["levels"]), "level ids"
    for level_id, level in expected["levels"].items():
        for key, value in level.items():
            assert got["levels"][level_id][key] == value, f"level {level_id}: {key}"
    assert got["competencies"] == expected["competencies"], "competencies (names, cells)"


def test_the_strategy_makes_each_shape():
    """The shapes are really drawn (a strategy that never made a group would pass the group property)."""
    found = dict.fromkeys(["group", "example", "number", "parallel", "builds_on", "cell", "markdown"], False)

    @settings(max_examples=50, deadline=None)
    @given(frameworks(Shape(tracks=(2, 3), links=True, groups=True, examples=True, numbered=True, hostile=True,
                            matrix=True)))
    def look(data: dict[str, Any]) -> None:
        fw = Framework.model_validate(data)
        exps = [e for lvl in fw.levels for a in lvl.areas for e in a.expectations]
        found["group"] |= any(e.group for e in exps)
        found["example"] |= any(e.examples for e in exps)
        found["number"] |= any(a.number for lvl in fw.levels for a in lvl.areas)
        found["parallel"] |= any(lvl.parallel for lvl in fw.levels)
        found["builds_on"] |= any(lvl.builds_on for lvl in fw.levels)
        found["cell"] |= bool(fw.competencies and fw.competencies.items[0].cells)
        assert all(re.search(r"[A-Za-z]", e.text) for e in exps)  # never only Markdown characters
        found["markdown"] |= any(re.search(r"[*_|#<\\`\[]", e.text) for e in exps)

    look()
    assert all(found.values()), found


# ---------------------------------------------------------------- one property per shape


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape()))
def test_a_plain_ladder_round_trips(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(tracks=(2, 3), links=True)))
def test_several_tracks_with_builds_on_and_parallel_levels_round_trip(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(groups=True)))
def test_groups_round_trip(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(examples=True)))
def test_examples_round_trip(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(numbered=True)))
def test_numbered_areas_round_trip(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(hostile=True)))
def test_markdown_characters_in_text_round_trip(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(matrix=True)))
def test_a_competency_matrix_with_levels_round_trips(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(tracks=(2, 3), matrix=True, per_track=True)))
def test_a_matrix_whose_rows_cover_some_tracks_round_trips(data: dict[str, Any]) -> None:
    round_trip(data)


@settings(max_examples=50, deadline=None)
@given(frameworks(Shape(tracks=(1, 3), links=True, groups=True, examples=True, numbered=True, hostile=True,
                        matrix=True, extras=True)))
def test_every_shape_at_once_round_trips(data: dict[str, Any]) -> None:
    round_trip(data)
