"""Renderers for `ladder team`, one per --format (render.registry). Each renders the report data of
``logic.team.Team.data`` (the JSON document): ``one(reports)`` gets one report, or with
--per-framework one per framework and ``grouped``, the problems of files no framework was found for.

Text (team_text.py) and Markdown show the same sections, built once here as blocks (``blocks``): headings,
lines and tables whose every cell is already in the output language. A ``Style`` says how: its ``text``
is that language's one rule for text from a file, and it draws the heatmap cells and the count bars. CSV
is one row per person and area. Every builder is linear in the number of people.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from ladder.render.assess import _inert, _md_rule, percent
from ladder.render.base import Renderer
from ladder.render.data import write_document

NO_AREA = "(no area)"
NOT_NAMED = "(not named)"
TOP_GAPS = 5  # expectations shown per target level in "what this team needs to learn next"
BAR_WIDTH = 20  # the longest count bar of the distribution, in blocks
FULL_HEADINGS = 48  # areas whose names fit in this many characters are column headings; else A1..An
CSV_COLUMNS = ["framework", "person", "file", "date", "assessor", "current", "target", "demonstrated", "status",
               "target_percent", "area", "area_percent", "area_points", "area_applicable", "area_self_minus_manager"]


class TeamRenderer(Renderer):
    """What every team format shares: ``grouped`` is None for one report, else --per-framework's
    list of problems that belong to no report."""

    def __init__(self, out: TextIO, grouped: list[dict[str, Any]] | None = None, **options: Any) -> None:
        super().__init__(out, **options)
        self.grouped = grouped


class JsonReport(TeamRenderer):
    """One report as its document (keys: framework, people, distribution, heatmap, calibration, gaps,
    history, problems); with --per-framework ``{"reports": [document, ...], "problems": [...]}``."""

    def one(self, value: list[dict[str, Any]], **context: Any) -> None:
        data = value[0] if self.grouped is None else {"reports": value, "problems": self.grouped}
        write_document(data, self.out)  # streamed: a team of 10,000 is not held twice, as data and as text


# ---------------------------------------------------------------- blocks: the sections, format-free


@dataclass(frozen=True)
class Heading:
    """A heading (1: the report, 2: a section, 3: a part of one); ``text`` is in the output language."""

    text: str
    level: int


@dataclass(frozen=True)
class Line:
    """One line of prose, in the output language."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table; every header and cell is in the output language. ``no_wrap``: headers of columns kept
    on one line (bars, percents)."""

    headers: list[str]
    rows: list[list[str]]
    no_wrap: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """The break between two reports."""


Block = Heading | Line | Table | Rule


class Style(Protocol):
    """How an output language shows the report's pieces."""

    def text(self, value: object) -> str:
        """Text (from a file or made here) made safe: it shows as itself."""

    def code(self, value: object) -> str:
        """An id from a file."""

    def heat(self, value: float, threshold: float) -> str:
        """A heatmap cell of ``value`` percent (0-100) for a ``threshold`` ratio (0-1)."""

    def bar(self, count: int, most: int) -> str:
        """A count, with a bar scaled to ``most`` where the language draws one."""

    def legend(self, threshold: float) -> str:
        """What the heatmap cells' marks and colours mean (made here, already in the language)."""


def area_label(area: str) -> str:
    """An area's name as shown: the one of expectations outside any area is "(no area)"."""
    return area or NO_AREA


def shown_percent(value: float | None) -> str:
    """A report percentage (0-100, or None) as assess shows a score: '88%', or '—' for nothing applicable."""
    return percent(None if value is None else value / 100)


def signed(value: float | None) -> str:
    """A mean difference with its sign ('+0.50', '−1.25', '0.00'); '—' for none."""
    if value is None:
        return "—"
    return f"+{value:.2f}" if value > 0 else f"−{-value:.2f}" if value < 0 else "0.00"


