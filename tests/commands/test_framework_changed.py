"""Versions in assessments: `ladder template` records the framework's version and fingerprint, and
`ladder assess` says when the framework has changed since, listing the ratings it touches."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FRAMEWORKS, git, one_result
from editing import edit
from ladder.load.workspace import open_framework
from ladder.logic.fingerprint import fingerprint


def _rate_all(path: Path, value: str = "meets") -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(": not-yet", f": {value}"), encoding="utf-8")


def test_template_records_the_fingerprint_and_the_version(invoke, tmp_path):
    framework = tmp_path / "whatfix.yaml"
    framework.write_text((FRAMEWORKS / "whatfix.yaml").read_text(encoding="utf-8").replace(
        "id: whatfix\n", "id: whatfix\nversion: 2024.10\n", 1), encoding="utf-8")
    result = invoke("template", framework, "S2")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["framework_version"] == "2024.10"  # as written, not the number 2024.1
    assert data["framework_fingerprint"] == fingerprint(open_framework(str(framework)).model)
    plain = invoke("template", "whatfix", "S2").stdout
    assert "framework_version" not in plain  # the bundled file has no version: none is made up
    assert f"framework_fingerprint: {fingerprint(open_framework('whatfix').model)}" in plain


def test_an_assessment_of_the_framework_as_it_is_has_no_notice(invoke, tmp_path):
    me = tmp_path / "me.yaml"
    assert invoke("template", "basecamp", "3", "-o", me).exit_code == 0
    entry = one_result(invoke("assess", me, "-f", "json").stdout)
    assert entry["framework_changed"] is None and entry["reconfirm"] == []
    assert not [w for w in entry["warnings"] if "has changed since" in w]


@pytest.fixture
def repo(basecamp_repo: Path) -> Path:
    return basecamp_repo


def _edit_and_commit(repo: Path):
    target = repo / "frameworks" / "basecamp.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    edits = edit(data)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    git(repo, "commit", "-qam", "edited")
    return edits


def test_assess_lists_the_ratings_an_edit_touched(invoke, repo, monkeypatch):
    monkeypatch.chdir(repo)
    assert invoke("template", "frameworks/basecamp.yaml", "5", "-o", "me.yaml").exit_code == 0
    _rate_all(repo / "me.yaml")
    before = one_result(invoke("assess", "me.yaml", "-f", "json").stdout)
    edits = _edit_and_commit(repo)

    result = invoke("assess", "me.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    entry = one_result(result.stdout)
    changed = entry["framework_changed"]
    assert set(changed) == {"framework", "from_version", "to_version", "from_fingerprint", "to_fingerprint",
                            "revision", "found", "affected"}
    assert changed["found"] is True and len(changed["revision"]) == 12
    assert before["framework_changed"] is None and changed["from_fingerprint"] != changed["to_fingerprint"]
    kinds = {a["id"]: a["kind"] for a in changed["affected"]}
    assert kinds == {edits.reworded: "reworded", edits.removed: "removed", edits.moved: "moved"}
    notes = [w for w in entry["warnings"] if "basecamp" in w or "rating " in w]
    assert notes[0].startswith("framework basecamp has changed since this assessment was written")
    assert "3 rating(s) touched; `ladder migrate me.yaml --to frameworks/basecamp.yaml`" in notes[0]
    assert f"rating {edits.removed}: its expectation was removed" in " ".join(notes)

    # the score rules are the same: unchanged expectations score as before; the removed one is simply gone
    def points(result: dict) -> dict[str, object]:
        return {e["id"]: e["points"] for lv in result["views"][result["by"]]["levels"] for e in lv["expectations"]}

    now, then = points(entry), points(before)
    assert edits.removed in then and edits.removed not in now
    assert {k: v for k, v in now.items() if k in then} == {k: then[k] for k in now if k in then}
    assert now[edits.added] == 0  # added since: not rated yet

    text = invoke("assess", "me.yaml")
    assert "note: framework basecamp has changed since" in text.output
    assert f"note: rating {edits.reworded}: its expectation was reworded; check the rating still holds" in text.output


def test_git_is_asked_once_per_framework_version_in_a_batch(invoke, repo, monkeypatch):
    import ladder.commands.versions as versions

    monkeypatch.chdir(repo)
    assert invoke("template", "frameworks/basecamp.yaml", "3", "-o", "a.yaml").exit_code == 0
    for name in "bcde":
        shutil.copy(repo / "a.yaml", repo / f"{name}.yaml")
    _edit_and_commit(repo)
    calls = []
    real = versions.find_version
    monkeypatch.setattr(versions, "find_version", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = invoke("assess", *[f"{n}.yaml" for n in "abcde"], "-f", "json")
    document = json.loads(result.stdout)
    assert [r["framework_changed"]["found"] for r in document["results"]] == [True] * 5
    assert len(calls) == 1


def test_an_earlier_version_git_does_not_have_is_said_plainly(invoke, tmp_path):
    me = tmp_path / "me.yaml"
    assert invoke("template", "heroes", "superhero", "-o", me).exit_code == 0
    me.write_text(me.read_text(encoding="utf-8").replace(
        f"framework_fingerprint: {fingerprint(open_framework('heroes').model)}",
        "framework_fingerprint: 0123456789abcdef"), encoding="utf-8")
    entry = one_result(invoke("assess", me, "-f", "json").stdout)
    assert entry["framework_changed"]["found"] is False and entry["framework_changed"]["affected"] == []
    assert any("is not in the framework's git history" in w and "--from OLD.yaml" in w for w in entry["warnings"])


def test_unknown_ids_in_a_changed_framework_point_at_migrate(invoke, tmp_path):
    """Without the earlier version, a rating of an id the framework no longer has is still an error
    (the score rules do not change), with a line saying why and what to run."""
    me = tmp_path / "me.yaml"
    assert invoke("template", "heroes", "superhero", "-o", me).exit_code == 0
    text = me.read_text(encoding="utf-8")
    me.write_text(text.replace(f"framework_fingerprint: {fingerprint(open_framework('heroes').model)}",
                               "framework_fingerprint: 0123456789abcdef").replace(
        "ratings:\n", "ratings:\n  hero.gone: meets\n", 1), encoding="utf-8")
    result = invoke("assess", me)
    assert result.exit_code == 1
    assert "unknown expectation id 'hero.gone'" in result.output
    assert "was written against an earlier version of heroes" in result.output and "ladder migrate" in result.output


def test_reconfirm_flags_are_listed(invoke, tmp_path):
    me = tmp_path / "me.yaml"
    assert invoke("template", "heroes", "superhero", "-o", me).exit_code == 0
    text = me.read_text(encoding="utf-8")
    me.write_text(text.replace("hero.general.1: not-yet", "hero.general.1: {rating: meets, reconfirm: true}", 1),
                  encoding="utf-8")
    entry = one_result(invoke("assess", me, "-f", "json").stdout)
    assert entry["reconfirm"] == ["hero.general.1"]
    assert any(w.startswith("1 rating(s) marked reconfirm: true") and "hero.general.1" in w for w in entry["warnings"])


def _reid_and_commit(repo: Path) -> None:
    """basecamp edited: 3.4 re-id'd as 3.4b (same text), 3.1 reworded; committed."""
    target = repo / "frameworks" / "basecamp.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    level = next(lvl for lvl in data["levels"] if lvl["id"] == "3")
    items = level["areas"][0]["expectations"]
    next(e for e in items if e["id"] == "3.4")["id"] = "3.4b"
    first = next(e for e in items if e["id"] == "3.1")
    first["text"] = first["text"].rstrip(".") + " reliably."
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    git(repo, "commit", "-qam", "re-id 3.4")


