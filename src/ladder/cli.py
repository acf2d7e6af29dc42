"""The Typer app, and the only module that knows Typer: each command parses its options, calls one
function in commands/ with the output streams, and exits with the code it returns. No logic here.

Imports of the work modules happen inside each command so that a command only
pays for what it uses (start-up time is felt in pre-commit hooks).
"""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeAlias

import typer
from typer.core import TyperGroup

from ladder.errors import LadderError, shown
from ladder.render.registry import formats


class LadderGroup(TyperGroup):
    """Catches the one error family once, prints it, and exits with its code.

    An OSError that reaches here is the system refusing something outside any input file
    (a full disk or closed pipe on stdout, a path name too long): one line and exit 1.
    """

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except LadderError as exc:
            typer.echo(f"ladder: {exc}" if exc.exit_code == 2 else str(exc), err=True)
            raise typer.Exit(exc.exit_code) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # the reader went away (`| head`): Click ends quietly
                raise
            where = f": {shown(exc.filename, 200)}" if exc.filename else ""
            typer.echo(f"ladder: {shown(exc.strerror or exc, 200)}{where}", err=True)
            raise typer.Exit(1) from None
        except Exception as exc:
            if clicks_own(exc):
                raise
            report_bug(exc)


def clicks_own(exc: Exception) -> bool:
    """Click's own flow: a usage error (it prints it, exit 2), --help's Exit, Ctrl-C's Abort.

    Recognised without importing Click: Typer 0.26+ vendors it as typer._click.
    """
    return isinstance(exc, (typer.Exit, typer.Abort)) or (
        callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int))


BUG_EXIT = 3  # pre-commit's convention: 1 is "your input is invalid", 3 is "ladder itself failed"


def report_bug(exc: BaseException) -> NoReturn:
    """An unexpected error: one line saying what broke, one asking to report it, exit 3.

    Set LADDER_DEBUG=1 to see the traceback instead.
    """
    if os.environ.get("LADDER_DEBUG"):
        raise exc
    from ladder import __version__

    typer.echo(f"ladder: internal error: {type(exc).__name__}: {shown(exc, 200)}", err=True)
    typer.echo(f"ladder: this is a bug in ladder {__version__}, not a problem with your files; please report it "
               "with the command you ran (LADDER_DEBUG=1 shows the traceback)", err=True)
    raise typer.Exit(BUG_EXIT)


APP_SETTINGS = dict(  # noqa: C408 - Typer's keyword arguments, passed on as such
    cls=LadderGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]


def _print_version(value: bool) -> None:
    if value:
        from ladder import __version__

        typer.echo(f"ladder {__version__}")
        raise typer.Exit()


@app.callback()
def _group(
    version: bool = typer.Option(False, "--version", "-V", is_eager=True, callback=_print_version,
                                 help="Print ladder's version and exit."),
) -> None:
    """Career ladders as data: validate, list, show, diff and assess against them; follow their changes."""


# --format choices come from the renderer registry's keys (one line there adds a format). For mypy
# they are str: at run time each is a str-valued Enum, which Typer lists in --help and checks.
if TYPE_CHECKING:
    ValidateFormat: TypeAlias = str
    ShowFormat: TypeAlias = str
    ListFormat: TypeAlias = str
    DiffFormat: TypeAlias = str
    AssessFormat: TypeAlias = str
    ExportFormat: TypeAlias = str
    TeamFormat: TypeAlias = str
    ChangesFormat: TypeAlias = str
else:
    ValidateFormat, ShowFormat, ListFormat, DiffFormat, AssessFormat, ExportFormat, TeamFormat, ChangesFormat = (
        formats(what) for what in ("validate", "level", "list", "diff", "assess", "export", "team", "changes"))


class SchemaKind(str, Enum):
    framework = "framework"
    assessment = "assessment"


class AssessView(str, Enum):
    self = "self"
    manager = "manager"


class ImportFormat(str, Enum):
    md = "md"
    csv = "csv"
    tsv = "tsv"
    html = "html"
    yaml = "yaml"
    json = "json"
    xlsx = "xlsx"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


