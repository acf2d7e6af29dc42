"""export --format markdown writes every framework shape in the conventions `ladder import` reads back.

The conventions: `# organisation — name`; each track `## name` then `*Track id: id.*`; each level `### id — title`,
its summary paragraphs, one facts line `*Rank N. Builds on x. Parallel to y, z.*`, the criteria line, then areas
(`#### name` or `#### number — name`) with bullets, a group's items nested and joined by its connective, examples
nested after them as `- *Example:* text`; a framework with competencies has its levels AND the matrix table.

Each test checks the Markdown text itself, and `outline` reads it as CommonMark (markdown-it) to show that every
text comes back exactly as written, whatever Markdown characters it holds.
"""

from __future__ import annotations

from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import FRAMEWORKS
from ladder.checks.framework import check_framework
from ladder.errors import Location
from ladder.load.loader import load_framework
from ladder.logic.wording import criterion_label
from ladder.models.framework import Expectation, Framework, Level
from ladder.models.queries import is_matrix, track_levels
from ladder.render.export import markdown_document, markdown_tree

Block = tuple[Any, ...]  # ("h", depth, text) | ("p", text) | ("ul", items) | ("table", rows)
Item = tuple[str, tuple[Any, ...]]  # a bullet's text and its nested bullets


def framework(**data: Any) -> Framework:
    """A hand-built framework, checked to be valid (schema and framework checks) before it is exported."""
    base: dict[str, Any] = {"id": "lumen", "organisation": "Lumen Labs", "name": "Support ladder",
                            "source": {"title": "Lumen Labs support ladder"}}
    model = Framework.model_validate(base | data)
    errors = [p for p in check_framework(model, lambda path: Location("test")) if p.severity == "error"]
    assert not errors, errors
    return model


def exp(ident: str, text: str, **more: Any) -> dict[str, Any]:
    return {"id": ident, "text": text, **more}


def level(ident: str, title: str, track: str, order: int, *areas: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"id": ident, "title": title, "track": track, "order": order, "areas": list(areas), **more}


def area(name: str | None, *expectations: dict[str, Any], number: str | None = None) -> dict[str, Any]:
    return {"name": name, "number": number, "expectations": list(expectations)}


MULTI_TRACK = framework(
    tracks=[{"id": "eng", "name": "Engineers", "description": "Builds the product.\n\nOwns its quality."},
            {"id": "mgr", "name": "Managers"}, {"id": "x", "name": "Specialists"}],
    levels=[level("e1", "Engineer", "eng", 1, area(None, exp("e1.1", "Ships small changes"))),
            level("e2", "Senior Engineer", "eng", 2, area(None, exp("e2.1", "Ships whole features")),
                  builds_on="e1", summary="Leads features.\n\nMentors others."),
            level("m2", "Team Lead", "mgr", 2, area(None, exp("m2.1", "Runs the team's planning")),
                  builds_on="e1", parallel=["e2", "x2"]),
            level("x2", "Specialist", "x", 2, area(None, exp("x2.1", "Owns one system")), parallel=["m2"])],
)

MATRIX_AND_LEVELS = framework(
    tracks=[{"id": "ops", "name": "Operations"}],
    levels=[level("a1", "Apprentice", "ops", 1, area("Craft", exp("a1.1", "Follows the runbook"))),
            level("a2", "Operator", "ops", 2, area("Craft", exp("a2.1", "Improves the runbook")), builds_on="a1")],
    competencies={"items": [{"id": "comms", "name": "Communication",
                             "cells": {"a1": "Answers questions", "a2": {"text": "None", "no_expectation": True}}}]},
)

GROUPS_AND_EXAMPLES = framework(
    tracks=[{"id": "t", "name": "Support"}],
    levels=[level("s1", "Agent", "t", 1, area(
        None,
        exp("any", "Handles one of these", group={"satisfied_by": "any", "connective": "AND/OR", "items": [
            exp("any.a", "Phone queue"), exp("any.b", "Chat queue")]}, examples=["Covered the holiday rota"]),
        exp("all", "Does both of these", group={"satisfied_by": "all", "items": [
            exp("all.a", "Writes the summary"), exp("all.b", "Files the bug")]}),
        exp("or", "Does either", group={"satisfied_by": "any", "items": [exp("or.a", "Triage"), exp("or.b", "Review")]}),
        exp("plain", "Answers within a day", examples=["Closed 40 tickets in a week", "Kept the queue empty"]),
    ), area("Tooling", exp("tool", "Keeps macros current"), number="01"),
        area("Quality", exp("qa", "Reviews a peer's replies"), number="B2"))],
)

