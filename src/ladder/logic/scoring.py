"""Pure scoring: a framework and an assessment in, a Result out. No files, no terminal.

The rules, in the order they apply:

1. The levels scored are ``levels.levels_up_to(target)``: the target and every level
   below it on its track (its builds_on chain where it has one). The target is
   ``--target``, else the file's ``target_level``, else the next level above
   ``current_level`` on its track (the current level itself when it is the top).
2. Each expectation a level states scores meets/exceeds = 1, partly = 0.5,
   not-yet = 0. ``n/a`` leaves it out of the level's count; an expectation with no
   rating scores 0 and is listed as "not rated". A group (AND/OR) counts as one
   expectation scored from its items: ``any`` takes its best item, ``all`` the mean
   of its items (n/a items left out, unrated items 0); the group's own rating is
   used only when none of its items is rated.
3. A level reaches the threshold (default 0.8, inclusive) when score / applicable
   >= threshold; a level with nothing applicable (no content, or all n/a) reaches it.
4. Hard criteria of a level: tenure (facts.tenure_months, or whole months from
   facts.start_date to the assessment date), exams (facts.exams_passed, compared
   case- and space-insensitively), evidence counts (the rating of the linked
   expectation carries at least min_count evidence items; one that names no
   expectation cannot be counted and is reported "unchecked"), and experience when
   not advisory (facts.experience_years >= min_years). A missing fact fails a hard
   criterion. Advisory criteria ("usually N years") are reported, never blocking.
   Perks are not requirements and are not checked.
5. The demonstrated level is the highest level L such that L and every level below
   it reach the threshold, and L's own hard criteria hold. (A lower level's unmet
   criterion is still listed among the gaps, but does not cap a higher level whose
   own criteria hold: the issue's rule, and criteria are per level in the sources.)
6. Self and manager ratings are scored as two separate views, never averaged; a bare
   rating belongs to both. ``by`` picks the view that drives the demonstrated level
   and the gaps; by default the manager's when the file gives any manager rating.
7. Competency matrices: ``competencies: {comp: column}`` rates the cells of that
   competency up to the column as meets and those above it as not-yet; a cell rated
   under ``ratings`` overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ladder.checks.assessment import check_assessment
from ladder.errors import InvalidFile, Locate, Location, UsageError, closest
from ladder.logic.criteria import CriterionCheck, check_criterion, normal_name
from ladder.logic.rating_views import VIEWS, Given, View, build_views, has_manager, has_split
from ladder.models.assessment import NOT_APPLICABLE, POINTS, RANK, Assessment
from ladder.models.framework import Expectation, Framework, Level
from ladder.models.queries import find_level, levels_up_to, own_items, track_levels, walk

if TYPE_CHECKING:
    from ladder.logic.stale import FrameworkChanged

UNLINKED = "Criteria"  # the area of a criterion that names no expectation
EPSILON = 1e-9  # 0.7 * 10 is 7.000000000000001 in floating point; thresholds are inclusive


class Settings(NamedTuple):
    """How to score: the threshold, which view drives, and an optional target overriding the file's."""

    threshold: float = 0.8
    by: str | None = None
    target: str | None = None


# Results are compared by identity: eq=False spares the generated __eq__ (start-up is felt in hooks).
@dataclass(eq=False)
class Scored:
    """One expectation as scored in one view. ``points`` is None when it does not apply (n/a)."""

    id: str
    text: str
    area: str | None
    status: str  # "rated", "not rated", "n/a" or, for a group scored from its items, "from items"
    value: str | None
    points: float | None
    evidence: list[str] = field(default_factory=list)
    group: str | None = None
    items: list[Scored] = field(default_factory=list)


@dataclass(eq=False)
class LevelScore:
    """A level's score in one view, its criteria, and whether it is demonstrated."""

    id: str
    title: str
    order: int
    total: float
    applicable: int
    percent: float | None
    reached: bool
    criteria: list[CriterionCheck]
    demonstrated: bool
    expectations: list[Scored]

    @property
    def criteria_met(self) -> bool:
        """True when no hard criterion of the level fails."""
        return not any(check.blocking for check in self.criteria)

    @property
    def not_rated(self) -> list[str]:
        """Ids of the level's expectations that the view does not rate."""
        return [s.id for s in self.expectations if s.status == "not rated"]


@dataclass(eq=False)
class ViewResult:
    """All levels scored in one view (self or manager) and the level it demonstrates."""

    name: str
    levels: list[LevelScore]
    demonstrated: str | None
    demonstrated_title: str | None
    demonstrated_order: int | None


@dataclass(eq=False)
class Gap:
    """Something missing for the target: an expectation below meets, or a criterion not met."""

    level: str
    area: str | None
    id: str
    text: str
    status: str
    kind: str = "expectation"
    advisory: bool = False


@dataclass(eq=False)
class Disagreement:
    """An expectation that self and manager rate differently (None: that side did not rate it)."""

    level: str
    area: str | None
    id: str
    text: str
    self: str | None
    manager: str | None


