"""Typed criteria (experience, tenure, evidence, exam) read from sentences that hold exactly one unambiguous phrase."""

from __future__ import annotations

import re
from typing import Any

from ladder.importer.matrix import NONE_CELL
from ladder.importer.parsed import Row
from ladder.importer.text import SENTENCE

# A number starts where a run of digits starts (a digit with none before it): a match can only use a whole run
# anyway, and trying every digit of a long run as a start rescanned the rest of the run each time (quadratic:
# 10,000 digits took 10 s). The test comes after the first digit so that the search still skips to digits quickly.
_START = r"\d(?<!\d\d)"
_NUM = rf"({_START}\d*(?:\.\d+)?)"
_YEARS = r"\s*(?:years?|yrs?)\b"
_NUMBER_WORDS = {w: n for n, w in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], 1)}
_EXPERIENCE = [
    (re.compile(_NUM + r"\s*(?:-|–|—|to)\s*" + _NUM + r"(?:\s*\+)?" + _YEARS, re.I), "range"),  # not \s*\+?\s*
    (re.compile(_NUM + r"\s*\+" + _YEARS + r"|" + _NUM + _YEARS + r"\s*\+", re.I), "min"),
    (re.compile(r"\b(?:at least|a minimum of|minimum of|minimum|min\.?)\s+" + _NUM + _YEARS, re.I), "min"),
    (re.compile(r"\b(?:less than|fewer than|under|up to|below)\s+" + _NUM + _YEARS, re.I), "max"),
    # "Years of experience: Typically 0-2", "Years of experience: 5+"
    (re.compile(r"\byears of (?:relevant |professional |industry )?experience\s*:?\s*(?:[a-z]+\s+)?" + _NUM
                + r"\s*(?:-|–|—|to)\s*" + _NUM + r"\b(?!\s*(?:years?|yrs?)\b)", re.I), "range"),
    (re.compile(r"\byears of (?:relevant |professional |industry )?experience\s*:?\s*(?:[a-z]+\s+)?" + _NUM
                + r"\s*\+(?!\s*(?:years?|yrs?)\b)", re.I), "min"),
]
_TENURE = re.compile(rf"({_START}\d*)\s*\+\s*months?\b|\bat least\s+(\d+)\s+months?\b", re.I)
_EVIDENCE = re.compile(r"\bat least\s+(\d+|" + "|".join(_NUMBER_WORDS) + r")\s+(?!(?:years?|yrs?|months?|weeks?|"
                       r"days?|hours?|percent|%|times? (?:a|per))\b)([A-Za-z][^.,;:()]*)", re.I)
_EXAM = re.compile(r"(?:has\s+)?passed\s+(?:the|an?|their)\s+(.+?\bexam(?:ination)?)\.?", re.I)
_ADVISORY = re.compile(r"\b(usually|typically|generally|ideally|often|normally|approximately|around|roughly|"
                       r"preferably|preferred)\b", re.I)


def criterion(sentence: str, context: str = "") -> dict[str, Any] | None:
    """A typed criterion when the sentence holds exactly one unambiguous phrase of one kind; None otherwise.

    ``context`` (a matrix row's name, such as "Experience") says what a bare "2-5 years" counts.
    """
    experience = re.search(r"\bexperience", f"{sentence} {context}", re.I) is not None
    found = [c for c in (_experience(sentence, experience), _tenure(sentence, experience), _evidence(sentence),
                         _exam(sentence)) if c]
    return found[0] if len(found) == 1 else None


def _experience(sentence: str, experience: bool) -> dict[str, Any] | None:
    if not experience:
        return None
    hits = [(m, kind) for pattern, kind in _EXPERIENCE for m in pattern.finditer(sentence)]
    spans = {m.span() for m, _ in hits}
    if len(hits) != 1 or len(spans) != 1:
        return None
    m, kind = hits[0]
    numbers = [float(g) for g in m.groups() if g is not None]
    out: dict[str, Any] = {"kind": "experience"}
    if kind == "range":
        if numbers[0] > numbers[1]:
            return None
        out.update(min_years=numbers[0], max_years=numbers[1])
    else:
        out["min_years" if kind == "min" else "max_years"] = numbers[0]
    if advisory := _ADVISORY.search(sentence):
        out["advisory"] = True
        out["notes"] = [f"Advisory because the source says '{advisory.group(1)}'."]
    elif kind == "max":
        out["advisory"] = True
        out["notes"] = ["Advisory: an upper bound describes the level rather than setting a bar."]
    return out