class RankFrom(str, Enum):
    code = "code"
    order = "order"


class Topics(str, Enum):
    tracks = "tracks"
    areas = "areas"


def _heading_depth(value: str | None) -> int | None:
    """'h2' (or '2') as 2, for --tracks-at and --levels-at."""
    if value is None:
        return None
    text = value.strip().lower().removeprefix("h")
    if not (text.isdigit() and 1 <= int(text) <= 6):
        raise typer.BadParameter(f"'{value}' is not a heading depth; use h1 to h6")
    return int(text)


def _pairs(values: list[str]) -> tuple[tuple[str, str], ...]:
    """--parallel A=B values as pairs."""
    out = []
    for value in values:
        left, sep, right = value.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise typer.BadParameter(f"'{value}' is not LEVEL=LEVEL (such as M4=L4)")
        out.append((left.strip(), right.strip()))
    return tuple(out)


def chosen(option: object) -> str:
    """An Enum option's value (a format name) as plain text."""
    return str(getattr(option, "value", option))


def exit_with(code: int) -> NoReturn:
    """Leave with the command's exit code (0 ok, 1 invalid input, 2 usage)."""
    raise typer.Exit(code)


FORMAT_HELP = "Output format: text (rich on a terminal, plain when piped or NO_COLOR), json or markdown."
PATH_HELP = "Extra directory of framework files (repeatable); LADDER_PATH adds more."
MAX_BYTES_CEILING = 1 << 30  # 1 GiB: more than any framework, and a number the OS can read into memory
MAX_BYTES_HELP = "Refuse files larger than this many bytes (at most 1 GiB)."
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ORG_HELP = "An organisation id (see `ladder list`) or a path to a framework file."
ASSESS_FORMAT_HELP = (
    "Output format: text (rich on a terminal, plain when piped or NO_COLOR), json, markdown, "
    "csv (one row per file, for spreadsheets), or html (a one-page report of one file; use -o)."
)


def _extra(path: list[Path] | None) -> list[str]:
    return [str(p) for p in path or []]


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="Framework files, or directories to search for *.yaml / *.yml."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    output_format: ValidateFormat = typer.Option("text", "--format", "-f", help="Output format."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, max=MAX_BYTES_CEILING,
                                  help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary line."),
) -> None:
    """Check framework files: YAML, schema and cross-references. Exit 0 valid, 1 invalid, 2 usage error."""
    from ladder.commands.validate import run

    exit_with(run([str(p) for p in paths], chosen(output_format), strict, max_bytes, quiet, sys.stdout, sys.stderr))


@app.command()
def schema(
    kind: SchemaKind = typer.Option(SchemaKind.framework, "--kind", help="Which file format to describe."),
) -> None:
    """Print the JSON Schema of the framework (or assessment) format, for editors and check-jsonschema."""
    from ladder.models.schema import schema_json

    typer.echo(schema_json(kind.value))


