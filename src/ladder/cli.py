"""The Typer app: parse arguments, call one function, pick a reporter. No logic here.

Imports of the work modules happen inside each command so that a command only
pays for what it uses (start-up time is felt in pre-commit hooks).
"""

from __future__ import annotations

import errno
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from typer.core import TyperGroup

from ladder.errors import LadderError, UsageError, shown

if TYPE_CHECKING:
    from ladder.logic.scoring import Settings


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
    """Career ladders as data: validate, list, show, diff and assess against them."""


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class SchemaKind(str, Enum):
    framework = "framework"
    assessment = "assessment"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


FORMAT_HELP = "Output format: text (rich on a terminal, plain when piped or NO_COLOR), json or markdown."
PATH_HELP = "Extra directory of framework files (repeatable); LADDER_PATH adds more."
MAX_BYTES_CEILING = 1 << 30  # 1 GiB: more than any framework, and a number the OS can read into memory
MAX_BYTES_HELP = "Refuse files larger than this many bytes (at most 1 GiB)."
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="Framework files, or directories to search for *.yaml / *.yml."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
    output_format: ValidateFormat = typer.Option(ValidateFormat.text, "--format", "-f", help="Output format."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, max=MAX_BYTES_CEILING,
                                  help=MAX_BYTES_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print problems only, no summary line."),
) -> None:
    """Check framework files: YAML, schema and cross-references. Exit 0 valid, 1 invalid, 2 usage error."""
    from ladder.commands.validate import validate_paths
    from ladder.render.validate import VALIDATE_REPORTERS

    reporter = VALIDATE_REPORTERS[output_format.value](sys.stdout, quiet)
    summary = {"files": 0, "valid": 0, "invalid": 0, "errors": 0, "warnings": 0}
    for result in validate_paths([str(p) for p in paths], max_bytes):
        reporter.file(result)
        failed = result.failed(strict)
        summary["files"] += 1
        summary["invalid" if failed else "valid"] += 1
        summary["errors"] += sum(p.severity == "error" for p in result.problems)
        summary["warnings"] += sum(p.severity == "warning" for p in result.problems)
    reporter.finish(summary)
    if summary["files"] == 0:
        typer.echo("ladder: no *.yaml or *.yml files found under the given paths", err=True)
        raise typer.Exit(2)
    raise typer.Exit(1 if summary["invalid"] else 0)


@app.command()
def schema(
    kind: SchemaKind = typer.Option(SchemaKind.framework, "--kind", help="Which file format to describe."),
) -> None:
    """Print the JSON Schema of the framework (or assessment) format, for editors and check-jsonschema."""
    from ladder.models.schema import schema_json

    typer.echo(schema_json(kind.value))


# --- list / show commands (lead) ---
def _render(kind: str, fmt: OutputFormat, data: object) -> None:
    """Send data to the renderer for its kind and format: rich text, or plain Markdown / JSON on stdout."""
    from ladder.render.show import SHOW_RENDERERS, emit
    from ladder.render.terminal import terminal

    renderer = SHOW_RENDERERS[kind][fmt.value]
    if fmt is OutputFormat.text:
        renderer(data, terminal())
    else:
        emit(renderer(data))


@app.command("list")
def list_(
    org: str | None = typer.Argument(None, help="An organisation id or a framework file: list its levels."),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=FORMAT_HELP),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """List the available frameworks, or the levels of one per track (parallel levels side by side)."""
    from ladder.load.workspace import available, open_framework

    extra = [str(p) for p in path or []]
    if org is not None:
        from ladder.logic.show import ladder_view

        _render("overview", output_format, ladder_view(open_framework(org, extra).model))
        return
    from ladder.load.loader import load_framework
    from ladder.logic.show import list_row

    rows, failed = [], False
    for _, file in available(extra):
        try:
            rows.append(list_row(load_framework(file).model, str(file)))
        except LadderError as exc:
            failed = True
            typer.echo(str(exc), err=True)
    _render("list", output_format, rows)
    if failed:
        raise typer.Exit(1)


