"""`ladder changes`: what an edit of a framework does, between two files or since a git revision."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from ladder.load.document import Loaded


def versions(old: str, new: str | None, since: str | None, extra: list[str]) -> tuple[Loaded, str, Loaded, str]:
    """(old version, its name, new version, its name): two files, or one file and its text at ``since``.

    UsageError (exit 2) for a wrong combination of arguments, an unreadable revision, or two files
    that are not versions of one framework (different ids)."""
    from ladder.errors import UsageError, display_path, shown
    from ladder.load.git import load_at
    from ladder.load.workspace import open_framework, resolve

    if since is not None:
        if new is not None:
            raise UsageError("give one framework with --since, or two files without it",
                             "ladder changes ORG --since REV, or ladder changes OLD.yaml NEW.yaml")
        path = resolve(old, extra)
        after = open_framework(str(path), extra)
        before = load_at(path, since)
        before_name = f"{since}:{display_path(path)}"
        names = (before_name, display_path(path))
    else:
        if new is None:
            raise UsageError("give two versions of a framework, or one and --since REV",
                             "ladder changes OLD.yaml NEW.yaml, or ladder changes ORG --since main")
        before, after = open_framework(old, extra), open_framework(new, extra)
        names = (before.document.file, after.document.file)
    if before.model.id != after.model.id:
        raise UsageError(
            f"{shown(names[0])} (id '{shown(before.model.id)}') and {shown(names[1])} (id '{shown(after.model.id)}') "
            "are not versions of one framework",
            "compare two versions of the same framework (the same id:); `ladder diff` compares two levels of one",
        )
    return before, names[0], after, names[1]


def run(old: str, new: str | None, since: str | None, fmt: str, extra: list[str], out: TextIO,
        err: TextIO) -> int:
    """Compare two versions of one framework; a note on ``err`` when wording could not be paired."""
    from ladder.logic.changes import compare
    from ladder.logic.diff import MAX_PAIRS
    from ladder.render.registry import renderer

    before, before_name, after, after_name = versions(old, new, since, extra)
    result = compare(before.model, after.model, before_name, after_name)
    if not result.pairing:
        err.write(f"note: reworded expectations are not paired: more than {MAX_PAIRS:,} pairs to compare; "
                  "they are shown as added and removed\n")
    renderer("changes", fmt, out).one(result)
    return 0