@app.command("list")
def list_(
    org: str | None = typer.Argument(None, help="An organisation id or a framework file: list its levels."),
    output_format: ListFormat = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """List the available frameworks, or the levels of one per track (parallel levels side by side)."""
    from ladder.commands.show import run_list

    exit_with(run_list(org, chosen(output_format), _extra(path), sys.stdout, sys.stderr))


@app.command()
def show(
    org: str = typer.Argument(..., help=ORG_HELP),
    level: str | None = typer.Argument(None, help="A level id, alias or title (case-insensitive)."),
    own: bool = typer.Option(False, "--own", help="Hide expectations inherited from lower levels."),
    output_format: ShowFormat = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Show a framework overview, or one level with what it inherits from the levels it builds on."""
    from ladder.commands.show import run_show

    exit_with(run_show(org, level, own, chosen(output_format), _extra(path), sys.stdout))


@app.command()
def export(
    org: str = typer.Argument(..., help="An organisation id or a path to a framework file."),
    output_format: ExportFormat = typer.Option("html", "--format", "-f", help="html (a static site) or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Directory (html, markdown) or FILE.md (markdown)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file, or a previous export (a directory "
                               "with a .ladder-export marker and nothing else in it)."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Publish a framework as a static HTML site or as Markdown (deterministic output)."""
    from ladder.commands.export import run

    exit_with(run(org, chosen(output_format), output, force, _extra(path), sys.stdout, sys.stderr))


@app.command()
def diff(
    org: str = typer.Argument(..., help=ORG_HELP),
    from_level: str = typer.Argument(..., metavar="FROM", help="The level to start from: id, alias or title."),
    to_level: str = typer.Argument(..., metavar="TO", help="The level to compare it with: id, alias or title."),
    output_format: DiffFormat = typer.Option("text", "--format", "-f", help=FORMAT_HELP),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
    no_pairing: bool = typer.Option(
        False, "--no-pairing", help="Do not pair reworded expectations or matrix rows as changed; show raw sets."
    ),
) -> None:
    """What TO adds over FROM: added, removed and changed expectations, and changed criteria."""
    from ladder.commands.diff import run

    exit_with(run(org, from_level, to_level, not no_pairing, chosen(output_format), _extra(path), sys.stdout,
               sys.stderr))


@app.command()
def changes(
    files: list[str] = typer.Argument(
        ..., metavar="FRAMEWORK",
        help="Two versions of one framework (files or ids); or, with --since, a framework file (or "
             "directories of them: every *.yaml / *.yml file there now or at REV) to compare with REV.",
    ),
    since: str | None = typer.Option(
        None, "--since", metavar="REV",
        help="Compare the files as they are now with the files at git revision REV (a commit, branch or tag).",
    ),
    output_format: ChangesFormat = typer.Option(
        "text", "--format", "-f",
        help="Output format: text (rich on a terminal, plain when piped or NO_COLOR), json, or markdown "
             "(for a pull request: a summary, then each level folded in <details>).",
    ),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """What an edit of a framework does, level by level.

    Two versions of one framework (the same id): two files or ids, or a
    file against a git revision: `ladder changes acme.yaml --since main`.
    With directories, every framework file under them that was added,
    removed or changed since the revision (for a pull request):
    `ladder changes frameworks/ --since main -f markdown`.
    """
    from ladder.commands.changes import run

    exit_with(run(files, since, chosen(output_format), _extra(path), sys.stdout, sys.stderr))


@app.command()
def migrate(
    file: Path = typer.Argument(..., metavar="ASSESSMENT", help="The assessment to carry to the new version."),
    to: str = typer.Option(..., "--to", metavar="NEW",
                           help="The framework's new version: a framework file, or an organisation id."),
    since: str | None = typer.Option(
        None, "--from", metavar="OLD",
        help="The version the assessment was written against (default: found in git by its framework_fingerprint).",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if ladder migrate wrote it before."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Carry an assessment to a new version of its framework.

    Unchanged and moved ratings are kept (under their new ids), reworded
    ones flagged `reconfirm: true` with the old text in a comment, removed
    ones kept under `archived:`, new expectations listed unrated. A summary
    of each rating goes to stderr; the original file is never changed.
    """
    from ladder.commands.migrate import run

    exit_with(run(file, to, since, output, force, _extra(path), sys.stdout, sys.stderr))


@app.command()
def template(
    org: str = typer.Argument(..., help=ORG_HELP),
    level: str = typer.Argument(..., help="The level aimed at: id, alias or title (case-insensitive)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Print a ready-to-fill assessment for someone aiming at LEVEL: every expectation up to it, as not-yet."""
    from ladder.commands.template import run

    exit_with(run(org, level, output, force, _extra(path), sys.stdout, sys.stderr))


@app.command()
def assess(
    files: list[Path] = typer.Argument(..., help="Assessment files, or directories to search for *.yaml / *.yml."),
    output_format: AssessFormat = typer.Option("text", "--format", "-f", help=ASSESS_FORMAT_HELP),
    threshold: float = typer.Option(
        0.8, "--threshold", min=0.0, max=1.0, help="Share of a level's points needed to reach it (inclusive)."
    ),
    by: AssessView | None = typer.Option(
        None, "--by", help="Whose ratings decide the level: self or manager (default: manager where given)."
    ),
    target: str | None = typer.Option(None, "--target", help="Level to measure gaps to (default: the file's)."),
    explain: bool = typer.Option(False, "--explain", help="Show which ratings and criteria produced each score."),
    since: Path | None = typer.Option(None, "--since", help="An earlier assessment of the same person: what changed."),
    output: Path | None = typer.Option(None, "--output", "-o", help="With --format html: write the report here."),
    force: bool = typer.Option(False, "--force", help="Replace the -o file if it exists."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Score assessments: the level demonstrated and the gaps to the target. One file in full, several as a table."""
    from ladder.commands.assess import run
    from ladder.logic.scoring import Settings

    settings = Settings(threshold, by.value if by else None, target)
    exit_with(run(files, chosen(output_format), settings, explain, since, output, force, _extra(path), sys.stdout,
               sys.stderr))


TEAM_FORMAT_HELP = (
    "Output format: text (rich with a coloured heatmap on a terminal, plain when piped or NO_COLOR), json, "
    "csv (one row per person and area, for spreadsheets), markdown, or html (one self-contained page; use -o)."
)
THRESHOLD_HELP = "Share of a level's points needed to reach it (inclusive)."
BY_HELP = "Whose ratings decide the level: self or manager (default: manager where given)."


@app.command()
def team(
    files: list[Path] = typer.Argument(..., help="Assessment files, or directories to search for *.yaml / *.yml."),
    output_format: TeamFormat = typer.Option("text", "--format", "-f", help=TEAM_FORMAT_HELP),
    threshold: float = typer.Option(0.8, "--threshold", min=0.0, max=1.0, help=THRESHOLD_HELP),
    by: AssessView | None = typer.Option(None, "--by", help=BY_HELP),
    anonymise: bool = typer.Option(False, "--anonymise", "--anonymize",
                                   help="Replace names and file names with pseudonyms (stable within the run)."),
    per_framework: bool = typer.Option(False, "--per-framework",
                                       help="Files of several frameworks: one report per framework."),
    output: Path | None = typer.Option(None, "--output", "-o", help="With --format html: write the page here."),
    force: bool = typer.Option(False, "--force", help="Replace the -o file if ladder team wrote it."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Where a team stands: people, level distribution, gaps heatmap, calibration and progress over time."""
    from ladder.commands.team import run
    from ladder.logic.scoring import Settings

    settings = Settings(threshold, by.value if by else None)
    exit_with(run(files, chosen(output_format), settings, anonymise, per_framework, output, force, _extra(path),
                  sys.stdout, sys.stderr))


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="The ladder: Markdown, HTML, CSV, TSV, XLSX, or YAML/JSON of FT's or "
                                          "UNiDAYS' open formats."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the framework here (default: stdout)."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if ladder wrote it."),
    org: str | None = typer.Option(None, "--org", help="Framework id (default: from the file name)."),
    organisation: str | None = typer.Option(None, "--organisation", help="The organisation's name."),
    name: str | None = typer.Option(None, "--name", help="Framework name (default: the document's title)."),
    source_format: ImportFormat | None = typer.Option(
        None, "--from", help="Input format (default: from the extension)."),
    tracks_at: str | None = typer.Option(None, "--tracks-at", metavar="hN",
                                         help="Headings of this depth are tracks (h1 to h6)."),
    levels_at: str | None = typer.Option(None, "--levels-at", metavar="hN",
                                         help="Headings of this depth are levels (h1 to h6)."),
    table: int | None = typer.Option(None, "--table", min=1, metavar="N",
                                     help="Read the N-th table as the ladder (others are kept as notes)."),
    is_cumulative: bool | None = typer.Option(None, "--cumulative/--not-cumulative",
                                              help="Each level builds on the one before (default: as the source "
                                                   "says)."),
    rank_from: RankFrom | None = typer.Option(None, "--rank-from",
                                              help="Ranks from level codes (L3, M3) or each track's order."),
    parallel: list[str] = typer.Option([], "--parallel", metavar="A=B",
                                       help="Level A is at level B's rank, on another track (repeatable; "
                                            "TRACK/LEVEL where titles repeat)."),
    topics: Topics | None = typer.Option(None, "--topics",
                                         help="What the topics of a topics × levels file are: tracks or areas."),
    report: ReportFormat | None = typer.Option(None, "--report",
                                               help="Print where each unit of the source went (text or json) on "
                                                    "stderr, instead of the summary."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, max=MAX_BYTES_CEILING,
                                  help=MAX_BYTES_HELP),
) -> None:
    """Turn a ladder as an organisation publishes it into a framework file.

    Reads Markdown (level headings with bullets, pipe tables, YAML front matter, HTML tables inside), HTML
    pages, CSV/TSV and XLSX matrices, and FT's and UNiDAYS' YAML/JSON. A level is made only from a heading or
    column that names one; where the structure has two readings, import stops and names the option that
    decides it. The YAML goes to stdout, or to -o FILE (written atomically; a file ladder wrote only with
    --force). A summary (or with --report, every unit of the source and where it went) goes to stderr.
    """
    from ladder.commands.import_ import run
    from ladder.importer.options import Options

    options = Options(fmt=chosen(source_format) if source_format else None, org=org, name=name,
                      organisation=organisation, tracks_at=_heading_depth(tracks_at),
                      levels_at=_heading_depth(levels_at), table=table, cumulative=is_cumulative,
                      rank_from=chosen(rank_from) if rank_from else None, parallel=_pairs(parallel),
                      topics=chosen(topics) if topics else None)
    exit_with(run(file, output, force, options, chosen(report) if report else None, max_bytes,
                  sys.stdout, sys.stderr))


class _Closed:
    """Stands in for a standard stream that was closed before ladder started (``>&-``)."""

    def __init__(self, name: str, refuse: bool) -> None:
        self.name, self.refuse = name, refuse

    def write(self, text: str) -> int:
        if self.refuse:
            raise OSError(errno.EBADF, f"standard {self.name[3:]}put is closed")
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _sane_streams() -> None:
    """Output never fails on text the stream's encoding cannot show (a file name that is not
    UTF-8, a '—' under a latin-1 locale): such characters are written as escapes. A closed
    stdout is reported as an error; a closed stderr swallows what would have gone there."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, _Closed(name, refuse=name == "stdout"))
        elif hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except OSError:  # its descriptor was closed after start-up: the first write will say so
                pass


def main() -> None:
    """Console-script entry point.

    Typer builds every command's parameters before it runs one (about 5 ms for nine
    commands, felt in pre-commit hooks). When the first argument names a command, only
    that command is built; anything else (no arguments, --help, a typo) gets the whole app.
    """
    _sane_streams()
    try:
        _run(sys.argv[1] if len(sys.argv) > 1 else None)
    except typer.Exit as exc:  # report_bug raised outside Click's main loop (in Typer's own error path)
        sys.exit(exc.exit_code)
    except Exception as exc:
        try:
            report_bug(exc)
        except typer.Exit as done:
            sys.exit(done.exit_code)


def _run(name: str | None) -> None:
    chosen = [c for c in app.registered_commands if command_name(c) == name]
    if not chosen:
        app(prog_name="ladder")
        return
    one = typer.Typer(**APP_SETTINGS)  # type: ignore[arg-type]
    one.registered_commands = chosen
    one.callback()(_group)  # a group of one, not Typer's single-command app: `ladder show ...` still parses
    one(prog_name="ladder")


def command_name(info: typer.models.CommandInfo) -> str:
    """The name a command is typed as (Typer's rule: the function name, '_' as '-', unless named)."""
    return info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]

