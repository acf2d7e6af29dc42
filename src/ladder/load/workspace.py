"""Where files are found: framework ids (a path, LADDER_PATH directories, then the bundled set)
and the YAML files under the paths a batch command is given."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ladder.errors import InvalidFile, Location, Problem, UsageError, closest, folded, listing, shown
from ladder.paths import YAML_SUFFIXES, looks_like_path

if TYPE_CHECKING:
    from ladder.load.document import Loaded

LINK_RULE = "link"


LINK_HINT = "replace the link with the file itself, or name the file directly on the command line"


DIRECTORY_LINK_HINT = "move the files into the tree, or name that directory directly on the command line"


if TYPE_CHECKING:
    _ConcretePath = Path
else:
    _ConcretePath = type(Path())  # PosixPath / WindowsPath: Path is not subclassable in 3.10


class RefusedPath(_ConcretePath):
    """A file found while scanning a directory that ladder will not read: a symbolic link out of
    the scanned tree, or to something that is not a .yaml / .yml file.

    It carries the located Problem saying so, and opening it in any way (everything that takes a
    path calls ``os.fspath``) raises that Problem as an InvalidFile: a command that has no check of
    its own reports the link as a bad file, and cannot read what it points to by mistake.
    """

    problem: Problem | None = None  # None on paths derived from it (.parent, /): those are ordinary

    def __fspath__(self) -> str:
        if self.problem is not None:
            raise InvalidFile(self.problem.message, problems=[self.problem])
        return super().__fspath__()


def _refused(path: Path, message: str, hint: str = LINK_HINT) -> RefusedPath:
    refused = RefusedPath(str(path))
    refused.problem = Problem(Location(str(path)), f"{message}; {hint}", "error", LINK_RULE)
    return refused


def _inside(target: str, root: str) -> bool:
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # another drive, or a relative path against an absolute one
        return False


def checked_link(link: Path, root: str, scanned: Path) -> Path | None:
    """A symbolic link met while scanning ``scanned`` (whose real path is ``root``): the link itself
    if it may be read, None for a link to a directory inside the tree (its files are found where
    they really are), or a RefusedPath.

    The target's path is never put in a message (it may be sensitive); only whether it leaves the tree.
    A dangling or looping link is passed on: the loader says what is wrong without reading anything.
    """
    target = os.path.realpath(link)  # never raises: a loop resolves to where it loops
    try:
        info: os.stat_result | None = os.stat(target)
    except OSError:  # dangling, a loop, or an unreadable directory on the way
        info = None
    base = str(scanned).rstrip(os.sep)
    where = f"{shown(base, 300)}{os.sep}" if base else os.sep
    if not _inside(target, root):
        # The same words whether the target exists or not: a message must not tell what is out there.
        if link.suffix not in YAML_SUFFIXES:  # only a link to a directory is a candidate without the suffix
            return _refused(link, f"symbolic link to a directory outside the scanned directory {where}; not searched "
                                  "(a link found while scanning a directory must stay inside it)", DIRECTORY_LINK_HINT)
        return _refused(link, f"symbolic link leading outside the scanned directory {where}; not read "
                              "(a link found while scanning a directory must stay inside it)")
    if info is None:
        return link
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return _refused(link, "symbolic link to something that is not a regular file (a device, FIFO or "
                              "socket); not read")
    if not target.endswith(YAML_SUFFIXES):
        return _refused(link, "symbolic link to a file that is not a .yaml or .yml file; not read "
                              "(a link found while scanning a directory must lead to a framework file)")
    return link


def _scan(directory: Path) -> list[Path]:
    """*.yaml / *.yml files under a directory, links checked, each directory visited once."""
    root = os.path.realpath(directory)
    found: list[Path] = []
    pending = [directory]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                children = [(entry.name, entry.is_symlink()) for entry in entries]
        except OSError:  # an unreadable subdirectory is skipped, as before
            continue
        for name, is_link in children:
            child = current / name
            if is_link:
                if child.suffix not in YAML_SUFFIXES and not os.path.isdir(child):
                    continue  # a link to a file of another kind: not a candidate, as a plain file is not
                checked = checked_link(child, root, directory)
                if checked is not None:
                    found.append(checked)
            elif child.is_dir():  # a real directory: links are never followed, so nothing loops
                pending.append(child)
            elif child.suffix in YAML_SUFFIXES:
                # Anything but a directory is read: the loader reports a FIFO or a device rather
                # than it being silently skipped.
                found.append(child)
    return sorted(found)


def expand(paths: Iterable[str]) -> Iterator[Path]:
    """Files named, and *.yaml / *.yml files under directories named, in sorted order.

    A symbolic link found under a directory must stay inside that directory's real tree and lead to
    a .yaml / .yml file; otherwise it comes back as a RefusedPath (reported, never opened). A file
    named on the command line is taken as it is: the user chose it.
    """
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from _scan(path)
        else:
            yield path


def bundled_dir() -> Path:
    """The frameworks shipped with ladder: in the wheel, or the checkout's top-level frameworks/."""
    here = Path(__file__).resolve().parent.parent  # the ladder package (this module is in ladder/load/)
    packaged = here / "frameworks"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "frameworks"


