"""`ladder list` and `ladder show` end to end, including user frameworks and a plain install."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import DATA, FRAMEWORKS, ROOT

ALL = {"whatfix", "heroes", "basecamp", "intercom"}


def test_list_shows_every_bundled_framework(invoke):
    result = invoke("list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == ALL
    assert next(r for r in rows if r["id"] == "whatfix")["levels"] == 8


def test_list_org_shows_parallel_levels_side_by_side(invoke):
    result = invoke("list", "whatfix")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "S3 Principal" in line)
    assert "SL1 Lead - Technical Support" in row


@pytest.mark.parametrize("org", sorted(ALL))
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_show_every_level_in_every_format(invoke, org, fmt):
    data = yaml.safe_load((FRAMEWORKS / f"{org}.yaml").read_text())
    for level in data["levels"]:
        result = invoke("show", org, level["id"], "--format", fmt)
        assert result.exit_code == 0, result.output
        if fmt == "json":
            view = json.loads(result.stdout)
            assert view["level"]["title"] == level["title"]
            own = [e["id"] for a in level.get("areas", []) for e in a["expectations"]]
            shown = [e["id"] for a in view["areas"] for e in a["expectations"]]
            assert shown[: len(own)] == own
        else:
            assert level["title"] in result.stdout
            assert "\x1b[" not in result.stdout


def test_show_text_marks_inherited_and_criteria(invoke):
    result = invoke("show", "heroes", "superhero")
    assert "Inherited from hero — Hero" in result.stdout
    assert "Work from home: 4 days per month" in result.stdout
    assert "Tenure: 24+ months" in result.stdout
    own = invoke("show", "heroes", "superhero", "--own")
    assert "Inherited from" not in own.stdout


def test_show_overview_has_principles_competencies_and_faq(invoke):
    result = invoke("show", "whatfix", "--format", "markdown")
    assert result.exit_code == 0
    assert "## Principles" in result.stdout and "## Competencies" in result.stdout and "## FAQ" in result.stdout
    assert "Each level builds on the expectations from previous level" in result.stdout


def test_unknown_level_and_org_exit_2_with_choices(invoke):
    level = invoke("show", "whatfix", "S5")
    assert level.exit_code == 2
    assert "unknown level 'S5' for whatfix; levels are S0, S1, S2, S3, SL1, SL2, SL3, SL4" in level.output
    org = invoke("show", "whatfx")
    assert org.exit_code == 2
    assert "did you mean whatfix?" in org.output and "basecamp, heroes, intercom, whatfix" in org.output


def test_framework_given_as_a_path(invoke, tmp_path, monkeypatch):
    shutil.copy(DATA / "valid" / "minimal.yaml", tmp_path / "acme-ladder.yaml")
    monkeypatch.chdir(tmp_path)
    result = invoke("show", "./acme-ladder.yaml", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["inherited"][0]["level"] == "1"
    assert view["criteria"][0]["value"] == "usually 2-5 years"


def test_ladder_path_and_path_option_add_directories(runner, tmp_path):
    from ladder.cli import app

    shutil.copy(DATA / "valid" / "minimal.yaml", tmp_path / "acme.yaml")
    by_env = runner.invoke(app, ["show", "acme", "1"], env={"LADDER_PATH": str(tmp_path)})
    assert by_env.exit_code == 0 and "Support Engineer" in by_env.stdout
    by_option = runner.invoke(app, ["list", "--path", str(tmp_path), "--format", "json"])
    assert "acme" in {r["id"] for r in json.loads(by_option.stdout)}


def test_broken_user_framework_is_reported_and_list_goes_on(runner, tmp_path):
    from ladder.cli import app

    shutil.copy(DATA / "invalid" / "duplicate_key.yaml", tmp_path / "broken.yaml")
    result = runner.invoke(app, ["list", "--path", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1
    assert "broken.yaml:6:1: error: name: duplicate key 'name'" in result.stderr
    assert {r["id"] for r in json.loads(result.stdout)} == ALL


def test_invalid_framework_is_refused_by_show(invoke):
    result = invoke("show", DATA / "invalid" / "builds_on_cycle.yaml", "1")
    assert result.exit_code == 1
    assert "builds_on forms a cycle: 1 -> 2 -> 1" in result.output


def test_plain_install_finds_bundled_frameworks_from_another_directory(tmp_path):
    """Build the wheel, install it (no editable link to the checkout) and run it elsewhere."""
    wheel_dir, target, elsewhere = tmp_path / "wheel", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheel_dir.glob("career_ladder-*.whl")  # the distribution name; the package is ladder
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                              str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr
    assert (target / "ladder" / "frameworks" / "whatfix.yaml").is_file()
    code = "import sys; sys.path.insert(0, sys.argv[1]); from ladder.cli import main; sys.argv = sys.argv[1:]; main()"
    result = subprocess.run([sys.executable, "-c", code, str(target), "show", "whatfix", "S3", "--format", "json"],
                            capture_output=True, text=True, cwd=elsewhere, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["level"]["title"] == "Principal Technical Support Engineer"
    assert str(target) in subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import ladder.load.workspace as r; "
         "print(r.bundled_dir())", str(target)], capture_output=True, text=True, cwd=elsewhere).stdout


def test_symlink_loop_given_as_framework_is_an_input_error(invoke, tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    result = invoke("show", tmp_path / "a.yaml")
    assert result.exit_code == 1
    assert "a.yaml: error: cannot read file" in result.output and "symbolic links" in result.output
