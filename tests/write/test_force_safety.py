"""--force replaces ladder's own previous output, never a user's directory or a command's input.

Every refusal exits 1 with ladder's located message and leaves every file that was there
byte-identical. An export replaced with --force is swapped in whole; a killed one leaves the old
tree or the new one, and no staging directory.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import FRAMEWORKS, ROOT

WHATFIX = FRAMEWORKS / "whatfix.yaml"


def snapshot(directory: Path) -> dict:
    """Every entry under directory (hidden ones too): file bytes, link targets, directories."""
    found = {}
    for path in sorted(directory.rglob("*")):
        key = str(path.relative_to(directory))
        if path.is_symlink():
            found[key] = ("link", os.readlink(path))
        elif path.is_dir():
            found[key] = ("dir",)
        else:
            found[key] = path.read_bytes()
    return found


def user_dir(path: Path) -> Path:
    """A directory of someone's files, one of them in a subdirectory."""
    (path / "notes").mkdir(parents=True, exist_ok=True)
    (path / "todo.txt").write_text("call the bank\n")
    (path / "notes" / "1.md").write_text("# private\n")
    return path


def refused(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def no_leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".ladder-staging-" in p.name or ".ladder-old-" in p.name)


# ---------------------------------------------------------------- export: what --force never replaces


def test_a_directory_holding_the_framework_being_exported(invoke, tmp_path):
    home = user_dir(tmp_path / "fw")
    framework = home / "whatfix.yaml"
    shutil.copy(WHATFIX, framework)
    before = snapshot(tmp_path)
    for fmt in ("html", "markdown"):
        result = invoke("export", framework, "-f", fmt, "-o", home, "--force")
        refused(result, f"{home}: error: is the input file's directory; not replacing it")
    result = invoke("export", framework, "-o", home / "site", "--force")  # inside it: refused too
    refused(result, f"is inside the input file's directory ({home}); not writing an export there")
    result = invoke("export", framework, "-o", tmp_path, "--force")  # around it
    refused(result, f"contains the input file's directory ({home}); not replacing it")
    assert snapshot(tmp_path) == before


def test_the_framework_file_itself_as_the_output(invoke, tmp_path):
    framework = tmp_path / "fw" / "whatfix.yaml"
    framework.parent.mkdir()
    shutil.copy(WHATFIX, framework)
    (tmp_path / "link.md").symlink_to(framework)
    os.link(framework, tmp_path / "hard.md")
    before = snapshot(tmp_path)
    for output in (framework, tmp_path / "link.md", tmp_path / "hard.md"):
        for fmt in ("markdown", "html"):
            result = invoke("export", framework, "-f", fmt, "-o", output, "--force")
            refused(result, f"{output}: error: is the command's input ({framework}); not overwriting it; "
                            "choose another output path")
    assert snapshot(tmp_path) == before


def test_the_current_directory(invoke, tmp_path, monkeypatch):
    work = user_dir(tmp_path / "work")
    monkeypatch.chdir(work)
    before = snapshot(tmp_path)
    refused(invoke("export", "whatfix", "-o", ".", "--force"), ".: error: is the current directory; not replacing it")
    refused(invoke("export", "whatfix", "-o", work, "--force"), "is the current directory; not replacing it")
    refused(invoke("export", "whatfix", "-f", "markdown", "-o", "./notes/..", "--force"),
            "is the current directory; not replacing it")
    refused(invoke("export", "whatfix", "-o", "..", "--force"),
            f"..: error: contains the current directory ({work}); not replacing it")
    assert snapshot(tmp_path) == before


def test_the_home_directory(invoke, tmp_path, monkeypatch):
    home = user_dir(tmp_path / "home")
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(tmp_path)
    refused(invoke("export", "whatfix", "-o", home, "--force"), f"{home}: error: is the home directory; not replacing it")
    refused(invoke("export", "whatfix", "-o", tmp_path, "--force"), f"contains the home directory ({home})")
    assert snapshot(tmp_path) == before
    (home / "site").mkdir()  # inside home is where exports usually go
    assert invoke("export", "whatfix", "-o", home / "site").exit_code == 0


