"""Markdown text helpers shared by the show, diff and assess reporters."""

from __future__ import annotations

from typing import Any

_SPECIAL = "\\`*_~[]<>|#"


def md_escape(text: Any) -> str:
    """Backslash-escape the characters Markdown would read as formatting."""
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in str(text))