HOSTILE_TEXT = "- *bold* _it_ a|b # <b>x</b> back\\slash [l](http://x) `c` &amp; 1. ##"
HOSTILE = framework(
    organisation="Org *star*", name="_Under_ | pipe",
    description=["# not a heading", "<b>no html</b>"],
    principles=[{"heading": "Rules #1", "text": "- not a list item"}],
    tracks=[{"id": "h_t", "name": "# Track <i>"}],
    levels=[level("h_1", "Title *with* | marks", "h_t", 1,
                  area(None, exp("h.1", HOSTILE_TEXT, examples=["\\ and * and _"])),
                  area("Area | with > marks", exp("h.2", "+ plus = equals ! bang"), number="07"),
                  summary="> quoted? no"),
            level("h_2", "Second", "h_t", 2, area(None, exp("h.3", "plain")), builds_on="h_1")],
    competencies={"items": [{"id": "c", "name": "Pipes | and *stars*", "cells": {"h_1": "a | b", "h_2": "<b>c</b>"}}]},
)

HAND_BUILT = {"multi-track": MULTI_TRACK, "matrix-and-levels": MATRIX_AND_LEVELS,
              "groups-and-examples": GROUPS_AND_EXAMPLES, "hostile": HOSTILE}
BUNDLED = {path.stem: load_framework(path).model for path in sorted(FRAMEWORKS.glob("*.yaml"))}


# ---------------------------------------------------------------- the Markdown text itself


def test_tracks_have_a_heading_and_an_id_line_then_their_description():
    text = markdown_document(MULTI_TRACK)
    assert "\n## Engineers\n\n*Track id: eng.*\n\nBuilds the product.\n\nOwns its quality.\n\n### e1 — Engineer\n" in text
    assert "\n## Managers\n\n*Track id: mgr.*\n\n### m2 — Team Lead\n" in text
    assert text.index("## Engineers") < text.index("## Managers") < text.index("## Specialists")


def test_levels_have_heading_summary_paragraphs_then_one_facts_line():
    text = markdown_document(MULTI_TRACK)
    assert "\n### e1 — Engineer\n\n*Rank 1.*\n\n- Ships small changes\n" in text
    assert ("\n### e2 — Senior Engineer\n\nLeads features.\n\nMentors others.\n\n*Rank 2. Builds on e1.*\n\n"
            "- Ships whole features\n") in text
    assert "\n*Rank 2. Builds on e1. Parallel to e2, x2.*\n" in text
    assert "\n*Rank 2. Parallel to m2.*\n" in text


def test_facts_line_comes_before_the_criteria_line_and_the_areas():
    heroes = markdown_document(BUNDLED["heroes"])
    level_text = heroes[heroes.index("### superhero — "):heroes.index("### senior-superhero — ")]
    assert level_text.index("*Rank 2. Builds on hero.*") < level_text.index("*Criteria: ") < level_text.index("- ")
    whatfix = markdown_document(BUNDLED["whatfix"])
    assert "*Rank 3. Builds on S2. Parallel to SL1.*" in whatfix and "*Rank 3. Builds on S2. Parallel to S3.*" in whatfix
    assert "### S0 — Technical Support Engineer - Intern\n\n*The source gives only" in whatfix
    assert "\n*Rank 0.*\n\n### S1 — " in whatfix


def test_a_framework_with_competencies_writes_its_levels_and_the_matrix():
    text = markdown_document(MATRIX_AND_LEVELS)
    assert "\n### a1 — Apprentice\n\n*Rank 1.*\n\n#### Craft\n\n- Follows the runbook\n" in text
    assert "\n### a2 — Operator\n\n*Rank 2. Builds on a1.*\n\n#### Craft\n\n- Improves the runbook\n" in text
    assert ("\n## Competency matrix\n\n| Competency | a1 — Apprentice | a2 — Operator |\n|---|---|---|\n"
            "| Communication | Answers questions | None |\n") in text
    assert text.index("- Improves the runbook") < text.index("## Competency matrix") < text.index("*Source: ")
    intercom = markdown_document(BUNDLED["intercom"])
    assert "\n## Frontline CS\n\n*Track id: frontline.*\n\n### beginner — Beginner (After Initial Onboarding)\n\n" \
           "*Rank 1.*\n" in intercom
    assert "| Competency | beginner — Beginner (After Initial Onboarding) | practitioner — Practitioner |" in intercom


