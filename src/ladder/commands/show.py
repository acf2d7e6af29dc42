"""`ladder list` and `ladder show`: open frameworks, build the view, render it."""

from __future__ import annotations

from typing import TextIO

from ladder.errors import LadderError


def run_list(org: str | None, fmt: str, extra: list[str], out: TextIO, err: TextIO) -> int:
    """Every framework found (a broken one is reported and the others listed: exit 1), or one's ladder."""
    from ladder.load.loader import load_framework
    from ladder.load.workspace import available, open_framework
    from ladder.logic.show import ladder_view, list_row
    from ladder.outcome import keep_going
    from ladder.render.registry import renderer

    if org is not None:
        renderer("overview", fmt, out).one(ladder_view(open_framework(org, extra).model))
        return 0
    rows, failed = [], False
    files = [file for _, file in available(extra)]
    for outcome in keep_going(files, lambda file: list_row(load_framework(file).model, str(file))):
        if outcome.problems:
            failed = True
            err.write(f"{LadderError('', problems=outcome.problems)}\n")
        else:
            rows.append(outcome.result)
    renderer("list", fmt, out).one(rows)
    return 1 if failed else 0


def run_show(org: str, level: str | None, own: bool, fmt: str, extra: list[str], out: TextIO) -> int:
    """The framework's overview, or one level with what it inherits."""
    from ladder.load.workspace import open_framework
    from ladder.logic.show import level_view, overview
    from ladder.render.registry import renderer

    framework = open_framework(org, extra).model
    if level is None:
        renderer("overview", fmt, out).one(overview(framework))
    else:
        renderer("level", fmt, out).one(level_view(framework, level, own_only=own))
    return 0
