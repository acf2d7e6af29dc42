"""`ladder team --format html`: the page's structure, its numbers against the JSON document, and escaping.

The page is parsed with the standard library's html.parser into a small tree; the checks read that tree,
never the markup's spelling, so they hold whatever the template's whitespace.
"""

from __future__ import annotations

import copy
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from ladder.render.team_html import CHART_ROWS, TOP_GAPS, band, clip, number, signed, team_page
from ladder.signatures import TEAM_GENERATOR
from teamgen import write_team

VOID = {"meta", "link", "br", "hr", "img", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
HOSTILE = ['<script>alert(1)</script>', '"><svg onload=alert(2)>', "]]><x>", "&amp;", "a\x1b[31mred", "<b>bold</b>",
           "x' onmouseover='alert(3)"]


class Node:
    """One element: its tag, attributes, children and the text directly in it."""

    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        """All the text inside, children's included, in document order."""
        return "".join(self._text())

    def _text(self) -> list[str]:
        out = list(self.parts[:1])
        for index, child in enumerate(self.children):
            out += child._text()
            out += self.parts[index + 1: index + 2]
        return out

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self, tag: str | None = None, cls: str | None = None):
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                yield child
            yield from child.iter(tag, cls)

    def kids(self, tag: str, cls: str | None = None) -> list[Node]:
        return [c for c in self.children if c.tag == tag and (cls is None or cls in c.classes())]


