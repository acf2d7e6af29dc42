"""The assessment file format: who is assessed against which framework, and how each expectation is rated.

An assessment is a YAML file read by the same strict loader as frameworks, so
typos, duplicate keys and YAML 1.1 surprises are located errors. The rating
scale, lowest first::

    not-yet   not shown yet                       scores 0
    partly    shown sometimes, or in part         scores 0.5
    meets     shown consistently                  scores 1
    exceeds   shown beyond the level              scores 1 (counts as meets)
    n/a       does not apply to this role         left out of the score

An expectation left unrated scores 0 and is listed as "not rated". A rating is
either a bare value (``s1.sla-adherence.1: meets``) or a mapping::

    s2.ticket-review-tracking.1:
      self: exceeds            # the person's own view
      manager: meets           # the manager's view, scored separately
      evidence: [JIRA-1234, "https://wiki/post"]

(``rating: meets`` gives one value for both views.) For competency-matrix
frameworks, ``competencies`` may give the column reached per competency
instead of rating each cell; see ``CompetencyRating``.
"""

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

# No `from __future__ import annotations` in the model modules: pydantic would have to
# evaluate every string annotation at import, a few ms of each command's start-up.
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Field, Tag, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from .errors import InvalidFile, Location, Problem, UsageError, closest, listing, shown
from .levels import find_level, is_matrix, own_items, walk
from .loader import MAX_PROBLEMS, cap_problems
from .models import Framework, Id, Level, Strict, Text, new_dict, new_list

Locate = Callable[[tuple[str | int, ...]], Location]

SCALE = ("not-yet", "partly", "meets", "exceeds", "n/a")
POINTS = {"not-yet": 0.0, "partly": 0.5, "meets": 1.0, "exceeds": 1.0}
RANK = {"not-yet": 0, "partly": 1, "meets": 2, "exceeds": 3}
NOT_APPLICABLE = "n/a"
HINTED = 10  # unknown ids that get a did-you-mean (each searches every id of the framework)


def _scale_value(value: object) -> object:
    """Accept exactly one of SCALE; anything else is an error that names the scale."""
    if isinstance(value, str) and value in SCALE:
        return value
    shown = repr(value) if isinstance(value, str) else _describe(value)
    near = closest(str(value).strip().lower(), SCALE)
    hint = f"; did you mean '{near}'?" if near else ""
    raise PydanticCustomError(
        "rating_scale",
        "rating {got} is not on the scale {scale}{hint}",
        {"got": shown, "scale": ", ".join(SCALE), "hint": hint},
    )


def _iso_date(value: object) -> object:
    """Read an ISO date written as plain text (``2024-05-01``); YAML 1.2 leaves it a string."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "expected a date written YYYY-MM-DD, got {got}", {"got": _describe(value)})


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value) if isinstance(value, str) else f"{value!r} (a number)"


def _number_to_text(value: object) -> object:
    """Ticket numbers are evidence too: a bare integer is read as its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


ScaleValue = Annotated[str, BeforeValidator(_scale_value), WithJsonSchema({"enum": list(SCALE)})]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]
Evidence = list[Annotated[Text, BeforeValidator(_number_to_text),
                           WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]})]]


class RatingDetail(Strict):
    """A rating with evidence, optionally given separately by the person (self) and their manager."""

    rating: ScaleValue | None = Field(None, description="One value for both views; do not combine with self/manager.")
    self: ScaleValue | None = Field(None, description="The person's own rating.")
    manager: ScaleValue | None = Field(None, description="The manager's rating.")
    evidence: Evidence = Field(default_factory=new_list, description="Free text or links, one item each.")
    note: Text | None = None

    @model_validator(mode="after")
    def _one_kind_of_value(self) -> "RatingDetail":
        if self.rating is not None and (self.self is not None or self.manager is not None):
            raise PydanticCustomError(
                "rating_and_views", "give either 'rating' (one value for both) or 'self'/'manager', not both"
            )
        return self


