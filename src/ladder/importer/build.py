"""The parsed form into framework data: stable unique ids, level order, groups, competencies and criteria."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ladder.errors import shown
from ladder.importer.criteria import level_criteria, matrix_criteria
from ladder.importer.matrix import NONE_CELL
from ladder.importer.parsed import FORMAT_NAMES, Bullet, Level, Parsed, Row, Track, Unplaced
from ladder.importer.text import connective_word, is_connective, plain, slug

NO_CONTENT = "The source gives no expectations for this level."


class _Ids:
    """Hands out unique ids: the wanted one, else with -2, -3 … appended."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        """The wanted id if free, else the next free numbered variant."""
        base = wanted[:72]
        candidate, n = base, self.next.get(base, 2)
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.next[base] = n
        self.used.add(candidate)
        return candidate


def build(parsed: Parsed, file: str, fmt: str, org: str | None, name: str | None) -> dict[str, Any]:
    """The framework as plain data (model field order) from what was parsed."""
    title = parsed.title
    organisation = "(not named in the source)"
    if title and " — " in title:  # "# Acme — Support ladder", as ladder's own export writes it
        organisation, title = (part.strip() for part in title.split(" — ", 1))
    organisation = parsed.organisation or organisation
    file = shown(file, 1000)  # a control character in a file name is recorded escaped: validate refuses raw ones
    fw_name = name or title or Path(file).stem or "Imported framework"
    stem = slug(Path(file).stem, 60)
    data: dict[str, Any] = {
        "schema_version": 1, "id": org or stem or "imported",
        "organisation": organisation, "name": fw_name,
        "source": {"title": parsed.source_title or title or Path(file).name, "file": file},
    }
    if parsed.links:  # the text keeps each link's words; where they pointed is kept here
        data["source"]["links"] = [{"label": label, "url": url} for label, url in parsed.links]
    if parsed.description:
        data["description"] = parsed.description
    if parsed.principles:
        data["principles"] = [{"heading": h, "text": t} if h else {"text": t} for h, t in parsed.principles]
    used = {id(lvl.track) for lvl in parsed.levels}
    tracks = [t for t in parsed.tracks if id(t) in used]
    track_ids = _track_ids(tracks)
    data["tracks"] = [_track_dict(t, track_ids[id(t)], fw_name) for t in tracks]
    level_ids = _level_ids(parsed.levels, track_ids)
    cells = {id(lvl) for row in parsed.rows for lvl, _ in row.cells}
    ids = _Ids()
    data["levels"] = [_level_dict(lvl, level_ids[id(lvl)], track_ids[id(lvl.track)], id(lvl) in cells, ids, parsed)
                      for lvl in parsed.levels]
    matrix_criteria(parsed.rows, {level_ids[id(lvl)]: d for lvl, d in zip(parsed.levels, data["levels"])},
                     level_ids)
    _settle_order(data["levels"], parsed.levels)
    if parsed.rows:
        data["competencies"] = {"items": _competencies(parsed.rows, level_ids)}
    data["notes"] = [f"Imported from {file} ({FORMAT_NAMES[fmt]}) by 'ladder import': ids, tracks, level order "
                     "and typed criteria were generated; review them."]
    data["notes"] += [f"Line {u.line}: {u.reason}: {u.text}" for u in parsed.unplaced]
    return data


def _track_ids(tracks: list[Track]) -> dict[int, str]:
    ids = _Ids()
    return {id(t): ids.take(t.wanted_id or ((slug(t.name) or "track") if t.name else "main")) for t in tracks}


def _track_dict(track: Track, track_id: str, fw_name: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": track_id, "name": track.name or fw_name}
    if track.description:
        out["description"] = "\n\n".join(track.description)
    return out


def _level_ids(levels: list[Level], track_ids: dict[int, str]) -> dict[int, str]:
    """Level ids as wanted; a number shared by levels of different tracks gets the track id in front."""
    tracks_of: dict[str, set[int]] = {}
    for lvl in levels:
        tracks_of.setdefault(lvl.wanted, set()).add(id(lvl.track))
    ids = _Ids()
    return {id(lvl): ids.take(f"{track_ids[id(lvl.track)]}-{lvl.wanted}" if len(tracks_of[lvl.wanted]) > 1
                              else lvl.wanted) for lvl in levels}


def _level_dict(lvl: Level, level_id: str, track_id: str, has_cells: bool, ids: _Ids,
                parsed: Parsed) -> dict[str, Any]:
    out: dict[str, Any] = {"id": level_id, "title": lvl.title, "track": track_id, "order": 0}
    if lvl.aliases:
        out["aliases"] = lvl.aliases
    if lvl.summary:
        out["summary"] = "\n\n".join(lvl.summary)
    areas = []
    for area in lvl.areas:
        prefix = level_id if area.name is None else f"{level_id}.{slug(area.name) or 'area'}"
        expectations = _expectations(_prepare(area.bullets), prefix, ids, {}, parsed)
        entry: dict[str, Any] = {"name": area.name}
        if area.number:
            entry["number"] = area.number
        entry["expectations"] = expectations
        if area.notes:
            entry["notes"] = area.notes
        areas.append(entry)
    if areas:
        out["areas"] = areas
    elif not has_cells:
        out["no_content"] = lvl.no_content or NO_CONTENT
    criteria = list(level_criteria(areas, [*lvl.summary, *lvl.notes]))
    if criteria:
        out["criteria"] = criteria
    if lvl.notes:
        out["notes"] = list(lvl.notes)
    return out


def _settle_order(dicts: list[dict[str, Any]], levels: list[Level]) -> None:
    """Order = the level number, else one above the previous level of the track or the level built on."""
    by_id = {d["id"]: d for d in dicts}
    titles = {lvl.title: d["id"] for lvl, d in zip(levels, dicts)}
    last: dict[str, int] = {}
    numbered: dict[str, bool] = {}
    for lvl, d in zip(levels, dicts):
        numbered[d["track"]] = numbered.get(d["track"], True) and lvl.numbered and lvl.wanted.isdigit()
    settled: set[str] = set()
    for lvl, d in zip(levels, dicts):
        order = lvl.rank if lvl.rank is not None else (
            int(lvl.wanted) if numbered[d["track"]] else last.get(d["track"], 0) + 1)
        base = titles.get(lvl.builds_on or "", lvl.builds_on)
        if base in settled and base != d["id"]:
            d["builds_on"] = base
            if lvl.rank is None:  # one above the level it builds on, unless the source ranks it
                order = max(order, by_id[base]["order"] + 1)
        d["order"] = last[d["track"]] = order
        settled.add(d["id"])
    for lvl, d in zip(levels, dicts):  # a level built on that comes later in the source (another track)
        base = titles.get(lvl.builds_on or "", lvl.builds_on)
        if "builds_on" not in d and base in by_id and base != d["id"]:
            d["builds_on"] = base
        elif "builds_on" not in d and lvl.builds_on:
            d.setdefault("notes", []).append(f"The source says it builds on '{lvl.builds_on}', which is not a "
                                             "level here.")
    by_wanted: dict[str, list[str]] = {}
    for lvl, d in zip(levels, dicts):
        by_wanted.setdefault(lvl.wanted, []).append(d["id"])
    for lvl, d in zip(levels, dicts):
        # a parallel level named by the id the source gives it, which may have become 'track-id'
        named = [p if p in by_id else next((i for i in by_wanted.get(p, []) if by_id[i]["track"] != d["track"]), p)
                 for p in lvl.parallel]
        lvl.parallel = list(dict.fromkeys(named))
        same = [p for p in lvl.parallel if p in by_id and by_id[p]["order"] == d["order"]]
        if same:
            d["parallel"] = same
        for other in sorted(set(lvl.parallel) - set(same)):
            d.setdefault("notes", []).append(f"The source says it is parallel to '{other}', which is not a level "
                                             "of the same rank here.")
    for d in dicts:  # keep the model's key order
        d.update({k: d.pop(k) for k in ["aliases", "builds_on", "parallel", "summary", "no_content", "areas",
                                         "criteria", "notes"] if k in d})


def _prepare(bullets: list[Bullet]) -> list[Bullet]:
    """Fold 'A / OR / B' runs into one grouped bullet; lift a lone nested bullet up beside its parent."""
    out: list[Bullet] = []
    i = 0
    while i < len(bullets):
        b = bullets[i]
        if is_connective(b.text) and not b.children and out and i + 1 < len(bullets):
            run = [out.pop(), b, bullets[i + 1]]
            i += 2
            while i + 1 < len(bullets) and is_connective(bullets[i].text):
                run += bullets[i:i + 2]
                i += 2
            out.append(Bullet(b.text, b.line, run))
            continue
        items = [c for c in b.children if not is_connective(c.text)]
        if b.children and len(items) < 2:
            out.append(Bullet(b.text, b.line))
            out += _prepare(items)
        else:
            out.append(b)
        i += 1
    return out


def _letters(n: int) -> str:
    out = ""
    while n >= 0:
        out, n = chr(ord("a") + n % 26) + out, n // 26 - 1
    return out


def _expectations(bullets: list[Bullet], prefix: str, ids: _Ids, seen: dict[str, dict[str, Any]], parsed: Parsed,
                  lettered: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for b in bullets:
        if b.text in seen and not b.children and not lettered:
            # the same text twice in one area is a repeat (a warning for validate); keep it as a note
            seen[b.text].setdefault("notes", []).append(f"The source repeats this text at line {b.line}.")
            parsed.unplaced.append(Unplaced(b.line, b.text, "repeated bullet, kept once"))
            continue
        suffix = _letters(len(out)) if lettered else str(len(out) + 1)
        exp: dict[str, Any] = {"id": ids.take(f"{prefix}.{suffix}"), "text": b.text}
        if b.children:
            exp["group"] = _group(b, exp, ids, parsed)
        if b.examples:
            exp["examples"] = list(b.examples)
        seen.setdefault(b.text, exp)
        out.append(exp)
    return out


def _group(b: Bullet, exp: dict[str, Any], ids: _Ids, parsed: Parsed) -> dict[str, Any]:
    joins = [c for c in b.children if is_connective(c.text)]
    items = _prepare([c for c in b.children if not is_connective(c.text)])
    words = {connective_word(c.text) for c in joins}
    group: dict[str, Any] = {"satisfied_by": "all" if words <= {"and"} else "any"}
    if joins:
        group["connective"] = plain(joins[0].text)
    if len(words) > 1:
        exp["notes"] = [f"The source joins these items with {' and '.join(sorted(words))}; read as any one of them."]
    group["items"] = _expectations(items, exp["id"], ids, {}, parsed, lettered=True)
    return group


def _competencies(rows: list[Row], level_ids: dict[int, str]) -> list[dict[str, Any]]:
    """Competency rows; a repeated name stays a separate row, told apart by its group or a number."""
    names = [slug(row.name) or "competency" for row in rows]
    repeated = {n for n, count in Counter(names).items() if count > 1}
    all_levels = [lvl for row in rows for lvl, _ in row.cells]
    covered = list({id(lvl): lvl for lvl in all_levels}.values())
    ids = _Ids()
    out = []
    for row, name in zip(rows, names):
        wanted = f"{slug(row.group)}-{name}" if name in repeated and row.group and slug(row.group) else name
        item: dict[str, Any] = {"id": ids.take(wanted), "name": row.name}
        if row.group:
            item["group"] = row.group
        if row.description:
            item["description"] = row.description
        texts = {id(lvl): text for lvl, text in row.cells}
        # a row empty on all levels of a track has no cells there (ladder's export writes a row that covers
        # some tracks so); an empty cell among filled ones is a cell with no expectation
        filled = {id(lvl.track) for lvl in covered if texts.get(id(lvl))}
        item["cells"] = {level_ids[id(lvl)]: _cell(texts.get(id(lvl))) for lvl in covered
                         if id(lvl.track) in filled or texts.get(id(lvl)) is None}
        out.append(item)
    return out


def _cell(text: str | None) -> str | dict[str, Any]:
    if text is None:  # the row's table has no column for this level (several tables in one file)
        return {"text": "—", "no_expectation": True, "notes": ["The source's table for this row has no such column."]}
    if not text:
        return {"text": "—", "no_expectation": True, "notes": ["The source cell is empty."]}
    if NONE_CELL.fullmatch(text):
        return {"text": text, "no_expectation": True}
    return text
