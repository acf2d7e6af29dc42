"""The structured adapters: FT job families (YAML), UNiDAYS competency JSON and Monzo front matter, plus shape
detection and located errors. Each test reads a small fixture in the source's shape, builds the framework and
checks it validates with the right tracks, levels, ranks, parallel levels, areas and examples."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from ladder.errors import InvalidFile, Location, UsageError
from ladder.importer.build import build
from ladder.importer.frontmatter import read_front_matter
from ladder.importer.ledger import Ledger
from ladder.importer.options import Options
from ladder.importer.parsed import Parsed
from ladder.importer.structured import read_structured
from ladder.importer.unidays import topics_mode
from ladder.models.framework import Framework

FIXTURES = Path(__file__).parent / "fixtures" / "structured"


def _read(name: str, **options: str) -> tuple[Parsed, Ledger, str]:
    path = FIXTURES / name
    fmt: Literal["yaml", "json"] = "json" if path.suffix == ".json" else "yaml"
    ledger = Ledger()
    return read_structured(path.read_text(), str(path), fmt, ledger, Options(**options)), ledger, fmt


def _framework(parsed: Parsed, name: str, fmt: str, ledger: Ledger | None = None) -> Framework:
    data = build(parsed, str(FIXTURES / name), fmt, None, None)
    if ledger is not None:
        ledger.settle(data)
    return Framework.model_validate(data)


def _line_of(name: str, text: str) -> int:
    """The 1-based line of the fixture that holds text."""
    lines = (FIXTURES / name).read_text().split("\n")
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _yaml_error(text: str) -> InvalidFile:
    with pytest.raises(InvalidFile) as caught:
        read_structured(text, "x.yml", "yaml", Ledger(), Options())
    return caught.value


# ---------------------------------------------------------------- FT job families


def test_ft_family_levels_tracks_ranks_and_parallel_variants():
    parsed, ledger, fmt = _read("brightwater-platform.yml")
    fw = _framework(parsed, "brightwater-platform.yml", fmt, ledger)
    assert fw.name == "Platform"
    assert fw.description == ["How platform developers at Brightwater grow, from their first week to leading the group."]
    assert [(t.id, t.name) for t in fw.tracks] == [("platform", "Platform"), ("specialist", "Specialist"),
                                                   ("team-lead", "Team Lead")]
    levels = {lvl.id: lvl for lvl in fw.levels}
    assert [lvl.title for lvl in fw.levels] == ["Associate Developer (Apprentice)", "Developer",
                                                "Lead Developer (Specialist)", "Lead Developer (Team Lead)",
                                                "Head of Platform"]
    # a lone parenthetical is part of the title, not a track; the two Lead variants are tracks of one rank
    assert {i: (lvl.track, lvl.order) for i, lvl in levels.items()} == {
        "associate": ("platform", 1), "developer": ("platform", 2), "lead-spec": ("specialist", 3),
        "lead-team": ("team-lead", 3), "head": ("platform", 4)}
    assert levels["lead-spec"].parallel == ["lead-team"] and levels["lead-team"].parallel == ["lead-spec"]
    assert levels["head"].parallel == []


def test_ft_themes_are_areas_in_theme_order_with_proficiency_notes_and_principles():
    parsed, ledger, fmt = _read("brightwater-platform.yml")
    fw = _framework(parsed, "brightwater-platform.yml", fmt, ledger)
    associate = fw.level("associate")
    # the craft competency comes first in the file, but themes keep their own order
    assert [a.name for a in associate.areas] == ["Delivery", "Craft"]
    assert [e.text for e in associate.areas[1].expectations] == [
        "Follows the style guide and asks for review before merging."]
    assert associate.areas[1].notes == ["Proficiency: Learning"]
    # a competency summary is one expectation, verbatim (its numbered parts included)
    [craft] = fw.level("lead-spec").areas
    assert [e.text for e in craft.expectations] == [
        "1. Sets the testing approach for a service.\n\n2. Reviews designs from other groups."]
    assert fw.level("developer").areas[0].notes == ["Proficiency: Capable"]
    assert [(p.heading, p.text) for p in fw.principles] == [
        ("Delivery", "Ships working changes in small steps and keeps promises about dates."),
        ("Craft", "Writes code that the next person can read, change and trust.")]


def test_ft_ledger_has_each_value_at_its_line_and_the_tool_metadata_as_skipped():
    parsed, ledger, fmt = _read("brightwater-platform.yml")
    _framework(parsed, "brightwater-platform.yml", fmt, ledger)
    by_text = {u.text: u for u in ledger.units}
    unit = by_text["Splits a feature into tickets and delivers them in order."]
    assert unit.where.line == _line_of("brightwater-platform.yml", "Splits a feature") - 1  # the summary: key
    assert unit.where.path == "competencies[2].summary"
    assert unit.in_levels and unit.verbatim
    assert by_text["Head of Platform"].place.endswith("(title)")
    sheet = by_text["9f2c-platform-sheet"]
    assert sheet.skipped and sheet.place == "not placed"
    assert [u.text for u in ledger.not_placed()] == ["9f2c-platform-sheet"]


FT_HEAD = "name: Fam\nlevels:\n  - id: one\n    name: One\nthemes:\n  - id: t\n    name: T\n"


@pytest.mark.parametrize(("extra", "line", "path", "words"), [
    ("competencies:\n  - level: two\n    theme: t\n    summary: x\n", 9, "competencies[0].level", "'two'"),
    ("competencies:\n  - level: one\n    theme: nope\n    summary: x\n", 10, "competencies[0].theme", "'nope'"),
    ("competencies:\n  - level: one\n    theme: t\n    summary: [a, b]\n", 11, "competencies[0].summary",
     "should be text"),
])
def test_ft_malformed_competencies_are_located(extra, line, path, words):
    error = _yaml_error(FT_HEAD + extra)
    assert (error.location.line, error.location.path) == (line, path)
    assert words in error.message


def test_ft_level_without_a_name_or_with_a_repeated_id_is_located():
    error = _yaml_error("levels:\n  - id: a\n    name: A\n  - id: b\nthemes: []\ncompetencies: []\n")
    assert (error.location.line, error.location.path) == (4, "levels[1].name")
    assert "the level's name is missing" in error.message
    error = _yaml_error("levels:\n  - id: a\n    name: A\n  - id: a\n    name: B\nthemes: []\ncompetencies: []\n")
    assert (error.location.line, error.location.path) == (4, "levels[1].id")
    assert "two levels have the id 'a'" in error.message


# ---------------------------------------------------------------- UNiDAYS competency JSON


def test_unidays_role_summary_makes_each_topic_a_track_with_parallel_levels():
    parsed, ledger, fmt = _read("relay-roles.json")
    fw = _framework(parsed, "relay-roles.json", fmt, ledger)
    assert fw.name == "📊 Data"
    assert [(t.id, t.name, t.description) for t in fw.tracks] == [
        ("analytics", "📈 Analytics", "Analysts turn questions into numbers people can act on."),
        ("data-engineering", "🛠 Data Engineering", "Data engineers keep the pipelines flowing.")]
    got = {lvl.id: (lvl.title, lvl.track, lvl.order, lvl.parallel) for lvl in fw.levels}
    assert got == {
        "analytics-sprout": ("🌱 Sprout", "analytics", 1, ["data-engineering-sprout"]),
        "analytics-oak": ("🌳 Oak", "analytics", 3, ["data-engineering-oak"]),  # sapling, seen later, is 2
        "data-engineering-sprout": ("🌱 Sprout", "data-engineering", 1, ["analytics-sprout"]),
        "data-engineering-sapling": ("🌿 Sapling", "data-engineering", 2, []),
        "data-engineering-oak": ("🌳 Oak", "data-engineering", 3, ["analytics-oak"])}
    sprout = fw.level("analytics-sprout")
    assert sprout.summary == "Answers well-framed questions."
    assert [e.text for a in sprout.areas for e in a.expectations] == ["Writes SQL that others can rerun",
                                                                    "Checks a chart against the raw rows"]
    assert fw.level("analytics-oak").summary is None  # an empty summary is no summary


def test_unidays_json_values_are_located_at_their_lines():
    _, ledger, _ = _read("relay-roles.json")
    unit = next(u for u in ledger.units if u.text == "Adds alerts to the jobs they own")
    assert unit.where.line == _line_of("relay-roles.json", "Adds alerts to the jobs they own")
    assert unit.where.path == "topics[1].levels[1].criteria[0]"


def test_unidays_without_a_telling_summary_asks_for_the_topics_option():
    with pytest.raises(InvalidFile) as caught:
        _read("relay-skills.json")
    error = caught.value
    assert error.exit_code == 1
    assert "pass --topics tracks (each topic is a role with its own levels) or --topics areas (each topic is a " \
           "skill area of one role)" in error.message
    assert error.location.line == _line_of("relay-skills.json", '"summary": "What good support')


@pytest.mark.parametrize(("summary", "mode"), [
    ("Each Engineering role also has its own competencies, unique to each area of specialisation.", "tracks"),
    ("Our teams ship apps. Every topic below is a separate role in the team, with levels of its own.", "tracks"),
    ("Each topic is a skill area of one role.", "areas"),
    ("These are the skill areas every developer grows in.", "areas"),
    ("Each role has levels. The topics are skill areas.", None),  # says both: ask
    ("What good support looks like.", None),
    ("", None),
])
def test_unidays_summary_decides_only_when_it_says_one_thing(summary, mode):
    where = Location("u.json", 2, 1, "summary")
    if mode is None:
        with pytest.raises(InvalidFile) as caught:
            topics_mode(Options(), summary, where)
        assert caught.value.location == where
    else:
        assert topics_mode(Options(), summary, where) == mode


def test_unidays_topics_as_areas_of_one_track():
    parsed, ledger, fmt = _read("relay-skills.json", topics="areas")
    fw = _framework(parsed, "relay-skills.json", fmt, ledger)
    assert len(fw.tracks) == 1 and [lvl.id for lvl in fw.levels] == ["starter", "senior"]
    assert [lvl.order for lvl in fw.levels] == [1, 2]
    senior = fw.level("senior")
    assert senior.title == "Senior" and senior.aliases == ["Senior (Expert)"]
    assert [a.name for a in senior.areas] == ["Empathy", "Product knowledge"]
    starter = fw.level("starter")
    assert [(a.name, a.notes) for a in starter.areas] == [("Empathy", ["Listens first."]),
                                                          ("Product knowledge", ["Knows the main screens."])]
    assert [e.text for e in senior.areas[1].expectations] == ["Writes help centre articles",
                                                              "Trains new starters on billing"]
    assert [(p.heading, p.text) for p in fw.principles] == [("Empathy", "Understanding the customer's situation.")]


def test_unidays_topics_option_overrides_the_summary_and_is_checked():
    parsed, _, fmt = _read("relay-roles.json", topics="areas")
    assert [lvl.wanted for lvl in parsed.levels] == ["sprout", "sapling", "oak"]
    parsed, _, fmt = _read("relay-skills.json", topics="tracks")
    assert [t.name for t in _framework(parsed, "relay-skills.json", fmt).tracks] == ["Empathy", "Product knowledge"]
    with pytest.raises(UsageError) as caught:
        _read("relay-skills.json", topics="roles")
    assert caught.value.exit_code == 2 and "--topics tracks or --topics areas" in str(caught.value)


def test_unidays_criteria_must_be_texts():
    text = ('{"title": "T", "summary": "Each role is a topic.",\n "topics": [{"title": "A", "levels": [\n'
            '  {"title": "L", "criteria": ["fine",\n {"no": 1}]}]}]}')
    with pytest.raises(InvalidFile) as caught:
        read_structured(text, "u.json", "json", Ledger(), Options())
    assert (caught.value.location.line, caught.value.location.path) == (4, "topics[0].levels[0].criteria[1]")
    assert "should be text, not a mapping" in caught.value.message


# ---------------------------------------------------------------- Monzo front matter


def test_monzo_front_matter_levels_areas_and_examples():
    path = FIXTURES / "harbour-backend.md"
    ledger = Ledger()
    parsed, body = read_front_matter(path.read_text(), str(path), ledger, Options())
    assert parsed is not None
    assert body == _line_of("harbour-backend.md", "## About")  # the line after the closing ---
    assert (FIXTURES / "harbour-backend.md").read_text().split("\n")[body - 2] == "---"
    fw = _framework(parsed, "harbour-backend.md", "md", ledger)
    assert fw.name == "Harbour Backend Framework" and len(fw.tracks) == 1
    assert [(lvl.id, lvl.title, lvl.order) for lvl in fw.levels] == [
        ("1", "Level 1", 1), ("2", "Level 2", 2), ("3", "Level 3", 3), ("4", "Level 4", 4)]
    two = fw.level("2")
    assert [a.name for a in two.areas] == ["delivery"]  # no title: the topic's name
    assert [(e.text, e.examples) for e in two.areas[0].expectations] == [
        ("Ships features end to end", []),
        ("Explains trade-offs in pull requests", ["Chose a queue over polling and said why in the description",
                                                  "Listed the options not taken"])]
    assert [a.name for a in fw.level("3").areas] == ["🤝 People"]
    assert fw.level("4").areas == [] and fw.level("4").no_content
    example = next(u for u in ledger.units if u.text == "Listed the options not taken")
    assert example.where.line == _line_of("harbour-backend.md", "Listed the options") and example.in_levels
    assert next(u for u in ledger.units if u.text == "people").skipped  # an id, when the title names the area


def test_front_matter_absent_or_not_a_ladder():
    assert read_front_matter("# Ladder\n\n- a\n", "a.md", Ledger(), Options()) == (None, 1)
    assert read_front_matter("---\ntitle: Notes\n---\n# Ladder\n", "a.md", Ledger(), Options()) == (None, 4)
    assert read_front_matter("---\n\n# Heading after a rule\n", "a.md", Ledger(), Options()) == (None, 1)


def test_broken_front_matter_is_located_in_the_file():
    with pytest.raises(InvalidFile) as caught:
        read_front_matter("---\ntitle: ok\ntopics: [a, b\n---\nbody\n", "a.md", Ledger(), Options())
    assert caught.value.location.file == "a.md" and caught.value.location.line in (3, 4)


def test_monzo_content_level_out_of_range_is_located():
    text = "---\nlevels: 2\ntopics:\n  - name: x\n    content:\n      - level: 3\n        criteria: [a]\n---\n"
    with pytest.raises(InvalidFile) as caught:
        read_front_matter(text, "a.md", Ledger(), Options())
    assert (caught.value.location.line, caught.value.location.path) == (6, "topics[0].content[0].level")
    assert "from 1 to 2, not level 3" in caught.value.message


def test_monzo_shape_also_reads_as_plain_yaml():
    text = "title: Team\ntopics:\n  - name: craft\n    content:\n      - level: 2\n        criteria: [Writes tests]\n"
    parsed = read_structured(text, "m.yml", "yaml", Ledger(), Options())
    fw = Framework.model_validate(build(parsed, "m.yml", "yaml", None, None))
    assert [lvl.title for lvl in fw.levels] == ["Level 1", "Level 2"]  # no 'levels': the highest one named
    assert [e.text for e in fw.level("2").areas[0].expectations] == ["Writes tests"]


# ---------------------------------------------------------------- broken input and other shapes


def test_broken_yaml_is_located():
    error = _yaml_error("name: Fam\nlevels:\n  - id: a\n   name: b\n")
    assert error.location.line == 4 and error.location.file == "x.yml"


@pytest.mark.parametrize(("text", "line", "col", "words"), [
    ('{"title": "T",\n "topics": [1 2]}', 2, 15, "expected ',' between two items, or the closing bracket"),
    ('{"title": "T"\n "topics": []}', 2, 2, "expected ',' between two items, or the closing bracket"),
    ('{"title": "T", "summary": "unclosed}', 1, 27, "text is not closed with a double quote"),
    ('{"title": "T", "summary": "line\nbreak"}', 1, 32, "a control character (a line break or tab) inside text"),
    ('{"title": "T",\n  title2: 1}', 2, 3, "expected a key in double quotes"),
])
def test_broken_json_is_located_in_ladders_words(text, line, col, words):
    with pytest.raises(InvalidFile) as caught:
        read_structured(text, "u.json", "json", Ledger(), Options())
    error = caught.value
    assert (error.location.line, error.location.col) == (line, col)
    assert error.message == f"invalid JSON: {words}"


@pytest.mark.parametrize(("text", "fmt"), [
    ("team: Platform\nmembers: [a, b]\n", "yaml"),
    ("- a\n- b\n", "yaml"),
    ('[{"title": "x"}]', "json"),
    ('{"topics": [{"title": "no levels"}]}', "json"),
])
def test_other_shapes_are_usage_errors_naming_the_supported_ones(text, fmt):
    with pytest.raises(UsageError) as caught:
        read_structured(text, f"f.{fmt}", fmt, Ledger(), Options())
    assert caught.value.exit_code == 2
    assert "shape ladder does not import" in caught.value.message
    for shape in ("engineering-progression", "UNiDAYS", "Monzo"):
        assert shape in caught.value.hint


def test_a_ladder_framework_file_is_told_to_use_validate():
    with pytest.raises(UsageError) as caught:
        read_structured("schema_version: 1\nid: x\nlevels: []\n", "fw.yaml", "yaml", Ledger(), Options())
    assert str(caught.value) == "'fw.yaml' is already a ladder framework; check it with ladder validate"
