"""checks.py: each rule over hand-made frameworks, without files."""

from __future__ import annotations

import copy

from ladder.checks.framework import check_framework
from ladder.errors import Location
from ladder.load.document import format_path
from ladder.models.framework import Framework

BASE = {
    "id": "acme",
    "organisation": "Acme",
    "name": "Acme",
    "source": {"title": "T"},
    "tracks": [{"id": "ic", "name": "IC"}, {"id": "mgr", "name": "Manager"}],
    "levels": [
        {"id": "1", "title": "One", "track": "ic", "order": 1,
         "areas": [{"name": "A", "expectations": [{"id": "e1", "text": "Does one"}]}]},
        {"id": "2", "title": "Two", "track": "ic", "order": 2, "builds_on": "1",
         "areas": [{"name": "A", "expectations": [{"id": "e2", "text": "Does two"}]}]},
    ],
}


def locate(path):
    return Location("mem.yaml", 1, 1, format_path(path))


def problems(data):
    return [(p.severity, p.rule, p.location.path, p.message) for p in check_framework(Framework.model_validate(data), locate)]


def variant(**changes):
    data = copy.deepcopy(BASE)
    for index, fields in changes.items():
        data["levels"][int(index[1:])].update(fields)
    return data


def test_clean_framework_has_no_problems():
    assert problems(BASE) == []


def test_unknown_track_lists_the_tracks():
    assert problems(variant(l0={"track": "ops"})) == [
        ("error", "unknown-track", "levels[0].track", "unknown track 'ops'; tracks are ic, mgr")]


def test_unknown_builds_on_and_parallel():
    got = problems(variant(l1={"builds_on": "9", "parallel": ["7"]}))
    assert ("error", "unknown-level", "levels[1].builds_on", "unknown level '9'; levels are 1, 2") in got
    assert ("error", "unknown-level", "levels[1].parallel[0]", "unknown level '7'; levels are 1, 2") in got


def test_cycle_is_reported_once():
    got = problems(variant(l0={"builds_on": "2"}))
    cycles = [p for p in got if p[1] == "builds-on-cycle"]
    assert cycles == [("error", "builds-on-cycle", "levels[0].builds_on", "builds_on forms a cycle: 1 -> 2 -> 1")]


def test_self_reference_is_a_cycle():
    got = problems(variant(l0={"builds_on": "1"}))
    assert ("error", "builds-on-cycle", "levels[0].builds_on", "a level cannot build on itself") in got


def test_duplicate_ids():
    data = variant(l1={"id": "1", "builds_on": None})
    data["levels"][1]["areas"][0]["expectations"][0]["id"] = "e1"
    rules = [p[1] for p in problems(data)]
    assert "duplicate-level-id" in rules and "duplicate-expectation-id" in rules


def test_group_items_count_as_expectation_ids():
    data = copy.deepcopy(BASE)
    data["levels"][0]["areas"][0]["expectations"].append(
        {"id": "g", "text": "Either:", "group": {"satisfied_by": "any", "items": [
            {"id": "e2", "text": "x"}, {"id": "g.b", "text": "y"}]}})
    assert [p[1] for p in problems(data)] == ["duplicate-expectation-id"]


def test_empty_level_needs_no_content_marker():
    data = variant(l0={"areas": []})
    assert [p[1] for p in problems(data)] == ["empty-level"]
    data["levels"][0]["no_content"] = "The source gives only the title."
    assert problems(data) == []


def test_no_content_with_content_is_a_warning():
    assert problems(variant(l0={"no_content": "none"})) == [
        ("warning", "no-content", "levels[0].no_content", "level '1' says no_content but has expectations")]


def test_parallel_levels_should_share_an_order():
    data = copy.deepcopy(BASE)
    data["levels"].append({"id": "L1", "title": "Lead", "track": "mgr", "order": 3, "parallel": ["2"],
                           "areas": [{"name": "P", "expectations": [{"id": "p", "text": "Leads"}]}]})
    assert problems(data) == [("warning", "order", "levels[2].parallel[0]", "parallel level '2' has a different order")]


def test_matrix_row_missing_a_level_and_unknown_level():
    data = copy.deepcopy(BASE)
    data["competencies"] = {"items": [
        {"id": "q", "name": "Q", "cells": {"1": "a", "2": "b"}},
        {"id": "r", "name": "R", "cells": {"1": "a", "9": "c"}},
    ]}
    got = problems(data)
    assert ("error", "unknown-level", "competencies.items[1].cells.9", "unknown level '9'; levels are 1, 2") in got
    assert ("error", "matrix-missing-level", "competencies.items[1].cells",
            "matrix row 'r' has no cell for level(s) 2") in got


