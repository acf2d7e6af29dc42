"""Hostile files, through the loader and through every command that reads a framework or assessment file.

Each must give its clear, located message, exit 1 and no traceback, with bounded memory.
Memory is measured in-process with tracemalloc (Python allocations, which is where a
billion-laughs expansion or a file read whole would show up).
"""

from __future__ import annotations

import errno
import os
import stat
import tracemalloc
from pathlib import Path

import pytest

from conftest import FRAMEWORKS
from ladder.errors import MAX_PROBLEMS, InvalidFile
from ladder.load import text as load_text
from ladder.load.loader import load_document, load_framework
from ladder.load.text import read_text

MiB = 1024 * 1024


def alias_bomb(directory: Path) -> Path:
    """Billion laughs: nine levels of nine aliases each, 9**9 strings if expanded."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        this, previous = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{this}: &{this} [{', '.join([f'*{previous}'] * 9)}]")
    path = directory / "alias_bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def nested_brackets(directory: Path) -> Path:
    path = directory / "brackets.yaml"
    path.write_text("id: x\nlevels: " + "[" * 20_000 + "]" * 20_000 + "\n")
    return path


def nested_block_sequences(directory: Path) -> Path:
    path = directory / "dashes.yaml"
    path.write_text("levels:\n  " + "- " * 20_000 + "x\n")
    return path


def huge_file(directory: Path) -> Path:
    """50 MiB, sparse: creating it costs nothing, reading it would."""
    path = directory / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * MiB)
    return path


def invalid_utf8(directory: Path) -> Path:
    path = directory / "latin1.yaml"
    path.write_bytes("id: acme\norganisation: Caf\u00e9\n".encode("latin-1"))
    return path


def binary(directory: Path) -> Path:
    path = directory / "binary.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    return path


def many_values(directory: Path) -> Path:
    """Inside the size limit, but millions of YAML values: 4 MiB of '1,'."""
    path = directory / "many_values.yaml"
    path.write_text("id: x\nlevels: [" + "1," * (2 * MiB) + "1]\n")
    return path


def huge_number(directory: Path) -> Path:
    """A plain integer of 5,000 digits: past what Python will turn into an int."""
    path = directory / "huge_number.yaml"
    path.write_text("id: x\nschema_version: " + "9" * 5000 + "\n")
    return path


def terminal_escape(directory: Path) -> Path:
    """A quoted escape that would clear the screen and retitle the terminal when printed."""
    path = directory / "escape.yaml"
    path.write_text('id: x\nname: "\\e[2J\\e]0;pwned\\a"\n')
    return path


HOSTILE = {
    "alias bomb": (alias_bomb, "alias_bomb.yaml:2:", "aliases of collections are not allowed"),
    "20,000 nested brackets": (nested_brackets, "brackets.yaml:2:", "nesting deeper than 64 levels"),
    "20,000 nested dashes": (nested_block_sequences, "dashes.yaml:2:", "nesting deeper than 64 levels"),
    "50 MiB file": (huge_file, "huge.yaml:", "file is 52,428,800 bytes, over the limit of 5,242,880"),
    "invalid UTF-8": (invalid_utf8, "latin1.yaml:2:18:", "invalid UTF-8 byte 0xe9, expected UTF-8 text"),
    "binary file": (binary, "binary.yaml:", "binary data (a NUL byte)"),
    "millions of values": (many_values, "many_values.yaml:2:", "more than 100,000 YAML keys and values"),
    "5,000-digit number": (huge_number, "huge_number.yaml:2:17:", "is a number of 5,000 digits, too long to read"),
    "terminal escape": (terminal_escape, "escape.yaml:2:7:", "text contains the control character 0x1b"),
}


# ---------------------------------------------------------------- the loader, with memory bounds


@pytest.mark.parametrize("name", HOSTILE)
def test_loader_refuses_with_a_located_message_and_bounded_memory(name, tmp_path):
    make, where, message = HOSTILE[name]
    path = make(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidFile) as info:
            load_framework(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    text = str(info.value)
    assert text.startswith(str(tmp_path / where)), text
    assert message in text
    # Generous: the read buffer is max_bytes (5 MiB) and the node cap bounds the rest.
    assert peak < 64 * MiB, f"{name}: peak {peak / MiB:.1f} MiB"


def test_huge_file_is_refused_by_its_size_without_being_read(tmp_path):
    path = huge_file(tmp_path)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidFile, match="over the limit"):
            read_text(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 * MiB  # not even the 5 MiB read buffer: fstat said no first


def test_file_that_grows_past_the_limit_after_the_size_check_is_still_refused(tmp_path, monkeypatch):
    # fstat can be stale (a file being written, a FIFO-like file system); the read itself is capped.
    path = tmp_path / "growing.yaml"
    path.write_text("a: " + "x" * 5000 + "\n")
    stale = os.stat_result((stat.S_IFREG | 0o644,) + (0,) * 5 + (10,) + (0,) * 3)  # a regular file of 10 bytes
    monkeypatch.setattr(load_text.os, "fstat", lambda fd: stale)
    with pytest.raises(InvalidFile, match="over the limit of 1,000 bytes"):
        read_text(path, max_bytes=1000)


def test_the_node_cap_still_lets_a_large_real_framework_through(tmp_path):
    # Whatfix's levels fifty times over (JSON is YAML, and json.dumps never writes aliases):
    # a file 50x the largest real one (1.5 MiB, about 20,000 marked nodes) loads and validates.
    import json

    import yaml

    data = yaml.safe_load((FRAMEWORKS / "whatfix.yaml").read_text(encoding="utf-8"))
    real_levels = len(data["levels"])
    data["levels"] = json.loads(json.dumps(data["levels"] * 50))
    path = tmp_path / "big.yaml"
    path.write_text(json.dumps(data, indent=1))
    loaded = load_framework(path)
    assert len(loaded.model.levels) == 50 * real_levels
    assert len(loaded.document.marks) > 20_000


def test_at_most_max_problems_are_listed_then_a_count(tmp_path):
    path = tmp_path / "typos.yaml"
    path.write_text("".join(f"key{i}: 1\n" for i in range(1000)))
    with pytest.raises(InvalidFile) as info:
        load_framework(path)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    note = problems[-1]
    # 1000 unknown keys + 6 required keys missing
    assert note.message == "1,006 problems found in this file, only the first 100 are listed; fix these first"
    assert note.location.file == str(path) and note.location.line >= 1


def test_yaml_level_problems_are_capped_too(tmp_path):
    path = tmp_path / "dupes.yaml"
    path.write_text("a: 1\n" * 500)
    with pytest.raises(InvalidFile) as info:
        load_document(path)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].message.startswith("duplicate key 'a' (first defined at line 1)")
    assert problems[-1].message.startswith("499 problems found in this file, only the first 100")
    assert problems[-1].location.line == MAX_PROBLEMS + 2


def test_a_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(InvalidFile) as info:
        load_framework(folder)
    assert str(info.value) == f"{folder}: error: is a directory, expected a YAML file"


def test_a_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(InvalidFile) as info:
        load_framework(tmp_path / "a.yaml")
    assert str(info.value) == f"{tmp_path / 'a.yaml'}: error: cannot read file: {os.strerror(errno.ELOOP)}"


def _deny_reading(monkeypatch, path: Path) -> None:
    """Make opening this one path fail as an unreadable file does (chmod 000 cannot, for root)."""
    real_open = os.open

    def guarded_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(load_text.os, "open", guarded_open)


def test_an_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\n")
    _deny_reading(monkeypatch, path)
    with pytest.raises(InvalidFile) as info:
        load_framework(path)
    assert str(info.value) == (
        f"{path}: error: permission denied: the file cannot be read; check its permissions"
    )


def test_chmod_000_is_refused_where_the_os_enforces_it(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            # root (as in CI containers) reads through mode 000: the loader then sees the
            # real content, and the PermissionError path is covered by the test above.
            with pytest.raises(InvalidFile, match="required key 'organisation' is missing"):
                load_framework(path)
        else:
            with pytest.raises(InvalidFile, match="permission denied"):
                load_framework(path)
    finally:
        path.chmod(0o644)


# ---------------------------------------------------------------- through the CLI

# Every command that reads a framework file; {f} is the hostile file.
COMMANDS = {
    "validate": ["validate", "{f}"],
    "list": ["list", "{f}"],
    "show": ["show", "{f}", "1"],
    "diff": ["diff", "{f}", "1", "2"],
    "template": ["template", "{f}", "1"],
    "export": ["export", "{f}", "--format", "markdown", "--output", "{out}"],
    "assess": ["assess", "{f}"],
}


def _run(invoke, command: str, path: Path, tmp_path: Path):
    args = [a.format(f=path, out=tmp_path / "out.md") for a in COMMANDS[command]]
    return invoke(*args)


def _assert_clean_failure(result, expected_code: int = 1) -> None:
    """Exited by itself with the code, no Python exception escaped (CliRunner would hold it)."""
    assert result.exit_code == expected_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", HOSTILE)
def test_every_command_refuses_hostile_files_cleanly(name, command, invoke, tmp_path):
    make, where, message = HOSTILE[name]
    path = make(tmp_path)
    result = _run(invoke, command, path, tmp_path)
    _assert_clean_failure(result)
    first = result.output.splitlines()[0]
    assert first.startswith(str(tmp_path / where)), result.output
    assert message in first
    assert not (tmp_path / "out.md").exists()


def test_validate_reports_every_hostile_file_in_a_directory_and_keeps_going(invoke, tmp_path):
    for make, _, _ in HOSTILE.values():
        make(tmp_path)
    (tmp_path / "sub.yaml").mkdir()  # a directory with a YAML name is searched, not read
    good = tmp_path / "whatfix.yaml"
    good.write_bytes((FRAMEWORKS / "whatfix.yaml").read_bytes())
    result = invoke("validate", tmp_path)
    _assert_clean_failure(result)
    lines = result.output.splitlines()
    for _, where, message in HOSTILE.values():
        assert any(line.startswith(str(tmp_path / where)) and message in line for line in lines), where
    assert lines[-1].startswith(f"{len(HOSTILE) + 1} file(s) checked: 1 valid, {len(HOSTILE)} invalid")


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ("validate", "assess")])
def test_a_directory_given_as_a_framework_file_is_refused(command, invoke, tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    result = _run(invoke, command, folder, tmp_path)
    _assert_clean_failure(result)
    assert result.output.splitlines()[0] == f"{folder}: error: is a directory, expected a YAML file"


def test_validate_of_a_symlink_loop_says_so(invoke, tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = invoke("validate", tmp_path / "a.yaml")
    _assert_clean_failure(result)
    assert result.output.splitlines()[0] == f"{tmp_path / 'a.yaml'}: error: cannot read file: {os.strerror(errno.ELOOP)}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_an_unreadable_file(command, invoke, tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_bytes((FRAMEWORKS / "basecamp.yaml").read_bytes())
    _deny_reading(monkeypatch, path)
    result = _run(invoke, command, path, tmp_path)
    _assert_clean_failure(result)
    assert result.output.splitlines()[0] == (
        f"{path}: error: permission denied: the file cannot be read; check its permissions"
    )


def test_an_assessment_whose_framework_is_a_symlink_loop_is_refused_and_the_batch_goes_on(invoke, tmp_path):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    bad = tmp_path / "a-bad.yaml"
    bad.write_text("framework: loop.yaml\nperson: X\ndate: '2024-01-01'\ncurrent_level: '1'\n")
    good = tmp_path / "b-good.yaml"
    good.write_bytes((FRAMEWORKS.parent / "examples" / "basecamp-lena.yaml").read_bytes())
    result = invoke("assess", "--format", "csv", bad, good)
    _assert_clean_failure(result)
    assert f"{tmp_path / 'loop.yaml'}: error: cannot read file: {os.strerror(errno.ELOOP)}" in result.output
    assert "b-good.yaml" in result.stdout and ",ok," in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_at_once_by_every_command_not_waited_on(tmp_path):
    import subprocess
    import sys

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    markdown = tmp_path / "pipe.md"
    os.mkfifo(markdown)
    assessment = tmp_path / "a.yaml"
    assessment.write_text("framework: pipe.yaml\nperson: X\ndate: '2024-01-01'\ncurrent_level: '1'\n")
    runs = [[a.format(f=fifo, out=tmp_path / "out.md") for a in args] for args in COMMANDS.values()]
    runs += [["validate", str(tmp_path)], ["import", str(markdown)], ["assess", str(assessment)]]
    for args in runs:
        # a reader that waited for a writer would hang here: the timeout turns that into a failure
        done = subprocess.run([sys.executable, "-m", "ladder", *args], capture_output=True, text=True, timeout=30,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (args, done.stderr[-300:])
        assert "not a regular file (a device, FIFO or socket)" in done.stdout + done.stderr, args


def test_an_assessment_cannot_make_ladder_read_and_quote_a_file_that_is_not_yaml(invoke, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("root:*:20228:0:99999:7:::\n")
    (tmp_path / "innocent.yaml").symlink_to(secret)
    for target in ("innocent.yaml", str(secret)):
        assessment = tmp_path / "a.yaml"
        assessment.write_text(f"framework: {target}\nperson: X\ndate: '2024-01-01'\ncurrent_level: '1'\n")
        result = invoke("assess", assessment)
        _assert_clean_failure(result)
        assert f"{assessment}:1:" in result.output  # located at the assessment's framework key
        assert "' is not a .yaml or .yml file once links are followed" in result.output
        assert "root:" not in result.output