def test_the_root_directory():
    # Checked without running an export: a regression here must not get as far as writing at /.
    from ladder.errors import LadderError
    from ladder.write.guards import _guards, refuse_guarded

    with pytest.raises(LadderError) as caught:
        refuse_guarded("/", _guards([], []))
    assert str(caught.value) == "/: error: is the root directory; not replacing it; choose a new or empty directory elsewhere"


def test_a_path_directory_and_a_ladder_path_directory(invoke, tmp_path):
    library = user_dir(tmp_path / "library")
    (library / "acme.yaml").write_text((ROOT / "tests" / "data" / "valid" / "minimal.yaml").read_text())
    other = user_dir(tmp_path / "other")
    (tmp_path / "alias").symlink_to(other)
    before = snapshot(tmp_path)
    refused(invoke("export", "whatfix", "--path", library, "-o", library, "--force"),
            f"{library}: error: is a --path directory; not replacing it")
    refused(invoke("export", "whatfix", "--path", library, "-o", library / "site", "--force"),
            f"is inside a --path directory ({library}); not writing an export there")
    refused(invoke("export", "whatfix", "--path", library, "-o", tmp_path, "--force"),
            f"contains a --path directory ({library}); not replacing it")
    env = {"LADDER_PATH": os.pathsep.join([str(tmp_path / "missing"), str(other)])}
    refused(invoke("export", "whatfix", "-o", other, "--force", env=env),
            f"{other}: error: is a LADDER_PATH directory; not replacing it")
    refused(invoke("export", "whatfix", "-f", "markdown", "-o", other / "md", "--force", env=env),
            f"is inside a LADDER_PATH directory ({other})")
    env = {"LADDER_PATH": str(tmp_path / "alias")}  # a second name of the directory does not dodge the rule
    refused(invoke("export", "whatfix", "-o", other, "--force", env=env), "is a LADDER_PATH directory")
    assert snapshot(tmp_path) == before


def test_a_user_directory_without_a_marker(invoke, tmp_path):
    mine = user_dir(tmp_path / "mine")
    before = snapshot(tmp_path)
    for force in ([], ["--force"]):
        for fmt in ("html", "markdown"):
            result = invoke("export", "whatfix", "-f", fmt, "-o", mine, *force)
            refused(result, f"{mine}: error: not a ladder export (no .ladder-export marker); not replacing it; "
                            "choose a new or empty directory")
    assert snapshot(tmp_path) == before


def test_a_previous_export_with_a_user_file_added(invoke, tmp_path):
    site = tmp_path / "site"
    assert invoke("export", "whatfix", "-o", site).exit_code == 0
    (site / "levels" / "my-notes.txt").write_text("do not lose me\n")
    before = snapshot(tmp_path)
    result = invoke("export", "whatfix", "-o", site, "--force")
    refused(result, f"{site}: error: holds 'levels/my-notes.txt', which the previous ladder export did not write; "
                    "not replacing it")
    assert snapshot(tmp_path) == before
    md = tmp_path / "md"
    assert invoke("export", "whatfix", "-f", "markdown", "-o", md).exit_code == 0
    (md / "extra").mkdir()
    refused(invoke("export", "whatfix", "-f", "markdown", "-o", md, "--force"), "holds 'extra/'")


def test_a_symlinked_target_directory(invoke, tmp_path):
    real = tmp_path / "real"
    assert invoke("export", "whatfix", "-o", real).exit_code == 0  # even a previous export
    (tmp_path / "site").symlink_to(real)
    mine = user_dir(tmp_path / "mine")
    (tmp_path / "docs").symlink_to(mine)
    before = snapshot(tmp_path)
    for link in ("site", "docs"):
        for spelling in (tmp_path / link, f"{tmp_path / link}/"):
            for force in ([], ["--force"]):
                result = invoke("export", "whatfix", "-o", spelling, *force)
                refused(result, f"{tmp_path / link}: error: is a symbolic link; not writing through it")
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------- export: what keeps working


