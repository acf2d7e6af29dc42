"""cli.py: validate and schema end to end through CliRunner."""

from __future__ import annotations

import json

from conftest import DATA, FRAMEWORKS, ROOT


def test_help_lists_commands(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ["validate", "schema"]:
        assert command in result.output


def test_validate_bundled_frameworks_strict(invoke):
    result = invoke("validate", "--strict", FRAMEWORKS)
    assert result.exit_code == 0, result.output
    assert "4 file(s) checked: 4 valid, 0 invalid" in result.output


def test_validate_keeps_going_and_exits_1(invoke):
    good = DATA / "valid" / "minimal.yaml"
    bad = DATA / "invalid" / "duplicate_key.yaml"
    worse = DATA / "invalid" / "unknown_track.yaml"
    result = invoke("validate", bad, good, worse)
    assert result.exit_code == 1
    assert f"{bad}:6:1: error: name: duplicate key 'name'" in result.output
    assert f"{worse}:9:5: error: levels[0].track: unknown track 'manager'" in result.output
    assert "3 file(s) checked: 1 valid, 2 invalid (2 error(s), 0 warning(s))" in result.output


def test_warnings_fail_only_with_strict(invoke, tmp_path):
    path = tmp_path / "warn.yaml"
    path.write_text((DATA / "valid" / "minimal.yaml").read_text().replace(
        "          - {id: t1, text: Resolves tickets}",
        "          - {id: t1, text: Resolves tickets}\n          - {id: t1b, text: Resolves tickets}"))
    assert invoke("validate", path).exit_code == 0
    strict = invoke("validate", "--strict", path)
    assert strict.exit_code == 1
    assert "warning: levels[0].areas[0].expectations[1]: expectation 't1b' repeats the text of 't1'" in strict.output


def test_missing_path_is_a_usage_error(invoke, tmp_path):
    result = invoke("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_directory_without_yaml_is_a_usage_error(invoke, tmp_path):
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    assert "no *.yaml or *.yml files found" in result.output


def test_validate_json_format(invoke):
    bad = DATA / "invalid" / "octal_id.yaml"
    result = invoke("validate", "--format", "json", bad, DATA / "valid" / "groups.yaml")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 2, "valid": 1, "invalid": 1, "errors": 1, "warnings": 0}
    (problem,) = data["files"][0]["problems"]
    assert problem["line"] == 1 and problem["col"] == 5 and problem["path"] == "id"
    assert problem["rule"] == "yaml" and "quote it" in problem["message"]


def test_validate_github_format_escapes(invoke, tmp_path):
    path = tmp_path / "a,b:c.yaml"
    path.write_text("id: x\nid: y\n")
    result = invoke("validate", "--format", "github", path)
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    assert line.startswith("::error file=")
    assert "a%2Cb%3Ac.yaml,line=2,col=1,title=ladder (yaml)::id: duplicate key 'id'" in line


def test_max_bytes_option(invoke):
    result = invoke("validate", "--max-bytes", "100", FRAMEWORKS / "heroes.yaml")
    assert result.exit_code == 1
    assert "over the limit of 100" in result.output


def test_schema_is_json_schema_and_matches_committed_copy(invoke):
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["$id"] == "urn:ladder:schema:framework:1"
    assert schema["additionalProperties"] is False
    committed = (ROOT / "schema" / "framework.schema.json").read_text()
    assert json.loads(committed) == schema, "run: ladder schema > schema/framework.schema.json"


def test_bundled_frameworks_carry_the_schema_modeline():
    for path in FRAMEWORKS.glob("*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/framework.schema.json", path


def test_python_dash_m_runs(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "ladder", "validate", str(FRAMEWORKS)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "4 valid" in result.stdout


def test_assessment_schema_matches_committed_copy(invoke):
    result = invoke("schema", "--kind", "assessment")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == "urn:ladder:schema:assessment:1"
    assert "ratings" in schema["properties"]
    committed = (ROOT / "schema" / "assessment.schema.json").read_text()
    assert json.loads(committed) == schema, "run: ladder schema --kind assessment > schema/assessment.schema.json"


def test_json_schemas_accept_the_bundled_frameworks_and_examples():
    """Editors and check-jsonschema see the same files as valid that ladder does."""
    import jsonschema

    from ladder.load.loader import load_document

    for kind, files in [("framework", sorted(FRAMEWORKS.glob("*.yaml"))),
                        ("assessment", sorted((ROOT / "examples").rglob("*.yaml")))]:
        schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text())
        validator = jsonschema.Draft202012Validator(schema)
        assert files
        for path in files:
            errors = [e.message for e in validator.iter_errors(load_document(path).data)]
            assert errors == [], path
        broken = load_document(files[0]).data
        broken["unknown_key"] = 1
        assert list(validator.iter_errors(broken)), "the schema must reject unknown keys too"


def test_entry_point_builds_one_command_and_behaves_like_the_whole_app(invoke, tmp_path):
    """main() builds only the command named first; its output and exit code match the full app's."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LADDER_PATH": "", "TYPER_USE_RICH": "0"}
    cases = [
        ["show", "whatfix", "S3"], ["show", "--format", "json", "basecamp", "2"], ["list"],
        ["diff", "basecamp", "2", "3"], ["assess", str(ROOT / "examples" / "intercom-sam.yaml")],
        ["show", "whatfix", "S9"], ["show"], ["sho", "whatfix"], ["validate", str(DATA / "invalid")],
    ]
    for args in cases:
        got = subprocess.run([sys.executable, "-m", "ladder", *args], capture_output=True, text=True,
                             cwd=tmp_path, env=env)
        want = invoke(*args, prog_name="ladder")
        assert got.returncode == want.exit_code, (args, got.stderr)
        assert got.stdout == want.stdout, args
    # help is laid out differently in-process (Typer reads TYPER_USE_RICH at import), so check its content
    for args, expected in ((["show", "--help"], ["Usage: ladder show", "--own", "--path"]),
                           (["--help"], ["Usage: ladder [OPTIONS] COMMAND", "assess", "import"])):
        got = subprocess.run([sys.executable, "-m", "ladder", *args], capture_output=True, text=True,
                             cwd=tmp_path, env=env)
        assert got.returncode == 0 and all(word in got.stdout for word in expected), (args, got.stdout)
    code = ("import sys, typer.main\nfrom ladder import cli\nbuilt = []\n"
            "real = typer.main.get_command_from_info\n"
            "def spy(*args, **kw):\n    built.append(cli.command_name(kw.get('command_info') or args[0]))\n    return real(*args, **kw)\n"
            "typer.main.get_command_from_info = spy\nsys.argv = ['ladder', 'list']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\nsys.stderr.write(repr(built))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.stderr.endswith("['list']"), result.stderr[-300:]


def test_version_is_the_package_version(invoke):
    from ladder import __version__

    for flag in ("--version", "-V"):
        result = invoke(flag)
        assert result.exit_code == 0 and result.stdout == f"ladder {__version__}\n"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and 'path = "src/ladder/__init__.py"' in pyproject


def test_output_the_system_refuses_is_one_line_not_a_traceback(tmp_path):
    """stdout on a full device or closed; text a latin-1 stream cannot encode."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NO_COLOR": "1", "LADDER_PATH": ""}
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "ladder", "show", "whatfix"], stdout=full,
                                  stderr=subprocess.PIPE, text=True, env=env)
        assert (done.returncode, done.stderr) == (1, "ladder: No space left on device\n")
    if os.name == "posix":
        done = subprocess.run(["sh", "-c", f"exec '{sys.executable}' -m ladder show whatfix >&-"],
                              stderr=subprocess.PIPE, text=True, env=env)
        assert (done.returncode, done.stderr) == (1, "ladder: standard output is closed\n")
    done = subprocess.run([sys.executable, "-m", "ladder", "show", "whatfix", "S3"], capture_output=True,
                          env={**env, "PYTHONIOENCODING": "latin-1"})
    assert done.returncode == 0 and done.stdout.startswith(b"S3 \\u2014 Principal")


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path):
    """`ladder validate DIR | head -1`: the closed pipe ends ladder quietly (no message, no traceback)."""
    import os
    import subprocess
    import sys

    bad = (DATA / "invalid" / "alias_bomb.yaml").read_bytes()
    for i in range(1500):  # well over a pipe buffer of output
        (tmp_path / f"f{i}.yaml").write_bytes(bad)
    child = subprocess.Popen([sys.executable, "-m", "ladder", "validate", str(tmp_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    assert child.stdout.read(10)
    child.stdout.close()
    err = child.stderr.read().decode()
    child.wait(timeout=60)
    assert child.returncode != 0 and "Broken pipe" not in err and "Traceback" not in err, err