def reached(value: float, threshold: float) -> bool:
    """A heatmap percentage (0-100) at or above a threshold ratio (rounding noise of ``threshold * 100`` aside)."""
    return value >= round(threshold * 100, 9)


def left_out(problems: Iterable[dict[str, Any]]) -> int:
    """Files left out: each file with an error once."""
    return len({p["file"] for p in problems if p.get("severity") == "error"})


def blocks(reports: list[dict[str, Any]], grouped: list[dict[str, Any]] | None, style: Style) -> Iterator[Block]:
    """Every report in turn (a rule between two), then the problems that belong to none."""
    for index, report in enumerate(reports):
        if index:
            yield Rule()
        yield from report_blocks(report, style)
    if grouped:
        yield Rule()
        yield Line(style.text(f"{left_out(grouped)} file(s) left out that belong to no framework's report "
                              "(see stderr)"))


def report_blocks(report: dict[str, Any], style: Style) -> Iterator[Block]:
    """One report's sections, in order."""
    for section in (_title, _people, _distribution, _heatmap, _gaps, _calibration, _history, _problems):
        yield from section(report, style)


def _title(report: dict[str, Any], s: Style) -> Iterator[Block]:
    fw = report["framework"]
    yield Heading(s.text(f"{fw['organisation']}: {fw['name']}"), 1)
    by = f"{fw['by']}'s ratings decide" if fw["by"] else "manager's ratings decide where given"
    about = f"{len(report['people'])} people · threshold {percent(fw['threshold'])} · {by}"
    yield Line(f"{s.code(fw['id'])} · {s.text(about)}")


def _level(s: Style, level_id: str | None) -> str:
    return s.code(level_id) if level_id else s.text("none")


def _split(person: dict[str, Any], calibrated: set[str]) -> bool:
    """Whether a person's self and manager views were scored apart, as far as the report shows: a view
    demonstrates a level, or the two were compared."""
    return bool(person["self_demonstrated"] or person["manager_demonstrated"]) or person["person"] in calibrated


def _people(report: dict[str, Any], s: Style) -> Iterator[Block]:
    people = report["people"]
    yield Heading(s.text("People"), 2)
    if not people:
        yield Line(s.text("nobody assessed"))
        return
    calibrated = {c["person"] for c in report["calibration"]["people"]}
    split = any(_split(p, calibrated) for p in people)
    headers = ["Person", "Current", "Demonstrated", "Target", "Score at target", "Status", "Gaps", "Assessments"]
    rows = []
    for p in people:
        row = [s.text(p["person"]), s.code(p["current"]), _level(s, p["demonstrated"]), s.code(p["target"]),
               s.text(shown_percent(p["target_percent"])), s.text(p["status"]), s.text(p["gaps"]),
               s.text(p["assessments"])]
        if split:
            views = (p["self_demonstrated"], p["manager_demonstrated"])
            row += [_level(s, v) for v in views] if _split(p, calibrated) else ["", ""]
        rows.append(row)
    headers += ["Self", "Manager"] if split else []
    yield Table([s.text(h) for h in headers], rows)


def _distribution(report: dict[str, Any], s: Style) -> Iterator[Block]:
    tracks = report["distribution"]
    yield Heading(s.text("Distribution"), 2)
    if not report["people"]:
        yield Line(s.text("nobody to count"))
        return
    most = max([lvl[k] for t in tracks for lvl in t["levels"] for k in ("current", "demonstrated")] + [1])
    heads = [s.text(h) for h in ("Level", "Title", "Current", "Demonstrated")]
    for track in tracks:
        yield Heading(s.text(f"{track['track_name']} ({track['track']})"), 3)
        rows = [[s.code(lvl["id"]), s.text(lvl["title"]), s.bar(lvl["current"], most),
                 s.bar(lvl["demonstrated"], most)] for lvl in track["levels"]]
        yield Table(heads, rows, no_wrap=tuple(heads[2:]))
        yield Line(s.text(f"none demonstrated: {track['none_demonstrated']}"))


