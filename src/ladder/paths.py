"""What names a framework file rather than an organisation id."""

from __future__ import annotations

import os

YAML_SUFFIXES = (".yaml", ".yml")


def looks_like_path(name: str) -> bool:
    """A name with a separator or a YAML suffix is a path, not an organisation id."""
    return os.sep in name or "/" in name or name.endswith(YAML_SUFFIXES)
