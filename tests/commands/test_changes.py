"""`ladder changes` end to end: edited copies of every bundled framework against their originals,
git revisions, bad input, the JSON keys, and text from a file kept as text in every format."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FRAMEWORKS
from editing import NEW_LEVEL_ITEM, Edits, edited_file

ORGS = sorted(p.stem for p in FRAMEWORKS.glob("*.yaml"))


def _edited(directory: Path, org: str) -> tuple[Path, Edits]:
    return edited_file(directory, org, f"{org}-edited.yaml")


def _json(invoke, *args: object) -> dict:
    result = invoke("changes", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _ids(entries: list[dict]) -> list[str]:
    return [entry["to"]["id"] if "to" in entry else entry["id"] for entry in entries]


@pytest.mark.parametrize("org", ORGS)
def test_every_edit_of_a_bundled_framework_is_reported_once_and_nothing_else(invoke, tmp_path, org):
    edited, edits = _edited(tmp_path, org)
    doc = _json(invoke, FRAMEWORKS / f"{org}.yaml", edited)
    lv, ex, co = doc["levels"], doc["expectations"], doc["competencies"]

    assert [entry["id"] for entry in lv["added"]] == [edits.added_level]
    assert [e["id"] for e in lv["added"][0]["expectations"]] == [NEW_LEVEL_ITEM]  # listed with its level only
    assert [(p["from"]["id"], p["to"]["id"]) for p in lv["renamed"]] == [(edits.renamed_level, edits.renamed_level)]
    assert lv["renamed"][0]["to"]["title"] == lv["renamed"][0]["from"]["title"] + " Prime"
    assert lv["removed"] == lv["reranked"] == lv["moved"] == lv["changed"] == []

    assert _ids(ex["added"]) == [edits.added]
    assert [(r["from"]["id"], r["to"]["id"]) for r in ex["reworded"]] == [(edits.reworded, edits.reworded)]
    assert ex["reworded"][0]["from"]["text"] == edits.old_text
    assert {"op": "insert", "text": "zebras."} in ex["reworded"][0]["words"]
    if edits.moved is None:  # a matrix: a whole competency row removed, its cells with it
        assert ex["moved"] == [] and ex["removed"] == []
        assert [c["id"] for c in co["removed"]] == [edits.removed]
        assert co["removed"][0]["cells"] and all(c["id"].startswith(edits.removed + ".") for c in co["removed"][0]["cells"])
        gone = len(co["removed"][0]["cells"])
    else:
        assert _ids(ex["removed"]) == [edits.removed]
        assert [(m["from"]["id"], m["to"]["id"]) for m in ex["moved"]] == [(edits.moved, edits.moved)]
        assert ex["moved"][0]["from"]["level"] != ex["moved"][0]["to"]["level"]
        assert ex["moved"][0]["from"]["text"] == ex["moved"][0]["to"]["text"]
        assert co["removed"] == []
        gone = 2  # removed and moved
    assert [c["level"] for c in doc["criteria"]] == [edits.criterion_level]
    assert co["added"] == co["renamed"] == co["changed"] == [] and co["scale"] is None
    assert doc["principles"] == {"added": [], "removed": [], "reworded": []}
    assert doc["tracks"] == {"added": [], "removed": [], "changed": []}
    # the count of unchanged is everything else: each old expectation is in exactly one place
    before = _json(invoke, FRAMEWORKS / f"{org}.yaml", FRAMEWORKS / f"{org}.yaml")["expectations"]["unchanged"]
    assert ex["unchanged"] == before - 1 - gone
    edits_made = 7 if edits.moved is not None else 6
    assert doc["edits"] == edits_made


@pytest.mark.parametrize("org", ORGS)
def test_the_text_lists_each_edit_on_one_line(invoke, tmp_path, org):
    edited, edits = _edited(tmp_path, org)
    result = invoke("changes", FRAMEWORKS / f"{org}.yaml", edited)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    top = [line for line in lines if line[:2] == "  " and line[2:3] in ("+", "−", "→", "~")]  # one per edit
    expected_top = 7 if edits.moved is not None else 6
    assert len(top) == expected_top, result.output
    for marker, key in (("~", edits.reworded), ("+", edits.added)):
        assert sum(line.strip().startswith(f"{marker} {key} ") for line in lines) == 1, result.output
    assert "{+zebras.+}" in result.output
    assert "~ renamed:" in result.output and "+ level added: Zebra Wrangler" in result.output


@pytest.mark.parametrize("org", ORGS)
def test_a_version_against_itself_reports_no_changes(invoke, org):
    result = invoke("changes", org, FRAMEWORKS / f"{org}.yaml")
    assert result.exit_code == 0, result.output
    assert "No changes:" in result.output
    doc = _json(invoke, org, org)
    assert doc["edits"] == 0 and doc["from"]["fingerprint"] == doc["to"]["fingerprint"]


@pytest.mark.parametrize("org", ORGS)
def test_going_back_reports_the_same_edits_the_other_way(invoke, tmp_path, org):
    edited, edits = _edited(tmp_path, org)
    forward = _json(invoke, FRAMEWORKS / f"{org}.yaml", edited)
    back = _json(invoke, edited, FRAMEWORKS / f"{org}.yaml")
    assert back["edits"] == forward["edits"]
    assert [e["id"] for e in back["levels"]["removed"]] == [edits.added_level]
    assert _ids(back["expectations"]["removed"]) == _ids(forward["expectations"]["added"])
    assert _ids(back["expectations"]["added"]) == _ids(forward["expectations"]["removed"])
    assert [r["from"]["text"] for r in back["expectations"]["reworded"]] == [
        r["to"]["text"] for r in forward["expectations"]["reworded"]]


def test_json_keys_are_pinned(invoke, tmp_path):
    edited, _ = _edited(tmp_path, "whatfix")
    doc = _json(invoke, FRAMEWORKS / "whatfix.yaml", edited)
    assert set(doc) == {"from", "to", "pairing", "edits", "levels", "expectations", "criteria", "competencies",
                        "tracks", "principles"}
    assert set(doc["from"]) == {"id", "organisation", "name", "version", "fingerprint", "file"}
    assert set(doc["levels"]) == {"added", "removed", "renamed", "reranked", "moved", "changed"}
    assert set(doc["expectations"]) == {"added", "removed", "moved", "reworded", "unchanged"}
    assert set(doc["competencies"]) == {"added", "removed", "renamed", "changed", "scale"}
    assert set(doc["criteria"][0]) == {"level", "title", "kind", "label", "text", "before", "after", "unit",
                                       "advisory"}
    assert set(doc["expectations"]["reworded"][0]) == {"from", "to", "basis", "similarity", "moved", "words", "rule"}
    assert set(doc["expectations"]["moved"][0]) == {"from", "to", "basis"}
    assert doc["to"]["file"] == str(edited) and doc["from"]["fingerprint"] != doc["to"]["fingerprint"]


def test_criteria_read_as_before_and_after(invoke, tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "basecamp.yaml").read_text(encoding="utf-8"))
    data["levels"][1]["criteria"][0]["min_years"] = 3
    changed = tmp_path / "basecamp.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = invoke("changes", "basecamp", changed)
    assert "~ criterion: Experience: 2-5 → 3-5 years (advisory)" in result.output, result.output


def test_markdown_is_a_summary_then_one_folded_section_per_level(invoke, tmp_path):
    from markdown_it import MarkdownIt

    edited, _ = _edited(tmp_path, "basecamp")
    result = invoke("changes", "basecamp", edited, "--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("### basecamp: Titles for Support")
    assert "- **Expectations:** 1 added, 1 removed, 1 moved, 1 reworded, 74 unchanged" in out
    assert out.index("**Expectations:**") < out.index("<details>")
    assert out.count("<details>") == out.count("</details>") == 5  # levels 1, 2, 4, 5 and the new one
    assert "~~etc.)~~ **zebras.**" in out
    tokens = MarkdownIt("commonmark").parse(out)
    assert not [t for t in tokens if t.type == "inline" and any(c.type == "link_open" for c in t.children or [])]


HOSTILE = [
    "[click](https://evil.example) <script>alert(1)</script> **bold** `code`",
    "</summary></details><img src=x onerror=alert(1)>",
    "line one\n::error::forged\n# heading\n- item",
    "[bold red]rich markup[/bold red] | a | table |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_from_a_file_is_data_in_every_format(invoke, tmp_path, monkeypatch, text):
    data = yaml.safe_load((FRAMEWORKS / "heroes.yaml").read_text(encoding="utf-8"))
    data["levels"][0]["title"] = text
    data["levels"][0]["areas"][0]["expectations"][0]["text"] = text
    data["levels"][0]["areas"][0]["expectations"].append({"id": "zz.hostile", "text": text + " added"})
    hostile = tmp_path / "heroes.yaml"
    hostile.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    plain = invoke("changes", "heroes", hostile)
    assert plain.exit_code == 0, plain.output
    assert "\n::error" not in plain.output and "\n# heading" not in plain.output  # no forged line
    assert all(line.startswith(("heroes:", "levels:", "expectations:", "criteria:", "  ", "Hero", "Superhero"))
               or not line or text.split("\n")[0] in line for line in plain.output.splitlines()), plain.output

    from conftest import Tty
    from ladder.commands.changes import versions
    from ladder.logic.changes import compare
    from ladder.render.registry import renderer

    before, _, after, _ = versions("heroes", str(hostile), None, [])
    tty = Tty()
    monkeypatch.delenv("NO_COLOR", raising=False)
    renderer("changes", "text", tty).one(compare(before.model, after.model))
    assert "\x1b[" in tty.getvalue()  # rich did colour it
    shown = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", tty.getvalue()).split())
    forms = {" ".join(text.split()), text.replace("\n", "\\n")}  # a line break is shown as \n, or folded
    assert sum(shown.count(form) for form in forms) >= 3, shown  # title, added, reworded: each as written

    markdown = invoke("changes", "heroes", hostile, "--format", "markdown").output
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert "link_open" not in kinds and "image" not in kinds and "table_open" not in kinds
    html = [t.content for t in tokens if t.type in ("html_block", "html_inline")] + [
        c.content for t in tokens for c in t.children or [] if c.type == "html_inline"]
    assert all(h.startswith(("<details>", "</details>", "<summary>", "</summary>")) for h in html), html
    assert markdown.count("<details>") == markdown.count("</details>")
    rendered = MarkdownIt("commonmark").render(markdown)  # as a pull-request page would show it
    assert "<script" not in rendered and "<img" not in rendered and "\x1b" not in markdown

    doc = _json(invoke, "heroes", hostile)
    assert doc["levels"]["renamed"][0]["to"]["title"] == text  # JSON carries the text as it is


def test_control_characters_in_a_version_are_refused_with_where(invoke, tmp_path):
    hostile = tmp_path / "heroes.yaml"
    hostile.write_text((FRAMEWORKS / "heroes.yaml").read_text(encoding="utf-8").replace(
        "title: Hero", 'title: "Hero\\e]8;;https://evil.example\\aHero"', 1), encoding="utf-8")
    result = invoke("changes", "heroes", hostile)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{hostile}:" in result.output and "control character" in result.output


def test_different_frameworks_are_refused(invoke):
    result = invoke("changes", "whatfix", "basecamp")
    assert result.exit_code == 2
    assert "are not versions of one framework" in result.output and "'whatfix'" in result.output


@pytest.mark.parametrize("args", [("whatfix",), ("whatfix", "heroes", "intercom")])
def test_wrong_arguments_are_usage_errors(invoke, args):
    result = invoke("changes", *args)
    assert result.exit_code == 2
    assert "ladder changes OLD.yaml NEW.yaml" in result.output


def test_an_invalid_version_is_a_located_error(invoke, tmp_path):
    broken = tmp_path / "whatfix.yaml"
    broken.write_text((FRAMEWORKS / "whatfix.yaml").read_text(encoding="utf-8").replace("order: 2", "order: two", 1),
                      encoding="utf-8")
    result = invoke("changes", "whatfix", broken)
    assert result.exit_code == 1
    assert f"{broken}:" in result.output and "order" in result.output


# ---------------------------------------------------------------- --since REV (git)



@pytest.fixture
def repo(basecamp_repo: Path, tmp_path: Path) -> Path:
    """basecamp committed on main, then edited (tests/editing.py) in the work tree."""
    edited, _ = _edited(tmp_path, "basecamp")
    shutil.copy(edited, basecamp_repo / "frameworks" / "basecamp.yaml")
    return basecamp_repo


def test_since_a_revision_compares_the_file_with_itself_there(invoke, repo, monkeypatch, tmp_path):
    monkeypatch.chdir(repo)
    doc = _json(invoke, "frameworks/basecamp.yaml", "--since", "main")
    assert doc["from"]["file"] == "main:frameworks/basecamp.yaml" and doc["to"]["file"] == "frameworks/basecamp.yaml"
    two_files = _json(invoke, FRAMEWORKS / "basecamp.yaml", repo / "frameworks" / "basecamp.yaml")
    assert {k: v for k, v in doc.items() if k not in ("from", "to")} == {
        k: v for k, v in two_files.items() if k not in ("from", "to")}
    monkeypatch.chdir(tmp_path)  # from outside the repository, by path
    assert _json(invoke, repo / "frameworks" / "basecamp.yaml", "--since", "HEAD")["edits"] == doc["edits"]


@pytest.mark.parametrize("revision", ["no-such-branch", "--output=x", "HEAD~5"])
def test_an_unreadable_revision_is_a_usage_error(invoke, repo, monkeypatch, revision):
    monkeypatch.chdir(repo)
    result = invoke("changes", "frameworks/basecamp.yaml", f"--since={revision}")
    assert result.exit_code == 2, result.output
    assert "revision" in result.output
    assert not (repo / "x").exists()


def test_since_outside_a_repository_says_so(invoke, tmp_path):
    shutil.copy(FRAMEWORKS / "basecamp.yaml", tmp_path / "basecamp.yaml")
    result = invoke("changes", tmp_path / "basecamp.yaml", "--since", "HEAD")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output


def test_a_file_the_revision_does_not_have(invoke, repo, monkeypatch):
    shutil.copy(FRAMEWORKS / "heroes.yaml", repo / "frameworks" / "heroes.yaml")
    monkeypatch.chdir(repo)
    result = invoke("changes", "frameworks/heroes.yaml", "--since", "main")
    assert result.exit_code == 2
    assert "the file is not in revision 'main'" in result.output


def test_since_over_a_directory_reports_every_framework_file(invoke, repo, monkeypatch, tmp_path):
    from conftest import git

    shutil.copy(FRAMEWORKS / "whatfix.yaml", repo / "frameworks" / "whatfix.yaml")
    git(repo, "add", "frameworks/whatfix.yaml")
    git(repo, "commit", "-qm", "whatfix")  # whatfix is at HEAD and unchanged; basecamp is edited since main
    shutil.copy(FRAMEWORKS / "heroes.yaml", repo / "frameworks" / "heroes.yaml")  # new, not committed
    (repo / "frameworks" / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\n", encoding="utf-8")
    (repo / "frameworks" / "link.yaml").symlink_to(outside)
    monkeypatch.chdir(repo)

    result = invoke("changes", "frameworks", "--since", "HEAD", "-f", "json")
    assert result.exit_code == 1, result.output  # notes.yaml and the link are not valid frameworks now
    doc = json.loads(result.stdout)
    statuses = {entry["file"]: entry["status"] for entry in doc["files"]}
    assert statuses == {"frameworks/basecamp.yaml": "changed", "frameworks/heroes.yaml": "added",
                        "frameworks/link.yaml": "invalid", "frameworks/notes.yaml": "invalid",
                        "frameworks/whatfix.yaml": "unchanged"}
    assert doc["summary"] == {"files": 5, "changed": 1, "unchanged": 1, "added": 1, "removed": 0, "invalid": 2}
    changed = next(e for e in doc["files"] if e["status"] == "changed")["changes"]
    assert changed["edits"] == 7 and changed["from"]["file"].endswith(":frameworks/basecamp.yaml")
    assert "secret" not in result.stdout  # the link out of the directory is refused, never read

    (repo / "frameworks" / "whatfix.yaml").unlink()
    (repo / "frameworks" / "link.yaml").unlink()
    (repo / "frameworks" / "notes.yaml").unlink()
    text = invoke("changes", "frameworks", "--since", "HEAD")
    assert text.exit_code == 0, text.output
    assert "frameworks/whatfix.yaml: removed" in text.output
    assert "frameworks/heroes.yaml: added (new: heroes" in text.output
    assert text.output.rstrip().endswith("3 framework file(s) compared with HEAD: 1 changed, 1 added, 1 removed")
    markdown = invoke("changes", "frameworks", "--since", "HEAD", "-f", "markdown").output
    assert "- frameworks/whatfix.yaml: removed" in markdown and "### basecamp:" in markdown


def test_since_over_paths_that_exist_nowhere(invoke, repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = invoke("changes", "frameworks/basecamp.yaml", "frameworks/nope.yaml", "--since", "main")
    assert result.exit_code == 2 and "no such file or directory 'frameworks/nope.yaml'" in result.output


def test_principles_competencies_tracks_and_ranks_are_each_reported_once(invoke, tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "whatfix.yaml").read_text(encoding="utf-8"))
    data["principles"][0]["text"] += " and beyond"
    data["principles"].append({"heading": "Career Framework", "text": "Zebras are reviewed every spring"})
    data["description"].pop()
    data["tracks"][1]["name"] = "People Leader"
    data["levels"][-1]["order"] += 1  # SL4 re-ranked
    whatfix = tmp_path / "whatfix.yaml"
    whatfix.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    doc = _json(invoke, "whatfix", whatfix)
    pr = doc["principles"]
    assert [p["text"] for p in pr["added"]] == ["Zebras are reviewed every spring"]
    assert [p["part"] for p in pr["removed"]] == ["description"]
    assert [c["to"]["text"] for c in pr["reworded"]] == [data["principles"][0]["text"]]
    assert [(c["field"], c["after"]) for c in doc["tracks"]["changed"]] == [("name", "People Leader")]
    assert [(p["from"]["order"], p["to"]["order"]) for p in doc["levels"]["reranked"]] == [(6, 7)]
    assert doc["edits"] == 5 and doc["expectations"]["unchanged"] == 61

    data = yaml.safe_load((FRAMEWORKS / "intercom.yaml").read_text(encoding="utf-8"))
    data["competencies"]["items"][0]["name"] = "Frontline Workflows and Volume"
    data["competencies"]["items"][1]["id"] = "quality"  # re-id'd, same name: its cells follow it
    intercom = tmp_path / "intercom.yaml"
    intercom.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    doc = _json(invoke, "intercom", intercom)
    renamed = {(r["from"]["id"], r["to"]["id"]): r["to"]["name"] for r in doc["competencies"]["renamed"]}
    assert renamed == {("frontline-workflows-volume", "frontline-workflows-volume"): "Frontline Workflows and Volume",
                       ("frontline-quality", "quality"): "Frontline Quality"}
    assert doc["competencies"]["added"] == doc["competencies"]["removed"] == []
    assert doc["expectations"]["added"] == doc["expectations"]["removed"] == doc["expectations"]["reworded"] == []
    assert doc["edits"] == 2
