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
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Field, StringConstraints, Tag, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from ladder.errors import (
    closest,
)
from ladder.models.framework import Id, Strict, Text, Version, new_dict, new_list

SCALE = ("not-yet", "partly", "meets", "exceeds", "n/a")


POINTS = {"not-yet": 0.0, "partly": 0.5, "meets": 1.0, "exceeds": 1.0}


RANK = {"not-yet": 0, "partly": 1, "meets": 2, "exceeds": 3}


NOT_APPLICABLE = "n/a"


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


def _someone(value: object) -> object:
    """An assessor names somebody: blank text or an empty key is an error, not "no assessor"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError(
            "assessor_nobody", "assessor names nobody; write the name of who gave the manager ratings, "
            "or leave the key out", {})
    return value


def _number_to_text(value: object) -> object:
    """Ticket numbers are evidence too: a bare integer is read as its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Assessor = Annotated[Text | None, BeforeValidator(_someone), WithJsonSchema({"type": "string", "pattern": r"\S"})]


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
    reconfirm: bool = Field(
        False, description="Set by `ladder migrate`: the expectation was reworded; check the rating still holds, "
        "then remove this key.")

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
    reconfirm: bool = Field(
        False, description="Set by `ladder migrate`: a cell of this competency was reworded; check the level "
        "still holds, then remove this key.")

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


Fingerprint = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]


class Archived(Strict):
    """Ratings kept by `ladder migrate` whose expectation (or competency) the new version removed.

    Never scored and never checked against the framework: they are kept so nothing rated is lost."""

    ratings: dict[Id, Rating] = Field(default_factory=new_dict)
    competencies: dict[Id, CompetencyRating] = Field(default_factory=new_dict)


class Facts(Strict):
    """Facts that typed criteria are checked against: tenure, experience, exams."""

    start_date: IsoDate | None = Field(None, description="First day in the organisation; tenure counts to `date`.")
    tenure_months: int | None = Field(None, ge=0, description="Whole months in the organisation.")
    experience_years: float | None = Field(None, ge=0, description="Years of professional experience.")
    exams_passed: list[Text] = Field(
        default_factory=new_list, description="Names of exams passed, as the framework names them."
    )

    @model_validator(mode="after")
    def _one_tenure(self) -> "Facts":
        if self.start_date is not None and self.tenure_months is not None:
            raise PydanticCustomError("tenure_twice", "give either start_date or tenure_months, not both")
        return self


class Assessment(Strict):
    """One person's assessment against one framework."""

    framework: Text = Field(description="Organisation id, or a path to a framework file (relative to this file).")
    framework_version: Version | None = Field(
        None, description="The framework's `version:` when this assessment was written (by `ladder template`).")
    framework_fingerprint: Fingerprint | None = Field(
        None, description="The framework's content fingerprint when this assessment was written: `ladder assess` "
        "says when the framework has changed since.")
    person: Text
    date: IsoDate = Field(description="When the assessment was made; tenure from start_date counts to it.")
    current_level: Text = Field(description="Level id (or title) the person holds now.")
    target_level: Text | None = Field(None, description="Level aimed at; default the next level on the track.")
    assessor: Assessor = Field(
        None, description="Who gave the manager ratings (for `ladder team` calibration); leave out if nobody.")
    ratings: dict[Id, Rating] = Field(
        default_factory=new_dict, description=f"Expectation id to one of {', '.join(SCALE)}."
    )
    competencies: dict[Id, CompetencyRating] = Field(
        default_factory=new_dict, description="Matrix frameworks: competency id to the level id of the column reached."
    )
    facts: Facts = Field(default_factory=Facts)
    notes: list[Text] = Field(default_factory=new_list)
    archived: Archived | None = Field(
        None, description="Ratings of expectations a newer framework version removed (kept by `ladder migrate`).")
