"""show.py: the data behind `ladder show` and `ladder list`, on the real frameworks."""

from __future__ import annotations

import pytest

from conftest import FRAMEWORKS
from ladder.errors import UsageError
from ladder.load.loader import load_framework
from ladder.logic.show import level_view, list_row, overview
from ladder.logic.wording import criterion_label
from ladder.models.queries import find_level


@pytest.fixture(scope="module")
def fw():
    return {name: load_framework(FRAMEWORKS / f"{name}.yaml").model
            for name in ["whatfix", "heroes", "basecamp", "intercom"]}


def test_level_lookup_by_id_alias_or_title_case_insensitively(fw):
    whatfix = fw["whatfix"]
    assert find_level(whatfix, "S3").id == "S3"
    assert find_level(whatfix, "s3").id == "S3"
    assert find_level(whatfix, "principal technical support engineer").id == "S3"
    assert find_level(fw["heroes"], "SUPERHERO").id == "superhero"
    assert find_level(fw["heroes"], "Advanced Support Technician").id == "superhero"


def test_unknown_level_lists_levels_and_suggests(fw):
    with pytest.raises(UsageError) as info:
        find_level(fw["whatfix"], "S5")
    assert str(info.value) == "unknown level 'S5' for whatfix; levels are S0, S1, S2, S3, SL1, SL2, SL3, SL4"
    with pytest.raises(UsageError, match="did you mean superhero"):
        find_level(fw["heroes"], "superheroo")


def test_s3_inherits_s2_then_s1_then_s0(fw):
    view = level_view(fw["whatfix"], "S3")
    assert [i["level"] for i in view["inherited"]] == ["S2", "S1", "S0"]
    assert view["level"]["parallel"] == ["SL1"]
    s1_ids = [e["id"] for a in view["inherited"][1]["areas"] for e in a["expectations"]]
    s1 = fw["whatfix"].level("S1")
    assert s1_ids == [e.id for a in s1.areas for e in a.expectations]
    assert view["inherited"][2]["no_content"]
    assert level_view(fw["whatfix"], "S3", own_only=True)["inherited"] == []


def test_parallel_is_reported_from_either_side(fw):
    assert level_view(fw["whatfix"], "SL1")["level"]["parallel"] == ["S3"]


def test_every_own_expectation_appears_once_in_show(fw):
    for framework in fw.values():
        for level in framework.levels:
            view = level_view(framework, level.id, own_only=True)
            shown = [e["id"] for a in view["areas"] for e in a["expectations"]]
            assert len(shown) == len(set(shown))
            stated = [e.id for a in level.areas for e in a.expectations]
            assert shown[: len(stated)] == stated


def test_matrix_levels_show_one_cell_per_competency(fw):
    view = level_view(fw["intercom"], "master")
    names = [a["name"] for a in view["areas"]]
    assert names[0] == "Frontline Workflows/Volume" and len(names) == 8
    beginner = level_view(fw["intercom"], "beginner")
    assert "Extra Projects" not in [a["name"] for a in beginner["areas"]]  # source cell reads 'None'


@pytest.mark.parametrize("level, expected", [
    ("1", [("Experience", "usually up to 2 years")]),
    ("3", [("Experience", "usually 5-8 years")]),
])
def test_experience_labels(fw, level, expected):
    assert [criterion_label(c) for c in fw["basecamp"].level(level).criteria] == expected


def test_hero_criteria_labels(fw):
    labels = [criterion_label(c) for c in fw["heroes"].level("senior-superhero").criteria]
    assert ("Work from home", "6 days per month") in labels
    assert ("Tenure", "36+ months") in labels
    hero = [criterion_label(c) for c in fw["heroes"].level("hero").criteria]
    assert hero == [("Work from home", "2 days per month (at the 1 year mark, if the hero has passed the 6 month "
                                        "competency exam)")]


def test_overview_and_list_row(fw):
    view = overview(fw["whatfix"])
    rank3 = next(r for r in view["ladder"] if r["order"] == 3)
    assert [c["id"] for c in rank3["tracks"]["ic"]] == ["S3"]
    assert [c["id"] for c in rank3["tracks"]["manager"]] == ["SL1"]
    assert len(view["competencies"]["items"]) == 5
    row = list_row(fw["basecamp"], "x.yaml")
    assert row == {"id": "basecamp", "organisation": "Basecamp", "name": "Titles for Support",
                   "tracks": ["Support"], "levels": 5, "source": "Titles for Support", "file": "x.yaml"}
