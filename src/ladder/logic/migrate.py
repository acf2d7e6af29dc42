"""Pure: an assessment written against one version of a framework, rewritten for a later version.

What each rating becomes follows ``logic.changes``' mapping of the expectations (the same pairing
as `ladder changes` reports):

- **unchanged**: kept as it is;
- **moved** (another level or area, or a new id for the same text): kept, under the new id;
- **reworded**: kept under the new id as ``{…, reconfirm: true}``, the old text in a comment;
- **removed**: kept under ``archived: ratings:`` (never scored, never deleted);

and the expectations new in the later version are listed unrated, as comments to fill in.
Competency-matrix columns follow their competency (renamed ids included) and the level ids; a
competency with a reworded cell is flagged ``reconfirm: true``; a removed one is archived.
``current_level`` and ``target_level`` follow their level. Nothing of the person's (facts, notes,
evidence, dates) is changed; comments of the original file are not carried (it is left as it is).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from ladder.errors import display_path
from ladder.logic.changes import MOVED, REMOVED, REWORDED, UNCHANGED, Changes
from ladder.logic.fingerprint import fingerprint
from ladder.logic.stale import touched_cells
from ladder.logic.template import scalar
from ladder.logic.units import units
from ladder.models.assessment import Assessment, CompetencyDetail, RatingDetail
from ladder.models.queries import find_level

ARCHIVED = "archived"


class Fate(NamedTuple):
    """What happened to one rating (or competency column): its old id, its id now, and how."""

    old_id: str
    new_id: str | None  # None: archived
    kind: str  # unchanged, moved, reworded or archived
    competency: bool = False
    where: str = ""  # moved: the new level (and area)


class Migration(NamedTuple):
    """The migrated assessment as YAML text, and what happened to each rating."""

    text: str
    fates: tuple[Fate, ...]
    new_unrated: tuple[str, ...]  # expectations new in this version, on the way to the target, not rated
    notes: tuple[str, ...]  # a level the assessment names that the new version does not have, and the like


def migrate(assessment: Assessment, changes: Changes, reference: str, made_by: str) -> Migration:
    """Rewrite ``assessment`` (valid against ``changes.old``) for ``changes.new``.

    ``reference`` is how the new file names its framework; ``made_by`` its first line."""
    old, new = changes.old, changes.new
    became = {m.old_id: m for m in changes.mapping}
    old_text = {u.id: u.text for u in units(old)}
    new_units = {u.id: u for u in units(new)}
    order = {unit_id: n for n, unit_id in enumerate(new_units)}
    notes: list[str] = []

    rated: list[tuple[str, str, str]] = []  # (new id, value, comment)
    archived: dict[str, str] = {}
    fates: list[Fate] = []
    for key, value in assessment.ratings.items():
        mapped = became.get(key)
        if mapped is None or mapped.kind == REMOVED or mapped.new_id is None:
            archived[key] = f"{_value(value)}  # removed in this version; was: {_quoted(old_text.get(key, ''))}"
            fates.append(Fate(key, None, ARCHIVED))
            continue
        unit = new_units[mapped.new_id]
        where = f"{unit.level}, {unit.area}" if unit.area else unit.level
        if mapped.kind == REWORDED:
            comment = f"reworded; was: {_quoted(old_text[key])}" + (f" (as {key})" if key != mapped.new_id else "")
            rated.append((mapped.new_id, _value(value, reconfirm=True), comment))
        elif mapped.kind == MOVED:
            rated.append((mapped.new_id, _value(value), f"moved from {key}; {_one_line(unit.text)}"
                          if key != mapped.new_id else f"moved to {where}; {_one_line(unit.text)}"))
        else:
            rated.append((mapped.new_id, _value(value), _one_line(unit.text)))
        fates.append(Fate(key, mapped.new_id, mapped.kind, where=where if mapped.kind == MOVED else ""))
    rated.sort(key=lambda entry: order.get(entry[0], len(order)))

    comps, archived_comps, comp_fates = _competencies(assessment, changes, notes)
    fates += comp_fates
    current = _level(assessment.current_level, "current_level", changes, notes)
    target = _level(assessment.target_level, "target_level", changes, notes) if assessment.target_level else None
    wanted = _path_ids(changes, target or current)
    new_unrated = tuple(i for i in changes.added_ids if i in wanted and i not in {r[0] for r in rated})

    lines = [f"{made_by}`: carried from {display_path(changes.from_file)} to {display_path(changes.to_file)}.",
             "# The ratings of the earlier version, carried across: reworded expectations are flagged",
             "# reconfirm: true (check the rating, then remove the flag); removed ones are kept under archived:.",
             f"framework: {scalar(reference)}"]
    if new.version is not None:
        lines.append(f"framework_version: {scalar(new.version)}")
    lines += [f"framework_fingerprint: {scalar(fingerprint(new))}",
              f"person: {scalar(assessment.person)}",
              f"date: {assessment.date.isoformat()}",
              f"current_level: {scalar(current)}"]
    if target is not None:
        lines.append(f"target_level: {scalar(target)}")
    if assessment.assessor is not None:
        lines.append(f"assessor: {scalar(assessment.assessor)}")
    lines += _ratings_lines(rated, new_unrated, new_units)
    if comps:
        lines += ["competencies:", *(f"  {scalar(k)}: {v}" for k, v in comps)]
    facts = assessment.facts.model_dump(exclude_defaults=True)
    if facts:
        lines += ["facts:", *(f"  {key}: {_plain(value)}" for key, value in facts.items())]
    if assessment.notes:
        lines += ["notes:", *(f"  - {scalar(note)}" for note in assessment.notes)]
    lines += _archived_lines(assessment, archived, archived_comps)
    return Migration("\n".join(lines) + "\n", tuple(fates), new_unrated, tuple(notes))


def _ratings_lines(rated: list[tuple[str, str, str]], new_unrated: tuple[str, ...],
                   new_units: dict[str, Any]) -> list[str]:
    lines = ["ratings:" if rated else "ratings: {}"]
    lines += [f"  {scalar(key)}: {value}  # {comment}" for key, value, comment in rated]
    if new_unrated:
        lines.append("  # New in this version, not rated yet: uncomment a line and rate it")
        lines += [f"  # {scalar(key)}: not-yet  # {_one_line(new_units[key].text)}" for key in new_unrated]
    return lines


def _archived_lines(assessment: Assessment, ratings: dict[str, str], comps: dict[str, str]) -> list[str]:
    """Earlier archived entries (from an earlier migration) first, then this one's."""
    before = assessment.archived
    all_ratings = {**({k: _value(v) for k, v in before.ratings.items()} if before else {}), **ratings}
    all_comps = {**({k: _comp_value(v) for k, v in before.competencies.items()} if before else {}), **comps}
    if not all_ratings and not all_comps:
        return []
    lines = ["archived:  # ratings of expectations later versions removed: kept, never scored"]
    if all_ratings:
        lines += ["  ratings:", *(f"    {scalar(k)}: {v}" for k, v in all_ratings.items())]
    if all_comps:
        lines += ["  competencies:", *(f"    {scalar(k)}: {v}" for k, v in all_comps.items())]
    return lines