class CompetencyDetail(Strict):
    """The matrix column (level id) reached for one competency, optionally by self and by manager."""

    level: Id | None = Field(None, description="One column for both views; do not combine with self/manager.")
    self: Id | None = None
    manager: Id | None = None
    evidence: Evidence = Field(default_factory=new_list)
    note: Text | None = None

    @model_validator(mode="after")
    def _one_kind_of_value(self) -> "CompetencyDetail":
        if self.level is not None and (self.self is not None or self.manager is not None):
            raise PydanticCustomError(
                "level_and_views", "give either 'level' (one column for both) or 'self'/'manager', not both"
            )
        return self


def _value_or_detail(value: Any) -> str:
    return "detail" if isinstance(value, dict) else "value"


Rating = Annotated[
    Annotated[ScaleValue, Tag("value")] | Annotated[RatingDetail, Tag("detail")],
    Discriminator(_value_or_detail),
]
CompetencyRating = Annotated[
    Annotated[Id, Tag("value")] | Annotated[CompetencyDetail, Tag("detail")],
    Discriminator(_value_or_detail),
]


class Facts(Strict):
    """Facts that typed criteria are checked against: tenure, experience, exams."""

    start_date: IsoDate | None = Field(None, description="First day in the organisation; tenure counts to `date`.")
    tenure_months: int | None = Field(None, ge=0, description="Whole months in the organisation.")
    experience_years: float | None = Field(None, ge=0, description="Years of professional experience.")
    exams_passed: list[Text] = Field(default_factory=new_list, description="Names of exams passed, as the framework names them.")

    @model_validator(mode="after")
    def _one_tenure(self) -> "Facts":
        if self.start_date is not None and self.tenure_months is not None:
            raise PydanticCustomError("tenure_twice", "give either start_date or tenure_months, not both")
        return self


class Assessment(Strict):
    """One person's assessment against one framework."""

    framework: Text = Field(description="Organisation id, or a path to a framework file (relative to this file).")
    person: Text
    date: IsoDate = Field(description="When the assessment was made; tenure from start_date counts to it.")
    current_level: Text = Field(description="Level id (or title) the person holds now.")
    target_level: Text | None = Field(None, description="Level aimed at; default the next level on the track.")
    ratings: dict[Id, Rating] = Field(default_factory=new_dict, description=f"Expectation id to one of {', '.join(SCALE)}.")
    competencies: dict[Id, CompetencyRating] = Field(
        default_factory=new_dict, description="Matrix frameworks: competency id to the level id of the column reached."
    )
    facts: Facts = Field(default_factory=Facts)
    notes: list[Text] = Field(default_factory=new_list)


# ---------------------------------------------------------------- checking against the framework


def check_assessment(framework: Framework, assessment: Assessment, locate: Locate) -> list[Problem]:
    """Located problems where an assessment names ids the framework does not have."""
    problems: list[Problem] = []

    def add(path: tuple, message: str) -> None:
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


def _did_you_mean(value: str, choices, label: str = "") -> str:
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


# ---------------------------------------------------------------- files


def load_assessment(path: str | Path, max_bytes: int | None = None):  # -> loader.Loaded
    """Read and validate one assessment file (located InvalidFile on any fault)."""
    from .loader import DEFAULT_MAX_BYTES, Loaded, load_document, validate

    document = load_document(path, max_bytes or DEFAULT_MAX_BYTES)
    return Loaded(validate(Assessment, document), document)


def framework_name(assessment: Assessment, assessment_path: str | Path) -> str:
    """The framework an assessment names: an organisation id, or a path made relative to the assessment file."""
    from .registry import looks_like_path

    name = assessment.framework
    if looks_like_path(name) and not Path(name).is_absolute():
        return str(Path(assessment_path).parent / name)
    return name


