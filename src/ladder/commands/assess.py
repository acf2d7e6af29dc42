"""`ladder assess`: load, score, compare with an earlier assessment, keep going over a batch."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ladder.errors import InvalidFile, Location, Problem, UsageError, display_path, shown
from ladder.load.assessment import open_assessment
from ladder.outcome import Outcome, keep_going

if TYPE_CHECKING:
    from ladder.load.document import Loaded
    from ladder.logic.changes import Changes
    from ladder.logic.scoring import Result, Settings
    from ladder.logic.since import History
    from ladder.logic.stale import FrameworkChanged
    from ladder.models.framework import Framework


def assess_file(path: str | Path, settings: Settings | None = None, extra: list[str] | None = None,
                cache: dict[str, Any] | None = None, carry: bool = False) -> Result:
    """Load, check and score one assessment file (InvalidFile with located problems on bad input)."""
    return assess_loaded(path, settings, extra, cache, carry)[0]


def assess_loaded(path: str | Path, settings: Settings | None = None, extra: list[str] | None = None,
                  cache: dict[str, Any] | None = None, carry: bool = False) -> tuple[Result, Loaded, Loaded]:
    """``assess_file``, with the loaded assessment and framework it scored (for `ladder team`).

    An assessment written against an earlier version of its framework is scored as it is (a rating
    of an id the framework no longer has does not count); with ``carry``, each rating of a re-id'd
    expectation is carried to its new id first, as `ladder migrate` would (to compare across versions)."""
    from ladder.logic.scoring import Settings, score
    from ladder.logic.stale import carried, notices, reconfirm, without_gone

    try:
        loaded, framework = open_assessment(path, extra, cache)
        changed = framework_changed(loaded, framework)
        assessment = loaded.model
        if changed is not None:
            assessment = carried(assessment, changed) if carry and changed.found else without_gone(assessment, changed)
        try:
            result = score(framework.model, assessment, settings or Settings(), loaded.document.locate, str(path))
        except InvalidFile as exc:
            if changed is None:
                raise
            raise InvalidFile(exc.message, problems=[*exc.problems, _stale_problem(loaded, changed, path)]) from None
    except RecursionError:  # the loader caps nesting; this is the last line of defence against a traceback
        raise InvalidFile("structure too deeply nested", Location(str(path))) from None
    result.framework_changed, result.reconfirm = changed, reconfirm(loaded.model)
    result.warnings += notices(changed, result.reconfirm, display_path(path), shown(loaded.model.framework, 200))
    return result, loaded, framework


def framework_changed(loaded: Loaded, framework: Loaded) -> FrameworkChanged | None:
    """None when the assessment's recorded fingerprint is the framework's (or it records none); else what
    changed for its ratings, from the version it was written against as git has it (looked up once per
    framework file, its modification time and the fingerprint, however many files a batch has)."""
    from ladder.logic import stale

    assessment = loaded.model
    if assessment.framework_fingerprint is None:
        return None
    now = _fingerprint(framework.model)
    if not stale.is_stale(assessment, framework.model, now):
        return None
    file = framework.document.file
    try:
        stamp = os.stat(file).st_mtime_ns
    except OSError:
        stamp = 0
    found = _earlier(file, stamp, str(assessment.framework_fingerprint), framework.model)
    if found is None:
        return stale.framework_changed(assessment, framework.model, None, now=now)
    revision, changes = found
    return stale.framework_changed(assessment, framework.model, changes, revision, now)


_FINGERPRINTS: dict[int, tuple[Framework, str]] = {}  # id of a loaded framework -> (it, kept alive; its fingerprint)


def _fingerprint(framework: Framework) -> str:
    """A loaded framework's fingerprint, computed once however many assessments of a batch name it."""
    from ladder.logic.fingerprint import fingerprint

    known = _FINGERPRINTS.get(id(framework))
    if known is None or known[0] is not framework:
        known = _FINGERPRINTS[id(framework)] = (framework, fingerprint(framework))
    return known[1]


_EARLIER: dict[tuple[str, int, str], tuple[str, Changes] | None] = {}


def _earlier(file: str, stamp: int, fingerprint: str, framework: Framework) -> tuple[str, Changes] | None:
    """(revision, changes from it to ``framework``) of the framework file's version with ``fingerprint``:
    git runs once per file, modification time (an edited file is looked up again) and fingerprint."""
    from ladder.commands.versions import find_version
    from ladder.load.git import short
    from ladder.logic.changes import compare

    key = (file, stamp, fingerprint)
    if key not in _EARLIER:
        found = find_version(file, fingerprint)
        _EARLIER[key] = None if found is None else (short(found[0]), compare(found[1].model, framework))
    return _EARLIER[key]