def _competencies(assessment: Assessment, changes: Changes, notes: list[str]
                  ) -> tuple[list[tuple[str, str]], dict[str, str], list[Fate]]:
    out: list[tuple[str, str]] = []
    archived: dict[str, str] = {}
    fates: list[Fate] = []
    for key, value in assessment.competencies.items():
        new_id = changes.competency_ids.get(key)
        if new_id is None:
            archived[key] = f"{_comp_value(value)}  # competency removed in this version"
            fates.append(Fate(key, None, ARCHIVED, competency=True))
            continue
        cells = touched_cells(key, value, changes)
        columns = _map_columns(value, changes, key, notes)
        if cells:
            was = ", ".join(cells)
            out.append((new_id, f"{_comp_value(columns, reconfirm=True)}  # cells reworded at: {was}"))
            fates.append(Fate(key, new_id, REWORDED, competency=True))
        else:
            out.append((new_id, _comp_value(columns)))
            fates.append(Fate(key, new_id, MOVED if new_id != key else UNCHANGED, competency=True))
    return out, archived, fates


def _map_columns(value: Any, changes: Changes, competency: str, notes: list[str]) -> Any:
    """A competency's column(s) reached, as level ids of the new version."""
    def column(level: str | None) -> str | None:
        if level is None:
            return None
        now = changes.level_ids.get(level)
        if now is None:
            notes.append(f"competency {competency}: column {level} is not a level of the new version; choose one")
            return level
        return now

    if isinstance(value, CompetencyDetail):
        return value.model_copy(update={"level": column(value.level), "self": column(value.self),
                                        "manager": column(value.manager)})
    return column(value)


def _level(value: str, field: str, changes: Changes, notes: list[str]) -> str:
    """A level the assessment names (id, alias or title in the old version), as the new version's id."""
    level = find_level(changes.old, value)
    now = changes.level_ids.get(level.id)
    if now is None:
        notes.append(f"{field} {value} is not a level of the new version; set it to one of its levels")
        return value
    return now


def _path_ids(changes: Changes, level_id: str) -> set[str]:
    """Ids of the new version's expectations on the way to ``level_id`` (all of them if it is not a level)."""
    from ladder.models.queries import levels_up_to

    try:
        path = {lvl.id for lvl in levels_up_to(changes.new, find_level(changes.new, level_id))}
    except Exception:
        return {u.id for u in units(changes.new)}
    return {u.id for u in units(changes.new) if u.level in path}


# ---------------------------------------------------------------- YAML values


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quoted(text: str) -> str:
    """Text in a comment, one line, in double quotes."""
    return '"' + _one_line(text).replace('"', "'") + '"'


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    return scalar(str(value))


def _flow(fields: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_plain(value)}" for key, value in fields.items()) + "}"


def _value(value: Any, reconfirm: bool = False, key: str = "rating") -> str:
    """A rating (``key`` "rating") or a competency's column (``key`` "level") as YAML: the plain value, or
    its detail as a flow mapping (with reconfirm: true when asked)."""
    if isinstance(value, (RatingDetail, CompetencyDetail)):
        fields = value.model_dump(exclude_defaults=True)
    elif reconfirm:
        fields = {key: value}
    else:
        return scalar(str(value))
    if reconfirm:
        fields["reconfirm"] = True
    return _flow(fields)


def _comp_value(value: Any, reconfirm: bool = False) -> str:
    return _value(value, reconfirm, key="level")
