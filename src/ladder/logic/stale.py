"""Pure: an assessment written against an earlier version of its framework, and what that touches.

An assessment made by `ladder template` records the framework's content fingerprint (and
``version:``). When the framework's fingerprint is another now, the framework changed since; with
the version it was written against (found in git, or given), ``logic.changes`` says what each rated
expectation became, and the ratings whose expectation was reworded, moved or removed are listed.
The score rules do not change: a rating still counts against the expectation of its id, if any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ladder.logic.fingerprint import fingerprint
from ladder.models.assessment import Assessment, CompetencyDetail, RatingDetail
from ladder.models.framework import Framework

if TYPE_CHECKING:
    from ladder.logic.changes import Changes

MOVED, REWORDED, REMOVED = "moved", "reworded", "removed"


class Affected(NamedTuple):
    """A rating (or a competency's column) whose expectation changed: how, and its id now (None: removed)."""

    id: str
    kind: str  # moved, reworded or removed
    new_id: str | None
    competency: bool = False


class FrameworkChanged(NamedTuple):
    """The framework an assessment names is not the version it was written against."""

    framework: str
    from_version: str | None
    to_version: str | None
    from_fingerprint: str
    to_fingerprint: str
    revision: str | None  # the git revision of the earlier version, where it was found
    found: bool  # False: the earlier version was not found, so what changed for each rating is not known
    affected: tuple[Affected, ...]


def is_stale(assessment: Assessment, framework: Framework, now: str | None = None) -> bool:
    """True when the assessment records a fingerprint and the framework's (``now``, if known) is another."""
    recorded = assessment.framework_fingerprint
    return recorded is not None and recorded != (now or fingerprint(framework))


def framework_changed(assessment: Assessment, framework: Framework, changes: Changes | None,
                      revision: str | None = None, now: str | None = None) -> FrameworkChanged:
    """What changed for the assessment's ratings (``changes``: earlier version to ``framework``; None: not
    found; ``now``: the framework's fingerprint, if known)."""
    return FrameworkChanged(
        framework=framework.id, from_version=assessment.framework_version, to_version=framework.version,
        from_fingerprint=assessment.framework_fingerprint or "", to_fingerprint=now or fingerprint(framework),
        revision=revision, found=changes is not None,
        affected=tuple(affected(assessment, changes)) if changes is not None else (),
    )


def affected(assessment: Assessment, changes: Changes) -> list[Affected]:
    """The assessment's ratings whose expectation was moved, reworded or removed, in the file's order."""
    became = {m.old_id: m for m in changes.mapping}
    out = []
    for key in assessment.ratings:
        mapped = became.get(key)
        if mapped is not None and mapped.kind in (MOVED, REWORDED, REMOVED):
            out.append(Affected(key, mapped.kind, mapped.new_id))
    for comp, value in assessment.competencies.items():
        kind, new_id = competency_change(comp, value, changes)
        if kind is not None:
            out.append(Affected(comp, kind, new_id, competency=True))
    return out


def competency_change(comp: str, value: Any, changes: Changes) -> tuple[str | None, str | None]:
    """(kind, new id) for a competency rated by column: removed, reworded (a cell it claims), moved (a new id)."""
    new_id = changes.competency_ids.get(comp)
    if new_id is None:
        return (REMOVED, None) if any(c.id == comp for c in _competencies(changes.old)) else (None, None)
    if touched_cells(comp, value, changes):
        return REWORDED, new_id
    return (MOVED, new_id) if new_id != comp else (None, None)


def touched_cells(comp: str, value: Any, changes: Changes) -> list[str]:
    """The columns (old level ids) of competency ``comp`` whose cell was reworded or removed, at or below
    the highest column the rating ``value`` gives in any view: what the rating claims changed; a cell
    above it did not (the rule `ladder migrate` flags reconfirm by, and `ladder assess` lists by)."""
    ranks = {lvl.id: lvl.order for lvl in changes.old.levels}
    given = [value.level, value.self, value.manager] if isinstance(value, CompetencyDetail) else [value]
    reached = max((ranks.get(level, 0) for level in given if level is not None), default=0)
    prefix = comp + "."
    columns = [m.old_id.removeprefix(prefix) for m in changes.mapping
               if m.old_id.startswith(prefix) and m.kind in (REWORDED, REMOVED)]
    return [column for column in columns if ranks.get(column, 0) <= reached]


def without_gone(assessment: Assessment, changed: FrameworkChanged) -> Assessment:
    """The assessment without the ratings whose id the framework no longer has (removed, or re-id'd):
    they are listed as affected and do not count, as a rating of nothing never does."""
    gone = {a.id for a in changed.affected if not a.competency and a.new_id != a.id}
    gone_comps = {a.id for a in changed.affected if a.competency and a.new_id != a.id}
    if not gone and not gone_comps:
        return assessment
    return assessment.model_copy(update={
        "ratings": {k: v for k, v in assessment.ratings.items() if k not in gone},
        "competencies": {k: v for k, v in assessment.competencies.items() if k not in gone_comps}})


def carried(assessment: Assessment, changed: FrameworkChanged) -> Assessment:
    """The assessment with each rating under the id its expectation has now (re-id'd ones carried, as
    `ladder migrate` would carry them), removed ones left out: for comparing people across versions."""
    new_ids = {a.id: a.new_id for a in changed.affected if not a.competency}
    comp_ids = {a.id: a.new_id for a in changed.affected if a.competency}

    def moved(items: dict[str, Any], ids: dict[str, str | None]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items.items():
            now = ids.get(key, key)
            if now is not None and now not in out:
                out[now] = value
        return out

    return assessment.model_copy(update={"ratings": moved(assessment.ratings, new_ids),
                                         "competencies": moved(assessment.competencies, comp_ids)})


def version_of(changed: FrameworkChanged | None) -> str | None:
    """The fingerprint an assessment was written against where it is not the framework's now (None: now)."""
    return changed.from_fingerprint if changed is not None else None


def crossing(before: FrameworkChanged | None, after: FrameworkChanged | None) -> str | None:
    """What a comparison of two assessments says when they were written against different versions."""
    if version_of(before) == version_of(after):
        return None
    changed = before or after
    assert changed is not None
    which = "earlier" if before is not None else "later"
    kinds = [a.kind for a in changed.affected]
    through = (", ".join(f"{kinds.count(k)} {k}" for k in (REWORDED, MOVED, REMOVED) if k in kinds)
               or "none of its ratings touched") if changed.found else "the earlier version was not found"
    return (f"this compares across versions of {changed.framework}: the {which} assessment was written against "
            f"fingerprint {changed.from_fingerprint}, the framework is {changed.to_fingerprint} now; ratings are "
            f"compared through the pairing of `ladder changes` ({through})")


def _competencies(framework: Framework) -> list[Any]:
    return list(framework.competencies.items) if framework.competencies else []


def reconfirm(assessment: Assessment) -> list[str]:
    """Ratings (and competencies) that `ladder migrate` flagged ``reconfirm: true``, in the file's order."""
    flagged = [key for key, value in assessment.ratings.items() if isinstance(value, RatingDetail) and value.reconfirm]
    return flagged + [key for key, value in assessment.competencies.items()
                      if isinstance(value, CompetencyDetail) and value.reconfirm]


def notices(changed: FrameworkChanged | None, flagged: list[str], file: str, reference: str) -> list[str]:
    """The warnings `ladder assess` adds: the framework changed since, each affected rating, reconfirm flags."""
    out = []
    if changed is not None:
        versions = (f"version {changed.from_version or '?'} → {changed.to_version or '?'}; "
                    if changed.from_version or changed.to_version else "")
        head = (f"framework {changed.framework} has changed since this assessment was written ({versions}"
                f"fingerprint {changed.from_fingerprint} → {changed.to_fingerprint})")
        if not changed.found:
            out.append(f"{head}; the version it was written against is not in the framework's git history, so "
                       "which ratings it touches cannot be said; `ladder migrate "
                       f"{file} --to {reference} --from OLD.yaml` carries the ratings across")
        elif not changed.affected:
            out.append(f"{head}: none of its ratings is touched (their expectations are the same)")
        else:
            out.append(f"{head}: {len(changed.affected)} rating(s) touched; `ladder migrate {file} --to "
                       f"{reference}` carries them across")
            out += [_affected_line(entry) for entry in changed.affected]
    if flagged:
        out.append(f"{len(flagged)} rating(s) marked reconfirm: true by `ladder migrate` (the expectation was "
                   f"reworded): {', '.join(flagged)}; check each still holds, then remove the flag")
    return out


def _affected_line(entry: Affected) -> str:
    what = "competency" if entry.competency else "rating"
    uncounted = "; the rating does not count until it is migrated"
    if entry.kind == REMOVED:
        return f"{what} {entry.id}: its expectation was removed (the rating no longer counts)"
    if entry.kind == REWORDED:
        if entry.new_id and entry.new_id != entry.id:
            return f"{what} {entry.id}: its expectation was reworded and is now {entry.new_id}{uncounted}"
        return f"{what} {entry.id}: its expectation was reworded; check the rating still holds"
    if entry.new_id != entry.id:
        return f"{what} {entry.id}: its expectation moved to id {entry.new_id}{uncounted}"
    return f"{what} {entry.id}: its expectation moved to another level or area (the rating counts there)"


def to_dict(changed: FrameworkChanged | None) -> dict[str, Any] | None:
    """``framework_changed`` in assess's JSON."""
    if changed is None:
        return None
    return {"framework": changed.framework, "from_version": changed.from_version, "to_version": changed.to_version,
            "from_fingerprint": changed.from_fingerprint, "to_fingerprint": changed.to_fingerprint,
            "revision": changed.revision, "found": changed.found,
            "affected": [{"id": a.id, "kind": a.kind, "new_id": a.new_id, "competency": a.competency}
                         for a in changed.affected]}
