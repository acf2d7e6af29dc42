"""logic.changes on random edits of the bundled prose frameworks: several expectations reworded (one
word of a longer sentence), moved to another area or level, removed and added at once; each is
reported exactly once, as what it is, and nothing else is."""

from __future__ import annotations

import random

import pytest
import yaml

from conftest import FRAMEWORKS
from editing import _referenced, prose
from ladder.load.loader import validate
from ladder.load.yaml import parse_yaml
from ladder.logic.changes import compare
from ladder.models.framework import Framework

KINDS = ("reworded", "removed", "moved", "added")


def _framework(data: dict) -> Framework:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return validate(Framework, parse_yaml(text, "<edited>"))


def _random_edits(data: dict, rng: random.Random) -> dict[str, set[str]]:
    referenced = _referenced(data)
    done: dict[str, set[str]] = {kind: set() for kind in KINDS}
    touched: set[str] = set()
    for n in range(rng.randint(1, 6)):
        kind = rng.choice(KINDS)
        places = [e for e in prose(data) if e[2][e[3]]["id"] not in referenced | touched and len(e[2]) >= 2]
        if not places:
            continue
        _, area, items, k = rng.choice(places)
        item = items[k]
        if kind == "reworded":
            words = item["text"].split()
            if len(words) < 6:
                continue
            words[rng.randrange(len(words))] = f"zebra{n}"
            item["text"] = " ".join(words)
        elif kind == "removed":
            items.pop(k)
        elif kind == "moved":
            elsewhere = [a for lvl in data["levels"] for a in lvl.get("areas") or [] if a is not area]
            items.pop(k)
            rng.choice(elsewhere)["expectations"].append(item)
        else:
            item = {"id": f"zz.{n}", "text": f"Brand new quokka duty number {n}, written for this test."}
            items.append(item)
        done[kind].add(item["id"])
        touched.add(item["id"])
    return done


@pytest.mark.parametrize("seed", range(30))
def test_random_edits_are_each_reported_once_as_what_they_are(seed):
    rng = random.Random(seed)
    org = ("whatfix", "heroes", "basecamp")[seed % 3]
    data = yaml.safe_load((FRAMEWORKS / f"{org}.yaml").read_text(encoding="utf-8"))
    original = _framework(data)
    made = _random_edits(data, rng)
    changes = compare(original, _framework(data))
    ex = changes.expectations
    found = {"reworded": {r.before.id for r in ex.reworded}, "removed": {u.id for u in ex.removed},
             "moved": {m.before.id for m in ex.moved}, "added": {u.id for u in ex.added}}
    assert found == made
    assert changes.edits == sum(map(len, made.values()))
    assert ex.unchanged == len(changes.mapping) - len(made["reworded"] | made["removed"] | made["moved"])
