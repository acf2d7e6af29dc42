"""`ladder export`: a framework as a static HTML site or as Markdown, to stdout, a file or a directory."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ladder.errors import shown


def run(org: str, fmt: str, output: Path | None, force: bool, extra: list[str], out: TextIO, err: TextIO) -> int:
    """Render the framework; a directory is swapped in whole and replaces only a previous export."""
    from ladder.load.workspace import open_framework
    from ladder.render.export import HtmlSite, MarkdownExport
    from ladder.render.registry import renderer
    from ladder.signatures import MADE_BY_EXPORT
    from ladder.write.file import write_atomic
    from ladder.write.tree import write_tree

    loaded = open_framework(org, extra)
    framework, inputs = loaded.model, [loaded.document.file]
    exporter = renderer("export", fmt, out)
    assert isinstance(exporter, (HtmlSite, MarkdownExport))  # the two kinds an export is
    if output is None:
        exporter.one(framework)  # Markdown to stdout; a site needs a directory (a usage error)
    elif isinstance(exporter, MarkdownExport) and output.suffix.lower() == ".md":
        from io import StringIO

        document = StringIO()
        renderer("export", fmt, document).one(framework)
        write_atomic(output, document.getvalue(), force, inputs, ours=MADE_BY_EXPORT)
    else:
        write_tree(output, exporter.files(framework), force, fmt, inputs, extra)
        if isinstance(exporter, HtmlSite):
            err.write(f"wrote {shown(output, 1000)}/index.html and {len(framework.levels)} level pages\n")
    return 0
