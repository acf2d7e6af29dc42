"""`ladder team`'s text, Markdown and CSV renderers (render/team.py, render/team_text.py), on real reports of
generated teams (built by `ladder team -f json`) and on small hand-made reports whose every number is known."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import subprocess
import sys
import time
from typing import Any

import pytest
from markdown_it import MarkdownIt
from test_escaping import assert_safe_markdown  # tests/render/: the Markdown checks every format passes
from typer.testing import CliRunner

from conftest import Tty
from ladder.render.registry import renderer
from ladder.render.team import CSV_COLUMNS, NO_AREA, heatmap_headings
from teamgen import write_team

FRAMEWORKS = ("whatfix", "heroes", "intercom")  # prose ladders with areas, and a competency matrix
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HOSTILE = ["<script>alert(1)</script>", "[bold]x[/bold]", "**x**", "\x1b[31mEVIL", "Eve\n::error::forged",
           "=HYPERLINK(\"http://evil.example\")", "::error::boss", "| a | b |"]


# ---------------------------------------------------------------- reports


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """`ladder team -f json` of a generated 30-person team (3 broken files) on each framework."""
    from ladder.cli import app

    runner = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "COLUMNS": "120", "LADDER_PATH": ""})
    out = {}
    for fw in FRAMEWORKS:
        directory = tmp_path_factory.mktemp(fw)
        write_team(directory, fw, 30, seed=5)
        result = runner.invoke(app, ["team", str(directory), "-f", "json"])
        assert result.exit_code == 1, result.output  # the broken files are left out
        out[fw] = json.loads(result.stdout)
    return out


def levels(*rows: tuple[str, str, int, int]) -> list[dict[str, Any]]:
    return [{"id": i, "title": t, "order": n, "current": c, "demonstrated": d}
            for n, (i, t, c, d) in enumerate(rows, 1)]


def person(name: str, **fields: Any) -> dict[str, Any]:
    data = {"person": name, "file": f"{name}.yaml", "date": "2025-01-01", "assessor": "Ana", "current": "L1",
            "current_title": "One", "target": "L2", "target_title": "Two", "demonstrated": "L1",
            "demonstrated_title": "One", "by": "manager", "self_demonstrated": None, "manager_demonstrated": None,
            "target_percent": 62.5, "status": "at level", "gaps": 3, "assessments": 1}
    return {**data, **fields}


def cell(percent: float | None, points: float, applicable: int) -> dict[str, Any]:
    return {"percent": percent, "points": points, "applicable": applicable}


def small_report(fw_id: str = "tiny") -> dict[str, Any]:
    """Three people, three areas (one of them the expectations outside any area), known figures."""
    return {
        "framework": {"id": fw_id, "organisation": "Acme", "name": "Ladder", "threshold": 0.8, "by": None,
                      "axis": "area"},
        "people": [person("Ann", self_demonstrated="L2", manager_demonstrated="L1", assessments=2),
                   person("Bob", demonstrated=None, status="below current level", target_percent=None),
                   person("Cy", current="L2", target="L2", demonstrated="L2", status="ready", target_percent=90.0)],
        "distribution": [{"track": "ic", "track_name": "IC", "levels": levels(("L1", "One", 2, 1), ("L2", "Two", 1, 1)),
                          "none_demonstrated": 1}],
        "heatmap": {"axis": "area", "areas": ["Craft", "", "Impact"], "rows": [
            {"person": "Ann", "target": "L2", "cells": [cell(30.0, 0.6, 2), cell(60.0, 1.2, 2), cell(90.0, 1.8, 2)]},
            {"person": "Bob", "target": "L2", "cells": [None, None, None]},
            {"person": "Cy", "target": "L2", "cells": [cell(None, 0.0, 0), None, cell(80.0, 1.6, 2)]}]},
        "calibration": {"flag": 0.5, "scale": {"not-yet": 0, "partly": 1, "meets": 2, "exceeds": 3}, "team_mean": 1.5,
                        "people": [{"person": "Ann", "assessor": "Ana", "mean": 0.75, "compared": 4, "leaning": "higher",
                                    "areas": [{"area": "Craft", "mean": 1.0, "compared": 2},
                                              {"area": "", "mean": 0.5, "compared": 2}]},
                                   {"person": "Cy", "assessor": None, "mean": -0.1, "compared": 10,
                                    "leaning": "close", "areas": [{"area": "Impact", "mean": -0.1, "compared": 10}]}],
                        "assessors": [{"assessor": "Ana", "people": 1, "ratings": {"not-yet": 1, "partly": 0, "meets": 2,
                                                                                  "exceeds": 1, "n/a": 0},
                                       "rated": 4, "mean": 1.75, "self_minus_manager": 0.75},
                                      {"assessor": None, "people": 1, "ratings": {"not-yet": 0, "partly": 4, "meets": 4,
                                                                                 "exceeds": 0, "n/a": 2},
                                       "rated": 8, "mean": 1.5, "self_minus_manager": -0.1}]},
        "gaps": [{"level": "L2", "title": "Two", "people": 10, "expectations": [
            {"id": f"e{n}", "text": f"expectation {n}", "area": "Craft", "below": 8 - n, "share": 10.0 * (8 - n)}
            for n in range(1, 8)]}],
        "history": {"people": [{"person": "Ann", "assessments": [
            {"date": "2024-01-01", "file": "a0.yaml", "current": "L1", "target": "L2", "demonstrated": None,
             "target_percent": 40.0, "status": "below current level"},
            {"date": "2025-01-01", "file": "Ann.yaml", "current": "L1", "target": "L2", "demonstrated": "L1",
             "target_percent": 62.5, "status": "at level"}]}],
            "distribution": {"people": 1,
                             "then": [{"track": "ic", "track_name": "IC", "levels": levels(("L1", "One", 1, 0),
                                                                                       ("L2", "Two", 0, 0)),
                                       "none_demonstrated": 1}],
                             "now": [{"track": "ic", "track_name": "IC", "levels": levels(("L1", "One", 1, 1),
                                                                                      ("L2", "Two", 0, 0)),
                                      "none_demonstrated": 0}]}},
        "problems": [{"file": "bad.yaml", "line": 1, "col": 1, "path": "", "severity": "error", "rule": "schema",
                      "message": "broken"},
                     {"file": "bad.yaml", "line": 2, "col": 1, "path": "", "severity": "error", "rule": "schema",
                      "message": "broken too"}],
    }


def empty_report() -> dict[str, Any]:
    """A report with nothing to calibrate, no gaps and no history."""
    report = small_report()
    report["calibration"].update(people=[], assessors=[], team_mean=None)
    report["gaps"] = []
    report["history"] = {"people": [], "distribution": {"people": 0, "then": [], "now": []}}
    report["problems"] = []
    return report


def hostile_report() -> dict[str, Any]:
    """Every name, id, title, area and text of the small report replaced by something that could make markup."""
    report = small_report()
    names = HOSTILE[:3]
    for index, p in enumerate(report["people"]):
        p.update(person=names[index], assessor=HOSTILE[3 + index], file=HOSTILE[5])
    for index, row in enumerate(report["heatmap"]["rows"]):
        row["person"] = names[index]
    report["heatmap"]["areas"] = [HOSTILE[4], HOSTILE[6], HOSTILE[7]]
    calibration = report["calibration"]
    for entry in calibration["people"]:
        entry.update(person=names[0] if entry["person"] == "Ann" else names[2], assessor=HOSTILE[5])
        for area in entry["areas"]:
            area["area"] = HOSTILE[4]
    calibration["assessors"][0]["assessor"] = HOSTILE[6]
    calibration["assessors"][1]["assessor"] = HOSTILE[3]
    report["history"]["people"][0]["person"] = names[0]
    for expectation in report["gaps"][0]["expectations"]:
        expectation.update(id=HOSTILE[1], text=HOSTILE[4] + " " + HOSTILE[0])
    report["gaps"][0]["title"] = HOSTILE[2]
    report["distribution"][0]["track_name"] = HOSTILE[6]
    report["framework"].update(organisation=HOSTILE[1], name=HOSTILE[4])
    return report


def render(fmt: str, reports: list[dict[str, Any]], grouped: list[dict[str, Any]] | None = None,
           out: io.StringIO | None = None) -> str:
    stream = out or io.StringIO()
    renderer("team", fmt, stream, grouped=grouped).one(reports)
    return stream.getvalue()


def rich_text(monkeypatch: pytest.MonkeyPatch, reports: list[dict[str, Any]]) -> str:
    """The text format on a colour terminal (escape sequences kept)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "250")
    return render("text", reports, out=Tty())


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_plain_text_shows_every_person_and_area_and_every_section(reports, fw):
    report = reports[fw]
    text = render("text", [report])
    assert "\x1b" not in text
    for p in report["people"]:
        assert p["person"] in text
    for area in report["heatmap"]["areas"]:
        assert (area or NO_AREA) in text
    sections = ["People", "Distribution", "Gaps heatmap", "What this team needs to learn next", "Calibration",
                "Over time", "3 file(s) left out (see stderr)"]
    at = [text.index(s) for s in sections]
    assert at == sorted(at), at  # in this order
    lines = text.splitlines()
    assert lines[0] == f"{report['framework']['organisation']}: {report['framework']['name']}"
    assert f"{len(report['people'])} people · threshold 80%" in lines[1]