@dataclass(eq=False)
class Result:
    """Everything `ladder assess` reports about one assessment."""

    person: str
    date: str
    framework: str
    framework_name: str
    current: str
    current_title: str
    target: str
    target_title: str
    threshold: float
    by: str
    split: bool
    views: dict[str, ViewResult]
    gaps: list[Gap]
    disagreements: list[Disagreement]
    warnings: list[str]
    file: str = ""
    framework_changed: FrameworkChanged | None = None  # the framework changed since the file was written
    reconfirm: list[str] = field(default_factory=list)  # ratings `ladder migrate` flagged reconfirm: true

    @property
    def driving(self) -> ViewResult:
        """The view that decides the demonstrated level and the gaps."""
        return self.views[self.by]

    @property
    def demonstrated(self) -> str | None:
        """The demonstrated level's id in the driving view (None: not even the lowest level)."""
        return self.driving.demonstrated

    def gaps_by_area(self) -> list[tuple[str, list[Gap]]]:
        """Gaps grouped by area label, areas in order of first appearance (lowest level first)."""
        groups: dict[str, list[Gap]] = {}
        for gap in self.gaps:
            groups.setdefault(area_title(gap), []).append(gap)
        return list(groups.items())


def area_title(gap: Gap) -> str:
    """The heading a gap is listed under: its area, or "(no area)" where the source names none."""
    return gap.area or "(no area)"


# ---------------------------------------------------------------- scoring


def score_expectation(exp: Expectation, area: str | None, view: View) -> Scored:
    """Score one expectation (a group from its items) in one view."""
    given = view.get(exp.id, Given())
    if exp.group is None:
        return _score_value(exp, area, given)
    items = [score_expectation(item, area, view) for item in exp.group.items]
    if all(item.status == "not rated" for item in items):
        own = _score_value(exp, area, given)
        own.group, own.items = exp.group.satisfied_by, items
        return own
    counted = [item.points for item in items if item.points is not None]
    if not counted:
        points = None
    elif exp.group.satisfied_by == "any":
        points = max(counted)
    else:
        points = sum(counted) / len(counted)
    return Scored(exp.id, exp.text, area, "from items" if points is not None else "n/a", None, points,
                  list(given.evidence), exp.group.satisfied_by, items)


def _score_value(exp: Expectation, area: str | None, given: Given) -> Scored:
    evidence = list(given.evidence)
    if given.value is None:
        return Scored(exp.id, exp.text, area, "not rated", None, 0.0, evidence)
    if given.value == NOT_APPLICABLE:
        return Scored(exp.id, exp.text, area, "n/a", given.value, None, evidence)
    return Scored(exp.id, exp.text, area, "rated", given.value, POINTS[given.value], evidence)


def score_level(framework: Framework, level: Level, view: View, assessment: Assessment, threshold: float) -> LevelScore:
    """A level's expectations scored in one view, with its criteria checked."""
    scored = [score_expectation(item.expectation, item.area, view) for item in own_items(framework, level)]
    counted = [s.points for s in scored if s.points is not None]
    total = sum(counted)
    percent = total / len(counted) if counted else None
    reached = percent is None or percent + EPSILON >= threshold
    def evidence_count(exp_id: str) -> int:
        return len(view.get(exp_id, Given()).evidence)

    checks = [check_criterion(level.id, c, assessment.facts, assessment.date, evidence_count) for c in level.criteria]
    return LevelScore(level.id, level.title, level.order, total, len(counted), percent, reached,
                      [c for c in checks if c is not None], False, scored)


def score_view(framework: Framework, path: list[Level], name: str, view: View, assessment: Assessment,
               threshold: float) -> ViewResult:
    """Score every level on the path in one view and mark the levels demonstrated (rule 5)."""
    levels = [score_level(framework, level, view, assessment, threshold) for level in path]
    best: LevelScore | None = None
    for level in levels:
        if not level.reached:
            break  # no level from here up has every level below it at the threshold
        level.demonstrated = level.criteria_met
        best = level if level.demonstrated else best
    return ViewResult(name, levels, best.id if best else None, best.title if best else None,
                      best.order if best else None)


# ---------------------------------------------------------------- the whole result


def next_level(framework: Framework, level: Level) -> Level:
    """The lowest level above ``level`` on its track; the level itself at the top."""
    above = [lvl for lvl in track_levels(framework, level.track) if lvl.order > level.order]
    return above[0] if above else level


def target_level(framework: Framework, assessment: Assessment, settings: Settings) -> Level:
    """--target, else the file's target_level, else the level above current (UsageError for a bad --target)."""
    if settings.target:
        return find_level(framework, settings.target)
    if assessment.target_level:
        return find_level(framework, assessment.target_level)
    return next_level(framework, find_level(framework, assessment.current_level))


