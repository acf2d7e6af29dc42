"""`ladder template`: a ready-to-fill assessment, to stdout or written atomically to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ladder.errors import shown


def run(org: str, level: str, output: Path | None, force: bool, extra: list[str], out: TextIO, err: TextIO) -> int:
    """Write the template; with ``output``, never over the framework, a link, or a file ladder did not write."""
    from ladder.load.workspace import open_framework
    from ladder.logic.template import framework_reference, render_template
    from ladder.models.queries import find_level
    from ladder.signatures import MADE_BY
    from ladder.write.file import write_atomic

    loaded = open_framework(org, extra)
    framework = loaded.model
    text = render_template(framework, find_level(framework, level), reference=framework_reference(org, output))
    if output is None:
        out.write(text)
        return 0
    write_atomic(output, text, force, [loaded.document.file], ours=MADE_BY)
    err.write(f"wrote {shown(output, 1000)}\n")
    return 0