def test_plain_text_of_a_small_report_line_by_line():
    lines = render("text", [small_report()]).splitlines()
    people = lines.index("People")
    assert lines[people + 1].split() == ["Person", "Current", "Demonstrated", "Target", "Score", "at", "target",
                                         "Status", "Gaps", "Assessments", "Self", "Manager"]
    assert lines[people + 3].split() == ["Ann", "L1", "L1", "L2", "62%", "at", "level", "3", "2", "L2", "L1"]
    assert lines[people + 4].split() == ["Bob", "L1", "none", "L2", "—", "below", "current", "level", "3", "1"]
    heat = next(i for i, line in enumerate(lines) if line.startswith("Gaps heatmap"))
    assert lines[heat + 1].split() == ["Person", "Target", "Craft", NO_AREA.split()[0], NO_AREA.split()[1], "Impact"]
    assert lines[heat + 3].split() == ["Ann", "L2", "30%", "60%", "90%"]
    assert lines[heat + 4].split() == ["Bob", "L2", "·", "·", "·"]
    assert lines[heat + 5].split() == ["Cy", "L2", "—", "·", "80%"]
    distribution = lines.index("IC (ic)")
    assert lines[distribution + 3].split() == ["L1", "One", "2", "1"]
    assert lines[distribution + 5] == "none demonstrated: 1"