def heatmap_headings(areas: list[str]) -> tuple[list[str], str | None]:
    """The heatmap's column headings: the area names when they fit, else A1..An and the legend naming them."""
    labels = [area_label(a) for a in areas]
    if sum(len(label) + 2 for label in labels) <= FULL_HEADINGS:
        return labels, None
    short = [f"A{n}" for n in range(1, len(labels) + 1)]
    return short, "; ".join(f"{code} = {label}" for code, label in zip(short, labels))


def _heat_cell(s: Style, cell: dict[str, Any] | None, threshold: float) -> str:
    if cell is None:
        return "·"
    return "—" if cell["percent"] is None else s.heat(cell["percent"], threshold)


def _heatmap(report: dict[str, Any], s: Style) -> Iterator[Block]:
    heat = report["heatmap"]
    axis = "competencies" if heat["axis"] == "competency" else "areas"
    yield Heading(s.text(f"Gaps heatmap (people × {axis}, score at the target level)"), 2)
    if not heat["areas"] or not heat["rows"]:
        yield Line(s.text(f"no {axis} to map"))
        return
    threshold = report["framework"]["threshold"]
    columns, legend = heatmap_headings(heat["areas"])
    headers = [s.text(h) for h in ["Person", "Target", *columns]]
    rows = [[s.text(row["person"]), s.code(row["target"]), *[_heat_cell(s, c, threshold) for c in row["cells"]]]
            for row in heat["rows"]]
    yield Table(headers, rows, no_wrap=tuple(headers[2:]))
    if legend:
        yield Line(s.text(f"Columns: {legend}"))
    yield Line(s.legend(threshold))


def _gaps(report: dict[str, Any], s: Style) -> Iterator[Block]:
    yield Heading(s.text("What this team needs to learn next"), 2)
    if not report["gaps"]:
        yield Line(s.text("nobody's target level to look at"))
    heads = [s.text(h) for h in ("Below meets", "Share", "Id", "Expectation")]
    for level in report["gaps"]:
        yield Heading(s.text(f"To {level['level']} ({level['title']}): {level['people']} people targeting it"), 3)
        found = level["expectations"]
        if not found:
            yield Line(s.text("everyone targeting it meets every expectation"))
            continue
        rows = [[s.text(f"{e['below']}/{level['people']}"), s.text(shown_percent(e["share"])), s.code(e["id"]),
                 s.text(e["text"])] for e in found[:TOP_GAPS]]
        yield Table(heads, rows, no_wrap=(heads[0], heads[1]))
        if len(found) > TOP_GAPS:
            yield Line(s.text(f"… and {len(found) - TOP_GAPS} more expectation(s) below meets"))


def _calibration(report: dict[str, Any], s: Style) -> Iterator[Block]:
    calibration = report["calibration"]
    yield Heading(s.text("Calibration"), 2)
    if not calibration["people"] and not calibration["assessors"]:
        yield Line(s.text("no self and manager views to calibrate"))
        return
    yield from _leaning(calibration, s)
    yield from _assessors(calibration, s)


def _area_means(s: Style, areas: list[dict[str, Any]]) -> str:
    return "; ".join(s.text(f"{area_label(a['area'])} {signed(a['mean'])}") for a in areas)


def _leaning(calibration: dict[str, Any], s: Style) -> Iterator[Block]:
    people, flag = calibration["people"], calibration["flag"]
    yield Heading(s.text("Self vs manager (mean self − manager on the scale)"), 3)
    if not people:
        yield Line(s.text("no self and manager views to calibrate"))
        return
    leaning = [p for p in people if p["leaning"] != "close"]
    yield Line(s.text(f"{len(people) - len(leaning)} of {len(people)} people with both views are within "
                      f"±{flag:g} of their manager"))
    if not leaning:
        return
    rows = [[s.text(p["person"]), s.text(p["assessor"] or NOT_NAMED), s.text(f"rates {p['leaning']}"),
             s.text(signed(p["mean"])), s.text(p["compared"]), _area_means(s, p["areas"])] for p in leaning]
    heads = [s.text(h) for h in ("Person", "Assessor", "Leaning", "Mean", "Compared", "By area")]
    yield Table(heads, rows, no_wrap=(heads[3],))


