"""`ladder import --report`: every unit of the source and where it went, as text or JSON (on stderr)."""

from __future__ import annotations

from typing import Any

from ladder.errors import display_path, shown


def render_report(data: dict[str, Any], fmt: str) -> str:
    """The report (importer.report_data) in ``fmt`` (text or json), ending in a line break."""
    if fmt == "json":
        from ladder.render.data import document

        return document(data) + "\n"
    return "\n".join(_text_lines(data)) + "\n"


def _text_lines(data: dict[str, Any]) -> list[str]:
    """One line per unit: where it is, its kind, where it went, and the start of its text."""
    name = shown(display_path(data["file"]), 1000)
    counts = data["counts"]
    share = counts["verbatim_in_levels"] / counts["units"] if counts["units"] else 0.0
    lines = [f"{name}: {counts['units']} unit(s) read as {data['format']}: {counts['in_levels']} in levels "
             f"({counts['verbatim_in_levels']} verbatim, {share:.0%} of all), {counts['elsewhere']} elsewhere "
             f"(description, principles, notes), {counts['not_placed']} not placed."]
    for unit in data["units"]:
        went = unit["place"] + (f" ({shown(unit['reason'], 200)})" if unit["reason"] else "")
        lines.append(f"  {shown(unit['where'], 80)}: {unit['kind']} -> {shown(went, 200)}: {_start(unit['text'])}")
    return lines


def _start(text: str, limit: int = 70) -> str:
    return f"'{shown(text, limit)}'"  # shown: control, bidi and invisible characters as escapes
