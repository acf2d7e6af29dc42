"""Pure: a ready-to-fill assessment file for someone aiming at a level of a framework.

The template rates every expectation of the level and of the levels below it
(``levels.levels_up_to``) as ``not-yet``, so it loads as a valid assessment
before anyone edits it; each line carries the expectation's text as a comment.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from ladder.models.assessment import SCALE
from ladder.models.framework import (
    EvidenceCriterion,
    ExamCriterion,
    Expectation,
    ExperienceCriterion,
    Framework,
    Level,
    TenureCriterion,
)
from ladder.models.queries import Item, is_matrix, levels_up_to, own_items
from ladder.signatures import MADE_BY
from ladder.yaml_scalars import resolve_plain

PLACEHOLDER = "not-yet"


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-/]*\Z")


def render_template(framework: Framework, level: Level, today: dt.date | None = None,
                    reference: str | None = None) -> str:
    """Assessment YAML for someone aiming at ``level``: every expectation up to it, as ``not-yet``.

    ``today`` is written as the assessment date (default: the current date); ``reference`` is
    how the file names its framework (default: the framework's id).
    """
    path = levels_up_to(framework, level)
    current = path[-2] if len(path) > 1 else level
    lines = _header(framework, level)
    lines += [
        f"framework: {scalar(reference or framework.id)}",
        *_version_lines(framework),
        'person: "Your Name"',
        f"date: {(today or dt.date.today()).isoformat()}",
        f"current_level: {scalar(current.id)}  # {_one_line(current.title)}: the level held now",
        f"target_level: {scalar(level.id)}  # {_one_line(level.title)}",
        '# assessor: "Manager Name"  # who gave the manager ratings (self: and manager: values); for ladder team',
        "",
    ]
    rating_lines = [line for lvl in path for line in _level_lines(framework, lvl)]
    if any(not line.lstrip().startswith("#") for line in rating_lines):
        lines += ["ratings:", *rating_lines]
    else:
        lines += ["ratings: {}  # no level on the way to this one states expectations",
                  *(line.strip() for line in rating_lines)]
    if is_matrix(framework):
        lines += _matrix_note(framework)
    lines += _facts_lines(path)
    return "\n".join(lines) + "\n"


def _version_lines(framework: Framework) -> list[str]:
    """The framework's version (where it has one) and content fingerprint: ``ladder assess`` compares them."""
    from ladder.logic.fingerprint import fingerprint

    lines = [f"framework_version: {scalar(framework.version)}"] if framework.version is not None else []
    return [*lines, f"framework_fingerprint: {scalar(fingerprint(framework))}  # the framework's content as it is "
                    "now: ladder assess says when it changes, ladder migrate follows it"]


def scalar(text: str) -> str:
    """Text as a YAML scalar: plain where the strict loader reads it back unchanged, else double-quoted."""
    if _PLAIN.match(text) and resolve_plain(text) == (text, None):
        return text
    return json.dumps(text, ensure_ascii=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _header(framework: Framework, level: Level) -> list[str]:
    return [
        f"{MADE_BY} {framework.id} {level.id}`: a self-assessment to fill in.",
        f"# Self-assessment against {_one_line(framework.organisation)}: {_one_line(framework.name)},",
        f"# aiming at {level.id} ({_one_line(level.title)}).",
        "#",
        f"# Every rating starts as {PLACEHOLDER} so that this file loads as it is. Replace each with one of",
        f"#   {', '.join(SCALE)}",
        "# (meets and exceeds score 1, partly 0.5, not-yet 0; n/a means it does not apply and is left out).",
        "# A rating may carry evidence (free text or links) and separate self and manager views:",
        "#   some.id: {self: meets, manager: partly, evidence: [\"JIRA-123\", \"https://…\"]}",
        "# Groups (AND/OR): rate their items; an 'any' group scores its best item, an 'all' group the mean.",
        "# Then run: ladder assess THIS_FILE",
    ]


def _level_lines(framework: Framework, level: Level) -> list[str]:
    """A level's ratings, under a heading comment, grouped by area (or competency)."""
    heading = f"  # ==== {level.id}: {_one_line(level.title)} ===="
    items = own_items(framework, level)
    if not items:
        why = f" ({_one_line(level.no_content)})" if level.no_content else ""
        return [f"  # ==== {level.id}: {_one_line(level.title)}: no expectations{why} ===="]
    evidence = {c.expectation: c for c in level.criteria if c.kind == "evidence" and c.expectation}
    lines = [heading]
    area: object = object()
    for item in items:
        if item.area != area:
            area = item.area
            lines.append(f"  # -- {_one_line(item.area) if item.area else '(no area)'} --")
        lines += _expectation_lines(item.expectation, evidence, "  ")
    lines += [f"  # {level.id} criterion: {_criterion_text(c)}" for c in level.criteria if c.kind != "perk"]
    return lines


def _expectation_lines(exp: Expectation, evidence: dict[str, EvidenceCriterion], indent: str) -> list[str]:
    """One rating line, or the detail form where an evidence count is checked; groups list their items."""
    text = _one_line(exp.text) + (" […]" if exp.truncated else "")
    if exp.group is not None:
        how = "best item" if exp.group.satisfied_by == "any" else "mean of its items"
        joined = f" ({exp.group.connective})" if exp.group.connective else ""
        lines = [f"{indent}# {exp.id} {text} -- {exp.group.satisfied_by} of{joined}: scores its {how}"]
        for item in exp.group.items:
            lines += _expectation_lines(item, evidence, indent)
        return lines
    criterion = evidence.get(exp.id)
    if criterion is None:
        return [f"{indent}{scalar(exp.id)}: {PLACEHOLDER}  # {text}"]
    return [
        f"{indent}{scalar(exp.id)}:  # {text}",
        f"{indent}  rating: {PLACEHOLDER}",
        f"{indent}  evidence: []  # at least {criterion.min_count}: {_one_line(criterion.of)}",
    ]


def _criterion_text(criterion: ExperienceCriterion | TenureCriterion | EvidenceCriterion | ExamCriterion) -> str:
    """A checked criterion (perks are not) as a comment: what it needs, and which fact it reads."""
    advisory = " (advisory, never blocks)" if criterion.advisory else ""
    if isinstance(criterion, TenureCriterion):
        what = f"tenure {criterion.min_months}+ months -> facts.tenure_months or facts.start_date"
    elif isinstance(criterion, ExamCriterion):
        what = f"exam {json.dumps(criterion.exam, ensure_ascii=False)} passed -> facts.exams_passed"
    elif isinstance(criterion, EvidenceCriterion):
        what = f"{criterion.min_count}+ evidence items on {criterion.expectation or '(no expectation named)'}"
    else:
        span = [f"at least {criterion.min_years:g}" if criterion.min_years is not None else "",
                f"up to {criterion.max_years:g}" if criterion.max_years is not None else ""]
        what = f"experience {' '.join(s for s in span if s)} years -> facts.experience_years"
    return f"{what}{advisory}; source: {_one_line(criterion.source)}"


def _matrix_note(framework: Framework) -> list[str]:
    comps = framework.competencies.items if framework.competencies else []
    lines = [
        "",
        "# Competency matrix: instead of rating each cell above you may give, per competency, the column",
        "# (level id) reached; cells up to it count as meets, cells above it as not-yet. A cell rated",
        "# under ratings overrides this. Uncomment the lines you use:",
        "# competencies:",
    ]
    columns = " | ".join(lvl.id for lvl in framework.levels)
    for comp in comps:
        lines.append(f"#   {comp.id}: {framework.levels[0].id}  # {_one_line(comp.name)}: {columns}")
    lines.append("#   (or per view: some-competency: {self: advanced, manager: practitioner})")
    return lines


def _facts_lines(path: list[Level]) -> list[str]:
    """The facts block: the fields the criteria on the path use, with placeholders that load."""
    criteria = [c for lvl in path for c in lvl.criteria]
    kinds = {c.kind for c in criteria}
    lines = ["", "# Facts that typed criteria are checked against (tenure, experience, exams)."]
    body = []
    if "tenure" in kinds:
        body += ["  tenure_months: 0  # whole months in the organisation; or instead start_date: YYYY-MM-DD"]
    if "experience" in kinds:
        body += ["  experience_years: 0  # years of professional experience (advisory criteria only report it)"]
    exams = sorted({c.exam for c in criteria if c.kind == "exam"})
    if exams:
        names = ", ".join(json.dumps(e, ensure_ascii=False) for e in exams)
        body += [f"  exams_passed: []  # names as the framework writes them: {names}"]
    if not body:
        return lines + ["# No level on the way has typed criteria; all fields are optional:",
                        "# start_date or tenure_months, experience_years, exams_passed.", "facts: {}"]
    return lines + ["facts:", *body]


def framework_reference(org: str, output: Path | None) -> str | None:
    """How a template names a framework given as a path: relative to the file written (or the current
    directory), as assessments resolve it. None for an organisation id, which is written as the id."""
    from ladder.paths import looks_like_path

    if not looks_like_path(org):
        return None
    start = Path(os.path.realpath(output)).parent if output is not None else Path.cwd()
    return Path(os.path.relpath(os.path.realpath(org), start)).as_posix()


def template_items(framework: Framework, level: Level) -> list[Item]:
    """The expectations a template for ``level`` lists, level by level (for tests and tools)."""
    return [item for lvl in levels_up_to(framework, level) for item in own_items(framework, lvl)]
