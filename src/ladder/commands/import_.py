"""`ladder import`: another format's ladder as a framework file, checked as validate would first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ladder.errors import shown

if TYPE_CHECKING:
    from ladder.importer.options import Options


def run(file: Path, output: Path | None, force: bool, options: Options, report: str | None, max_bytes: int,
        out: TextIO, err: TextIO) -> int:
    """Import, check the YAML with validate's limits and checks, write it, and summarise (or report) on ``err``."""
    from ladder.importer import check_output, describe, import_file, report_data
    from ladder.render.yaml import dump_framework
    from ladder.signatures import MADE_BY_IMPORT
    from ladder.write.file import write_atomic

    result = import_file(file, max_bytes=max_bytes, options=options)
    text = dump_framework(result.framework, note=f"{MADE_BY_IMPORT} from {shown(file.name, 200)}; edit freely")
    check_output(text, str(file))  # nothing is written that ladder validate would refuse
    if output is None:
        out.write(text)
    else:
        write_atomic(output, text, force, [file], ours=MADE_BY_IMPORT)
    if report is None:
        err.write(describe(result, str(file)) + "\n")
    else:
        from ladder.render.import_report import render_report

        err.write(render_report(report_data(result, str(file)), report))
    return 0
