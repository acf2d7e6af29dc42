"""One small exception family. Inner code raises; only the CLI catches."""

from __future__ import annotations

from typing import Iterable, Literal, NamedTuple, Optional

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
        file = self.file.translate(_CONTROLS)  # a file name cannot break a line or drive the terminal
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
        where = f"{self.location.path}: " if self.location.path else ""
        rule = f" ({self.rule})" if self.rule else ""
        return f"{self.location}: {self.severity}: {where}{self.message}{rule}"


class LadderError(Exception):
    """Base of every error the tool reports to a user. ``exit_code`` 1 is bad input, 2 is bad usage."""

    def __init__(self, message: str, location: Optional[Location] = None, hint: str = "", exit_code: int = 1,
                 problems: Optional[list[Problem]] = None) -> None:
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
        return "\n".join(str(p) for p in self.problems)


_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(32), 127, *range(0x80, 0xA0)]}


def shown(text: object, limit: int = 60) -> str:
    """A name a user gave, as it goes into a message: control characters escaped (no terminal
    tricks, one line per problem) and at most ``limit`` characters."""
    value = str(text).translate(_CONTROLS)
    return value if len(value) <= limit else value[: limit - 3] + "..."


def listing(items: Iterable[str], limit: int = 20) -> str:
    """Choices for a hint, comma-separated; past ``limit`` the rest are counted, not listed
    (a framework with thousands of levels must not make each message thousands of ids long)."""
    items = list(items)
    head = ", ".join(shown(item) for item in items[:limit])
    return head if len(items) <= limit else f"{head}, … and {len(items) - limit:,} more"


def closest(word: str, choices: Iterable[str]) -> Optional[str]:
    """The choice most like ``word`` (difflib, cutoff 0.6) for a did-you-mean hint, or None.

    difflib is imported here, on the error path, not at every start-up.
    """
    import difflib

    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return near[0] if near else None


class InvalidFile(LadderError):
    """A file that could not be read, parsed or validated. Carries one Problem per fault."""


class UsageError(LadderError):
    """The command line names something that does not exist (a path, an organisation, a level)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, None, hint, 2)

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message
