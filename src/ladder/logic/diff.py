"""Pure: two levels of a framework in, a Diff out (what TO adds over FROM).

Each side is the level's full set of expectations, ``levels.all_items`` (its own
and those inherited through ``builds_on``), compared by expectation id:

- **unchanged**: ids on both sides;
- **added**: ids only at TO; **removed**: ids only at FROM;
- **changed**: pairs taken out of removed x added that say the same thing
  differently (below); everything not paired stays added or removed, so every
  expectation of each side is listed exactly once;
- **criteria**: typed criteria (experience, tenure, perks, exams, evidence) whose
  value differs. A level's criteria include those it inherits through
  ``builds_on``, unless it states one of the same kind and name itself.

Pairing (off with ``pairing=False``, i.e. ``--no-pairing``):

1. Competency matrix rows: a removed and an added cell of the same competency
   form a pair (FROM's cell against TO's cell).
2. Prose expectations, by a similarity score over their content words
   (``logic/pairing.py``, where the score, the PAIRING_THRESHOLD and how it was
   tuned are described), taken greedily, highest score first; an item pairs once.

Identical text under a new id (Basecamp 4.1 -> 5.1) pairs with score 1.0 and is
flagged ``same_text``. The word diff of a pair (difflib.SequenceMatcher over
words, compared ignoring case and surrounding punctuation) shows TO's wording in
unchanged runs.
"""

from __future__ import annotations

import difflib
from typing import Any, NamedTuple

from ladder.logic.pairing import greedy_pairs, similarity
from ladder.logic.wording import describe_criterion
from ladder.models.framework import Criterion, Expectation, Framework, Level
from ladder.models.queries import Item, all_items, chain, is_matrix

MAX_PAIRS = 250_000  # prose pairs compared at most (500 x 500 expectations); beyond that, no pairing
MAX_DIFF_WORDS = 500  # longer texts are shown replaced whole: a word diff is quadratic in their length
_CRITERIA_ORDER = ("experience", "tenure", "perk", "exam", "evidence")


class DiffItem(NamedTuple):
    """An expectation on one side of a diff, with the area (or competency) and level it comes from."""

    id: str
    text: str
    area: str | None
    level: str
    competency: str | None = None
    expectation: Expectation | None = None


class WordOp(NamedTuple):
    """A run of words in a word diff: ``equal``, ``delete`` (FROM only) or ``insert`` (TO only)."""

    op: str
    text: str


class Change(NamedTuple):
    """A FROM expectation and the TO expectation that says the same thing differently."""

    before: DiffItem
    after: DiffItem
    similarity: float
    basis: str  # "competency" (same matrix row) or "similarity" (reworded prose)
    words: tuple[WordOp, ...]

    @property
    def same_text(self) -> bool:
        """True when only the id differs."""
        return self.before.text == self.after.text


class CriterionChange(NamedTuple):
    """A typed criterion whose value differs between FROM and TO (None where a side has none)."""

    kind: str
    label: str
    before: str | None
    after: str | None
    unit: str
    advisory: bool
    from_criterion: Criterion | None = None
    to_criterion: Criterion | None = None
    from_level: str | None = None
    to_level: str | None = None

    @property
    def text(self) -> str:
        """``Experience: 2-5 → 5-8 years``; ``Tenure: 36+ months → —`` where one side has none."""
        unit = f" {self.unit}" if self.unit else ""
        if self.before is not None and self.after is not None:
            return f"{self.label}: {self.before} → {self.after}{unit}"
        before = f"{self.before}{unit}" if self.before is not None else "—"
        after = f"{self.after}{unit}" if self.after is not None else "—"
        return f"{self.label}: {before} → {after}"


