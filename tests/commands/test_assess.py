"""`ladder template` and `ladder assess` end to end through CliRunner, with the repo's examples."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from conftest import DATA, ROOT, one_result
from ladder.load.assessment import load_assessment

EXAMPLES = ROOT / "examples"
ASSESSMENTS = DATA / "assessments"
EXPECTED = {  # file -> (demonstrated level, target): the examples' stories, computed by hand
    "basecamp-lena.yaml": ("3", "4"),
    "heroes-marcus.yaml": ("hero", "superhero"),
    "intercom-sam.yaml": ("practitioner", "advanced"),
    "whatfix-priya.yaml": ("S2", "S3"),
}


def test_examples_cover_every_bundled_framework():
    frameworks = {load_assessment(p).model.framework for p in EXAMPLES.glob("*.yaml")}
    assert frameworks == {"whatfix", "heroes", "basecamp", "intercom"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_scores_as_its_story_says(invoke, name):
    result = invoke("assess", "--format", "json", EXAMPLES / name)
    assert result.exit_code == 0, result.output
    data = one_result(result.stdout)
    assert (data["demonstrated"], data["target"]) == EXPECTED[name]


def test_batch_of_examples_is_one_row_each(invoke, monkeypatch):
    monkeypatch.chdir(ROOT)  # relative names, as a newcomer types them
    result = invoke("assess", *sorted(str(p.relative_to(ROOT)) for p in EXAMPLES.glob("*.yaml")))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["File", "Person", "Framework", "Demonstrated", "Target", "Gaps", "Status"]
    for name, (level, target) in EXPECTED.items():
        cells = next(line for line in lines if name in line).split("\t")  # piped: streamed, tab-separated
        assert cells[3] == level and cells[4].split()[0] == target and cells[6] == "ok"
    assert lines[-1] == "4 file(s): 4 scored, 0 invalid"
    assert len(lines) == 6


def test_directory_is_searched_recursively(invoke):
    result = invoke("assess", "--format", "csv", EXAMPLES)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0
    assert len(rows) == len(list(EXAMPLES.rglob("*.yaml"))) == 5
    assert "examples/earlier/whatfix-priya-2024-01.yaml" in {r["file"].replace("\\", "/")[-43:] for r in rows}


def test_tenure_shortfall_example_explains_itself(invoke):
    result = invoke("assess", "--explain", EXAMPLES / "heroes-marcus.yaml")
    out = result.stdout
    assert "Demonstrated level: hero (Hero)" in out
    assert "superhero.general.7: not met — 24+ months — 20 months; needs 24+ months in the organisation" in out
    assert "superhero  Superhero" in out and "91% ✓ 15.5/17" in out
    assert "criterion tenure: not met — 20 months; needs 24+ months in the organisation" in out
    assert "criterion exam: met" in out and "3 of 3 evidence items on superhero.api.2" in out
    assert "hero.general.10: n/a -> left out" in out


def test_disagreement_example_lists_disagreements_first(invoke):
    out = invoke("assess", EXAMPLES / "intercom-sam.yaml").stdout
    assert "Demonstrated level: practitioner (Practitioner) — self view: advanced (Advanced)" in out
    assert out.index("Self vs manager: 4 disagreement(s)") < out.index("Gaps to advanced (4)")
    assert "  frontline-quality.advanced: self meets, manager not-yet" in out
    by_self = invoke("assess", "--by", "self", "--format", "json", EXAMPLES / "intercom-sam.yaml")
    assert one_result(by_self.stdout)["demonstrated"] == "advanced"


def test_since_shows_history(invoke):
    result = invoke("assess", EXAMPLES / "whatfix-priya.yaml", "--since", EXAMPLES / "earlier" / "whatfix-priya-2024-01.yaml")
    assert result.exit_code == 0, result.output
    assert "demonstrated level: S1 -> S2 (up)" in result.stdout
    assert "up: s2.product-ownership.1 partly -> meets" in result.stdout
    assert "new evidence on s2.ticket-review-tracking.4: ESC-2310 Globex SSO outage" in result.stdout


def test_since_refuses_another_person(invoke, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text((EXAMPLES / "whatfix-priya.yaml").read_text().replace("Priya Raman", "Someone Else"))
    result = invoke("assess", EXAMPLES / "whatfix-priya.yaml", "--since", other)
    assert result.exit_code == 2 and "assesses 'Someone Else', not 'Priya Raman'" in result.output


def test_markdown_report(invoke):
    out = invoke("assess", "--format", "markdown", EXAMPLES / "basecamp-lena.yaml").stdout
    assert out.startswith("# Lena Okafor: Basecamp: Titles for Support")
    assert "| 4 | Lead Customer Support Representative | 10.5/18 = 58% | advisory 1/1 met |  |" in out
    assert "| 3 | Senior Customer Support Representative | 14/15 = 93% | advisory 1/1 met | yes |" in out
    # the renderer's own brackets are escaped with the rest of the line ("[x] …" would be a task-list checkbox)
    assert "- \\[4\\] 4.9: not-yet — Designs new programs that have high customer impact." in out


def test_json_report_carries_the_explanation(invoke):
    data = one_result(invoke("assess", "-f", "json", EXAMPLES / "basecamp-lena.yaml").stdout)
    four = data["views"]["self"]["levels"][-1]
    group = next(e for e in four["expectations"] if e["id"] == "4.4")
    assert (group["status"], group["points"], group["group"]) == ("from items", 1.0, "any")
    one = data["views"]["self"]["levels"][0]
    assert (one["applicable"], one["total"]) == (3, 3.0)  # four n/a lines left out
    assert data["gaps_by_area"][0]["area"] == "(no area)"


def test_batch_with_one_bad_file_scores_the_others_and_exits_1(invoke, tmp_path):
    for name in ["uses-mini.yaml", "unknown-id.yaml"]:
        shutil.copy(ASSESSMENTS / name, tmp_path / name)
    (tmp_path / "frameworks").mkdir()
    shutil.copy(ASSESSMENTS / "frameworks" / "mini.yaml", tmp_path / "frameworks" / "mini.yaml")
    result = invoke("assess", "--format", "csv", tmp_path / "unknown-id.yaml", tmp_path / "uses-mini.yaml")
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["person"], r["status"]) for r in rows] == [("", "error"), ("Robin Test", "ok")]
    assert rows[1]["demonstrated"] == "L1" and rows[1]["target_percent"] == "75.0"
    assert f"{tmp_path / 'unknown-id.yaml'}:7:3: error: ratings.a3: unknown expectation id 'a3'" in result.stderr


def test_batch_json_parses_and_counts(invoke):
    files = [ASSESSMENTS / "bad-scale.yaml", *sorted(EXAMPLES.glob("*.yaml"))]
    result = invoke("assess", "--format", "json", *files)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 5, "scored": 4, "invalid": 1}
    bad = data["results"][0]
    assert bad["status"] == "invalid" and bad["problems"][0]["line"] == 6
    assert "did you mean 'meets'?" in bad["problems"][0]["message"]


ENTRY_KEYS = {"status", "file", "person", "date", "framework", "framework_name", "current", "current_title",
              "target", "target_title", "threshold", "by", "split", "views", "gaps", "gaps_by_area",
              "disagreements", "warnings", "demonstrated", "target_percent", "problems", "framework_changed",
              "reconfirm"}


def test_json_has_one_shape_for_one_file_or_many(invoke, tmp_path):
    """A jq script written for a batch works when a glob matches one file, and back (README)."""
    one = json.loads(invoke("assess", "-f", "json", EXAMPLES / "intercom-sam.yaml").stdout)
    many = json.loads(invoke("assess", "-f", "json", EXAMPLES / "intercom-sam.yaml",
                             EXAMPLES / "basecamp-lena.yaml").stdout)
    directory = json.loads(invoke("assess", "-f", "json", EXAMPLES / "earlier").stdout)
    for document in (one, many, directory):
        assert set(document) == {"results", "summary"}
        assert set(document["summary"]) == {"files", "scored", "invalid"}
        for entry in document["results"]:
            assert set(entry) == ENTRY_KEYS and entry["status"] == "ok" and entry["problems"] == []
    assert one["results"][0] == many["results"][0]  # the same file gives the same entry either way
    assert one["summary"] == {"files": 1, "scored": 1, "invalid": 0}
    assert one["results"][0]["target_percent"] == 50.0

    bad = invoke("assess", "-f", "json", ASSESSMENTS / "bad-scale.yaml")  # one invalid file: still the shape
    assert bad.exit_code == 1
    document = json.loads(bad.stdout)
    assert document["summary"] == {"files": 1, "scored": 0, "invalid": 1}
    (entry,) = document["results"]
    assert set(entry) == {"status", "file", "problems"} and entry["status"] == "invalid"
    assert entry["problems"][0]["line"] == 6 and "bad-scale.yaml:6:" in bad.stderr


def test_unknown_id_single_file_is_located_with_did_you_mean(invoke, tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text((EXAMPLES / "whatfix-priya.yaml").read_text().replace("s1.sla-adherence.1:", "s1.sla-adherense.1:"))
    result = invoke("assess", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert (f"{path}:15:3: error: ratings.s1.sla-adherense.1: unknown expectation id 's1.sla-adherense.1' in whatfix; "
            "did you mean 's1.sla-adherence.1'? (assessment)") in result.stderr


def test_bad_scale_value_names_the_scale(invoke):
    result = invoke("assess", ASSESSMENTS / "bad-scale.yaml")
    assert result.exit_code == 1
    assert "bad-scale.yaml:7:8: error: ratings.a2.self: rating 'good' is not on the scale " \
           "not-yet, partly, meets, exceeds, n/a (schema)" in result.stderr


def test_wrong_types_and_hostile_yaml_are_located_errors(invoke):
    wrong = invoke("assess", ASSESSMENTS / "wrong-types.yaml")
    assert wrong.exit_code == 1 and "wrong-types.yaml:6:9: error: facts.tenure_months" in wrong.stderr
    hostile = invoke("assess", ASSESSMENTS / "hostile.yaml")
    assert hostile.exit_code == 1 and "hostile.yaml:6:7: error: alias '*r'" in hostile.stderr
    assert "Traceback" not in wrong.output + hostile.output


def test_threshold_and_target_options(invoke):
    low = invoke("assess", "-f", "json", "--threshold", "0.5", EXAMPLES / "whatfix-priya.yaml")
    assert one_result(low.stdout)["demonstrated"] == "S3"
    target = invoke("assess", "-f", "json", "--target", "SL1", EXAMPLES / "whatfix-priya.yaml")
    data = one_result(target.stdout)
    assert data["target"] == "SL1" and [lvl["id"] for lvl in data["views"]["self"]["levels"]] == ["S0", "S1", "S2", "SL1"]
    bad = invoke("assess", "--target", "S9", EXAMPLES / "whatfix-priya.yaml")
    assert bad.exit_code == 2 and "unknown level 'S9' for whatfix" in bad.output
    assert invoke("assess", "--threshold", "1.5", EXAMPLES / "whatfix-priya.yaml").exit_code == 2


def test_missing_path_and_empty_directory_are_usage_errors(invoke, tmp_path):
    assert invoke("assess", tmp_path / "nope.yaml").exit_code == 2
    empty = invoke("assess", tmp_path)
    assert empty.exit_code == 2 and "no *.yaml or *.yml files found" in empty.output


def test_explain_needs_one_file(invoke):
    result = invoke("assess", "--explain", EXAMPLES / "whatfix-priya.yaml", EXAMPLES / "heroes-marcus.yaml")
    assert result.exit_code == 2 and "--since and --explain work on one assessment file" in result.output


# ---------------------------------------------------------------- template


def test_template_to_stdout_then_assess_it(invoke, tmp_path):
    result = invoke("template", "heroes", "Superhero")
    assert result.exit_code == 0
    assert "target_level: superhero  # Superhero" in result.stdout
    path = tmp_path / "me.yaml"
    path.write_text(result.stdout.replace('"Your Name"', "Kim"))
    scored = invoke("assess", "-f", "json", path)
    assert scored.exit_code == 0, scored.output
    assert one_result(scored.stdout)["person"] == "Kim"


def test_template_output_refuses_to_overwrite_without_force(invoke, tmp_path):
    path = tmp_path / "me.yaml"
    assert invoke("template", "whatfix", "S1", "-o", path).exit_code == 0
    previous = path.read_text()
    refused = invoke("template", "whatfix", "S2", "-o", path)
    assert refused.exit_code == 1 and "file exists; not overwriting it; pass --force" in refused.output
    assert path.read_text() == previous
    forced = invoke("template", "whatfix", "S2", "-o", path, "--force")  # ladder's own previous output
    assert forced.exit_code == 0 and path.read_text().startswith("# Made by `ladder template whatfix S2`")
    assert "# Self-assessment against Whatfix" in path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]  # no temporary file left behind


def test_force_never_replaces_a_file_ladder_did_not_write(invoke, tmp_path):
    path = tmp_path / "notes.yaml"
    path.write_text("mine\n")
    refused = invoke("template", "whatfix", "S2", "-o", path, "--force")
    assert refused.exit_code == 1
    assert f"{path}: error: was not written by ladder (it lacks the line with '# Made by `ladder template'" \
        in refused.stderr and "not replacing it even with --force" in refused.stderr
    assert path.read_text() == "mine\n"
    report = invoke("assess", EXAMPLES / "whatfix-priya.yaml", "-f", "html", "-o", path, "--force")
    assert report.exit_code == 1 and "was not written by ladder" in report.stderr and path.read_text() == "mine\n"


def test_template_output_new_file_and_path_framework(invoke, tmp_path):
    framework = ASSESSMENTS / "frameworks" / "mini.yaml"
    out = tmp_path / "new.yaml"
    result = invoke("template", framework, "L2", "-o", out)
    assert result.exit_code == 0 and f"wrote {out}" in result.output
    assert invoke("assess", out).exit_code == 0  # the relative framework path resolves from the new file


def test_template_unknown_level_or_org_is_usage_error(invoke):
    level = invoke("template", "whatfix", "S7")
    assert level.exit_code == 2 and "unknown level 'S7' for whatfix" in level.output
    org = invoke("template", "wahtfix", "S1")
    assert org.exit_code == 2 and "did you mean whatfix?" in org.output


def test_schema_of_the_assessment_format(invoke):
    result = invoke("schema", "--kind", "assessment")
    schema = json.loads(result.stdout)
    assert result.exit_code == 0 and schema["$id"] == "urn:ladder:schema:assessment:1"
    assert {"framework", "person", "date", "current_level"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