class Tree(HTMLParser):
    """The page as Nodes (text is kept between children, so ``text`` reads as a browser would)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root
        self.current.parts.append("")
        self.comments: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        node.parts.append("")
        self.current.children.append(node)
        self.current.parts.append("")
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        node.parts.append("")
        self.current.children.append(node)
        self.current.parts.append("")

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"</{tag}> closes nothing"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.parts[-1] += data

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse(page: str) -> Node:
    return Tree(page).root


def title_of(node: Node) -> str:
    return next((c.text for c in node.kids("title")), "")


# ---------------------------------------------------------------- data


@pytest.fixture(scope="module")
def team_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("team") / "whatfix"
    write_team(directory, "whatfix", 30, seed=4)
    return directory


def team_json(*args: str) -> dict[str, Any]:
    from typer.testing import CliRunner

    from ladder.cli import app

    result = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "LADDER_PATH": ""}).invoke(
        app, ["team", *args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def report(team_dir) -> dict[str, Any]:
    return team_json(str(team_dir))


@pytest.fixture(scope="module")
def matrix_report(tmp_path_factory) -> dict[str, Any]:
    directory = tmp_path_factory.mktemp("team") / "intercom"
    write_team(directory, "intercom", 25, seed=5)
    return team_json(str(directory))


@pytest.fixture(scope="module")
def page(report) -> Node:
    return parse(team_page([report]))


# ---------------------------------------------------------------- the page as a whole


def test_head_carries_the_generator_line_and_a_viewport(report):
    html = team_page([report])
    head = html[: html.index("</head>")]
    assert head.count(TEAM_GENERATOR) == 1
    tree = parse(html)
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in tree.iter("meta")}
    assert metas["generator"] == "ladder team"
    assert "width=device-width" in (metas["viewport"] or "")


def test_self_contained_no_script_no_handlers_no_external_fetches(page, report):
    assert not list(page.iter("script")) and not list(page.iter("link")) and not list(page.iter("img"))
    for node in page.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), (node.tag, name)
            if name in ("href", "src", "xlink:href", "action"):
                assert (value or "").startswith("#"), (node.tag, name, value)  # only links within the page
    style = "".join(s.text for s in page.iter("style"))
    assert "@import" not in style and "url(" not in style
    assert "@media print" in style


def test_one_svg_per_chart_each_scaling_by_viewbox(page):
    svgs = list(page.iter("svg"))
    assert [sorted(s.classes()) for s in svgs] == [["distribution"], ["heatmap"], ["calibration"]]
    for svg in svgs:
        assert re.fullmatch(r"0 0 \d+(\.\d+)? \d+(\.\d+)?", svg.attrs["viewbox"] or "")
        assert svg.attrs.get("role") == "img" and title_of(svg)
        assert svg.parent is not None and "chart" in svg.parent.classes()  # the wrapper that scrolls on a phone


def test_header_states_people_threshold_and_the_dates_assessed(page, report):
    header = next(page.iter("header")).text
    dates = [p["date"] for p in report["people"]] + [a["date"] for p in report["history"]["people"]
                                                     for a in p["assessments"]]
    assert f"{len(report['people'])} people" in " ".join(header.split())
    assert "threshold 80%" in " ".join(header.split())
    assert f"assessed {min(dates)} to {max(dates)}" in header
    assert report["framework"]["organisation"] in header and report["framework"]["name"] in header


def test_people_table_has_every_person_with_their_figures(page, report):
    table = next(page.iter("table", "people"))
    rows = list(next(table.iter("tbody")).iter("tr"))
    assert len(rows) == len(report["people"])
    for row, person in zip(rows, report["people"]):
        cells = [td.text for td in row.kids("td")]
        assert cells[0] == person["person"] and cells[1] == person["status"]
        assert cells[5] == f"{number(person['target_percent'])}%" and cells[6] == str(person["gaps"])
        assert cells[7] == person["date"]


# ---------------------------------------------------------------- the charts against the JSON


def test_distribution_chart_has_two_bars_per_level_with_the_counts(page, report):
    svg = next(page.iter("svg", "distribution"))
    tracks = svg.kids("g", "track")
    assert len(tracks) == len(report["distribution"])
    for group, track in zip(tracks, report["distribution"]):
        assert group.kids("text")[0].text == track["track_name"]
        levels = group.kids("g", "level")
        assert len(levels) == len(track["levels"]) + (1 if track["none_demonstrated"] else 0)
        for node, level in zip(levels, track["levels"]):
            bars = [(r.attrs["class"], float(r.attrs["width"] or 0)) for r in node.kids("rect")]
            assert [kind for kind, _ in bars] == ["bar-current", "bar-demonstrated"]
            counts = [int(t.text) for t in node.kids("text", "count")]
            assert counts == [level["current"], level["demonstrated"]]
            assert (bars[0][1] > 0) == (level["current"] > 0) and (bars[1][1] > 0) == (level["demonstrated"] > 0)
        if track["none_demonstrated"]:
            assert [int(t.text) for t in levels[-1].kids("text", "count")] == [track["none_demonstrated"]]
    # the legend names both bars, and the accessible description carries every count
    texts = [t.text for t in svg.kids("text")]
    assert "current level" in texts and "demonstrated level" in texts
    desc = next(svg.iter("desc")).text
    assert all(f"current {lvl['current']}" in desc for t in report["distribution"] for lvl in t["levels"])


def test_bars_are_in_proportion_to_their_counts(page, report):
    svg = next(page.iter("svg", "distribution"))
    counts = [n for t in report["distribution"] for lvl in t["levels"] for n in (lvl["current"], lvl["demonstrated"])]
    counts += [t["none_demonstrated"] for t in report["distribution"]]
    pairs = [(float(rect.attrs["width"] or 0), int(text.text)) for level in svg.iter("g", "level")
             for rect, text in zip(level.kids("rect"), level.kids("text", "count"))]
    longest = max(width for width, _ in pairs)
    assert longest > 0 and len(pairs) == sum(2 * len(t["levels"]) + bool(t["none_demonstrated"])
                                             for t in report["distribution"])
    for width, count in pairs:
        assert width == pytest.approx(longest * count / max(counts), abs=0.2)


def heat_cells(svg: Node) -> list[list[tuple[str, str]]]:
    """Per heatmap row, (rect class, number text) for each cell drawn."""
    out = []
    for row in svg.kids("g", "row"):
        cells = []
        for cell in row.kids("g", "cell"):
            rects, texts = cell.kids("rect"), cell.kids("text", "pct")
            assert len(rects) == 1 and len(texts) == 1
            cells.append((rects[0].attrs["class"] or "", texts[0].text))
        out.append(cells)
    return out


@pytest.mark.parametrize("which", ["report", "matrix_report"])
def test_heatmap_has_a_rect_and_its_number_for_every_cell_the_report_has(which, request):
    data = request.getfixturevalue(which)
    svg = next(parse(team_page([data])).iter("svg", "heatmap"))
    rows = svg.kids("g", "row")
    assert len(rows) == len(data["heatmap"]["rows"])
    threshold = data["framework"]["threshold"] * 100
    for node, row, drawn in zip(rows, data["heatmap"]["rows"], heat_cells(svg)):
        assert title_of(node).startswith(row["person"])
        expected = [cell["percent"] for cell in row["cells"] if cell is not None]
        assert len(drawn) == len(expected)
        for (kind, text), percent in zip(drawn, expected):
            if percent is None:
                assert (kind, text) == ("na", "n/a")
                continue
            assert float(text) == percent
            assert kind == ("good" if percent >= threshold else "mid" if percent >= threshold / 2 else "low")
    # numbered columns, one per area, named in the list beside the chart
    columns = svg.kids("g", "column")
    assert [c.kids("text")[0].text for c in columns] == [str(n + 1) for n in range(len(data["heatmap"]["areas"]))]
    names = [li.text for li in next(parse(team_page([data])).iter("ol", "columns")).kids("li")]
    assert names == [a or "(no area)" for a in data["heatmap"]["areas"]]


def test_heatmap_cells_are_in_their_areas_column(report):
    svg = next(parse(team_page([report])).iter("svg", "heatmap"))
    xs = [float(c.kids("text")[0].attrs["x"] or 0) for c in svg.kids("g", "column")]
    for node, row in zip(svg.kids("g", "row"), report["heatmap"]["rows"]):
        present = [index for index, cell in enumerate(row["cells"]) if cell is not None]
        drawn = [float(c.kids("text", "pct")[0].attrs["x"] or 0) for c in node.kids("g", "cell")]
        assert drawn == [xs[index] for index in present]


def test_calibration_chart_has_a_bar_per_person_and_flags_the_far_ones(page, report):
    svg = next(page.iter("svg", "calibration"))
    people = svg.kids("g", "person")
    assert len(people) == len(report["calibration"]["people"]) > 0
    assert any(p["leaning"] != "close" for p in report["calibration"]["people"])  # the fixture has some flagged
    centre = float(svg.kids("line")[-1].attrs["x1"] or 0)  # the zero line is drawn last, over the bars
    for node, person in zip(people, report["calibration"]["people"]):
        assert title_of(node).startswith(person["person"])
        value = node.kids("text", "value")[0].text
        assert value.split()[0] == signed(person["mean"])
        assert ("flagged" in node.classes()) == (person["leaning"] != "close")
        if person["leaning"] != "close":
            assert value.endswith(person["leaning"])
        rect = node.kids("rect")[0]
        x, width = float(rect.attrs["x"] or 0), float(rect.attrs["width"] or 0)
        if person["mean"] and person["mean"] > 0:
            assert x == pytest.approx(centre) and width > 0
        elif person["mean"] and person["mean"] < 0:
            assert x + width == pytest.approx(centre, abs=0.2) and width > 0


def test_assessors_table_has_their_rating_counts_and_mean(page, report):
    table = next(t for t in page.iter("table") if "Assessor" in t.kids("thead")[0].text
                 and "Rated" in t.kids("thead")[0].text)
    rows = list(next(table.iter("tbody")).iter("tr"))
    assessors = report["calibration"]["assessors"]
    assert len(rows) == len(assessors) > 0
    team = report["calibration"]["team_mean"]
    for row, a in zip(rows, assessors):
        cells = [td.text for td in row.kids("td")]
        assert cells[0] == (a["assessor"] if a["assessor"] is not None else "(no assessor named)")
        assert cells[2:2 + len(a["ratings"])] == [str(n) for n in a["ratings"].values()]
        assert cells[-3] == number(a["mean"]) and cells[-2] == signed(round(a["mean"] - team, 2))


def test_learn_next_lists_the_top_expectations_per_target_level(page, report):
    tables = list(page.iter("table", "gaps"))
    with_gaps = [g for g in report["gaps"] if g["expectations"]]
    assert len(tables) == len(with_gaps) > 0
    assert any(len(g["expectations"]) > TOP_GAPS for g in with_gaps)  # the fixture has a level to cut
    for table, gap in zip(tables, with_gaps):
        rows = [[td.text for td in tr.kids("td")] for tr in next(table.iter("tbody")).iter("tr")]
        top = gap["expectations"][:TOP_GAPS]
        assert len(rows) == len(top)
        for cells, entry in zip(rows, top):
            assert cells[0].startswith(entry["text"]) and cells[0].endswith(entry["id"])
            assert cells[2] == f"{entry['below']} of {gap['people']} ({number(entry['share'])}%)"
        assert f"Targeting {gap['title']}" in page.text
        if len(gap["expectations"]) > TOP_GAPS:
            assert f"and {len(gap['expectations']) - TOP_GAPS} more expectation(s)" in page.text


def test_over_time_shows_then_and_now(page, report):
    text = page.text
    assert report["history"]["people"]
    for person in report["history"]["people"]:
        then, now = person["assessments"][0], person["assessments"][-1]
        assert f"{then['date']} → {now['date']}" in text
        assert f"{number(then['target_percent'])}% → {number(now['target_percent'])}%" in text


def test_problems_are_counted_and_listed_with_file_and_line(page, report):
    problems = report["problems"]
    assert problems
    items = [li.text for ul in page.iter("ul", "problems") for li in ul.kids("li")]
    assert len(items) == len(problems)
    for item, problem in zip(items, problems):
        assert item.startswith(f"{problem['file']}:{problem['line']}:{problem['col']}: {problem['severity']}")
        assert problem["message"] in item
    assert f"{len(problems)} problem(s)" in page.text


# ---------------------------------------------------------------- escaping


def hostile(report: dict[str, Any]) -> dict[str, Any]:
    """The report with every kind of text a file supplies replaced by hostile strings."""
    data = copy.deepcopy(report)
    cycle = iter(range(10**6))

    def bad() -> str:
        return HOSTILE[next(cycle) % len(HOSTILE)]

    data["framework"]["organisation"], data["framework"]["name"] = HOSTILE[0], HOSTILE[1]
    for rows in (data["people"], data["heatmap"]["rows"], data["calibration"]["people"], data["history"]["people"]):
        for index, row in enumerate(rows):
            row["person"] = HOSTILE[index % len(HOSTILE)] + f" {index}"
    for person in data["people"]:
        person["assessor"] = bad()
    for assessor in data["calibration"]["assessors"]:
        assessor["assessor"] = bad()
    data["heatmap"]["areas"] = [bad() for _ in data["heatmap"]["areas"]]
    for person in data["calibration"]["people"]:
        for area in person["areas"]:
            area["area"] = bad()
    for track in data["distribution"]:
        track["track_name"] = bad()
        for level in track["levels"]:
            level["title"] = bad()
    for gap in data["gaps"]:
        gap["title"] = bad()
        for entry in gap["expectations"]:
            entry["text"], entry["area"], entry["id"] = bad(), bad(), bad()
    for problem in data["problems"]:
        problem["file"], problem["message"], problem["path"] = bad(), bad(), bad()
    return data


def test_hostile_text_shows_as_text_only(report):
    html = team_page([hostile(report)])
    tree = parse(html)
    assert not list(tree.iter("script")) and not list(tree.iter("b")) and not list(tree.iter("x"))
    assert len(list(tree.iter("svg"))) == 3  # no svg from a name
    for node in tree.iter():
        assert not any(name.startswith("on") for name in node.attrs), (node.tag, node.attrs)
    text = tree.text
    for bad in ('<script>alert(1)</script>', '"><svg onload=alert(2)>', "]]><x>", "&amp;", "<b>bold</b>"):
        assert bad in text  # shown, as text
    assert "a\\x1b[31mred" in text and "\x1b" not in html  # a control character is shown as its escape
    # inside the SVGs too: names are their <text>, never markup
    heat = next(tree.iter("svg", "heatmap"))
    assert any(t.text.startswith("<script>") for t in heat.iter("text", "name"))
    assert "]]&gt;" in html and "&amp;amp;" in html and "&lt;script&gt;" in html


def test_attributes_carry_no_file_text(report):
    html = team_page([hostile(report)])
    for node in parse(html).iter():
        for name, value in node.attrs.items():
            assert not any(bad.split()[0] in (value or "") for bad in HOSTILE if len(bad.split()[0]) > 3), (name, value)


def test_hostile_names_in_files_end_to_end(tmp_path):
    from typer.testing import CliRunner

    from ladder.cli import app

    directory = tmp_path / "team"
    files = write_team(directory, "heroes", 6, seed=3, broken=0)
    usable = [bad for bad in HOSTILE if "\x1b" not in bad]  # a file may not hold a control character at all
    names: dict[str, str] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        person = re.search(r"^person: (.*)$", text, re.M)
        assert person is not None
        name = names.setdefault(person.group(1), usable[len(names) % len(usable)] + f" {len(names)}")
        path.write_text(text.replace(person.group(0), f"person: {json.dumps(name)}"), encoding="utf-8")
    out = tmp_path / "page.html"
    result = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "LADDER_PATH": ""}).invoke(
        app, ["team", str(directory), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    tree = parse(out.read_text(encoding="utf-8"))
    assert not list(tree.iter("script")) and len(list(tree.iter("svg"))) == 3
    people = [td.text for row in next(tree.iter("table", "people")).iter("tr") for td in row.kids("td")[:1]]
    assert sorted(people) == sorted(names.values())


# ---------------------------------------------------------------- per framework, empty parts, size


def test_per_framework_gives_a_section_per_report(report, matrix_report):
    grouped = [{"file": "odd.yaml", "line": 2, "col": 1, "path": "framework", "severity": "error", "rule": "x",
                "message": "no framework named <nope>"}]
    tree = parse(team_page([matrix_report, report], grouped))
    sections = [s for s in tree.iter("section") if "report" in s.classes()]
    assert len(sections) == 2
    assert len(list(tree.iter("h1"))) == 1
    for section, data in zip(sections, [matrix_report, report]):
        assert section.kids("header")[0].kids("h2")[0].text == f"{data['framework']['organisation']} — " \
                                                                f"{data['framework']['name']}"
        assert [sorted(s.classes()) for s in section.iter("svg")] == [["distribution"], ["heatmap"], ["calibration"]]
        assert len(list(next(section.iter("svg", "heatmap")).kids("g", "row"))) == len(data["heatmap"]["rows"])
    ids = [n.attrs["id"] for n in tree.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))  # anchors stay unique with two reports
    other = next(s for s in tree.iter("section") if s.attrs.get("id") == "unassigned")
    assert "odd.yaml:2:1: error" in other.text and "no framework named <nope>" in other.text


def test_a_report_without_views_history_or_problems_says_so(tmp_path):
    from conftest import ROOT

    data = team_json(str(ROOT / "examples" / "heroes-marcus.yaml"))
    tree = parse(team_page([data]))
    text = " ".join(tree.text.split())
    assert "No file has separate self and manager ratings." in text
    assert "No one has an earlier assessment yet" in text
    assert "None: every file was counted." in text
    assert len(list(tree.iter("svg"))) == 2  # distribution and heatmap; no calibration to draw
    assert not list(tree.iter("svg", "calibration"))


def test_same_data_gives_byte_identical_pages(report, matrix_report):
    assert team_page([report]) == team_page([copy.deepcopy(report)])
    assert team_page([matrix_report, report], []) == team_page([matrix_report, report], [])


def big(report: dict[str, Any], people: int) -> dict[str, Any]:
    """The report with ``people`` people (its rows repeated under new names)."""
    data = copy.deepcopy(report)
    for holder, key in ((data, "people"), (data["heatmap"], "rows"), (data["calibration"], "people"),
                        (data["history"], "people")):
        rows = holder[key]
        holder[key] = [dict(rows[i % len(rows)], person=f"Person {i:05d}") for i in range(people)]
    return data


def test_ten_thousand_people_render_all_in_tables_and_the_charts_say_they_are_capped(report):
    data = big(report, 10_000)
    started = time.perf_counter()
    html = team_page([data])
    took = time.perf_counter() - started
    people = html[html.index('<table class="people">'):]
    people = people[: people.index("</table>")]
    assert people.count("<tr><td class=\"name\">") == 10_000  # no one dropped from the table
    heat = html[html.index("<svg"):]
    assert html.count('<g class="row">') == CHART_ROWS and html.count('<g class="person') == CHART_ROWS
    assert heat.count('<g class="cell">') == sum(
        1 for row in data["heatmap"]["rows"][:CHART_ROWS] for cell in row["cells"] if cell is not None)
    text = " ".join(parse(html[html.index("<h2 id=\"heatmap-0\""):html.index("<h2 id=\"next-0\"")]).text.split())
    assert f"The heatmap draws the first {CHART_ROWS} of 10000 people" in text
    assert f"The chart draws the first {CHART_ROWS} of 10000 people" in html
    assert took < 60, took
    # linear: ten times the people take nowhere near a hundred times as long
    started = time.perf_counter()
    team_page([big(report, 1_000)])
    assert took < 30 * max(time.perf_counter() - started, 0.05)


def test_a_small_team_has_no_cap_notice(page):
    assert "draws the first" not in page.text


# ---------------------------------------------------------------- the command writes the page


def test_command_writes_the_page_and_force_replaces_only_its_own(team_dir, tmp_path):
    from typer.testing import CliRunner

    from ladder.cli import app

    runner = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "LADDER_PATH": ""})
    out = tmp_path / "page.html"
    first = runner.invoke(app, ["team", str(team_dir), "--format", "html", "-o", str(out)])
    assert first.exit_code == 1, first.output  # the generated team has broken files: reported, left out
    page_one = out.read_bytes()
    again = runner.invoke(app, ["team", str(team_dir), "--format", "html", "-o", str(out), "--force"])
    assert again.exit_code == 1 and out.read_bytes() == page_one  # replaced by the same bytes
    other = tmp_path / "mine.html"
    other.write_text("<html>someone else's page</html>", encoding="utf-8")
    refused = runner.invoke(app, ["team", str(team_dir), "--format", "html", "-o", str(other), "--force"])
    assert refused.exit_code != 0 and other.read_text(encoding="utf-8") == "<html>someone else's page</html>"


def test_anonymised_page_names_no_one(team_dir, tmp_path):
    from typer.testing import CliRunner

    from ladder.cli import app

    out = tmp_path / "anon.html"
    result = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "LADDER_PATH": ""}).invoke(
        app, ["team", str(team_dir), "--format", "html", "-o", str(out), "--anonymise"])
    assert result.exit_code == 1, result.output
    html = out.read_text(encoding="utf-8")
    real = team_json(str(team_dir))
    for person in real["people"]:
        assert person["person"] not in html
    assert re.search(r"Person \d+", html)


# ---------------------------------------------------------------- the small pieces


def test_numbers_signs_bands_and_clipping():
    assert [number(v) for v in (100.0, 66.7, 0.0, None, 3)] == ["100", "66.7", "0", "—", "3"]
    assert [signed(v) for v in (0.5, -0.33, 0.0, None)] == ["+0.5", "-0.33", "0", "—"]
    assert [band(p, 0.8) for p in (80.0, 79.9, 40.0, 39.9, None)] == ["good", "mid", "mid", "low", "na"]
    assert [band(p, 0.5) for p in (50.0, 25.0, 24.9)] == ["good", "mid", "low"]
    assert clip("abcdef", 4) == "abc…" and clip("abcd", 4) == "abcd"
