"""`ladder import` end to end: stdout/-o, --force, options, validate --strict on every fixture, export round trip."""

from __future__ import annotations

import pytest

from conftest import DATA, FRAMEWORKS
from ladder.load.loader import load_framework
from ladder.models.queries import is_matrix, own_items, track_levels, walk

IMPORT = DATA / "import"
FIXTURES = sorted(p for p in IMPORT.iterdir() if p.is_file())
OPTIONS = {"matrix.md": ["--rank-from", "order"]}  # two tracks whose levels share no rank: import asks


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_imports_and_passes_validate_strict(invoke, tmp_path, path):
    out = tmp_path / f"{path.stem}.yaml"
    result = invoke("import", path, "-o", out, *OPTIONS.get(path.name, []))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # with -o nothing but the summary, on stderr
    assert f"{path}: read as " in result.stderr
    checked = invoke("validate", "--strict", out)
    assert checked.exit_code == 0, checked.output
    assert "1 valid, 0 invalid (0 error(s), 0 warning(s))" in checked.output


def test_stdout_is_the_yaml_and_the_summary_goes_to_stderr(invoke, tmp_path):
    result = invoke("import", IMPORT / "basecamp.md")
    assert result.exit_code == 0
    assert result.stdout.startswith("# yaml-language-server: $schema=../schema/framework.schema.json\n")
    assert "summary" not in result.stdout and "read as Markdown" not in result.stdout
    assert result.stderr.strip() == (
        f"{IMPORT / 'basecamp.md'}: read as Markdown: 1 track(s), 5 level(s), 5 area(s), 43 expectation(s), "
        "2 group(s), 0 competency row(s) with 0 cell(s), 5 typed criteria (experience 5).\n"
        "52 unit(s) of text read: 50 in levels (50 verbatim), 2 in the description, principles or notes, 0 not "
        "placed (--report text lists each).")
    piped = tmp_path / "piped.yaml"
    piped.write_text(result.stdout, encoding="utf-8")
    assert invoke("validate", "--strict", piped).exit_code == 0


def test_summary_lists_what_could_not_be_placed(invoke):
    result = invoke("import", IMPORT / "handbook.md")
    assert result.exit_code == 0
    assert "Not placed as structure (2):" in result.stderr
    assert f"{IMPORT / 'handbook.md'}:12:1: HTML comment, not read: '<!-- last reviewed by the support leads -->'" \
        in result.stderr


def test_output_file_is_not_overwritten_without_force(invoke, tmp_path):
    out = tmp_path / "acme.yaml"
    assert invoke("import", IMPORT / "skills.csv", "-o", out).exit_code == 0
    previous = out.read_text(encoding="utf-8")
    refused = invoke("import", IMPORT / "support.csv", "-o", out)
    assert refused.exit_code == 1
    assert f"{out}: error: file exists; not overwriting it; pass --force to replace it" in refused.stderr
    assert out.read_text(encoding="utf-8") == previous
    forced = invoke("import", IMPORT / "support.csv", "-o", out, "--force")  # its own previous output
    assert forced.exit_code == 0
    assert "id: support\n" in out.read_text(encoding="utf-8")
    assert out.read_text().splitlines()[1] == "# Made by `ladder import` from support.csv; edit freely"
    assert [p.name for p in tmp_path.iterdir()] == ["acme.yaml"]  # no temporary files left behind


def test_force_never_replaces_a_framework_ladder_did_not_write(invoke, tmp_path):
    out = tmp_path / "acme.yaml"
    out.write_text((FRAMEWORKS / "heroes.yaml").read_text())  # a hand-written framework, not an import
    refused = invoke("import", IMPORT / "support.csv", "-o", out, "--force")
    assert refused.exit_code == 1 and "was not written by ladder" in refused.stderr
    assert out.read_text() == (FRAMEWORKS / "heroes.yaml").read_text()