def score(framework: Framework, assessment: Assessment, settings: Settings = Settings(),  # noqa: B008 - a NamedTuple
          locate: Locate | None = None, file: str = "") -> Result:
    """Score an assessment against its framework; InvalidFile (located) when it names unknown ids."""
    locate = locate or (lambda path: Location(file or "<assessment>"))
    problems = check_assessment(framework, assessment, locate)
    if problems:
        raise InvalidFile(problems[0].message, problems=problems)
    if settings.by not in (None, *VIEWS):
        raise UsageError(f"unknown view '{settings.by}'", "use self or manager")
    current = find_level(framework, assessment.current_level)
    target = target_level(framework, assessment, settings)
    path = levels_up_to(framework, target)
    views = build_views(framework, assessment)
    split = has_split(assessment)
    by = settings.by or ("manager" if has_manager(assessment) else "self")
    shown = VIEWS if split else (by,)
    results = {name: score_view(framework, path, name, views[name], assessment, settings.threshold)
               for name in shown}
    warnings = _warnings(framework, assessment, path, settings, split)
    return Result(
        person=assessment.person, date=assessment.date.isoformat(), framework=framework.id,
        framework_name=f"{framework.organisation}: {framework.name}", current=current.id,
        current_title=current.title, target=target.id, target_title=target.title, threshold=settings.threshold,
        by=by, split=split, views=results, gaps=find_gaps(results[by]),
        disagreements=find_disagreements(framework, path, views) if split else [], warnings=warnings, file=file,
    )


def find_gaps(view: ViewResult) -> list[Gap]:
    """Expectations below meets (or not rated) and criteria not met, on every level up to the target."""
    gaps: list[Gap] = []
    for level in view.levels:
        areas = {item.id: item.area for scored in level.expectations for item in flatten(scored)}
        for scored in level.expectations:
            if scored.status == "not rated" or (scored.points is not None and scored.points < 1):
                gaps.append(Gap(level.id, scored.area, scored.id, scored.text, _gap_status(scored)))
        for check in level.criteria:
            if check.status != "met" and check.status != "unchecked":
                area = areas.get(check.expectation) if check.expectation in areas else UNLINKED
                gaps.append(Gap(level.id, area, check.expectation or check.kind, f"{check.source} — {check.detail}",
                                check.status, check.kind, check.advisory))
    return gaps


def flatten(scored: Scored) -> list[Scored]:
    """A scored expectation and, for a group, its items (depth first)."""
    return [scored, *(leaf for item in scored.items for leaf in flatten(item))]


def _gap_status(scored: Scored) -> str:
    if scored.status != "from items":
        return scored.value or scored.status
    rule = "best item" if scored.group == "any" else "mean of items"
    return f"{rule} {scored.points:.2g}"


def find_disagreements(framework: Framework, path: list[Level], views: dict[str, View]) -> list[Disagreement]:
    """Expectations on the path rated differently by self and manager; larger gaps first, one-sided last."""
    found = []
    for level in path:
        for item in own_items(framework, level):
            for exp in walk([item.expectation]):
                mine = views["self"].get(exp.id, Given()).value
                theirs = views["manager"].get(exp.id, Given()).value
                if mine != theirs:
                    found.append(Disagreement(level.id, item.area, exp.id, exp.text, mine, theirs))

    def weight(d: Disagreement) -> tuple[int, int]:
        if d.self is None or d.manager is None:
            return (1, 0)
        return (0, -abs(RANK.get(d.self, -1) - RANK.get(d.manager, -1)))

    return sorted(found, key=weight)


def _warnings(framework: Framework, assessment: Assessment, path: list[Level], settings: Settings,
              split: bool) -> list[str]:
    """Things the person should know that are not errors: ratings not scored, unknown exam names."""
    warnings = []
    on_path = {exp.id for level in path for item in own_items(framework, level) for exp in walk([item.expectation])}
    outside = [key for key in assessment.ratings if key not in on_path]
    if outside:
        warnings.append(f"{len(outside)} rating(s) are for levels outside the path to {path[-1].id} and are not "
                        f"scored: {', '.join(outside[:5])}{' …' if len(outside) > 5 else ''}")
    groups = [(exp.id, exp.group) for level in path for item in own_items(framework, level)
              for exp in walk([item.expectation]) if exp.group is not None and exp.id in assessment.ratings]
    for group_id, group in groups:
        if any(item.id in assessment.ratings for item in group.items):
            warnings.append(f"group {group_id} is scored from its rated items; its own rating is ignored")
    exams = {normal_name(c.exam): c.exam for lvl in framework.levels for c in lvl.criteria if c.kind == "exam"}
    for name in assessment.facts.exams_passed:
        if normal_name(name) not in exams:
            near = closest(normal_name(name), exams)
            hint = f"; did you mean '{exams[near]}'?" if near else ""
            warnings.append(f"exam '{name}' is not an exam of {framework.id}{hint}")
    if settings.by == "manager" and not has_manager(assessment):
        warnings.append("--by manager, but the file has no manager ratings: only shared ratings count")
    return warnings
