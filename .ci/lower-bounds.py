"""Print pip constraints pinning every dependency of pyproject.toml (and its test extra) to its declared
lower bound, so CI can check that the bounds are honest: `name>=1.2` becomes `name==1.2`."""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pip carries the same parser
    from pip._vendor import tomli as tomllib

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
for requirement in requirements:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*(,.*)?", requirement)
    if not match:
        sys.exit(f"lower-bounds: {requirement!r} has no '>=' lower bound to test; declare one")
    print(f"{match.group(1)}=={match.group(2)}")
