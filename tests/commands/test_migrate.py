"""`ladder migrate`: every example assessment carried to an edited framework (tests/editing.py), the
earlier version found in git by fingerprint, and bad input refused with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FRAMEWORKS, ROOT, git, one_result
from editing import Edits, edit, edited_file
from ladder.load.assessment import load_assessment

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))


def _edited(directory: Path, org: str) -> tuple[Path, Edits]:
    return edited_file(directory, org)


def _points(entry: dict) -> dict[str, object]:
    """Every expectation's points in the view that decides, by id."""
    return {e["id"]: e["points"] for level in entry["views"][entry["by"]]["levels"] for e in level["expectations"]}


def _value(value: object) -> object:
    """A rating without the reconfirm flag, as plain data."""
    data = value.model_dump(exclude_defaults=True) if hasattr(value, "model_dump") else {"rating": value}
    data.pop("reconfirm", None)
    return data.get("rating", data) if set(data) == {"rating"} else data


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_migrates_to_an_edited_framework_losing_nothing(invoke, tmp_path, example):
    org = load_assessment(example).model.framework
    edited, edits = _edited(tmp_path, org)
    out = tmp_path / "migrated.yaml"
    result = invoke("migrate", example, "--from", org, "--to", edited, "-o", out)
    assert result.exit_code == 0, result.output
    old = load_assessment(example).model
    new = load_assessment(out).model

    # no rating lost: each is under its id now, or archived; values (views, evidence) as they were
    archived = new.archived.ratings if new.archived else {}
    assert len(new.ratings) + len(archived) == len(old.ratings)
    for key, value in old.ratings.items():
        if key == edits.removed:
            assert _value(archived[key]) == _value(value)
            continue
        assert _value(new.ratings[key]) == _value(value)
        flagged = getattr(new.ratings[key], "reconfirm", False)
        assert flagged == (key == edits.reworded), key
    comps_archived = new.archived.competencies if new.archived else {}
    assert len(new.competencies) + len(comps_archived) == len(old.competencies)
    if old.competencies:
        assert edits.removed in comps_archived
    assert new.person == old.person and new.date == old.date and new.facts == old.facts and new.notes == old.notes
    assert new.current_level == old.current_level and new.target_level == old.target_level

    # the score of every unchanged expectation is the same; the new one is listed unrated, not rated
    before = one_result(invoke("assess", example, "-f", "json").stdout)
    after = one_result(invoke("assess", out, "-f", "json").stdout)
    then, now = _points(before), _points(after)
    assert {k: v for k, v in now.items() if k in then and k != edits.reworded} == {
        k: then[k] for k in now if k in then and k != edits.reworded}
    assert edits.added not in new.ratings
    assert after["reconfirm"] == ([edits.reworded] if edits.reworded in old.ratings else [])
    assert after["framework_changed"] is None  # it is written against the version it names now

    summary = result.stderr
    assert summary.startswith(f"migrated {example} (")
    if edits.removed in old.ratings:
        assert f"rating {edits.removed}: removed from the framework, kept under archived:" in summary
    if edits.reworded in old.ratings:
        assert f"rating {edits.reworded}: reworded, kept and flagged reconfirm: true" in summary
        assert "# reworded; was: " in out.read_text(encoding="utf-8")
    assert summary.rstrip().endswith(f"wrote {out}")


def test_moved_and_re_ided_ratings_follow_their_expectation(invoke, tmp_path):
    framework = tmp_path / "heroes.yaml"
    text = (FRAMEWORKS / "heroes.yaml").read_text(encoding="utf-8")
    framework.write_text(text.replace("id: hero.general.2\n", "id: hero.general.two\n", 1), encoding="utf-8")
    me = tmp_path / "me.yaml"
    assert invoke("template", "heroes", "superhero", "-o", me).exit_code == 0
    me.write_text(me.read_text(encoding="utf-8").replace("hero.general.2: not-yet", "hero.general.2: exceeds"),
                  encoding="utf-8")
    result = invoke("migrate", me, "--to", framework, "--from", "heroes")
    assert result.exit_code == 0, result.output
    migrated = yaml.safe_load(result.stdout)
    assert migrated["ratings"]["hero.general.two"] == "exceeds" and "hero.general.2" not in migrated["ratings"]
    assert "rating hero.general.2: moved to id hero.general.two, kept" in result.stderr


