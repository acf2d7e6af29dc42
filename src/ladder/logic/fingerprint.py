"""Pure: a framework's content fingerprint, what an assessment's ratings depend on.

It covers every expectation (``logic.units.units``: its id, text, level, area, group and the
group's AND/OR rule) and every level's id, track, rank and own criteria; nothing else. So a level
renamed, a typo fixed in a summary, a principle or a note edited leaves it as it is, while any edit
that can change what a rating means or how it counts (an expectation reworded, moved, re-id'd,
added or removed, a criterion changed) gives another. Sixteen hex digits of SHA-256 over a
canonical JSON of those fields: stable across runs, machines and key order in the file.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ladder.logic.units import units
from ladder.models.framework import Expectation, Framework


def _rule(exp: Expectation) -> list[Any] | None:
    if exp.group is None:
        return None
    return [exp.group.satisfied_by, exp.group.connective]


def content(framework: Framework) -> list[Any]:
    """The fields the fingerprint is made from, as plain data."""
    levels = [[lvl.id, lvl.track, lvl.order, [c.model_dump(mode="json") for c in lvl.criteria]]
              for lvl in framework.levels]
    items = [[u.level, u.area, u.competency, u.parent, u.id, u.text, _rule(u.expectation)]
             for u in units(framework)]
    return [levels, items]


def fingerprint(framework: Framework) -> str:
    """Sixteen lowercase hex digits that change exactly when the expectations or criteria do."""
    text = json.dumps(content(framework), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
