"""`ladder migrate`: an assessment carried to a later version of its framework, to stdout or a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ladder.errors import InvalidFile, UsageError, display_path, shown

if TYPE_CHECKING:
    from ladder.load.document import Loaded
    from ladder.logic.migrate import Migration


def _named(loaded: Loaded, path: Path, new: Loaded, extra: list[str]) -> tuple[str | None, Loaded | None]:
    """(id, framework) the assessment names, where they can be read: an id is its own answer; a path
    that is gone or broken gives (None, None), and the --from and --to ids are compared instead.
    Where it names NEW's own file, that is NEW (read once)."""
    import os

    from ladder.load.assessment import framework_name
    from ladder.load.loader import load_framework
    from ladder.load.workspace import resolve
    from ladder.paths import looks_like_path

    name = framework_name(loaded.model, path)
    try:
        found = resolve(name, extra)
        same = os.path.realpath(found) == os.path.realpath(new.document.file)
        framework = new if same else load_framework(found)
    except (InvalidFile, UsageError, OSError):
        return (None if looks_like_path(name) else name), None
    named: str = framework.model.id
    return named, framework


def earlier(assessment: Loaded, to: Loaded, since: str | None, named: Loaded | None,
            extra: list[str]) -> tuple[Loaded, str]:
    """The version the assessment was written against, and its name: --from; else the framework the
    assessment names, where its fingerprint is the one recorded; else the revision git has with it."""
    from ladder.commands.versions import find_version
    from ladder.load.git import short
    from ladder.logic.fingerprint import fingerprint

    if since is not None:
        old = _open(since, extra)
        return old, old.document.file
    recorded = assessment.model.framework_fingerprint
    if recorded is None:
        raise UsageError(f"{shown(assessment.document.file)} records no framework_fingerprint (it was not made by "
                         "`ladder template`, or before versions were recorded), so its version cannot be found",
                         "give the version it was written against: --from OLD.yaml")
    if named is not None and fingerprint(named.model) == recorded:
        return named, named.document.file
    found = find_version(to.document.file, recorded)
    if found is None:
        raise UsageError(f"no revision of {shown(to.document.file)} in git has the fingerprint {recorded} that "
                         f"{shown(assessment.document.file)} records",
                         "give the version it was written against: --from OLD.yaml (or `git show REV:FILE > OLD.yaml`)")
    revision, old = found
    return old, f"{short(revision)}:{to.document.file}"


def _open(name: str, extra: list[str]) -> Loaded:
    from ladder.load.workspace import open_framework

    return open_framework(name, extra)


def run(file: Path, to: str, since: str | None, output: Path | None, force: bool, extra: list[str], out: TextIO,
        err: TextIO) -> int:
    """Migrate one assessment; the summary on ``err``. Nothing is written on any error."""
    from ladder.checks.assessment import check_assessment
    from ladder.load.assessment import load_assessment
    from ladder.logic.changes import compare
    from ladder.logic.fingerprint import fingerprint
    from ladder.logic.migrate import migrate
    from ladder.logic.template import framework_reference
    from ladder.signatures import MADE_BY_MIGRATE
    from ladder.write.file import write_atomic

    if file.is_dir():
        raise UsageError(f"{shown(str(file))} is a directory", "give one assessment file")
    loaded = load_assessment(file)
    new = _open(to, extra)
    named, named_framework = _named(loaded, file, new, extra)
    if named is not None and named != new.model.id:
        raise UsageError(f"{shown(str(file))} is an assessment against {shown(named)}, not {shown(new.model.id)}",
                         "give --to a version of the framework the assessment names")
    now = fingerprint(new.model)
    if loaded.model.framework_fingerprint == now:
        raise InvalidFile(f"{display_path(file)} is already written against this version of {new.model.id} "
                          f"(fingerprint {now}); nothing to migrate",
                          loaded.document.locate(("framework_fingerprint",)), "`ladder assess` it as it is")
    old, old_name = earlier(loaded, new, since, named_framework, extra)
    if old.model.id != new.model.id:
        raise UsageError(f"--from {shown(old.document.file)} is {shown(old.model.id)}, not {shown(new.model.id)}",
                         "give an earlier version of the same framework (the same id:)")
    if fingerprint(old.model) == now:
        raise UsageError(f"--from {shown(old.document.file)} and --to {shown(new.document.file)} are the same "
                         f"version of {new.model.id} (fingerprint {now})",
                         "give the version the assessment was written against")
    problems = [p for p in check_assessment(old.model, loaded.model, loaded.document.locate) if p.severity == "error"]
    if problems:
        raise InvalidFile(problems[0].message, problems=problems)

    changes = compare(old.model, new.model, old_name, new.document.file)
    reference = framework_reference(to, output) or new.model.id
    migration = migrate(loaded.model, changes, reference, MADE_BY_MIGRATE)
    _self_check(migration)
    inputs: list[str | Path | None] = [file, old.document.file, new.document.file]
    if output is None:
        out.write(migration.text)
    else:
        write_atomic(output, migration.text, force, inputs, ours=MADE_BY_MIGRATE)
    for line in summary(migration, display_path(file), old_name, new.document.file):
        err.write(line + "\n")
    if output is not None:
        err.write(f"wrote {shown(output, 1000)}\n")
    return 0


def _self_check(migration: Migration) -> None:
    """The text made must load as an assessment: anything else is a bug of ours (exit 3), never a bad file."""
    from ladder.load.loader import validate
    from ladder.load.yaml import parse_yaml
    from ladder.models.assessment import Assessment

    try:
        validate(Assessment, parse_yaml(migration.text, "<migrated>"))
    except InvalidFile as exc:
        raise RuntimeError(f"the migrated assessment does not load: {exc}") from None


_HOW = {"unchanged": "kept as it was", "moved": "moved", "reworded": "reworded", "archived": "archived"}


def summary(migration: Migration, file: str, old: str, new: str) -> list[str]:
    """What happened to each rating: counts first, then one line per rating that did not stay as it was."""
    from ladder.render.terminal import no_workflow_command, visible

    fates = migration.fates
    counts = {kind: sum(f.kind == kind for f in fates) for kind in _HOW}
    parts = [f"{n} {_HOW[kind]}" for kind, n in counts.items() if n]
    if migration.new_unrated:
        parts.append(f"{len(migration.new_unrated)} new expectation(s) not rated yet")
    lines = [f"migrated {file} ({old} → {new}): {', '.join(parts) or 'no ratings'}"]
    for fate in fates:
        what = "competency" if fate.competency else "rating"
        if fate.kind == "moved":
            where = f"to id {fate.new_id}" if fate.new_id != fate.old_id else f"to {fate.where}"
            lines.append(f"  {what} {fate.old_id}: moved {where}, kept")
        elif fate.kind == "reworded":
            now = f" (now {fate.new_id})" if fate.new_id != fate.old_id else ""
            lines.append(f"  {what} {fate.old_id}: reworded{now}, kept and flagged reconfirm: true")
        elif fate.kind == "archived":
            lines.append(f"  {what} {fate.old_id}: removed from the framework, kept under archived:")
    lines += [f"  new: {key}, not rated (listed as a comment to fill in)" for key in migration.new_unrated]
    lines += [f"  note: {note}" for note in migration.notes]
    return [no_workflow_command(visible(line)) for line in lines]