def test_new_expectations_are_listed_unrated(invoke, tmp_path):
    edited, edits = _edited(tmp_path, "heroes")
    me = tmp_path / "me.yaml"
    assert invoke("template", "heroes", "senior-superhero", "-o", me).exit_code == 0  # the level it was added to
    result = invoke("migrate", me, "--to", edited)
    assert result.exit_code == 0, result.output
    assert f"  # {edits.added}: not-yet  # Keeps the zebra enclosure spotless every quarter." in result.stdout
    assert f"new: {edits.added}, not rated" in result.stderr
    assert "zz-level.1" not in result.stdout  # a level above the target: not on the way
    marcus = invoke("migrate", ROOT / "examples" / "heroes-marcus.yaml", "--from", "heroes", "--to", edited)
    assert marcus.exit_code == 0 and edits.added not in marcus.stdout  # Marcus aims lower than where it was added


# ---------------------------------------------------------------- the earlier version from git



@pytest.fixture
def repo(basecamp_repo: Path) -> Path:
    return basecamp_repo


def test_the_earlier_version_is_found_by_its_fingerprint(invoke, repo, monkeypatch):
    monkeypatch.chdir(repo)
    assert invoke("template", "frameworks/basecamp.yaml", "4", "-o", "me.yaml").exit_code == 0
    target = repo / "frameworks" / "basecamp.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    edits = edit(data)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    git(repo, "commit", "-qam", "edited")

    result = invoke("migrate", "me.yaml", "--to", "frameworks/basecamp.yaml", "-o", "me-new.yaml")
    assert result.exit_code == 0, result.output
    assert ":frameworks/basecamp.yaml → frameworks/basecamp.yaml)" in result.stderr
    migrated = load_assessment(repo / "me-new.yaml").model
    assert migrated.framework == "frameworks/basecamp.yaml"
    assert edits.removed in migrated.archived.ratings and migrated.ratings[edits.reworded].reconfirm
    assert one_result(invoke("assess", "me-new.yaml", "-f", "json").stdout)["framework_changed"] is None

    # already migrated: said, exit 1, nothing written
    again = invoke("migrate", "me-new.yaml", "--to", "frameworks/basecamp.yaml", "-o", "again.yaml")
    assert again.exit_code == 1 and "is already written against this version of basecamp" in again.output
    assert not (repo / "again.yaml").exists()
    # --force replaces migrate's own output, never the input
    assert invoke("migrate", "me.yaml", "--to", "frameworks/basecamp.yaml", "-o", "me-new.yaml",
                  "--force").exit_code == 0
    refused = invoke("migrate", "me.yaml", "--to", "frameworks/basecamp.yaml", "-o", "me.yaml", "--force")
    assert refused.exit_code != 0 and "is the command's input" in refused.output


def test_a_fingerprint_git_does_not_have_asks_for_from(invoke, repo, monkeypatch):
    monkeypatch.chdir(repo)
    assert invoke("template", "frameworks/basecamp.yaml", "3", "-o", "me.yaml").exit_code == 0
    me = repo / "me.yaml"
    text = me.read_text(encoding="utf-8")
    me.write_text("\n".join("framework_fingerprint: 0123456789abcdef" if line.startswith("framework_fingerprint")
                            else line for line in text.splitlines()) + "\n", encoding="utf-8")
    result = invoke("migrate", "me.yaml", "--to", "frameworks/basecamp.yaml", "-o", "out.yaml")
    assert result.exit_code == 2 and "no revision of frameworks/basecamp.yaml in git has the fingerprint" in result.output
    assert "--from OLD.yaml" in result.output and not (repo / "out.yaml").exists()


# ---------------------------------------------------------------- bad input: a clear line, nothing written


def test_a_target_that_is_not_the_framework_the_assessment_names(invoke, tmp_path):
    result = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--to", "basecamp", "-o", tmp_path / "o.yaml")
    assert result.exit_code == 2
    assert "is an assessment against whatfix, not basecamp" in result.output and not (tmp_path / "o.yaml").exists()


