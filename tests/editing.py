"""Edited copies of a framework, and the edits made: for `ladder changes` and `ladder migrate` tests.

``edit(data)`` changes a framework's raw YAML data in place the way a person editing the file
would: an expectation reworded, one moved to another level, one removed, one added, a level
renamed and one added, a criterion changed. It returns what it did (``Edits``), which is exactly
what a right comparison reports: every edit once, nothing else. A competency matrix (no prose
expectations to move) has a matrix cell reworded and one removed instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import yaml

FRAMEWORKS = Path(__file__).resolve().parent.parent / "frameworks"

NEW_ID = "zz-new"
NEW_TEXT = "Keeps the zebra enclosure spotless every quarter."
NEW_LEVEL = "zz-level"
NEW_LEVEL_ITEM = "zz-level.1"


class Edits(NamedTuple):
    reworded: str  # id
    removed: str  # an expectation id; for a matrix, the id of the competency removed (with its cells)
    moved: str | None  # None for a matrix (nothing to move)
    added: str
    renamed_level: str
    added_level: str
    criterion_level: str
    old_text: str  # the reworded expectation's text before


def prose(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], int]]:
    """(level, area, the area's expectations, index) of every top-level expectation without a group."""
    for level in data["levels"]:
        for area in level.get("areas") or []:
            exps = area["expectations"]
            for k, exp in enumerate(exps):
                if "group" not in exp:
                    yield level, area, exps, k


def _referenced(data: dict[str, Any]) -> set[str]:
    return {c["expectation"] for lvl in data["levels"] for c in lvl.get("criteria") or [] if c.get("expectation")}


def _cells(data: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    comps = (data.get("competencies") or {}).get("items") or []
    return [(comp, level) for comp in comps for level in comp.get("cells") or {}]


def _cell_text(comp: dict[str, Any], level: str) -> str:
    cell = comp["cells"][level]
    return cell if isinstance(cell, str) else cell["text"]


def edit(data: dict[str, Any]) -> Edits:
    """Apply the edits to ``data`` (a framework's YAML mapping) in place; what was done."""
    referenced = _referenced(data)
    candidates = [entry for entry in prose(data) if entry[2][entry[3]]["id"] not in referenced]
    moved: str | None = None
    if candidates:
        # reword the longest expectation: its last word replaced (the content-word rule still pairs it)
        _, _, exps, k = max(candidates, key=lambda e: len(e[2][e[3]]["text"].split()))
        target = exps[k]
        old_text = target["text"]
        target["text"] = " ".join(old_text.split()[:-1] + ["zebras."])
        reworded = target["id"]
        rest = [e for e in candidates if e[2][e[3]]["id"] != reworded and len(e[2]) >= 2]
        # remove one from an area that keeps others; move one to another level (same text and id)
        level_r, _, exps_r, k_r = rest[0]
        removed = exps_r.pop(k_r)["id"]
        rest = [e for e in prose(data) if e[2][e[3]]["id"] not in referenced | {reworded}
                and len(e[2]) >= 2 and e[0]["id"] != level_r["id"]]
        level_m, _, exps_m, k_m = rest[-1]
        destination = next(lvl for lvl in data["levels"] if lvl.get("areas") and lvl["id"] != level_m["id"])
        item = exps_m.pop(k_m)
        destination["areas"][0]["expectations"].append(item)
        moved = item["id"]
    else:  # a competency matrix: a cell reworded, and a whole row removed (a row has a cell at every level)
        cells = _cells(data)
        comp, col = max(cells, key=lambda c: len(_cell_text(*c).split()))
        old_text = _cell_text(comp, col)
        comp["cells"][col] = " ".join(old_text.split()[:-1] + ["zebras."])
        reworded = f"{comp['id']}.{col}"
        rows = data["competencies"]["items"]
        removed = rows.pop(next(i for i, row in enumerate(rows) if row is not comp))["id"]

    # add an expectation to the last level (a new area where it has none)
    last = data["levels"][-1]
    if last.get("areas"):
        last["areas"][-1]["expectations"].append({"id": NEW_ID, "text": NEW_TEXT})
    else:
        last.setdefault("areas", []).append({"name": "Zebras", "expectations": [{"id": NEW_ID, "text": NEW_TEXT}]})
        last.pop("no_content", None)

    renamed = data["levels"][1]
    renamed["title"] = renamed["title"] + " Prime"

    track = data["levels"][-1]["track"]
    order = max(lvl["order"] for lvl in data["levels"] if lvl["track"] == track) + 1
    data["levels"].append({"id": NEW_LEVEL, "title": "Zebra Wrangler", "track": track, "order": order,
                           "areas": [{"name": "Zebras", "expectations": [
                               {"id": NEW_LEVEL_ITEM, "text": "Wrangles zebras across the whole savannah."}]}]})

    criterion_level = _change_criterion(data)
    return Edits(reworded, removed, moved, NEW_ID, renamed["id"], NEW_LEVEL, criterion_level, old_text)


def _change_criterion(data: dict[str, Any]) -> str:
    """A number of one criterion changed (experience, tenure, perk), or a tenure criterion added."""
    for level in data["levels"]:
        for criterion in level.get("criteria") or []:
            for field in ("min_years", "max_years", "min_months", "amount"):
                if isinstance(criterion.get(field), (int, float)):
                    criterion[field] = criterion[field] + 1
                    return str(level["id"])
    level = data["levels"][1]
    level.setdefault("criteria", []).append(
        {"kind": "tenure", "min_months": 12, "source": "At least 12 months in the role."})
    return str(level["id"])


def edited_file(directory: Path, org: str, name: str | None = None) -> tuple[Path, Edits]:
    """An edited copy of bundled framework ``org`` written in ``directory`` (as ``name``, default ORG.yaml)."""
    data = yaml.safe_load((FRAMEWORKS / f"{org}.yaml").read_text(encoding="utf-8"))
    edits = edit(data)
    target = directory / (name or f"{org}.yaml")
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target, edits
