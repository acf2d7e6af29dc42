"""`ladder team --format html`: one self-contained page (inline CSS and SVG, no JavaScript, nothing fetched).

The page renders the report documents of ``logic.team.Team.data`` (one, or one per framework with
--per-framework). Pure functions here turn a document into a *view*: the chart geometry and the
numbers as they are shown; the template (templates/team.html.j2, autoescaped through
``export._environment``) only writes them out. Every text from a file reaches the page through the
template's ``{{ }}`` (escaped, control characters shown), never through an attribute or <style>;
attributes carry only numbers and fixed class names computed here. The same reports give
byte-identical pages; the work is linear in the number of people. The two per-person charts (heatmap,
calibration) draw at most ``CHART_ROWS`` people and say so on the page when there are more; every table
lists everyone.
"""

from __future__ import annotations

import math
from typing import Any

from ladder.render.team import TeamRenderer

CHART_ROWS = 500  # people drawn in the heatmap and calibration SVGs; the page says when it shows fewer
TOP_GAPS = 10  # expectations shown per target level under "What this team needs to learn next"
NO_AREA = "(no area)"
NO_ASSESSOR = "(no assessor named)"

# Heatmap bands, relative to the threshold (the numbers are written in every cell, so print and greyscale read too)
BANDS = {"good": "#a8dcb5", "mid": "#fbd68a", "low": "#f2a7a0", "na": "#e4e7eb"}
# Distribution bars: current level, demonstrated level, no level demonstrated
BARS = {"current": "#5b7fb8", "demonstrated": "#d9822b", "none": "#9aa4ae"}
# Calibration bars: (flagged, not flagged) per side of zero
LEANING = {"higher": ("#8e3b9e", "#d9c8df"), "lower": ("#1f6f8b", "#bcd6df")}


class HtmlReport(TeamRenderer):
    """The team page: one report, or with --per-framework a section per framework and the problems of files
    no framework was found for (``grouped``)."""

    def one(self, value: list[dict[str, Any]], **context: Any) -> None:
        self.out.write(team_page(value, self.grouped))


def team_page(reports: list[dict[str, Any]], grouped: list[dict[str, Any]] | None = None) -> str:
    """The whole page for ``reports`` (``grouped``: None for one report, else --per-framework's problems
    that belong to no report)."""
    from ladder.render.export import _environment

    views = [report_view(report, index) for index, report in enumerate(reports)]
    return _environment().get_template("team.html.j2").render(
        reports=views, grouped=None if grouped is None else [problem_view(p) for p in grouped],
        h=2 if grouped is None else 3)


# ------------------------------------------------------------------ text and numbers as shown


def number(value: float | None) -> str:
    """A figure as shown: whole numbers without a decimal point, others as the document has them, None as —."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def signed(value: float | None) -> str:
    """A difference with its sign (+0.5, -0.33, 0)."""
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + number(value)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (chart labels; the full text goes in a <title>)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def area_name(area: str | None) -> str:
    """An area's name as shown: the unnamed area is "(no area)"."""
    return area if area else NO_AREA


def level_name(titles: dict[str, str], level_id: str | None, none: str = "none") -> str:
    """A level's title (its id when the report has no title for it; ``none`` for no level)."""
    if level_id is None:
        return none
    return titles.get(level_id) or level_id


def band(percent: float | None, threshold: float) -> str:
    """A heatmap cell's band: good at or above the threshold, mid from half of it, low below, na for no percent."""
    if percent is None:
        return "na"
    limit = threshold * 100
    return "good" if percent >= limit else "mid" if percent >= limit / 2 else "low"


# ------------------------------------------------------------------ one report


