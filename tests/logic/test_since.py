"""history.py: what changed between two assessments of the same person."""

from __future__ import annotations

from test_scoring import all_of, make_assessment, make_framework

from ladder.logic.scoring import score
from ladder.logic.since import compare, direction


def test_history_lists_moves_new_evidence_and_level_change():
    old = score(make_framework(), make_assessment({**all_of("a", 5, "partly"),
                                                   "b1": {"rating": "meets", "evidence": ["T-1"]}}))
    new_ratings = {**all_of("a", 5, "meets"), "a5": "n/a", "b1": {"rating": "partly", "evidence": ["T-1", "T-2"]},
                   "b2": "meets"}
    new = score(make_framework(), make_assessment(new_ratings))
    history = compare(old, new)
    assert (history.before, history.after, history.level_change) == (None, "L1", "up")
    moves = {c.id: (c.before, c.after, c.direction) for c in history.changes}
    assert moves == {"a1": ("partly", "meets", "up"), "a2": ("partly", "meets", "up"), "a3": ("partly", "meets", "up"),
                     "a4": ("partly", "meets", "up"), "a5": ("partly", "n/a", "changed"),
                     "b1": ("meets", "partly", "down"), "b2": (None, "meets", "up")}
    assert history.new_evidence == {"b1": ["T-2"]}
    assert history.percents[0] == ("L1", 0.5, 1.0)


def test_level_going_down_and_nothing_changed():
    good = score(make_framework(), make_assessment(all_of("a", 5, "meets")))
    worse = score(make_framework(), make_assessment(all_of("a", 5, "partly")))
    assert compare(good, worse).level_change == "down"
    same = compare(good, good)
    assert (same.level_change, same.changes, same.new_evidence) == ("same", [], {})


def test_direction_rules():
    assert direction(None, "not-yet") == "changed"
    assert direction("meets", "exceeds") == "up"
    assert direction("meets", None) == "down"
    assert direction("n/a", "meets") == "changed"
    assert direction("partly", "not-yet") == "down"
