"""Text from a file is data everywhere: one escaping rule per output language, applied to every field.

The hostile files in tests/data/hostile/ hold rich markup (markup.yaml), line breaks, bidi and invisible
characters (newlines.yaml), HTML, images and links (html.yaml), keys that forge workflow commands
(forged_keys.yaml) and assessments with all of these (batch/). Every command and format must show them as
text: no markup from data, no output line that data starts, no crash, one line per problem.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import DATA, Tty, one_result

HOSTILE = DATA / "hostile"
BATCH = HOSTILE / "batch"
FRAMEWORKS = ["markup.yaml", "newlines.yaml", "html.yaml", "xss.yaml"]
# What follows a line break inside a value of newlines.yaml and the batch: never the start of an output line.
FORGED_STARTS = ("::", "# Heading", "# forged", "## forged", "- forged", "1. forged", "| a | b |", "windows", "lines",
                 "2 levels ahead", "more\\u200b")
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def assert_no_forged_lines(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip(" •↳·+−~=").startswith(FORGED_STARTS), line
    assert not INVISIBLE.search(text.replace("\n", "")), repr(INVISIBLE.search(text.replace("\n", "")))


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def assert_safe_markdown(text: str) -> None:
    """No raw HTML, image or link at all (the renderers make none), and no HTML a viewer would run."""
    from ladder.signatures import MADE_BY_EXPORT

    for token in markdown_parser().parse(text):
        # the one HTML block allowed is ladder's own first line, an export's signature comment
        ours = token.map == [0, 1] and token.content.startswith(MADE_BY_EXPORT) and token.content.count("\n") == 1
        assert token.type not in ("html_block",) or ours, token
        for child in token.children or []:
            assert child.type not in ("html_inline", "image", "link_open"), (child.type, child.content, token.content)
    for raw in ("<script", "<img", "<iframe", "<svg", "<style", "<a href", "<b>", "<u>", "<i>"):
        assert not re.search(rf"(?<!\\){re.escape(raw)}", text), raw
    assert not re.search(r"(?<!\\)\]\(javascript:", text)
    html = markdown_parser().render(text)
    assert not re.search(r"<(script|img|iframe|svg|style|a\b)", html), html
    assert_no_forged_lines(text)


# ---------------------------------------------------------------- markdown_text: the Markdown rule


def test_markdown_text_reads_back_as_the_text_and_makes_no_markup():
    from ladder.render.markdown import markdown_text

    for text in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                 "![i](http://x/t.png)", "# h", "1. item", "3) item", "- b", "+ b", "> q", "=== ", "---", "***",
                 "`code`", "*em* _u_ ~~s~~", "a | b", "&amp; &#60;", "<https://x.example>", "[r]: http://x", "\\",
                 "a\\*b", "    indented", "!bang"]:
        tokens = markdown_parser().parse(markdown_text(text))
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], text
        assert [c.type for c in tokens[1].children] == ["text"], text
        assert tokens[1].children[0].content == text.strip(), text


PIECES = [*"<>[]()!#*_`~|&\\-+=.:1 ax", "\n", "\t", "\u202e", "\u200b", "javascript:", "http://x/", "&amp;", "<b>",
          "1. ", "# ", "- ", "> "]
MARKDOWNISH = st.lists(st.sampled_from(PIECES) | st.characters(blacklist_categories=("Cs",)), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_markdown_text_is_one_paragraph_of_plain_text_in_any_position(text):
    from ladder.errors import _CONTROLS
    from ladder.render.markdown import markdown_text

    expected = text.translate({9: 32, 10: 32, 13: 32}).strip(" ").translate(_CONTROLS)
    field = markdown_text(text)
    assert "\n" not in field
    for document, wrapper in [(field, "paragraph"), (f"- {field}", "list"), (f"## {field}", "heading"),
                              (f"| {field} | x |\n|---|---|\n| {field} | y |", "table")]:
        tokens = markdown_parser().parse(document)
        opened = [t.type for t in tokens if t.nesting == 1]
        assert set(opened) <= {"paragraph_open", "bullet_list_open", "list_item_open", "heading_open", "table_open",
                               "thead_open", "tbody_open", "tr_open", "th_open", "td_open"}, (document, opened)
        inline = [t for t in tokens if t.type == "inline"]
        assert all(c.type == "text" for t in inline for c in t.children), document
        shown = ["".join(c.content for c in t.children).strip() for t in inline]
        if wrapper == "table":  # one cell stays one cell, with its text
            assert sum(t.type == "td_open" for t in tokens) == 2 and sum(t.type == "th_open" for t in tokens) == 2
            assert shown == [expected.strip(), "x", expected.strip(), "y"], (document, shown)
        elif expected.strip():
            assert shown == [expected.strip()], (document, shown)


def test_a_link_the_renderer_makes_is_a_web_link_or_text():
    from ladder.render.markdown import markdown_link

    assert markdown_link("Site", "https://example.com/a(b)") == "[Site](https://example.com/a%28b%29)"
    for url in ["javascript:alert(1)", "data:text/html,x", "https://x.example/ y", "https://x/<script>", "http://\u202e"]:
        tokens = markdown_parser().parse(markdown_link("<b>x</b>", url))
        assert all(c.type == "text" for t in tokens if t.children for c in t.children), url


# ---------------------------------------------------------------- frameworks through show, list, diff, export


@pytest.mark.parametrize("name", FRAMEWORKS)
@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_show_list_and_diff_print_hostile_data_as_text(invoke, name, fmt):
    path = HOSTILE / name
    runs = [("show", path), ("show", path, "1"), ("show", path, "2"), ("show", path, "2", "--own"), ("list", path),
            ("diff", path, "1", "2"), ("diff", path, "2", "1")]
    for args in runs:
        result = invoke(*args, "--format", fmt)
        assert result.exit_code == 0, (args, result.output)
        if fmt == "json":
            json.loads(result.stdout)
        elif fmt == "markdown":
            assert_safe_markdown(result.stdout)
        else:
            assert_no_forged_lines(result.stdout)


def test_list_of_every_framework_shows_hostile_ones_as_text(invoke, tmp_path):
    for name in FRAMEWORKS:
        shutil.copy(HOSTILE / name, tmp_path / name)
    for fmt in ("text", "markdown"):
        result = invoke("list", "--path", tmp_path, "--format", fmt)
        assert result.exit_code == 0, result.output
        (assert_safe_markdown if fmt == "markdown" else assert_no_forged_lines)(result.stdout)


def test_rich_markup_in_data_is_shown_literally_when_piped(invoke):
    level = invoke("show", HOSTILE / "markup.yaml", "2").stdout
    assert level.startswith("2 — Two \\  Org \\[/bold] \\[link=https://evil.example]click\\[/link] · ")
    assert "  ↳ \\[/bold] crashes? \\\\\\[b]odd\\[/b] (a1)" in level
    assert "  ↳ [on red]  [/on red] [#ff0000]red[/] [@click]x[/] (a2)" in level
    assert "\n[bold red]Area[/]\n" in level
    overview = invoke("show", HOSTILE / "markup.yaml").stdout
    assert "source: \\\\[dim]hidden\\\\[/dim]" in overview and "\ntrailing backslash \\\n" in overview
    assert "2      2 Two \\" in invoke("list", HOSTILE / "markup.yaml").stdout


def test_line_breaks_and_bidi_in_data_are_shown_as_escapes(invoke):
    level = invoke("show", HOSTILE / "newlines.yaml", "1").stdout
    assert level.startswith("1 — A\\n::error file=x::forged  Org\\n::error file=x::forged · IC\\n| a | b | track")
    assert "  • tab\\there \\u2066iso\\u2069 \\u200fRLM \\u061c (a2)" in level
    assert "sum\\u2028marynext\\ufeff" in level
    diff = invoke("diff", HOSTILE / "newlines.yaml", "1", "2").stdout
    assert "  + b1  [Area] more\\nlines" in diff
    assert "  + Exam: — → Exam\\n::warning::forged" in diff


def rich_output(render) -> str:
    out = Tty()
    render(out)
    raw = out.getvalue()
    assert "\x1b]8;" not in raw  # no OSC-8 hyperlink from data
    assert not INVISIBLE.search(re.sub(r"\x1b\[[0-9;]*m", "", raw).replace("\n", ""))
    return re.sub(r"\x1b\[[0-9;]*m", "", raw)


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_on_a_real_terminal_data_is_text_too(monkeypatch, name):
    from ladder.load.loader import load_framework
    from ladder.logic.diff import diff_levels
    from ladder.logic.show import ladder_view, level_view, overview
    from ladder.render.registry import renderer
    from ladder.render.show import show_level_text, show_overview_text
    from ladder.render.terminal import RichTerminal, terminal

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "300")
    fw = load_framework(HOSTILE / name).model
    assert isinstance(terminal(Tty()), RichTerminal)
    for level in ("1", "2"):
        text = rich_output(lambda out, level=level: show_level_text(level_view(fw, level), terminal(out)))
        if name == "markup.yaml" and level == "2":
            assert "\\[link=https://evil.example]more\\[/link] (b1)" in text
            assert "Exam: passed \\[/bold]exam" in text
    rich_output(lambda out: show_overview_text(overview(fw), terminal(out)))
    rich_output(lambda out: show_overview_text(ladder_view(fw), terminal(out)))
    diff = rich_output(lambda out: renderer("diff", "text", out).one(diff_levels(fw, fw.level("1"), fw.level("2"))))
    assert_no_forged_lines(diff)


# ---------------------------------------------------------------- export


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_export_markdown_makes_no_markup_from_data_and_reads_back(invoke, name, tmp_path):
    from ladder.importer import import_file
    from ladder.load.loader import load_framework

    result = invoke("export", HOSTILE / name, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert_safe_markdown(result.stdout)
    invoke("export", HOSTILE / name, "--format", "markdown", "-o", tmp_path / "tree")
    for page in (tmp_path / "tree").rglob("*.md"):
        assert_safe_markdown(page.read_text())
    if name == "newlines.yaml":
        return  # line breaks are folded to spaces in Markdown: that text does not come back as it was
    (tmp_path / f"{name}.md").write_text(result.stdout)
    before, after = load_framework(HOSTILE / name).model, import_file(tmp_path / f"{name}.md").framework
    texts = [[e.text for a in lvl.areas for e in a.expectations] for lvl in before.levels]
    assert [[e.text for a in lvl.areas for e in a.expectations] for lvl in after.levels] == texts
    assert [lvl.title for lvl in after.levels] == [lvl.title for lvl in before.levels]
    assert [a.name for lvl in after.levels for a in lvl.areas] == [a.name for lvl in before.levels for a in lvl.areas]
    assert (after.organisation, after.name) == (before.organisation, before.name)


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_export_html_links_only_web_addresses(invoke, name, tmp_path):
    result = invoke("export", HOSTILE / name, "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text()
        assert not re.search(r"<(script|img|iframe|svg)\b", html), page
        assert not re.search(r"(href|src)=\"\s*(javascript|data):", html, re.I), page


# ---------------------------------------------------------------- assess: one file, a batch, every format


@pytest.mark.parametrize("name", ["eve.yaml", "mallory.yaml", "newline.yaml"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
def test_assess_one_file_shows_data_as_text(invoke, name, fmt):
    extra = ["--explain"] if fmt in ("text", "markdown") else []
    result = invoke("assess", BATCH / name, "--format", fmt, *extra)
    assert result.exit_code == 0, result.output
    if fmt == "markdown":
        assert_safe_markdown(result.stdout)
    elif fmt == "text":
        assert_no_forged_lines(result.stdout)
    elif fmt == "json":
        assert one_result(result.stdout)["person"].startswith(("Eve\n", "<script>", "Nell\n"))


def test_assess_text_keeps_the_persons_name_on_its_line(invoke):
    out = invoke("assess", BATCH / "eve.yaml").stdout
    assert out.startswith("Eve\\n2 levels ahead \\u202eevil\\u202c · Org \\[/bold] \\[link=https://evil.example]")
    assert "    [2] b1: not-yet — \\[link=https://evil.example]more\\[/link]" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "csv"])
def test_assess_batch_shows_data_as_text_and_problems_one_line_each(invoke, fmt):
    result = invoke("assess", BATCH, "--format", fmt)
    assert result.exit_code == 1, result.output  # unknown.yaml is invalid
    problems = result.stderr.splitlines()
    assert problems and all(line.startswith(str(BATCH / "unknown.yaml") + ":") for line in problems), problems
    if fmt == "text":
        lines = result.stdout.splitlines()
        assert len(lines) == 6 and all(len(line.split("\t")) == 7 for line in lines[:5]), lines
        assert_no_forged_lines(result.stdout)
    elif fmt == "markdown":
        assert_safe_markdown(result.stdout)
        rows = [t for t in markdown_parser().parse(result.stdout) if t.type == "tr_open"]
        assert len(rows) == 5  # the head and one row per file
    elif fmt == "csv":
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [r["person"][:4] for r in rows] == ["Eve\n", "<scr", "Nell", ""]
    else:
        assert [r["status"] for r in json.loads(result.stdout)["results"]] == ["ok", "ok", "ok", "invalid"]


def test_assess_batch_table_on_a_real_terminal(monkeypatch):
    from ladder.commands.assess import assess_files, assessment_files
    from ladder.logic.scoring import Settings
    from ladder.render.assess_text import TextReporter

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "400")

    def batch(out):
        reporter = TextReporter(out)
        for outcome in assess_files(assessment_files([str(BATCH)]), Settings(0.8, None, None), []):
            reporter.row(outcome)
        reporter.finish()

    text = rich_output(batch)
    assert "Eve\\n2 levels ahead \\u202eevil\\u202c" in text and "Nell\\n# forged heading\\u200b" in text
    assert_no_forged_lines(text)

    def one(out):
        from ladder.commands.assess import assess_file

        TextReporter(out, explain=True).one(assess_file(BATCH / "eve.yaml", Settings(0.8, None, None), []))

    text = rich_output(one)
    assert "\\[link=https://evil.example]more\\[/link]" in text


# ---------------------------------------------------------------- messages and validate


def test_problem_and_usage_lines_stay_one_line():
    from ladder.errors import InvalidFile, Location, Problem, UsageError

    problem = Problem(Location("a\nb\x1b.yaml", 1, 2, "k\n::error::x"), "bad 'v\u202e\n::error::y'", "error", "r")
    assert str(problem) == "a\\nb\\x1b.yaml:1:2: error: k\\n::error::x: bad 'v\\u202e\\n::error::y' (r)"
    assert "\n" not in str(InvalidFile("m", problems=[problem]))
    assert str(InvalidFile("x", problems=[problem, problem])).count("\n") == 1
    assert str(UsageError("unknown level 'a\nb'", "levels are \u2066x")) == "unknown level 'a\\nb'; levels are \\u2066x"


def test_a_level_asked_for_with_a_line_break_is_quoted_on_one_line(invoke):
    result = invoke("show", HOSTILE / "markup.yaml", "x\n::error file=x::forged")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_validate_keys_that_forge_lines_give_one_line_per_problem(invoke, fmt):
    result = invoke("validate", HOSTILE / "forged_keys.yaml", "--format", fmt)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    if fmt == "json":
        problems = json.loads(result.stdout)["files"][0]["problems"]
        assert len(problems) == 3 and any("\n::error" in p["path"] for p in problems)
        return
    assert len(lines) == 4, lines  # three problems and the summary
    if fmt == "github":
        assert all(line.startswith("::error file=") for line in lines[:3])
        assert [line for line in lines if line.startswith("::")] == lines[:3]
        assert all(":" not in line.split("::")[1] for line in lines[:3]), lines  # properties end at the "::"
        assert "%250A" in lines[0] and "\\n::error file=x::forged track" in lines[0]
    else:
        assert all(line.startswith(str(HOSTILE / "forged_keys.yaml") + ":") for line in lines[:3])


def test_github_annotation_escapes_data_and_properties():
    from ladder.errors import Location, Problem
    from ladder.render.validate import github_annotation

    line = github_annotation(Problem(Location("a:b,c%\u202e.yaml", 3, 1, "p"), "50% of x\n::error::y", "warning", "r"))
    assert line == "::warning file=a%3Ab%2Cc%25\\u202e.yaml,line=3,col=1,title=ladder (r)::p: 50%25 of x\\n::error::y"


EVIL_NAME = "e\x1b]8;;evil.example\x07vil\u202e\n::error file=x::forged"


def test_file_names_with_escapes_never_reach_the_output(invoke, tmp_path):
    bad = tmp_path / f"{EVIL_NAME}.yaml"
    shutil.copy(DATA / "invalid" / "duplicate_key.yaml", bad)
    for fmt in ("text", "github"):
        result = invoke("validate", bad, "--format", fmt)
        assert "\x1b" not in result.output and "\u202e" not in result.output
        assert [line for line in result.stdout.splitlines() if line.startswith("::")] == (
            result.stdout.splitlines()[:1] if fmt == "github" else [])
        assert len(result.stdout.splitlines()) == 2, result.stdout
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("eve.yaml", "unknown.yaml"):
        shutil.copy(BATCH / name, batch / f"{EVIL_NAME}{name}")
    (batch / f"{EVIL_NAME}eve.yaml").write_text((BATCH / "eve.yaml").read_text().replace("../", f"{HOSTILE}/"))
    (batch / f"{EVIL_NAME}unknown.yaml").write_text(
        (BATCH / "unknown.yaml").read_text().replace("../", f"{HOSTILE}/"))
    for fmt in ("text", "markdown"):
        result = invoke("assess", batch, "--format", fmt)
        assert "\x1b" not in result.output and "\u202e" not in result.output, result.output
        assert_no_forged_lines(result.stdout)
        assert all(line.startswith(str(batch)) for line in result.stderr.splitlines())
    out = tmp_path / f"{EVIL_NAME}.yaml.out"
    result = invoke("template", HOSTILE / "markup.yaml", "2", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("wrote ") and len(result.stderr.splitlines()) == 1, result.stderr
    assert "\x1b" not in result.stderr and "\\x1b]8;;evil.example\\x07vil\\u202e\\n::error" in result.stderr


def test_a_file_named_like_a_workflow_command_never_starts_a_line(invoke, tmp_path, monkeypatch):
    """A pull request may add `frameworks/::error::x.yaml`; scanning `.` must not print a line that a
    GitHub runner reads as a workflow command (a line starting '::')."""
    (tmp_path / "::error title=pwned::x.yaml").write_text("id: x\n")
    monkeypatch.chdir(tmp_path)
    outputs = [invoke("validate", "."), invoke("assess", "."), invoke("assess", ".", "-f", "csv"),
               invoke("assess", ".", "-f", "markdown")]
    for result in outputs:
        assert result.exit_code == 1
        text = result.stdout + result.stderr
        assert "./::error title=pwned::x.yaml" in text
        assert not [line for line in text.splitlines() if line.lstrip().startswith("::")], text


@pytest.mark.parametrize("args", [("show",), ("show", "1"), ("show", "2"), ("show", "2", "--own"), ("list",),
                                  ("diff", "1", "2"), ("diff", "2", "1"), ("template", "2")])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_that_starts_like_a_workflow_command_never_starts_a_line(invoke, args, fmt):
    framework = HOSTILE / "workflow.yaml"
    command, rest = args[0], args[1:]
    options = () if command == "template" else ("-f", fmt)
    result = invoke(command, framework, *rest, *options)
    assert result.exit_code == 0, result.output
    assert "::error" in result.stdout  # the text is there, shown
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")], result.stdout


def test_exported_markdown_never_starts_a_line_with_a_workflow_command(invoke):
    result = invoke("export", HOSTILE / "workflow.yaml", "-f", "markdown")
    assert result.exit_code == 0 and "::error" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
