"""`ladder team` end to end through CliRunner: what it reads, what it refuses, what it leaves out and says."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT
from ladder.logic.anonymise import Pseudonyms
from teamgen import write_team

EXAMPLES = ROOT / "examples"
KEYS = ["framework", "people", "distribution", "heatmap", "calibration", "gaps", "history", "problems"]


def assessment(directory, name, person="Ana Diaz", date="2024-05-01", extra="", framework="whatfix",
               current="S1", ratings="  s1.ticket-resolution.1: meets\n"):
    path = directory / name
    path.write_text(f"framework: {framework}\nperson: {json.dumps(person)}\ndate: {date}\n"
                    f"current_level: {current}\n{extra}ratings:\n{ratings}", encoding="utf-8")
    return path


def team_json(invoke, *args):
    result = invoke("team", "--format", "json", *args)
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


def test_report_has_the_documented_keys_and_one_row_per_person(invoke, tmp_path):
    files = write_team(tmp_path, "whatfix", 30, seed=4, broken=0)
    result, data = team_json(invoke, tmp_path)
    assert result.exit_code == 0, result.output
    assert list(data) == KEYS
    people = {f.read_text(encoding="utf-8").split("person: ")[1].split("\n")[0] for f in files}
    assert len(data["people"]) == len(people) == 30
    assert data["framework"]["id"] == "whatfix" and data["problems"] == []
    assert "team: 30 file(s) read" not in result.stderr  # files, not people, are counted
    assert f"team: {len(files)} file(s) read, 30 people, 0 file(s) left out" in result.stderr


def test_latest_assessment_is_now_and_earlier_ones_are_history(invoke):
    result, data = team_json(invoke, EXAMPLES / "whatfix-priya.yaml", EXAMPLES / "earlier")
    assert result.exit_code == 0, result.output
    (priya,) = data["people"]
    assert (priya["date"], priya["demonstrated"], priya["assessments"]) == ("2024-07-15", "S2", 2)
    (row,) = data["history"]["people"]
    assert [a["date"] for a in row["assessments"]] == ["2024-01-20", "2024-07-15"]
    assert [a["demonstrated"] for a in row["assessments"]] == ["S1", "S2"]
    then = {lvl["id"]: lvl["demonstrated"] for lvl in data["history"]["distribution"]["then"][0]["levels"]}
    now = {lvl["id"]: lvl["demonstrated"] for lvl in data["history"]["distribution"]["now"][0]["levels"]}
    assert (then["S1"], now["S2"]) == (1, 1)


def test_person_names_match_whatever_the_case_and_spacing(invoke, tmp_path):
    assessment(tmp_path, "a.yaml", person="Ana  Diaz", date="2024-01-01")
    assessment(tmp_path, "b.yaml", person="ana diaz", date="2024-06-01")
    result, data = team_json(invoke, tmp_path)
    assert result.exit_code == 0
    assert [p["person"] for p in data["people"]] == ["ana diaz"]  # as the latest file writes it
    assert data["people"][0]["assessments"] == 2


def test_status_follows_the_demonstrated_level(invoke, tmp_path):
    every = "".join(f"  s1.{k}: meets\n" for k in ("ticket-resolution.1", "ticket-resolution.2",
                                                    "ticket-resolution.3", "sla-adherence.1"))
    assessment(tmp_path, "ready.yaml", person="Ready", ratings=every, extra="target_level: S1\n")
    assessment(tmp_path, "at.yaml", person="At", current="S0", ratings="  s1.sla-adherence.1: partly\n")
    assessment(tmp_path, "below.yaml", person="Below", current="S2", ratings="  s1.sla-adherence.1: not-yet\n")
    _, data = team_json(invoke, tmp_path)
    status = {p["person"]: p["status"] for p in data["people"]}
    assert status == {"Ready": "ready", "At": "at level", "Below": "below current level"}


def test_a_bad_file_is_reported_located_and_left_out(invoke, tmp_path):
    assessment(tmp_path, "good.yaml")
    (tmp_path / "bad.yaml").write_text("framework: whatfix\nperson: X\ndate: 2024-01-01\ncurrent_level: S1\n"
                                       "ratings:\n  s1.sla-adherence.1: great\n", encoding="utf-8")
    result, data = team_json(invoke, tmp_path)
    assert result.exit_code == 1
    assert "bad.yaml:6:3: error: ratings.s1.sla-adherence.1: rating 'great' is not on the scale" in result.stderr
    assert "team: 2 file(s) read, 1 people, 1 file(s) left out (each reported above)" in result.stderr
    assert [p["person"] for p in data["people"]] == ["Ana Diaz"]
    (problem,) = data["problems"]
    assert problem["file"].endswith("bad.yaml") and (problem["line"], problem["col"]) == (6, 3)


def test_two_assessments_of_one_person_on_one_date_leave_the_second_out(invoke, tmp_path):
    assessment(tmp_path, "a.yaml", ratings="  s1.sla-adherence.1: meets\n")
    assessment(tmp_path, "b.yaml", person="ANA DIAZ", ratings="  s1.sla-adherence.1: not-yet\n")
    result, data = team_json(invoke, tmp_path)
    assert result.exit_code == 1
    assert "b.yaml:3:1: error: date: a second assessment of this person on 2024-05-01 (the first is" in result.stderr
    assert data["people"][0]["file"].endswith("a.yaml") and data["people"][0]["assessments"] == 1
    assert data["problems"][0]["rule"] == "team-duplicate"
    assert "1 file(s) left out" in result.stderr


@pytest.mark.parametrize("value", ["", "'   '", "null"])
def test_an_assessor_naming_nobody_is_a_located_error(invoke, tmp_path, value):
    assessment(tmp_path, "a.yaml", extra=f"assessor: {value}\n")
    result, _ = team_json(invoke, tmp_path)
    assert result.exit_code == 1
    assert "a.yaml:5:" in result.stderr and "assessor names nobody" in result.stderr
    assert "no assessment could be scored (1 file(s) left out, see above)" in result.stderr


def test_several_frameworks_need_per_framework(invoke, tmp_path):
    shutil.copy(EXAMPLES / "whatfix-priya.yaml", tmp_path)
    shutil.copy(EXAMPLES / "basecamp-lena.yaml", tmp_path)
    result, _ = team_json(invoke, tmp_path)
    assert result.exit_code == 2
    assert "these assessments use 2 frameworks: basecamp (1 file(s)), whatfix (1 file(s))" in result.stderr
    assert "add --per-framework" in result.stderr and result.stdout == ""
    result, data = team_json(invoke, "--per-framework", tmp_path)
    assert result.exit_code == 0
    assert [r["framework"]["id"] for r in data["reports"]] == ["basecamp", "whatfix"]
    assert all(list(r) == KEYS for r in data["reports"]) and data["problems"] == []


def test_usage_errors(invoke, tmp_path):
    result = invoke("team", tmp_path / "missing")
    assert result.exit_code == 2 and "no such file or directory" in result.stderr
    result = invoke("team", tmp_path)
    assert result.exit_code == 2 and "no *.yaml or *.yml files found" in result.stderr
    assessment(tmp_path, "a.yaml")
    result = invoke("team", "--format", "json", "-o", tmp_path / "x.json", tmp_path)
    assert result.exit_code == 2 and "-o is for --format html" in result.stderr
    assert not (tmp_path / "x.json").exists()


def test_scores_follow_threshold_and_by_as_assess_does(invoke, tmp_path):
    write_team(tmp_path, "basecamp", 12, seed=8, broken=0)
    for args in ([], ["--threshold", "0.5"], ["--by", "self"], ["--by", "manager", "--threshold", "1"]):
        _, data = team_json(invoke, *args, tmp_path)
        for person in data["people"]:
            result = invoke("assess", "--format", "json", *args, person["file"])
            entry = json.loads(result.stdout)["results"][0]
            assert (person["demonstrated"], person["target_percent"]) == (entry["demonstrated"],
                                                                          entry["target_percent"]), args


def test_html_page_is_written_atomically_and_force_replaces_only_our_own(invoke, tmp_path):
    team = tmp_path / "team"
    assessment(team, "a.yaml") if team.mkdir() is None else None
    page = tmp_path / "page.html"
    result = invoke("team", "--format", "html", "-o", page, team)
    assert result.exit_code == 0, result.output
    assert '<meta name="generator" content="ladder team">' in page.read_text(encoding="utf-8")
    again = invoke("team", "--format", "html", "-o", page, team)
    assert again.exit_code != 0 and "--force" in again.stderr
    assert invoke("team", "--format", "html", "-o", page, "--force", team).exit_code == 0
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>", encoding="utf-8")
    refused = invoke("team", "--format", "html", "-o", mine, "--force", team)
    assert refused.exit_code == 1 and "was not written by ladder" in refused.stderr
    assert mine.read_text(encoding="utf-8") == "<p>my notes</p>"
    own_input = team / "a.yaml"
    before = own_input.read_bytes()
    refused = invoke("team", "--format", "html", "-o", own_input, "--force", team)
    assert refused.exit_code != 0 and "is the command's input" in refused.stderr
    assert own_input.read_bytes() == before


NAMES = ["Zoë Quist", "Ana Diaz", "Bo Chen"]


def anonymised_team(tmp_path):
    assessment(tmp_path, "zoe-2023.yaml", person=NAMES[0], date="2023-01-01", extra="assessor: Ana Diaz\n",
               ratings="  s1.sla-adherence.1: {self: meets, manager: partly}\n")
    assessment(tmp_path, "zoe-2024.yaml", person=NAMES[0], date="2024-01-01", extra="assessor: Ana Diaz\n",
               ratings="  s1.sla-adherence.1: {self: exceeds, manager: not-yet}\n")
    assessment(tmp_path, "ana.yaml", person=NAMES[1], extra="assessor: Bo Chen\n",
               ratings="  s1.sla-adherence.1: {self: partly, manager: meets}\n")
    assessment(tmp_path, "bo.yaml", person=NAMES[2])
    assessment(tmp_path, "bo-twice.yaml", person=NAMES[2])  # a duplicate: its message quotes bo.yaml
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "text", "html"])
def test_anonymise_leaves_no_name_or_file_name_in_any_format(invoke, tmp_path, fmt):
    team = anonymised_team(tmp_path)
    result = invoke("team", "--anonymise", "--format", fmt, team)
    assert result.exit_code == 1, result.output  # the duplicate
    for secret in [*NAMES, "Zoë", "Diaz", "zoe-2023", "bo-twice", "bo.yaml", str(team)]:
        assert secret not in result.stdout, (fmt, secret)
    assert "Person 1" in result.stdout
    assert "bo-twice.yaml" in result.stderr  # stderr stays for whoever runs it: it names the real file


def test_anonymise_keeps_one_pseudonym_per_person_across_the_report(invoke, tmp_path):
    result, data = team_json(invoke, "--anonymise", anonymised_team(tmp_path))
    assert result.exit_code == 1  # the duplicate of Bo
    names = {p["person"] for p in data["people"]}
    assert len(names) == 3 and all(n.startswith("Person ") for n in names)
    assert {r["person"] for r in data["heatmap"]["rows"]} == names
    ana = next(p for p in data["calibration"]["people"] if p["assessor"] != next(
        q["assessor"] for q in data["calibration"]["people"] if q is not p))
    assert ana["assessor"] in names  # Bo assesses Ana and is on the team: the same pseudonym both times
    (history,) = data["history"]["people"]
    assert history["person"] in names and all(a["file"].startswith("file ") for a in history["assessments"])
    assert [int(p["person"].split()[1]) for p in data["people"]] == sorted(int(n.split()[1]) for n in names)


def test_pseudonyms_are_numbered_by_a_salted_hash_not_by_name():
    reports = [{"people": [{"person": name, "file": f"{name}.yaml"} for name in sorted(NAMES)]}]
    orders = set()
    for salt in (b"a", b"b", b"c", b"d", b"e", b"f"):
        names = Pseudonyms(reports, salt)
        assert sorted(names.names.values()) == ["Person 1", "Person 2", "Person 3"]
        assert names.names == Pseudonyms(reports, salt).names  # stable for one salt
        orders.add(tuple(names.names[k] for k in sorted(names.names)))
    assert len(orders) > 1
    scrubbed = Pseudonyms(reports, b"a").scrub("Also Ana Diaz, not Ana Diazz, in Ana Diaz.yaml")
    assert "Ana Diaz" not in scrubbed.replace("Ana Diazz", "") and scrubbed.startswith("Also ")


def test_per_framework_lists_a_bad_file_once(invoke, tmp_path):
    shutil.copy(EXAMPLES / "whatfix-priya.yaml", tmp_path)
    (tmp_path / "bad.yaml").write_text("framework: whatfix\n", encoding="utf-8")
    result, data = team_json(invoke, "--per-framework", tmp_path)
    assert result.exit_code == 1
    assert data["reports"][0]["problems"] == [] and {p["file"] for p in data["problems"]} == {
        str(tmp_path / "bad.yaml")}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_report_itself_says_which_files_were_left_out_and_why(invoke, tmp_path, fmt):
    assessment(tmp_path, "good.yaml")
    (tmp_path / "bad.yaml").write_text("framework: whatfix\nperson: X\ndate: 2024-01-01\ncurrent_level: S1\n"
                                       "ratings:\n  s1.sla-adherence.1: great\n", encoding="utf-8")
    result = invoke("team", "--format", fmt, tmp_path)
    assert result.exit_code == 1
    assert "1 file(s) left out" in result.stdout
    line = next(line for line in result.stdout.splitlines() if "bad.yaml:6:3" in line)
    assert "error: ratings.s1.sla-adherence.1: rating" in line.replace("\\", "")
