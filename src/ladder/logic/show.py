"""Pure: the data `ladder show` and `ladder list` print, as plain dicts (also their stable JSON)."""

from __future__ import annotations

from typing import Any

from ladder.logic.wording import criterion_label
from ladder.models.framework import Criterion, Expectation, Framework, Level
from ladder.models.queries import chain, find_level, own_items, track_levels


def criterion_dict(criterion: Criterion) -> dict[str, Any]:
    """A criterion with its display label and text, plus every field as written."""
    label, value = criterion_label(criterion)
    return {"label": label, "value": value, **criterion.model_dump(mode="json")}


def expectation_dict(expectation: Expectation) -> dict[str, Any]:
    """An expectation with its group items, as plain data."""
    out: dict[str, Any] = {"id": expectation.id, "text": expectation.text}
    if expectation.group is not None:
        out["group"] = {
            "satisfied_by": expectation.group.satisfied_by,
            "connective": expectation.group.connective,
            "items": [expectation_dict(item) for item in expectation.group.items],
        }
    if expectation.truncated:
        out["truncated"] = True
    if expectation.examples:
        out["examples"] = list(expectation.examples)
    if expectation.notes:
        out["notes"] = list(expectation.notes)
    return out


def areas_of(framework: Framework, level: Level) -> list[dict[str, Any]]:
    """A level's own expectations grouped by area (or competency, for a matrix), in source order."""
    areas: list[dict[str, Any]] = []
    for item in own_items(framework, level):
        key = (item.area, item.competency)
        if not areas or (areas[-1]["name"], areas[-1].get("competency")) != key:
            area: dict[str, Any] = {"name": item.area, "expectations": []}
            if item.competency:
                area["competency"] = item.competency
            areas.append(area)
        areas[-1]["expectations"].append(expectation_dict(item.expectation))
    return areas


def level_summary(level: Level) -> dict[str, Any]:
    """The identifying fields of a level."""
    return {
        "id": level.id,
        "title": level.title,
        "track": level.track,
        "order": level.order,
        "aliases": list(level.aliases),
        "builds_on": level.builds_on,
        "parallel": list(level.parallel),
    }


def level_view(framework: Framework, query: str, own_only: bool = False) -> dict[str, Any]:
    """Everything `ladder show ORG LEVEL` prints: the level, its own areas, and what it inherits."""
    level = find_level(framework, query)
    view: dict[str, Any] = {
        "framework": {"id": framework.id, "organisation": framework.organisation, "name": framework.name},
        "level": {
            **level_summary(level),
            "track_name": _track_name(framework, level.track),
            "parallel": parallel_of(framework, level),
            "summary": level.summary,
            "no_content": level.no_content,
            "notes": list(level.notes),
        },
        "areas": areas_of(framework, level),
        "criteria": [criterion_dict(c) for c in level.criteria],
        "inherited": [],
    }
    if not own_only:
        view["inherited"] = [
            {"level": lower.id, "title": lower.title, "areas": areas_of(framework, lower),
             "criteria": [criterion_dict(c) for c in lower.criteria], "no_content": lower.no_content}
            for lower in chain(framework, level)[1:]
        ]
    return view


def parallel_of(framework: Framework, level: Level) -> list[str]:
    """Levels declared parallel to this one, in either direction."""
    ids = list(level.parallel)
    ids += [other.id for other in framework.levels if level.id in other.parallel and other.id not in ids]
    return ids


def _track_name(framework: Framework, track_id: str) -> str | None:
    return next((t.name for t in framework.tracks if t.id == track_id), None)


def ladder_rows(framework: Framework) -> list[dict[str, Any]]:
    """One row per rank, one column per track: parallel levels side by side."""
    at: dict[tuple[int, str], list[dict[str, Any]]] = {}  # (order, track) -> its levels, in source order
    for lvl in framework.levels:
        at.setdefault((lvl.order, lvl.track), []).append({"id": lvl.id, "title": lvl.title})
    return [{"order": order, "tracks": {track.id: at.get((order, track.id), []) for track in framework.tracks}}
            for order in sorted({lvl.order for lvl in framework.levels})]


def overview(framework: Framework) -> dict[str, Any]:
    """Everything `ladder show ORG` prints: the framework without a level."""
    comps = framework.competencies
    return {
        "id": framework.id,
        "organisation": framework.organisation,
        "name": framework.name,
        "source": framework.source.model_dump(mode="json", exclude_defaults=True),
        "description": list(framework.description),
        "principles": [p.model_dump(mode="json", exclude_none=True) for p in framework.principles],
        "tracks": [
            {"id": t.id, "name": t.name,
             "levels": [level_summary(lvl) for lvl in track_levels(framework, t.id)]}
            for t in framework.tracks
        ],
        "ladder": ladder_rows(framework),
        "competencies": comps.model_dump(mode="json", exclude_defaults=True) if comps else None,
        "faq": [f.model_dump(mode="json", exclude_none=True) for f in framework.faq],
        "notes": list(framework.notes),
    }


def ladder_view(framework: Framework) -> dict[str, Any]:
    """What `ladder list ORG` prints: the framework's identity and its levels per track and rank."""
    view = overview(framework)
    return {key: view[key] for key in ("id", "organisation", "name", "source", "tracks", "ladder")}


def list_row(framework: Framework, path: str) -> dict[str, Any]:
    """One row of `ladder list`."""
    return {
        "id": framework.id,
        "organisation": framework.organisation,
        "name": framework.name,
        "tracks": [t.name for t in framework.tracks],
        "levels": len(framework.levels),
        "source": framework.source.title,
        "file": path,
    }
