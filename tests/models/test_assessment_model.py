"""assessment.py: the file format, its located errors, and opening an assessment with its framework."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import DATA
from ladder.checks.assessment import check_assessment, expectation_ids
from ladder.commands.assess import assess_files, assessment_files
from ladder.errors import InvalidFile, Location, UsageError
from ladder.load.assessment import framework_name, load_assessment, open_assessment
from ladder.load.loader import validate
from ladder.load.workspace import open_framework
from ladder.load.yaml import parse_yaml
from ladder.models.assessment import SCALE, Assessment, CompetencyDetail, RatingDetail

ASSESSMENTS = DATA / "assessments"
HEAD = "framework: whatfix\nperson: Ana\ndate: 2024-05-01\ncurrent_level: S1\n"


def load_text(text: str) -> Assessment:
    return validate(Assessment, parse_yaml(text, "a.yaml"))


def problems_of(text: str) -> list[str]:
    with pytest.raises(InvalidFile) as info:
        load_text(text)
    return [str(p) for p in info.value.problems]


def test_scale_is_documented_order():
    assert SCALE == ("not-yet", "partly", "meets", "exceeds", "n/a")


def test_plain_values_including_unquoted_na_load():
    model = load_text(HEAD + "ratings:\n  a: n/a\n  b: not-yet\n  c: exceeds\n")
    assert model.ratings == {"a": "n/a", "b": "not-yet", "c": "exceeds"}
    assert model.date == dt.date(2024, 5, 1)
    assert model.target_level is None and model.facts.exams_passed == []


def test_detail_form_with_views_and_evidence_numbers_as_text():
    model = load_text(HEAD + "ratings:\n  a: {self: meets, manager: partly, evidence: [1234, 'https://x/y']}\n")
    detail = model.ratings["a"]
    assert isinstance(detail, RatingDetail)
    assert (detail.self, detail.manager, detail.rating) == ("meets", "partly", None)
    assert detail.evidence == ["1234", "https://x/y"]


def test_value_outside_scale_names_the_scale_with_location_and_hint():
    (problem,) = problems_of(HEAD + "ratings:\n  a: meet\n")
    assert problem == ("a.yaml:6:3: error: ratings.a: rating 'meet' is not on the scale "
                       "not-yet, partly, meets, exceeds, n/a; did you mean 'meets'? (schema)")


def test_value_outside_scale_inside_detail_is_located_at_its_key():
    (problem,) = problems_of(HEAD + "ratings:\n  a:\n    manager: great\n")
    assert problem.startswith("a.yaml:7:5: error: ratings.a.manager: rating 'great' is not on the scale")


def test_boolean_and_number_ratings_are_scale_errors():
    problems = problems_of(HEAD + "ratings:\n  a: true\n  b: 1\n")
    assert "rating true (a boolean) is not on the scale" in problems[0]
    assert "rating 1 (a number) is not on the scale" in problems[1]


def test_yaml11_boolean_rating_is_caught_by_the_loader():
    with pytest.raises(InvalidFile) as info:
        load_text(HEAD + "ratings:\n  a: no\n")
    assert "ambiguous" in str(info.value) and "a.yaml:6:6" in str(info.value)


def test_rating_with_shared_value_and_views_is_an_error():
    (problem,) = problems_of(HEAD + "ratings:\n  a: {rating: meets, self: partly}\n")
    assert "ratings.a: give either 'rating' (one value for both) or 'self'/'manager', not both" in problem


def test_competency_level_and_views_conflict():
    (problem,) = problems_of(HEAD + "competencies:\n  q: {level: L1, manager: L2}\n")
    assert "competencies.q: give either 'level'" in problem


def test_competency_forms():
    model = load_text(HEAD + "competencies:\n  q: beginner\n  r: {self: expert, manager: advanced}\n")
    assert model.competencies["q"] == "beginner"
    assert isinstance(model.competencies["r"], CompetencyDetail) and model.competencies["r"].self == "expert"


def test_bad_date_and_tenure_twice():
    problems = problems_of(HEAD.replace("2024-05-01", "2024-02-30") + "facts: {tenure_months: 3, start_date: 2023-01-01}\n")
    assert "date: expected a date written YYYY-MM-DD, got '2024-02-30'" in problems[0]
    assert "facts: give either start_date or tenure_months, not both" in problems[1]


def test_unknown_key_has_did_you_mean():
    (problem,) = problems_of(HEAD + "facts: {exam_passed: [x]}\n")
    assert "facts.exam_passed: unknown key 'exam_passed'; did you mean 'exams_passed'?" in problem


def test_missing_required_keys():
    problems = problems_of("framework: whatfix\n")
    assert any("required key 'person' is missing" in p for p in problems)
    assert any("required key 'current_level' is missing" in p for p in problems)


def test_negative_numbers_rejected():
    problems = problems_of(HEAD + "facts: {tenure_months: -1, experience_years: -2}\n")
    assert len(problems) == 2 and all("greater than or equal to 0" in p for p in problems)


def test_json_schema_names_the_scale():
    schema = Assessment.model_json_schema()
    detail = schema["$defs"]["RatingDetail"]["properties"]["self"]
    assert {"enum": list(SCALE)} in detail["anyOf"]


# ---------------------------------------------------------------- against the framework


def located(path):
    return Location("a.yaml", 1, 1, ".".join(str(p) for p in path))


def check(text: str, org: str = "whatfix") -> list[str]:
    framework = open_framework(org).model
    return [f"{p.location.path}: {p.message}" for p in check_assessment(framework, load_text(text), located)]


def test_unknown_expectation_id_has_did_you_mean():
    (problem,) = check(HEAD + "ratings:\n  s1.ticket-resolutoin.1: meets\n")
    assert problem == ("ratings.s1.ticket-resolutoin.1: unknown expectation id 's1.ticket-resolutoin.1' in whatfix; "
                       "did you mean 's1.ticket-resolution.1'?")


def test_thousands_of_unknown_ids_give_100_problems_and_a_count_with_few_did_you_means():
    ratings = "".join(f"  s1.ticket-resolutoin.{i}: meets\n" for i in range(5000))
    found = check(HEAD + "ratings:\n" + ratings)
    assert len(found) == 101
    assert "did you mean 's1.ticket-resolution." in found[0] and "did you mean" in found[9]
    assert "did you mean" not in found[10]
    assert found[-2].endswith("in whatfix; `ladder template` lists the ids")
    assert found[-1].endswith("5,000 problems found in this file, only the first 100 are listed; fix these first")


def test_unknown_level_has_did_you_mean_or_lists_levels():
    (near,) = check(HEAD.replace("S1", "SL22"))
    assert near == "current_level: unknown level 'SL22' in whatfix; did you mean 'SL2'?"
    (far,) = check(HEAD + "target_level: X9\n")
    assert far == "target_level: unknown level 'X9' in whatfix; levels are S0, S1, S2, S3, SL1, SL2, SL3, SL4"


def test_level_may_be_named_by_title():
    assert check(HEAD.replace("current_level: S1", "current_level: Senior Technical Support Engineer")) == []


def test_competencies_need_a_matrix():
    (problem,) = check(HEAD + "competencies:\n  collaboration: beginner\n")
    assert problem == "competencies: whatfix has no competency matrix; rate its expectations under 'ratings'"


def test_unknown_competency_and_column():
    text = HEAD.replace("whatfix", "intercom").replace("S1", "beginner")
    problems = check(text + "competencies:\n  leadershp: advanced\n  one-to-ones: {self: expret}\n", "intercom")
    assert problems[0] == "competencies.leadershp: unknown competency 'leadershp'; did you mean 'leadership'?"
    assert problems[1] == ("competencies.one-to-ones.self: 'expret' is not a column of competency 'one-to-ones'; "
                           "did you mean 'expert'?")


def test_start_date_after_assessment_date():
    (problem,) = check(HEAD + "facts: {start_date: 2025-01-01}\n")
    assert problem == "facts.start_date: start_date 2025-01-01 is after the assessment date 2024-05-01"


def test_expectation_ids_include_group_items_and_matrix_cells():
    assert {"4.4", "4.4.a", "4.4.b"} <= expectation_ids(open_framework("basecamp").model)
    cells = expectation_ids(open_framework("intercom").model)
    assert "leadership.expert" in cells and "extra-projects.beginner" not in cells  # 'None' cells expect nothing


# ---------------------------------------------------------------- files


def test_relative_framework_path_is_resolved_from_the_assessment_file(tmp_path):
    model = load_assessment(ASSESSMENTS / "uses-mini.yaml").model
    assert framework_name(model, ASSESSMENTS / "uses-mini.yaml") == str(ASSESSMENTS / "frameworks" / "mini.yaml")
    assert framework_name(load_text(HEAD), tmp_path / "x.yaml") == "whatfix"


def test_open_assessment_loads_both_and_caches_frameworks():
    cache: dict = {}
    loaded, framework = open_assessment(ASSESSMENTS / "uses-mini.yaml", cache=cache)
    assert loaded.model.person == "Robin Test" and framework.model.id == "mini"
    again = open_assessment(ASSESSMENTS / "uses-mini.yaml", cache=cache)[1]
    assert again is framework and len(cache) == 1


def test_unknown_framework_is_located_in_the_file():
    with pytest.raises(InvalidFile) as info:
        open_assessment(ASSESSMENTS / "unknown-framework.yaml")
    text = str(info.value)
    assert text.startswith(f"{ASSESSMENTS / 'unknown-framework.yaml'}:1:1: error: framework: unknown organisation")
    assert "did you mean whatfix?" in text


def test_hostile_yaml_is_a_located_error():
    with pytest.raises(InvalidFile) as info:
        load_assessment(ASSESSMENTS / "hostile.yaml")
    assert ":6:7: error: alias '*r' repeats a mapping or list" in str(info.value)


def test_assess_files_keeps_going_after_a_bad_file():
    files = [ASSESSMENTS / "unknown-id.yaml", ASSESSMENTS / "uses-mini.yaml", ASSESSMENTS / "bad-scale.yaml"]
    outcomes = list(assess_files(files))
    assert [o.result is None for o in outcomes] == [True, False, True]
    assert outcomes[0].problems[0].location.line == 7
    assert outcomes[1].result.person == "Robin Test"


def test_assessment_files_expands_directories_and_refuses_missing(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["sub/b.yml", "a.yaml", "notes.txt"]:
        (tmp_path / name).write_text("x: 1\n")
    assert [p.name for p in assessment_files([str(tmp_path)])] == ["a.yaml", "b.yml"]
    with pytest.raises(UsageError):
        assessment_files([str(tmp_path / "missing.yaml")])
