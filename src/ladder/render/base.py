"""The one renderer interface every command's formats share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, TextIO


class Renderer(ABC):
    """Writes one command's output in one format to ``out``.

    A command with one value calls ``one``; a batch command calls ``row`` per item, then ``finish``
    once with its summary. A renderer whose batch is its items one after the other needs only ``one``.
    """

    def __init__(self, out: TextIO, **options: Any) -> None:
        self.out = out
        self.options = options

    @abstractmethod
    def one(self, value: Any, **context: Any) -> None:
        """Write the whole output for one value (``context``: what goes with it, e.g. history)."""

    def row(self, value: Any) -> None:
        """Write one item of a batch."""
        self.one(value)

    def finish(self, summary: Any = None) -> None:  # noqa: B027 - a hook: most formats have nothing to close
        """Close a batch (a summary line, a closing bracket); nothing by default."""
