"""Acceptance: `ladder import` on one small fixture per shape real organisations publish ladders in.

shapes/expected.yaml says what a right import makes of each fixture (its header explains every key). Each
entry runs `ladder import FILE -o OUT --report json [options]` and checks the exit code; on success the
written framework (tracks, levels, ranks, areas, texts, matrices, criteria, what must not be there), the
JSON import report on stderr, `ladder validate --strict` and `ladder show` on the result; on failure the
located message and that nothing was written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from ladder.cli import app

SHAPES = Path(__file__).parent / "shapes"
ENTRIES: list[dict[str, Any]] = yaml.safe_load((SHAPES / "expected.yaml").read_text(encoding="utf-8"))
ALWAYS_FORBIDDEN = ("<", "**")  # no HTML and no Markdown emphasis survives into a framework
UNIT_KINDS = {"heading", "paragraph", "bullet", "cell", "value", "markup"}
FORMATS = {"md", "csv", "tsv", "html", "yaml", "json", "xlsx"}
NOT_TEXT = {"id", "track", "builds_on", "parallel", "expectation", "kind", "file", "url", "schema_version"}
NOT_PLACED = "not placed"


def _entry_id(entry: dict[str, Any]) -> str:
    return " ".join([entry["file"], *entry.get("options", [])])


# ---------------------------------------------------------------- text and name helpers


def _text(value: object) -> str:
    """White space collapsed: a soft line break in the source is not wording."""
    return " ".join(str(value).split())


def _name(value: object) -> str:
    """A name without emoji, symbols, joiners or variation selectors ('🧪 QA' -> 'QA')."""
    kept = "".join(c for c in str(value) if unicodedata.category(c)[0] not in "SC" and unicodedata.category(c) != "Mn")
    return _text(kept)


def _strings(node: object, key: str = "") -> Iterator[str]:
    """Every text value of the framework data (not ids, level references or file names)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, key)
    elif isinstance(node, str) and key not in NOT_TEXT:
        yield node


def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _walk(item.get("group", {}).get("items", []))