def test_gaps_show_the_top_five_of_each_level_and_how_many_more():
    text = render("text", [small_report()])
    rows = [line.split() for line in text.splitlines() if re.match(r"\d+/10 ", line)]
    assert rows == [[f"{8 - n}/10", f"{10 * (8 - n)}%", f"e{n}", "expectation", str(n)] for n in range(1, 6)]
    assert "… and 2 more expectation(s) below meets" in text
    assert "To L2 (Two): 10 people targeting it" in text


def test_calibration_shows_who_leans_and_each_assessor_against_the_team():
    lines = render("text", [small_report()]).splitlines()
    lines = lines[lines.index("Calibration"):]
    assert "1 of 2 people with both views are within ±0.5 of their manager" in lines
    leaning = next(line for line in lines if line.startswith("Ann "))
    assert leaning.split()[:6] == ["Ann", "Ana", "rates", "higher", "+0.75", "4"]
    assert leaning.endswith(f"Craft +1.00; {NO_AREA} +0.50")
    assert not any(line.startswith("Cy ") for line in lines[:lines.index("Over time")])  # close: not listed
    assert "team mean 1.50 (not-yet 0, partly 1, meets 2, exceeds 3)" in lines
    ana = next(line for line in lines if line.startswith("Ana "))
    assert ana.split() == ["Ana", "1", "1", "0", "2", "1", "0", "1.75", "+0.25", "+0.75"]
    unnamed = next(line for line in lines if line.startswith("(not named)"))
    assert unnamed.split()[2:] == ["1", "0", "4", "4", "0", "2", "1.50", "0.00", "−0.10"]


def test_history_shows_each_visit_and_the_team_then_and_now():
    lines = render("text", [small_report()]).splitlines()
    assert any(line.split(None, 1) == ["Ann", "2024-01-01: none 40% → 2025-01-01: L1 62%"] for line in lines), lines
    then = lines.index("IC then and now (1 people)")
    assert lines[then + 3].split() == ["L1", "1", "1", "0", "1"]
    assert "none demonstrated: 1 then, 0 now" in lines
    left = lines.index("1 file(s) left out (see stderr)")  # two problems of one file: one file left out
    assert lines[left - 1] == "Problems" and lines[left + 1].split() == ["Where", "Problem"]
    assert len(lines) - left - 3 == 2 and all(line.startswith("bad.yaml:") for line in lines[left + 3:])


