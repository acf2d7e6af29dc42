"""Ladders written as Markdown, CSV or TSV into a validated framework, plus what could not be placed.

Text in, a validated Framework out. The work is split by step:
  text      Markdown inline syntax, names, ids, level-heading patterns (pure string helpers)
  parsed    the parsed form (levels, areas, bullets, matrix rows) before ids are settled
  blocks    Markdown into headings, paragraphs, lists and tables
  markdown  the heading tree into tracks, levels, areas, description and principles
  matrix    pipe tables, CSV and TSV as competency matrices
  criteria  typed criteria from unambiguous sentences
  build     the parsed form into framework data with stable ids
This module holds the entry points (import_file, import_text, detect_format, describe).
Wording is kept as written; only Markdown syntax (markers, escapes) is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from ladder.errors import InvalidFile, Location, Problem, UsageError, shown
from ladder.importer.blocks import MAX_NESTING, bold_headings, markdown_blocks, split_cells
from ladder.importer.build import NO_CONTENT, build
from ladder.importer.criteria import criterion, level_criteria
from ladder.importer.ledger import Ledger
from ladder.importer.markdown import Node, parse_markdown, prose
from ladder.importer.matrix import parse_delimited, read_matrix
from ladder.importer.options import Options
from ladder.importer.parsed import (
    FORMAT_NAMES,
    MAX_LEVELS,
    Area,
    Block,
    Bullet,
    Level,
    Parsed,
    Row,
    Track,
    Unplaced,
    flatten,
)
from ladder.importer.ranks import apply_shared, cumulative, settle_ranks
from ladder.importer.text import CONTROL, clean, is_connective, level_heading, plain, slug
from ladder.importer.units import register_blocks
from ladder.load.document import format_path
from ladder.load.text import DEFAULT_MAX_BYTES, decode, read_bytes
from ladder.load.yaml import MAX_NODES
from ladder.models.framework import Framework
from ladder.models.queries import walk

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "MAX_ITEMS",
    "MAX_LEVELS",
    "MAX_LINES",
    "MAX_LINE_LENGTH",
    "MAX_NESTING",
    "NO_CONTENT",
    "SHOWN",
    "SUFFIXES",
    "Area",
    "Block",
    "Bullet",
    "Imported",
    "Ledger",
    "Level",
    "Node",
    "Options",
    "Parsed",
    "Row",
    "Track",
    "Unplaced",
    "build",
    "check_output",
    "clean",
    "criterion",
    "describe",
    "detect_format",
    "import_file",
    "import_text",
    "is_connective",
    "level_criteria",
    "level_heading",
    "markdown_blocks",
    "parse_delimited",
    "parse_markdown",
    "plain",
    "read_matrix",
    "report_data",
    "slug",
    "split_cells",
]

FORMATS = ("md", "csv", "tsv", "html", "yaml", "json", "xlsx")
SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "md", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
            ".html": "html", ".htm": "html", ".yml": "yaml", ".yaml": "yaml", ".json": "json", ".xlsx": "xlsx",
            ".xlsm": "xlsx"}
# Formats people keep ladders in that ladder does not read, named in the refusal.
UNSUPPORTED = {".tex": "LaTeX", ".latex": "LaTeX", ".js": "JavaScript", ".mjs": "JavaScript", ".ts": "TypeScript",
               ".jsx": "JavaScript", ".tsx": "TypeScript", ".pdf": "PDF", ".doc": "Word", ".docx": "Word",
               ".xls": "Excel 97-2003 (.xls)", ".ods": "OpenDocument spreadsheet", ".odt": "OpenDocument text",
               ".rtf": "RTF", ".pptx": "PowerPoint", ".numbers": "Numbers", ".pages": "Pages", ".xml": "XML",
               ".toml": "TOML", ".rst": "reStructuredText", ".adoc": "AsciiDoc", ".org": "Org"}
SUPPORTED = ("Markdown (.md, .markdown, .txt), HTML (.html, .htm), CSV (.csv), TSV (.tsv, .tab), XLSX (.xlsx), "
             "and YAML or JSON in the open formats of FT's engineering-progression and UNiDAYS' competency "
             "framework (.yml, .yaml, .json)")
SHOWN = 20  # unplaced items listed in the summary
MAX_ITEMS = 20_000  # expectations + matrix cells; the biggest bundled framework has under 100
MAX_LINES = 50_000  # checked before parsing, so a huge file is refused before it costs time and memory
MAX_LINE_LENGTH = 100_000  # characters in one line, checked with MAX_LINES; a long paragraph has a few thousand


@dataclass
class Imported:
    """The result of an import: the framework, what could not be placed, check warnings and the ledger."""

    framework: Framework
    format: str
    unplaced: list[Unplaced]
    warnings: list[Problem] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)

    def counts(self) -> dict[str, int]:
        """How many tracks, levels, areas, expectations, groups, competencies, cells and criteria were found."""
        fw = self.framework
        exps = [e for lvl in fw.levels for a in lvl.areas for e in walk(a.expectations)]
        comps = list(fw.competencies.items if fw.competencies else [])
        return {
            "tracks": len(fw.tracks), "levels": len(fw.levels),
            "areas": sum(len(lvl.areas) for lvl in fw.levels), "expectations": len(exps),
            "groups": sum(e.group is not None for e in exps), "competencies": len(comps),
            "cells": sum(len(c.cells) for c in comps), "criteria": sum(len(lvl.criteria) for lvl in fw.levels),
        }


# ---------------------------------------------------------------- entry points


def detect_format(path: str | Path, override: str | None = None) -> str:
    """The input format: ``override`` if given, else from the file extension; UsageError (exit 2) naming the
    supported formats when it is not one ladder reads."""
    if override:
        if override not in FORMATS:
            raise UsageError(f"unknown input format '{override}'", f"use one of {', '.join(FORMATS)}")
        return override
    suffix = Path(path).suffix.lower()
    fmt = SUFFIXES.get(suffix)
    if fmt is None:
        what = f"{UNSUPPORTED[suffix]} files are" if suffix in UNSUPPORTED else (
            f"'{suffix}' files are" if suffix else "a file without an extension is")
        how = "convert the ladder to one of them" if suffix in UNSUPPORTED else (
            "convert the ladder to one of them, or name its format with --from if it is one")
        raise UsageError(f"cannot import '{path}': {what} not a format ladder reads",
                         f"ladder imports {SUPPORTED}; {how}")
    return fmt


def import_file(path: str | Path, fmt: str | None = None, org: str | None = None, name: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, options: Options | None = None) -> Imported:
    """Read a file (size, binary and encoding checks) and import it."""
    options = options or Options(fmt=fmt, org=org, name=name)
    if not Path(path).exists():
        raise UsageError(f"no such file '{path}'", "check the path")
    chosen = detect_format(path, options.fmt)
    try:
        raw = read_bytes(path, max_bytes)
        text = None if chosen == "xlsx" else decode(raw, str(path))
    except InvalidFile as exc:
        # loader words its messages for YAML; the checks are the same for any file.
        problems = [Problem(p.location, p.message.replace("a YAML text file", "a text file")
                            .replace("a YAML file", "a file"), p.severity, p.rule) for p in exc.problems]
        raise InvalidFile(problems[0].message, problems=problems) from None
    if text is None:
        return _import_workbook(raw, str(path), options)
    return import_text(text, str(path), chosen, options=options)


def import_text(text: str, file: str, fmt: str, org: str | None = None, name: str | None = None,
                options: Options | None = None) -> Imported:
    """Parse text (md, html, csv, tsv, yaml, json) into a validated framework; InvalidFile (located) on bad
    input, and when the structure has two readings (naming the options that decide it)."""
    options = options or Options(fmt=fmt, org=org, name=name)
    _check_options(options)
    if not text.strip():
        raise InvalidFile("file is empty, expected a ladder", Location(file, 1, 1))
    # Line ends are not wording: CRLF and CR (a spreadsheet's multi-line cell) become LF, which the
    # written YAML may hold; a CR would be escaped there, and ladder validate refuses it.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_lines(text, file, long_lines=fmt in ("html", "json"))  # a saved page or data is often one line
    _check_controls(text, file)
    ledger = Ledger()
    parsed = read_source(text, file, fmt, ledger, options)
    return _finish(parsed, file, fmt, ledger, options)


def read_source(text: str, file: str, fmt: str, ledger: Ledger, options: Options) -> Parsed:
    """The parsed form of a text source, with every unit it holds in the ledger."""
    if fmt in ("yaml", "json"):
        from ladder.importer.structured import read_structured

        return read_structured(text, file, "yaml" if fmt == "yaml" else "json", ledger, options)
    if fmt in ("csv", "tsv"):
        parsed = parse_delimited(text, file, _delimiter(text, fmt))
        for row in parsed.rows:
            ledger.add("cell", row.name, Location(file, row.line, 1))
            for _, cell in row.cells:
                ledger.add("cell", cell, Location(file, row.line, 1))
        return parsed
    parsed = Parsed()
    front = None
    if fmt == "md":
        from ladder.importer.frontmatter import read_front_matter

        front, body = read_front_matter(text, file, ledger, options)
        if body > 1:  # the front matter's lines stay, blank, so that line numbers hold
            lines = text.split("\n")
            text = "\n" * (body - 1) + "\n".join(lines[body - 1:])
        blocks = markdown_blocks(text, file, parsed.unplaced, parsed.links)
    else:
        from ladder.importer.html import html_blocks

        blocks = bold_headings(html_blocks(text, file, 1, parsed.unplaced))
    register_blocks(blocks, parsed.unplaced, file, ledger)
    if front is not None:
        prose(blocks, front)
        front.unplaced += parsed.unplaced
        front.links += parsed.links
        return front
    return parse_markdown(blocks, file, options, parsed)


def _import_workbook(raw: bytes, file: str, options: Options) -> Imported:
    from ladder.importer.xlsx import read_xlsx

    _check_options(options)
    ledger = Ledger()
    parsed = read_xlsx(raw, file, ledger, options)
    return _finish(parsed, file, "xlsx", ledger, options)


def _finish(parsed: Parsed, file: str, fmt: str, ledger: Ledger, options: Options) -> Imported:
    """Ranks, the options' decisions, ids, validation and the ledger's account of every unit."""
    from pydantic import ValidationError

    from ladder.checks.framework import check_framework

    settle_ranks(parsed, file, options)
    cumulative(parsed, options)
    apply_shared(parsed, file)
    if options.organisation:
        parsed.organisation = options.organisation
    _check_size(parsed, file)
    data = build(parsed, file, fmt, options.org, options.name)
    for line, text, why in parsed.skipped:
        ledger.skip(Location(file, line), text, why)
    ledger.settle(data)
    try:
        model = Framework.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = Location(file, 0, 0, format_path(tuple(error["loc"])))
        raise InvalidFile(f"could not build a valid framework: {error['msg']}", where) from None
    problems = check_framework(model, lambda path: Location(file, 0, 0, format_path(path)))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidFile(errors[0].message, problems=errors)
    return Imported(model, fmt, parsed.unplaced, [p for p in problems if p.severity == "warning"], ledger)


def _check_options(options: Options) -> None:
    org = options.org
    if org is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}", org):
        raise UsageError(f"--org '{org}' is not a valid id", "use letters, digits, '.', '_' and '-'")


def report_data(result: Imported, file: str) -> dict[str, Any]:
    """The report as plain data; its keys are documented in the README and pinned by a test."""
    fw = result.framework
    return {
        "file": file,
        "format": result.format,
        "framework": {"id": fw.id, "name": fw.name, "organisation": fw.organisation},
        "tracks": [{"id": t.id, "name": t.name} for t in fw.tracks],
        "levels": [{"id": lvl.id, "title": lvl.title, "track": lvl.track, "order": lvl.order} for lvl in fw.levels],
        "counts": result.ledger.counts(),
        "units": [{"kind": u.kind, "text": u.text, "line": u.where.line, "where": u.at(), "place": u.place,
                   "verbatim": u.verbatim, "reason": u.reason} for u in result.ledger.units],
    }


def check_output(text: str, file: str) -> None:
    """Refuse YAML that ``ladder validate`` (with its defaults) would refuse, before it is written: the
    loader's size limit (the one list, show and the other commands read with), its node and nesting
    limits, its YAML rules, the schema and the framework checks. InvalidFile at the input ``file``,
    naming the limit or check; the caller then writes nothing."""
    from ladder.checks.framework import check_framework
    from ladder.load.loader import validate
    from ladder.load.yaml import parse_yaml

    size = len(text.encode("utf-8"))
    if size > DEFAULT_MAX_BYTES:
        _refused(file, f"its YAML would be {size:,} bytes, over the limit of {DEFAULT_MAX_BYTES:,} bytes "
                       "(the size limit)", _SPLIT)
    try:
        document = parse_yaml(text, file)
        model = validate(Framework, document)
    except InvalidFile as exc:
        if exc.message.startswith(f"more than {MAX_NODES:,} "):
            _refused(file, f"more than {MAX_NODES:,} keys and values (the node limit)", _SPLIT)
        if exc.message.startswith("nesting deeper than"):
            _refused(file, f"{exc.message} (the nesting limit)", _SPLIT)
        _refused(file, _reason(exc.problems[0]), _NOT_WRITTEN)
    except RecursionError:
        _refused(file, "structure too deeply nested (the nesting limit)", _SPLIT)
    errors = [p for p in check_framework(model, document.locate) if p.severity == "error"]
    if errors:
        _refused(file, _reason(errors[0]), _NOT_WRITTEN)


_SPLIT = "split the ladder into several files"
_NOT_WRITTEN = "nothing was written"


def _reason(problem: Problem) -> str:
    """A problem of the generated YAML, said without its location there (the user never saw that text)."""
    where = f"{problem.location.path}: " if problem.location.path else ""
    rule = f" ({problem.rule})" if problem.rule else ""
    return f"{where}{problem.message}{rule}"


def _refused(file: str, reason: str, hint: str) -> NoReturn:
    raise InvalidFile(f"the imported framework would be refused by ladder validate: {reason}", Location(file), hint)




def _check_controls(text: str, file: str) -> None:
    """Refuse a control character (other than tab and line ends) where it is in the input: the framework
    written would carry it, and ladder validate refuses control characters in text."""
    found = CONTROL.search(text)  # line ends are LF by now
    if found:
        offset = found.start()
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise InvalidFile(f"text contains the control character {ord(found.group()):#04x}", Location(file, line, col),
                          "remove it: ladder validate refuses control characters in text "
                          "(they could rewrite the terminal or forge output lines)")


def _check_size(parsed: Parsed, file: str) -> None:
    """Refuse a source with more expectations and cells than any ladder has (the output would not load)."""
    lines = sorted([b.line for lvl in parsed.levels for a in lvl.areas for b in flatten(a.bullets)]
                   + [row.line for row in parsed.rows for _ in row.cells])
    if len(lines) > MAX_ITEMS:
        raise InvalidFile(f"more than {MAX_ITEMS:,} expectations and matrix cells", Location(file, lines[MAX_ITEMS], 1),
                          "a ladder never needs this many; split the file")


def _check_lines(text: str, file: str, long_lines: bool = False) -> None:
    """Refuse more than MAX_LINES non-blank lines, or a line longer than MAX_LINE_LENGTH, before parsing anything
    (blank lines cost nothing)."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE_LENGTH and not long_lines:
            raise InvalidFile(f"line is longer than {MAX_LINE_LENGTH:,} characters", Location(file, number, 1),
                              "a ladder never needs a line this long; break it up")
        if line.strip():
            seen += 1
            if seen > MAX_LINES:
                raise InvalidFile(f"more than {MAX_LINES:,} non-blank lines", Location(file, number, 1),
                                  "a ladder never needs this many; split the file")