# Results are compared by identity: eq=False spares the generated __eq__ (start-up is felt in hooks).
@dataclass(eq=False)
class Outcome:
    """One file of a batch: its result, or the located problems that stopped it."""

    file: str
    result: Any = None  # scoring.Result
    problems: list[Problem] = field(default_factory=list)


def open_assessment(path: str | Path, extra: list[str] | None = None,
                    cache: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """Load an assessment and the framework it names: (Loaded assessment, Loaded framework).

    An unknown framework is an error located at the file's ``framework`` key. ``cache``
    keeps frameworks already opened, by path, so a batch parses each one once.
    """
    from .registry import YAML_SUFFIXES, open_framework, resolve

    loaded = load_assessment(path)
    try:
        framework_path = resolve(framework_name(loaded.model, path), extra)
    except UsageError as exc:  # a bad name inside a file is bad input, not bad usage
        raise InvalidFile(exc.message, loaded.document.locate(("framework",)), exc.hint) from None
    key = os.path.realpath(framework_path)  # never raises on a symlink loop: the loader reports it
    if not key.endswith(YAML_SUFFIXES):
        # An assessment may come from anyone (a pull request): its framework key must not make ladder
        # read, and quote back in error messages, a file that is not a framework (/etc/shadow, /proc/...).
        raise InvalidFile(f"'{shown(loaded.model.framework)}' is not a .yaml or .yml file once links are followed",
                          loaded.document.locate(("framework",)), "name a framework file or an organisation id")
    cache = {} if cache is None else cache
    if key not in cache:
        cache[key] = open_framework(str(framework_path), extra)
    return loaded, cache[key]


def assess_file(path: str | Path, settings: Any = None, extra: list[str] | None = None,
                cache: dict[str, Any] | None = None):  # -> scoring.Result
    """Load, check and score one assessment file (InvalidFile with located problems on bad input)."""
    from .scoring import Settings, score

    try:
        loaded, framework = open_assessment(path, extra, cache)
        return score(framework.model, loaded.model, settings or Settings(), loaded.document.locate, str(path))
    except RecursionError:  # the loader caps nesting; this is the last line of defence against a traceback
        raise InvalidFile("structure too deeply nested", Location(str(path))) from None


def assessment_files(paths: list[str]) -> list[Path]:
    """The files named, and *.yaml / *.yml files under directories named (UsageError for a missing path).

    A symbolic link under a directory that leaves it, or leads to a file that is not .yaml / .yml,
    comes back as a registry.RefusedPath: assess_files reports it as that file's problem (opening
    it raises the located InvalidFile) and never reads what it points to.
    """
    from .registry import expand

    for name in paths:
        if not Path(name).exists():
            raise UsageError(f"no such file or directory '{name}'", "check the path")
    return list(expand(paths))


def assess_files(files: Iterable[Path], settings: Any = None, extra: list[str] | None = None) -> Iterator[Outcome]:
    """Score files one at a time, yielding each outcome as it is ready; a bad file never stops the others."""
    cache: dict[str, Any] = {}
    for path in files:
        try:
            yield Outcome(str(path), assess_file(path, settings, extra, cache))
        except InvalidFile as exc:
            yield Outcome(str(path), problems=exc.problems)


def assess_since(old_path: str | Path, new: Any, settings: Any = None,
                 extra: list[str] | None = None):  # -> history.History
    """Score an earlier assessment of the same person to the same target and compare it with ``new``."""
    from .history import compare
    from .scoring import Settings

    old = assess_file(old_path, (settings or Settings())._replace(target=new.target), extra)
    if " ".join(old.person.casefold().split()) != " ".join(new.person.casefold().split()):
        raise UsageError(f"--since {old_path} assesses '{old.person}', not '{new.person}'",
                         "compare two assessments of the same person")
    if old.framework != new.framework:
        raise UsageError(f"--since {old_path} uses framework {old.framework}, not {new.framework}",
                         "compare assessments against the same framework")
    return compare(old, new)
