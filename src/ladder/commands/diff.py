"""`ladder diff`: what one level adds over another, rendered."""

from __future__ import annotations

from typing import TextIO


def run(org: str, from_level: str, to_level: str, pairing: bool, fmt: str, extra: list[str], out: TextIO,
        err: TextIO) -> int:
    """Diff two levels of a framework; a note on ``err`` when there are too many pairs to compare."""
    from ladder.load.workspace import open_framework
    from ladder.logic.diff import MAX_PAIRS, diff_levels
    from ladder.models.queries import find_level
    from ladder.render.registry import renderer

    framework = open_framework(org, extra).model
    result = diff_levels(framework, find_level(framework, from_level), find_level(framework, to_level),
                         pairing=pairing)
    if result.pairing != pairing:  # asked for, but too many expectations to compare
        err.write(f"note: reworded expectations are not paired: the levels have more than {MAX_PAIRS:,} pairs "
                  "to compare; added and removed are shown as they are\n")
    renderer("diff", fmt, out).one(result)
    return 0