@pytest.fixture
def two_versions(repo: Path, monkeypatch, invoke) -> Path:
    """then.yaml written against the first version (3.4 exceeds), now.yaml migrated to the second (3.4b meets)."""
    monkeypatch.chdir(repo)
    assert invoke("template", "frameworks/basecamp.yaml", "3", "-o", "then.yaml").exit_code == 0
    then = repo / "then.yaml"
    then.write_text(then.read_text(encoding="utf-8").replace('"3.4": not-yet', '"3.4": exceeds')
                    .replace('"3.1": not-yet', '"3.1": meets'), encoding="utf-8")
    _reid_and_commit(repo)
    assert invoke("migrate", "then.yaml", "--to", "frameworks/basecamp.yaml", "-o", "now.yaml").exit_code == 0
    now = repo / "now.yaml"
    text = now.read_text(encoding="utf-8").replace('3.4b: exceeds', '3.4b: meets')
    now.write_text(re.sub(r"^date: .*$", "date: 2099-01-01", text, count=1, flags=re.M), encoding="utf-8")
    return repo


def test_assess_since_an_earlier_version_compares_through_the_pairing(invoke, two_versions):
    result = invoke("assess", "now.yaml", "--since", "then.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    history = one_result(result.stdout)["history"]
    assert history["crosses"].startswith("this compares across versions of basecamp: the earlier assessment")
    assert "(1 reworded, 1 moved)" in history["crosses"]
    # the re-id'd expectation is compared with its old rating, not as newly rated
    assert [(c["id"], c["before"], c["after"]) for c in history["changes"] if c["id"] == "3.4b"] == [
        ("3.4b", "exceeds", "meets")]
    text = invoke("assess", "now.yaml", "--since", "then.yaml")
    assert "note: this compares across versions of basecamp" in text.output


def test_assess_since_the_same_version_says_nothing_of_versions(invoke, repo, monkeypatch):
    monkeypatch.chdir(repo)
    assert invoke("template", "frameworks/basecamp.yaml", "3", "-o", "a.yaml").exit_code == 0
    shutil.copy(repo / "a.yaml", repo / "b.yaml")
    history = one_result(invoke("assess", "b.yaml", "--since", "a.yaml", "-f", "json").stdout)["history"]
    assert history["crosses"] is None


def test_team_history_says_where_it_crosses_versions(invoke, two_versions):
    result = invoke("team", "then.yaml", "now.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    (person,) = json.loads(result.stdout)["history"]["people"]
    assert person["crosses_versions"] is True
    then, now = person["assessments"]
    assert then["version"] is not None and len(then["version"]) == 16 and now["version"] is None
    text = invoke("team", "then.yaml", "now.yaml").output
    assert "1 person(s) compared across versions of the framework" in text
    assert f"(framework {then['version']})" in text
    html = invoke("team", "then.yaml", "now.yaml", "-f", "html").output
    assert "(across framework versions)" in html


@pytest.mark.parametrize(("column", "touched"), [("advanced", True), ("expert", False)])
def test_a_competency_is_touched_only_by_a_cell_it_claims(invoke, tmp_path, monkeypatch, column, touched):
    """Sam reaches `advanced` in product-technical-knowledge (both views): a reworded cell at or below
    that column touches the rating (assess lists it, migrate flags it); one above it does not."""
    repo = tmp_path / "repo"
    (repo / "frameworks").mkdir(parents=True)
    target = repo / "frameworks" / "intercom.yaml"
    shutil.copy(FRAMEWORKS / "intercom.yaml", target)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "first")
    sam = yaml.safe_load((FRAMEWORKS.parent / "examples" / "intercom-sam.yaml").read_text(encoding="utf-8"))
    sam["framework"] = "frameworks/intercom.yaml"
    sam["framework_fingerprint"] = fingerprint(open_framework(str(target)).model)
    (repo / "sam.yaml").write_text(yaml.safe_dump(sam, sort_keys=False, allow_unicode=True), encoding="utf-8")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    row = next(c for c in data["competencies"]["items"] if c["id"] == "product-technical-knowledge")
    row["cells"][column] = row["cells"][column].rstrip(".") + " every single day."
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    git(repo, "commit", "-qam", "reworded a cell")
    monkeypatch.chdir(repo)

    entry = one_result(invoke("assess", "sam.yaml", "-f", "json").stdout)
    listed = [a["id"] for a in entry["framework_changed"]["affected"] if a["competency"]]
    assert listed == (["product-technical-knowledge"] if touched else [])
    migrated = invoke("migrate", "sam.yaml", "--to", "frameworks/intercom.yaml")
    assert migrated.exit_code == 0, migrated.output
    value = yaml.safe_load(migrated.stdout)["competencies"]["product-technical-knowledge"]
    assert value.get("reconfirm", False) is touched
