"""The content fingerprint changes exactly when what a rating means or counts for does."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from ladder.logic.fingerprint import fingerprint
from ladder.models.framework import Framework

ROOT = Path(__file__).resolve().parents[2]
ORGS = ["whatfix", "basecamp", "heroes", "intercom"]


def _data(org: str) -> dict:
    return yaml.safe_load((ROOT / "frameworks" / f"{org}.yaml").read_text())


def _fp(data: dict) -> str:
    return fingerprint(Framework.model_validate(data))


def _first_prose(data: dict) -> dict:
    for level in data["levels"]:
        for area in level.get("areas", []):
            for exp in area["expectations"]:
                if "text" in exp and "group" not in exp:
                    return exp
    raise AssertionError("no prose expectation")


@pytest.mark.parametrize("org", ORGS)
def test_stable_and_sixteen_hex_digits(org: str) -> None:
    data = _data(org)
    first = _fp(data)
    assert len(first) == 16 and int(first, 16) >= 0
    assert _fp(copy.deepcopy(data)) == first


@pytest.mark.parametrize("org", ORGS)
def test_titles_notes_and_principles_do_not_count(org: str) -> None:
    data = _data(org)
    before = _fp(data)
    data["levels"][0]["title"] += " (renamed)"
    data["notes"] = [*data.get("notes", []), "a note"]
    data["name"] += " v2"
    data["version"] = "2"
    assert _fp(data) == before


@pytest.mark.parametrize("org", ["whatfix", "basecamp", "heroes"])
def test_a_reworded_reid_or_moved_expectation_counts(org: str) -> None:
    data = _data(org)
    before = _fp(data)
    reworded = copy.deepcopy(data)
    _first_prose(reworded)["text"] += " always"
    reid = copy.deepcopy(data)
    _first_prose(reid)["id"] += "-new"
    reranked = copy.deepcopy(data)
    reranked["levels"][0]["order"], reranked["levels"][1]["order"] = (
        reranked["levels"][1]["order"], reranked["levels"][0]["order"])
    prints = {_fp(reworded), _fp(reid), _fp(reranked), before}
    assert len(prints) == 4


def test_a_matrix_cell_counts() -> None:
    data = _data("intercom")
    before = _fp(data)
    cells = data["competencies"]["items"][0]["cells"]
    key = next(iter(cells))
    cells[key] = str(cells[key]) + " and more"
    assert _fp(data) != before