class Diff(NamedTuple):
    """What TO adds over FROM, what it drops, what it rewords, and how its criteria differ."""

    framework: Framework
    from_level: Level
    to_level: Level
    direction: str  # up, down, across (same order, other level) or same
    pairing: bool
    added: tuple[DiffItem, ...]
    removed: tuple[DiffItem, ...]
    changed: tuple[Change, ...]
    unchanged: tuple[str, ...]
    criteria: tuple[CriterionChange, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing differs."""
        return not (self.added or self.removed or self.changed or self.criteria)


# ---------------------------------------------------------------- the diff


def diff_levels(framework: Framework, from_level: Level, to_level: Level, pairing: bool = True) -> Diff:
    """Compare two levels of a framework: added, removed, changed and unchanged expectations, and criteria."""
    before = _side(framework, from_level)
    after = _side(framework, to_level)
    before_ids = {item.id for item in before}
    after_ids = {item.id for item in after}
    removed = [item for item in before if item.id not in after_ids]
    added = [item for item in after if item.id not in before_ids]
    direction = _direction(from_level, to_level)
    changes: list[Change] = []
    if pairing and _prose_pairs(removed, added) > MAX_PAIRS:
        pairing = False  # the caller can tell from Diff.pairing, and say so
    if pairing:
        if is_matrix(framework):
            changes += _pair_rows(removed, added)
        changes += _pair_prose(removed, added)
        paired = {id(change.before) for change in changes} | {id(change.after) for change in changes}
        removed = [item for item in removed if id(item) not in paired]
        added = [item for item in added if id(item) not in paired]
        position = {id(item): index for index, item in enumerate(after)}
        changes.sort(key=lambda change: position[id(change.after)])
    return Diff(
        framework=framework,
        from_level=from_level,
        to_level=to_level,
        direction=direction,
        pairing=pairing,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changes),
        unchanged=tuple(item.id for item in after if item.id in before_ids),
        criteria=tuple(criteria_changes(framework, from_level, to_level)),
    )


def _side(framework: Framework, level: Level) -> list[DiffItem]:
    """A level's expectations, lowest level of its builds_on chain first, source order within a level."""
    rank = {lvl.id: index for index, lvl in enumerate(reversed(chain(framework, level)))}
    items = sorted(all_items(framework, level), key=lambda item: rank.get(item.level, 0))
    return [_diff_item(item) for item in items]


def _diff_item(item: Item) -> DiffItem:
    return DiffItem(item.id, item.text, item.area, item.level, item.competency, item.expectation)


def _direction(from_level: Level, to_level: Level) -> str:
    if from_level.id == to_level.id:
        return "same"
    if to_level.order == from_level.order:
        return "across"
    return "up" if to_level.order > from_level.order else "down"


# ---------------------------------------------------------------- pairing


def _prose_pairs(removed: list[DiffItem], added: list[DiffItem]) -> int:
    """How many (FROM, TO) pairs of prose expectations pairing would compare."""
    return sum(i.competency is None for i in removed) * sum(i.competency is None for i in added)


def _pair_rows(removed: list[DiffItem], added: list[DiffItem]) -> list[Change]:
    """Pair each competency's cell at FROM with its cell at TO (the nearest cell of each side first)."""
    waiting: dict[str, list[DiffItem]] = {}
    for after in added:
        if after.competency is not None:
            waiting.setdefault(after.competency, []).append(after)
    changes = []
    for before in removed:
        cells = waiting.get(before.competency) if before.competency is not None else None
        if cells:
            changes.append(_change(before, cells.pop(0), "competency"))
    return changes


def _pair_prose(removed: list[DiffItem], added: list[DiffItem]) -> list[Change]:
    """Greedy pairing of reworded expectations (matrix cells excluded), highest similarity first."""
    before = [item.text if item.competency is None else None for item in removed]
    after = [item.text if item.competency is None else None for item in added]
    return [_change(removed[i], added[j], "similarity") for i, j in greedy_pairs(before, after)]


def _change(before: DiffItem, after: DiffItem, basis: str) -> Change:
    return Change(before, after, similarity(before.text, after.text), basis, word_diff(before.text, after.text))


def word_diff(a: str, b: str) -> tuple[WordOp, ...]:
    """Word-level diff of two texts, compared ignoring case and surrounding punctuation.

    Texts over MAX_DIFF_WORDS words are shown as replaced whole (the diff is quadratic in length).
    """
    first, second = a.split(), b.split()
    if max(len(first), len(second)) > MAX_DIFF_WORDS:
        same = [_key(w) for w in first] == [_key(w) for w in second]
        return (WordOp("equal", " ".join(second)),) if same else (WordOp("delete", " ".join(first)),
                                                                    WordOp("insert", " ".join(second)))
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in first], [_key(w) for w in second], autojunk=False)
    ops: list[WordOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(ops, "equal", second[j1:j2])
            continue
        _append(ops, "delete", first[i1:i2])
        _append(ops, "insert", second[j1:j2])
    return tuple(ops)


def _key(word: str) -> str:
    return word.casefold().strip(".,;:!?()[]\"'“”‘’") or word


def _append(ops: list[WordOp], op: str, words: list[str]) -> None:
    if not words:
        return
    if ops and ops[-1].op == op:
        ops[-1] = WordOp(op, f"{ops[-1].text} {' '.join(words)}")
    else:
        ops.append(WordOp(op, " ".join(words)))


# ---------------------------------------------------------------- criteria


def effective_criteria(framework: Framework, level: Level) -> dict[tuple[str, str], tuple[str, Criterion]]:
    """A level's criteria with inherited ones, by (kind, name): the nearest level's criterion wins."""
    found: dict[tuple[str, str], tuple[str, Criterion]] = {}
    for lvl in chain(framework, level):
        for criterion in lvl.criteria:
            found.setdefault(_criterion_key(criterion), (lvl.id, criterion))
    return found


def _criterion_key(criterion: Criterion) -> tuple[str, str]:
    name = {"perk": "perk", "exam": "exam", "evidence": "of"}.get(criterion.kind)
    return criterion.kind, str(getattr(criterion, name)).casefold() if name else ""


def criteria_changes(framework: Framework, from_level: Level, to_level: Level) -> list[CriterionChange]:
    """The criteria whose terms differ between two levels, inherited ones included."""
    before = effective_criteria(framework, from_level)
    after = effective_criteria(framework, to_level)
    keys = list(after) + [key for key in before if key not in after]
    keys.sort(key=lambda key: _CRITERIA_ORDER.index(key[0]) if key[0] in _CRITERIA_ORDER else len(_CRITERIA_ORDER))
    changes = [_criterion_change(key[0], before.get(key), after.get(key)) for key in keys]
    return [change for change in changes if change is not None]


def _criterion_change(
    kind: str, old: tuple[str, Criterion] | None, new: tuple[str, Criterion] | None
) -> CriterionChange | None:
    if old and new and _terms(old[1]) == _terms(new[1]):
        return None
    (old_level, old_criterion), (new_level, new_criterion) = old or (None, None), new or (None, None)
    label, before, old_unit = describe_criterion(old_criterion) if old_criterion else (None, None, "")
    label, after, unit = describe_criterion(new_criterion) if new_criterion else (label, None, old_unit)
    if before is not None and after is not None and old_unit != unit:
        # different units cannot share one suffix
        before, after, unit = f"{before} {old_unit}", f"{after} {unit}", ""
    sides = [c for c in (old_criterion, new_criterion) if c is not None]
    return CriterionChange(
        kind, str(label), before, after, unit, all(c.advisory for c in sides),
        old_criterion, new_criterion, old_level, new_level,
    )


def _terms(criterion: Criterion) -> dict[str, Any]:
    """What a criterion asks for, leaving out where it was read from."""
    return criterion.model_dump(exclude={"source", "notes", "expectation"})


# ---------------------------------------------------------------- plain data


def diff_to_dict(diff: Diff) -> dict[str, Any]:
    """The diff as JSON-able data: from, to, direction, added, removed, changed, unchanged, criteria."""
    return {
        "framework": diff.framework.id,
        "organisation": diff.framework.organisation,
        "from": _level_dict(diff.from_level),
        "to": _level_dict(diff.to_level),
        "direction": diff.direction,
        "pairing": diff.pairing,
        "added": [item_dict(item) for item in diff.added],
        "removed": [item_dict(item) for item in diff.removed],
        "changed": [
            {
                "from": item_dict(change.before),
                "to": item_dict(change.after),
                "similarity": change.similarity,
                "basis": change.basis,
                "same_text": change.same_text,
                "words": [{"op": op.op, "text": op.text} for op in change.words],
            }
            for change in diff.changed
        ],
        "unchanged": list(diff.unchanged),
        "criteria": [_criterion_dict(change) for change in diff.criteria],
    }


def _level_dict(level: Level) -> dict[str, Any]:
    return {"id": level.id, "title": level.title, "track": level.track, "order": level.order}


def item_dict(item: DiffItem) -> dict[str, Any]:
    """One expectation as JSON-able data: id, area, text, level, and competency / group where present."""
    out: dict[str, Any] = {"id": item.id, "area": item.area, "text": item.text, "level": item.level}
    if item.competency:
        out["competency"] = item.competency
    if item.expectation is not None:
        out.update(_expectation_extras(item.expectation))
    return out


def _expectation_extras(exp: Expectation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if exp.truncated:
        out["truncated"] = True
    if exp.group is not None:
        out["group"] = {
            "satisfied_by": exp.group.satisfied_by,
            "connective": exp.group.connective,
            "items": [{"id": sub.id, "text": sub.text, **_expectation_extras(sub)} for sub in exp.group.items],
        }
    return out


def _criterion_dict(change: CriterionChange) -> dict[str, Any]:
    def side(criterion: Criterion | None, level: str | None) -> dict[str, Any] | None:
        if criterion is None:
            return None
        return {"level": level, **criterion.model_dump(exclude_defaults=False)}

    return {
        "kind": change.kind,
        "label": change.label,
        "text": change.text,
        "before": change.before,
        "after": change.after,
        "unit": change.unit,
        "advisory": change.advisory,
        "from": side(change.from_criterion, change.from_level),
        "to": side(change.to_criterion, change.to_level),
    }
