"""Pydantic models of a career framework.

Every model forbids unknown keys: a typo in a framework file is an error, not
silently dropped data. Ids are strings; a bare YAML number such as ``2`` is
accepted as the string ``"2"``.
"""

# No `from __future__ import annotations` in the model modules: pydantic would have to
# evaluate every string annotation at import, a few ms of each command's start-up.
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError


def _number_to_str(value: object) -> object:
    """Accept a bare integer id (``2``) as the string ``"2"``; leave the rest to pydantic."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Id = Annotated[
    str,
    BeforeValidator(_number_to_str),
    StringConstraints(min_length=1, max_length=80, pattern=_ID_PATTERN),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": _ID_PATTERN, "maxLength": 80},
                              {"type": "integer", "minimum": 0}]}),
]
Text = Annotated[str, StringConstraints(min_length=1)]
# A framework's version as its authors write it ("2024.2", "3"): one line of text, kept as written
# (the loader does not read a plain 2024.10 as a number).
Version = Annotated[str, BeforeValidator(_number_to_str),
                    StringConstraints(min_length=1, max_length=40, pattern=r"^[^\s].*$"),
                    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1, "maxLength": 40},
                                              {"type": "integer"}]})]


def new_list() -> list[Any]:
    """``default_factory`` for list fields: a Python function, since pydantic inspects the
    factory's signature and ``inspect.signature(list)`` costs 3 ms of start-up on its own."""
    return []


def new_dict() -> dict[str, Any]:
    """``default_factory`` for dict fields (see ``new_list``)."""
    return {}


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, text stays text.

    ``defer_build``: validators are built on first use, once, for the top model only
    (Framework or Assessment), instead of one validator and serializer per class at
    import time; start-up is felt in pre-commit hooks (see bench/RESULTS.md).
    """

    model_config = ConfigDict(extra="forbid", strict=True, coerce_numbers_to_str=True, defer_build=True)


class Link(Strict):
    """A document the framework points to but does not contain."""

    label: Text
    url: Text


class Source(Strict):
    """Where the framework was transcribed from."""

    title: Text
    url: Text | None = None
    file: Text | None = Field(None, description="Source file the transcription was made from.")
    links: list[Link] = Field(default_factory=new_list,
                              description="Documents referred to, kept as sources not content.")
    notes: list[Text] = Field(default_factory=new_list)


class Statement(Strict):
    """A principle or paragraph of the framework's own text, optionally under a heading."""

    heading: Text | None = None
    text: Text


class FaqEntry(Strict):
    """One question and answer from the framework's FAQ."""

    section: Text | None = None
    question: Text
    answer: list[Text] = Field(min_length=1, description="The answer's paragraphs.")


class Track(Strict):
    """A career track, such as individual contributor or people manager."""

    id: Id
    name: Text
    description: Text | None = None


class Group(Strict):
    """Sub-items of an expectation, satisfied by all of them or by any one."""

    satisfied_by: Literal["all", "any"]
    connective: Text | None = Field(None, description="The source's own joining word, e.g. 'AND/OR' or 'OR'.")
    items: list["Expectation"] = Field(min_length=2)


class Expectation(Strict):
    """One thing a level expects, with a stable id that assessments and diffs refer to."""

    id: Id
    text: Text
    group: Group | None = None
    truncated: bool = Field(False, description="True where the source text is cut off mid-sentence.")
    examples: list[Text] = Field(default_factory=new_list, description=(
        "Examples the source gives of meeting this expectation: evidence hints, never required themselves."))
    notes: list[Text] = Field(default_factory=new_list)


class Area(Strict):
    """A named area of responsibility within a level; name is null where the source names none."""

    name: Text | None = None
    number: Id | None = Field(None, description="The source's numbering of the area, e.g. '01'.")
    expectations: list[Expectation] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=new_list)


class _Criterion(Strict):
    source: Text = Field(description="The source sentence the criterion was read from.")
    expectation: Id | None = Field(None, description="Id of the expectation the criterion belongs to, if any.")
    advisory: bool = Field(False, description="Advisory criteria ('usually ...') are reported but never block a level.")
    notes: list[Text] = Field(default_factory=new_list)


class ExperienceCriterion(_Criterion):
    """Years of professional experience, e.g. 'usually at least 2-5 years'."""

    kind: Literal["experience"]
    min_years: float | None = Field(None, ge=0)
    max_years: float | None = Field(None, ge=0)


