"""importer (package): Markdown, CSV and TSV ladders into frameworks; patterns, ids, groups, criteria, errors."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, FRAMEWORKS
from ladder.errors import InvalidFile, UsageError
from ladder.importer import MAX_LINE_LENGTH, Options, detect_format, import_file, import_text
from ladder.importer.blocks import split_cells
from ladder.importer.build import NO_CONTENT
from ladder.importer.criteria import criterion
from ladder.importer.parsed import MAX_LEVELS
from ladder.importer.text import clean, is_connective, level_heading, plain, slug
from ladder.load.loader import load_framework, validate
from ladder.load.yaml import parse_yaml
from ladder.models.framework import Framework
from ladder.models.queries import own_items, track_levels, walk
from ladder.render.yaml import dump_framework

IMPORT = DATA / "import"
FIXTURES = sorted(p for p in IMPORT.iterdir() if p.is_file())
# matrix.md has two tracks whose levels share no rank in the source: import asks, and this answers
FIXTURE_OPTIONS = {"matrix.md": Options(rank_from="order")}


def texts(framework, level_id):
    """Every expectation text a level states (area items, group items, then matrix cells)."""
    level = framework.level(level_id)
    return [e.text for a in level.areas for e in walk(a.expectations)] + [
        i.text for i in own_items(framework, level) if i.competency]


# ---------------------------------------------------------------- small parts


@pytest.mark.parametrize("heading, expected", [
    ("Senior Customer Support Representative, level 3",
     ("3", "Senior Customer Support Representative", ["Senior Customer Support Representative, level 3"], True)),
    ("Level 2: Engineer", ("2", "Engineer", ["Level 2: Engineer"], True)),
    ("Level IV", ("IV", "Level IV", [], True)),
    ("Senior Engineer (Level 4)", ("4", "Senior Engineer", ["Senior Engineer (Level 4)"], True)),
    ("S3 — Principal Technical Support Engineer", ("S3", "Principal Technical Support Engineer", [], False)),
    ("hero — Hero", ("hero", "Hero", [], False)),
    ("IC2: Senior Support Engineer", ("IC2", "Senior Support Engineer", ["IC2: Senior Support Engineer"], False)),
    ("Staff Engineer (E5)", ("E5", "Staff Engineer", ["Staff Engineer (E5)"], False)),
    ("**Level 1**", ("1", "Level 1", [], True)),
])
def test_level_headings_give_id_title_and_alias(heading, expected):
    assert level_heading(heading) == expected


@pytest.mark.parametrize("heading", ["Expert – Senior Candidate", "Technical Support Engineer - Intern",
                                     "Hero (Support rep) - Everyone starts here", "Principles", "Next level up"])
def test_titles_without_a_level_number_or_code_are_not_patterns(heading):
    assert level_heading(heading) is None


def test_slug_plain_and_connectives():
    assert slug("Product/Technical Knowledge") == "product-technical-knowledge"
    assert slug("Café Über") == "cafe-uber"
    assert len(slug("word " * 20)) <= 32 and not slug("word " * 20).endswith("-")
    assert plain("**Craft**") == "Craft" and plain("Tier 2 skills:") == "Tier 2 skills"
    assert [is_connective(t) for t in ["AND/OR", "OR", "and", "(or)", "Or:", "Orange", "AND/OR more"]] == [
        True, True, True, True, True, False, False]


def test_pipe_cells_keep_escaped_pipes_and_line_breaks():
    # the raw cells, for the width check (markdown-it reads the cells' inline text)
    assert split_cells("| a | b \\| c | d<br>e |") == [(3, "a"), (7, "b | c"), (16, "d<br>e")]
    assert [t for _, t in split_cells("x | | y")] == ["x", "", "y"]


@pytest.mark.parametrize("sentence, expected", [
    ("Usually at least 2-5 years of experience being a customer support professional.",
     {"kind": "experience", "min_years": 2.0, "max_years": 5.0, "advisory": True}),
    ("less than 2 yrs support experience", {"kind": "experience", "max_years": 2.0, "advisory": True}),
    ("5+ years of experience", {"kind": "experience", "min_years": 5.0}),
    ("24+ months", {"kind": "tenure", "min_months": 24}),
    ("At least 6 months in the team", {"kind": "tenure", "min_months": 6}),
    ("Can identify at least 3 tickets they have solved regarding an integration (SF/ET/HTTP connect).",
     {"kind": "evidence", "min_count": 3, "of": "tickets they have solved regarding an integration"}),
    ("Has passed the 6 month competency exam", {"kind": "exam", "exam": "6 month competency exam"}),
])
def test_unambiguous_phrases_become_typed_criteria(sentence, expected):
    found = criterion(sentence)
    assert found is not None
    found.pop("notes", None)
    assert found == expected


@pytest.mark.parametrize("sentence", [
    "Has at least 5 years of experience and 10+ years in tech.",  # two bars
    "2-5 years in the industry",  # years of what?
    "24+ months of experience",  # tenure or experience?
    "Handles at least 40 tickets per day",  # a rate, not a count of evidence
    "at the 1 year mark, if the hero has passed the 6 month competency exam, they can WFH 2 days per month",
    "Owns complex tickets end to end",
])
def test_ambiguous_or_plain_sentences_stay_prose(sentence):
    assert criterion(sentence) is None


def test_a_matrix_row_name_says_what_bare_years_count():
    assert criterion("2-4 years", "Typical experience") == {"kind": "experience", "min_years": 2.0, "max_years": 4.0}
    assert criterion("2-4 years") is None


def test_format_from_extension_or_override():
    assert [detect_format(p) for p in ["a.md", "b.MARKDOWN", "c.txt", "d.csv", "e.tsv", "f.tab", "g.HTM", "h.yml",
                                       "i.json", "j.xlsx"]] == [
        "md", "md", "md", "csv", "tsv", "tsv", "html", "yaml", "json", "xlsx"]
    assert detect_format("sheet.txt", "csv") == "csv"
    for name, kind in [("ladder.docx", "Word"), ("levels.tex", "LaTeX"), ("ladder.js", "JavaScript")]:
        with pytest.raises(UsageError, match=rf"cannot import '{name}': {kind} files are not a format ladder reads; "
                                             r"ladder imports Markdown .*XLSX.*convert the ladder to one of them$"):
            detect_format(name)
    with pytest.raises(UsageError, match=r"'\.wiki' files are .*or name its format with --from if it is one"):
        detect_format("page.wiki")
    with pytest.raises(UsageError, match="unknown input format"):
        detect_format("a.md", "pdf")


# ---------------------------------------------------------------- every fixture


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_imports_cleanly_and_round_trips_through_yaml(path):
    from ladder.checks.framework import check_framework

    result = import_file(path, options=FIXTURE_OPTIONS.get(path.name))
    text = dump_framework(result.framework)
    document = parse_yaml(text, "out.yaml")
    again = validate(Framework, document)
    assert again == result.framework
    assert check_framework(again, document.locate) == []  # not even a warning: --strict passes
    assert result.warnings == []
    assert again.source.file == str(path)
    assert import_file(path, options=FIXTURE_OPTIONS.get(path.name)).framework == result.framework  # stable ids: same input, same output


# ---------------------------------------------------------------- shapes


def test_basecamp_headings_bullets_groups_and_experience():
    fw = import_file(IMPORT / "basecamp.md").framework
    assert fw.name == "Titles for Support"
    assert fw.description == [
        "We use the following criteria to assess the level and title of our Support team members at Basecamp."]
    assert [(lvl.id, lvl.order) for lvl in fw.levels] == [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]
    level4 = fw.level("4")
    assert level4.title == "Lead Customer Support Representative"
    assert level4.aliases == ["Lead Customer Support Representative, level 4"]
    tier2 = level4.areas[0].expectations[2]
    assert tier2.text == "Tier 2/UX skills developing:"
    assert (tier2.group.satisfied_by, tier2.group.connective) == ("any", "AND/OR")
    assert [i.id for i in tier2.group.items] == ["4.3.a", "4.3.b"]
    assert tier2.group.items[0].text.startswith("Has console experience, including bug investigation")
    assert fw.level("5").areas[0].expectations[2].group.connective == "OR"
    crit = fw.level("2").criteria[0]
    assert (crit.kind, crit.min_years, crit.max_years, crit.advisory) == ("experience", 2, 5, True)
    assert crit.source == "Usually at least 2-5 years of experience being a customer support professional."
    assert crit.expectation == "2.5"
    assert fw.level("1").areas[0].expectations[4].text == (  # a bullet stays one expectation, wording untouched
        "Works on routine emails or calls. Sometimes assigns emails to others versus finding the answers "
        "themselves, is new to Basecamp’s products")


def test_intercom_tsv_is_a_competency_matrix():
    fw = import_file(IMPORT / "intercom.tsv").framework
    assert fw.name == "General Frontline CS Competency Matrix"
    assert [lvl.id for lvl in fw.levels] == ["beginner", "practitioner", "advanced", "expert", "master"]
    assert fw.level("expert").title == "Expert – Senior Candidate"
    rows = {c.name: c for c in fw.competencies.items}
    assert rows["1:1s"].id == "1-1s"
    assert rows["1:1s"].cells["advanced"] == "Leads 1:1s prepared with questions."
    assert rows["Extra Projects"].cell("beginner").no_expectation
    assert texts(fw, "beginner")[0] == "Basic understanding of tools and general workflows. Low volume."
    assert "None" not in texts(fw, "beginner")


def test_heroes_plain_text_reads_lines_before_lists_as_levels():
    fw = import_file(IMPORT / "heroes.txt").framework
    assert fw.name == "Sample Support Career Advancement Formula"
    assert [(lvl.id, lvl.title) for lvl in fw.levels][:2] == [
        ("hero", "Hero (Support rep) - Everyone starts here. Default status"),
        ("superhero", "Superhero (Advanced Support Technician) - Can WFH 4 days per month")]
    kinds = {(c.kind, getattr(c, "min_months", None) or getattr(c, "min_count", None)) for c in fw.level("superhero").criteria}
    assert kinds == {("evidence", 3), ("tenure", 24)}
    assert [c.min_months for c in fw.level("senior-superhero").criteria] == [36]


def test_whatfix_shape_tracks_areas_summaries_and_links():
    fw = import_file(IMPORT / "whatfix.md").framework
    assert (fw.organisation, fw.name) == ("Whatfix", "Customer Support Career & Competency Framework")
    assert [(t.id, t.name) for t in fw.tracks] == [("individual-contributor-ic", "Individual Contributor (IC)"),
                                                   ("people-manager", "People Manager")]
    assert [lvl.id for lvl in track_levels(fw, "people-manager")] == ["SL1", "SL2"]
    s0, s1, s2, s3, sl1 = (fw.level(i) for i in ["S0", "S1", "S2", "S3", "SL1"])
    assert s0.no_content == NO_CONTENT and s0.title == "Technical Support Engineer - Intern"
    assert s1.summary.startswith("You deliver value to customers")
    assert [(a.name, a.number) for a in s1.areas + s2.areas] == [
        ("Ticket Resolution", None), ("SLA Adherence", None), ("Ticket Review & Tracking", "01")]
    assert s1.areas[0].expectations[0].id == "S1.ticket-resolution.1"
    assert (s2.builds_on, s3.builds_on, sl1.builds_on) == ("S1", "S2", "S2")
    assert (s3.parallel, sl1.parallel, s3.order) == (["SL1"], ["S3"], sl1.order)
    assert fw.principles[0].text == "Each level builds on the expectations from previous level"


def test_handbook_intro_sections_groups_repeats_and_criteria():
    result = import_file(IMPORT / "handbook.md")
    fw = result.framework
    assert fw.name == "Acme Support Engineering Ladder"
    assert fw.description == ["Our ladder describes what we expect at each level. It is a guide, not a checklist.",
                              "Levels are cumulative.", "Managers and engineers calibrate twice a year."]
    assert [(p.heading, p.text[:20]) for p in fw.principles] == [
        ("How to read this page", "Each level lists its"), ("FAQ", "Who decides? Your ma")]
    assert [lvl.id for lvl in fw.levels] == ["IC1", "IC2", "IC3"]  # FAQ is not a level
    first = fw.level("IC1").areas[0].expectations
    assert [e.text for e in first] == ["Replies to tickets in the queue within the SLA", "Writes clear, friendly answers"]
    assert first[0].notes == ["The source repeats this text at line 26."]
    escalate = fw.level("IC2").areas[0].expectations[1]
    assert (escalate.group.satisfied_by, [i.text for i in escalate.group.items]) == (
        "any", ["A reproduction", "A workaround", "Logs and a timeline"])
    assert [(c.kind, c.expectation) for c in fw.level("IC2").criteria] == [
        ("experience", "IC2.growth.1"), ("tenure", "IC2.growth.2"), ("evidence", "IC2.growth.3")]
    assert fw.level("IC3").notes == [  # "Levels are cumulative." in the introduction: each builds on the one before
        "Anything not listed here is agreed with your manager.",
        "Builds on 'Senior Support Engineer' because the source says levels build on earlier ones "
        "('Levels are cumulative').", ]
    assert [lvl.builds_on for lvl in fw.levels] == [None, "IC1", "IC2"]
    assert [u.reason for u in result.unplaced] == ["HTML comment, not read", "repeated bullet, kept once"]
    assert any("HTML comment" in note for note in fw.notes)


def test_markdown_tables_under_headings_become_tracks_with_distinct_repeated_rows():
    fw = import_file(IMPORT / "matrix.md", options=FIXTURE_OPTIONS["matrix.md"]).framework
    assert [t.name for t in fw.tracks] == ["Individual contributor", "Manager"]
    assert [(lvl.id, lvl.title, lvl.track) for lvl in fw.levels][3:] == [
        ("M1", "Manager", "manager"), ("M2", "Senior Manager", "manager")]
    rows = [(c.id, c.group, c.name) for c in fw.competencies.items]
    assert rows == [("craft-mastery", "Craft", "Mastery"), ("quality", "Craft", "Quality"),
                    ("impact-mastery", "Impact", "Mastery"), ("scope", "Impact", "Scope"),
                    ("people", "Craft", "People")]
    mastery = fw.competencies.items[0]
    assert mastery.cells["M1"] == "Coaches the tools"  # same group and name in the manager table: one row
    assert fw.competencies.items[1].cells["engineer"] == "Reviews tests | coverage"
    assert fw.competencies.items[3].cells["senior"] == "Group\nand partners"
    assert fw.competencies.items[1].cell("M1").no_expectation


def test_csv_groups_description_column_continuation_rows_and_criteria():
    result = import_file(IMPORT / "support.csv")
    fw = result.framework
    assert (fw.name, fw.description) == ("Acme Support Competencies", ["Rows are competencies; columns are levels."])
    assert [(lvl.id, lvl.title) for lvl in fw.levels] == [("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")]
    comms = fw.competencies.items[1]
    assert (comms.group, comms.description) == ("Customer", "Writes and speaks clearly")
    assert comms.cells["2"] == "Clear, short answers\n(in every channel)"
    assert result.unplaced[0].line == 8 and "joined to row 'Communication'" in result.unplaced[0].reason
    empty = fw.competencies.items[2].cell("3")
    assert empty.no_expectation and empty.notes == ["The source cell is empty."]
    crit = fw.level("2").criteria
    assert [(c.kind, c.source, c.advisory) for c in crit] == [
        ("experience", "Usually 2-5 years of experience", True), ("tenure", "12+ months", False)]


def test_org_and_name_options_and_semicolon_csv():
    fw = import_text("T\nCompetency;Junior;Senior\nCraft;Learns;Teaches\n", "s.csv", "csv", "acme", "Acme ladder").framework
    assert (fw.id, fw.name, fw.source.title) == ("acme", "Acme ladder", "T")
    assert fw.competencies.items[0].cells == {"junior": "Learns", "senior": "Teaches"}
    with pytest.raises(UsageError, match="not a valid id"):
        import_text("## Level 1\n\n- x\n", "a.md", "md", org="no spaces")


def test_nested_headings_read_tracks_levels_and_areas_with_ranks_per_track_when_asked():
    text = ("# Ladder\n\n## Engineering\n\n### Junior\n\n#### Code\n\n- Writes code\n\n"
            "### Senior\n\n#### Code\n\n- Reviews code\n\n## Management\n\n### Lead\n\n#### People\n\n- Runs 1:1s\n")
    fw = import_text(text, "l.md", "md", options=Options(rank_from="order")).framework
    assert [(lvl.id, lvl.track) for lvl in fw.levels] == [
        ("junior", "engineering"), ("senior", "engineering"), ("lead", "management")]
    assert fw.level("senior").areas[0].expectations[0].id == "senior.code.1"


def test_same_level_number_on_two_tracks_gets_the_track_in_its_id():
    text = "# L\n\n## IC\n\n### Level 1\n\n- a\n\n## Manager\n\n### Level 1\n\n- b\n"
    fw = import_text(text, "l.md", "md").framework
    assert [lvl.id for lvl in fw.levels] == ["ic-1", "manager-1"]


def test_flat_connective_bullets_and_single_nested_bullets():
    text = "## Level 1\n\n- Writes docs\n- OR\n- Records videos\n- Leads reviews\n  - Writes the summary\n"
    exps = import_text(text, "a.md", "md").framework.level("1").areas[0].expectations
    assert (exps[0].text, exps[0].group.connective, [i.text for i in exps[0].group.items]) == (
        "OR", "OR", ["Writes docs", "Records videos"])
    assert [e.text for e in exps[1:]] == ["Leads reviews", "Writes the summary"]


def test_tables_with_the_same_levels_share_a_track_and_their_headings_name_groups():
    table = "| Competency | Junior | Senior |\n|---|---|---|\n| {0} | a {0} | b {0} |\n"
    text = ("# Matrices\n\n## Engineering matrix\n\n### Technical\n\n" + table.format("Code")
            + "\n### Behavioural\n\n" + table.format("Talk") + "\n## Managers\n\n"
            + "| Competency | M1 | M2 |\n|---|---|---|\n| People | 1:1s | Coaching |\n")
    fw = import_text(text, "m.md", "md", options=Options(rank_from="order")).framework
    assert [(t.id, t.name) for t in fw.tracks] == [("engineering-matrix", "Engineering matrix"), ("managers", "Managers")]
    assert [lvl.id for lvl in fw.levels] == ["junior", "senior", "M1", "M2"]
    assert [(c.group, c.name, c.cells.get("senior")) for c in fw.competencies.items[:2]] == [
        ("Technical", "Code", "b Code"), ("Behavioural", "Talk", "b Talk")]
    people = fw.competencies.items[2]
    assert (people.group, people.cells["M1"], people.cell("senior").no_expectation) == (None, "1:1s", True)
    assert people.cell("senior").notes == ["The source's table for this row has no such column."]


def test_csv_with_category_and_skill_columns():
    fw = import_file(IMPORT / "skills.csv").framework
    assert [lvl.id for lvl in fw.levels] == ["junior", "mid", "senior"]
    assert [(c.group, c.name, c.description) for c in fw.competencies.items] == [
        ("Technical", "Debugging", "Finds the cause of a fault"), ("Technical", "Product knowledge", None),
        ("People", "Mentoring", None), ("People", "Feedback", None)]
    assert fw.competencies.items[3].cells["senior"] == "Coaches others, in every team"


def test_bare_level_codes_and_bulleted_area_labels():
    text = ("# Support framework\n\n## What is expected?\n\n- Impact\n- Scope\n\n## Levels\n\n## IC1\n\n"
            "- Impact:\n\n  - Triages tickets.\n  - Handles a steady volume.\n\n- Scope: Learns the tools.\n\n"
            "## IC2\n\n- **Impact:**\n  - Resolves any ticket.\n- Teamwork:\n  - Helps others.\n")
    fw = import_text(text, "s.md", "md").framework
    assert [(lvl.id, lvl.title) for lvl in fw.levels] == [("IC1", "IC1"), ("IC2", "IC2")]
    assert [(p.heading, p.text) for p in fw.principles] == [("What is expected?", "Impact"), ("What is expected?", "Scope")]
    ic1 = fw.level("IC1")
    assert [(a.name, [e.text for e in a.expectations]) for a in ic1.areas] == [
        ("Impact", ["Triages tickets.", "Handles a steady volume."]), ("Scope", ["Learns the tools."])]
    assert [a.name for a in fw.level("IC2").areas] == ["Impact", "Teamwork"]


def test_a_tier_label_among_sentences_stays_a_group():
    text = "## Level 4\n\n- Works autonomously.\n- Tier 2 skills:\n  - Console work\n  - Reviews\n"
    exps = import_text(text, "b.md", "md").framework.level("4").areas[0].expectations
    assert exps[1].group.satisfied_by == "all" and [i.text for i in exps[1].group.items] == ["Console work", "Reviews"]


def test_links_keep_their_words_in_the_text_and_their_targets_in_source_links():
    text = "# L\n\nSee [the handbook](https://example.com/hb \"Handbook\").\n\n## Level 1\n\n- Follows [our values](/values).\n"
    fw = import_text(text, "l.md", "md").framework
    assert fw.description == ["See the handbook."]
    assert fw.level("1").areas[0].expectations[0].text == "Follows our values."
    assert [(link.label, link.url) for link in fw.source.links] == [
        ("the handbook", "https://example.com/hb"), ("our values", "/values")]


def test_setext_headings():
    text = "Acme ladder\n===========\n\nIntro.\n\nJunior, level 1\n---------------\n\n- Learns\n"
    fw = import_text(text, "a.md", "md").framework
    assert (fw.name, fw.description, [(lvl.id, lvl.title) for lvl in fw.levels]) == (
        "Acme ladder", ["Intro."], [("1", "Junior")])


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name, content, message", [
    ("empty.md", b"", "empty.md:1:1: error: file is empty"),
    ("blank.csv", b"\n  \n", "blank.csv:1:1: error: file is empty"),
    ("ragged.md", b"# T\n\n| | L1 | L2 |\n|---|---|---|\n| a | 1 | 2 |\n| b | 1 |\n",
     "ragged.md:6:10: error: ragged table: this row has 2 cells, the header has 3"),
    ("extra.md", b"| | L1 |\n|---|---|\n| a | 1 | 2 |\n", "extra.md:3:11: error: ragged table: this row has 3 cells"),
    ("ragged.csv", b"T\nC,L1,L2\nx,1,2\ny,1,2,3\n", "ragged.csv:4:7: error: ragged row: it has 4 cells"),
    ("prose.md", b"# Title\n\nJust prose.\n\nMore prose.\n", "prose.md:1:1: error: no recognisable levels"),
    ("one.csv", b"a single title\n", "one.csv:1:1: error: no recognisable levels"),
    ("header.tsv", b"\tL1\tL2\n", "header.tsv:1:1: error: table has a header row but no rows"),
    ("binary.md", b"# T\n\x00\x01", "binary.md:2:1: error: binary data (a NUL byte), expected a text file"),
    ("utf16.md", "# Level 1".encode("utf-16"), "utf16.md:1:1: error: file is UTF-16, expected UTF-8"),
    ("latin1.csv", "T\nC,L1\nx,caf\xe9\n".encode("latin-1"), "latin1.csv:3:6: error: invalid UTF-8 byte 0xe9"),
])
def test_bad_input_is_a_located_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InvalidFile) as caught:
        import_file(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")
    assert caught.value.exit_code == 1


def test_hostile_shapes_are_located_errors_not_tracebacks(tmp_path):
    deep = tmp_path / "deep.md"
    deep.write_text("## Level 1\n\n" + "".join(" " * (2 * i) + f"- x{i}\n" for i in range(40)), encoding="utf-8")
    with pytest.raises(InvalidFile, match=r"deep.md:13:21: error: bullets nested more than 10 levels deep"):
        import_file(deep)
    huge = tmp_path / "huge.csv"
    huge.write_text("C,L1,L2\n" + "X,a,b\n" * 10_001, encoding="utf-8")
    with pytest.raises(InvalidFile, match=r"huge.csv:10002:1: error: more than 20,000 expectations and matrix cells"):
        import_file(huge)


def test_a_long_run_of_blank_lines_inside_a_list_keeps_one_list():
    fw = import_text("## Level 1\n\n- a" + "\n" * 100_000 + "- b\n", "b.md", "md").framework
    assert [e.text for e in fw.level("1").areas[0].expectations] == ["a", "b"]


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        import_file(tmp_path / "nope.md")


# ---------------------------------------------------------------- hostile shapes, read in linear time
# The long inputs below took from seconds to hours before (a pattern retried a long run of spaces, digits, brackets
# or stars from every character of it, or a text was copied once per line or row); the results are what the old code
# gave where it finished. Each is now read, or refused by a limit no ladder comes near, in well under a second: a
# regression shows up as a test that hangs, not as a timed assertion.

SPACES = " " * 90_000  # a run just inside MAX_LINE_LENGTH


def test_a_long_run_of_spaces_in_a_heading():
    assert level_heading(f"a{SPACES}b") is None
    assert level_heading(f"Senior,{SPACES}level 3") == ("3", "Senior", [f"Senior,{SPACES}level 3"], True)
    assert level_heading(f"Staff{SPACES}(E5)") == ("E5", "Staff", [f"Staff{SPACES}(E5)"], False)
    assert level_heading(f"Staff -{SPACES}x") is None
    text = (f"# T\n\n## Junior{SPACES}(after onboarding)\n\n- Learns\n\n"
            f"## Senior\n\n### Craft{SPACES}skills ##\n\n- Teaches\n")
    fw = import_text(text, "s.md", "md").framework
    assert [(lvl.id, lvl.title) for lvl in fw.levels] == [("junior", f"Junior{SPACES}(after onboarding)"),
                                                         ("senior", "Senior")]
    assert fw.level("senior").areas[0].name == f"Craft{SPACES}skills"  # the closing #s dropped
    lines = import_text(f"Junior,{SPACES}level 1\n- Learns\n", "p.txt", "md").framework  # no headings at all
    assert [(lvl.id, lvl.title) for lvl in lines.levels] == [("1", "Junior")]


@pytest.mark.parametrize("line, text", [
    ("## Title ##", "Title"), ("## Title#", "Title#"), ("# a \t#  ", "a"), ("## a # b", "a # b"),
])
def test_atx_heading_text_drops_only_a_closing_run_of_hashes(line, text):
    assert import_text(f"{line}\n\n- x\n", "h.md", "md").framework.level(slug(text) or "level-1").title == text


def test_long_runs_of_digits_or_spaces_in_criteria_sentences(tmp_path):
    digits = "1" * 90_000
    assert criterion(f"experience {digits}") is None
    assert criterion(f"{digits}x months") is None
    assert criterion(f"experience 1-2{SPACES}x") is None
    assert criterion(f"{digits} 5+ years of experience") == {"kind": "experience", "min_years": 5.0}
    path = tmp_path / "digits.csv"
    path.write_text(f"Skill,Junior\nExperience,{digits} years\nTenure,{digits}x months\n", encoding="utf-8")
    fw = import_file(path).framework
    assert fw.level("junior").criteria == []
    assert [c.cells["junior"] for c in fw.competencies.items] == [f"{digits} years", f"{digits}x months"]


@pytest.mark.parametrize("text, expected", [
    ("[a [b](c) d", "a [b d"), ('![img](u.png) and [x](y "T")', "img and x"), ('[a](b "t" ) [c](d)', '[a](b "t" ) c'),
    ("[x]\n(y)", "[x]\n(y)"), ("[a](b c) [d](e)", "[a](b c) d"), ("[a]](b)", "[a]](b)"), ("[](x)", ""),
    ("\\[a](b)", "[a](b)"), ("\\\\[a](b)", "\\a"),  # CommonMark: an escaped '[' opens no link, an escaped '\\' does not
])
def test_links_keep_their_words(text, expected):
    assert clean(text) == expected


def test_long_runs_of_link_brackets():
    brackets, unclosed = "[" * 90_000, "[a](b" * 18_000
    text = f"## Level 1\n\n- {brackets}\n- {unclosed} [c](d)\n- ![i](u) and [x](y \"T\")\n"
    fw = import_text(text, "l.md", "md").framework
    # an image is not text of the ladder: it is left out with a note
    assert [e.text for e in fw.level("1").areas[0].expectations] == [brackets, f"{unclosed} c", "and x"]
    assert [(link.label, link.url) for link in fw.source.links] == [("c", "d"), ("x", "y")]


def test_deep_wrapping_emphasis():
    stars, alternating = "*" * 40_000, "*_" * 20_000
    assert plain(f"{stars}Level 7{stars}") == "Level 7"
    assert level_heading(f"{stars}Level 7{stars}") == ("7", "Level 7", [], True)
    assert plain(f"{alternating}Craft{alternating[::-1]}") == "Craft"
    assert plain(f"{stars}a b {stars}") == "a b"
    assert [plain(t) for t in ["***a***", "**a*", "* a *", "** a**", "*****", "__init__", "*a\nb*"]] == [
        "a", "*a", "* a *", "* a*", "*", "init", "*a\nb*"]
    fw = import_text(f"## {stars}Level 7{stars}\n\n- x\n", "w.md", "md").framework
    assert [(lvl.id, lvl.title) for lvl in fw.levels] == [("7", "Level 7")]


def test_a_long_run_of_spaces_in_a_table_delimiter_row():
    fw = import_text(f"| Skill | L1 |\n|-{SPACES}|---|\n| Code | Writes |\n", "t.md", "md").framework
    assert fw.competencies.items[0].cells == {"L1": "Writes"}
    for end in ["x|", "::|"]:  # not a delimiter row, so no table: plain text
        with pytest.raises(InvalidFile, match=r"t\.md:1:1: error: no recognisable levels"):
            import_text(f"| Skill | L1 |\n|-{SPACES}{end}\n| Code | Writes |\n", "t.md", "md")


WRAPPED = "and more words wrapped onto the next line by an editor that breaks lines at eighty columns"


def test_many_wrapped_lines_of_a_bullet_are_joined_once():
    text = "## Level 1\n\n- Starts here\n" + f"  {WRAPPED}\n" * 40_000
    exps = import_text(text, "w.md", "md").framework.level("1").areas[0].expectations
    assert [e.text for e in exps] == [" ".join(["Starts here"] + [WRAPPED] * 40_000)]


def test_many_continuation_rows_of_a_table_are_joined_once():
    text = "Skill,L1,L2\nCode,Writes,Reviews\n" + f",{WRAPPED},\n" * 40_000
    result = import_text(text, "w.csv", "csv")
    assert result.framework.competencies.items[0].cells == {"L1": "\n".join(["Writes"] + [WRAPPED] * 40_000),
                                                             "L2": "Reviews"}
    assert len(result.unplaced) == 40_000 and result.unplaced[-1].reason == "joined to row 'Code' above"


def test_many_tables_repeating_a_row_name():
    # the n-th row of a name looks up the n-th row of that name in the earlier tables (a row split over tracks)
    text = "| Skill | L1 |\n|---|---|\n| a | b |\n\n" * 4_000 + "| Skill | L1 |\n|---|---|\n" + "| a | c |\n" * 8_000
    items = import_text(text, "t.md", "md").framework.competencies.items
    assert len(items) == 12_000 and [c.cells["L1"] for c in items[3_999:4_001]] == ["b", "c"]


def test_more_levels_or_longer_lines_than_any_ladder_are_located_errors():
    many = "# T\n" + "".join(f"## Level {i}\n- x\n" for i in range(1, 20_000))
    with pytest.raises(InvalidFile, match=rf"^l.md:{2 * MAX_LEVELS + 2}:1: error: more than 1,000 levels; "):
        import_text(many, "l.md", "md")
    wide = "Skill," + ",".join(f"L{i}" for i in range(MAX_LEVELS + 1)) + "\nCode" + ",x" * (MAX_LEVELS + 1) + "\n"
    with pytest.raises(InvalidFile, match=r"^w.csv:1:1: error: more than 1,000 levels; "):
        import_text(wide, "w.csv", "csv")
    table = "# T\n\n| Skill |" + " L |" * (MAX_LEVELS + 4) + "\n" + "|---" * (MAX_LEVELS + 5) + "|\n| a |\n"
    with pytest.raises(InvalidFile, match=r"^t.md:3:1: error: table has 1,005 columns, more than 1,000 levels; "):
        import_text(table, "t.md", "md")
    longest = "## Level 1\n\n- " + "x" * (MAX_LINE_LENGTH - 2) + "\n"
    assert import_text(longest, "x.md", "md").framework.level("1")  # a line of 100,000 characters is read
    with pytest.raises(InvalidFile, match=r"^x.md:3:1: error: line is longer than 100,000 characters; "):
        import_text(longest.replace("- ", "- x"), "x.md", "md")


# ---------------------------------------------------------------- round trip (the Markdown shape read back)


def render(framework) -> str:
    """The Markdown shape the importer reads back losslessly (see the report/README of `ladder import`)."""
    lines = [f"# {framework.organisation} — {framework.name}", ""]
    lines += [line for paragraph in framework.description for line in (paragraph, "")]
    for track in framework.tracks:
        lines += [f"## {track.name}", ""]
        for level in track_levels(framework, track.id):
            lines += [f"### {level.id} — {level.title}", ""]
            lines += [level.summary, ""] if level.summary else []
            lines += [f"*{level.no_content}*", ""] if level.no_content else []
            facts = " ".join(([f"Builds on {level.builds_on}."] if level.builds_on else [])
                             + ([f"Parallel to {', '.join(level.parallel)}."] if level.parallel else []))
            lines += [f"*{facts}*", ""] if facts else []
            for area in level.areas:
                lines += [f"#### {area.name}", ""] if area.name else []
                lines += bullets(area.expectations) + [""]
            for item in (own_items(framework, level) if not level.areas else []):
                lines += [f"#### {item.area}", "", f"- {item.text}", ""]
    return "\n".join(lines)


def bullets(expectations, depth=0) -> list[str]:
    out = []
    for exp in expectations:
        out.append(f"{'  ' * depth}- {exp.text}")
        for k, item in enumerate(exp.group.items if exp.group else []):
            out += [f"{'  ' * (depth + 1)}- {exp.group.connective}"] if k and exp.group.connective else []
            out += bullets([item], depth + 1)
    return out


@pytest.mark.parametrize("path", sorted(FRAMEWORKS.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_framework_round_trips_through_markdown(path):
    original = load_framework(path).model
    back = import_text(render(original), f"{path.stem}.md", "md").framework
    assert [(lvl.id, lvl.title) for lvl in back.levels] == [
        (lvl.id, lvl.title) for t in original.tracks for lvl in track_levels(original, t.id)]
    for level in original.levels:
        # a matrix comes back as one area per competency: the same texts, now area items
        assert texts(back, level.id) == texts(original, level.id)
        assert back.level(level.id).builds_on == level.builds_on
        assert back.level(level.id).parallel == level.parallel
    assert [t.name for t in back.tracks] == [t.name for t in original.tracks]
    assert (back.organisation, back.name, back.description) == (
        original.organisation, original.name, original.description)


# ---------------------------------------------------------------- any input: a strict-valid framework or a located error

MD_PIECES = ["# ", "## ", "### ", "- ", "  - ", "    - ", "1. ", "| ", " | ", "|---|---|", "\n", "\n\n", "Level 1",
             "level 2", "S3 — ", "IC2: ", "AND/OR", "OR", "**", "*", "Builds on S3.", "Title", ":", ",", "—", "(",
             ")", "24+ months", "at least 3 tickets", "2-5 years of experience", "None", "<br>", "\\|", "[a](b)",
             "<!--", "-->", "---", "===", "```", "> ", "\t", " ", "é", "Usually", "FAQ", "*Source: T.*", "Impact:",
             "x", "1:1s", "010", "yes"]
CSV_PIECES = [",", ";", "\t", "\n", '"', "a", "B", "Level 1", "None", " ", "2-5 years", "Experience", "Category",
              "Skill", "Description", "**G**"]


def _strict_valid_or_located_error(text: str, fmt: str) -> None:
    from ladder.checks.framework import check_framework
    from ladder.errors import LadderError

    try:
        result = import_text(text, f"f.{fmt}", fmt)
    except LadderError as exc:
        assert str(exc).startswith("f.") or exc.exit_code == 2
        return
    document = parse_yaml(dump_framework(result.framework), "out.yaml")
    assert validate(Framework, document) == result.framework
    assert check_framework(result.framework, document.locate) == []


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(MD_PIECES), max_size=50).map("".join))
def test_any_markdown_imports_strict_valid_or_fails_located(text):
    _strict_valid_or_located_error(text, "md")


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(CSV_PIECES), max_size=40).map("".join), st.sampled_from(["csv", "tsv"]))
def test_any_table_imports_strict_valid_or_fails_located(text, fmt):
    _strict_valid_or_located_error(text, fmt)
