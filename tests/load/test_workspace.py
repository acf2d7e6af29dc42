"""Directory scans stay in the tree: a symbolic link found while scanning a directory (validate DIR,
assess DIR, list, show and ids through --path / LADDER_PATH) that leaves the scanned directory, or
leads to something that is not a .yaml / .yml file, is reported where it is and never read.

The trees are built in tmp_path: ``outside/`` holds the "secrets" a pull request could link to,
``frameworks/`` is the directory scanned.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FRAMEWORKS, ROOT
from ladder.errors import InvalidFile
from ladder.load.workspace import RefusedPath, available, expand, resolve

SECRET = "SECRET-TOKEN-123"
OUTSIDE = "symbolic link leading outside the scanned directory"
HINT = "replace the link with the file itself, or name the file directly on the command line"
TARGETS = ["secret.yaml", "secret.txt"]  # a YAML file and a file of another kind, both outside


def _secrets(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in TARGETS:
        (outside / name).write_text(f"{SECRET}: x\npassword: hunter2\n", encoding="utf-8")
    return outside


def _tree(tmp_path, target: str = "secret.yaml", link: str = "x.yaml"):
    """frameworks/ with a good framework, a link inside the tree to it, and ``link`` -> outside/``target``."""
    outside = _secrets(tmp_path)
    scanned = tmp_path / "frameworks"
    scanned.mkdir()
    shutil.copy(FRAMEWORKS / "basecamp.yaml", scanned / "acme.yaml")
    (scanned / "alias.yaml").symlink_to("acme.yaml")  # inside the tree: read as before
    os.symlink(outside / target, scanned / link)
    return scanned


def _no_secret(result):
    assert SECRET not in result.output and "hunter2" not in result.output
    assert "outside/" not in result.output and "Traceback" not in result.output  # nor the target's path


# ---------------------------------------------------------------- validate DIR


@pytest.mark.parametrize("target", TARGETS)
def test_validate_dir_reports_a_link_out_of_the_tree_and_does_not_open_it(invoke, tmp_path, target, monkeypatch):
    scanned = _tree(tmp_path, target)
    opened = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        opened.append(os.path.realpath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    result = invoke("validate", scanned)
    _no_secret(result)
    assert result.exit_code == 1
    assert f"{scanned / 'x.yaml'}: error: {OUTSIDE} {scanned}/; not read" in result.stdout
    assert f"{HINT} (link)" in result.stdout
    assert "3 file(s) checked: 2 valid, 1 invalid" in result.stdout  # acme.yaml and the inside link are fine
    assert opened and not [p for p in opened if "outside" in p]  # never opened, not just not quoted
    named = invoke("validate", scanned / "x.yaml")  # the hint's way out: a file named is read as before
    assert named.exit_code == 1 and f"unknown key '{SECRET}'" in named.stdout and OUTSIDE not in named.stdout


@pytest.mark.parametrize("target", TARGETS)
def test_validate_json_and_github_formats_show_the_link_problem_and_not_the_secret(invoke, tmp_path, target):
    scanned = _tree(tmp_path, target)
    as_json = invoke("validate", "--format", "json", scanned)
    _no_secret(as_json)
    assert as_json.exit_code == 1
    files = {Path(f["file"]).name: f["problems"] for f in json.loads(as_json.stdout)["files"]}
    assert files["acme.yaml"] == [] and files["alias.yaml"] == []
    (problem,) = files["x.yaml"]
    assert (problem["rule"], problem["severity"], problem["line"]) == ("link", "error", 0)
    assert problem["message"].startswith(f"{OUTSIDE} {scanned}/; not read")
    github = invoke("validate", "--format", "github", scanned)
    _no_secret(github)
    assert github.exit_code == 1
    (line,) = [x for x in github.stdout.splitlines() if "x.yaml" in x]
    assert line.startswith("::error file=") and "title=ladder (link)::" + OUTSIDE in line


def test_a_relative_directory_names_itself_in_the_message(invoke, tmp_path, monkeypatch):
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "frameworks")
    _no_secret(result)
    assert ("frameworks/x.yaml: error: symbolic link leading outside the scanned directory frameworks/; not read"
            in result.stdout)


def test_a_link_inside_the_tree_to_a_file_that_is_not_yaml_is_refused(invoke, tmp_path):
    scanned = tmp_path / "frameworks"
    scanned.mkdir()
    (scanned / "notes.txt").write_text(f"{SECRET}: x\n")
    (scanned / "notes.yaml").symlink_to("notes.txt")
    result = invoke("validate", scanned)
    assert result.exit_code == 1 and SECRET not in result.output
    assert f"{scanned / 'notes.yaml'}: error: symbolic link to a file that is not a .yaml or .yml file; not read" \
        in result.stdout


def test_a_link_deeper_in_the_tree_is_measured_against_the_directory_scanned(invoke, tmp_path):
    _secrets(tmp_path)
    scanned = tmp_path / "frameworks"
    (scanned / "team").mkdir(parents=True)
    shutil.copy(FRAMEWORKS / "basecamp.yaml", scanned / "acme.yaml")
    (scanned / "team" / "up.yaml").symlink_to("../acme.yaml")  # leaves team/, stays in frameworks/
    (scanned / "team" / "out.yml").symlink_to("../../outside/secret.yaml")
    whole = invoke("validate", scanned)
    _no_secret(whole)
    assert whole.exit_code == 1
    assert "3 file(s) checked: 2 valid, 1 invalid" in whole.stdout
    assert f"{scanned / 'team' / 'out.yml'}: error: {OUTSIDE} {scanned}/" in whole.stdout
    team = invoke("validate", scanned / "team")  # scanning team/ alone, ../acme.yaml leaves it
    _no_secret(team)
    assert f"{scanned / 'team' / 'up.yaml'}: error: {OUTSIDE} {scanned / 'team'}/" in team.stdout
    assert "2 file(s) checked: 0 valid, 2 invalid" in team.stdout


def test_directory_links_out_of_the_tree_are_reported_not_searched_and_nothing_loops(invoke, tmp_path):
    outside = _secrets(tmp_path)
    scanned = tmp_path / "frameworks"
    (scanned / "sub").mkdir(parents=True)
    shutil.copy(FRAMEWORKS / "basecamp.yaml", scanned / "sub" / "acme.yaml")
    (scanned / "vendored").symlink_to(outside)  # leaves the tree: reported, its files never read
    (scanned / "sub" / "again").symlink_to("..")  # a loop back into the tree: skipped, files are seen once
    (scanned / "sub" / "self").symlink_to(".")
    (scanned / "gone.yaml").symlink_to("nowhere.yaml")  # dangling: still reported by the loader
    (scanned / "a.yaml").symlink_to("b.yaml")  # a loop of links: still reported, no crash
    (scanned / "b.yaml").symlink_to("a.yaml")
    result = invoke("validate", "--format", "json", scanned)
    _no_secret(result)
    assert result.exit_code == 1
    files = {f["file"]: [p["message"] for p in f["problems"]] for f in json.loads(result.stdout)["files"]}
    assert sorted(files) == sorted(str(scanned / n) for n in
                                   ["a.yaml", "b.yaml", "gone.yaml", "sub/acme.yaml", "vendored"])
    assert files[str(scanned / "vendored")] == [
        f"symbolic link to a directory outside the scanned directory {scanned}/; not searched (a link found "
        "while scanning a directory must stay inside it); move the files into the tree, or name that directory "
        "directly on the command line"]
    assert files[str(scanned / "gone.yaml")] == ["no such file; check the path"]
    assert files[str(scanned / "a.yaml")] == [f"cannot read file: {os.strerror(errno.ELOOP)}"]
    assert files[str(scanned / "sub" / "acme.yaml")] == []


# ---------------------------------------------------------------- list / show, --path and LADDER_PATH


@pytest.mark.parametrize("target", TARGETS)
def test_list_reports_the_link_on_stderr_and_lists_the_others(invoke, tmp_path, target):
    scanned = _tree(tmp_path, target)
    for args, env in ((["--path", str(scanned)], {}), ([], {"LADDER_PATH": str(scanned)})):
        result = invoke("list", *args, env=env)
        _no_secret(result)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"{scanned / 'x.yaml'}: error: {OUTSIDE} {scanned}/; not read")
        assert "basecamp" in result.stdout and "whatfix" in result.stdout  # the rest is still listed


@pytest.mark.parametrize("target", TARGETS)
def test_show_of_an_id_that_is_a_link_out_of_the_tree_is_an_error_and_not_read(invoke, tmp_path, target):
    scanned = _tree(tmp_path, target)
    for args, env in ((["--path", str(scanned)], {}), ([], {"LADDER_PATH": str(scanned)})):
        result = invoke("show", "x", *args, env=env)
        _no_secret(result)
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"{scanned / 'x.yaml'}: error: {OUTSIDE} {scanned}/; not read (a link found while scanning a "
            f"directory must stay inside it); {HINT} (link)")
        inside = invoke("show", "alias", *args, env=env)  # a link inside the tree is fine
        assert inside.exit_code == 0, inside.output
        assert "Basecamp" in inside.stdout


def test_a_link_out_of_the_tree_claims_its_id_instead_of_falling_through_to_the_bundled_one(invoke, tmp_path):
    scanned = _tree(tmp_path, link="basecamp.yaml")
    result = invoke("show", "basecamp", "--path", scanned)
    _no_secret(result)
    assert result.exit_code == 1 and OUTSIDE in result.stderr
    with pytest.raises(InvalidFile):
        resolve("basecamp", [str(scanned)])
    assert resolve(str(scanned / "basecamp.yaml")) == scanned / "basecamp.yaml"  # a path is the user's choice


# ---------------------------------------------------------------- assess DIR


@pytest.mark.parametrize("target", TARGETS)
def test_assess_dir_reports_the_link_as_a_bad_file_and_scores_the_others(invoke, tmp_path, target):
    outside = _secrets(tmp_path)
    scanned = tmp_path / "reviews"
    scanned.mkdir()
    shutil.copy(ROOT / "examples" / "basecamp-lena.yaml", scanned / "lena.yaml")
    os.symlink(outside / target, scanned / "x.yaml")
    result = invoke("assess", "--format", "csv", scanned)
    _no_secret(result)
    assert result.exit_code == 1
    assert f"{scanned / 'x.yaml'}: error: {OUTSIDE} {scanned}/; not read" in result.stderr
    rows = result.stdout.splitlines()
    assert any("lena.yaml" in row and ",ok," in row for row in rows)
    assert any("x.yaml" in row for row in rows)
    as_json = invoke("assess", "--format", "json", scanned)
    _no_secret(as_json)
    (bad,) = [r for r in json.loads(as_json.stdout)["results"] if r["file"].endswith("x.yaml")]
    assert bad["problems"][0]["message"].startswith(f"{OUTSIDE} {scanned}/; not read")


# ---------------------------------------------------------------- the registry itself


def test_a_refused_path_cannot_be_opened(tmp_path):
    scanned = _tree(tmp_path)
    found = list(expand([str(scanned)]))
    assert [p.name for p in found] == ["acme.yaml", "alias.yaml", "x.yaml"]
    refused = found[-1]
    assert isinstance(refused, RefusedPath) and str(refused) == str(scanned / "x.yaml")
    for opening in (os.fspath, open, lambda p: p.read_text(), lambda p: os.open(p, os.O_RDONLY)):
        with pytest.raises(InvalidFile) as info:
            opening(refused)
        assert OUTSIDE in str(info.value) and SECRET not in str(info.value)
    assert os.fspath(refused.parent) == str(scanned)  # paths derived from it are ordinary
    ids = dict(available([str(scanned)]))
    assert isinstance(ids["x"], RefusedPath) and not isinstance(ids["alias"], RefusedPath)
