"""Finding the version of a framework an assessment was written against, in the framework's git history."""

from __future__ import annotations

from pathlib import Path

from ladder.errors import InvalidFile, UsageError
from ladder.load.document import Loaded
from ladder.load.git import MAX_HISTORY, history, load_at


def find_version(path: str | Path, fingerprint: str, limit: int = MAX_HISTORY) -> tuple[str, Loaded] | None:
    """The newest revision of framework ``path`` whose content fingerprint is ``fingerprint``, if git has one.

    None when ``path`` is not in a git repository or no revision of the last ``limit`` matches.
    Revisions that do not parse or validate are passed over (an old version may predate a rule)."""
    from ladder.logic.fingerprint import fingerprint as of

    try:
        revisions = list(history(path, limit))
    except UsageError:
        return None
    for revision in revisions:
        try:
            loaded = load_at(path, revision)
        except (InvalidFile, UsageError):
            continue
        if of(loaded.model) == fingerprint:
            return revision, loaded
    return None
