"""One small exception family. Inner code raises; only the CLI catches."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]

# Value records are NamedTuples, not frozen dataclasses: a dataclass costs ~0.8 ms to create
# at import, and these modules are imported by every command (start-up is felt in hooks).


class Location(NamedTuple):
    """Where a problem is: a file, a 1-based line and column, and the key path inside the document."""

    file: str
    line: int = 0
    col: int = 0
    path: str = ""

    def __str__(self) -> str:
        file = display_path(self.file)
        if self.line:
            return f"{file}:{self.line}:{self.col}"
        return file


class Problem(NamedTuple):
    """One thing wrong (or odd) with an input, with where it is."""

    location: Location
    message: str
    severity: Severity = "error"
    rule: str = ""

    def __str__(self) -> str:
        # one line whatever the input: the key path and message can quote a key or value from the file
        where = f"{self.location.path}: " if self.location.path else ""
        rule = f" ({self.rule})" if self.rule else ""
        return f"{self.location}: {self.severity}: {where}{self.message}{rule}".translate(_CONTROLS)


class LadderError(Exception):
    """Base of every error the tool reports to a user. ``exit_code`` 1 is bad input, 2 is bad usage."""

    def __init__(self, message: str, location: Location | None = None, hint: str = "", exit_code: int = 1,
                 problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.exit_code = exit_code
        if not problems:
            loc = location or Location("<input>")
            problems = [Problem(loc, f"{message}; {hint}" if hint else message, "error", "")]
        self.problems: list[Problem] = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)  # each Problem is one line (see Problem.__str__)


# Characters that never reach an output line as themselves, with the visible escape shown instead: C0 and C1
# controls (a new line, a terminal escape), bidi overrides and isolates (text that reads other than it is
# stored) and invisible characters (zero-width ones, the byte-order mark, line and paragraph separators).
# One table for every output language: messages, terminal text (term.visible) and Markdown (md.py).
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(32), 127, *range(0x80, 0xA0)]}
_CONTROLS.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
_CONTROLS.update({c: f"\\u{c:04x}" for c in [0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x2028, 0x202F),
                                              *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF]})


def display_path(file: object) -> str:
    """A file name as it starts a line of output: control, bidi and invisible characters escaped (it
    cannot break the line or drive the terminal), and './' before a name starting with ':' (a line
    starting '::' is a GitHub workflow command: a file added in a pull request must not make one)."""
    text = str(file).translate(_CONTROLS)
    return f"./{text}" if text.startswith(":") else text


def shown(text: object, limit: int = 60) -> str:
    """A name a user gave, as it goes into a message: control, bidi and invisible characters shown as
    escapes (no terminal tricks, one line per problem) and at most ``limit`` characters."""
    value = str(text).translate(_CONTROLS)
    return value if len(value) <= limit else value[: limit - 3] + "..."


def listing(items: Iterable[str], limit: int = 20) -> str:
    """Choices for a hint, comma-separated; past ``limit`` the rest are counted, not listed
    (a framework with thousands of levels must not make each message thousands of ids long)."""
    items = list(items)
    head = ", ".join(shown(item) for item in items[:limit])
    return head if len(items) <= limit else f"{head}, … and {len(items) - limit:,} more"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word`` (difflib, cutoff 0.6) for a did-you-mean hint, or None.

    difflib is imported here, on the error path, not at every start-up.
    """
    import difflib

    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return near[0] if near else None


def folded(text: str) -> str:
    """How names people type are compared (levels, organisation ids): NFC, so a decomposed 'é'
    from a macOS keyboard or file system is the composed one, then case-folded."""
    import unicodedata

    return unicodedata.normalize("NFC", text).casefold()


class InvalidFile(LadderError):
    """A file that could not be read, parsed or validated. Carries one Problem per fault."""


class UsageError(LadderError):
    """The command line names something that does not exist (a path, an organisation, a level)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, None, hint, 2)

    def __str__(self) -> str:
        text = f"{self.message}; {self.hint}" if self.hint else self.message
        return text.translate(_CONTROLS)  # it can quote the command line or a file: one line, nothing hidden


# Past this many problems in one file, a reader gains nothing from more; listing a
# million of them would cost minutes and gigabytes.
MAX_PROBLEMS = 100


def cap_problems(problems: list[Problem], total: int, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The first ``limit`` problems and, if there are more, one note (located at the next one) with the count."""
    if len(problems) <= limit:
        return problems
    note = Problem(
        problems[limit].location,
        f"{total:,} problems found in this file, only the first {limit} are listed; fix these first",
        "error",
        problems[limit].rule,
    )
    return problems[:limit] + [note]


# A key path into a loaded document: ("levels", 0, "areas", 1, "expectations", 2).
KeyPath = tuple[str | int, ...]

# Where a key path of a loaded document is: checks take one to locate what they find.
Locate = Callable[[KeyPath], Location]
