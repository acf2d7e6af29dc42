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


# ---------------------------------------------------------------- the Changes step: `ladder changes` into the job summary


@pytest.fixture
def pull_request(tmp_path):
    """An origin with frameworks/ on main, and a clone on a branch that edits basecamp (tests/editing.py),
    adds a framework under a hostile name, removes heroes and adds a YAML file that is not a framework."""
    from conftest import git
    from editing import edited_file

    origin = tmp_path / "origin"
    (origin / "frameworks").mkdir(parents=True)
    for org in ("basecamp", "heroes", "whatfix"):
        shutil.copy(FRAMEWORKS / f"{org}.yaml", origin / "frameworks" / f"{org}.yaml")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "frameworks")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "checkout", "-q", "-b", "edit")
    edited, _ = edited_file(tmp_path, "basecamp")
    shutil.copy(edited, clone / "frameworks" / "basecamp.yaml")
    shutil.copy(FRAMEWORKS / "intercom.yaml", clone / "frameworks" / "[x](https:evil.example) <b>.yaml")
    (clone / "frameworks" / "heroes.yaml").unlink()
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "edit")
    git(clone, "push", "-q", "origin", "edit")
    return tmp_path


def _changes_step(cwd: Path, ladder_bin: Path, summary: Path, **inputs: str):
    env = {"LADDER_PATHS": "frameworks/", "LADDER_CHANGES": "true", "LADDER_BASE": "main",
           "GITHUB_STEP_SUMMARY": str(summary), **inputs}
    return run_step("Changes", env, cwd, ladder_bin)


def test_the_changes_step_writes_the_job_summary(pull_request, ladder_bin):
    from markdown_it import MarkdownIt

    summary = pull_request / "summary.md"
    done = _changes_step(pull_request / "clone", ladder_bin, summary)
    assert done.returncode == 0, done.stdout + done.stderr
    text = summary.read_text(encoding="utf-8")
    assert "### basecamp: Titles for Support" in text
    assert "- **Expectations:** 1 added, 1 removed, 1 moved, 1 reworded, 74 unchanged" in text
    assert "<details><summary>" in text and text.count("<details>") == text.count("</details>")
    assert "frameworks/heroes.yaml: removed" in text
    assert "added \\(new: intercom" in text or "added (new: intercom" in text
    assert "3 unchanged" not in text and "1 unchanged" in text  # whatfix: the same, counted, not shown
    tokens = MarkdownIt("commonmark").parse(text)
    children = [c for t in tokens for c in t.children or []]
    assert not [c for c in children if c.type in ("link_open", "image")]  # the hostile name is text
    assert "<b>" not in MarkdownIt("commonmark").render(text)
    assert "::" not in done.stdout  # nothing of a file reaches the runner's log as a command


def test_a_shallow_clone_is_deepened_to_find_the_base(pull_request, ladder_bin):
    from conftest import git

    shallow = pull_request / "shallow"
    git(pull_request, "clone", "-q", "--depth", "1", "--branch", "edit", f"file://{pull_request / 'origin'}",
        str(shallow))
    summary = pull_request / "summary.md"
    done = _changes_step(shallow, ladder_bin, summary)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "### basecamp: Titles for Support" in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(("inputs", "expected", "code"), [
    ({"LADDER_CHANGES": "yes; rm -rf /"}, "input 'changes' must be", 2),
    ({"LADDER_BASE": "--upload-pack=touch pwned"}, "input 'base' must be a branch name", 2),
    ({"LADDER_BASE": "main; touch pwned"}, "input 'base' must be a branch name", 2),
    ({"LADDER_BASE": ""}, "no base branch", 0),
    ({"LADDER_CHANGES": "false"}, "", 0),
])
def test_the_changes_inputs_are_checked(pull_request, ladder_bin, inputs, expected, code):
    summary = pull_request / "summary.md"
    done = _changes_step(pull_request / "clone", ladder_bin, summary, **inputs)
    assert done.returncode == code and expected in done.stdout, done.stdout + done.stderr
    assert not summary.exists() and not (pull_request / "clone" / "pwned").exists()


def test_the_readme_shows_the_pull_request_workflow():
    readme = (ROOT / "README.md").read_text()
    assert 'changes: "true"' in readme and "fetch-depth: 0" in readme and "GITHUB_STEP_SUMMARY" in readme
    assert set(ACTION["inputs"]) >= {"paths", "strict", "version", "changes", "base"}