def test_force_replaces_a_previous_export_and_leaves_nothing_beside_it(invoke, tmp_path):
    site = tmp_path / "site"
    assert invoke("export", "whatfix", "-o", site).exit_code == 0
    first = snapshot(site)
    assert ".ladder-export" in first and "levels/S3.html" in first
    assert invoke("export", "whatfix", "-o", site, "--force").exit_code == 0
    assert invoke("export", "whatfix", "-o", site, "--force").exit_code == 0
    assert snapshot(site) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert invoke("export", "basecamp", "-o", site, "--force").exit_code == 0  # another framework's pages
    assert not (site / "levels" / "S3.html").exists() and no_leftovers(tmp_path) == []


def test_the_readme_command_works_in_a_fresh_directory(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "whatfix", "-o", "site/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").is_file()
    assert invoke("export", "whatfix", "-f", "markdown", "-o", "docs").exit_code == 0
    assert '"format": "markdown"' in (tmp_path / "docs" / ".ladder-export").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "site"]


def test_an_empty_directory_is_used_without_force(invoke, tmp_path):
    (tmp_path / "site").mkdir()
    assert invoke("export", "whatfix", "-o", tmp_path / "site").exit_code == 0
    assert (tmp_path / "site" / "index.html").is_file()


# ---------------------------------------------------------------- other -o: never the input


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    """A framework and an assessment naming it by a relative path, in tmp_path/work (the cwd)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(WHATFIX, work / "whatfix.yaml")
    assessment = (ROOT / "examples" / "whatfix-priya.yaml").read_text()
    (work / "priya.yaml").write_text(assessment.replace("framework: whatfix", "framework: ./whatfix.yaml"))
    shutil.copy(ROOT / "tests" / "data" / "import" / "handbook.md", work / "handbook.md")
    (work / "link.yaml").symlink_to(work / "whatfix.yaml")
    monkeypatch.chdir(work)
    return work


def spellings(name: str) -> list[str]:
    return [name, f"./../work/{name}", str(Path.cwd() / name)]


def test_template_never_overwrites_its_framework(invoke, inputs):
    before = snapshot(inputs)
    for output in [*spellings("whatfix.yaml"), "link.yaml"]:
        result = invoke("template", "whatfix.yaml", "S2", "-o", output, "--force")
        refused(result, "is the command's input (whatfix.yaml); not overwriting it; choose another output path")
    assert snapshot(inputs) == before
    assert invoke("template", "whatfix.yaml", "S2", "-o", "me.yaml").exit_code == 0


def test_import_never_overwrites_the_imported_file(invoke, inputs):
    before = snapshot(inputs)
    for output in spellings("handbook.md"):
        result = invoke("import", "handbook.md", "-o", output, "--force")
        refused(result, "is the command's input (handbook.md); not overwriting it")
    (inputs / "hb-link.md").symlink_to(inputs / "handbook.md")
    refused(invoke("import", "hb-link.md", "-o", "handbook.md", "--force"), "is the command's input (hb-link.md)")
    (inputs / "hb-link.md").unlink()
    assert snapshot(inputs) == before


def test_assess_html_never_overwrites_the_assessment_or_its_framework(invoke, inputs):
    before = snapshot(inputs)
    for output in spellings("priya.yaml"):
        result = invoke("assess", "priya.yaml", "-f", "html", "-o", output, "--force")
        refused(result, "is the command's input (priya.yaml); not overwriting it")
    for output in [*spellings("whatfix.yaml"), "link.yaml"]:
        result = invoke("assess", "priya.yaml", "-f", "html", "-o", output, "--force")
        refused(result, f"is the command's input ({inputs / 'whatfix.yaml'}); not overwriting it")
    assert snapshot(inputs) == before
    assert invoke("assess", "priya.yaml", "-f", "html", "-o", "report.html").exit_code == 0


def test_a_symlinked_output_file_is_refused_for_every_command(invoke, inputs):
    elsewhere = inputs.parent / "elsewhere.txt"
    elsewhere.write_text("precious\n")
    (inputs / "out").symlink_to(elsewhere)
    before = snapshot(inputs.parent)
    for command in (["template", "whatfix.yaml", "S2"], ["import", "handbook.md"],
                    ["assess", "priya.yaml", "-f", "html"], ["export", "whatfix", "-f", "markdown"]):
        output = "out.md" if command[0] == "export" else "out"
        if command[0] == "export":
            (inputs / "out.md").symlink_to(elsewhere)
        for force in ([], ["--force"]):
            refused(invoke(*command, "-o", output, *force), f"{output}: error: is a symbolic link; not writing through it")
    (inputs / "out.md").unlink()
    assert snapshot(inputs.parent) == before


# ---------------------------------------------------------------- killed while writing


SLOW_EXPORT = textwrap.dedent("""
    import pathlib, sys, time
    real = pathlib.Path.write_text
    count = [0]
    def slow(self, *args, **kwargs):
        count[0] += 1
        if count[0] == 3:  # the marker and one page are written: the staging directory is half full
            print("writing", flush=True)
            time.sleep(60)
        return real(self, *args, **kwargs)
    pathlib.Path.write_text = slow
    sys.argv = ["ladder", "export", "whatfix", "-o", sys.argv[1], "--force"]
    from ladder.cli import main
    main()
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_export_leaves_the_old_tree_and_no_staging(invoke, tmp_path, signum):
    site = tmp_path / "site"
    assert invoke("export", "basecamp", "-o", site).exit_code == 0
    before = snapshot(site)
    env = {**os.environ, "TYPER_USE_RICH": "0", "LADDER_PATH": ""}
    child = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, str(site)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        assert child.stdout.readline() == "writing\n"
        staging = [p for p in tmp_path.iterdir() if ".ladder-staging-" in p.name]
        assert len(staging) == 1 and (staging[0] / ".ladder-export").is_file()
        child.send_signal(signum)
        child.wait(timeout=30)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == (143 if signum == signal.SIGTERM else 130), child.stderr.read()
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def many_levels(count: int) -> str:
    lines = ["id: many", "organisation: Many", "name: Many levels", "source: {title: generated}",
             "tracks: [{id: ic, name: IC}]", "levels:"]
    for n in range(1, count + 1):
        lines += [f"  - id: l{n}", f"    title: Level {n}", "    track: ic", f"    order: {n}",
                  "    areas:", "      - name: Work", "        expectations:",
                  f"          - {{id: e{n}, text: Does the work of level {n}}}"]
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_to_a_real_export_leaves_one_whole_tree(tmp_path):
    framework = tmp_path / "fw" / "many.yaml"
    framework.parent.mkdir()
    framework.write_text(many_levels(500))
    out = tmp_path / "out"
    site = out / "site"
    out.mkdir()
    command = [sys.executable, "-m", "ladder", "export", str(framework), "-f", "markdown", "-o", str(site), "--force"]
    env = {**os.environ, "TYPER_USE_RICH": "0", "LADDER_PATH": ""}
    subprocess.run(command, check=True, env=env, capture_output=True)
    old = snapshot(site)
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:
        if any(p.name.startswith(".") for p in out.iterdir()):  # the staging directory is there
            child.send_signal(signal.SIGTERM)
            break
        time.sleep(0.001)
    child.wait(timeout=30)
    # Killed while writing (143) or finished first (0): either way one whole tree, and nothing beside it.
    assert child.returncode in (0, 143), child.stderr.read()
    assert snapshot(site) == old  # the same framework: the old and the new tree are byte-identical
    assert sorted(p.name for p in out.iterdir()) == ["site"]