def test_a_from_of_another_framework(invoke, tmp_path):
    edited, _ = _edited(tmp_path, "whatfix")
    result = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--to", edited, "--from", "heroes")
    assert result.exit_code == 2 and "is heroes, not whatfix" in result.output and result.stdout == ""


def test_no_fingerprint_and_no_from(invoke, tmp_path):
    edited, _ = _edited(tmp_path, "whatfix")
    result = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--to", edited)
    assert result.exit_code == 2 and "records no framework_fingerprint" in result.output and result.stdout == ""


def test_the_same_version_twice(invoke):
    result = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--to", "whatfix", "--from", "whatfix")
    assert result.exit_code == 2 and "are the same version of whatfix" in result.output


def test_an_assessment_that_does_not_fit_the_from_version(invoke, tmp_path):
    edited, _ = _edited(tmp_path, "whatfix")
    result = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--to", "whatfix", "--from", edited,
                    "-o", tmp_path / "o.yaml")
    assert result.exit_code == 1
    assert "unknown expectation id" in result.output and not (tmp_path / "o.yaml").exists()


def test_a_file_of_the_users_is_not_replaced_even_with_force(invoke, tmp_path):
    edited, _ = _edited(tmp_path, "whatfix")
    mine = tmp_path / "mine.yaml"
    mine.write_text("my notes\n", encoding="utf-8")
    result = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--from", "whatfix", "--to", edited,
                    "-o", mine, "--force")
    assert result.exit_code == 1 and "was not written by ladder" in result.output
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    exists = invoke("migrate", ROOT / "examples" / "whatfix-priya.yaml", "--from", "whatfix", "--to", edited, "-o", mine)
    assert exists.exit_code == 1 and "--force" in exists.output


def test_an_unreadable_assessment_is_a_located_error(invoke, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("framework: whatfix\nperson: [\n", encoding="utf-8")
    result = invoke("migrate", bad, "--to", "whatfix", "--from", "whatfix")
    assert result.exit_code == 1 and f"{bad}:" in result.output


def test_text_from_the_files_stays_data_in_the_migrated_yaml(invoke, tmp_path):
    """A person, note or evidence that looks like YAML, a comment or a key comes back as the same text."""
    edited, _ = _edited(tmp_path, "heroes")
    me = tmp_path / "me.yaml"
    hostile = 'x"\n# not: a comment\nratings: {hero.general.2: exceeds}'
    example = yaml.safe_load((ROOT / "examples" / "heroes-marcus.yaml").read_text(encoding="utf-8"))
    example["person"] = hostile
    example["notes"] = [hostile, "- item: [a, b] & *alias"]
    first = next(iter(example["ratings"]))
    example["ratings"][first] = {"rating": "meets", "evidence": [hostile, 12]}
    me.write_text(yaml.safe_dump(example, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = invoke("migrate", me, "--from", "heroes", "--to", edited, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.output
    old, new = load_assessment(me).model, load_assessment(tmp_path / "out.yaml").model
    assert new.person == old.person and new.notes == old.notes
    assert _value(new.ratings.get(first) or new.archived.ratings[first]) == _value(old.ratings[first])


def test_a_re_ided_competency_carries_its_column_and_views(invoke, tmp_path):
    data = yaml.safe_load((FRAMEWORKS / "intercom.yaml").read_text(encoding="utf-8"))
    data["competencies"]["items"][1]["id"] = "quality"  # frontline-quality, same name
    new = tmp_path / "intercom.yaml"
    new.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = invoke("migrate", ROOT / "examples" / "intercom-sam.yaml", "--from", "intercom", "--to", new)
    assert result.exit_code == 0, result.output
    migrated = yaml.safe_load(result.stdout)["competencies"]
    old = load_assessment(ROOT / "examples" / "intercom-sam.yaml").model.competencies
    assert "frontline-quality" not in migrated
    assert migrated["quality"] == old["frontline-quality"].model_dump(exclude_defaults=True)
    assert len(migrated) == len(old)
    assert "competency frontline-quality: moved to id quality, kept" in result.stderr