def test_empty_sections_say_there_is_nothing():
    text = render("text", [empty_report()])
    for line in ("no self and manager views to calibrate", "nobody's target level to look at",
                 "no earlier assessments", "no file left out"):
        assert line in text.splitlines()
    report = empty_report()
    report["heatmap"]["areas"] = []
    report["people"] = []
    text = render("text", [report])
    assert "nobody assessed" in text and "no areas to map" in text and "nobody to count" in text


def test_many_areas_get_numbered_headings_and_a_legend(reports):
    areas = reports["intercom"]["heatmap"]["areas"]
    headings, legend = heatmap_headings(areas)
    assert headings == [f"A{n}" for n in range(1, len(areas) + 1)]
    assert legend == "; ".join(f"A{n} = {a or NO_AREA}" for n, a in enumerate(areas, 1))
    text = render("text", [reports["intercom"]])
    assert f"Columns: {legend}" in text
    assert heatmap_headings(["a", "b"]) == (["a", "b"], None)


def test_several_reports_in_turn_with_a_rule_and_the_problems_of_none_after(reports):
    grouped = [{"file": "lost.yaml", "line": 1, "col": 1, "path": "", "severity": "error", "rule": "schema",
                "message": "no framework"}]
    text = render("text", [reports["heroes"], reports["whatfix"]], grouped)
    assert text.count("─" * 60) == 2
    first, second, rest = text.split("─" * 60)
    assert "heroes ·" in first and "whatfix ·" in second
    assert rest.strip() == "1 file(s) left out that belong to no framework's report (see stderr)"


def test_rich_text_colours_the_heatmap_and_draws_bars(monkeypatch):
    text = rich_text(monkeypatch, [small_report()])
    assert CSI.search(text)
    for colour, shown in (("31", "30%"), ("33", "60%"), ("32", "90%"), ("32", "80%")):  # red, yellow, green
        assert re.search(rf"\x1b\[{colour}m{shown}\x1b\[0m", text), (colour, shown)
    plain = CSI.sub("", text)
    assert re.search("(?<!█)█{20} 2", plain) and re.search("(?<!█)█{10} 1", plain)  # the longest bar: 20 blocks
    assert "red below 50%, yellow below the threshold (80%), green at or above it" in plain