def _expectations(level: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(area name, expectation) for every expectation and group item of a level."""
    for area in level.get("areas", []):
        for exp in _walk(area["expectations"]):
            yield area.get("name") or "", exp


def _items(fw: dict[str, Any]) -> list[dict[str, Any]]:
    return list((fw.get("competencies") or {}).get("items", []))


def _cell_text(cell: object) -> str:
    return _text(cell["text"] if isinstance(cell, dict) else cell)


def _level_texts(fw: dict[str, Any], level: dict[str, Any]) -> list[str]:
    """What a level states, however represented: summary, expectations, notes, its competency cells."""
    texts = [level.get("summary") or "", *level.get("notes", [])]
    texts += [exp["text"] for _, exp in _expectations(level)]
    texts += [note for area in level.get("areas", []) for note in area.get("notes", [])]
    texts += [_cell_text(item["cells"][level["id"]]) for item in _items(fw) if level["id"] in item.get("cells", {})]
    return [_text(t) for t in texts if t]


def _inherited_texts(fw: dict[str, Any], level: dict[str, Any]) -> list[str]:
    """The level's expectation texts and those of the levels it builds on."""
    by_id = {lvl["id"]: lvl for lvl in fw["levels"]}
    texts: list[str] = []
    seen: set[str] = set()
    current: dict[str, Any] | None = level
    while current is not None and current["id"] not in seen:
        seen.add(current["id"])
        texts += _level_texts(fw, current)
        current = by_id.get(current.get("builds_on") or "")
    return texts


# ---------------------------------------------------------------- finding levels and tracks


def _titles(wanted: object) -> list[str]:
    return [_name(w) for w in (wanted if isinstance(wanted, list) else [wanted])]


def _is_titled(level: dict[str, Any], wanted: object) -> bool:
    names = {_name(n) for n in [level["title"], *level.get("aliases", [])]}
    return any(w in names for w in _titles(wanted))


def _level(fw: dict[str, Any], ref: object) -> dict[str, Any]:
    """The level a reference names: a 1-based position, or a title (or alias) that only one level has."""
    levels = fw["levels"]
    if isinstance(ref, int):
        assert 1 <= ref <= len(levels), f"no level at position {ref}: there are {len(levels)}"
        return dict(levels[ref - 1])
    found = [lvl for lvl in levels if _is_titled(lvl, ref)]
    assert len(found) == 1, f"{ref!r} names {len(found)} levels; titles are {[lvl['title'] for lvl in levels]}"
    return dict(found[0])


def _track_names(fw: dict[str, Any]) -> dict[str, str]:
    return {t["id"]: _name(t["name"]) for t in fw["tracks"]}


# ---------------------------------------------------------------- checks of the written framework


def _check_tracks_and_levels(entry: dict[str, Any], fw: dict[str, Any]) -> None:
    names = _track_names(fw)
    tracks = entry.get("tracks")
    if isinstance(tracks, int):
        assert len(fw["tracks"]) == tracks, f"tracks: {list(names.values())}"
    elif tracks is not None:
        assert list(names.values()) == [_name(t) for t in tracks], f"tracks: {list(names.values())}"
    if "levels" in entry:
        got = [(lvl["title"], names[lvl["track"]], lvl["order"]) for lvl in fw["levels"]]
        assert len(fw["levels"]) == len(entry["levels"]), f"levels: {got}"
        for k, (want, level) in enumerate(zip(entry["levels"], fw["levels"]), 1):
            if "title" in want:
                assert _is_titled(level, want["title"]), f"level {k}: {want['title']!r}, got {got[k - 1]}"
            if "track" in want:
                assert names[level["track"]] == _name(want["track"]), f"level {k}: got {got[k - 1]}"
            if "rank" in want:
                assert level["order"] == want["rank"], f"level {k}: rank {want['rank']}, got {got[k - 1]}"
    last: dict[str, int] = {}
    for level in fw["levels"]:  # a track is a ladder: each level of it ranks above the one before
        assert level["order"] > last.get(level["track"], level["order"] - 1), f"order falls at {level['id']}"
        last[level["track"]] = level["order"]
    groups = [{_level(fw, ref)["track"] for ref in group} for group in entry.get("track_groups", [])]
    assert all(len(g) == 1 for g in groups), f"a group of levels spans tracks: {groups}"
    assert len({next(iter(g)) for g in groups}) == len(groups), f"two groups share a track: {groups}"
    if entry.get("no_parallel"):
        assert not [lvl["id"] for lvl in fw["levels"] if lvl.get("parallel")]


def _check_areas(entry: dict[str, Any], fw: dict[str, Any]) -> None:
    for key, exact in (("areas", True), ("areas_include", False)):
        for ref, wanted in entry.get(key, {}).items():
            got = [_name(a.get("name") or "").casefold() for a in _level(fw, ref).get("areas", [])]
            want = [_name(w).casefold() for w in wanted]
            if exact:
                assert got == want, f"areas of {ref!r}"
            else:
                rest = iter(got)
                assert all(w in rest for w in want), f"areas of {ref!r}: {got} should include {want} in order"
    names = {_name(a.get("name") or "").casefold() for lvl in fw["levels"] for a in lvl.get("areas", [])}
    names |= {_name(i.get(k) or "").casefold() for i in _items(fw) for k in ("name", "group")}
    missing = [d for d in entry.get("dimensions", []) if _name(d).casefold() not in names]
    assert not missing, f"not an area, competency or group: {missing}"


def _check_expectations(entry: dict[str, Any], fw: dict[str, Any]) -> None:
    for want in entry.get("expectations", []):
        found = list(_expectations(_level(fw, want["level"])))
        hits = [area for area, exp in found if _text(exp["text"]) == _text(want["text"])]
        assert hits, f"{want['text']!r} is not an expectation of {want['level']!r}: {[e['text'] for _, e in found]}"
        if "area" in want:
            assert _name(want["area"]).casefold() in [_name(a).casefold() for a in hits], f"area of {want['text']!r}"
    every = {_text(exp["text"]) for lvl in fw["levels"] for _, exp in _expectations(lvl)}
    wrong = [t for t in entry.get("not_expectations", []) if _text(t) in every]
    assert not wrong, f"read as expectations: {wrong}"
    for level in fw["levels"]:
        texts = _inherited_texts(fw, level)
        missing = [t for t in entry.get("all_levels", []) if not any(_text(t) in s for s in texts)]
        assert not missing, f"level {level['id']} does not state {missing}"
    for want in entry.get("level_texts", []):
        texts = _level_texts(fw, _level(fw, want["level"]))
        assert any(_text(want["text"]) in t for t in texts), f"{want['text']!r} not at {want['level']!r}: {texts}"
    examples = sum(len(exp.get("examples", [])) for lvl in fw["levels"] for _, exp in _expectations(lvl))
    if "examples" in entry:
        assert examples == entry["examples"], f"{examples} examples"


def _check_matrix(entry: dict[str, Any], fw: dict[str, Any]) -> None:
    items = _items(fw)
    wanted = entry.get("competencies")
    if isinstance(wanted, int):
        assert len(items) == wanted, f"competencies: {[i['name'] for i in items]}"
    for want in wanted if isinstance(wanted, list) else []:
        pairs = [(_name(i["name"]), _name(i.get("group") or "")) for i in items]
        assert (_name(want["name"]), _name(want["group"])) in pairs, f"competency {want}: {pairs}"
    for want in entry.get("cells", []):
        level_id = _level(fw, want["level"])["id"]
        cells = [i["cells"][level_id] for i in items
                 if _name(i["name"]) == _name(want["competency"]) and level_id in i.get("cells", {})]
        assert len(cells) == 1, f"{len(cells)} cells of {want['competency']!r} at {want['level']!r}"
        if want.get("none"):
            assert isinstance(cells[0], dict) and cells[0].get("no_expectation") is True, cells[0]
        else:
            assert _cell_text(cells[0]) == _text(want["text"]), f"cell {want}: {cells[0]!r}"
    inside = [_text(s) for s in _strings(fw["levels"])] + [_text(s) for s in _strings(items)]
    leaked = [s for s in entry.get("not_in_levels", []) if any(s in t for t in inside)]
    assert not leaked, f"in a level or a matrix cell: {leaked}"


def _check_criteria(entry: dict[str, Any], fw: dict[str, Any]) -> None:
    kinds = Counter(c["kind"] for lvl in fw["levels"] for c in lvl.get("criteria", []))
    if "criteria" in entry:
        assert dict(kinds) == entry["criteria"], f"criteria kinds {dict(kinds)}"
    for want in entry.get("criteria_of", []):
        fields = {k: v for k, v in want.items() if k != "level"}
        criteria = _level(fw, want["level"]).get("criteria", [])
        assert any(all(c.get(k) == v for k, v in fields.items()) for c in criteria), f"{want}: {criteria}"


def _check_wording(entry: dict[str, Any], fw: dict[str, Any], written: str) -> None:
    texts = [_text(s) for s in _strings(fw)]
    missing = [t for t in entry.get("present", []) if not any(_text(t) in s for s in texts)]
    assert not missing, f"lost: {missing}"
    everything = [written, *_strings(fw), *(str(k) for k in _keys(fw))]
    for bad in [*ALWAYS_FORBIDDEN, *entry.get("forbidden", [])]:
        assert not any(bad in s for s in everything), f"{bad!r} in the written framework"
    for bad in entry.get("forbidden_in_texts", []):
        assert not [s for s in _strings(fw) if bad in s], f"{bad!r} left in a text"
    for key, value in entry.get("framework", {}).items():
        assert fw[key] == value, f"framework {key}: {fw[key]!r}"


def _keys(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield str(k)
            yield from _keys(v)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


# ---------------------------------------------------------------- the import report


def _fields(record: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: record.get(k) for k in keys}


def _check_report(entry: dict[str, Any], fw: dict[str, Any], stderr: str) -> None:
    try:
        report = json.loads(stderr)
    except json.JSONDecodeError as exc:
        pytest.fail(f"stderr is not one JSON document ({exc}): {stderr[:500]!r}")
    assert Path(report["file"]).name == entry["file"]
    assert report["format"] in FORMATS and report["format"] == entry.get("format", report["format"])
    assert _fields(report["framework"], ("id", "name", "organisation")) == _fields(fw, ("id", "name", "organisation"))
    assert [_fields(t, ("id", "name")) for t in report["tracks"]] == [_fields(t, ("id", "name")) for t in fw["tracks"]]
    keys = ("id", "title", "track", "order")
    assert [_fields(lvl, keys) for lvl in report["levels"]] == [_fields(lvl, keys) for lvl in fw["levels"]]
    counts, units = report["counts"], report["units"]
    assert units and counts["units"] == len(units)
    assert counts["in_levels"] + counts["elsewhere"] + counts["not_placed"] == counts["units"], counts
    assert 0 <= counts["verbatim_in_levels"] <= counts["in_levels"], counts
    assert counts["not_placed"] == sum(u["place"] == NOT_PLACED for u in units)
    for unit in units:
        assert unit["kind"] in UNIT_KINDS and _text(unit["text"]), unit
        assert isinstance(unit["line"], int) and unit["line"] >= 0 and isinstance(unit["verbatim"], bool), unit
        assert unit["place"] and isinstance(unit["where"], str), unit
        assert unit["place"] != NOT_PLACED or unit["reason"].strip(), f"not placed without a reason: {unit}"
    if "min_verbatim" in entry:
        share = counts["verbatim_in_levels"] / counts["units"]
        assert share >= entry["min_verbatim"], f"verbatim share {share:.3f}: {[u for u in units if not u['verbatim']]}"
    texts = {_text(u["text"]) for u in units}
    missing = [t for t in entry.get("report_units", []) if _text(t) not in texts]
    assert not missing, f"not units of the report: {missing}"
    unread = [s for s in entry.get("report_sheets", []) if not any(f"'{s}'" in u["where"] for u in units)]
    assert not unread, f"no unit from sheet(s) {unread}"


# ---------------------------------------------------------------- running


def _import(runner: CliRunner, entry: dict[str, Any], out: Path) -> Result:
    args = ["import", str(SHAPES / entry["file"]), "-o", str(out), "--report", "json", *entry.get("options", [])]
    result = runner.invoke(app, args)
    # an exception ladder did not handle would also exit 1: it must be ladder's own exit
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exit_code == entry["exit"], f"exit {result.exit_code}: {result.stderr[-2000:]}"
    return result


def _check_refusal(entry: dict[str, Any], result: Result, out: Path) -> None:
    assert not out.exists(), "a refused import wrote its output"
    said = result.stderr + result.stdout
    missing = [f for f in entry.get("message", []) if f.lower() not in said.lower()]
    assert not missing, f"message lacks {missing}: {said!r}"
    if entry["exit"] == 1:
        lines = [int(m.group(1)) for m in re.finditer(re.escape(entry["file"]) + r":(\d+):(\d+)", said)]
        assert lines, f"no located message ({entry['file']}:line:col): {said!r}"
        assert "line" not in entry or entry["line"] in lines, f"line {entry['line']} expected: {said!r}"


def _check_other_commands(runner: CliRunner, fw: dict[str, Any], out: Path) -> None:
    checked = runner.invoke(app, ["validate", "--strict", str(out)])
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    # show finds a framework of a --path directory by its file name, which is the framework id
    folder = out.parent / "shown"
    folder.mkdir()
    (folder / f"{fw['id']}.yaml").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    shown = runner.invoke(app, ["show", "--path", str(folder), fw["id"]])
    assert shown.exit_code == 0, shown.stdout + shown.stderr
    absent = [lvl["id"] for lvl in fw["levels"] if lvl["id"] not in shown.stdout]
    assert not absent, f"show lists no level {absent}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[_entry_id(e) for e in ENTRIES])
def test_import_shape(entry: dict[str, Any], runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = _import(runner, entry, out)
    if entry["exit"] != 0:
        _check_refusal(entry, result, out)
        return
    written = out.read_text(encoding="utf-8")
    fw = yaml.safe_load(written)
    _check_tracks_and_levels(entry, fw)
    _check_areas(entry, fw)
    _check_expectations(entry, fw)
    _check_matrix(entry, fw)
    _check_criteria(entry, fw)
    _check_wording(entry, fw, written)
    _check_report(entry, fw, result.stderr)
    _check_other_commands(runner, fw, out)


def test_every_fixture_has_an_entry_and_every_entry_a_fixture() -> None:
    files = {p.name for p in SHAPES.iterdir() if p.is_file()} - {"expected.yaml"}
    described = {e["file"] for e in ENTRIES}
    assert files == described, f"fixtures without entries: {files - described}; entries without: {described - files}"
    assert len({_entry_id(e) for e in ENTRIES}) == len(ENTRIES), "two entries run the same import"
    for entry in ENTRIES:
        assert entry["exit"] in (0, 1, 2)
        assert entry["exit"] == 0 or not set(entry) - {"file", "options", "exit", "message", "line"}, entry["file"]
        assert entry["exit"] != 0 or "format" in entry, entry["file"]
