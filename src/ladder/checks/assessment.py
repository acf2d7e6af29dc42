"""Rules over a loaded assessment and its framework: unknown ids, off-scale values, levels."""

from collections.abc import Iterable

from ladder.errors import MAX_PROBLEMS, KeyPath, Locate, Problem, UsageError, cap_problems, closest, listing, shown
from ladder.models.assessment import Assessment
from ladder.models.framework import Framework, Level
from ladder.models.queries import find_level, is_matrix, own_items, walk

HINTED = 10  # unknown ids that get a did-you-mean (each searches every id of the framework)


def check_assessment(framework: Framework, assessment: Assessment, locate: Locate) -> list[Problem]:
    """Located problems where an assessment names ids the framework does not have."""
    problems: list[Problem] = []

    def add(path: KeyPath, message: str) -> None:
        problems.append(Problem(locate(path), message, "error", "assessment"))

    known = expectation_ids(framework)
    unknown = [key for key in assessment.ratings if key not in known]
    for n, key in enumerate(unknown[:MAX_PROBLEMS + 1]):
        # a did-you-mean searches every id: the first few unknown ids get one, the rest a pointer
        hint = _did_you_mean(key, known) if n < HINTED else "`ladder template` lists the ids"
        add(("ratings", key), f"unknown expectation id '{shown(key)}' in {framework.id}; {hint}")
    for key in ("current_level", "target_level"):
        value = getattr(assessment, key)
        if value is not None and _level_or_none(framework, value) is None:
            ids = [lvl.id for lvl in framework.levels]
            add((key,), f"unknown level '{value}' in {framework.id}; {_did_you_mean(value, ids, 'levels are')}")
    if assessment.competencies and not is_matrix(framework):
        add(("competencies",), f"{framework.id} has no competency matrix; rate its expectations under 'ratings'")
    elif assessment.competencies:
        problems += _check_competencies(framework, assessment, locate)
    start = assessment.facts.start_date
    if start is not None and start > assessment.date:
        add(("facts", "start_date"), f"start_date {start} is after the assessment date {assessment.date}")
    not_listed = max(0, len(unknown) - (MAX_PROBLEMS + 1))  # unknown ids never turned into problems
    return cap_problems(problems, len(problems) + not_listed)


def _check_competencies(framework: Framework, assessment: Assessment, locate: Locate) -> list[Problem]:
    comps = {c.id: c for c in framework.competencies.items} if framework.competencies else {}
    problems = []
    for key, value in assessment.competencies.items():
        comp = comps.get(key)
        if comp is None:
            hint = _did_you_mean(key, list(comps), "competencies are")
            problems.append(Problem(locate(("competencies", key)), f"unknown competency '{key}'; {hint}",
                                    "error", "assessment"))
            continue
        details = {"": value} if isinstance(value, str) else {
            "level": value.level, "self": value.self, "manager": value.manager}
        for sub, level_id in details.items():
            if level_id is not None and level_id not in comp.cells:
                path = ("competencies", key, sub) if sub else ("competencies", key)
                hint = _did_you_mean(level_id, list(comp.cells), "columns are")
                problems.append(Problem(locate(path), f"'{level_id}' is not a column of competency '{key}'; {hint}",
                                        "error", "assessment"))
    return problems


def _did_you_mean(value: str, choices: Iterable[str], label: str = "") -> str:
    choices = list(choices)
    near = closest(value, choices)
    if near:
        return f"did you mean '{near}'?"
    if label:
        return f"{label} {listing(choices)}"
    sample = ", ".join(sorted(choices)[:5])
    return f"ids look like {sample}{', …' if len(choices) > 5 else ''} (`ladder template` lists them all)"


def _level_or_none(framework: Framework, query: str) -> Level | None:
    try:
        return find_level(framework, query)
    except UsageError:
        return None


def expectation_ids(framework: Framework) -> set[str]:
    """Every id an assessment may rate: expectations, group items and competency-matrix cells."""
    ids: set[str] = set()
    for level in framework.levels:
        for item in own_items(framework, level):
            ids.update(exp.id for exp in walk([item.expectation]))
    return ids