def _assessors(calibration: dict[str, Any], s: Style) -> Iterator[Block]:
    assessors, team_mean = calibration["assessors"], calibration["team_mean"]
    yield Heading(s.text("Assessors (their ratings, their mean against the team's)"), 3)
    if not assessors:
        yield Line(s.text("no assessor's ratings to compare"))
        return
    scale = list(assessors[0]["ratings"])
    mean = "—" if team_mean is None else f"{team_mean:.2f}"
    yield Line(s.text(f"team mean {mean} (" + ", ".join(f"{k} {v}" for k, v in calibration["scale"].items()) + ")"))
    heads = [s.text(h) for h in ["Assessor", "People", *scale, "Mean", "vs team", "Self − manager"]]
    rows = [[s.text(a["assessor"] or NOT_NAMED), s.text(a["people"]), *[s.text(a["ratings"][k]) for k in scale],
             s.text("—" if a["mean"] is None else f"{a['mean']:.2f}"),
             s.text(signed(None if a["mean"] is None or team_mean is None else round(a["mean"] - team_mean, 2))),
             s.text(signed(a["self_minus_manager"]))] for a in assessors]
    yield Table(heads, rows)


def _visit(s: Style, visit: dict[str, Any]) -> str:
    score = s.text(shown_percent(visit["target_percent"]))
    earlier = s.text(f" (framework {visit['version']})") if visit.get("version") else ""
    return f"{s.text(visit['date'])}: {_level(s, visit['demonstrated'])} {score}{earlier}"


def _history(report: dict[str, Any], s: Style) -> Iterator[Block]:
    history = report["history"]
    yield Heading(s.text("Over time"), 2)
    if not history["people"]:
        yield Line(s.text("no earlier assessments"))
        return
    heads = [s.text(h) for h in ("Person", "Demonstrated level and score at target, oldest first")]
    rows = [[s.text(p["person"]), " → ".join(_visit(s, v) for v in p["assessments"])] for p in history["people"]]
    yield Table(heads, rows)
    crossing = sum(bool(p.get("crosses_versions")) for p in history["people"])
    if crossing:
        yield Line(s.text(f"{crossing} person(s) compared across versions of the framework (an assessment marked "
                          "'framework FINGERPRINT' was written against an earlier version): its ratings are "
                          "carried through the pairing of `ladder changes`, as `ladder migrate` would"))
    distribution = history["distribution"]
    heads = [s.text(h) for h in ("Level", "Current then", "Current now", "Demonstrated then", "Demonstrated now")]
    for then, now in zip(distribution["then"], distribution["now"]):
        yield Heading(s.text(f"{now['track_name']} then and now ({distribution['people']} people)"), 3)
        rows = [[s.code(a["id"]), s.text(a["current"]), s.text(b["current"]), s.text(a["demonstrated"]),
                 s.text(b["demonstrated"])] for a, b in zip(then["levels"], now["levels"])]
        yield Table(heads, rows)
        yield Line(s.text(f"none demonstrated: {then['none_demonstrated']} then, {now['none_demonstrated']} now"))


def _problems(report: dict[str, Any], s: Style) -> Iterator[Block]:
    """How many files were left out, and why: each problem where it is (stderr said so as they were read;
    a report saved or pasted elsewhere says so too)."""
    count = left_out(report["problems"])
    yield Heading(s.text("Problems"), 2)
    yield Line(s.text(f"{count} file(s) left out (see stderr)" if count else "no file left out"))
    if report["problems"]:
        yield Table([s.text("Where"), s.text("Problem")],
                    [[s.text(_where(p)), s.text(_problem(p))] for p in report["problems"]])