def _stale_problem(loaded: Loaded, changed: FrameworkChanged, path: str | Path) -> Problem:
    where = loaded.document.locate(("framework_fingerprint",))
    return Problem(where, f"this assessment was written against an earlier version of {changed.framework} "
                          f"(fingerprint {changed.from_fingerprint}; now {changed.to_fingerprint}), so ids it rates "
                          f"may have moved or gone; `ladder migrate {display_path(path)} --to "
                          f"{shown(loaded.model.framework, 200)} --from OLD.yaml` carries its ratings to the version "
                          "it names now", "warning", "framework-changed")


def assessment_files(paths: list[str]) -> list[Path]:
    """The files named, and *.yaml / *.yml files under directories named (UsageError for a missing path).

    A symbolic link under a directory that leaves it, or leads to a file that is not .yaml / .yml,
    comes back as a registry.RefusedPath: assess_files reports it as that file's problem (opening
    it raises the located InvalidFile) and never reads what it points to.
    """
    from ladder.load.workspace import expand

    for name in paths:
        if not Path(name).exists():
            raise UsageError(f"no such file or directory '{name}'", "check the path")
    return list(expand(paths))


def assess_files(files: Iterable[Path], settings: Settings | None = None,
                 extra: list[str] | None = None) -> Iterator[Outcome]:
    """Score files one at a time, yielding each outcome as it is ready; a bad file never stops the others."""
    cache: dict[str, Any] = {}
    return keep_going(files, lambda path: assess_file(path, settings, extra, cache))


def assess_since(old_path: str | Path, new: Result, settings: Settings | None = None,
                 extra: list[str] | None = None) -> History:
    """Score an earlier assessment of the same person to the same target and compare it with ``new``."""
    from ladder.logic.scoring import Settings
    from ladder.logic.since import compare
    from ladder.logic.stale import crossing

    old = assess_file(old_path, (settings or Settings())._replace(target=new.target), extra, carry=True)
    if " ".join(old.person.casefold().split()) != " ".join(new.person.casefold().split()):
        raise UsageError(f"--since {old_path} assesses '{old.person}', not '{new.person}'",
                         "compare two assessments of the same person")
    if old.framework != new.framework:
        raise UsageError(f"--since {old_path} uses framework {old.framework}, not {new.framework}",
                         "compare assessments against the same framework")
    history = compare(old, new)
    history.crosses = crossing(old.framework_changed, new.framework_changed)
    return history


PROGRESS_MIN_FILES = 20  # below this a progress bar only flickers


def run(files: list[Path], fmt: str, settings: Settings, explain: bool, since: Path | None, output: Path | None,
        force: bool, extra: list[str], out: TextIO, err: TextIO) -> int:
    """One file in full (or its problems), or a batch row by row: 0 all scored, 1 any invalid, 2 nothing found."""
    from ladder.render.registry import renderer

    if fmt == "html":
        return _report(files, settings, extra, output, force, out, err)
    if output is not None:
        raise UsageError("-o is for --format html", "redirect other formats: ladder assess FILE > out")
    reporter = renderer("assess", fmt, out, explain=explain)
    found = assessment_files([str(f) for f in files])
    if not found:
        err.write("ladder: no *.yaml or *.yml files found under the given paths\n")
        return 2
    if len(files) == 1 and not files[0].is_dir():
        try:
            result = assess_file(found[0], settings, extra)
        except InvalidFile as exc:
            if fmt != "json":
                raise
            # one JSON shape for one file or many: the document says which file failed, and why
            reporter.row(Outcome(str(found[0]), problems=exc.problems))
            reporter.finish()
            return 1
        reporter.one(result, history=assess_since(since, result, settings, extra) if since is not None else None)
        return 0
    if since is not None or explain:
        raise UsageError("--since and --explain work on one assessment file", "give a single FILE")
    outcomes = assess_files(found, settings, extra)
    if len(found) >= PROGRESS_MIN_FILES and err.isatty():
        from ladder.render.assess_text import with_progress

        outcomes = with_progress(outcomes, len(found))
    failed = False
    for outcome in outcomes:
        reporter.row(outcome)
        failed = failed or outcome.result is None
    reporter.finish()
    return 1 if failed else 0


def _report(files: list[Path], settings: Settings, extra: list[str], output: Path | None, force: bool,
            out: TextIO, err: TextIO) -> int:
    """One assessment as a self-contained HTML report, to ``output`` (atomically) or ``out``."""
    from io import StringIO

    from ladder.render.registry import renderer
    from ladder.signatures import REPORT_GENERATOR
    from ladder.write.file import write_atomic

    if len(files) != 1 or files[0].is_dir():
        raise UsageError("--format html reports on one assessment file", "give a single FILE")
    frameworks: dict[str, Any] = {}  # filled by assess_file: the framework files it read, by resolved path
    result = assess_file(files[0], settings, extra, frameworks)
    if output is None:
        renderer("assess", "html", out).one(result)
        return 0
    page = StringIO()
    renderer("assess", "html", page).one(result)
    write_atomic(output, page.getvalue(), force, [files[0], *frameworks], ours=REPORT_GENERATOR)
    err.write(f"wrote {shown(output, 1000)}\n")
    return 0
