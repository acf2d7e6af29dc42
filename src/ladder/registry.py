"""Where files are found: framework ids (a path, LADDER_PATH directories, then the bundled set)
and the YAML files under the paths a batch command is given."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .errors import UsageError, closest, listing, shown

YAML_SUFFIXES = (".yaml", ".yml")


def expand(paths: Iterable[str]) -> Iterator[Path]:
    """Files named, and *.yaml / *.yml files under directories named, in sorted order."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                # Anything but a directory is read: the loader reports a dangling or looping link,
                # a FIFO or a device, rather than it being silently skipped.
                if child.suffix in YAML_SUFFIXES and not child.is_dir():
                    yield child
        else:
            yield path


def bundled_dir() -> Path:
    """The frameworks shipped with ladder: in the wheel, or the checkout's top-level frameworks/."""
    here = Path(__file__).resolve().parent
    packaged = here / "frameworks"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "frameworks"


def search_dirs(extra: Optional[list[str]] = None) -> list[Path]:
    """Directories searched for organisation ids, in priority order."""
    dirs = [Path(d) for d in (extra or [])]
    dirs += [Path(d) for d in os.environ.get("LADDER_PATH", "").split(os.pathsep) if d]
    dirs.append(bundled_dir())
    return dirs


def available(extra: Optional[list[str]] = None) -> Iterator[tuple[str, Path]]:
    """(id, path) of every framework file found, first one of a given id wins."""
    seen: set[str] = set()
    for directory in search_dirs(extra):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix in YAML_SUFFIXES and path.is_file() and path.stem not in seen:
                seen.add(path.stem)
                yield path.stem, path


def looks_like_path(name: str) -> bool:
    """A name with a separator or a YAML suffix is a path, not an organisation id."""
    return os.sep in name or "/" in name or name.endswith(YAML_SUFFIXES)


def resolve(name: str, extra: Optional[list[str]] = None) -> Path:
    """The file for an organisation id or a path; UsageError listing the choices otherwise."""
    if looks_like_path(name):
        path = Path(name)
        if not os.path.lexists(path):  # a broken or looping link exists: the loader says what is wrong
            raise UsageError(f"no such framework file '{name}'", "check the path")
        return path
    found = dict(available(extra))
    if name in found:
        return found[name]
    lowered = {key.casefold(): key for key in found}
    if name.casefold() in lowered:
        return found[lowered[name.casefold()]]
    near = closest(name, found)
    hint = f"did you mean {near}? " if near else ""
    choices = listing(sorted(found)) or "none found"
    raise UsageError(
        f"unknown organisation '{shown(name)}'",
        f"{hint}frameworks are {choices} (or give a path to a YAML file; LADDER_PATH adds directories)",
    )


def open_framework(name: str, extra: Optional[list[str]] = None):  # -> Loaded
    """Resolve, load and check a framework; errors (not warnings) make it unusable."""
    from .checks import check_framework
    from .errors import InvalidFile
    from .loader import load_framework

    loaded = load_framework(resolve(name, extra))
    errors = [p for p in check_framework(loaded.model, loaded.document.locate) if p.severity == "error"]
    if errors:
        raise InvalidFile(errors[0].message, problems=errors)
    return loaded
