"""Pure queries over a loaded framework: find levels, follow builds_on, list expectations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ladder.errors import UsageError, closest, folded, listing, shown
from ladder.models.framework import Area, Expectation, Framework, Level


class Item(NamedTuple):
    """An expectation as it applies at a level: where it is defined and under which area or competency."""

    level: str
    area: str | None
    expectation: Expectation
    competency: str | None = None

    @property
    def id(self) -> str:
        return self.expectation.id

    @property
    def text(self) -> str:
        return self.expectation.text


def find_level(framework: Framework, query: str) -> Level:
    """The level named by id, alias or title, case-insensitively; UsageError with the choices otherwise."""
    wanted = folded(query.strip())
    for level in framework.levels:
        if folded(level.id) == wanted:
            return level
    for level in framework.levels:
        names = [level.title, *level.aliases]
        if any(folded(name) == wanted for name in names):
            return level
    ids = [level.id for level in framework.levels]
    choices = {folded(level.id): level.id for level in framework.levels}
    choices.update({folded(level.title): level.id for level in framework.levels})
    near = closest(wanted, choices)
    hint = f"did you mean {choices[near]}? " if near else ""
    raise UsageError(f"unknown level '{shown(query)}' for {framework.id}", f"{hint}levels are {listing(ids)}")


def chain(framework: Framework, level: Level) -> list[Level]:
    """The level and every level it builds on, nearest first. Stops at a cycle (checks report cycles)."""
    by_id = {lvl.id: lvl for lvl in framework.levels}
    out = [level]
    seen = {level.id}
    current = level
    while current.builds_on and current.builds_on in by_id and current.builds_on not in seen:
        current = by_id[current.builds_on]
        seen.add(current.id)
        out.append(current)
    return out


def track_levels(framework: Framework, track: str) -> list[Level]:
    """The levels of a track, lowest first."""
    return sorted((lvl for lvl in framework.levels if lvl.track == track), key=lambda lvl: lvl.order)


def levels_up_to(framework: Framework, level: Level) -> list[Level]:
    """The levels a person at ``level`` is expected to have passed through, lowest first, ending with it.

    The builds_on chain where there is one; otherwise the lower levels of the same track.
    """
    inherited = chain(framework, level)
    if len(inherited) > 1:
        return list(reversed(inherited))
    return [lvl for lvl in track_levels(framework, level.track) if lvl.order <= level.order]


def is_matrix(framework: Framework) -> bool:
    """True when the framework's levels are columns of a competency matrix."""
    comps = framework.competencies
    return bool(comps and any(c.cells for c in comps.items))


def own_items(framework: Framework, level: Level) -> list[Item]:
    """The expectations a level states itself: its areas' items, then its competency-matrix cells."""
    cached = framework._items.get(level.id)
    if cached is None:
        cached = framework._items[level.id] = _own_items(framework, level)
    return list(cached)


def _own_items(framework: Framework, level: Level) -> list[Item]:
    items = [Item(level.id, area.name, exp) for area in level.areas for exp in area.expectations]
    if framework.competencies:
        for comp in framework.competencies.items:
            cell = comp.cell(level.id)
            if cell is None or cell.no_expectation:
                continue
            exp = Expectation(id=matrix_id(comp.id, level.id), text=cell.text, notes=cell.notes)
            items.append(Item(level.id, comp.name, exp, competency=comp.id))
    return items


def matrix_id(competency_id: str, level_id: str) -> str:
    """The expectation id of a competency-matrix cell."""
    return f"{competency_id}.{level_id}"


def inherited_items(framework: Framework, level: Level) -> list[Item]:
    """Expectations a level inherits through builds_on, nearest level first."""
    return [item for lower in chain(framework, level)[1:] for item in own_items(framework, lower)]


def all_items(framework: Framework, level: Level) -> list[Item]:
    """Own then inherited expectations of a level."""
    return own_items(framework, level) + inherited_items(framework, level)


def walk(items: list[Expectation]) -> Iterator[Expectation]:
    """Every expectation in a list, depth first, groups before their items."""
    for item in items:
        yield item
        if item.group is not None:
            yield from walk(item.group.items)


def area_label(area: Area) -> str:
    """How an area is shown: its name, or a dash where the source names none."""
    return area.name or "—"
