"""Generated teams for `ladder team` tests and benchmarks: assessment files against a bundled framework.

``write_team(directory, framework_id, people, seed)`` writes one YAML file per assessment: each
person has one to three assessments on different dates; some rate with separate self and manager
views and name an assessor, some give one set of ratings, a few rate a matrix by competency
column, some rate a group (AND/OR) as a whole instead of through its items; ``broken`` files
(a misspelt key, a rating off the scale, a date that is not one) are added too. Deterministic for a seed. Returns the files written, good ones first.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from conftest import FRAMEWORKS
from ladder.load.loader import load_framework
from ladder.models.framework import Framework
from ladder.models.queries import is_matrix, levels_up_to, own_items, track_levels, walk

VALUES = ("not-yet", "partly", "meets", "exceeds", "n/a")
WEIGHTS = (2, 3, 6, 2, 1)
ASSESSORS = ("Ana Ortiz", "Bo Chen", "Chidi Okafor", "Dana Levi")
FIRST = ("Priya", "Sam", "Lena", "Marcus", "Aiko", "Jonas", "Fatima", "Ravi", "Zoë", "Olu", "Mei", "Tomás")
LAST = ("Raman", "Berg", "Novak", "Silva", "Tanaka", "Okoro", "Haddad", "Iyer", "Müller", "Adeyemi")


def framework(framework_id: str) -> Framework:
    model: Framework = load_framework(FRAMEWORKS / f"{framework_id}.yaml").model
    return model


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def assessment_text(fw: Framework, person: str, date: str, current: str, target: str, rng: random.Random,
                    assessor: str | None, split: bool, columns: bool) -> str:
    """One assessment file's YAML."""
    lines = [f"framework: {fw.id}", f"person: {_q(person)}", f"date: {date}", f"current_level: {_q(current)}",
             f"target_level: {_q(target)}"]
    if assessor:
        lines.append(f"assessor: {_q(assessor)}")
    path = levels_up_to(fw, next(lvl for lvl in fw.levels if lvl.id == target))
    ratings = []
    for level in path:
        for item in own_items(fw, level):
            if columns and item.competency:
                continue
            whole = set()  # items of groups rated as a whole (scored from the group's own rating)
            for exp in walk([item.expectation]):
                if exp.id in whole or rng.random() < 0.08:
                    continue  # a few are left unrated
                if exp.group is not None:
                    if rng.random() < 0.7:
                        continue  # most groups are rated through their items
                    whole.update(sub.id for sub in walk(exp.group.items))
                if split:
                    mine, theirs = rng.choices(VALUES, WEIGHTS, k=2)
                    ratings.append(f"  {_q(exp.id)}: {{self: {mine}, manager: {theirs}}}")
                else:
                    ratings.append(f"  {_q(exp.id)}: {rng.choices(VALUES, WEIGHTS)[0]}")
    lines += ["ratings:", *ratings] if ratings else ["ratings: {}"]
    if columns and fw.competencies:
        orders = [lvl.id for lvl in sorted(fw.levels, key=lambda lvl: lvl.order)]
        lines.append("competencies:")
        for comp in fw.competencies.items:
            reached = rng.choice(orders)
            if split:
                other = rng.choice(orders)
                lines.append(f"  {_q(comp.id)}: {{self: {reached}, manager: {other}}}")
            else:
                lines.append(f"  {_q(comp.id)}: {reached}")
    return "\n".join(lines) + "\n"


def write_team(directory: Path, framework_id: str, people: int, seed: int = 1, broken: int = 3) -> list[Path]:
    """``people`` people (one to three assessments each) and ``broken`` bad files under ``directory``."""
    rng = random.Random(seed)
    fw = framework(framework_id)
    directory.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for index in range(people):
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)} {index}"
        track = rng.choice(fw.tracks).id
        levels = track_levels(fw, track) or sorted(fw.levels, key=lambda lvl: lvl.order)
        position = rng.randrange(max(1, len(levels) - 1))
        current = levels[position]
        target = levels[min(position + 1, len(levels) - 1)]
        split = rng.random() < 0.6
        assessor = rng.choice(ASSESSORS) if split or rng.random() < 0.3 else None
        columns = is_matrix(fw) and rng.random() < 0.3
        for visit in range(rng.randint(1, 3)):
            date = f"{2023 + visit}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            path = directory / f"p{index:05d}-{visit}.yaml"
            path.write_text(assessment_text(fw, person, date, current.id, target.id, rng, assessor, split, columns),
                            encoding="utf-8")
            files.append(path)
    faults = ["persn: Nobody\n", "ratings:\n  x.y: great\n", "date: not-a-date\n"]
    for index in range(broken):
        good = files[index % len(files)].read_text(encoding="utf-8") if files else f"framework: {fw.id}\n"
        fault = faults[index % len(faults)]
        key = fault.split(":")[0]
        kept = [line for line in good.splitlines(keepends=True) if not line.startswith(f"{key}:")]
        if key == "ratings":
            kept = [line for line in kept if not line.startswith("  ")]
        path = directory / f"broken-{index}.yaml"
        path.write_text("".join(kept) + fault, encoding="utf-8")
        files.append(path)
    return files
