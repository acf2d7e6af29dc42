"""assess_report.py: rows, JSON/CSV/markdown/text renderers and the progress wrapper, without the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import ROOT, Tty
from ladder.commands.assess import assess_file
from ladder.errors import Location, Problem
from ladder.outcome import Outcome
from ladder.render.assess import BATCH_COLUMNS, batch_row, explain_lines, percent, result_dict
from ladder.render.assess_text import with_progress
from ladder.render.registry import RENDERERS, renderer

EXAMPLES = ROOT / "examples"


def sam():
    return assess_file(EXAMPLES / "intercom-sam.yaml")


def test_registry_has_every_format():
    assert set(RENDERERS["assess"]) == {"text", "json", "markdown", "csv", "html"}


def test_percent_rounds_and_marks_nothing_applicable():
    assert [percent(0.875), percent(0.8), percent(None)] == ["88%", "80%", "—"]


def test_batch_row_of_a_split_result_and_of_an_error():
    row = batch_row(Outcome("x.yaml", sam()))
    assert list(row) == BATCH_COLUMNS
    assert (row["demonstrated"], row["self_demonstrated"], row["manager_demonstrated"]) == (
        "practitioner", "advanced", "practitioner")
    assert (row["by"], row["target_percent"], row["disagreements"], row["status"]) == ("manager", 50.0, 4, "ok")
    bad = batch_row(Outcome("y.yaml", problems=[Problem(Location("y.yaml", 3, 1), "broken")]))
    assert (bad["status"], bad["error"], bad["person"]) == ("error", "y.yaml:3:1: error: broken", "")


def test_result_dict_is_json_with_derived_fields():
    data = json.loads(json.dumps(result_dict(sam())))
    advanced = data["views"]["manager"]["levels"][-1]
    assert advanced["not_rated"] == [] and advanced["criteria_met"] is True and advanced["percent"] == 0.5
    assert data["demonstrated"] == "practitioner" and data["by"] == "manager"
    assert data["disagreements"][0]["id"] == "frontline-quality.advanced"


def test_empty_batches_are_still_valid_documents():
    out = io.StringIO()
    reporter = renderer("assess", "json", out)
    reporter.finish()
    assert json.loads(out.getvalue()) == {"results": [], "summary": {"files": 0, "scored": 0, "invalid": 0}}
    out = io.StringIO()
    renderer("assess", "csv", out).finish()
    assert out.getvalue().strip() == ",".join(BATCH_COLUMNS)


def test_csv_escapes_commas_and_quotes():
    out = io.StringIO()
    result = sam()
    result.person = 'Sam "Sammy", Whitfield'
    renderer("assess", "csv", out).one(result)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["person"] == 'Sam "Sammy", Whitfield'


def test_markdown_escapes_pipes():
    out = io.StringIO()
    result = sam()
    result.person = "A | B"
    renderer("assess", "markdown", out).one(result)
    assert out.getvalue().startswith("# A \\| B: Intercom")


def test_text_shows_both_views_side_by_side():
    out = io.StringIO()
    renderer("assess", "text", out).one(sam())
    text = out.getvalue()
    header = next(line for line in text.splitlines() if "Level" in line)
    assert header.index("self") < header.index("manager")
    assert "█████░░░░░  50% ✗ 4/8" in text and "█████████░  94% ✓ 7.5/8" in text


def test_text_on_a_terminal_is_coloured_and_shows_markup_in_names_literally(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("TERM", "xterm-256color")
    result = sam()
    result.person = "Sam [bold]Whitfield[/bold]"
    out = Tty()
    renderer("assess", "text", out, explain=True).one(result)
    raw = out.getvalue()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", raw)
    assert "\x1b[" in raw  # rich wrote colour
    assert "Sam [bold]Whitfield[/bold] · Intercom" in plain
    assert "Demonstrated level: practitioner (Practitioner)" in plain
    assert "█████░░░░░  50% ✗ 4/8" in plain and "Gaps to advanced (4)" in plain
    assert "How the score was computed (manager view)" in plain


def test_explain_lines_show_each_rating_and_criterion():
    marcus = assess_file(EXAMPLES / "heroes-marcus.yaml")
    superhero = marcus.driving.levels[1]
    lines = explain_lines(superhero)
    assert "superhero.general.6: partly -> 0.5 [1 evidence] — Participates in strategic initiatives" in lines[5]
    assert lines[-1].startswith("criterion tenure: not met — 20 months")


def test_with_progress_yields_every_item_in_order():
    assert list(with_progress(iter(range(30)), 30)) == list(range(30))


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_made_inert():
    out = io.StringIO()
    result = sam()
    result.person = '=HYPERLINK("http://evil","x")'
    renderer("assess", "csv", out).one(result)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["person"] == '\'=HYPERLINK("http://evil","x")'
    assert row["target_percent"] == "50.0"
