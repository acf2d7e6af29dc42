"""What other repositories use: the composite GitHub Action and the pre-commit hook.

The Action's scripts are run here with bash, as a runner would run them after substituting
`${{ … }}`: inputs arrive only through env:, so hostile input values are passed as they are.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FRAMEWORKS, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = {step["name"]: step for step in ACTION["runs"]["steps"]}
DISTRIBUTION = re.search(r'^name = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), flags=re.M).group(1)


def run_step(name: str, env: dict[str, str], cwd: Path, path_first: Path | None = None):
    step = STEPS[name]
    environment = {**os.environ, "NO_COLOR": "1", "LADDER_PATH": "", **env}
    if path_first is not None:
        environment["PATH"] = f"{path_first}{os.pathsep}{environment['PATH']}"
    return subprocess.run(["bash", "-c", step["run"]], cwd=cwd, env=environment, capture_output=True, text=True,
                          timeout=120)


def test_no_input_is_pasted_into_a_script():
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"], step["name"]
        for value in step.get("env", {}).values():
            assert re.fullmatch(r"\$\{\{ (inputs\.[a-z]+|github\.action_path) \}\}", value)


@pytest.fixture
def ladder_bin():
    """The directory of the installed `ladder` command (the README's install puts it beside python)."""
    return Path(sys.executable).parent


def test_paths_are_one_per_line_may_hold_spaces_and_are_never_options(tmp_path, ladder_bin):
    spaced = tmp_path / "career ladders"
    spaced.mkdir()
    shutil.copy(FRAMEWORKS / "heroes.yaml", spaced / "heroes.yaml")
    done = run_step("Validate", {"LADDER_PATHS": "  career ladders/  \n\n", "LADDER_STRICT": "true"}, tmp_path,
                    ladder_bin)
    assert done.returncode == 0, done.stderr
    assert "::error" not in done.stdout and "1 file(s) checked: 0 invalid" in done.stdout

    done = run_step("Validate", {"LADDER_PATHS": "career ladders/\n--help", "LADDER_STRICT": "false"}, tmp_path,
                    ladder_bin)
    assert done.returncode == 2
    assert "no such file or directory '--help'" in done.stderr and "Usage" not in done.stdout


def test_strict_and_empty_paths_are_checked(tmp_path, ladder_bin):
    done = run_step("Validate", {"LADDER_PATHS": "x", "LADDER_STRICT": "yes; rm -rf /"}, tmp_path, ladder_bin)
    assert done.returncode == 2 and "input 'strict' must be" in done.stdout
    done = run_step("Validate", {"LADDER_PATHS": " \n ", "LADDER_STRICT": "false"}, tmp_path, ladder_bin)
    assert done.returncode == 2 and "input 'paths' names no file or directory" in done.stdout


@pytest.fixture
def fake_python(tmp_path):
    """A python3 that records its arguments instead of installing anything."""
    directory = tmp_path / "bin"
    directory.mkdir()
    script = directory / "python3"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/args"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return directory


def test_version_installs_the_pypi_distribution_and_nothing_else(tmp_path, fake_python):
    done = run_step("Install ladder", {"LADDER_VERSION": "0.2.0", "LADDER_ACTION_PATH": "/action"}, tmp_path,
                    fake_python)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "args").read_text().split("\n")[:5] == [
        "-m", "pip", "install", "--disable-pip-version-check", f"{DISTRIBUTION}==0.2.0"]

    done = run_step("Install ladder", {"LADDER_VERSION": "", "LADDER_ACTION_PATH": "/path with space/action"},
                    tmp_path, fake_python)
    assert done.returncode == 0 and (tmp_path / "args").read_text().splitlines()[-1] == "/path with space/action"


@pytest.mark.parametrize("hostile", ['0.1"; touch pwned; echo "', "$(touch pwned)", "0.1 other-package",
                                     "--index-url=http://evil.example/ x", "../../x"])
def test_a_version_that_is_not_a_version_number_runs_nothing(tmp_path, fake_python, hostile):
    done = run_step("Install ladder", {"LADDER_VERSION": hostile, "LADDER_ACTION_PATH": "/action"}, tmp_path,
                    fake_python)
    assert done.returncode == 2
    assert "input 'version' must be a version number" in done.stdout
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "args").exists()


def test_the_distribution_name_is_the_one_used_everywhere():
    assert DISTRIBUTION == "career-ladder"
    readme = (ROOT / "README.md").read_text()
    assert "pipx install career-ladder" in readme
    assert f"{DISTRIBUTION}==" in STEPS["Install ladder"]["run"]
    assert not re.search(r"^\s*pipx? install ladder\b", readme, flags=re.M)  # no command installs "ladder"


def test_the_pre_commit_hook_validates_framework_files_only():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "ladder validate"
    files = re.compile(hook["files"])
    for framework in ("frameworks/acme.yaml", "frameworks/sub/acme.yml"):
        assert files.search(framework)
    for other in (".pre-commit-config.yaml", ".github/workflows/ci.yml", "docker-compose.yaml",
                  "examples/whatfix-priya.yaml", "frameworks/README.md", "src/frameworks/x.yaml"):
        assert not files.search(other), other


def test_the_readmes_rev_is_one_that_exists():
    """No tag has been published, so the README points at the default branch (pinning a commit
    is pre-commit's `autoupdate --freeze`); a made-up tag such as v0.1.0 would fail for every user."""
    readme = (ROOT / "README.md").read_text()
    revs = re.findall(r"^\s*rev: (\S+)", readme, flags=re.M) + re.findall(r"uses: OWNER/ladder@(\S+)", readme)
    assert revs and set(revs) == {"main"}
