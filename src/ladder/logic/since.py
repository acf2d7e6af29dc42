"""Pure comparison of two scored assessments of the same person: what moved, and what is new."""

from __future__ import annotations

from dataclasses import dataclass

from ladder.logic.scoring import Result, Scored, ViewResult
from ladder.models.assessment import RANK


@dataclass
class Change:
    """One expectation whose rating changed since the earlier assessment."""

    id: str
    level: str
    text: str
    before: str | None
    after: str | None
    direction: str  # "up", "down" or "changed" (to or from n/a, or from unrated to not-yet)


@dataclass
class History:
    """What changed between an earlier and a later assessment (each in its driving view)."""

    since_file: str
    since_date: str
    before: str | None
    after: str | None
    level_change: str  # "up", "down" or "same"
    changes: list[Change]
    new_evidence: dict[str, list[str]]
    percents: list[tuple[str, float | None, float | None]]
    crosses: str | None = None  # the two were written against different versions of the framework


def compare(old: Result, new: Result) -> History:
    """Ratings up and down, new evidence, level percentages and the level change from ``old`` to ``new``.

    Both results should be scored to the same target so that their levels line up.
    """
    before = _leaves(old.driving)
    changes, evidence = [], {}
    for exp_id, (level, now) in _leaves(new.driving).items():
        then = before.get(exp_id, (level, None))[1]
        was = then.value if then else None
        if now.value != was:
            changes.append(Change(exp_id, level, now.text, was, now.value, direction(was, now.value)))
        added = [item for item in now.evidence if item not in (then.evidence if then else [])]
        if added:
            evidence[exp_id] = added
    old_percent = {lvl.id: lvl.percent for lvl in old.driving.levels}
    percents = [(lvl.id, old_percent.get(lvl.id), lvl.percent) for lvl in new.driving.levels]
    was_at = -1 if old.driving.demonstrated_order is None else old.driving.demonstrated_order
    now_at = -1 if new.driving.demonstrated_order is None else new.driving.demonstrated_order
    move = "up" if now_at > was_at else "down" if now_at < was_at else "same"
    return History(old.file, old.date, old.demonstrated, new.demonstrated, move, changes, evidence, percents)


def direction(before: str | None, after: str | None) -> str:
    """'up' or 'down' along the scale (unrated ranks as not-yet); 'changed' to or from n/a or between equals."""
    if (before not in RANK and before is not None) or (after not in RANK and after is not None):
        return "changed"
    low, high = RANK[before or "not-yet"], RANK[after or "not-yet"]  # both on the scale, or unrated
    return "up" if high > low else "down" if high < low else "changed"


def _leaves(view: ViewResult) -> dict[str, tuple[str, Scored]]:
    """Every scored expectation and group item of a view, by id, with its level."""
    out: dict[str, tuple[str, Scored]] = {}

    def visit(level: str, scored: Scored) -> None:
        out[scored.id] = (level, scored)
        for item in scored.items:
            visit(level, item)

    for level in view.levels:
        for scored in level.expectations:
            visit(level.id, scored)
    return out
