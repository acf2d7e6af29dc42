"""Pure: a level's typed criteria checked against an assessment's facts and evidence.

Tenure counts whole months (from facts.tenure_months, or from facts.start_date to the
assessment date); exams match facts.exams_passed ignoring case and spacing; an evidence
criterion counts the evidence items on the rating of the expectation it names; experience
compares facts.experience_years with min_years. A missing fact makes a check "unknown",
which blocks a hard criterion. Advisory criteria never block. Perks are not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ladder.logic.wording import years_span
from ladder.models.assessment import Facts
from ladder.models.framework import (
    Criterion,
    EvidenceCriterion,
    ExamCriterion,
    ExperienceCriterion,
    PerkCriterion,
    TenureCriterion,
)


# Results are compared by identity: eq=False spares the generated __eq__ (start-up is felt in hooks).
@dataclass(eq=False)
class CriterionCheck:
    """A typed criterion of a level checked against the facts."""

    level: str
    kind: str
    source: str
    advisory: bool
    status: str  # "met", "not met", "unknown" (a fact is missing) or "unchecked"
    detail: str
    expectation: str | None = None

    @property
    def blocking(self) -> bool:
        """True when this check keeps its level from being demonstrated."""
        return not self.advisory and self.status in ("not met", "unknown")


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from start to end (a month counts once its day of the month is reached)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def check_criterion(level_id: str, criterion: Criterion, facts: Facts, on: dt.date,
                    evidence_count: Callable[[str], int]) -> CriterionCheck | None:
    """Check one typed criterion of a level against the facts as of ``on`` (the assessment date).

    ``evidence_count(expectation_id)`` is how many evidence items that rating carries.
    Returns None for perks, which a level grants rather than requires.
    """
    if isinstance(criterion, PerkCriterion):
        return None
    if isinstance(criterion, TenureCriterion):
        months = facts.tenure_months
        if months is None and facts.start_date is not None:
            months = months_between(facts.start_date, on)
        wanted = f"{criterion.min_months}+ months in the organisation"
        if months is None:
            status, detail = "unknown", f"needs {wanted}; no start_date or tenure_months in facts"
        else:
            status = "met" if months >= criterion.min_months else "not met"
            detail = f"{months} months; needs {wanted}"
    elif isinstance(criterion, ExamCriterion):
        passed = {normal_name(name) for name in facts.exams_passed}
        status = "met" if normal_name(criterion.exam) in passed else "not met"
        detail = f"exam '{criterion.exam}' {'passed' if status == 'met' else 'not in facts.exams_passed'}"
    elif isinstance(criterion, EvidenceCriterion):
        status, detail = _check_evidence(criterion, evidence_count)
    else:
        status, detail = _check_experience(criterion, facts.experience_years)
    return CriterionCheck(level_id, criterion.kind, criterion.source, criterion.advisory, status, detail,
                          criterion.expectation)


def _check_evidence(criterion: EvidenceCriterion, evidence_count: Callable[[str], int]) -> tuple[str, str]:
    if criterion.expectation is None:
        return "unchecked", f"names no expectation, so its evidence ({criterion.of}) cannot be counted"
    count = evidence_count(criterion.expectation)
    status = "met" if count >= criterion.min_count else "not met"
    return status, f"{count} of {criterion.min_count} evidence items on {criterion.expectation} ({criterion.of})"


def _check_experience(criterion: ExperienceCriterion, years: float | None) -> tuple[str, str]:
    span = years_span(criterion.min_years, criterion.max_years) + " years"
    if years is None:
        return "unknown", f"usual experience {span}; no experience_years in facts"
    status = "met" if criterion.min_years is None or years >= criterion.min_years else "not met"
    detail = f"{years:g} years; usual experience {span}"
    if criterion.max_years is not None and years > criterion.max_years:
        detail += " (more than the usual range, which never counts against a level)"
    return status, detail


def normal_name(text: str) -> str:
    """A name compared case- and space-insensitively, after NFC (exam names typed by hand, on any system)."""
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