def _tenure(sentence: str, experience: bool) -> dict[str, Any] | None:
    if experience or "month" not in sentence.casefold():  # casefold: re.I matches 'ſ' as 's'
        return None
    hits = list(_TENURE.finditer(sentence))
    if len(hits) != 1 or experience:
        return None
    months = int(hits[0].group(1) or hits[0].group(2))
    return {"kind": "tenure", "min_months": months}


def _evidence(sentence: str) -> dict[str, Any] | None:
    if "least" not in sentence.casefold():  # every evidence phrase says "at least"
        return None
    hits = list(_EVIDENCE.finditer(sentence))
    if len(hits) != 1 or re.search(r"\b(per|each|every|a (?:day|week|month|year))\b", hits[0].group(2), re.I):
        return None
    raw = hits[0].group(1).lower()
    count = _NUMBER_WORDS.get(raw) or int(raw)
    return {"kind": "evidence", "min_count": count, "of": hits[0].group(2).strip()} if count >= 1 else None


def _exam(sentence: str) -> dict[str, Any] | None:
    m = _EXAM.fullmatch(sentence.strip())
    return {"kind": "exam", "exam": m.group(1)} if m else None


def matrix_criteria(rows: list[Row], levels: dict[str, dict[str, Any]], level_ids: dict[int, str]) -> None:
    """Typed criteria from matrix cells (a row such as 'Experience': '2-5 years'); no expectation id to point at."""
    for row in rows:
        for lvl, text in row.cells:
            if not text or NONE_CELL.fullmatch(text):
                continue
            level = levels[level_ids[id(lvl)]]
            kinds = {c["kind"] for c in level.get("criteria", [])}
            for sentence in SENTENCE.split(text):
                found = criterion(sentence, row.name)
                if found and not (found["kind"] in ("experience", "tenure") and found["kind"] in kinds):
                    kinds.add(found["kind"])
                    notes = [f"Read from the cell of competency '{row.name}' at this level.", *found.pop("notes", [])]
                    level.setdefault("criteria", []).append({**found, "source": sentence.strip(), "notes": notes})


def level_criteria(areas: list[dict[str, Any]], paragraphs: list[str] | None = None) -> list[dict[str, Any]]:
    """Typed criteria read from a level's expectations (each with its sentence and expectation id), then from
    its summary and other paragraphs ("Typically requires a minimum of 5 years of experience.")."""
    out: list[dict[str, Any]] = []
    kinds: set[str] = set()
    for text in paragraphs or []:
        for line in text.split("\n"):
            for sentence in SENTENCE.split(line):
                found = criterion(sentence)
                if found is None or found["kind"] in kinds:
                    continue
                kinds.add(found["kind"])
                notes = found.pop("notes", [])
                out.append({**found, "source": sentence.strip(), **({"notes": notes} if notes else {})})
    for area in areas:
        for exp in walk_dicts(area["expectations"]):
            for sentence in SENTENCE.split(exp["text"]):
                found = criterion(sentence)
                if found is None or (found["kind"] in ("experience", "tenure") and found["kind"] in kinds):
                    continue  # a second experience or tenure bar in one level is left as prose
                kinds.add(found["kind"])
                notes = found.pop("notes", [])
                out.append({**found, "source": sentence.strip(), "expectation": exp["id"],
                            **({"notes": notes} if notes else {})})
    return out


def walk_dicts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Expectations as framework data, each before the items of its group, depth first."""
    return [e for item in items for e in [item, *walk_dicts(item.get("group", {}).get("items", []))]]