def test_groups_are_joined_by_their_connective_and_examples_follow_the_items():
    text = markdown_document(GROUPS_AND_EXAMPLES)
    assert ("- Handles one of these\n  - Phone queue\n  - AND/OR\n  - Chat queue\n"
            "  - *Example:* Covered the holiday rota\n- Does both of these\n") in text
    assert "- Does both of these\n  - Writes the summary\n  - Files the bug\n- Does either\n" in text
    assert "- Does either\n  - Triage\n  - OR\n  - Review\n- Answers within a day\n" in text
    assert ("- Answers within a day\n  - *Example:* Closed 40 tickets in a week\n"
            "  - *Example:* Kept the queue empty\n") in text


def test_area_numbers_of_any_form_are_written_before_the_name():
    text = markdown_document(GROUPS_AND_EXAMPLES)
    assert "\n#### 01 — Tooling\n\n- Keeps macros current\n" in text
    assert "\n#### B2 — Quality\n\n- Reviews a peer's replies\n" in text
    assert "\n#### 01 — Ticket Resolution\n" in markdown_document(BUNDLED["whatfix"])


def test_markdown_characters_in_data_are_escaped():
    text = markdown_document(HOSTILE)
    assert "\n# Org \\*star\\* — \\_Under\\_ \\| pipe\n" in text
    assert "\n\\# not a heading\n\n\\<b\\>no html\\</b\\>\n" in text
    assert "\n## Rules #1\n\n- \\- not a list item\n" in text
    assert "\n## \\# Track \\<i\\>\n\n*Track id: h\\_t.*\n" in text
    assert "\n### h\\_1 — Title \\*with\\* \\| marks\n\n\\> quoted? no\n\n*Rank 1.*\n" in text
    assert ("- \\- \\*bold\\* \\_it\\_ a\\|b # \\<b\\>x\\</b\\> back\\\\slash \\[l\\](http://x) \\`c\\` \\&amp; 1. \\##\n"
            "  - *Example:* \\\\ and \\* and \\_\n") in text
    assert "\n#### 07 — Area \\| with \\> marks\n\n- \\+ plus = equals ! bang\n" in text
    assert "*Rank 2. Builds on h\\_1.*" in text
    assert "| Competency | h\\_1 — Title \\*with\\* \\| marks | h\\_2 — Second |" in text
    assert "| Pipes \\| and \\*stars\\* | a \\| b | \\<b\\>c\\</b\\> |" in text


def test_level_pages_of_the_tree_follow_the_same_conventions():
    pages = markdown_tree(MULTI_TRACK)
    assert pages["levels/m2.md"] == "# m2 — Team Lead\n\n*Rank 2. Builds on e1. Parallel to e2, x2.*\n\n" \
                                    "- Runs the team's planning\n"
    pages = markdown_tree(GROUPS_AND_EXAMPLES)
    assert "\n## 01 — Tooling\n\n- Keeps macros current\n" in pages["levels/s1.md"]
    assert "  - *Example:* Kept the queue empty\n" in pages["levels/s1.md"]


# ---------------------------------------------------------------- read as CommonMark, every text is exact


def _inline(token: Token) -> str:
    """An inline token's text as CommonMark reads it; emphasis shown as «…» and raw HTML as ⟨…⟩ (data makes
    neither), links and code spans as their text (so they lose their brackets and backticks)."""
    marks = {"em_open": "«", "em_close": "»", "strong_open": "««", "strong_close": "»»",
             "softbreak": " ", "hardbreak": " "}
    return "".join(f"⟨{child.content}⟩" if child.type == "html_inline" else marks.get(child.type, child.content)
                   for child in token.children or [])


