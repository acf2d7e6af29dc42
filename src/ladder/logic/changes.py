"""Pure: two versions of one framework in, a Changes value out (what an edit of the file does).

Units. Every expectation is a unit: the items of each level's areas, the items of their AND/OR
groups (with their parent), and the competency-matrix cells (id ``competency.level``, as
``queries.own_items`` gives them). Its *place* is its level and area; a cell's is its competency and
level; a group item's is its parent.

Identity, in this order (each unit pairs at most once):

1. **Levels** pair by id, then an old id that vanished with a new id that appeared when their titles
   are the same (case-insensitively): a re-id'd level, reported as renamed with both ids.
   **Competencies** pair the same way, by id and then by name.
2. **Expectations** pair by id (a cell's id read through the level and competency pairs, so a re-id'd
   column keeps its cells), then prose expectations that vanished with ones that appeared when their
   text is the same (re-id'd), then by the content-word rule of ``logic.pairing`` exactly as
   ``ladder diff`` uses it (greedy, highest score first), unless more than MAX_PAIRS pairs would be
   compared (then ``pairing`` is False and the rest stay added and removed).
3. **Areas** of a level present in both versions: an area name that vanished and one that appeared
   are one area renamed when the vanished one's expectations went there (most of them, greedily).

What each old unit became (``mapping``, what `ladder migrate` reads) is one of:

- **unchanged**: same text, same place (through renamed levels, areas and competencies; a group item
  that stays in its group moves with it); its id may differ only where its level or competency was
  re-id'd (matrix cells);
- **moved**: same text, another place or another id (re-id'd);
- **reworded**: other text (same id, or paired by the content-word rule), possibly moved as well;
  an expectation whose AND/OR rule (``any``/``all``, connective) changed counts as reworded;
- **removed**: nothing in the new version says it.

New units that nothing old became are **added** (``added_ids``).

What is reported lists every edit exactly once. An expectation added with its level (or its
competency, or as an item of an added group) is listed in that level's (competency's, group's) entry,
not again among the added expectations; the same goes for removed ones. A level's own criteria are
compared by kind and name (``ladder diff``'s rule and wording), inherited ones are not (they are
reported at the level that states them). Principles and description paragraphs pair exactly, then by
the content-word rule. Not compared: notes, sources, FAQ, examples, and the order of areas,
expectations, principles and competencies (a level's ``order``, its rank, is compared).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from ladder.logic.diff import MAX_PAIRS, Change, CriterionChange, criteria_changes, item_dict, word_diff
from ladder.logic.pairing import greedy_pairs, similarity
from ladder.logic.units import Unit, units
from ladder.logic.wording import criterion_label
from ladder.models.framework import Competency, Expectation, Framework, Level, Track
from ladder.models.queries import matrix_id

UNCHANGED, MOVED, REWORDED, REMOVED = "unchanged", "moved", "reworded", "removed"


class Moved(NamedTuple):
    """The same text at another place, or under another id."""

    before: Unit
    after: Unit
    basis: str  # "id" (same id) or "text" (same text under a new id)


class Reworded(NamedTuple):
    """An expectation said differently (``change`` as ``ladder diff`` has it), and whether it moved too."""

    change: Change
    before: Unit
    after: Unit
    moved: bool
    rule: tuple[str, str] | None  # the AND/OR rule before and after, where only it changed


class Mapped(NamedTuple):
    """What an old expectation became: its new id (None when removed) and how."""

    old_id: str
    new_id: str | None
    kind: str  # UNCHANGED, MOVED, REWORDED or REMOVED


class LevelEntry(NamedTuple):
    """A level added (or removed) with the expectations that came (or went) with it, top-level units only."""

    level: Level
    units: tuple[Unit, ...]


class LevelPair(NamedTuple):
    """A level in both versions."""

    before: Level
    after: Level


class FieldChange(NamedTuple):
    """A field of a level, track or competency that differs (``owner`` its id in the new version)."""

    owner: str
    field: str
    before: str | None
    after: str | None


class CompetencyEntry(NamedTuple):
    """A competency added (or removed) with its matrix cells."""

    competency: Competency
    units: tuple[Unit, ...]


class Paragraph(NamedTuple):
    """A principle (``part`` "principles", with its heading) or a paragraph of the description."""

    part: str
    heading: str | None
    text: str


class ParagraphChange(NamedTuple):
    """A principle or description paragraph said differently."""

    before: Paragraph
    after: Paragraph
    words: tuple[Any, ...]  # diff.WordOp


class LevelChanges(NamedTuple):
    added: tuple[LevelEntry, ...]
    removed: tuple[LevelEntry, ...]
    renamed: tuple[LevelPair, ...]  # title changed, or a new id with the same title (re-id'd)
    reranked: tuple[LevelPair, ...]  # order changed
    moved: tuple[LevelPair, ...]  # to another track
    changed: tuple[FieldChange, ...]  # summary, aliases, builds_on, parallel, no_content, area (renamed)


class ExpectationChanges(NamedTuple):
    added: tuple[Unit, ...]
    removed: tuple[Unit, ...]
    moved: tuple[Moved, ...]
    reworded: tuple[Reworded, ...]
    unchanged: int


class LevelCriteria(NamedTuple):
    """A criterion of a level that changed (``ladder diff``'s CriterionChange), at the new level."""

    level: Level
    change: CriterionChange


class CompetencyChanges(NamedTuple):
    added: tuple[CompetencyEntry, ...]
    removed: tuple[CompetencyEntry, ...]
    renamed: tuple[tuple[Competency, Competency], ...]  # a new name, or a new id with the same name
    changed: tuple[FieldChange, ...]  # description, group
    scale: tuple[tuple[str, ...], tuple[str, ...]] | None  # step names before and after, where they differ


class TrackChanges(NamedTuple):
    added: tuple[Track, ...]
    removed: tuple[Track, ...]
    changed: tuple[FieldChange, ...]  # name, description


class PrincipleChanges(NamedTuple):
    added: tuple[Paragraph, ...]
    removed: tuple[Paragraph, ...]
    reworded: tuple[ParagraphChange, ...]


class Changes(NamedTuple):
    """What changed from one version of a framework (``old``) to another (``new``)."""

    old: Framework
    new: Framework
    from_file: str
    to_file: str
    pairing: bool  # False: too many expectations vanished and appeared to pair them by wording
    levels: LevelChanges
    expectations: ExpectationChanges
    criteria: tuple[LevelCriteria, ...]
    competencies: CompetencyChanges
    tracks: TrackChanges
    principles: PrincipleChanges
    mapping: tuple[Mapped, ...]  # every old expectation, in the old file's order
    added_ids: tuple[str, ...]  # every new expectation nothing old became, in the new file's order
    level_ids: dict[str, str]  # old level id -> new level id, for levels in both
    competency_ids: dict[str, str]  # old competency id -> new competency id

    @property
    def edits(self) -> int:
        """How many edits are reported (each level, expectation, criterion, … entry counts once)."""
        lv, ex, co, tr, pr = self.levels, self.expectations, self.competencies, self.tracks, self.principles
        return (sum(map(len, lv)) + len(ex.added) + len(ex.removed) + len(ex.moved) + len(ex.reworded)
                + len(self.criteria) + len(co.added) + len(co.removed) + len(co.renamed) + len(co.changed)
                + (co.scale is not None) + sum(map(len, tr)) + sum(map(len, pr)))

    @property
    def is_empty(self) -> bool:
        """True when the two versions say the same."""
        return self.edits == 0


# ---------------------------------------------------------------- the comparison


def compare(old: Framework, new: Framework, from_file: str = "", to_file: str = "") -> Changes:
    """Compare two versions of one framework (the caller checks they are: the same id)."""
    level_ids = _pair_by_name({lvl.id: lvl.title for lvl in old.levels}, {lvl.id: lvl.title for lvl in new.levels})
    competency_ids = _pair_by_name(_competency_names(old), _competency_names(new))
    old_units, new_units = units(old), units(new)
    pairs, bases, pairing = _pair_units(old_units, new_units, level_ids, competency_ids)
    new_of = {old_units[i].id: new_units[j].id for i, j in pairs.items()}
    areas = _area_renames(old, new, level_ids, old_units, new_units, pairs)
    place = _Places(level_ids, competency_ids, areas, new_of)

    mapping: list[Mapped] = []
    moved: list[Moved] = []
    reworded: list[Reworded] = []
    for i, unit in enumerate(old_units):
        j = pairs.get(i)
        if j is None:
            mapping.append(Mapped(unit.id, None, REMOVED))
            continue
        after = new_units[j]
        same_place = place.same(unit, after)
        rule = _rule_change(unit.expectation, after.expectation)
        if unit.text != after.text or rule:
            basis = "competency" if unit.competency and after.competency else bases[i]
            change = Change(unit.item(), after.item(), similarity(unit.text, after.text), basis,
                            word_diff(unit.text, after.text))
            reworded.append(Reworded(change, unit, after, not same_place, rule))
            mapping.append(Mapped(unit.id, after.id, REWORDED))
        elif same_place and bases[i] == "id":
            mapping.append(Mapped(unit.id, after.id, UNCHANGED))
        else:
            moved.append(Moved(unit, after, bases[i]))
            mapping.append(Mapped(unit.id, after.id, MOVED))

    taken = set(pairs.values())
    fresh = [unit for j, unit in enumerate(new_units) if j not in taken]
    gone = [unit for i, unit in enumerate(old_units) if i not in pairs]
    level_changes, level_fields = _levels(old, new, level_ids, areas)
    added_levels = {lvl.id for lvl in level_changes[0]}
    removed_levels = {lvl.id for lvl in level_changes[1]}
    comps = _competencies(old, new, competency_ids)
    added_comps = {c.id for c in comps[0]}
    removed_comps = {c.id for c in comps[1]}
    loose_new, by_level_new, by_comp_new = _contain(fresh, added_levels, added_comps)
    loose_old, by_level_old, by_comp_old = _contain(gone, removed_levels, removed_comps)
    new_order = {unit.id: j for j, unit in enumerate(new_units)}
    reworded.sort(key=lambda r: new_order[r.after.id])
    moved.sort(key=lambda m: new_order[m.after.id])

    return Changes(
        old=old, new=new, from_file=from_file, to_file=to_file, pairing=pairing,
        levels=LevelChanges(
            added=tuple(LevelEntry(lvl, tuple(by_level_new.get(lvl.id, ()))) for lvl in level_changes[0]),
            removed=tuple(LevelEntry(lvl, tuple(by_level_old.get(lvl.id, ()))) for lvl in level_changes[1]),
            renamed=level_changes[2], reranked=level_changes[3], moved=level_changes[4], changed=level_fields,
        ),
        expectations=ExpectationChanges(tuple(loose_new), tuple(loose_old), tuple(moved), tuple(reworded),
                                        sum(m.kind == UNCHANGED for m in mapping)),
        criteria=tuple(_criteria(old, new, level_ids)),
        competencies=CompetencyChanges(
            added=tuple(CompetencyEntry(c, tuple(by_comp_new.get(c.id, ()))) for c in comps[0]),
            removed=tuple(CompetencyEntry(c, tuple(by_comp_old.get(c.id, ()))) for c in comps[1]),
            renamed=comps[2], changed=comps[3], scale=_scale(old, new),
        ),
        tracks=_tracks(old, new),
        principles=_principles(old, new),
        mapping=tuple(mapping),
        added_ids=tuple(unit.id for unit in fresh),
        level_ids=level_ids,
        competency_ids=competency_ids,
    )


def _competency_names(framework: Framework) -> dict[str, str]:
    return {c.id: c.name for c in framework.competencies.items} if framework.competencies else {}


def _pair_by_name(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    """Old id -> new id: the same id, then a vanished id and an appeared id of the same name (first one each)."""
    pairs = {key: key for key in old if key in new}
    waiting: dict[str, list[str]] = {}
    for key, name in new.items():
        if key not in old:
            waiting.setdefault(name.casefold(), []).append(key)
    for key, name in old.items():
        if key not in new and waiting.get(name.casefold()):
            pairs[key] = waiting[name.casefold()].pop(0)
    return pairs


def _candidate(unit: Unit, level_ids: dict[str, str], competency_ids: dict[str, str]) -> str:
    """The id an old unit would have in the new version: a cell's id follows its level and competency."""
    if unit.competency is None:
        return unit.id
    comp, level = competency_ids.get(unit.competency), level_ids.get(unit.level)
    return matrix_id(comp, level) if comp and level else unit.id


def _pair_units(
    old: list[Unit], new: list[Unit], level_ids: dict[str, str], competency_ids: dict[str, str]
) -> tuple[dict[int, int], dict[int, str], bool]:
    """(old index -> new index, old index -> basis, whether wording was compared): by id, same text, wording."""
    new_index = {unit.id: j for j, unit in enumerate(new)}
    pairs: dict[int, int] = {}
    bases: dict[int, str] = {}
    for i, unit in enumerate(old):
        j = new_index.get(_candidate(unit, level_ids, competency_ids))
        if j is not None:
            pairs[i], bases[i] = j, "id"
    taken = set(pairs.values())
    rest_old = [i for i, unit in enumerate(old) if i not in pairs and unit.competency is None]
    rest_new = [j for j, unit in enumerate(new) if j not in taken and unit.competency is None]
    by_text: dict[str, list[int]] = {}
    for j in rest_new:
        by_text.setdefault(new[j].text, []).append(j)
    for i in rest_old:
        if by_text.get(old[i].text):
            pairs[i], bases[i] = by_text[old[i].text].pop(0), "text"
    taken = set(pairs.values())
    rest_old = [i for i in rest_old if i not in pairs]
    rest_new = [j for j in rest_new if j not in taken]
    if len(rest_old) * len(rest_new) > MAX_PAIRS:
        return pairs, bases, False
    for a, b in greedy_pairs([old[i].text for i in rest_old], [new[j].text for j in rest_new]):
        pairs[rest_old[a]], bases[rest_old[a]] = rest_new[b], "similarity"
    return pairs, bases, True


def _area_renames(old: Framework, new: Framework, level_ids: dict[str, str], old_units: list[Unit],
                  new_units: list[Unit], pairs: dict[int, int]) -> dict[tuple[str, str | None], str | None]:
    """(old level id, old area name) -> new area name, for areas renamed inside a level in both versions."""
    old_names = _area_names(old)
    new_names = _area_names(new)
    counts: dict[tuple[str, str | None, str | None], int] = {}
    for i, j in pairs.items():
        before, after = old_units[i], new_units[j]
        if before.parent is None and before.competency is None and level_ids.get(before.level) == after.level:
            key = (before.level, before.area, after.area)
            counts[key] = counts.get(key, 0) + 1
    renames: dict[tuple[str, str | None], str | None] = {}
    used: set[tuple[str, str | None]] = set()
    for (level, area, target), _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        now = level_ids[level]
        vanished = area not in new_names.get(now, [])
        appeared = target not in old_names.get(level, [])
        if vanished and appeared and (level, area) not in renames and (now, target) not in used:
            renames[(level, area)] = target
            used.add((now, target))
    return renames


def _area_names(framework: Framework) -> dict[str, list[str | None]]:
    return {level.id: [area.name for area in level.areas] for level in framework.levels}


class _Places:
    """Whether an old unit and a new one are at the same place, through renamed levels, areas, competencies."""

    def __init__(self, level_ids: dict[str, str], competency_ids: dict[str, str],
                 areas: dict[tuple[str, str | None], str | None], new_of: dict[str, str]) -> None:
        self.level_ids, self.competency_ids, self.areas, self.new_of = level_ids, competency_ids, areas, new_of

    def same(self, before: Unit, after: Unit) -> bool:
        if (before.competency is None) != (after.competency is None):
            return False
        if before.competency is not None:
            return (self.competency_ids.get(before.competency) == after.competency
                    and self.level_ids.get(before.level) == after.level)
        if before.parent is not None or after.parent is not None:
            return before.parent is not None and self.new_of.get(before.parent) == after.parent
        area = self.areas.get((before.level, before.area), before.area)
        return self.level_ids.get(before.level) == after.level and area == after.area


def _rule(exp: Expectation) -> str | None:
    if exp.group is None:
        return None
    how = "all of" if exp.group.satisfied_by == "all" else "any of"
    return f"{how} ({exp.group.connective})" if exp.group.connective else how


def _rule_change(before: Expectation, after: Expectation) -> tuple[str, str] | None:
    """The AND/OR rule before and after, where both are groups and the rule differs."""
    old, new = _rule(before), _rule(after)
    return (old, new) if old is not None and new is not None and old != new else None


def _contain(items: list[Unit], levels: set[str], competencies: set[str]
             ) -> tuple[list[Unit], dict[str, list[Unit]], dict[str, list[Unit]]]:
    """Added (or removed) units that are reported alone, and those that go with their level or competency
    (an item of an added group goes with the group, listed nowhere else)."""
    ids = {unit.id for unit in items}
    loose: list[Unit] = []
    by_level: dict[str, list[Unit]] = {}
    by_comp: dict[str, list[Unit]] = {}
    for unit in items:
        if unit.parent is not None and unit.parent in ids:
            continue
        if unit.level in levels:
            by_level.setdefault(unit.level, []).append(unit)
        elif unit.competency is not None and unit.competency in competencies:
            by_comp.setdefault(unit.competency, []).append(unit)
        else:
            loose.append(unit)
    return loose, by_level, by_comp


# ---------------------------------------------------------------- levels and criteria


_LevelLists = tuple[list[Level], list[Level], tuple[LevelPair, ...], tuple[LevelPair, ...], tuple[LevelPair, ...]]


def _levels(old: Framework, new: Framework, level_ids: dict[str, str],
            areas: dict[tuple[str, str | None], str | None]) -> tuple[_LevelLists, tuple[FieldChange, ...]]:
    """(added, removed, renamed, reranked, moved), and the other fields that changed, in the new file's order."""
    before = {lvl.id: lvl for lvl in old.levels}
    back = {new_id: old_id for old_id, new_id in level_ids.items()}
    added = [lvl for lvl in new.levels if lvl.id not in back]
    removed = [lvl for lvl in old.levels if lvl.id not in level_ids]
    renamed, reranked, moved, fields = [], [], [], []
    renamed_areas: dict[str, list[tuple[str | None, str | None]]] = {}
    for (level, area), target in areas.items():
        renamed_areas.setdefault(level_ids[level], []).append((area, target))
    for lvl in new.levels:
        if lvl.id not in back:
            continue
        was = before[back[lvl.id]]
        pair = LevelPair(was, lvl)
        if was.id != lvl.id or was.title != lvl.title:
            renamed.append(pair)
        if was.order != lvl.order:
            reranked.append(pair)
        if was.track != lvl.track:
            moved.append(pair)
        fields += _level_fields(was, lvl, level_ids)
        fields += [FieldChange(lvl.id, "area", a, b) for a, b in renamed_areas.get(lvl.id, [])]
    return (added, removed, tuple(renamed), tuple(reranked), tuple(moved)), tuple(fields)


def _joined(values: Iterable[str]) -> str | None:
    return ", ".join(values) or None


def _level_fields(was: Level, now: Level, level_ids: dict[str, str]) -> list[FieldChange]:
    """Summary, aliases, builds_on, parallel and no_content, compared through the level pairs."""
    def mapped(level_id: str | None) -> str | None:
        return level_ids.get(level_id, level_id) if level_id is not None else None

    sides = [
        ("summary", was.summary, now.summary),
        ("aliases", _joined(was.aliases), _joined(now.aliases)),
        ("builds_on", mapped(was.builds_on), now.builds_on),
        ("parallel", _joined(sorted(str(mapped(p)) for p in was.parallel)), _joined(sorted(now.parallel))),
        ("no_content", was.no_content, now.no_content),
    ]
    return [FieldChange(now.id, field, before, after) for field, before, after in sides if before != after]


def _criteria(old: Framework, new: Framework, level_ids: dict[str, str]) -> list[LevelCriteria]:
    """Each level's own criteria that differ (``ladder diff``'s comparison, without inheritance)."""
    before = {lvl.id: lvl for lvl in old.levels}
    back = {new_id: old_id for old_id, new_id in level_ids.items()}
    out = []
    for lvl in new.levels:
        if lvl.id not in back:
            continue
        was = before[back[lvl.id]]
        # without builds_on, diff's effective criteria of a level are its own
        alone = [side.model_copy(update={"builds_on": None}) for side in (was, lvl)]
        out += [LevelCriteria(lvl, change) for change in criteria_changes(old, alone[0], alone[1])]
    return out


# ---------------------------------------------------------------- competencies, tracks, principles


def _competencies(old: Framework, new: Framework, competency_ids: dict[str, str]) -> tuple[
        list[Competency], list[Competency], tuple[tuple[Competency, Competency], ...], tuple[FieldChange, ...]]:
    """(added, removed, renamed, changed fields) of the competencies."""
    before = {c.id: c for c in old.competencies.items} if old.competencies else {}
    after = list(new.competencies.items) if new.competencies else []
    back = {new_id: old_id for old_id, new_id in competency_ids.items()}
    added = [c for c in after if c.id not in back]
    removed = [c for c in before.values() if c.id not in competency_ids]
    renamed, fields = [], []
    for comp in after:
        if comp.id not in back:
            continue
        was = before[back[comp.id]]
        if was.id != comp.id or was.name != comp.name:
            renamed.append((was, comp))
        fields += [FieldChange(comp.id, field, getattr(was, field), getattr(comp, field))
                   for field in ("group", "description") if getattr(was, field) != getattr(comp, field)]
    return added, removed, tuple(renamed), tuple(fields)


def _scale(old: Framework, new: Framework) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    def steps(framework: Framework) -> tuple[str, ...]:
        scale = framework.competencies.scale if framework.competencies else None
        return tuple(step.name for step in scale.steps) if scale else ()

    before, after = steps(old), steps(new)
    return (before, after) if before != after else None


def _tracks(old: Framework, new: Framework) -> TrackChanges:
    before = {t.id: t for t in old.tracks}
    after = {t.id for t in new.tracks}
    fields = [FieldChange(t.id, field, getattr(before[t.id], field), getattr(t, field))
              for t in new.tracks if t.id in before
              for field in ("name", "description") if getattr(before[t.id], field) != getattr(t, field)]
    return TrackChanges(tuple(t for t in new.tracks if t.id not in before),
                        tuple(t for t in old.tracks if t.id not in after), tuple(fields))


def _paragraphs(framework: Framework) -> list[Paragraph]:
    return ([Paragraph("description", None, text) for text in framework.description]
            + [Paragraph("principles", p.heading, p.text) for p in framework.principles])


def _principles(old: Framework, new: Framework) -> PrincipleChanges:
    """Description paragraphs and principles: exact matches (order aside), then pairs by the content-word rule."""
    before, after = _paragraphs(old), _paragraphs(new)
    waiting: dict[Paragraph, list[int]] = {}
    for j, para in enumerate(after):
        waiting.setdefault(para, []).append(j)
    kept_after: set[int] = set()
    rest_before = []
    for para in before:
        if waiting.get(para):
            kept_after.add(waiting[para].pop(0))
        else:
            rest_before.append(para)
    rest_after = [para for j, para in enumerate(after) if j not in kept_after]
    reworded, paired_before, paired_after = [], set(), set()
    for part in ("description", "principles"):
        olds = [i for i, p in enumerate(rest_before) if p.part == part]
        news = [j for j, p in enumerate(rest_after) if p.part == part]
        for a, b in _pairs([rest_before[i].text for i in olds], [rest_after[j].text for j in news]):
            i, j = olds[a], news[b]
            paired_before.add(i)
            paired_after.add(j)
            was, now = rest_before[i], rest_after[j]
            reworded.append((j, ParagraphChange(was, now, word_diff(was.text, now.text))))
    reworded.sort(key=lambda entry: entry[0])
    return PrincipleChanges(
        added=tuple(p for j, p in enumerate(rest_after) if j not in paired_after),
        removed=tuple(p for i, p in enumerate(rest_before) if i not in paired_before),
        reworded=tuple(change for _, change in reworded),
    )


def _pairs(before: Sequence[str], after: Sequence[str]) -> list[tuple[int, int]]:
    if len(before) * len(after) > MAX_PAIRS:
        return []
    return greedy_pairs(list(before), list(after))


# ---------------------------------------------------------------- plain data


def changes_to_dict(changes: Changes) -> dict[str, Any]:
    """The changes as JSON-able data (the README lists the keys)."""
    lv, ex, co = changes.levels, changes.expectations, changes.competencies
    return {
        "from": _side(changes.old, changes.from_file),
        "to": _side(changes.new, changes.to_file),
        "pairing": changes.pairing,
        "edits": changes.edits,
        "levels": {
            "added": [_level_entry(entry) for entry in lv.added],
            "removed": [_level_entry(entry) for entry in lv.removed],
            "renamed": [_pair_dict(pair) for pair in lv.renamed],
            "reranked": [_pair_dict(pair) for pair in lv.reranked],
            "moved": [_pair_dict(pair) for pair in lv.moved],
            "changed": [_field_dict("level", field) for field in lv.changed],
        },
        "expectations": {
            "added": [unit_dict(unit) for unit in ex.added],
            "removed": [unit_dict(unit) for unit in ex.removed],
            "moved": [{"from": unit_dict(m.before), "to": unit_dict(m.after), "basis": m.basis} for m in ex.moved],
            "reworded": [_reworded_dict(r) for r in ex.reworded],
            "unchanged": ex.unchanged,
        },
        "criteria": [_criterion_dict(entry) for entry in changes.criteria],
        "competencies": {
            "added": [_competency_entry(entry) for entry in co.added],
            "removed": [_competency_entry(entry) for entry in co.removed],
            "renamed": [{"from": _competency_ref(a), "to": _competency_ref(b)} for a, b in co.renamed],
            "changed": [_field_dict("competency", field) for field in co.changed],
            "scale": {"before": list(co.scale[0]), "after": list(co.scale[1])} if co.scale else None,
        },
        "tracks": {
            "added": [_track_dict(t) for t in changes.tracks.added],
            "removed": [_track_dict(t) for t in changes.tracks.removed],
            "changed": [_field_dict("track", field) for field in changes.tracks.changed],
        },
        "principles": {
            "added": [p._asdict() for p in changes.principles.added],
            "removed": [p._asdict() for p in changes.principles.removed],
            "reworded": [{"from": c.before._asdict(), "to": c.after._asdict(), "words": _words(c.words)}
                         for c in changes.principles.reworded],
        },
    }


def _side(framework: Framework, file: str) -> dict[str, Any]:
    from ladder.logic.fingerprint import fingerprint

    return {"id": framework.id, "organisation": framework.organisation, "name": framework.name,
            "version": framework.version, "fingerprint": fingerprint(framework), "file": file}


def level_ref(level: Level) -> dict[str, Any]:
    """A level as the changes name it: id, title, track, order."""
    return {"id": level.id, "title": level.title, "track": level.track, "order": level.order}


def _level_entry(entry: LevelEntry) -> dict[str, Any]:
    criteria = [": ".join(criterion_label(c)) for c in entry.level.criteria]
    return {**level_ref(entry.level), "expectations": [unit_dict(u) for u in entry.units], "criteria": criteria}


def _pair_dict(pair: LevelPair) -> dict[str, Any]:
    return {"from": level_ref(pair.before), "to": level_ref(pair.after)}


def _field_dict(owner: str, change: FieldChange) -> dict[str, Any]:
    return {owner: change.owner, "field": change.field, "before": change.before, "after": change.after}


def unit_dict(unit: Unit) -> dict[str, Any]:
    """An expectation: ``ladder diff``'s item (id, area, text, level, competency?, group?) and parent?."""
    out = item_dict(unit.item())
    if unit.parent is not None:
        out["parent"] = unit.parent
    return out


def _words(words: Iterable[Any]) -> list[dict[str, str]]:
    return [{"op": op.op, "text": op.text} for op in words]


def _reworded_dict(entry: Reworded) -> dict[str, Any]:
    change = entry.change
    out = {"from": unit_dict(entry.before), "to": unit_dict(entry.after), "basis": change.basis,
           "similarity": change.similarity, "moved": entry.moved, "words": _words(change.words)}
    out["rule"] = {"before": entry.rule[0], "after": entry.rule[1]} if entry.rule else None
    return out


def _criterion_dict(entry: LevelCriteria) -> dict[str, Any]:
    change = entry.change
    return {"level": entry.level.id, "title": entry.level.title, "kind": change.kind, "label": change.label,
            "text": change.text, "before": change.before, "after": change.after, "unit": change.unit,
            "advisory": change.advisory}


def _competency_ref(comp: Competency) -> dict[str, Any]:
    return {"id": comp.id, "name": comp.name}


def _competency_entry(entry: CompetencyEntry) -> dict[str, Any]:
    comp = entry.competency
    return {**_competency_ref(comp), "group": comp.group, "description": comp.description,
            "cells": [unit_dict(u) for u in entry.units]}


def _track_dict(track: Track) -> dict[str, Any]:
    return {"id": track.id, "name": track.name}