def _problem(problem: dict[str, Any]) -> str:
    """What a problem says, as its line on stderr does: severity, key path, message."""
    path = f"{problem['path']}: " if problem["path"] else ""
    return f"{problem['severity']}: {path}{problem['message']}"


def _where(problem: dict[str, Any]) -> str:
    """A problem's place as every message gives it: file:line:col (the file alone where there is no line)."""
    from ladder.errors import display_path

    where = display_path(problem["file"])
    return f"{where}:{problem['line']}:{problem['col']}" if problem.get("line") else where


# ---------------------------------------------------------------- markdown


class MarkdownStyle:
    """GitHub-flavoured Markdown: text through ``markdown_text``, ids as code spans, cells below the
    threshold marked '▼' (readable without colour)."""

    def text(self, value: object) -> str:
        from ladder.render.markdown import markdown_text

        return markdown_text(value)

    def code(self, value: object) -> str:
        from ladder.render.markdown import markdown_code

        return markdown_code(value)

    def heat(self, value: float, threshold: float) -> str:
        shown = shown_percent(value)
        return shown if reached(value, threshold) else f"{shown} ▼"

    def bar(self, count: int, most: int) -> str:
        return str(count)

    def legend(self, threshold: float) -> str:
        return self.text(f"▼ below the threshold ({percent(threshold)}); · nothing in that area at the target "
                         "level; — nothing applicable there")


def markdown_block(block: Block) -> str:
    """A block as Markdown, with the blank line that ends it."""
    if isinstance(block, Heading):
        return f"{'#' * block.level} {block.text}\n\n"
    if isinstance(block, Line):
        return f"{block.text}\n\n"
    if isinstance(block, Table):
        lines = [_cells(block.headers), _md_rule(len(block.headers)), *(_cells(row) for row in block.rows)]
        return "\n".join(lines) + "\n\n"
    return "---\n\n"


def _cells(cells: list[str]) -> str:
    """A table row of cells already in Markdown (``markdown_text`` escapes every '|' of data)."""
    return "| " + " | ".join(cells) + " |"


class MarkdownReport(TeamRenderer):
    """The report's sections as GitHub-flavoured Markdown tables, to paste into a PR or a wiki."""

    def one(self, value: list[dict[str, Any]], **context: Any) -> None:
        for block in blocks(value, self.grouped, MarkdownStyle()):
            self.out.write(markdown_block(block))


# ---------------------------------------------------------------- csv


def csv_rows(report: dict[str, Any]) -> Iterator[list[object]]:
    """One row per person and heatmap cell (CSV_COLUMNS), or one with empty area fields for a person
    with no cell; every text cell made inert for spreadsheets."""
    fw_id = report["framework"]["id"]
    areas = report["heatmap"]["areas"]
    cells = {row["person"]: row["cells"] for row in report["heatmap"]["rows"]}
    means = {p["person"]: {a["area"]: a["mean"] for a in p["areas"]} for p in report["calibration"]["people"]}
    for p in report["people"]:
        name = p["person"]
        head = [fw_id, name, p["file"], p["date"], p["assessor"], p["current"], p["target"], p["demonstrated"],
                p["status"], p["target_percent"]]
        found = [(area, cell) for area, cell in zip(areas, cells.get(name, [])) if cell is not None]
        mine = means.get(name, {})
        for area, cell in found:
            yield [_inert(v) for v in [*head, area_label(area), cell["percent"], cell["points"], cell["applicable"],
                                       mine.get(area)]]
        if not found:
            yield [_inert(v) for v in [*head, "", "", "", "", ""]]


class CsvReport(TeamRenderer):
    """CSV, one row per person × area for spreadsheets; several reports' rows under one header (the
    framework column tells them apart)."""

    def one(self, value: list[dict[str, Any]], **context: Any) -> None:
        import csv

        writer = csv.writer(self.out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for report in value:
            writer.writerows(csv_rows(report))
