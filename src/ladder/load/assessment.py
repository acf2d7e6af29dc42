"""Reading assessment files and the framework each names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ladder.errors import InvalidFile, UsageError, shown
from ladder.models.assessment import Assessment

if TYPE_CHECKING:
    from ladder.load.document import Loaded


def load_assessment(path: str | Path, max_bytes: int | None = None) -> Loaded:
    """Read and validate one assessment file (located InvalidFile on any fault)."""
    from ladder.load.document import Loaded
    from ladder.load.loader import load_document, validate
    from ladder.load.text import DEFAULT_MAX_BYTES

    document = load_document(path, max_bytes or DEFAULT_MAX_BYTES)
    return Loaded(validate(Assessment, document), document)


def framework_name(assessment: Assessment, assessment_path: str | Path) -> str:
    """The framework an assessment names: an organisation id, or a path made relative to the assessment file."""
    from ladder.paths import looks_like_path

    name = assessment.framework
    if looks_like_path(name) and not Path(name).is_absolute():
        return str(Path(assessment_path).parent / name)
    return name


def open_assessment(path: str | Path, extra: list[str] | None = None,
                    cache: dict[str, Loaded] | None = None) -> tuple[Loaded, Loaded]:
    """Load an assessment and the framework it names: (Loaded assessment, Loaded framework).

    An unknown framework is an error located at the file's ``framework`` key. ``cache``
    keeps frameworks already opened, by path, so a batch parses each one once.
    """
    from ladder.load.workspace import open_framework, resolve
    from ladder.paths import YAML_SUFFIXES

    loaded = load_assessment(path)
    try:
        framework_path = resolve(framework_name(loaded.model, path), extra)
    except UsageError as exc:  # a bad name inside a file is bad input, not bad usage
        raise InvalidFile(exc.message, loaded.document.locate(("framework",)), exc.hint) from None
    key = os.path.realpath(framework_path)  # never raises on a symlink loop: the loader reports it
    if not key.endswith(YAML_SUFFIXES):
        # An assessment may come from anyone (a pull request): its framework key must not make ladder
        # read, and quote back in error messages, a file that is not a framework (/etc/shadow, /proc/...).
        raise InvalidFile(f"'{shown(loaded.model.framework)}' is not a .yaml or .yml file once links are followed",
                          loaded.document.locate(("framework",)), "name a framework file or an organisation id")
    cache = {} if cache is None else cache
    if key not in cache:
        cache[key] = open_framework(str(framework_path), extra)
    return loaded, cache[key]
