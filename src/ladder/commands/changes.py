"""`ladder changes`: what an edit of a framework does, between two files or since a git revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

from ladder.errors import InvalidFile, UsageError, display_path, shown

if TYPE_CHECKING:
    from ladder.load.document import Loaded
    from ladder.logic.changes import Changes


def versions(old: str, new: str | None, since: str | None, extra: list[str]) -> tuple[Loaded, str, Loaded, str]:
    """(old version, its name, new version, its name): two files, or one file and its text at ``since``.

    UsageError (exit 2) for a wrong combination of arguments, an unreadable revision, or two files
    that are not versions of one framework (different ids)."""
    from ladder.load.git import load_at, short
    from ladder.load.workspace import open_framework, resolve

    if since is not None:
        if new is not None:
            raise UsageError("give one framework with --since, or two files without it",
                             "ladder changes ORG --since REV, or ladder changes OLD.yaml NEW.yaml")
        path = resolve(old, extra)
        after = open_framework(str(path), extra)
        before = load_at(path, since)
        before_name = f"{short(since)}:{display_path(path)}"
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


def run(paths: list[str], since: str | None, fmt: str, extra: list[str], out: TextIO, err: TextIO) -> int:
    """Compare two versions of one framework, or (``since`` and a directory or several paths) every
    framework file under the paths with itself at ``since``: 0, or 1 when a file now is not a valid framework."""
    from ladder.logic.changes import compare
    from ladder.logic.diff import MAX_PAIRS
    from ladder.render.registry import renderer

    if since is not None and (len(paths) > 1 or Path(paths[0]).is_dir()):
        return _batch(paths, since, fmt, extra, out)
    if len(paths) > 2:
        raise UsageError("give two versions of one framework, or paths with --since REV",
                         "ladder changes OLD.yaml NEW.yaml, or ladder changes frameworks/ --since main")
    before, before_name, after, after_name = versions(paths[0], paths[1] if len(paths) > 1 else None, since, extra)
    result = compare(before.model, after.model, before_name, after_name)
    if not result.pairing:
        err.write(f"note: reworded expectations are not paired: more than {MAX_PAIRS:,} pairs to compare; "
                  "they are shown as added and removed\n")
    renderer("changes", fmt, out).one(result)
    return 0


def _batch(paths: list[str], since: str, fmt: str, extra: list[str], out: TextIO) -> int:
    from collections import Counter

    from ladder.load.git import short
    from ladder.render.registry import renderer

    reporter = renderer("changes", fmt, out)
    counts: Counter[str] = Counter()
    for entry in batch(paths, since, extra):
        counts[entry.status] += 1
        reporter.row(entry)
    reporter.finish(BatchSummary(short(since), dict(counts)))
    return 1 if counts[INVALID] else 0


CHANGED, UNCHANGED, ADDED, REMOVED, INVALID = "changed", "unchanged", "added", "removed", "invalid"


class BatchEntry(NamedTuple):
    """One framework file of ``ladder changes PATH... --since REV``: how it differs from its version at REV."""

    file: str
    status: str  # changed, unchanged, added (not at REV), removed (not now), invalid (cannot be read now)
    changes: Changes | None = None
    message: str = ""  # added: the framework's id and name; invalid: the first problem


class BatchSummary(NamedTuple):
    since: str
    counts: dict[str, int]


def batch(paths: list[str], since: str, extra: list[str]) -> Iterator[BatchEntry]:
    """Every *.yaml / *.yml file under ``paths`` (files named are taken as they are), now or at ``since``,
    one at a time, in path order."""
    from ladder.load.git import load_at, short
    from ladder.logic.changes import compare

    rev = short(since)
    for path, then in _paths(paths, since, extra):
        name = display_path(str(path))
        problem = getattr(path, "problem", None)  # a link out of the directory (workspace.RefusedPath): not read
        if problem is not None:
            yield BatchEntry(name, INVALID, message=str(problem))
            continue
        if not (path.exists() or path.is_symlink()):
            yield BatchEntry(name, REMOVED, message=f"not in the work tree; it was at {rev}")
            continue
        try:
            after = _open_framework(path, extra)
        except InvalidFile as exc:
            yield BatchEntry(name, INVALID, message=str(exc.problems[0]))
            continue
        if not then:
            framework = after.model
            yield BatchEntry(name, ADDED, message=f"new: {framework.id}, {framework.name}, "
                                                  f"{len(framework.levels)} level(s); not at {rev}")
            continue
        try:
            before = load_at(path, since)
        except InvalidFile as exc:
            yield BatchEntry(name, INVALID, message=f"its version at {rev} cannot be read: {exc.problems[0]}")
            continue
        if before.model.id != after.model.id:
            yield BatchEntry(name, INVALID, message=f"its id was '{before.model.id}' at {rev} and is "
                                                    f"'{after.model.id}' now: not versions of one framework")
            continue
        result = compare(before.model, after.model, f"{rev}:{name}", name)
        yield BatchEntry(name, UNCHANGED if result.is_empty else CHANGED, result)


def _paths(paths: list[str], since: str, extra: list[str]) -> list[tuple[Path, bool]]:
    """(file, whether it is in revision ``since``) for each file named, and under each directory named,
    the *.yaml / *.yml files there now (links refused as `ladder validate` refuses them) or at ``since``;
    an organisation id is its framework file."""
    from ladder.load.git import files_at
    from ladder.load.workspace import expand, resolve
    from ladder.paths import YAML_SUFFIXES, looks_like_path

    out: dict[str, tuple[Path, bool]] = {}
    listed: dict[str, set[str]] = {}  # directory -> its files at the revision: one git call per directory

    def at(folder: Path) -> set[str]:
        key = str(folder)
        if key not in listed:
            listed[key] = set(files_at(folder, since)) if folder.is_dir() else set()
        return listed[key]

    for name in paths:
        folder = Path(name) if looks_like_path(name) or Path(name).is_dir() else resolve(name, extra)
        if not folder.is_dir():
            parent = folder.parent if str(folder.parent) else Path(".")
            then = folder.name in at(parent)
            if not (folder.exists() or folder.is_symlink()) and not then:
                raise UsageError(f"no such file or directory '{shown(name)}' (now or at {shown(since)})",
                                 "check the path")
            out.setdefault(str(folder), (folder, then))
            continue
        before = at(folder)
        for path in expand([name]):
            out.setdefault(str(path), (path, path.relative_to(folder).as_posix() in before))
        for relative in sorted(before):
            if relative.endswith(YAML_SUFFIXES):
                out.setdefault(str(folder / relative), (folder / relative, True))
    return [out[key] for key in sorted(out)]


def _open_framework(path: Path, extra: list[str]) -> Loaded:
    from ladder.load.workspace import open_framework

    return open_framework(str(path), extra)