def search_dirs(extra: list[str] | None = None) -> list[Path]:
    """Directories searched for organisation ids, in priority order."""
    dirs = [Path(d) for d in (extra or [])]
    dirs += [Path(d) for d in os.environ.get("LADDER_PATH", "").split(os.pathsep) if d]
    dirs.append(bundled_dir())
    return dirs


def available(extra: list[str] | None = None) -> Iterator[tuple[str, Path]]:
    """(id, path) of every framework file found, first one of a given id wins. A symbolic link that
    leaves its directory, or leads to something not .yaml / .yml, is a RefusedPath (see expand)."""
    seen: set[str] = set()
    for directory in search_dirs(extra):
        if not directory.is_dir():
            continue
        root = os.path.realpath(directory)
        for path in sorted(directory.iterdir()):
            if path.suffix not in YAML_SUFFIXES or path.stem in seen:
                continue
            if path.is_symlink():
                # out of the directory, or not to a .yaml file: a RefusedPath that claims the id
                # and is reported where it is used, never read
                checked = checked_link(path, root, directory)
                if checked is None:
                    continue
                path = checked  # noqa: PLW2901 - the link stands for what it was checked to be
            elif not path.is_file():
                continue
            seen.add(path.stem)
            yield path.stem, path


def resolve(name: str, extra: list[str] | None = None) -> Path:
    """The file for an organisation id or a path; UsageError listing the choices otherwise."""
    if looks_like_path(name):
        path = Path(name)
        if not os.path.lexists(path):  # a broken or looping link exists: the loader says what is wrong
            raise UsageError(f"no such framework file '{name}'", "check the path")
        return path
    found = dict(available(extra))
    # case-insensitive and NFC: a file system (macOS) or a keyboard may give either form of 'é'
    lowered = {folded(key): key for key in found}
    if name in found or folded(name) in lowered:
        path = found[name] if name in found else found[lowered[folded(name)]]
        if isinstance(path, RefusedPath) and path.problem is not None:
            raise InvalidFile(path.problem.message, problems=[path.problem])  # the id is a link: not read
        return path
    near = closest(name, found)
    hint = f"did you mean {near}? " if near else ""
    choices = listing(sorted(found)) or "none found"
    raise UsageError(
        f"unknown organisation '{shown(name)}'",
        f"{hint}frameworks are {choices} (or give a path to a YAML file; LADDER_PATH adds directories)",
    )


def open_framework(name: str, extra: list[str] | None = None) -> Loaded:
    """Resolve, load and check a framework; errors (not warnings) make it unusable."""
    from ladder.checks.framework import check_framework
    from ladder.errors import InvalidFile
    from ladder.load.loader import load_framework

    loaded = load_framework(resolve(name, extra))
    errors = [p for p in check_framework(loaded.model, loaded.document.locate) if p.severity == "error"]
    if errors:
        raise InvalidFile(errors[0].message, problems=errors)
    return loaded
