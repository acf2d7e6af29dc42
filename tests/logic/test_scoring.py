"""scoring.py: every documented rule pinned on small hand-made frameworks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ladder.errors import InvalidFile, UsageError
from ladder.logic.scoring import Settings, next_level, score
from ladder.models.assessment import Assessment
from ladder.models.framework import Framework
from ladder.models.queries import find_level


def exps(prefix: str, count: int) -> list[dict]:
    return [{"id": f"{prefix}{i}", "text": f"{prefix} thing {i}"} for i in range(1, count + 1)]


def make_framework(l2_criteria: list | None = None, l1_criteria: list | None = None, extra_l2: list | None = None,
                   **top: Any) -> Framework:
    """Three levels on one track, five expectations each, L2 builds on L1, L3 on L2."""
    levels = [
        {"id": "L1", "title": "One", "track": "ic", "order": 1, "criteria": l1_criteria or [],
         "areas": [{"name": "Craft", "expectations": exps("a", 5)}]},
        {"id": "L2", "title": "Two", "track": "ic", "order": 2, "builds_on": "L1", "criteria": l2_criteria or [],
         "areas": [{"name": "Craft", "expectations": exps("b", 3)},
                   {"name": "People", "expectations": exps("p", 2) + (extra_l2 or [])}]},
        {"id": "L3", "title": "Three", "track": "ic", "order": 3, "builds_on": "L2",
         "areas": [{"name": None, "expectations": exps("c", 5)}]},
    ]
    return Framework.model_validate({"id": "mini", "organisation": "Mini", "name": "Mini", "source": {"title": "t"},
                                     "tracks": [{"id": "ic", "name": "IC"}], "levels": levels, **top})


def make_assessment(ratings: dict | None = None, **fields: Any) -> Assessment:
    data = {"framework": "mini", "person": "Robin", "date": dt.date(2024, 6, 1), "current_level": "L1",
            "ratings": ratings or {}, **fields}
    return Assessment.model_validate(data)


def all_of(prefix: str, count: int, value: str) -> dict:
    return {f"{prefix}{i}": value for i in range(1, count + 1)}


def level(result, level_id: str, view: str | None = None):
    return next(lvl for lvl in result.views[view or result.by].levels if lvl.id == level_id)


# ---------------------------------------------------------------- points and threshold


def test_points_per_scale_value():
    ratings = {"a1": "meets", "a2": "exceeds", "a3": "partly", "a4": "not-yet", "a5": "meets"}
    one = level(score(make_framework(), make_assessment(ratings)), "L1")
    assert (one.total, one.applicable, one.percent) == (3.5, 5, 0.7)
    assert [s.points for s in one.expectations] == [1.0, 1.0, 0.5, 0.0, 1.0]


def test_threshold_is_inclusive_at_exactly_80_percent():
    ratings = {**all_of("a", 4, "meets"), "a5": "not-yet"}
    result = score(make_framework(), make_assessment(ratings))
    assert level(result, "L1").percent == 0.8 and level(result, "L1").reached
    assert result.demonstrated == "L1"


def test_just_below_threshold_is_not_reached():
    ratings = {**all_of("a", 3, "meets"), "a4": "partly", "a5": "not-yet"}  # 3.5 / 5 = 70%
    result = score(make_framework(), make_assessment(ratings))
    assert not level(result, "L1").reached and result.demonstrated is None


def test_threshold_option_and_float_edge():
    ratings = {**all_of("a", 3, "meets"), "a4": "partly", "a5": "not-yet"}
    assert score(make_framework(), make_assessment(ratings), Settings(threshold=0.7)).demonstrated == "L1"
    ten = {**all_of("a", 5, "meets"), **all_of("b", 2, "meets"), "b3": "not-yet", "p1": "not-yet", "p2": "meets"}
    # L2 has 5 expectations here; 0.6 * 5 == 3.0000000000000004 in floating point, and must still reach
    assert score(make_framework(), make_assessment(ten), Settings(threshold=0.6)).demonstrated == "L2"


def test_na_is_left_out_of_the_count():
    ratings = {**all_of("a", 4, "n/a"), "a5": "meets"}
    one = level(score(make_framework(), make_assessment(ratings)), "L1")
    assert (one.total, one.applicable, one.percent, one.reached) == (1.0, 1, 1.0, True)


def test_all_na_level_reaches_vacuously():
    one = level(score(make_framework(), make_assessment(all_of("a", 5, "n/a"))), "L1")
    assert one.applicable == 0 and one.percent is None and one.reached and one.demonstrated


def test_not_rated_scores_zero_and_is_listed():
    result = score(make_framework(), make_assessment({"a1": "meets"}))
    one = level(result, "L1")
    assert one.total == 1 and one.applicable == 5 and one.not_rated == ["a2", "a3", "a4", "a5"]
    assert [(g.id, g.status) for g in result.gaps[:4]] == [(f"a{i}", "not rated") for i in range(2, 6)]


def test_demonstrated_level_needs_every_level_below():
    ratings = {**all_of("a", 5, "not-yet"), **all_of("b", 3, "meets"), **all_of("p", 2, "meets"),
               **all_of("c", 5, "meets")}
    result = score(make_framework(), make_assessment(ratings, target_level="L3"))
    assert [lvl.reached for lvl in result.driving.levels] == [False, True, True]
    assert result.demonstrated is None
    assert [lvl.demonstrated for lvl in result.driving.levels] == [False, False, False]


def test_highest_contiguous_level_is_demonstrated():
    ratings = {**all_of("a", 5, "meets"), **all_of("b", 3, "meets"), **all_of("p", 2, "meets"),
               **all_of("c", 5, "partly")}
    result = score(make_framework(), make_assessment(ratings, target_level="L3"))
    assert result.demonstrated == "L2" and result.driving.demonstrated_title == "Two"


# ---------------------------------------------------------------- target and gaps


def test_target_defaults_to_next_level_and_stops_at_the_top():
    framework = make_framework()
    assert score(framework, make_assessment()).target == "L2"
    assert score(framework, make_assessment(current_level="L3")).target == "L3"
    assert next_level(framework, find_level(framework, "L2")).id == "L3"


def test_target_option_overrides_the_file_and_bad_target_is_usage_error():
    result = score(make_framework(), make_assessment(target_level="L2"), Settings(target="L3"))
    assert result.target == "L3" and [lvl.id for lvl in result.driving.levels] == ["L1", "L2", "L3"]
    with pytest.raises(UsageError):
        score(make_framework(), make_assessment(), Settings(target="L7"))


def test_gaps_are_below_meets_and_grouped_by_area():
    ratings = {**all_of("a", 5, "meets"), "b1": "partly", "b2": "exceeds", "b3": "n/a", "p1": "not-yet"}
    result = score(make_framework(), make_assessment(ratings))
    assert [(g.id, g.status) for g in result.gaps] == [("b1", "partly"), ("p1", "not-yet"), ("p2", "not rated")]
    assert [(area, [g.id for g in gaps]) for area, gaps in result.gaps_by_area()] == [
        ("Craft", ["b1"]), ("People", ["p1", "p2"])]


def test_ratings_outside_the_path_are_warned_about_not_scored():
    result = score(make_framework(), make_assessment({"c1": "meets"}))
    assert result.warnings == ["1 rating(s) are for levels outside the path to L2 and are not scored: c1"]


def test_unknown_rating_id_raises_located_invalid_file():
    with pytest.raises(InvalidFile) as info:
        score(make_framework(), make_assessment({"b11": "meets"}), file="x.yaml")
    assert "unknown expectation id 'b11' in mini; did you mean 'b1'?" in str(info.value)


# ---------------------------------------------------------------- groups


GROUP = {"id": "g", "text": "Either of", "group": {"satisfied_by": "any", "items": exps("g.", 2)}}
ALL_GROUP = {"id": "h", "text": "All of", "group": {"satisfied_by": "all", "items": exps("h.", 3)}}


def group_score(ratings: dict, spec: dict = GROUP):
    framework = make_framework(extra_l2=[spec])
    two = level(score(framework, make_assessment(ratings)), "L2")
    return next(s for s in two.expectations if s.id == spec["id"])


def test_any_group_scores_its_best_item():
    scored = group_score({"g.1": "partly", "g.2": "meets"})
    assert (scored.points, scored.status, [i.points for i in scored.items]) == (1.0, "from items", [0.5, 1.0])


def test_all_group_scores_the_mean_and_unrated_items_count_zero():
    scored = group_score({"h.1": "meets", "h.2": "partly"}, ALL_GROUP)
    assert scored.points == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3


def test_group_na_items_left_out_and_all_na_group_is_na():
    assert group_score({"h.1": "meets", "h.2": "n/a", "h.3": "partly"}, ALL_GROUP).points == 0.75
    scored = group_score({"g.1": "n/a", "g.2": "n/a"})
    assert scored.points is None and scored.status == "n/a"


def test_group_own_rating_used_only_when_no_item_is_rated():
    assert group_score({"g": "partly"}).points == 0.5
    assert group_score({"g": "partly", "g.2": "not-yet"}).points == 0.0
    assert group_score({}).status == "not rated"
    both = score(make_framework(extra_l2=[GROUP]), make_assessment({"g": "meets", "g.1": "partly"}))
    assert both.warnings == ["group g is scored from its rated items; its own rating is ignored"]


def test_group_counts_as_one_expectation():
    two = level(score(make_framework(extra_l2=[GROUP]), make_assessment({"g.1": "meets"})), "L2")
    assert two.applicable == 6


# ---------------------------------------------------------------- criteria


TENURE = {"kind": "tenure", "min_months": 24, "source": "24+ months"}
EXAM = {"kind": "exam", "exam": "6 Month Exam", "source": "Has passed the 6 month exam"}
EVIDENCE = {"kind": "evidence", "min_count": 3, "of": "tickets", "expectation": "b1", "source": "3 tickets"}
ADVISORY = {"kind": "experience", "min_years": 5, "max_years": 8, "advisory": True, "source": "Usually 5-8 years"}
PERK = {"kind": "perk", "perk": "wfh", "amount": 2, "unit": "days", "source": "WFH 2 days"}
FULL = {**all_of("a", 5, "meets"), **all_of("b", 3, "meets"), **all_of("p", 2, "meets")}


def criteria_result(criteria: list, ratings: dict = FULL, **facts: Any):
    return score(make_framework(l2_criteria=criteria), make_assessment(ratings, facts=facts))


def checks(result, level_id: str = "L2") -> list[tuple[str, str]]:
    return [(c.kind, c.status) for c in level(result, level_id).criteria]


def test_tenure_from_months_and_missing_tenure_blocks():
    assert criteria_result([TENURE], tenure_months=24).demonstrated == "L2"
    short = criteria_result([TENURE], tenure_months=23)
    assert short.demonstrated == "L1" and checks(short) == [("tenure", "not met")]
    unknown = criteria_result([TENURE])
    assert unknown.demonstrated == "L1" and checks(unknown) == [("tenure", "unknown")]
    assert "no start_date or tenure_months" in level(unknown, "L2").criteria[0].detail


def test_tenure_from_start_date_counts_whole_months_to_the_assessment_date():
    assert criteria_result([TENURE], start_date=dt.date(2022, 6, 1)).demonstrated == "L2"
    assert criteria_result([TENURE], start_date=dt.date(2022, 6, 2)).demonstrated == "L1"


def test_exam_matches_ignoring_case_and_spacing():
    assert criteria_result([EXAM], exams_passed=["6 month  exam"]).demonstrated == "L2"
    failed = criteria_result([EXAM], exams_passed=["6 month exm"])
    assert failed.demonstrated == "L1" and checks(failed) == [("exam", "not met")]
    assert failed.warnings == ["exam '6 month exm' is not an exam of mini; did you mean '6 Month Exam'?"]


def test_evidence_count_on_the_linked_rating():
    two = {**FULL, "b1": {"rating": "meets", "evidence": ["T-1", "T-2"]}}
    short = criteria_result([EVIDENCE], two)
    assert short.demonstrated == "L1" and checks(short) == [("evidence", "not met")]
    assert level(short, "L2").criteria[0].detail.startswith("2 of 3 evidence items on b1")
    three = {**FULL, "b1": {"rating": "meets", "evidence": ["T-1", "T-2", 3]}}
    assert criteria_result([EVIDENCE], three).demonstrated == "L2"


def test_evidence_criterion_without_expectation_is_unchecked_not_blocking():
    loose = {key: value for key, value in EVIDENCE.items() if key != "expectation"}
    result = criteria_result([loose])
    assert checks(result) == [("evidence", "unchecked")] and result.demonstrated == "L2"


def test_advisory_experience_is_reported_never_blocking():
    result = criteria_result([ADVISORY], experience_years=2)
    assert result.demonstrated == "L2" and checks(result) == [("experience", "not met")]
    gap = next(g for g in result.gaps if g.kind == "experience")
    assert gap.advisory and gap.status == "not met"
    assert "more than the usual range" in level(criteria_result([ADVISORY], experience_years=9), "L2").criteria[0].detail


def test_hard_experience_blocks():
    hard = {**ADVISORY, "advisory": False}
    assert criteria_result([hard], experience_years=4).demonstrated == "L1"
    assert criteria_result([hard], experience_years=5).demonstrated == "L2"


def test_perks_are_not_checked():
    result = criteria_result([PERK])
    assert checks(result) == [] and result.demonstrated == "L2"


def test_only_the_levels_own_criteria_gate_it():
    framework = make_framework(l1_criteria=[EXAM], l2_criteria=[TENURE])
    ratings = {**FULL, **all_of("c", 5, "meets")}
    result = score(framework, make_assessment(ratings, target_level="L3", facts={"tenure_months": 30}))
    assert [(lvl.reached, lvl.demonstrated) for lvl in result.driving.levels] == [
        (True, False), (True, True), (True, True)]
    assert result.demonstrated == "L3"
    assert [(g.level, g.kind, g.status) for g in result.gaps] == [("L1", "exam", "not met")]
    short = score(framework, make_assessment({**FULL, "c1": "meets"}, target_level="L3", facts={"tenure_months": 3}))
    assert short.demonstrated is None  # L1 fails its exam, L2 its tenure, L3 the threshold


def test_threshold_chain_still_caps_levels_above_a_miss():
    framework = make_framework()
    ratings = {**all_of("a", 5, "meets"), **all_of("b", 3, "not-yet"), **all_of("c", 5, "meets")}
    result = score(framework, make_assessment(ratings, target_level="L3"))
    assert [lvl.demonstrated for lvl in result.driving.levels] == [True, False, False]
    assert result.demonstrated == "L1"


def test_failed_criterion_is_a_gap_in_its_expectations_area():
    result = criteria_result([EVIDENCE])
    gap = next(g for g in result.gaps if g.kind == "evidence")
    assert (gap.area, gap.id, gap.status, gap.advisory) == ("Craft", "b1", "not met", False)
    tenure = next(g for g in criteria_result([TENURE]).gaps if g.kind == "tenure")
    assert tenure.area == "Criteria" and tenure.status == "unknown"


# ---------------------------------------------------------------- self and manager


SPLIT = {**all_of("a", 5, "meets"), "b1": {"self": "exceeds", "manager": "not-yet"},
         "b2": {"self": "meets", "manager": "partly"}, "b3": {"self": "meets"}, "p1": "meets", "p2": "meets"}


def test_views_are_scored_separately_never_averaged():
    result = score(make_framework(), make_assessment(SPLIT))
    assert result.split and set(result.views) == {"self", "manager"}
    assert level(result, "L2", "self").total == 5.0
    assert level(result, "L2", "manager").total == 2.5  # b3 not rated by the manager
    assert result.views["self"].demonstrated == "L2" and result.views["manager"].demonstrated == "L1"


def test_manager_drives_by_default_and_by_self_overrides():
    assert score(make_framework(), make_assessment(SPLIT)).by == "manager"
    by_self = score(make_framework(), make_assessment(SPLIT), Settings(by="self"))
    assert by_self.by == "self" and by_self.demonstrated == "L2" and by_self.gaps == []


def test_self_only_split_is_driven_by_self():
    result = score(make_framework(), make_assessment({"a1": {"self": "meets"}}))
    assert result.split and result.by == "self"


def test_by_manager_without_manager_ratings_warns():
    result = score(make_framework(), make_assessment({"a1": "meets"}), Settings(by="manager"))
    assert result.by == "manager" and not result.split
    assert result.warnings[-1].startswith("--by manager, but the file has no manager ratings")


def test_disagreements_largest_first_one_sided_last():
    result = score(make_framework(), make_assessment(SPLIT))
    assert [(d.id, d.self, d.manager) for d in result.disagreements] == [
        ("b1", "exceeds", "not-yet"), ("b2", "meets", "partly"), ("b3", "meets", None)]


def test_bare_ratings_belong_to_both_views():
    result = score(make_framework(), make_assessment({"a1": "meets"}))
    assert not result.split and list(result.views) == ["self"] and result.disagreements == []


# ---------------------------------------------------------------- competency matrix


def matrix() -> Framework:
    levels = [{"id": lid, "title": lid, "track": "t", "order": i} for i, lid in enumerate(["beg", "mid", "top"], 1)]
    comps = {"items": [
        {"id": "q", "name": "Quality", "cells": {"beg": "Q1", "mid": "Q2", "top": "Q3"}},
        {"id": "v", "name": "Volume", "cells": {"beg": {"text": "None", "no_expectation": True}, "mid": "V2",
                                                "top": "V3"}},
    ]}
    return Framework.model_validate({"id": "m", "organisation": "M", "name": "M", "source": {"title": "t"},
                                     "tracks": [{"id": "t", "name": "T"}], "levels": levels, "competencies": comps})


def test_competency_column_rates_cells_up_to_it():
    assessment = make_assessment(current_level="beg", target_level="top", competencies={"q": "mid", "v": "top"})
    result = score(matrix(), assessment)
    values = {s.id: s.value for lvl in result.driving.levels for s in lvl.expectations}
    assert values == {"q.beg": "meets", "q.mid": "meets", "q.top": "not-yet", "v.mid": "meets", "v.top": "meets"}
    assert result.demonstrated == "mid"
    assert [(g.area, g.id) for g in result.gaps] == [("Quality", "q.top")]


def test_rated_cell_overrides_the_column_and_views_split():
    assessment = make_assessment(current_level="beg", target_level="top", ratings={"q.top": "partly"},
                                 competencies={"q": {"self": "top", "manager": "beg"}, "v": "top"})
    result = score(matrix(), assessment)
    assert level(result, "top", "self").total == 1.5 and level(result, "top", "manager").total == 1.5
    assert level(result, "mid", "manager").total == 1.0
    assert [(d.id, d.self, d.manager) for d in result.disagreements] == [("q.mid", "meets", "not-yet")]