def test_criterion_must_point_at_an_own_expectation():
    data = variant(l1={"criteria": [{"kind": "tenure", "min_months": 24, "source": "24+", "expectation": "e1"}]})
    assert problems(data) == [("error", "unknown-expectation", "levels[1].criteria[0].expectation",
                               "unknown expectation 'e1' for level 2")]


def test_experience_range_must_be_ordered():
    data = variant(l1={"criteria": [{"kind": "experience", "min_years": 5, "max_years": 2, "source": "s"}]})
    assert problems(data) == [("error", "criteria", "levels[1].criteria[0].min_years",
                               "min_years 5 is more than max_years 2")]


def test_repeated_text_within_an_area_is_a_warning():
    data = copy.deepcopy(BASE)
    data["levels"][0]["areas"][0]["expectations"].append({"id": "e1b", "text": "Does one"})
    assert problems(data) == [("warning", "duplicate-text", "levels[0].areas[0].expectations[1]",
                               "expectation 'e1b' repeats the text of 'e1'")]


def test_matrix_coverage_is_per_track():
    data = copy.deepcopy(BASE)
    data["levels"].append({"id": "L1", "title": "Lead", "track": "mgr", "order": 3,
                           "areas": [{"name": "P", "expectations": [{"id": "p", "text": "Leads"}]}]})
    data["competencies"] = {"items": [
        {"id": "q", "name": "Q", "cells": {"1": "a", "2": "b"}},
        {"id": "m", "name": "M", "cells": {"L1": "c"}},
    ]}
    assert problems(data) == []
    data["competencies"]["items"][1]["cells"]["1"] = "d"
    assert problems(data) == [("error", "matrix-missing-level", "competencies.items[1].cells",
                               "matrix row 'm' has no cell for level(s) 2")]


def test_long_builds_on_chain_with_a_cycle_is_reported_once():
    n = 2000
    data = copy.deepcopy(BASE)
    data["levels"] = [
        {"id": f"l{i}", "title": f"L{i}", "track": "ic", "order": i, "builds_on": f"l{(i - 1) % n}",
         "areas": [{"name": "A", "expectations": [{"id": f"e{i}", "text": f"x{i}"}]}]}
        for i in range(n)
    ]
    got = [p for p in problems(data) if p[1] == "builds-on-cycle"]
    assert len(got) == 1
    assert got[0][2] == "levels[0].builds_on"
    assert got[0][3].startswith(f"builds_on forms a cycle: l0 -> l{n - 1} -> l{n - 2}")
    assert got[0][3].endswith("l1 -> l0")


def test_level_ids_differing_only_in_case_are_an_error():
    data = variant(l1={"id": "A"})
    data["levels"][0]["id"] = "a"
    data["levels"][1].pop("builds_on")
    assert problems(data) == [("error", "duplicate-level-id", "levels[1].id",
                               "level id 'A' differs from 'a' (line 1) only in case; levels are found "
                               "case-insensitively, so rename one")]


def test_thousands_of_bad_references_give_100_short_problems_and_a_count():
    data = copy.deepcopy(BASE)
    data["levels"] = [{"id": f"L{i}", "title": f"L{i}", "track": "ic", "order": i + 1, "builds_on": "zz",
                       "no_content": "not given"} for i in range(3000)]
    found = check_framework(Framework.model_validate(data), locate)
    assert len(found) == 101
    assert found[0].message == ("unknown level 'zz'; levels are L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, "
                                "L12, L13, L14, L15, L16, L17, L18, L19, … and 2,980 more")
    assert found[-1].message == "3,000 problems found in this file, only the first 100 are listed; fix these first"


def test_a_long_builds_on_cycle_is_shown_short():
    data = copy.deepcopy(BASE)
    data["levels"] = [{"id": str(i), "title": str(i), "track": "ic", "order": 1, "builds_on": str((i + 1) % 500),
                       "no_content": "not given"} for i in range(500)]
    (cycle,) = [p for p in check_framework(Framework.model_validate(data), locate) if p.rule == "builds-on-cycle"]
    assert cycle.message == ("builds_on forms a cycle: 0 -> 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> 7 -> 8 -> 9 -> … "
                             "(500 levels in all) -> 499 -> 0")


def _chain(length: int) -> dict:
    data = copy.deepcopy(BASE)
    data["levels"] = [{"id": str(i), "title": str(i), "track": "ic", "order": i + 1, "no_content": "not given",
                       **({"builds_on": str(i - 1)} if i else {})} for i in range(length)]
    return data


def test_a_builds_on_chain_is_at_most_100_levels():
    assert problems(_chain(100)) == []
    assert problems(_chain(150)) == [
        ("error", "builds-on-chain", "levels[100].builds_on",
         "builds_on chain of more than 100 levels; a career ladder never needs this many, split the track")]