def report_view(report: dict[str, Any], index: int) -> dict[str, Any]:
    """Everything the template shows of one report document (``index``: its place on the page, for anchors)."""
    fw = report["framework"]
    titles = {lvl["id"]: lvl["title"] for track in report["distribution"] for lvl in track["levels"]}
    threshold = fw["threshold"]
    return {
        "index": index, "fw": fw, "threshold": number(round(threshold * 100, 1)),
        "axis": "competency" if fw["axis"] == "competency" else "area",
        "summary": summary_view(report),
        "people": [person_view(p, titles) for p in report["people"]],
        "distribution": distribution_chart(report["distribution"]),
        "distribution_table": distribution_table(report["distribution"]),
        "heatmap": heatmap_chart(report["heatmap"], threshold),
        "gaps": gaps_view(report["gaps"]),
        "calibration": calibration_chart(report["calibration"]),
        "calibration_people": [calibration_person(p) for p in report["calibration"]["people"]],
        "assessors": assessors_view(report["calibration"]),
        "team_mean": number(report["calibration"]["team_mean"]),
        "flag": number(report["calibration"]["flag"]),
        "history": history_view(report["history"], titles),
        "problems": [problem_view(p) for p in report["problems"]],
        "left_out": len({p["file"] for p in report["problems"] if p["severity"] == "error"}),
    }


def summary_view(report: dict[str, Any]) -> dict[str, Any]:
    """The header's figures: people, statuses, the dates the assessments span."""
    dates = [p["date"] for p in report["people"]]
    dates += [a["date"] for p in report["history"]["people"] for a in p["assessments"]]
    statuses: dict[str, int] = {"ready": 0, "at level": 0, "below current level": 0}
    for person in report["people"]:
        statuses[person["status"]] = statuses.get(person["status"], 0) + 1
    return {"people": len(report["people"]), "first": min(dates) if dates else None,
            "last": max(dates) if dates else None, "statuses": statuses}


STATUS_CLASS = {"ready": "ready", "at level": "at", "below current level": "below"}