class TenureCriterion(_Criterion):
    """Time in the organisation, e.g. '24+ months'."""

    kind: Literal["tenure"]
    min_months: int = Field(ge=0)


class EvidenceCriterion(_Criterion):
    """A count of evidence items, e.g. 'can identify at least 3 tickets ...'."""

    kind: Literal["evidence"]
    min_count: int = Field(ge=1)
    of: Text = Field(description="What is counted.")


class ExamCriterion(_Criterion):
    """An exam that must have been passed."""

    kind: Literal["exam"]
    exam: Text


class PerkCriterion(_Criterion):
    """Something the level grants, e.g. work-from-home days per month."""

    kind: Literal["perk"]
    perk: Text
    amount: float = Field(ge=0)
    unit: Text
    condition: Text | None = None


Criterion = Annotated[
    ExperienceCriterion | TenureCriterion | EvidenceCriterion | ExamCriterion | PerkCriterion,
    Field(discriminator="kind"),
]


class Level(Strict):
    """A level of a track, with what it expects and what it inherits."""

    id: Id
    title: Text
    track: Id
    order: int = Field(description="Rank on the framework's common scale; parallel levels share a rank.")
    aliases: list[Text] = Field(default_factory=new_list, description="Other names the source uses for this level.")
    builds_on: Id | None = Field(None, description="The level whose expectations this one inherits.")
    parallel: list[Id] = Field(default_factory=new_list, description="Levels on other tracks at the same rank.")
    summary: Text | None = None
    no_content: Text | None = Field(None, description="Says why the level has no expectations: the source gives none.")
    areas: list[Area] = Field(default_factory=new_list)
    criteria: list[Criterion] = Field(default_factory=new_list)
    notes: list[Text] = Field(default_factory=new_list)


class ScaleStep(Strict):
    """One step of a proficiency scale."""

    id: Id
    name: Text
    description: Text | None = None


class Scale(Strict):
    """A proficiency scale, lowest step first."""

    steps: list[ScaleStep] = Field(min_length=1)
    source: Text | None = Field(None, description="The scale as the source writes it.")


class Cell(Strict):
    """A competency matrix cell: what the competency looks like at one level."""

    text: Text
    no_expectation: bool = Field(False, description="The source cell says nothing is expected (e.g. 'None').")
    notes: list[Text] = Field(default_factory=new_list)


class Competency(Strict):
    """A competency, optionally with one matrix cell per level."""

    id: Id
    name: Text
    group: Text | None = None
    description: Text | None = None
    cells: dict[Id, Text | Cell] = Field(default_factory=new_dict, description="Level id to cell text.")
    notes: list[Text] = Field(default_factory=new_list)

    def cell(self, level_id: str) -> Cell | None:
        """The cell at a level, as a Cell, or None."""
        value = self.cells.get(level_id)
        return Cell(text=value) if isinstance(value, str) else value


class Competencies(Strict):
    """The competency framework: its scale, its competencies, and what the source leaves out."""

    about: list[Statement] = Field(default_factory=new_list)
    scale: Scale | None = None
    items: list[Competency] = Field(default_factory=new_list)
    not_given: list[Text] = Field(default_factory=new_list, description="What the source does not provide.")
    notes: list[Text] = Field(default_factory=new_list)


def _not_a_boolean(value: object) -> object:
    """``true`` is not the version 1 (Python's True == 1 would let it pass a Literal[1])."""
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "input should be 1")
    return value


class Framework(Strict):
    """An organisation's career framework."""

    schema_version: Annotated[Literal[1], BeforeValidator(_not_a_boolean)] = 1
    id: Id
    organisation: Text
    name: Text
    version: Version | None = Field(
        None, description="This version of the framework, as its authors name it (such as 2024.2 or 3).")
    source: Source
    description: list[Text] = Field(default_factory=new_list)
    principles: list[Statement] = Field(default_factory=new_list)
    tracks: list[Track] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    competencies: Competencies | None = None
    faq: list[FaqEntry] = Field(default_factory=new_list)
    notes: list[Text] = Field(default_factory=new_list)
    # Derived per-level expectation lists (levels.own_items), computed once: batch scoring asks often.
    # Lists of queries.Item, which cannot be named here: queries imports this module.
    _items: dict[str, list[Any]] = PrivateAttr(default_factory=dict)

    def level(self, level_id: str) -> Level:
        """The level with this exact id (KeyError if none)."""
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)


