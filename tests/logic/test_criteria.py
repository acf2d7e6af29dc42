"""criteria.py: typed criteria checked against facts, one kind at a time."""

from __future__ import annotations

import datetime as dt

from ladder.logic.criteria import check_criterion, months_between, normal_name
from ladder.models.assessment import Facts
from ladder.models.framework import Level

DAY = dt.date(2024, 6, 1)


def criterion(**fields):
    level = Level.model_validate({"id": "L", "title": "L", "track": "t", "order": 1, "criteria": [fields]})
    return level.criteria[0]


def check(spec: dict, counts: dict | None = None, **facts):
    return check_criterion("L", criterion(**spec), Facts(**facts), DAY, lambda exp: (counts or {}).get(exp, 0))


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2022, 6, 1), DAY) == 24
    assert months_between(dt.date(2022, 6, 2), DAY) == 23
    assert months_between(dt.date(2022, 1, 31), dt.date(2024, 2, 29)) == 24  # the 31st is not reached in February
    assert months_between(DAY, DAY) == 0


def test_tenure_kinds_of_answer():
    spec = {"kind": "tenure", "min_months": 12, "source": "12+ months"}
    assert check(spec, tenure_months=12).status == "met"
    short = check(spec, start_date=dt.date(2023, 6, 2))
    assert (short.status, short.detail) == ("not met", "11 months; needs 12+ months in the organisation")
    unknown = check(spec)
    assert unknown.status == "unknown" and unknown.blocking


def test_exam_and_normal_name():
    spec = {"kind": "exam", "exam": "Tier 2  Exam", "source": "Has passed the tier 2 exam"}
    assert check(spec, exams_passed=["tier 2 exam"]).status == "met"
    assert check(spec, exams_passed=["tier 3 exam"]).status == "not met"
    assert normal_name("  A   b ") == "a b"


def test_evidence_counts_and_unlinked_evidence():
    spec = {"kind": "evidence", "min_count": 2, "of": "docs", "expectation": "x", "source": "2 docs"}
    assert check(spec, {"x": 2}).status == "met"
    assert check(spec, {"x": 1}).detail == "1 of 2 evidence items on x (docs)"
    loose = check({k: v for k, v in spec.items() if k != "expectation"})
    assert loose.status == "unchecked" and not loose.blocking


def test_experience_advisory_and_hard():
    advisory = {"kind": "experience", "min_years": 2, "max_years": 5, "advisory": True, "source": "Usually 2-5 years"}
    low = check(advisory, experience_years=1)
    assert low.status == "not met" and not low.blocking
    assert check(advisory).status == "unknown"
    hard = check({**advisory, "advisory": False}, experience_years=1.5)
    assert hard.blocking and hard.detail == "1.5 years; usual experience 2-5 years"
    upper_only = check({"kind": "experience", "max_years": 2, "advisory": True, "source": "< 2 years"}, experience_years=3)
    assert upper_only.status == "met" and "more than the usual range" in upper_only.detail


def test_perks_are_not_checked():
    spec = {"kind": "perk", "perk": "wfh", "amount": 2, "unit": "days", "source": "WFH"}
    assert check_criterion("L", criterion(**spec), Facts(), DAY, lambda exp: 0) is None
