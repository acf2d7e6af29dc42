"""`ladder import` end to end: stdout/-o, --force, options, validate --strict on every fixture, export round trip."""

from __future__ import annotations

import pytest

from ladder.levels import own_items, walk
from ladder.loader import load_framework

from conftest import DATA, FRAMEWORKS

IMPORT = DATA / "import"
FIXTURES = sorted(p for p in IMPORT.iterdir() if p.is_file())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_imports_and_passes_validate_strict(invoke, tmp_path, path):
    out = tmp_path / f"{path.stem}.yaml"
    result = invoke("import", path, "-o", out)
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
        "2 group(s), 0 competency row(s) with 0 cell(s), 5 typed criteria (experience 5).")
    piped = tmp_path / "piped.yaml"
    piped.write_text(result.stdout, encoding="utf-8")
    assert invoke("validate", "--strict", piped).exit_code == 0


def test_summary_lists_what_could_not_be_placed(invoke):
    result = invoke("import", IMPORT / "handbook.md")
    assert result.exit_code == 0
    assert "Not placed as structure (3):" in result.stderr
    assert f"{IMPORT / 'handbook.md'}:12:1: HTML comment, ignored: '<!-- last reviewed by the support leads -->'" \
        in result.stderr


def test_output_file_is_not_overwritten_without_force(invoke, tmp_path):
    out = tmp_path / "acme.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    refused = invoke("import", IMPORT / "support.csv", "-o", out)
    assert refused.exit_code == 1
    assert f"{out}: error: file exists; not overwriting it; pass --force to replace it" in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    forced = invoke("import", IMPORT / "support.csv", "-o", out, "--force")
    assert forced.exit_code == 0
    assert "id: support\n" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["acme.yaml"]  # no temporary files left behind


def test_org_name_and_from_options(invoke, tmp_path):
    sheet = tmp_path / "export.txt"
    sheet.write_text((IMPORT / "support.csv").read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("import", sheet, "--from", "csv", "--org", "acme", "--name", "Acme support")
    assert result.exit_code == 0, result.output
    assert "\nid: acme\n" in result.stdout and "\nname: Acme support\n" in result.stdout
    assert "read as CSV" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--from", "xlsx", "a.md"], "Invalid value for '--from'"),
    (["--org", "has space", str(IMPORT / "basecamp.md")], "--org 'has space' is not a valid id"),
])
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke("import", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_unknown_extension_asks_for_from(invoke, tmp_path):
    doc = tmp_path / "ladder.docx"
    doc.write_text("## Level 1\n\n- x\n", encoding="utf-8")
    result = invoke("import", doc)
    assert result.exit_code == 2
    assert result.stderr == f"ladder: cannot tell the format of '{doc}' from its extension; " \
        "pass --from md, --from csv or --from tsv\n"
    assert invoke("import", doc, "--from", "md").exit_code == 0


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
        assert [e.text for a in again.areas for e in walk(a.expectations)] + [
            i.text for i in own_items(back, again) if i.competency] == [
            e.text for a in level.areas for e in walk(a.expectations)] + [
            i.text for i in own_items(original, level) if i.competency]
        assert again.builds_on == level.builds_on
    assert (back.organisation, back.name) == (original.organisation, original.name)
