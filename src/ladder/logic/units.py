"""Pure: every expectation of a framework as a unit with its place (level, area, competency, parent).

What `ladder changes` pairs, what the content fingerprint covers and what `ladder migrate` carries.
"""

from __future__ import annotations

from typing import NamedTuple

from ladder.logic.diff import DiffItem
from ladder.models.framework import Expectation, Framework
from ladder.models.queries import own_items


class Unit(NamedTuple):
    """An expectation of one version, where it is: level, area (a cell: its competency's name), competency
    (cells only) and parent (items of an AND/OR group)."""

    id: str
    text: str
    level: str
    area: str | None
    competency: str | None
    parent: str | None
    expectation: Expectation

    def item(self) -> DiffItem:
        """As ``ladder diff`` holds an expectation."""
        return DiffItem(self.id, self.text, self.area, self.level, self.competency, self.expectation)


def units(framework: Framework) -> list[Unit]:
    """Every expectation of a framework, level by level: area items (group items after their parent),
    then the level's matrix cells."""
    out: list[Unit] = []
    for level in framework.levels:
        for item in own_items(framework, level):
            out.append(Unit(item.id, item.text, level.id, item.area, item.competency, None, item.expectation))
            out += _group_units(item.expectation, level.id, item.area)
    return out


def _group_units(exp: Expectation, level: str, area: str | None) -> list[Unit]:
    if exp.group is None:
        return []
    out = []
    for sub in exp.group.items:
        out.append(Unit(sub.id, sub.text, level, area, None, exp.id, sub))
        out += _group_units(sub, level, area)
    return out
