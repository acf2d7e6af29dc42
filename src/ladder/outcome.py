"""What a batch command reports per file: its value, or the located problems that stopped it."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ladder.errors import InvalidFile, Problem

T = TypeVar("T")


# Results are compared by identity: eq=False spares the generated __eq__ (start-up is felt in hooks).
@dataclass(eq=False)
class Outcome:
    """One file of a batch: its result, or the located problems that stopped it."""

    file: str
    result: Any = None  # scoring.Result
    problems: list[Problem] = field(default_factory=list)


@dataclass
class FileResult:
    """The problems found in one file."""

    file: str
    problems: list[Problem]

    def failed(self, strict: bool) -> bool:
        return any(p.severity == "error" or strict for p in self.problems)


def keep_going(items: Iterable[T], work: Callable[[T], Any]) -> Iterator[Outcome]:
    """Each item's outcome as soon as it is ready: ``work``'s value, or the located problems that
    stopped it. The one "report the bad file, go on with the others" of validate, list and assess."""
    for item in items:
        try:
            yield Outcome(str(item), work(item))
        except InvalidFile as exc:
            yield Outcome(str(item), problems=exc.problems)
