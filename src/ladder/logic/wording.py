"""How typed criteria are worded, the same in show, diff, assess and export."""

from __future__ import annotations

from ladder.models.framework import (
    Criterion,
    EvidenceCriterion,
    ExamCriterion,
    ExperienceCriterion,
    PerkCriterion,
    TenureCriterion,
)


def number(value: float) -> str:
    """2.0 -> '2', 2.5 -> '2.5'."""
    return f"{value:g}"


def years_span(low: float | None, high: float | None) -> str:
    """A range of years without its unit: '2-5', '2+', 'up to 2', or 'any'."""
    if low is not None and high is not None:
        return f"{number(low)}-{number(high)}"
    if low is not None:
        return f"{number(low)}+"
    return f"up to {number(high)}" if high is not None else "any"


def describe_criterion(criterion: Criterion) -> tuple[str, str, str]:
    """(label, value, unit) of a criterion, e.g. ('Experience', '2-5', 'years')."""
    if isinstance(criterion, ExperienceCriterion):
        return "Experience", years_span(criterion.min_years, criterion.max_years), "years"
    if isinstance(criterion, TenureCriterion):
        return "Tenure", f"{criterion.min_months}+", "months"
    if isinstance(criterion, PerkCriterion):
        return criterion.perk[:1].upper() + criterion.perk[1:], number(criterion.amount), criterion.unit
    if isinstance(criterion, ExamCriterion):
        return "Exam", criterion.exam, ""
    return "Evidence", f"{criterion.min_count}+", criterion.of


def criterion_label(criterion: Criterion) -> tuple[str, str]:
    """A criterion as (label, value) for reading, e.g. ('Experience', 'usually 2-5 years')."""
    label, value, unit = describe_criterion(criterion)
    usually = "usually " if criterion.advisory else ""
    if isinstance(criterion, ExamCriterion):
        return label, f"{usually}passed {value}"
    if isinstance(criterion, EvidenceCriterion):
        return label, f"{usually}at least {criterion.min_count} × {unit}"
    condition = f" ({criterion.condition})" if isinstance(criterion, PerkCriterion) and criterion.condition else ""
    return label, f"{usually}{value} {unit}{condition}"