def test_no_color_on_a_terminal_gives_the_plain_text(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert render("text", [small_report()], out=Tty()) == render("text", [small_report()])


def test_plain_text_never_imports_rich(tmp_path, reports):
    document = tmp_path / "report.json"
    document.write_text(json.dumps(reports["intercom"]), encoding="utf-8")
    code = ("import io, json, sys\nfrom ladder.render.registry import renderer\n"
            f"report = json.load(open({str(document)!r}, encoding='utf-8'))\n"
            "for fmt in ('text', 'markdown', 'csv'):\n"
            "    out = io.StringIO()\n    renderer('team', fmt, out).one([report])\n    assert out.getvalue()\n"
            "print('RICH' if any(m.split('.')[0] == 'rich' for m in sys.modules) else 'PLAIN')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "PLAIN", result.stderr


# ---------------------------------------------------------------- markdown


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def row_cells(line: str) -> int:
    """How many cells GFM splits a table line into: '|' not escaped by a backslash, less the outer two."""
    count, index = 0, 0
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        count += line[index] == "|"
        index += 1
    return count - 1


def sections(text: str) -> list[tuple[str, list[Any]]]:
    """Each heading's text and the tokens up to the next heading."""
    out: list[tuple[str, list[Any]]] = []
    tokens = parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            out.append((tokens[index + 1].content, [token]))
        elif out:
            out[-1][1].append(token)
    return out


def check_tables(text: str) -> dict[str, int]:
    """Every section has at most one table, every row of it as many cells as its header; the rows per section."""
    lines = text.split("\n")
    rows = {}
    for heading, tokens in sections(text):
        tables = [t for t in tokens if t.type == "table_open"]
        assert len(tables) <= 1, heading
        if tables:
            start, end = tables[0].map
            widths = {row_cells(line) for line in lines[start:end] if not line.startswith("| ---")}
            assert len(widths) == 1, (heading, widths)
            assert sum(t.type == "tr_open" for t in tokens) == end - start - 1  # header and body rows, no rule
            rows[heading] = end - start - 2
    return rows


def cell_texts(text: str) -> list[str]:
    """The plain text of every table cell, as a Markdown viewer shows it."""
    tokens = parser().parse(text)
    return [tokens[i + 1].content and "".join(c.content for c in tokens[i + 1].children or [])
            for i, t in enumerate(tokens) if t.type in ("th_open", "td_open")]


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_markdown_is_one_table_per_section_with_every_row_complete(reports, fw):
    report = reports[fw]
    text = render("markdown", [report])
    rows = check_tables(text)
    assert rows["People"] == len(report["people"])
    assert rows[next(h for h in rows if h.startswith("Gaps heatmap"))] == len(report["heatmap"]["rows"])
    cells = cell_texts(text)
    for p in report["people"]:
        assert p["person"] in cells
    assert set(heatmap_headings(report["heatmap"]["areas"])[0]) <= set(cells)
    shown = parser().render(text)
    for area in report["heatmap"]["areas"]:
        assert (area or NO_AREA).replace("&", "&amp;") in shown


def test_markdown_of_a_small_report():
    text = render("markdown", [small_report()])
    assert text.startswith("# Acme: Ladder\n\n`tiny` · 3 people · threshold 80% · ")
    check_tables(text)
    assert "| Ann | `L2` | 30% ▼ | 60% ▼ | 90% |" in text
    assert "| Cy | `L2` | — | · | 80% |" in text
    assert "| Ann | `L1` | `L1` | `L2` | 62% | at level | 3 | 2 | `L2` | `L1` |" in text
    assert "▼ below the threshold (80%)" in text


def test_markdown_of_several_reports_breaks_between_them(reports):
    text = render("markdown", [reports["heroes"], reports["intercom"]], grouped=[])
    types = [t.type for t in parser().parse(text)]
    assert types.count("hr") == 1
    assert [h for h, tokens in sections(text) if tokens[0].tag == "h1"] == [
        f"{r['framework']['organisation']}: {r['framework']['name']}" for r in (reports["heroes"], reports["intercom"])]


# ---------------------------------------------------------------- csv


def csv_of(reports: list[dict[str, Any]]) -> list[dict[str, str]]:
    text = render("csv", reports)
    assert text.endswith("\n") and "\r" not in text.replace("\r\n", "")  # "\n" ends each row
    assert text.split("\n", 1)[0] == ",".join(CSV_COLUMNS)
    return list(csv.DictReader(io.StringIO(text)))


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


def expected_rows(report: dict[str, Any]) -> int:
    return sum(max(1, sum(c is not None for c in row["cells"])) for row in report["heatmap"]["rows"])


@pytest.mark.parametrize("fw", FRAMEWORKS)
def test_csv_is_one_row_per_person_and_area_with_the_json_values(reports, fw):
    report = reports[fw]
    rows = csv_of([report])
    assert len(rows) == expected_rows(report)
    people = {p["person"]: p for p in report["people"]}
    heat = {r["person"]: dict(zip(report["heatmap"]["areas"], r["cells"])) for r in report["heatmap"]["rows"]}
    means = {p["person"]: {a["area"]: a["mean"] for a in p["areas"]} for p in report["calibration"]["people"]}
    seen = set()
    for row in rows:
        p = people[row["person"]]
        for key in ("file", "date", "assessor", "current", "target", "demonstrated", "status", "target_percent"):
            assert row[key] == text_of(p[key]), key
        assert row["framework"] == fw
        area = "" if row["area"] == NO_AREA else row["area"]
        if not row["area"]:
            assert all(c is None for c in heat[row["person"]].values())
            continue
        found = heat[row["person"]][area]
        assert (row["area_percent"], row["area_points"], row["area_applicable"]) == tuple(
            text_of(found[k]) for k in ("percent", "points", "applicable"))
        assert row["area_self_minus_manager"] == text_of(means.get(row["person"], {}).get(area))
        seen.add(row["person"])
    assert {row["person"] for row in rows} == set(people)


def test_csv_of_several_reports_has_one_header_and_every_row(reports):
    both = [reports["heroes"], reports["intercom"]]
    rows = csv_of(both)
    assert len(rows) == sum(expected_rows(r) for r in both)
    assert [r["framework"] for r in rows] == ["heroes"] * expected_rows(both[0]) + ["intercom"] * expected_rows(both[1])


def test_csv_of_a_small_report():
    rows = csv_of([small_report()])
    assert [(r["person"], r["area"], r["area_percent"], r["area_self_minus_manager"]) for r in rows] == [
        ("Ann", "Craft", "30.0", "1.0"), ("Ann", NO_AREA, "60.0", "0.5"), ("Ann", "Impact", "90.0", ""),
        ("Bob", "", "", ""), ("Cy", "Craft", "", ""), ("Cy", "Impact", "80.0", "-0.1")]
    assert rows[3]["target_percent"] == "" and rows[3]["demonstrated"] == ""


# ---------------------------------------------------------------- hostile names


def test_hostile_names_make_no_markup_in_plain_text():
    text = render("text", [hostile_report()])
    assert "\x1b" not in text
    assert "[bold]x[/bold]" in text and "**x**" in text and "<script>alert(1)</script>" in text
    assert "\\x1b[31mEVIL" in text and "Eve\\n::error::forged" in text
    for line in text.splitlines():
        assert not line.lstrip().startswith(("::", "forged", "| a | b |")), line


def test_hostile_names_make_no_markup_on_a_terminal(monkeypatch):
    text = rich_text(monkeypatch, [hostile_report()])
    assert "\x1b[31mEVIL" not in text and "\x1b]" not in text
    plain = CSI.sub("", text)
    assert "[bold]x[/bold]" in plain and "\\x1b[31mEVIL" in plain and "Eve\\n::error::forged" in plain
    assert "<script>alert(1)</script>" in plain
    assert not any(line.lstrip(" │").startswith(("::", "forged")) for line in plain.splitlines())
    bold = re.compile(r"\x1b\[1m([^\x1b]*)")
    assert all(m.group(1) != "x" for m in bold.finditer(text))  # '[bold]x[/bold]' never made anything bold


def test_hostile_names_make_no_markup_in_markdown():
    text = render("markdown", [hostile_report()])
    check_tables(text)
    tokens = parser().parse(text)
    kinds = {child.type for t in tokens for child in t.children or []}
    assert not kinds & {"strong_open", "em_open", "html_inline", "link_open", "image"}, kinds
    assert not any(t.type in ("html_block", "code_block", "fence") for t in tokens)
    cells = cell_texts(text)
    assert "<script>alert(1)</script>" in cells and "**x**" in cells and "[bold]x[/bold]" in cells
    assert "Eve ::error::forged" in cells  # the area's newline folded to a space
    assert "\\x1b[31mEVIL" in cells and "\x1b" not in text
    assert_safe_markdown(text)


def test_hostile_names_make_no_formula_or_row_in_csv():
    text = render("csv", [hostile_report()])
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + expected_rows(hostile_report())  # a newline in a name cannot add a row
    body = [dict(zip(CSV_COLUMNS, row)) for row in rows[1:]]
    assert {r["file"] for r in body} == {"'" + HOSTILE[5]}
    for row in body:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")) and not re.match(r"-(?![\d.])", value), value
    assert {r["area"] for r in body} >= {HOSTILE[4], HOSTILE[6]}


# ---------------------------------------------------------------- large teams


def grown(report: dict[str, Any], people: int) -> dict[str, Any]:
    """A report of ``people`` people, each one of the report's own, renamed."""
    out = copy.deepcopy(report)
    for rows in (out["people"], out["heatmap"]["rows"], out["calibration"]["people"], out["history"]["people"]):
        rows[:] = [{**rows[i % len(rows)], "person": f"P{i}"} for i in range(people)] if rows else []
    return out


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv"])
def test_large_teams_render_in_linear_time(reports, fmt):
    def seconds(people: int) -> float:
        report = grown(reports["intercom"], people)
        start = time.perf_counter()
        render(fmt, [report])
        return time.perf_counter() - start

    seconds(200)  # warm up
    small, large = seconds(1000), seconds(8000)
    assert large < 24 * small + 0.5, (small, large)  # linear is 8×; quadratic would be 64×