def person_view(person: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """One People row: levels by title, the score at target, each view's level where self and manager differ."""
    views = other = None
    if person["self_demonstrated"] is not None or person["manager_demonstrated"] is not None:
        views = {"self": level_name(titles, person["self_demonstrated"]),
                 "manager": level_name(titles, person["manager_demonstrated"])}
        if person["self_demonstrated"] != person["manager_demonstrated"]:
            name = "manager" if person["by"] == "self" else "self"
            other = {"view": name, "level": views[name]}
    return {"person": person["person"], "date": person["date"], "assessor": person["assessor"],
            "current": level_name(titles, person["current"]), "target": level_name(titles, person["target"]),
            "demonstrated": level_name(titles, person["demonstrated"]), "views": views, "other": other,
            "by": person["by"],
            "score": number(person["target_percent"]), "status": person["status"],
            "status_class": STATUS_CLASS.get(person["status"], "below"), "gaps": person["gaps"],
            "assessments": person["assessments"]}


def problem_view(problem: dict[str, Any]) -> dict[str, Any]:
    """A problem with its place written as file:line:col (file alone when there is no line)."""
    where = f"{problem['file']}:{problem['line']}:{problem['col']}" if problem.get("line") else problem["file"]
    return {"where": where, "severity": problem["severity"], "path": problem.get("path") or "",
            "message": problem["message"], "rule": problem.get("rule") or ""}


# ------------------------------------------------------------------ distribution


def distribution_chart(distribution: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the distribution chart: per track a heading, per level its title over two bars side by
    side (current, demonstrated) with their counts, and a bar for the people demonstrating no level. Titles
    sit above their bars, so the chart stays narrow enough to read on a phone."""
    width, right, bar, gap = 420, 36, 11, 2
    counts = [n for track in distribution for lvl in track["levels"] for n in (lvl["current"], lvl["demonstrated"])]
    counts += [track["none_demonstrated"] for track in distribution]
    scale = (width - right) / max([1, *counts])
    y = 26  # below the legend
    tracks = []
    for track in distribution:
        heading_y = y + 16
        y += 24
        rows = []
        for lvl in track["levels"]:
            bars = [_bar("current", lvl["current"], y + 15, scale),
                    _bar("demonstrated", lvl["demonstrated"], y + 15 + bar + gap, scale)]
            rows.append({"label": clip(lvl["title"], 60), "title": lvl["title"], "y": y + 11, "bars": bars})
            y += 15 + 2 * bar + gap + 8
        if track["none_demonstrated"]:
            rows.append({"label": "(no level demonstrated)", "title": "no level demonstrated", "y": y + 11,
                         "bars": [_bar("none", track["none_demonstrated"], y + 15, scale)]})
            y += 15 + bar + 8
        tracks.append({"name": track["track_name"], "y": heading_y, "rows": rows})
        y += 4
    legend = [{"x": 0, "colour": BARS["current"], "text": "current level"},
              {"x": 110, "colour": BARS["demonstrated"], "text": "demonstrated level"}]
    if any(track["none_demonstrated"] for track in distribution):
        legend.append({"x": 250, "colour": BARS["none"], "text": "no level demonstrated"})
    return {"width": width, "height": y, "bar": bar, "tracks": tracks, "legend": legend}


def _bar(kind: str, count: int, y: int, scale: float) -> dict[str, Any]:
    length = round(count * scale, 1)
    return {"kind": kind, "count": count, "y": y, "width": length, "text_x": round(length + 4, 1),
            "colour": BARS[kind]}


def distribution_table(distribution: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chart's numbers as table rows (what a screen reader or a print reads)."""
    return [{"name": track["track_name"], "levels": track["levels"], "none": track["none_demonstrated"]}
            for track in distribution]


# ------------------------------------------------------------------ heatmap


def heatmap_chart(heatmap: dict[str, Any], threshold: float) -> dict[str, Any]:
    """Geometry of the gaps heatmap: a row per person (at most ``CHART_ROWS``), a numbered column per area,
    a coloured cell with its percent written in for each cell the report has (none where the target level
    has nothing in that area)."""
    areas = [area_name(a) for a in heatmap["areas"]]
    left, cell_w, cell_h, top = 180, 46, 22, 30
    shown = heatmap["rows"][:CHART_ROWS]
    rows = []
    for index, row in enumerate(shown):
        y = top + index * (cell_h + 2)
        cells = []
        for column, cell in enumerate(row["cells"]):
            if cell is None:
                continue
            cells.append({"x": left + column * cell_w + 1, "text_x": left + column * cell_w + cell_w // 2,
                          "band": band(cell["percent"], threshold), "area": areas[column],
                          "text": "n/a" if cell["percent"] is None else number(cell["percent"]),
                          "points": number(cell["points"]), "applicable": cell["applicable"]})
        rows.append({"person": row["person"], "label": clip(row["person"], 26), "target": row["target"],
                     "y": y, "text_y": y + 15, "cells": cells})
    limit = threshold * 100
    return {"areas": areas, "columns": [{"n": i + 1, "x": left + i * cell_w + cell_w // 2, "name": a}
                                        for i, a in enumerate(areas)],
            "rows": rows, "total": len(heatmap["rows"]), "shown": len(shown), "left": left,
            "cell_w": cell_w - 2, "cell_h": cell_h, "header_y": top - 10,
            "width": left + max(1, len(areas)) * cell_w + 4, "height": top + len(shown) * (cell_h + 2) + 4,
            "max_width": round((left + max(1, len(areas)) * cell_w + 4) * 1.35), "colours": BANDS,
            "legend": [("good", f"{number(limit)} or more (the threshold)"),
                       ("mid", f"{number(limit / 2)} to under {number(limit)}"),
                       ("low", f"under {number(limit / 2)}"), ("na", "n/a: everything there is n/a")]}


# ------------------------------------------------------------------ gaps


def gaps_view(gaps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per target level, its ``TOP_GAPS`` expectations most often below meets, and how many more there are."""
    return [{"level": g["level"], "title": g["title"], "people": g["people"],
             "top": [dict(e, area=area_name(e["area"]), share=number(e["share"]))
                     for e in g["expectations"][:TOP_GAPS]],
             "more": max(0, len(g["expectations"]) - TOP_GAPS)} for g in gaps]


# ------------------------------------------------------------------ calibration


def calibration_chart(calibration: dict[str, Any]) -> dict[str, Any]:
    """Geometry of the calibration chart: per person (at most ``CHART_ROWS``) a horizontal bar of mean
    self − manager from a zero line, the ±flag lines dashed, flagged people in a strong colour."""
    width, left, right, top, row_h, bar = 480, 150, 100, 8, 20, 12
    people = calibration["people"]
    shown = people[:CHART_ROWS]
    flag = calibration["flag"]
    widest = max([abs(p["mean"]) for p in shown if p["mean"] is not None] + [1.0])
    domain = min(3.0, math.ceil(widest * 2) / 2)
    half = (width - left - right) / 2
    centre = left + half
    scale = half / domain
    rows = []
    for index, person in enumerate(shown):
        y = top + index * row_h
        mean = person["mean"]
        flagged = person["leaning"] in LEANING
        side = "higher" if (mean or 0) >= 0 else "lower"
        length = 0.0 if mean is None else round(abs(mean) * scale, 1)
        rows.append({"person": person["person"], "label": clip(person["person"], 24), "y": y, "text_y": y + 11,
                     "x": round(centre if (mean or 0) >= 0 else centre - length, 1), "width": length,
                     "colour": LEANING[side][0 if flagged else 1], "flagged": flagged,
                     "value": "none compared" if mean is None else signed(mean),
                     "leaning": person["leaning"] if flagged else "", "compared": person["compared"]})
    bottom = top + len(shown) * row_h + 4
    ticks = sorted({-domain, -flag, 0.0, flag, domain})
    return {"width": width, "height": bottom + 20, "left": left, "centre": round(centre, 1), "bar": bar,
            "top": top, "bottom": bottom, "value_x": width - right + 8, "rows": rows, "total": len(people),
            "shown": len(shown), "flag": number(flag),
            "flags": [round(centre - flag * scale, 1), round(centre + flag * scale, 1)],
            "ticks": [{"x": round(centre + t * scale, 1), "text": signed(t)} for t in ticks]}


def calibration_person(person: dict[str, Any]) -> dict[str, Any]:
    """One row of the per-person calibration table, areas by name."""
    return {"person": person["person"], "assessor": person["assessor"], "mean": signed(person["mean"]),
            "compared": person["compared"], "leaning": person["leaning"],
            # one plain (unescaped) string: the template escapes it as a whole, and it renders fast for many people
            "areas": "; ".join(f"{area_name(a['area'])}: {signed(a['mean'])} ({a['compared']})"
                               for a in person["areas"])}


def assessors_view(calibration: dict[str, Any]) -> list[dict[str, Any]]:
    """Per assessor: their rating counts, mean and its difference from the team's mean, their people's
    mean self − manager."""
    team = calibration["team_mean"]
    out = []
    for row in calibration["assessors"]:
        mean = row["mean"]
        diff = None if mean is None or team is None else round(mean - team, 2)
        out.append({"assessor": row["assessor"] if row["assessor"] is not None else NO_ASSESSOR,
                    "named": row["assessor"] is not None, "people": row["people"],
                    "ratings": list(row["ratings"].items()), "rated": row["rated"], "mean": number(mean),
                    "vs_team": signed(diff), "self_minus_manager": signed(row["self_minus_manager"])})
    return out


# ------------------------------------------------------------------ over time


def history_view(history: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """Each person's first and latest assessment side by side; the team's distribution then and now."""
    people = []
    for person in history["people"]:
        then, now = person["assessments"][0], person["assessments"][-1]
        change = None
        if then["target_percent"] is not None and now["target_percent"] is not None:
            change = round(now["target_percent"] - then["target_percent"], 1)
        people.append({"person": person["person"], "count": len(person["assessments"]),
                       "then": _moment(then, titles), "now": _moment(now, titles), "change": signed(change),
                       "crosses": bool(person.get("crosses_versions"))})
    then_now = []
    dist = history["distribution"]
    for before, after in zip(dist["then"], dist["now"]):
        levels = [{"title": b["title"], "then_current": b["current"], "then_demonstrated": b["demonstrated"],
                   "now_current": a["current"], "now_demonstrated": a["demonstrated"]}
                  for b, a in zip(before["levels"], after["levels"])]
        then_now.append({"name": before["track_name"], "levels": levels,
                         "then_none": before["none_demonstrated"], "now_none": after["none_demonstrated"]})
    return {"people": people, "count": dist["people"], "tracks": then_now}


def _moment(assessment: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    return {"date": assessment["date"], "demonstrated": level_name(titles, assessment["demonstrated"]),
            "target": level_name(titles, assessment["target"]), "score": number(assessment["target_percent"]),
            "status": assessment["status"]}
