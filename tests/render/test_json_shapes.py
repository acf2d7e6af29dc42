"""The JSON of every command, pinned: its keys are a contract with scripts (jq, HR tools, CI).

A key added, renamed or dropped fails here first; the README documents the same keys.
"""

from __future__ import annotations

import json

from conftest import DATA, ROOT

EXAMPLES = ROOT / "examples"


def document(invoke, *args):
    result = invoke(*args, "-f", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_show_level(invoke):
    data = document(invoke, "show", "whatfix", "S3")
    assert set(data) == {"framework", "level", "areas", "criteria", "inherited"}
    assert set(data["framework"]) == {"id", "organisation", "name"}
    assert set(data["level"]) == {"id", "title", "track", "track_name", "order", "aliases", "builds_on", "parallel",
                                  "summary", "no_content", "notes"}
    assert {"name", "expectations"} <= set(data["areas"][0])
    assert {"id", "text"} <= set(data["areas"][0]["expectations"][0])
    assert set(data["inherited"][0]) == {"level", "title", "areas", "criteria", "no_content"}
    heroes = document(invoke, "show", "heroes", "superhero")
    assert {"label", "value", "kind", "source", "expectation", "advisory", "notes"} <= set(heroes["criteria"][0])


def test_show_overview_and_list(invoke):
    assert set(document(invoke, "show", "whatfix")) == {
        "id", "organisation", "name", "description", "source", "tracks", "ladder", "principles", "competencies",
        "faq", "notes"}
    rows = document(invoke, "list")
    assert isinstance(rows, list) and set(rows[0]) == {"id", "organisation", "name", "tracks", "levels", "source",
                                                       "file"}
    assert set(document(invoke, "list", "whatfix")) == {"id", "organisation", "name", "source", "tracks", "ladder"}


def test_diff(invoke):
    data = document(invoke, "diff", "basecamp", "2", "3")
    assert set(data) == {"framework", "organisation", "from", "to", "direction", "pairing", "added", "removed",
                         "changed", "unchanged", "criteria"}
    assert set(data["added"][0]) == {"id", "text", "level", "area"}
    assert set(data["changed"][0]) == {"from", "to", "similarity", "basis", "words", "same_text"}


def test_validate(invoke):
    data = document(invoke, "validate", ROOT / "frameworks", DATA / "invalid" / "syntax_error.yaml")
    assert set(data) == {"files", "summary"}
    assert set(data["summary"]) == {"files", "valid", "invalid", "errors", "warnings"}
    assert set(data["files"][0]) == {"file", "problems"}
    (bad,) = [f for f in data["files"] if f["problems"]]
    assert set(bad["problems"][0]) == {"file", "line", "col", "path", "severity", "rule", "message"}


def test_assess_one_and_many_share_the_shape(invoke):
    one = document(invoke, "assess", EXAMPLES / "whatfix-priya.yaml")
    many = document(invoke, "assess", EXAMPLES)
    for data in (one, many):
        assert set(data) == {"results", "summary"} and set(data["summary"]) == {"files", "scored", "invalid"}
    assert set(one["results"][0]) == set(many["results"][0])


def test_every_json_document_keeps_utf8_readable(invoke, tmp_path):
    """One JSON rule for every command: non-ASCII text as it is, never \\u-escaped (validate did)."""
    bad = tmp_path / "acces.yaml"
    bad.write_text((DATA / "unicode" / "acces.yaml").read_text() + "r\u00e9sum\u00e9: 1\n")
    outputs = [invoke("validate", bad, "-f", "json").stdout, invoke("show", DATA / "unicode" / "acces.yaml", "-f", "json").stdout,
               invoke("diff", DATA / "unicode" / "acces.yaml", "L1", "L2", "-f", "json").stdout]
    assert "unknown key 'r\u00e9sum\u00e9'" in outputs[0]
    for text in outputs:
        assert "\\u00e9" not in text and "\\u00e8" not in text


def test_import_report(invoke, tmp_path):
    source = tmp_path / "ladder.md"
    source.write_text("# Acme\n\nIntro.\n\n## L1 - Engineer\n\n- **Delivery**: ships small changes.\n\n"
                      "<!-- reviewed -->\n\n## L2 - Senior Engineer\n\n- **Delivery**: ships projects.\n",
                      encoding="utf-8")
    result = invoke("import", source, "-o", tmp_path / "out.yaml", "--report", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stderr)
    assert set(data) == {"file", "format", "framework", "tracks", "levels", "counts", "units"}
    assert set(data["framework"]) == {"id", "name", "organisation"}
    assert set(data["tracks"][0]) == {"id", "name"}
    assert set(data["levels"][0]) == {"id", "title", "track", "order"}
    assert set(data["counts"]) == {"units", "in_levels", "verbatim_in_levels", "elsewhere", "not_placed"}
    assert all(set(u) == {"kind", "text", "line", "where", "place", "verbatim", "reason"} for u in data["units"])
    assert [(u["kind"], u["line"], u["place"]) for u in data["units"]] == [
        ("heading", 1, "name"), ("paragraph", 3, "description"), ("heading", 5, "level L1 (alias)"),
        ("bullet", 7, "level L1, expectation L1.delivery.1"), ("heading", 11, "level L2 (alias)"),
        ("bullet", 13, "level L2, expectation L2.delivery.1"), ("markup", 9, "framework note")]
    assert data["counts"] == {"units": 7, "in_levels": 4, "verbatim_in_levels": 4, "elsewhere": 3, "not_placed": 0}


def test_team(invoke, tmp_path):
    """Every key of the team document, as the README lists them, on a team with history and calibration."""
    from teamgen import write_team

    write_team(tmp_path, "intercom", 25, seed=3, broken=1)
    data = document(invoke, "team", tmp_path)
    assert list(data) == ["framework", "people", "distribution", "heatmap", "calibration", "gaps", "history",
                          "problems"]
    assert set(data["framework"]) == {"id", "organisation", "name", "threshold", "by", "axis"}
    assert set(data["people"][0]) == {
        "person", "file", "date", "assessor", "current", "current_title", "target", "target_title", "demonstrated",
        "demonstrated_title", "by", "self_demonstrated", "manager_demonstrated", "target_percent", "status", "gaps",
        "assessments"}
    assert set(data["distribution"][0]) == {"track", "track_name", "levels", "none_demonstrated"}
    assert set(data["distribution"][0]["levels"][0]) == {"id", "title", "order", "current", "demonstrated"}
    assert set(data["heatmap"]) == {"axis", "areas", "rows"} and set(data["heatmap"]["rows"][0]) == {
        "person", "target", "cells"}
    cell = next(c for row in data["heatmap"]["rows"] for c in row["cells"] if c is not None)
    assert set(cell) == {"percent", "points", "applicable"}
    calibration = data["calibration"]
    assert set(calibration) == {"flag", "scale", "team_mean", "people", "assessors"}
    assert set(calibration["people"][0]) == {"person", "assessor", "mean", "compared", "leaning", "areas"}
    assert set(calibration["people"][0]["areas"][0]) == {"area", "mean", "compared"}
    assert set(calibration["assessors"][0]) == {"assessor", "people", "ratings", "rated", "mean",
                                                "self_minus_manager"}
    assert set(data["gaps"][0]) == {"level", "title", "people", "expectations"}
    assert set(data["gaps"][0]["expectations"][0]) == {"id", "text", "area", "below", "share"}
    assert set(data["history"]) == {"people", "distribution"}
    assert set(data["history"]["people"][0]) == {"person", "assessments", "crosses_versions"}
    assert set(data["history"]["people"][0]["assessments"][0]) == {
        "date", "file", "current", "target", "demonstrated", "target_percent", "status", "version"}
    assert set(data["history"]["distribution"]) == {"people", "then", "now"}
    assert set(data["problems"][0]) == {"file", "line", "col", "path", "severity", "rule", "message"}
