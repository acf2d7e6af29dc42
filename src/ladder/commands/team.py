"""`ladder team`: score every assessment as `ladder assess` does, keep the team's figures, report them.

Files are read one at a time (a bad one is reported on stderr as it is met, and left out); only
``logic.team`` figures are kept per file, so memory follows the number of people, not of files'
contents. One framework per report: files of several frameworks are an error unless
``--per-framework`` asks for one report each.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ladder.errors import InvalidFile, Problem, UsageError, listing, shown

if TYPE_CHECKING:
    from ladder.logic.scoring import Settings
    from ladder.logic.team import Team


class Gathered:
    """What one `ladder team` run read: a Team per framework, the problems of files left out, the files."""

    def __init__(self) -> None:
        self.teams: dict[str, Team] = {}  # by the framework file's resolved path
        self.problems: list[Problem] = []
        self.inputs: list[str] = []  # every file read: -o may never name one of them

    @property
    def left_out(self) -> int:
        """Files left out: each unreadable or invalid file once, and each duplicate assessment."""
        bad = {p.location.file for p in self.problems if p.severity == "error"}
        return len(bad) + sum(1 for t in self.teams.values() for p in t.problems if p.severity == "error")


def build(files: list[Path], settings: Settings, extra: list[str], err: TextIO) -> Gathered:
    """Score each file into its framework's Team, reporting each problem on ``err`` as it is met."""
    from ladder.commands.assess import PROGRESS_MIN_FILES, assess_loaded
    from ladder.logic.team import Team

    gathered = Gathered()
    cache: dict[str, Any] = {}  # filled by assess_loaded: each framework file read, by resolved path
    items: Iterable[Path] = files
    say: TextIO | _Current = err
    if len(files) >= PROGRESS_MIN_FILES and err.isatty():
        from ladder.render.assess_text import with_progress

        items = with_progress(files, len(files))
        say = _Current()  # the bar redirects sys.stderr while it runs: write through it, not around it
    for path in items:
        gathered.inputs.append(str(path))
        try:
            result, loaded, framework = assess_loaded(path, settings, extra, cache, carry=True)
        except InvalidFile as exc:
            _report(exc.problems, say)
            gathered.problems += exc.problems
            continue
        key = next(k for k, v in cache.items() if v is framework)
        team = gathered.teams.get(key)
        if team is None:
            team = gathered.teams[key] = Team(framework.model, settings.threshold, settings.by)
        before = len(team.problems)
        team.add(result, loaded.model.assessor, loaded.document.locate(("date",)))
        _report(team.problems[before:], say)
    gathered.inputs += list(cache)
    return gathered


class _Current:
    """sys.stderr as it is at each write (a progress bar swaps it for its own while it runs)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)


def _report(problems: list[Problem], err: TextIO | _Current) -> None:
    for problem in problems:
        err.write(f"{problem}\n")


def run(paths: list[Path], fmt: str, settings: Settings, anonymise: bool, per_framework: bool,
        output: Path | None, force: bool, extra: list[str], out: TextIO, err: TextIO) -> int:
    """The team report: 0 every file counted, 1 some left out (each reported), 2 nothing to report on."""
    from ladder.commands.assess import assessment_files
    from ladder.render.data import problem_dict

    if output is not None and fmt != "html":
        raise UsageError("-o is for --format html", "redirect other formats: ladder team DIR > out")
    found = assessment_files([str(p) for p in paths])
    if not found:
        err.write("ladder: no *.yaml or *.yml files found under the given paths\n")
        return 2
    done = build(found, settings, extra, err)
    teams = sorted(done.teams.values(), key=lambda t: (t.framework.id, t.framework.name))
    if not teams:
        err.write(f"ladder: no assessment could be scored ({len(found)} file(s) left out, see above)\n")
        return 1
    if len(teams) > 1 and not per_framework:
        ids = [t.framework.id for t in teams]
        where = {id(t): path for path, t in done.teams.items()}
        # two files of one id (an edited copy beside the original) are told apart by their paths
        counts = [f"{t.framework.id} ({t.files} file(s))" if ids.count(t.framework.id) == 1
                  else f"{t.framework.id} at {shown(where[id(t)], 200)} ({t.files} file(s))" for t in teams]
        raise UsageError(f"these assessments use {len(teams)} frameworks: {listing(counts)}",
                         "a team report is of one framework: add --per-framework for one report each, "
                         "or give the files of one framework")
    shared = [problem_dict(p) for p in done.problems]  # files no framework was found for
    # one report holds them; --per-framework lists them once, beside the reports
    reports = [team.data([] if per_framework else shared) for team in teams]
    for team, report in zip(teams, reports):
        report["problems"] = report["problems"] + [problem_dict(p) for p in team.problems]
    grouped: list[dict[str, Any]] | None = shared if per_framework else None
    if anonymise:
        from ladder.logic.anonymise import Pseudonyms

        names = Pseudonyms(reports)
        reports = [names.report(r) for r in reports]
        grouped = None if grouped is None else [names.problem(p) for p in grouped]
    people = sum(len(t.people) for t in teams)
    err.write(f"team: {len(found)} file(s) read, {people} people, {done.left_out} file(s) left out"
              f"{' (each reported above)' if done.left_out else ''}\n")
    _write(reports, grouped, fmt, output, force, done.inputs, out, err)
    return 1 if done.left_out else 0


def _write(reports: list[dict[str, Any]], grouped: list[dict[str, Any]] | None, fmt: str, output: Path | None,
           force: bool, inputs: list[str], out: TextIO, err: TextIO) -> None:
    """Render the reports to ``out``, or (html) atomically to ``output``. ``grouped``: --per-framework's
    problems of files no framework could be named for (None: one report, its problems inside it)."""
    from io import StringIO

    from ladder.render.registry import renderer

    if output is None:
        renderer("team", fmt, out, grouped=grouped).one(reports)
        return
    from ladder.signatures import TEAM_GENERATOR
    from ladder.write.file import write_atomic

    page = StringIO()
    renderer("team", fmt, page, grouped=grouped).one(reports)
    write_atomic(output, page.getvalue(), force, inputs, ours=TEAM_GENERATOR)
    err.write(f"wrote {shown(output, 1000)}\n")
