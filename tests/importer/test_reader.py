"""The Markdown reader's structure rules, ranks, options and the ledger, on small sources written here."""

from __future__ import annotations

import pytest

from ladder.errors import InvalidFile, Location, UsageError
from ladder.importer import Imported, Options, import_text
from ladder.importer.blocks import markdown_blocks
from ladder.importer.ledger import NOT_PLACED, Ledger
from ladder.importer.parsed import Unplaced
from ladder.importer.text import code_number, names_level


def run(text: str, **options: object) -> Imported:
    return import_text(text, "l.md", "md", options=Options(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize(("title", "named"), [
    ("IC2", True), ("M3", True), ("D1 - Developer 1", True), ("Level 3", True), ("Engineer II", True),
    ("Senior Designer", True), ("Staff Engineer", True), ("Team Lead", True), ("Grade 4", True),
    ("All Levels", False), ("Management Levels", False), ("Levels", False), ("How does it work?", False),
    ("Leadership", False), ("Things to keep in mind", False), ("Mastery", False), ("Developer", False),
])
def test_a_heading_names_a_level_by_code_number_rank_or_level_word(title: str, named: bool) -> None:
    assert names_level(title) is named


def test_code_numbers() -> None:
    assert [code_number(c) for c in ("IC3", "M4", "L10", "senior", "3", "ABCDE1")] == [3, 4, 10, None, None, None]


def test_emphasis_links_images_code_and_comments_become_plain_text_or_notes() -> None:
    unplaced: list[Unplaced] = []
    links: list[tuple[str, str]] = []
    text = ("## **Bold** _level_\n\n- **Impact**: ships `code` and [docs](https://x.example/d) ![chart](c.png)\n"
            "- line<br>break &amp; more\n\n<!-- hidden -->\n\n```\ncode block\n```\n")
    blocks = markdown_blocks(text, "b.md", unplaced, links)
    assert blocks[0].text == "Bold level"
    bullets = blocks[1].bullets
    assert bullets[0].text == "Impact: ships code and docs" and bullets[0].label == "Impact"
    assert bullets[1].text == "line\nbreak & more"
    assert links == [("docs", "https://x.example/d")]
    assert [(u.line, u.reason) for u in unplaced] == [
        (3, "image, not read"), (6, "HTML comment, not read"), (8, "code block, not read")]


def test_intro_sections_with_bullets_are_principles_not_levels() -> None:
    fw = run("# Ladder\n\n## How does it work?\n\n- Agree a target.\n\n## FAQ\n\n- Ask.\n\n"
             "## Junior Engineer\n\n- Learns.\n\n## Senior Engineer\n\n- Teaches.\n").framework
    assert [lvl.title for lvl in fw.levels] == ["Junior Engineer", "Senior Engineer"]
    assert [(p.heading, p.text) for p in fw.principles] == [("How does it work?", "Agree a target."),
                                                            ("FAQ", "Ask.")]


def test_a_track_per_h1_and_a_level_per_h2_is_not_read_inverted() -> None:
    text = ("# Individual Contributor\n\n## Engineer\n\n- Codes.\n\n## Senior Engineer\n\n- Leads.\n\n"
            "# Manager\n\n## M1 - Manager\n\n- Manages.\n\n## M2 - Senior Manager\n\n- Manages managers.\n")
    with pytest.raises(InvalidFile, match="--parallel") as asked:
        run(text)
    assert "--rank-from order" in str(asked.value.problems[0])
    fw = run(text, rank_from="order").framework
    assert [(t.id, t.name) for t in fw.tracks] == [("individual-contributor", "Individual Contributor"),
                                                  ("manager", "Manager")]
    assert [(lvl.title, lvl.track, lvl.order) for lvl in fw.levels] == [
        ("Engineer", "individual-contributor", 1), ("Senior Engineer", "individual-contributor", 2),
        ("Manager", "manager", 1), ("Senior Manager", "manager", 2)]


def test_parallel_puts_a_level_at_another_tracks_rank_and_the_rest_follow() -> None:
    text = ("# IC\n\n## Engineer\n\n- Codes.\n\n## Senior Engineer\n\n- Leads.\n\n## Staff Engineer\n\n- Sets.\n\n"
            "# Management\n\n## Engineering Manager\n\n- Manages.\n\n## Director\n\n- Directs.\n")
    fw = run(text, parallel=(("Engineering Manager", "Senior Engineer"),)).framework
    assert {lvl.title: lvl.order for lvl in fw.levels} == {
        "Engineer": 1, "Senior Engineer": 2, "Staff Engineer": 3, "Engineering Manager": 2, "Director": 3}
    assert fw.level("engineering-manager").parallel == ["senior-engineer"]
    with pytest.raises(UsageError, match="no level 'Nobody'"):
        run(text, parallel=(("Nobody", "Engineer"),))


def test_ranks_across_tracks_come_from_the_numbers_in_level_codes() -> None:
    text = ("# L\n\n## IC1\n\n- a\n\n## IC2\n\n- b\n\n## IC3\n\n- c\n\n## Management\n\n"
            "| Level | Execution | Teamwork |\n|---|---|---|\n| M2 | Runs a team well | Hires people |\n"
            "| M3 | Runs teams of teams | Grows managers |\n")
    fw = run(text).framework
    assert [(lvl.id, lvl.track, lvl.order) for lvl in fw.levels] == [
        ("IC1", "main", 1), ("IC2", "main", 2), ("IC3", "main", 3), ("M2", "management", 2), ("M3", "management", 3)]
    assert [a.name for a in fw.level("M3").areas] == ["Execution", "Teamwork"]


def test_two_readings_of_the_headings_ask_for_the_options_that_decide() -> None:
    text = "# Alpha\n\n## Craft\n\n- Writes.\n\n# Beta\n\n## Craft\n\n- Reviews.\n\n### Notes\n\n- More.\n"
    with pytest.raises(InvalidFile) as asked:
        run(text)
    message = str(asked.value.problems[0])
    assert "l.md:1:1:" in message and "--tracks-at h1 --levels-at h2" in message and "--levels-at h1" in message
    fw = run(text, levels_at=1).framework
    assert [(lvl.title, [a.name for a in lvl.areas]) for lvl in fw.levels] == [
        ("Alpha", ["Craft"]), ("Beta", ["Craft", "Notes"])]


def test_an_overview_table_is_a_note_not_a_matrix() -> None:
    text = ("# Dev\n\n| Level | Senior | Position |\n|---|---|---|\n| 1 | No | [D1 - Developer 1](#d1) |\n"
            "| 2 | Yes | [D2 - Developer 2](#d2) |\n\n## D1 - Developer 1\n\n- **Adopts**: learns the tools\n\n"
            "## D2 - Developer 2\n\n- **Designs**: designs features\n")
    result = run(text)
    fw = result.framework
    assert [(lvl.id, lvl.title) for lvl in fw.levels] == [("D1", "Developer 1"), ("D2", "Developer 2")]
    assert fw.competencies is None
    assert [a.name for a in fw.level("D1").areas] == ["Adopts"]
    assert any("table whose columns and rows name no levels" in note for note in fw.notes)
    cells = {u.text: u.place for u in result.ledger.units if u.kind == "cell"}
    assert cells["Senior"] == cells["Yes"] == "framework note" and NOT_PLACED not in cells.values()


def test_a_label_shared_by_levels_is_an_area_in_every_level() -> None:
    text = ("## IC1\n\n- Impact: Delivers small things.\n- Scope: Their team.\n\n"
            "## IC2\n\n- Impact: Delivers projects.\n  - Works across teams.\n- Scope: Their group.\n")
    fw = run(text).framework
    assert [[a.name for a in lvl.areas] for lvl in fw.levels] == [["Impact", "Scope"], ["Impact", "Scope"]]
    assert [e.text for e in fw.level("IC2").areas[0].expectations] == ["Delivers projects.", "Works across teams."]


def test_nested_examples_are_examples_not_required_items() -> None:
    text = ("## Level 1\n\n- Gives feedback in reviews\n  - Examples:\n    - Suggests a clearer name\n"
            "    - Points to a test gap\n- Writes docs\n  - e.g. a runbook for the service\n")
    exps = run(text).framework.level("1").areas[0].expectations
    assert [(e.text, e.examples, e.group) for e in exps] == [
        ("Gives feedback in reviews", ["Suggests a clearer name", "Points to a test gap"], None),
        ("Writes docs", ["a runbook for the service"], None)]


def test_experience_sentences_in_paragraphs_are_typed_criteria() -> None:
    text = ("# Staff Engineer\n\n- Leads.\n\n_Experience: Typically requires a minimum of 8 years of professional "
            "experience._\n")
    level = run(text).framework.levels[0]
    assert [(c.kind, c.min_years, c.advisory, c.expectation) for c in level.criteria] == [  # type: ignore[union-attr]
        ("experience", 8.0, True, None)]
    assert "_" not in level.criteria[0].source and level.criteria[0].source.startswith("Experience:")


def test_the_source_saying_levels_are_cumulative_makes_them_build_on_each_other() -> None:
    text = ("# L\n\nExpectations for a level add to the expectations of earlier levels.\n\n"
            "## IC1\n\n- a\n\n## IC2\n\n- b\n\n## IC3\n\n- c\n")
    fw = run(text).framework
    assert [lvl.builds_on for lvl in fw.levels] == [None, "IC1", "IC2"]
    assert [lvl.builds_on for lvl in run(text, cumulative=False).framework.levels] == [None, None, None]
    plain = text.replace("Expectations for a level add to the expectations of earlier levels.", "Hello.")
    assert [lvl.builds_on for lvl in run(plain, cumulative=True).framework.levels] == [None, "IC1", "IC2"]


def test_organisation_option_and_a_parenthetical_partition_of_columns() -> None:
    text = ("| Competency | Engineer | Senior (IC) | Senior (Manager) |\n|---|---|---|---|\n"
            "| Delivery | Ships tasks | Ships projects | Ships through the team |\n")
    fw = run(text, organisation="Acme Ltd").framework
    assert fw.organisation == "Acme Ltd"
    assert [(lvl.title, lvl.track, lvl.order, lvl.parallel) for lvl in fw.levels] == [
        ("Engineer", "main", 1, []), ("Senior (IC)", "ic", 2, ["senior-manager"]),
        ("Senior (Manager)", "manager", 2, ["senior-ic"])]


def test_equal_column_titles_stay_distinct_levels() -> None:
    text = "| Skill | Senior | Senior |\n|---|---|---|\n| Code | Writes it well | Reviews it well |\n"
    fw = run(text).framework
    assert len(fw.levels) == 2 and [lvl.title for lvl in fw.levels] == ["Senior", "Senior"]
    assert sorted(fw.competencies.items[0].cells.values()) == ["Reviews it well", "Writes it well"]  # type: ignore


def test_every_unit_ends_in_exactly_one_place() -> None:
    text = ("# Acme ladder\n\nIntro.\n\n## How does it work?\n\n- Agree a target.\n\n## Junior Engineer\n\n"
            "A summary.\n\n- Learns.\n\n<!-- a comment -->\n\n## Senior Engineer\n\n- Teaches.\n")
    ledger = run(text).ledger
    places = {u.text: u.place for u in ledger.units}
    assert places["Acme ladder"] == "name" and places["Intro."] == "description"
    assert places["Agree a target."] == "principle 1"
    assert places["Junior Engineer"] == "level junior-engineer (title)"
    assert places["A summary."] == "level junior-engineer (summary)"
    assert places["Learns."] == "level junior-engineer, expectation junior-engineer.1"
    assert places["<!-- a comment -->"] == "framework note"
    counts = ledger.counts()
    assert counts["units"] == len(ledger.units) == counts["in_levels"] + counts["elsewhere"] + counts["not_placed"]


def test_ledger_skips_and_not_placed_units_keep_their_reason() -> None:
    ledger = Ledger()
    ledger.add("cell", "Nope", Location("w.xlsx", 7, 3, "sheet 'A', cell C7"))
    ledger.add("cell", "Stray", Location("w.xlsx", 9, 2, "sheet 'A', cell B9"))
    ledger.skip(Location("w.xlsx", 7, 3, "sheet 'A', cell C7"), "Nope", "rating column")
    ledger.settle({"name": "Nope", "levels": []})
    assert [(u.place, u.reason, u.at()) for u in ledger.units] == [
        (NOT_PLACED, "rating column", "sheet 'A', cell C7"), (NOT_PLACED, "no place in the framework",
                                                              "sheet 'A', cell B9")]
    assert ledger.counts() == {"units": 2, "in_levels": 0, "verbatim_in_levels": 0, "elsewhere": 0, "not_placed": 2}


def test_table_option_says_which_table_is_the_ladder() -> None:
    text = ("# Skills\n\n| Term | Meaning |\n|---|---|\n| SLA | Service level agreement |\n\n"
            "| Skill | Apprentice | Journeyman |\n|---|---|---|\n| Welding | Tacks joints | Welds seams |\n")
    fw = run(text).framework  # the glossary names no levels: a note; the second table is the ladder
    assert [lvl.title for lvl in fw.levels] == ["Apprentice", "Journeyman"]
    assert any("SLA | Service level agreement" in note for note in fw.notes)
    chosen = run(text, table=2).framework
    assert [lvl.title for lvl in chosen.levels] == ["Apprentice", "Journeyman"]
    with pytest.raises(InvalidFile, match="no recognisable levels"):
        run(text.split("\n\n| Skill")[0] + "\n")


def test_bold_lines_over_lists_are_headings_and_bold_labels_under_them_areas() -> None:
    text = ("# Acme ladder\n\nIntro.\n\n**Engineer**\n\n- Writes code.\n\n**Senior Engineer**\n\n- Leads projects.\n\n"
            "**Responsibilities:**\n\n- Mentors others.\n\n## FAQ\n\n**Who decides?**\n\n- Your manager.\n")
    fw = run(text).framework
    assert [(lvl.title, [a.name for a in lvl.areas]) for lvl in fw.levels] == [
        ("Engineer", [None]), ("Senior Engineer", [None, "Responsibilities"])]
    assert [(p.heading, p.text) for p in fw.principles] == [("Who decides?", "Your manager.")]


def test_parallel_names_a_level_by_track_where_titles_repeat() -> None:
    text = ("# Eng\n\n## Backend\n\n### Senior\n\n- a\n\n### Staff\n\n- b\n\n"
            "## Frontend\n\n### Senior\n\n- c\n\n### Staff\n\n- d\n")
    with pytest.raises(UsageError, match="'Senior' names levels on several tracks; say which, as Backend/Senior"):
        run(text, parallel=(("Senior", "Senior"),))
    fw = run(text, parallel=(("Frontend/Senior", "Backend/Senior"),)).framework
    assert [(lvl.track, lvl.title, lvl.order) for lvl in fw.levels] == [
        ("backend", "Senior", 1), ("backend", "Staff", 2), ("frontend", "Senior", 1), ("frontend", "Staff", 2)]
    assert fw.levels[2].parallel == [fw.levels[0].id]


def test_markup_inside_structured_values_becomes_plain_text() -> None:
    from ladder.importer.blocks import inline_text

    assert inline_text("Completes tasks **on time** and ~~late~~ <em>clearly</em>") == (
        "Completes tasks on time and late clearly")
    assert inline_text("No markup: 2-5 years") == "No markup: 2-5 years"
    assert inline_text("Name <script>alert(1)</script> here") == "Name  here"  # the script's code is not text


def test_sub_levels_under_levels_are_a_question() -> None:
    text = ("# Ladder\n\n## Senior Engineer\n\n### Senior Engineer I\n\n- a\n\n### Senior Engineer II\n\n- b\n\n"
            "## Staff Engineer\n\n### Staff Engineer I\n\n- c\n")
    with pytest.raises(InvalidFile, match=r"l\.md:3:1: .*--levels-at h2, or --tracks-at h2 --levels-at h3"):
        run(text)
    assert [lvl.title for lvl in run(text, levels_at=2).framework.levels] == ["Senior Engineer", "Staff Engineer"]
    tracks = run(text, tracks_at=2, levels_at=3, rank_from="order").framework
    assert [(lvl.track, lvl.title) for lvl in tracks.levels] == [
        ("senior-engineer", "Senior Engineer I"), ("senior-engineer", "Senior Engineer II"),
        ("staff-engineer", "Staff Engineer I")]


def test_a_title_column_of_a_levels_table_titles_the_level() -> None:
    text = ("| Level | Title | Scope |\n|---|---|---|\n| P1 | Product Designer I | Designs one flow well |\n"
            "| P2 | Product Designer II | Designs a whole product area |\n")
    result = run(text)
    assert [(lvl.id, lvl.title, lvl.aliases, [a.name for a in lvl.areas]) for lvl in result.framework.levels] == [
        ("P1", "Product Designer I", ["P1"], ["Scope"]), ("P2", "Product Designer II", ["P2"], ["Scope"])]
    assert result.ledger.counts()["not_placed"] == 2  # the two header cells, each with its reason
    assert all(u.reason.startswith("header of the column") for u in result.ledger.not_placed())


def test_an_html_cell_spanning_level_columns_gives_its_text_to_each() -> None:
    page = ("<h1>Expectations</h1><table><tr><th>Skill</th><th>Level 1</th><th>Level 2</th><th>Level 3</th></tr>"
            "<tr><td>Code</td><td>Writes working code</td><td colspan=\"2\">Writes maintainable code</td></tr>"
            "<tr><td>Docs</td><td>Reads docs</td><td>Writes docs</td><td></td></tr></table>")
    fw = import_text(page, "p.html", "html").framework
    code, docs = fw.competencies.items  # type: ignore[union-attr]
    assert {level: code.cell(level).text for level in ("1", "2", "3")} == {  # type: ignore[union-attr]
        "1": "Writes working code", "2": "Writes maintainable code", "3": "Writes maintainable code"}
    assert docs.cell("3").no_expectation  # type: ignore[union-attr]  # an empty cell of its own stays empty