@app.command()
def show(
    org: str = typer.Argument(..., help="An organisation id (see `ladder list`) or a path to a framework file."),
    level: str | None = typer.Argument(None, help="A level id, alias or title (case-insensitive)."),
    own: bool = typer.Option(False, "--own", help="Hide expectations inherited from lower levels."),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=FORMAT_HELP),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Show a framework overview, or one level with what it inherits from the levels it builds on."""
    from ladder.load.workspace import open_framework
    from ladder.logic.show import level_view, overview

    framework = open_framework(org, [str(p) for p in path or []]).model
    if level is None:
        _render("overview", output_format, overview(framework))
    else:
        _render("level", output_format, level_view(framework, level, own_only=own))
# --- end list / show ---

class ExportFormat(str, Enum):
    html = "html"
    markdown = "markdown"


@app.command()
def export(
    org: str = typer.Argument(..., help="An organisation id or a path to a framework file."),
    output_format: ExportFormat = typer.Option(ExportFormat.html, "--format", "-f",
                                               help="html (a static site) or markdown."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Directory (html, markdown) or FILE.md (markdown)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file, or a previous export (a directory "
                               "with a .ladder-export marker and nothing else in it)."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Publish a framework as a static HTML site or as Markdown (deterministic output)."""
    from ladder.load.workspace import open_framework
    from ladder.render.export import html_site, markdown_document, markdown_tree
    from ladder.signatures import MADE_BY_EXPORT
    from ladder.writer import write_atomic, write_tree

    extra = [str(p) for p in path or []]
    loaded = open_framework(org, extra)
    framework, inputs = loaded.model, [loaded.document.file]
    if output_format is ExportFormat.html:
        if output is None:
            raise UsageError("--format html needs an output directory", "add -o DIR")
        write_tree(output, html_site(framework), force, "html", inputs, extra)
        typer.echo(f"wrote {shown(output, 1000)}/index.html and {len(framework.levels)} level pages", err=True)
    elif output is None:
        typer.echo(markdown_document(framework), nl=False)
    elif output.suffix.lower() == ".md":
        write_atomic(output, markdown_document(framework), force, inputs, ours=MADE_BY_EXPORT)
    else:
        write_tree(output, markdown_tree(framework), force, "markdown", inputs, extra)

# --- diff command ---
@app.command()
def diff(
    org: str = typer.Argument(..., help="An organisation id (see `ladder list`) or a path to a framework file."),
    from_level: str = typer.Argument(..., metavar="FROM", help="The level to start from: id, alias or title."),
    to_level: str = typer.Argument(..., metavar="TO", help="The level to compare it with: id, alias or title."),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", "-f", help=FORMAT_HELP),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
    no_pairing: bool = typer.Option(
        False, "--no-pairing", help="Do not pair reworded expectations or matrix rows as changed; show raw sets."
    ),
) -> None:
    """What TO adds over FROM: added, removed and changed expectations, and changed criteria."""
    from ladder.load.workspace import open_framework
    from ladder.logic.diff import diff_levels
    from ladder.models.queries import find_level
    from ladder.render.diff import DIFF_REPORTERS

    framework = open_framework(org, [str(p) for p in path or []]).model
    result = diff_levels(
        framework, find_level(framework, from_level), find_level(framework, to_level), pairing=not no_pairing
    )
    if result.pairing == no_pairing:  # asked for, but too many expectations to compare
        from ladder.logic.diff import MAX_PAIRS

        typer.echo(f"note: reworded expectations are not paired: the levels have more than {MAX_PAIRS:,} pairs "
                   "to compare; added and removed are shown as they are", err=True)
    DIFF_REPORTERS[output_format.value](result, sys.stdout)
# --- end diff ---

# --- template / assess commands ---
class AssessFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class AssessView(str, Enum):
    self = "self"
    manager = "manager"


ASSESS_FORMAT_HELP = (
    "Output format: text (rich on a terminal, plain when piped or NO_COLOR), json, markdown, "
    "csv (one row per file, for spreadsheets), or html (a one-page report of one file; use -o)."
)
PROGRESS_MIN_FILES = 20  # below this a progress bar only flickers


@app.command()
def template(
    org: str = typer.Argument(..., help="An organisation id (see `ladder list`) or a path to a framework file."),
    level: str = typer.Argument(..., help="The level aimed at: id, alias or title (case-insensitive)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    path: list[Path] | None = typer.Option(None, "--path", "-p", help=PATH_HELP),
) -> None:
    """Print a ready-to-fill assessment for someone aiming at LEVEL: every expectation up to it, as not-yet."""
    from ladder.load.workspace import open_framework
    from ladder.logic.template import framework_reference, render_template
    from ladder.models.queries import find_level
    from ladder.signatures import MADE_BY
    from ladder.writer import write_atomic

    loaded = open_framework(org, [str(p) for p in path or []])
    framework = loaded.model
    text = render_template(framework, find_level(framework, level), reference=framework_reference(org, output))
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force, [loaded.document.file], ours=MADE_BY)
        typer.echo(f"wrote {shown(output, 1000)}", err=True)