def outline(text: str) -> list[Block]:
    """The document's blocks, as CommonMark reads them: headings, paragraphs, nested lists, tables."""
    tokens = MarkdownIt("commonmark").enable(["table"]).parse(text)
    blocks: list[Block] = []
    lists: list[list[Item]] = []
    row: list[str] | None = None
    for k, token in enumerate(tokens):
        if token.type == "heading_open":
            blocks.append(("h", int(token.tag[1]), _inline(tokens[k + 1])))
        elif token.type == "bullet_list_open":
            lists.append([])
        elif token.type == "list_item_open":
            lists[-1].append(("", ()))  # an item's text is its paragraphs (none: a list right after '- ')
        elif token.type == "bullet_list_close":
            done = tuple(lists.pop())
            if lists:
                text_of_parent, children = lists[-1][-1]
                lists[-1][-1] = (text_of_parent, children + done)
            else:
                blocks.append(("ul", done))
        elif token.type == "inline" and tokens[k - 1].type == "paragraph_open":
            if lists:
                text_so_far, children = lists[-1][-1]
                lists[-1][-1] = (" ¶ ".join(filter(None, [text_so_far, _inline(token)])), children)
            else:
                blocks.append(("p", _inline(token)))
        elif token.type == "table_open":
            blocks.append(("table", []))
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(_inline(token))
        elif token.type == "tr_close" and row is not None:
            blocks[-1][1].append(row)
            row = None
    return blocks


def _bullet_items(expectations: list[Expectation]) -> tuple[Item, ...]:
    items: list[Item] = []
    for e in expectations:
        children: list[Item] = []
        if e.group:
            joiner = e.group.connective or ("OR" if e.group.satisfied_by == "any" else None)
            for index, item in enumerate(e.group.items):
                children += [(joiner, ())] if index and joiner else []
                children += _bullet_items([item])
        children += [(f"«Example:» {example}", ()) for example in e.examples]
        items.append((e.text, tuple(children)))
    return tuple(items)


def _level_outline(lvl: Level) -> list[Block]:
    out: list[Block] = [("h", 3, f"{lvl.id} — {lvl.title}")]
    out += [("p", part) for part in (lvl.summary or "").split("\n\n") if part]
    out += [("p", f"«{lvl.no_content}»")] if lvl.no_content else []
    facts = [f"Rank {lvl.order}."] + [f"Builds on {lvl.builds_on}."] * bool(lvl.builds_on)
    facts += [f"Parallel to {', '.join(lvl.parallel)}."] * bool(lvl.parallel)
    out.append(("p", f"«{' '.join(facts)}»"))
    if lvl.criteria:
        out.append(("p", f"«Criteria: {'; '.join(f'{a}: {b}' for a, b in map(criterion_label, lvl.criteria))}»"))
    for a in sorted(lvl.areas, key=lambda a: a.name is not None):
        if a.name is not None:
            out.append(("h", 4, f"{a.number} — {a.name}" if a.number else a.name))
        out.append(("ul", _bullet_items(a.expectations)))
    return out


def expected_outline(fw: Framework) -> list[Block]:
    """What the conventions say the export holds, field by field, as the texts are in the framework."""
    out: list[Block] = [("h", 1, f"{fw.organisation} — {fw.name}")] + [("p", d) for d in fw.description]
    for p in fw.principles:
        heading = p.heading or "Principles"
        if out[-1][0] == "ul" and out[-2] == ("h", 2, heading):
            out[-1] = ("ul", out[-1][1] + ((p.text, ()),))
        else:
            out += [("h", 2, heading), ("ul", ((p.text, ()),))]
    for track in fw.tracks:
        out += [("h", 2, track.name), ("p", f"«Track id: {track.id}.»")]
        out += [("p", part) for part in (track.description or "").split("\n\n") if part]
        for lvl in track_levels(fw, track.id):
            out += _level_outline(lvl)
    if is_matrix(fw) and fw.competencies:
        levels = sorted(fw.levels, key=lambda lvl: lvl.order)
        rows = [["Competency"] + [f"{lvl.id} — {lvl.title}" for lvl in levels]]
        rows += [[c.name] + [cell.text if (cell := c.cell(lvl.id)) else "" for lvl in levels]
                 for c in fw.competencies.items if c.cells]
        out += [("h", 2, "Competency matrix"), ("table", rows)]
    return out + [("p", f"«Source: {fw.source.title}.»")]


@pytest.mark.parametrize("name", sorted(BUNDLED) + sorted(HAND_BUILT))
def test_every_field_reads_back_exactly_as_commonmark(name):
    fw = BUNDLED.get(name) or HAND_BUILT[name]
    assert outline(markdown_document(fw)) == expected_outline(fw)


def test_outline_sees_structure_not_data():
    # the oracle itself: an unescaped '*' would be emphasis, an unescaped '- ' a nested list
    assert outline("- *a*\n  - b\n") == [("ul", (("«a»", (("b", ()),)),))]
    assert outline(markdown_document(HOSTILE))[-3] == ("h", 2, "Competency matrix")