def test_org_name_and_from_options(invoke, tmp_path):
    sheet = tmp_path / "export.txt"
    sheet.write_text((IMPORT / "support.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("import", sheet, "--from", "csv", "--org", "acme", "--name", "Acme support")
    assert result.exit_code == 0, result.output
    assert "\nid: acme\n" in result.stdout and "\nname: Acme support\n" in result.stdout
    assert "read as CSV" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--from", "pdf", "a.md"], "Invalid value for '--from'"),
    (["--levels-at", "h9", "a.md"], "'h9' is not a heading depth; use h1 to h6"),
    (["--parallel", "M4", "a.md"], "'M4' is not LEVEL=LEVEL (such as M4=L4)"),
    (["--org", "has space", str(IMPORT / "basecamp.md")], "--org 'has space' is not a valid id"),
])
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke("import", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_an_unsupported_format_is_refused_naming_the_supported_ones(invoke, tmp_path):
    doc = tmp_path / "ladder.docx"
    doc.write_text("## Level 1\n\n- x\n", encoding="utf-8")
    result = invoke("import", doc)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"ladder: cannot import '{doc}': Word files are not a format ladder reads; "
                                    "ladder imports Markdown (.md, .markdown, .txt), HTML (.html, .htm), CSV")
    assert "--from" not in result.stderr  # reading Word as Markdown would make a garbage framework
    other = tmp_path / "ladder.wiki"
    other.write_text("## Level 1\n\n- x\n", encoding="utf-8")
    assert "name its format with --from if it is one" in invoke("import", other).stderr
    assert invoke("import", other, "--from", "md").exit_code == 0


def test_missing_input_is_a_usage_error(invoke, tmp_path):
    result = invoke("import", tmp_path / "nope.md")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


@pytest.mark.parametrize("name, content, where", [
    ("empty.md", b"", ":1:1: error: file is empty"),
    ("ragged.csv", b"T\nC,L1\nx,1\ny,1,2\n", ":4:5: error: ragged row"),
    ("prose.md", b"# Just a title\n\nNo levels here.\n", ":1:1: error: no recognisable levels"),
    ("binary.tsv", b"a\tb\x00", ":1:4: error: binary data"),
    ("latin1.md", "## Level 1\n\n- caf\xe9\n".encode("latin-1"), ":3:6: error: invalid UTF-8 byte 0xe9"),
])
def test_bad_input_exits_1_with_a_located_error_and_writes_nothing(invoke, tmp_path, name, content, where):
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out.yaml"
    result = invoke("import", source, "-o", out, "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}{where}")
    assert "Traceback" not in result.output
    assert not out.exists()


def _areas(framework, level):
    """A level's areas as (name, number, texts), the unnamed area first as the export writes it."""
    areas = sorted(level.areas, key=lambda area: area.name is not None)
    return [(a.name, a.number, [e.text for e in walk(a.expectations)]) for a in areas]


def _tracks(framework):
    return [(t.name, t.description, [lvl.id for lvl in track_levels(framework, t.id)]) for t in framework.tracks]