@app.command()
def assess(
    files: list[Path] = typer.Argument(..., help="Assessment files, or directories to search for *.yaml / *.yml."),
    output_format: AssessFormat = typer.Option(AssessFormat.text, "--format", "-f", help=ASSESS_FORMAT_HELP),
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
    from ladder.commands.assess import assess_file, assess_files, assess_since, assessment_files
    from ladder.errors import InvalidFile, UsageError
    from ladder.logic.scoring import Settings
    from ladder.outcome import Outcome
    from ladder.render.assess import ASSESS_REPORTERS, with_progress

    extra = [str(p) for p in path or []]
    settings = Settings(threshold, by.value if by else None, target)
    if output_format is AssessFormat.html:
        _assess_html(files, settings, extra, output, force)
        return
    if output is not None:
        raise UsageError("-o is for --format html", "redirect other formats: ladder assess FILE > out")
    reporter = ASSESS_REPORTERS[output_format.value](sys.stdout)
    found = assessment_files([str(f) for f in files])
    if not found:
        typer.echo("ladder: no *.yaml or *.yml files found under the given paths", err=True)
        raise typer.Exit(2)
    if len(files) == 1 and not files[0].is_dir():
        try:
            result = assess_file(found[0], settings, extra)
        except InvalidFile as exc:
            if output_format is not AssessFormat.json:
                raise
            # one JSON shape for one file or many: the document says which file failed, and why
            reporter.row(Outcome(str(found[0]), problems=exc.problems))
            reporter.finish()
            raise typer.Exit(1) from None
        history = assess_since(since, result, settings, extra) if since is not None else None
        reporter.result(result, explain, history)
        return
    if since is not None or explain:
        raise UsageError("--since and --explain work on one assessment file", "give a single FILE")
    outcomes = assess_files(found, settings, extra)
    if len(found) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        outcomes = with_progress(outcomes, len(found))
    failed = False
    for outcome in outcomes:
        reporter.row(outcome)
        failed = failed or outcome.result is None
    reporter.finish()
    raise typer.Exit(1 if failed else 0)


def _assess_html(files: list[Path], settings: Settings, extra: list[str], output: Path | None, force: bool) -> None:
    """One assessment as a self-contained HTML report, to -o FILE (atomically) or stdout."""
    from ladder.commands.assess import assess_file
    from ladder.errors import UsageError
    from ladder.render.assess import result_dict
    from ladder.render.export import assessment_html
    from ladder.signatures import REPORT_GENERATOR
    from ladder.writer import write_atomic

    if len(files) != 1 or files[0].is_dir():
        raise UsageError("--format html reports on one assessment file", "give a single FILE")
    frameworks: dict[str, Any] = {}  # filled by assess_file: the framework files it read, by resolved path
    html = assessment_html(result_dict(assess_file(files[0], settings, extra, frameworks)))
    if output is None:
        typer.echo(html, nl=False)
    else:
        write_atomic(output, html, force, [files[0], *frameworks], ours=REPORT_GENERATOR)
        typer.echo(f"wrote {shown(output, 1000)}", err=True)
# --- end template / assess ---

# --- import command ---
class ImportFormat(str, Enum):
    md = "md"
    csv = "csv"
    tsv = "tsv"


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="The ladder: Markdown (.md, .txt), CSV (.csv) or TSV (.tsv, .tab)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the framework here (default: stdout)."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
    org: str | None = typer.Option(None, "--org", help="Framework id (default: from the file name)."),
    name: str | None = typer.Option(None, "--name", help="Framework name (default: the document's title)."),
    source_format: ImportFormat | None = typer.Option(
        None, "--from", help="Input format (default: from the extension)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, max=MAX_BYTES_CEILING,
                                  help=MAX_BYTES_HELP),
) -> None:
    """Turn a ladder written as Markdown headings + bullets, a Markdown table, CSV or TSV into a framework file.

    Reads level headings with bullets (nested bullets joined by AND/OR or OR are groups), pipe tables and
    CSV/TSV matrices (header row = levels, first column = competency). The YAML goes to stdout, or to -o FILE
    (written atomically; an existing file only with --force). A summary goes to stderr.
    """
    from ladder.importer import describe, import_file
    from ladder.render.yaml import dump_framework
    from ladder.signatures import MADE_BY_IMPORT
    from ladder.writer import write_atomic

    result = import_file(file, source_format.value if source_format else None, org, name, max_bytes)
    text = dump_framework(result.framework, note=f"{MADE_BY_IMPORT} from {shown(file.name, 200)}; edit freely")
    from ladder.importer import check_output

    check_output(text, str(file))  # nothing is written that ladder validate would refuse
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_atomic(output, text, force, [file], ours=MADE_BY_IMPORT)
    typer.echo(describe(result, str(file)), err=True)
# --- end import ---


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