def _delimiter(text: str, fmt: str) -> str:
    if fmt == "tsv":
        return "\t"
    lines = [line for line in text.splitlines() if line.strip()][:20]
    # spreadsheets in some locales save "CSV" with semicolons
    return ";" if sum(";" in line for line in lines) > sum("," in line for line in lines) else ","


def describe(result: Imported, file: str) -> str:
    """A short human summary of an import, for stderr."""
    file = shown(file, 1000)  # a file name cannot drive the terminal or start a line
    c = result.counts()
    kinds: dict[str, int] = {}
    for level in result.framework.levels:
        for crit in level.criteria:
            kinds[crit.kind] = kinds.get(crit.kind, 0) + 1
    by_kind = f" ({', '.join(f'{k} {n}' for k, n in kinds.items())})" if kinds else ""
    lines = [f"{file}: read as {FORMAT_NAMES[result.format]}: {c['tracks']} track(s), {c['levels']} level(s), "
             f"{c['areas']} area(s), {c['expectations']} expectation(s), {c['groups']} group(s), "
             f"{c['competencies']} competency row(s) with {c['cells']} cell(s), {c['criteria']} typed criteria"
             f"{by_kind}."]
    u = result.ledger.counts()
    if u["units"]:
        lines.append(f"{u['units']} unit(s) of text read: {u['in_levels']} in levels ({u['verbatim_in_levels']} "
                     f"verbatim), {u['elsewhere']} in the description, principles or notes, {u['not_placed']} not "
                     "placed (--report text lists each).")
    missing = result.ledger.not_placed()
    lines += [f"  {file}:{m.where.line}:{m.where.col or 1}: not placed ({m.reason}): {_short(m.text)}"
              for m in missing[:SHOWN]]
    if result.unplaced:
        lines.append(f"Not placed as structure ({len(result.unplaced)}):")
        lines += [f"  {file}:{u.line}:1: {u.reason}: {_short(u.text)}" for u in result.unplaced[:SHOWN]]
        lines += [f"  … and {len(result.unplaced) - SHOWN} more (all are listed in the framework's notes)"] * (
            len(result.unplaced) > SHOWN)
    lines += [f"  {p}" for p in result.warnings]
    return "\n".join(lines)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