@pytest.mark.parametrize("path", sorted(FRAMEWORKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_export_markdown_then_import_gives_the_same_levels_and_texts(invoke, tmp_path, path):
    markdown = tmp_path / f"{path.stem}.md"
    exported = invoke("export", path, "--format", "markdown", "-o", markdown)
    assert exported.exit_code == 0, exported.output
    out = tmp_path / f"{path.stem}.yaml"
    imported = invoke("import", markdown, "-o", out)
    assert imported.exit_code == 0, imported.output
    assert invoke("validate", "--strict", out).exit_code == 0
    original, back = load_framework(path).model, load_framework(out).model
    assert sorted((lvl.id, lvl.title) for lvl in back.levels) == sorted((lvl.id, lvl.title) for lvl in original.levels)
    for level in original.levels:
        again = back.level(level.id)
        assert _areas(back, again) == _areas(original, level)
        assert [i.text for i in own_items(back, again) if i.competency] == [
            i.text for i in own_items(original, level) if i.competency]
        assert (again.summary, again.no_content, again.builds_on, again.parallel) == (
            level.summary, level.no_content, level.builds_on, level.parallel)
    assert (back.organisation, back.name, back.description) == (
        original.organisation, original.name, original.description)
    assert [(p.heading, p.text) for p in back.principles] == [(p.heading, p.text) for p in original.principles]
    if not is_matrix(original):  # a matrix keeps its pipe table, whose track is named after the framework
        assert _tracks(back) == _tracks(original)


def test_whatfix_tracks_and_principles_survive_the_markdown_round_trip(invoke, tmp_path):
    markdown, out = tmp_path / "whatfix.md", tmp_path / "whatfix.yaml"
    assert invoke("export", "whatfix", "--format", "markdown", "-o", markdown).exit_code == 0
    assert invoke("import", markdown, "-o", out).exit_code == 0
    back = load_framework(out).model
    assert _tracks(back) == [
        ("Individual Contributor (IC)", None, ["S0", "S1", "S2", "S3"]),
        ("People Manager", None, ["SL1", "SL2", "SL3", "SL4"])]
    assert [p.heading for p in back.principles] == ["Career Framework"] * 4 + ["Roles Profiles"] * 6 + [
        "Competency Framework"] * 5
    assert back.principles[4].text == "Expectations defined at each level"


def test_the_exported_criteria_line_is_listed_not_read_as_a_summary(invoke, tmp_path):
    markdown = tmp_path / "heroes.md"
    assert invoke("export", "heroes", "--format", "markdown", "-o", markdown).exit_code == 0
    imported = invoke("import", markdown, "-o", tmp_path / "heroes.yaml")
    assert imported.exit_code == 0
    assert imported.stderr.count("criteria line of a ladder export") == 3
    hero = load_framework(tmp_path / "heroes.yaml").model.level("hero")
    assert hero.summary == "Everyone starts here. Default status"


def test_a_huge_file_is_refused_before_parsing(invoke, tmp_path):
    import tracemalloc

    from ladder.errors import InvalidFile
    from ladder.importer import MAX_LINES, import_text

    text = "".join(f"## Level {i}, level {i}\n- does thing {i}\n" for i in range(MAX_LINES))
    tracemalloc.start()
    try:
        import_text(text, "big.md", "md")
    except InvalidFile as exc:
        assert str(exc) == f"big.md:{MAX_LINES + 1}:1: error: more than {MAX_LINES:,} non-blank lines; " \
                           "a ladder never needs this many; split the file"
    else:
        raise AssertionError("a 100,000-line file was imported")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024  # refused without building anything from it (the text is ~2 MiB)
    path = tmp_path / "big.csv"
    path.write_text("Competency,A,B\n" + "x,y,z\n" * MAX_LINES)
    result = invoke("import", path, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 1 and "more than 50,000 non-blank lines" in result.output
    assert not (tmp_path / "out.yaml").exists()


# ---------------------------------------------------------------- never write what validate refuses

REFUSED = "error: the imported framework would be refused by ladder validate: "


def _refused_and_nothing_written(invoke, source, tmp_path, piped=True):
    """The error import gives for ``source``: exit 1, no -o file and (``piped``) nothing on stdout.
    The refusal comes before the choice of stdout or -o; big inputs are imported once only."""
    out = tmp_path / "out.yaml"
    written = invoke("import", source, "-o", out)
    assert written.exit_code == 1, written.output
    assert "Traceback" not in written.output and "read as" not in written.stderr
    assert not out.exists()
    if piped:
        to_stdout = invoke("import", source)
        assert to_stdout.exit_code == 1 and to_stdout.stdout == ""  # nothing on stdout either
        assert to_stdout.stderr == written.stderr
    return written.stderr.strip()


def test_a_ladder_over_the_node_limit_is_refused_not_written(invoke, tmp_path):
    from ladder.importer import MAX_ITEMS
    from ladder.load.yaml import MAX_NODES

    per_level = 1_999  # 10 levels: 19,990 expectations, under import's own cap of 20,000 ...
    assert 10 * per_level < MAX_ITEMS  # ... but 5 YAML nodes each, and the levels' own: over 100,000
    source = tmp_path / "acme.md"
    source.write_text("# Acme\n\n" + "".join(
        f"## Level {level}\n\n" + "".join(f"- does thing {level}.{n}\n" for n in range(per_level)) + "\n"
        for level in range(1, 11)), encoding="utf-8")
    message = _refused_and_nothing_written(invoke, source, tmp_path, piped=False)
    assert message == (f"{source}: {REFUSED}more than {MAX_NODES:,} keys and values (the node limit); "
                       "split the ladder into several files")


def test_a_ladder_whose_yaml_would_be_over_the_size_limit_is_refused_not_written(invoke, tmp_path):
    from ladder.load.text import DEFAULT_MAX_BYTES

    # a text starting with a quote is single-quoted in YAML, every quote inside doubled: 4.5 MB in, 6.7 MB out
    source = tmp_path / "acme.md"
    source.write_text("# Acme\n\n## Level 1\n\n" + "".join(f"- '{n} " + "a'" * 45_000 + "\n" for n in range(50))
                      + "\n## Level 2\n\n- does more\n", encoding="utf-8")
    assert source.stat().st_size < DEFAULT_MAX_BYTES
    message = _refused_and_nothing_written(invoke, source, tmp_path, piped=False)
    assert message.startswith(f"{source}: {REFUSED}its YAML would be 6,")
    assert message.endswith(" bytes, over the limit of 5,242,880 bytes (the size limit); "
                            "split the ladder into several files")


@pytest.mark.parametrize("name, content, where, char", [
    ("bell.md", "# Acme\n\n## Level 1\n\n- rings the \x07 bell\n- fine\n", ":5:13:", "0x07"),
    ("ansi.md", "# Acme\n\n## Level 1\n\n- does \x1b[31mred\x1b[0m things\n", ":5:8:", "0x1b"),
    ("cell.csv", "Competency,L1,L2\r\nTalks,says \x1b]0;owned\x07 hi,b\r\n", ":2:12:", "0x1b"),
    ("c1.tsv", "Competency\tL1\tL2\nTalks\ta\x9bb\tc\n", ":2:8:", "0x9b"),
])
def test_a_control_character_in_the_input_is_refused_where_it_is(invoke, tmp_path, name, content, where, char):
    source = tmp_path / name
    source.write_bytes(content.encode("utf-8"))
    message = _refused_and_nothing_written(invoke, source, tmp_path)
    assert message == (f"{source}{where} error: text contains the control character {char}; remove it: ladder "
                       "validate refuses control characters in text (they could rewrite the terminal or forge "
                       "output lines)")


def test_crlf_and_multi_line_spreadsheet_cells_import_to_a_file_validate_accepts(invoke, tmp_path):
    source = tmp_path / "sheet.csv"
    source.write_bytes(b'Competency,L1,L2\r\nTalks,"listens\r\nand asks",leads\r\nWrites,"short\rnotes",docs\r\n')
    out = tmp_path / "sheet.yaml"
    imported = invoke("import", source, "-o", out)
    assert imported.exit_code == 0, imported.output
    checked = invoke("validate", "--strict", out)
    assert checked.exit_code == 0, checked.output
    cells = [c.cells for c in load_framework(out).model.competencies.items]
    assert [cell["L1"] for cell in cells] == ["listens\nand asks", "short\nnotes"]


def test_check_output_names_the_check_of_any_other_refusal():
    from ladder.errors import InvalidFile
    from ladder.importer import check_output, import_file
    from ladder.render.yaml import dump_framework

    text = dump_framework(import_file(IMPORT / "basecamp.md").framework)
    check_output(text, "basecamp.md")  # what import writes today passes
    with pytest.raises(InvalidFile) as info:
        check_output(text.replace("name: Titles for Support", 'name: "Titles\\e"', 1), "basecamp.md")
    assert str(info.value) == (f"basecamp.md: {REFUSED}name: text contains the control character 0x1b; remove it "
                               "(it could rewrite the terminal or forge output lines) (yaml); nothing was written")


def test_a_greater_than_sign_inside_a_paragraph_is_text_not_a_quote_marker(invoke, tmp_path):
    source = tmp_path / "arrows.md"
    source.write_text("# Acme\n\n## L1 — Junior\n\nMoves work a -> b when 5 > 3.\n\n- Does things\n")
    result = invoke("import", source)
    assert result.exit_code == 0, result.output
    assert "summary: Moves work a -> b when 5 > 3." in result.stdout


def test_a_file_name_with_control_characters_is_recorded_and_shown_escaped(invoke, tmp_path):
    source = tmp_path / "ev\x1b[2Jil\n::error::x.md"
    source.write_text("# Acme\n\n## L1 — Junior\n\n- Does things\n")
    out = tmp_path / "out.yaml"
    result = invoke("import", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr and "\n::error" not in result.stderr
    assert "ev\\x1b[2Jil\\n::error::x.md: read as Markdown" in result.stderr
    assert "\x1b" not in out.read_text() and invoke("validate", "--strict", out).exit_code == 0


def test_the_text_report_lists_each_unit_once_and_shows_file_text_as_data(invoke, tmp_path):
    source = tmp_path / "ladder.md"
    source.write_text("## L1 - Engineer\n\n- [red]Ships[/red] \u202eevil\n\n```\nrm -rf /\n```\n", encoding="utf-8")
    result = invoke("import", source, "--report", "text")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].endswith("3 unit(s) read as md: 2 in levels (2 verbatim, 67% of all), 1 elsewhere "
                             "(description, principles, notes), 0 not placed.")
    assert lines[1] == "  line 1: heading -> level L1 (alias): 'L1 - Engineer'"
    assert "line 3: bullet -> level L1, expectation L1.1: '[red]Ships[/red] \\u202eevil'" in result.stderr
    assert "line 5: markup -> framework note (code block, not read): 'rm -rf /'" in result.stderr
    assert "\u202e" not in result.stderr and len(lines) == 4


def test_a_workbook_gets_the_same_file_checks_as_text(invoke, tmp_path):
    book = tmp_path / "big.xlsx"
    book.write_bytes(b"PK" + b"\0" * 2000)
    result = invoke("import", book, "--max-bytes", "1000")
    assert result.exit_code == 1
    assert f"{book}: error: file is 2,002 bytes, over the limit of 1,000; split it" in result.stderr
    folder = tmp_path / "dir.xlsx"
    folder.mkdir()
    refused = invoke("import", folder)
    assert refused.exit_code == 1 and f"{folder}: error: is a directory, expected a file" in refused.stderr
