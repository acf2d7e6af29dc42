"""`ladder assess`: load, score, compare with an earlier assessment, keep going over a batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ladder.errors import InvalidFile, Location, UsageError
from ladder.load.assessment import open_assessment
from ladder.outcome import Outcome

if TYPE_CHECKING:
    from ladder.logic.scoring import Result, Settings
    from ladder.logic.since import History


def assess_file(path: str | Path, settings: Settings | None = None, extra: list[str] | None = None,
                cache: dict[str, Any] | None = None) -> Result:
    """Load, check and score one assessment file (InvalidFile with located problems on bad input)."""
    from ladder.logic.scoring import Settings, score

    try:
        loaded, framework = open_assessment(path, extra, cache)
        return score(framework.model, loaded.model, settings or Settings(), loaded.document.locate, str(path))
    except RecursionError:  # the loader caps nesting; this is the last line of defence against a traceback
        raise InvalidFile("structure too deeply nested", Location(str(path))) from None


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
    for path in files:
        try:
            yield Outcome(str(path), assess_file(path, settings, extra, cache))
        except InvalidFile as exc:
            yield Outcome(str(path), problems=exc.problems)


def assess_since(old_path: str | Path, new: Result, settings: Settings | None = None,
                 extra: list[str] | None = None) -> History:
    """Score an earlier assessment of the same person to the same target and compare it with ``new``."""
    from ladder.logic.scoring import Settings
    from ladder.logic.since import compare

    old = assess_file(old_path, (settings or Settings())._replace(target=new.target), extra)
    if " ".join(old.person.casefold().split()) != " ".join(new.person.casefold().split()):
        raise UsageError(f"--since {old_path} assesses '{old.person}', not '{new.person}'",
                         "compare two assessments of the same person")
    if old.framework != new.framework:
        raise UsageError(f"--since {old_path} uses framework {old.framework}, not {new.framework}",
                         "compare assessments against the same framework")
    return compare(old, new)
