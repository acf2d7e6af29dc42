"""Cross-reference rules over a loaded framework. Each rule yields located Problems."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ladder.errors import KeyPath, Locate, Problem, Severity, listing, shown
from ladder.models.framework import Expectation, Framework
from ladder.models.queries import matrix_id, walk


def check_framework(framework: Framework, locate: Locate) -> list[Problem]:
    """Run every rule; errors first, then warnings, each in document order; at most MAX_PROBLEMS
    of them, then one line with the count (as for YAML and schema problems)."""
    from ladder.errors import cap_problems

    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(framework, locate))
    problems.sort(key=lambda p: (p.severity != "error", p.location.line, p.location.col))
    return cap_problems(problems, len(problems))


def _problem(locate: Locate, path: KeyPath, message: str, rule: str, severity: Severity = "error") -> Problem:
    return Problem(locate(path), message, severity, rule)


def _choices(ids: list[str]) -> str:
    return listing(ids) if ids else "none defined"


def _cycle_text(loop: list[str], limit: int = 12) -> str:
    """``a -> b -> a``; a long cycle shows its first levels, how many there are, and its close."""
    if len(loop) <= limit:
        return " -> ".join(shown(i) for i in loop)
    head = " -> ".join(shown(i) for i in loop[: limit - 2])
    return f"{head} -> … ({len(loop) - 1:,} levels in all) -> {shown(loop[-2])} -> {shown(loop[-1])}"


def duplicate_ids(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """Track, level, expectation, competency and scale-step ids are unique."""
    groups: dict[str, list[tuple[KeyPath, str]]] = {
        "track": [(("tracks", i, "id"), t.id) for i, t in enumerate(framework.tracks)],
        "level": [(("levels", i, "id"), lvl.id) for i, lvl in enumerate(framework.levels)],
        "expectation": list(_expectation_ids(framework)),
    }
    if framework.competencies:
        groups["competency"] = [
            (("competencies", "items", i, "id"), c.id) for i, c in enumerate(framework.competencies.items)
        ]
    for kind, entries in groups.items():
        first: dict[str, KeyPath] = {}
        for path, ident in entries:
            if ident in first:
                where = locate(first[ident])
                yield _problem(locate, path, f"duplicate {kind} id '{ident}' (first at line {where.line})",
                               f"duplicate-{kind}-id")
            else:
                first[ident] = path
    # Levels are looked up case-insensitively (`ladder show acme s3`): ids that differ only in case
    # would leave one of them unreachable.
    folded: dict[str, tuple[str, KeyPath]] = {}
    for path, ident in groups["level"]:
        other = folded.setdefault(ident.casefold(), (ident, path))
        if other[0] != ident:
            yield _problem(locate, path, f"level id '{shown(ident)}' differs from '{shown(other[0])}' (line "
                           f"{locate(other[1]).line}) only in case; levels are found case-insensitively, so rename one",
                           "duplicate-level-id")


def _expectation_ids(framework: Framework) -> Iterator[tuple[KeyPath, str]]:
    for li, level in enumerate(framework.levels):
        for ai, area in enumerate(level.areas):
            for path, exp in _walk_paths(area.expectations, ("levels", li, "areas", ai, "expectations")):
                yield path + ("id",), exp.id
    if framework.competencies:
        for ci, comp in enumerate(framework.competencies.items):
            for level_id in comp.cells:
                yield ("competencies", "items", ci, "cells", level_id), matrix_id(comp.id, level_id)


def _walk_paths(items: list[Expectation], base: KeyPath) -> Iterator[tuple[KeyPath, Expectation]]:
    for i, exp in enumerate(items):
        yield base + (i,), exp
        if exp.group:
            yield from _walk_paths(exp.group.items, base + (i, "group", "items"))


def references(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """Tracks, builds_on, parallel levels and criterion expectations all name things that exist."""
    tracks = [t.id for t in framework.tracks]
    levels = {lvl.id: lvl for lvl in framework.levels}
    for i, level in enumerate(framework.levels):
        if level.track not in tracks:
            yield _problem(locate, ("levels", i, "track"),
                           f"unknown track '{level.track}'; tracks are {_choices(tracks)}", "unknown-track")
        if level.builds_on is not None:
            if level.builds_on == level.id:
                yield _problem(locate, ("levels", i, "builds_on"), "a level cannot build on itself", "builds-on-cycle")
            elif level.builds_on not in levels:
                yield _problem(locate, ("levels", i, "builds_on"),
                               f"unknown level '{level.builds_on}'; levels are {_choices(list(levels))}",
                               "unknown-level")
            elif levels[level.builds_on].order >= level.order:
                yield _problem(locate, ("levels", i, "builds_on"),
                               f"builds on '{level.builds_on}' whose order is not lower", "order", "warning")
        for j, other in enumerate(level.parallel):
            path = ("levels", i, "parallel", j)
            if other not in levels:
                yield _problem(locate, path, f"unknown level '{other}'; levels are {_choices(list(levels))}",
                               "unknown-level")
            elif levels[other].order != level.order:
                yield _problem(locate, path, f"parallel level '{other}' has a different order", "order", "warning")
        own = {e.id for area in level.areas for e in walk(area.expectations)}
        for j, criterion in enumerate(level.criteria):
            if criterion.expectation is not None and criterion.expectation not in own:
                yield _problem(locate, ("levels", i, "criteria", j, "expectation"),
                               f"unknown expectation '{criterion.expectation}' for level {level.id}",
                               "unknown-expectation")


MAX_CHAIN = 100  # levels in one builds_on chain; real ladders have a dozen or two


def chain_length(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """A builds_on chain is at most MAX_CHAIN levels: every level page lists all it inherits, so a
    machine-made chain of thousands would make output (and time) grow with its square."""
    by_id = {lvl.id: lvl for lvl in framework.levels}
    depth: dict[str, int] = {}
    for i, level in enumerate(framework.levels):
        walked: list[str] = []
        current = level
        while current.id not in depth and current.id not in walked and len(walked) <= MAX_CHAIN:
            walked.append(current.id)
            if current.builds_on not in by_id or current.builds_on == current.id:
                break
            current = by_id[current.builds_on]
        base = depth.get(current.id, 0) if current.id not in walked else 0
        for n, level_id in enumerate(reversed(walked), start=1):
            depth[level_id] = base + n
        if depth[level.id] > MAX_CHAIN:
            yield _problem(locate, ("levels", i, "builds_on"),
                           f"builds_on chain of more than {MAX_CHAIN} levels; a career ladder never needs this many, "
                           "split the track", "builds-on-chain")
            return  # once is enough: the same chain would be reported at every level above


def cycles(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """builds_on never loops back on itself (linear: each level is walked once)."""
    by_id = {lvl.id: lvl for lvl in framework.levels}
    index = {lvl.id: i for i, lvl in enumerate(framework.levels)}
    done: set[str] = set()
    for level in framework.levels:
        path: list[str] = []
        on_path: set[str] = set()
        current = level
        while current.id not in done and current.id not in on_path:
            path.append(current.id)
            on_path.add(current.id)
            if current.builds_on == current.id or current.builds_on not in by_id:
                break  # self-reference and unknown levels are reported by `references`
            current = by_id[current.builds_on]
        if current.id in on_path and current.builds_on in by_id and current.builds_on != current.id:
            loop = path[path.index(current.id):] + [current.id]
            first = min(loop[:-1], key=index.__getitem__)
            start = loop.index(first)
            loop = loop[start:-1] + loop[:start] + [first]
            yield _problem(locate, ("levels", index[first], "builds_on"),
                           f"builds_on forms a cycle: {_cycle_text(loop)}", "builds-on-cycle")
        done.update(path)


def content(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """A level has expectations, matrix cells or an explicit no_content marker, not neither."""
    cells = {lvl for comp in (framework.competencies.items if framework.competencies else []) for lvl in comp.cells}
    for i, level in enumerate(framework.levels):
        has_content = bool(level.areas) or level.id in cells
        if not has_content and level.no_content is None:
            yield _problem(locate, ("levels", i),
                           f"level '{level.id}' has no expectations; add some, or say why with 'no_content'",
                           "empty-level")
        if has_content and level.no_content is not None:
            yield _problem(locate, ("levels", i, "no_content"),
                           f"level '{level.id}' says no_content but has expectations", "no-content", "warning")
        for ai, area in enumerate(level.areas):
            seen: dict[str, str] = {}
            for path, exp in _walk_paths(area.expectations, ("levels", i, "areas", ai, "expectations")):
                if exp.text in seen:
                    yield _problem(locate, path, f"expectation '{exp.id}' repeats the text of '{seen[exp.text]}'",
                                   "duplicate-text", "warning")
                else:
                    seen[exp.text] = exp.id


def matrix(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """A competency matrix names real levels and has a cell for every level it covers."""
    if not framework.competencies:
        return
    levels = [lvl.id for lvl in framework.levels]
    covered = [lvl for lvl in levels if any(lvl in c.cells for c in framework.competencies.items)]
    track_of = {lvl.id: lvl.track for lvl in framework.levels}
    for ci, comp in enumerate(framework.competencies.items):
        if not comp.cells:
            continue
        path = ("competencies", "items", ci, "cells")
        for level_id in comp.cells:
            if level_id not in levels:
                yield _problem(locate, path + (level_id,),
                               f"unknown level '{level_id}'; levels are {_choices(levels)}", "unknown-level")
        # A row covers the tracks it has cells on; a matrix per track need not fill other tracks' columns.
        tracks = {track_of[lvl] for lvl in comp.cells if lvl in track_of}
        missing = [lvl for lvl in covered if track_of[lvl] in tracks and lvl not in comp.cells]
        if missing:
            yield _problem(locate, path, f"matrix row '{comp.id}' has no cell for level(s) {listing(missing)}",
                           "matrix-missing-level")


def criteria(framework: Framework, locate: Locate) -> Iterator[Problem]:
    """Typed criteria are internally consistent."""
    for i, level in enumerate(framework.levels):
        kinds = Counter(c.kind for c in level.criteria if c.kind in ("experience", "tenure"))
        for kind, count in kinds.items():
            if count > 1:
                yield _problem(locate, ("levels", i, "criteria"), f"more than one {kind} criterion", "criteria",
                               "warning")
        for j, criterion in enumerate(level.criteria):
            if criterion.kind == "experience":
                lo, hi = criterion.min_years, criterion.max_years
                if lo is None and hi is None:
                    yield _problem(locate, ("levels", i, "criteria", j),
                                   "experience criterion needs min_years or max_years", "criteria")
                elif lo is not None and hi is not None and lo > hi:
                    yield _problem(locate, ("levels", i, "criteria", j, "min_years"),
                                   f"min_years {lo:g} is more than max_years {hi:g}", "criteria")


RULES = [duplicate_ids, references, cycles, chain_length, content, matrix, criteria]
