"""diff.py and pairing.py: added / removed / changed / criteria on hand-made frameworks, then the four real ones."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder.load.workspace import open_framework
from ladder.logic.diff import WordOp, diff_levels, diff_to_dict, word_diff
from ladder.logic.pairing import PAIRING_THRESHOLD, can_pair, content_words, greedy_pairs, similarity
from ladder.models.framework import Framework
from ladder.models.queries import all_items

BUNDLED = ["basecamp", "heroes", "intercom", "whatfix"]


def make(levels: list[dict], competencies: dict | None = None, tracks: list[str] = ("ic",)) -> Framework:
    """A small framework; each level dict gives id, order and optional builds_on/track/items/criteria."""
    data = {
        "id": "acme",
        "organisation": "Acme",
        "name": "Acme ladder",
        "source": {"title": "hand-made"},
        "tracks": [{"id": t, "name": t.upper()} for t in tracks],
        "levels": [],
    }
    for spec in levels:
        level = {"id": spec["id"], "title": spec.get("title", f"Level {spec['id']}"),
                 "track": spec.get("track", tracks[0]), "order": spec["order"]}
        if "builds_on" in spec:
            level["builds_on"] = spec["builds_on"]
        areas = spec.get("areas") or ([{"name": spec.get("area"), "expectations": [
            {"id": i, "text": t} for i, t in spec["items"]]}] if spec.get("items") else [])
        level["areas"] = areas
        level["criteria"] = spec.get("criteria", [])
        if not areas and not competencies:
            level["no_content"] = "none"
        data["levels"].append(level)
    if competencies:
        data["competencies"] = competencies
    return Framework.model_validate(data)


def run(fw: Framework, old: str, new: str, pairing: bool = True):
    return diff_levels(fw, fw.level(old), fw.level(new), pairing=pairing)


def ids(items) -> list[str]:
    return [item.id for item in items]


def pairs(diff) -> list[tuple[str, str]]:
    return [(c.before.id, c.after.id) for c in diff.changed]


# ---------------------------------------------------------------- builds_on, tracks, direction

CHAIN = make([
    {"id": "1", "order": 1, "items": [("a1", "Answers tickets"), ("a2", "Uses the help desk")]},
    {"id": "2", "order": 2, "builds_on": "1", "items": [("b1", "Reviews the tickets of others")]},
    {"id": "3", "order": 3, "builds_on": "2", "items": [("c1", "Runs the on-call rota")]},
])


def test_builds_on_adds_only_the_new_level():
    diff = run(CHAIN, "1", "2")
    assert ids(diff.added) == ["b1"]
    assert diff.removed == () and diff.changed == ()
    assert diff.unchanged == ("a1", "a2")
    assert diff.direction == "up"


def test_non_adjacent_is_cumulative_lowest_level_first():
    diff = run(CHAIN, "1", "3")
    assert ids(diff.added) == ["b1", "c1"]
    assert [item.level for item in diff.added] == ["2", "3"]


def test_reverse_is_labelled_down_and_swaps_sides():
    diff = run(CHAIN, "3", "1")
    assert diff.direction == "down"
    assert ids(diff.removed) == ["b1", "c1"]
    assert diff.added == ()


def test_same_level_has_no_difference():
    diff = run(CHAIN, "2", "2")
    assert diff.direction == "same"
    assert diff.is_empty
    assert diff.unchanged == ("a1", "a2", "b1")


CROSS = make([
    {"id": "S2", "order": 2, "items": [("s2.1", "Reviews code written by colleagues")]},
    {"id": "S3", "order": 3, "builds_on": "S2", "items": [("s3.1", "Specialises in verticals")]},
    {"id": "SL1", "order": 3, "builds_on": "S2", "track": "mgr", "items": [("sl1.1", "Mentors team members")]},
], tracks=["ic", "mgr"])


def test_cross_track_up_through_builds_on():
    diff = run(CROSS, "S2", "SL1")
    assert diff.direction == "up"
    assert ids(diff.added) == ["sl1.1"]
    assert diff.removed == ()
    assert diff.unchanged == ("s2.1",)


def test_parallel_levels_are_across_and_share_their_base():
    diff = run(CROSS, "S3", "SL1")
    assert diff.direction == "across"
    assert ids(diff.removed) == ["s3.1"] and ids(diff.added) == ["sl1.1"]
    assert diff.unchanged == ("s2.1",)


# ---------------------------------------------------------------- prose pairing

PROSE = make([
    {"id": "2", "order": 2, "area": "Work", "items": [
        ("2.1", "Throughput and productivity is predictable."),
        ("2.2", "Is adept at working with HelpScout and finds productivity shortcuts."),
        ("2.3", "Understands when to initiate on-call workflow with guidance from peers."),
    ]},
    {"id": "3", "order": 3, "area": "Work", "items": [
        ("3.1", "Understands when to initiate on-call workflow without guidance from peers."),
        ("3.2", "Works independently."),
        ("3.3", "Has predictable and high throughput, exceeds CS values, while also maintaining satisfaction."),
    ]},
])


def test_reworded_items_are_paired_with_a_word_diff():
    diff = run(PROSE, "2", "3")
    assert pairs(diff) == [("2.3", "3.1"), ("2.1", "3.3")]  # in TO's order
    on_call = diff.changed[0]
    assert on_call.basis == "similarity"
    assert on_call.words == (
        WordOp("equal", "Understands when to initiate on-call workflow"),
        WordOp("delete", "with"),
        WordOp("insert", "without"),
        WordOp("equal", "guidance from peers."),
    )
    assert on_call.after.area == "Work"


def test_items_sharing_one_common_word_stay_added_and_removed():
    diff = run(PROSE, "2", "3")
    assert ids(diff.removed) == ["2.2"]
    assert ids(diff.added) == ["3.2"]


def test_no_pairing_shows_raw_sets():
    diff = run(PROSE, "2", "3", pairing=False)
    assert diff.changed == ()
    assert ids(diff.removed) == ["2.1", "2.2", "2.3"]
    assert ids(diff.added) == ["3.1", "3.2", "3.3"]


def test_greedy_pairs_highest_similarity_first():
    fw = make([
        {"id": "1", "order": 1, "items": [("old", "Handles routine customer emails and calls")]},
        {"id": "2", "order": 2, "items": [("weak", "Handles customer escalations and difficult calls"),
                                          ("strong", "Handles all customer emails and calls")]},
    ])
    diff = run(fw, "1", "2")
    assert pairs(diff) == [("old", "strong")]
    assert ids(diff.added) == ["weak"]


def test_ties_go_to_source_order_in_both_directions():
    fw = make([
        {"id": "1", "order": 1, "items": [("x", "Writes help desk articles")]},
        {"id": "2", "order": 2, "items": [("y1", "Writes help desk articles often"),
                                          ("y2", "Writes help desk articles often")]},
    ])
    assert pairs(run(fw, "1", "2")) == [("x", "y1")]
    assert pairs(run(fw, "2", "1")) == [("y1", "x")]


def test_identical_text_under_new_id_is_flagged_same_text():
    fw = make([
        {"id": "4", "order": 4, "items": [("4.1", "Designs new programs.")]},
        {"id": "5", "order": 5, "items": [("5.1", "Designs new programs.")]},
    ])
    (change,) = run(fw, "4", "5").changed
    assert change.same_text and change.similarity == 1.0
    assert change.words == (WordOp("equal", "Designs new programs."),)


def test_group_expectations_keep_their_items():
    fw = make([
        {"id": "1", "order": 1, "items": [("a", "Answers tickets")]},
        {"id": "2", "order": 2, "areas": [{"name": None, "expectations": [
            {"id": "g", "text": "Tier 2 skills:", "group": {"satisfied_by": "any", "connective": "OR", "items": [
                {"id": "g.a", "text": "Console work"}, {"id": "g.b", "text": "UX work"}]}}]}]},
    ])
    data = diff_to_dict(run(fw, "1", "2"))
    (added,) = data["added"]
    assert added["group"] == {"satisfied_by": "any", "connective": "OR",
                              "items": [{"id": "g.a", "text": "Console work"}, {"id": "g.b", "text": "UX work"}]}


# ---------------------------------------------------------------- similarity rule

def test_content_words_drop_stop_words_and_plain_suffixes():
    assert content_words("The developing of Tickets, is developed!") == {"develop", "ticket"}
    assert content_words("Business process") == {"business", "process"}  # 'ss' is not a plural


def test_similarity_is_mean_of_dice_and_overlap():
    # {throughput, productivity, predictable} vs {predictable, high, throughput, exceed}: 2 shared
    score = similarity("Throughput and productivity is predictable.", "Has predictable and high throughput, exceeds")
    assert score == round((2 * 2 / 7 + 2 / 3) / 2, 3)


def test_short_labels_pair_on_one_word_long_sentences_do_not():
    assert can_pair("24+ months", "36+ months")
    assert not can_pair("Works independently.", "Is adept at working with HelpScout and finds shortcuts.")
    assert similarity("Works independently.", "Is adept at working with HelpScout and finds shortcuts.") \
        >= PAIRING_THRESHOLD  # it is the shared-word rule that refuses it


def test_greedy_pairs_take_the_best_score_first_pair_once_and_skip_what_is_not_prose():
    before = ["Handles tickets by email.", "Handles tickets by email and phone.", None]
    after = ["Handles tickets by email and phone calls.", "Handles tickets by email and phone.", "Handles tickets."]
    assert greedy_pairs(before, after) == [(1, 1), (0, 2)]  # 1.0, then 0.944 and 0.929 lose a taken item, then 0.9
    assert greedy_pairs([None], ["Handles tickets."]) == []


@given(st.lists(st.sampled_from(["Is", "good", "at", "tickets.", "Handles", "calls", "and", "email"]), max_size=8),
       st.lists(st.sampled_from(["is", "Good", "at", "tickets", "handles", "Chats", "and", "email."]), max_size=8))
def test_word_diff_rebuilds_the_new_text_and_the_old_words(old, new):
    ops = word_diff(" ".join(old), " ".join(new))
    assert " ".join(op.text for op in ops if op.op != "delete").split() == new
    kept = " ".join(op.text for op in ops if op.op != "insert").split()
    assert [w.casefold().strip(".") for w in kept] == [w.casefold().strip(".") for w in old]


# ---------------------------------------------------------------- matrix rows

MATRIX = make(
    [{"id": "a", "order": 1}, {"id": "b", "order": 2}, {"id": "c", "order": 3}],
    competencies={"items": [
        {"id": "quality", "name": "Quality", "cells": {"a": "Is kind.", "b": "Is kind and quick.", "c": "Coaches."}},
        {"id": "projects", "name": "Projects", "cells": {
            "a": {"text": "None", "no_expectation": True}, "b": "Leads small projects.", "c": "Leads big projects."}},
    ]},
)


def test_matrix_rows_pair_cell_against_cell():
    diff = run(MATRIX, "a", "b")
    assert pairs(diff) == [("quality.a", "quality.b")]
    assert diff.changed[0].basis == "competency"
    assert diff.changed[0].after.area == "Quality"
    assert ids(diff.added) == ["projects.b"]  # no cell at a: nothing to compare with


def test_matrix_rows_pair_even_when_the_words_differ():
    diff = run(MATRIX, "b", "c")
    assert pairs(diff) == [("quality.b", "quality.c"), ("projects.b", "projects.c")]
    assert diff.changed[0].similarity < PAIRING_THRESHOLD


def test_matrix_no_pairing_keeps_rows_added_and_removed():
    diff = run(MATRIX, "b", "c", pairing=False)
    assert diff.changed == ()
    assert ids(diff.removed) == ["quality.b", "projects.b"]
    assert ids(diff.added) == ["quality.c", "projects.c"]


# ---------------------------------------------------------------- criteria

CRITERIA = make([
    {"id": "1", "order": 1, "items": [("a", "Answers tickets")], "criteria": [
        {"kind": "experience", "max_years": 2, "advisory": True, "source": "less than 2 years"},
        {"kind": "perk", "perk": "work from home", "amount": 2, "unit": "days per month", "source": "WFH 2"}]},
    {"id": "2", "order": 2, "builds_on": "1", "items": [("b", "Reviews tickets")], "criteria": [
        {"kind": "experience", "min_years": 2, "max_years": 5, "advisory": True, "source": "2-5 years"},
        {"kind": "tenure", "min_months": 24, "source": "24+ months"},
        {"kind": "exam", "exam": "6 month competency exam", "source": "passed the exam"},
        {"kind": "evidence", "min_count": 3, "of": "tickets solved", "source": "3 tickets"}]},
    {"id": "3", "order": 3, "builds_on": "2", "items": [("c", "Leads")], "criteria": [
        {"kind": "tenure", "min_months": 36, "source": "36+ months"},
        {"kind": "perk", "perk": "work from home", "amount": 6, "unit": "days per month", "source": "WFH 6"}]},
    {"id": "4", "order": 4, "builds_on": "3", "items": [("d", "Manages")]},
])


def test_criteria_changes_read_as_before_and_after():
    texts = [c.text for c in run(CRITERIA, "1", "2").criteria]
    assert texts == [
        "Experience: up to 2 → 2-5 years",
        "Tenure: — → 24+ months",
        "Exam: — → 6 month competency exam",
        "Evidence: — → 3+ tickets solved",
    ]
    assert run(CRITERIA, "1", "2").criteria[0].advisory is True


def test_inherited_criteria_count_unless_overridden():
    diff = run(CRITERIA, "2", "3")
    assert [c.text for c in diff.criteria] == ["Tenure: 24+ → 36+ months", "Work from home: 2 → 6 days per month"]
    perk = diff.criteria[1]
    assert (perk.from_level, perk.to_level) == ("1", "3")  # level 2 inherits level 1's perk
    assert run(CRITERIA, "3", "4").criteria == ()  # level 4 keeps everything level 3 has


def test_criteria_going_down_lose_their_values():
    texts = [c.text for c in run(CRITERIA, "3", "1").criteria]
    assert "Tenure: 36+ months → —" in texts
    assert "Exam: 6 month competency exam → —" in texts
    assert "Work from home: 6 → 2 days per month" in texts


def test_diff_to_dict_has_the_documented_keys():
    data = diff_to_dict(run(CRITERIA, "1", "3"))
    assert {"from", "to", "direction", "added", "removed", "changed", "unchanged", "criteria"} <= set(data)
    assert data["from"]["id"] == "1" and data["to"]["id"] == "3"
    assert data["added"][0] == {"id": "b", "area": None, "text": "Reviews tickets", "level": "2"}
    tenure = next(c for c in data["criteria"] if c["kind"] == "tenure")
    assert tenure["from"] is None and tenure["to"]["min_months"] == 36 and tenure["to"]["level"] == "3"


# ---------------------------------------------------------------- the bundled frameworks


@pytest.fixture(scope="module")
def bundled():
    return {org: open_framework(org).model for org in BUNDLED}


def test_basecamp_2_to_3_pairs_the_documented_rewordings(bundled):
    diff = run(bundled["basecamp"], "2", "3")
    found = pairs(diff)
    assert ("2.4", "3.5") in found  # "Throughput and productivity is predictable." -> "Has predictable and high ..."
    assert ("2.3", "3.2") in found and ("2.12", "3.15") in found
    assert [c.text for c in diff.criteria] == ["Experience: 2-5 → 5-8 years"]


def test_basecamp_4_to_5_marks_repeated_sentences_same_text(bundled):
    diff = run(bundled["basecamp"], "4", "5")
    same = [(c.before.id, c.after.id) for c in diff.changed if c.same_text]
    assert ("4.1", "5.1") in same and ("4.12", "5.15") in same
    grouped = next(c for c in diff.changed if c.before.id == "4.4")
    assert grouped.after.id == "5.3" and not grouped.same_text


def test_basecamp_1_to_4_compares_whole_levels(bundled):
    fw = bundled["basecamp"]
    diff = run(fw, "1", "4")
    assert len(diff.added) + len(diff.changed) == len(all_items(fw, fw.level("4")))
    assert diff.unchanged == ()


def test_heroes_criteria_and_short_label_pairs(bundled):
    fw = bundled["heroes"]
    up = run(fw, "superhero", "senior-superhero")
    assert ("superhero.general.7", "senior-superhero.general.4") in pairs(up)  # 24+ -> 36+ months
    texts = [c.text for c in up.criteria]
    assert "Work from home: 4 → 6 days per month" in texts
    assert "Tenure: 24+ → 36+ months" in texts
    first = run(fw, "hero", "superhero")
    assert "Exam: — → 6 month competency exam" in [c.text for c in first.criteria]
    assert set(first.unchanged) == {item.id for item in all_items(fw, fw.level("hero"))}


def test_whatfix_cross_track(bundled):
    fw = bundled["whatfix"]
    up = run(fw, "S2", "SL1")
    assert ids(up.added) == [f"sl1.{a}" for a in [
        "ticket-management.1", "ticket-management.2", "ticket-management.3", "sla-adherence.1", "sla-adherence.2",
        "sla-adherence.3", "regional-responsibilities.1", "regional-responsibilities.2",
        "regional-responsibilities.3", "people-management.1", "people-management.2", "people-management.3"]]
    assert up.removed == () and up.changed == ()
    across = run(fw, "S3", "SL1")
    assert across.direction == "across"
    assert set(across.unchanged) == {item.id for item in all_items(fw, fw.level("S2"))}


def test_intercom_rows(bundled):
    fw = bundled["intercom"]
    diff = run(fw, "beginner", "advanced")
    assert len(diff.changed) == 7 and all(c.basis == "competency" for c in diff.changed)
    assert all(c.before.competency == c.after.competency for c in diff.changed)
    assert ids(diff.added) == ["extra-projects.advanced"]


def _level_pairs():
    for org in BUNDLED:
        fw = open_framework(org).model
        for old, new in itertools.product(fw.levels, repeat=2):
            yield org, old.id, new.id


@pytest.mark.parametrize("pairing", [True, False], ids=["paired", "raw"])
def test_every_expectation_is_listed_exactly_once(bundled, pairing):
    checked = 0
    for org, old, new in _level_pairs():
        fw = bundled[org]
        data = json.loads(json.dumps(diff_to_dict(run(fw, old, new, pairing))))
        to_side = [i["id"] for i in data["added"]] + data["unchanged"] + [c["to"]["id"] for c in data["changed"]]
        from_side = [i["id"] for i in data["removed"]] + data["unchanged"] + [c["from"]["id"] for c in data["changed"]]
        assert sorted(to_side) == sorted(i.id for i in all_items(fw, fw.level(new))), (org, old, new)
        assert sorted(from_side) == sorted(i.id for i in all_items(fw, fw.level(old))), (org, old, new)
        if not pairing:
            assert data["changed"] == []
        checked += 1
    assert checked == 5 * 5 + 3 * 3 + 5 * 5 + 8 * 8


def test_pairing_is_the_same_in_both_directions(bundled):
    for org, old, new in _level_pairs():
        fw = bundled[org]
        if fw.level(old).order >= fw.level(new).order:
            continue
        forward = set(pairs(run(fw, old, new)))
        backward = {(b, a) for a, b in pairs(run(fw, new, old))}
        assert forward == backward, (org, old, new)


# ---------------------------------------------------------------- size limits (hostile but valid files)


def test_too_many_pairs_to_compare_turns_pairing_off_and_keeps_every_item():
    side = 501  # 501 x 501 > MAX_PAIRS
    fw = make([
        {"id": "1", "order": 1, "items": [(f"a{i}", f"Handles customer ticket queue number {i}") for i in range(side)]},
        {"id": "2", "order": 2, "items": [(f"b{i}", f"Handles customer ticket queues number {i}") for i in range(side)]},
    ])
    diff = run(fw, "1", "2")
    assert diff.pairing is False and diff.changed == ()
    assert (len(diff.removed), len(diff.added)) == (side, side)


def test_cli_says_when_pairing_was_skipped(invoke, tmp_path):
    import yaml

    side = 501
    data = {"id": "wide", "organisation": "W", "name": "W", "source": {"title": "t"},
            "tracks": [{"id": "ic", "name": "IC"}],
            "levels": [{"id": str(n), "title": f"L{n}", "track": "ic", "order": n + 1, "areas": [
                {"name": "A", "expectations": [{"id": f"e{n}-{i}", "text": f"Handles queue {i} well"}
                                               for i in range(side)]}]} for n in range(2)]}
    path = tmp_path / "wide.yaml"
    path.write_text(yaml.safe_dump(data))
    result = invoke("diff", path, "0", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: reworded expectations are not paired: the levels have more than 250,000")


def test_a_very_long_text_is_shown_replaced_whole_not_word_diffed():
    first = " ".join(["alpha beta gamma"] * 400)
    second = first + " delta"
    assert word_diff(first, second) == (WordOp("delete", first), WordOp("insert", second))
    assert word_diff(first, first.upper()) == (WordOp("equal", first.upper()),)
