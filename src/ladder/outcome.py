"""What a batch command reports per file: its value, or the located problems that stopped it."""

from dataclasses import dataclass, field
from typing import Any

from ladder.errors import Problem


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
