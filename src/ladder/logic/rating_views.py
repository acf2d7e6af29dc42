"""Self and manager views of an assessment's ratings: what each view says about each expectation.

A bare rating belongs to both views; ``{self: …, manager: …}`` gives each its own. For a
competency matrix, ``competencies: {comp: column}`` rates that competency's cells up to the
column as meets and those above it as not-yet; a cell rated under ``ratings`` overrides it.
"""

from __future__ import annotations

from typing import NamedTuple

from ladder.models.assessment import Assessment, CompetencyDetail, RatingDetail
from ladder.models.framework import Framework
from ladder.models.queries import matrix_id

VIEWS = ("self", "manager")


class Given(NamedTuple):
    """What one view says about one expectation: its scale value (None if not rated) and evidence."""

    value: str | None = None
    evidence: tuple[str, ...] = ()


View = dict[str, Given]


def build_views(framework: Framework, assessment: Assessment) -> dict[str, View]:
    """Self and manager views of the ratings; competency columns become cell ratings unless rated directly."""
    views: dict[str, View] = {name: {} for name in VIEWS}
    for comp_id, column in assessment.competencies.items():
        for name in VIEWS:
            reached = _pick(column, name, "level")
            views[name].update(_cells_from_column(framework, comp_id, reached, column))
    for exp_id, rating in assessment.ratings.items():
        for name in VIEWS:
            value = _pick(rating, name, "rating")
            evidence = tuple(getattr(rating, "evidence", ()))
            derived = views[name].get(exp_id)
            if value is None and derived is not None:
                value, evidence = derived.value, derived.evidence + evidence
            views[name][exp_id] = Given(value, evidence)
    return views


def _pick(value: str | RatingDetail | CompetencyDetail, view: str, shared: str) -> str | None:
    if isinstance(value, str):
        return value
    # view is "self" or "manager", shared is "rating" or "level": fields of both detail models
    own: str | None = getattr(value, view)
    both: str | None = getattr(value, shared)
    return own if own is not None else both


def _cells_from_column(framework: Framework, comp_id: str, reached: str | None,
                       value: str | CompetencyDetail) -> View:
    """Cells up to the column reached are met, those above it not yet; evidence goes on the reached cell."""
    if reached is None or framework.competencies is None:
        return {}
    comp = next(c for c in framework.competencies.items if c.id == comp_id)
    orders = {lvl.id: lvl.order for lvl in framework.levels}
    evidence = tuple(getattr(value, "evidence", ()))
    out: View = {}
    for level_id in comp.cells:
        cell = comp.cell(level_id)
        if cell is None or cell.no_expectation or level_id not in orders:
            continue
        met = orders[level_id] <= orders.get(reached, -1)
        cell_evidence = evidence if level_id == reached else ()
        out[matrix_id(comp_id, level_id)] = Given("meets" if met else "not-yet", cell_evidence)
    return out


def has_split(assessment: Assessment) -> bool:
    """True when any rating or competency is given separately by self or manager."""
    values = list(assessment.ratings.values()) + list(assessment.competencies.values())
    return any(not isinstance(v, str) and (v.self is not None or v.manager is not None) for v in values)


def has_manager(assessment: Assessment) -> bool:
    """True when the manager gave any rating of their own."""
    values = list(assessment.ratings.values()) + list(assessment.competencies.values())
    return any(not isinstance(v, str) and v.manager is not None for v in values)
