"""How typed criteria are worded, the same in show, diff, assess and export."""

from __future__ import annotations

from ladder.models.framework import Criterion


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
    kind = criterion.kind
    if kind == "experience":
        return "Experience", years_span(criterion.min_years, criterion.max_years), "years"
    if kind == "tenure":
        return "Tenure", f"{criterion.min_months}+", "months"
    if kind == "perk":
        return criterion.perk[:1].upper() + criterion.perk[1:], number(criterion.amount), criterion.unit
    if kind == "exam":
        return "Exam", criterion.exam, ""
    return "Evidence", f"{criterion.min_count}+", criterion.of


def criterion_label(criterion: Criterion) -> tuple[str, str]:
    """A criterion as (label, value) for reading, e.g. ('Experience', 'usually 2-5 years')."""
    label, value, unit = describe_criterion(criterion)
    usually = "usually " if criterion.advisory else ""
    if criterion.kind == "exam":
        return label, f"{usually}passed {value}"
    if criterion.kind == "evidence":
        return label, f"{usually}at least {criterion.min_count} × {unit}"
    condition = f" ({criterion.condition})" if criterion.kind == "perk" and criterion.condition else ""
    return label, f"{usually}{value} {unit}{condition}"
