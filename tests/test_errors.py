"""errors.py: the error family's text and the did-you-mean helper."""

from __future__ import annotations

from ladder.errors import InvalidFile, Location, Problem, UsageError, closest


def test_closest_finds_a_near_spelling_or_nothing():
    assert closest("shwo", ["show", "list", "diff"]) == "show"
    assert closest("S3", {"s3": 1, "sl3": 2}) is None  # case matters: callers casefold first
    assert closest("zzz", ["show"]) is None
    assert closest("anything", []) is None


def test_problems_print_with_their_location_and_usage_errors_with_their_hint():
    problem = Problem(Location("f.yaml", 3, 7, "levels[0].id"), "bad id", "error", "schema")
    assert str(InvalidFile("bad id", problems=[problem])) == "f.yaml:3:7: error: levels[0].id: bad id (schema)"
    usage = UsageError("unknown level 'S9'", "levels are S0, S1")
    assert (str(usage), usage.exit_code) == ("unknown level 'S9'; levels are S0, S1", 2)


def test_shown_escapes_control_characters_and_cuts_long_names():
    from ladder.errors import shown

    assert shown("S\x1b[31m9\n") == "S\\x1b[31m9\\n"
    assert shown("a\u202eb\u200b\t") == "a\\u202eb\\u200b\\t"  # bidi and invisible characters are shown too
    assert shown("Café · Ü") == "Café · Ü"
    assert shown("a" * 100) == "a" * 57 + "..."
