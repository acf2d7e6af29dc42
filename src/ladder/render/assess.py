"""Renderers for `ladder assess`, one per --format (render.registry): the data shapes, JSON, CSV and
Markdown here; text (rich or plain) in assess_text.py.

Each reporter shows one Result in full (``one``) or a batch, one row per file (``row`` then
``finish``). Machine formats (json, csv) are plain text on stdout. Problems with bad files go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from ladder.errors import display_path
from ladder.logic.scoring import Gap, LevelScore, Result, Scored, ViewResult
from ladder.outcome import Outcome
from ladder.render.base import Renderer
from ladder.render.data import problem_dict

BATCH_COLUMNS = ["file", "person", "framework", "current", "target", "demonstrated", "by", "target_percent",
                 "self_demonstrated", "manager_demonstrated", "gaps", "not_rated", "disagreements", "status", "error"]
T = TypeVar("T")

if TYPE_CHECKING:  # json, csv and history are imported where used: the text report needs none of them
    from ladder.logic.since import History


# ---------------------------------------------------------------- plain data


def percent(value: float | None) -> str:
    """0.875 -> '88%'; None (nothing applicable) -> '—'."""
    return "—" if value is None else f"{round(value * 100)}%"


def points(value: float) -> str:
    """Points without a needless '.0'."""
    return f"{value:g}"


def level_dict(level: LevelScore) -> dict[str, Any]:
    """A scored level as JSON-able data, with its derived fields."""
    data = asdict(level)
    data["criteria_met"] = level.criteria_met
    data["not_rated"] = level.not_rated
    for check, raw in zip(level.criteria, data["criteria"]):
        raw["blocking"] = check.blocking
    return data


def result_dict(result: Result, history: History | None = None) -> dict[str, Any]:
    """A whole result as JSON-able data (every level, rating and criterion: the explanation)."""
    data = asdict(result)
    data["demonstrated"] = result.demonstrated
    data["views"] = {
        name: {**{k: v for k, v in asdict(view).items() if k != "levels"},
               "levels": [level_dict(level) for level in view.levels]}
        for name, view in result.views.items()
    }
    data["gaps_by_area"] = [{"area": area, "gaps": [asdict(g) for g in gaps]} for area, gaps in result.gaps_by_area()]
    from ladder.logic.stale import to_dict

    data["framework_changed"] = to_dict(result.framework_changed)
    if history is not None:
        data["history"] = asdict(history)
    return data


def batch_row(outcome: Outcome) -> dict[str, Any]:
    """One batch row: who, which level is demonstrated, how far from the target; or the error."""
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS, "")
    row["file"] = display_path(outcome.file)
    result: Result | None = outcome.result
    if result is None:
        first = outcome.problems[0] if outcome.problems else None
        row.update(status="error", error=str(first) if first else "invalid file")
        return row
    target = result.driving.levels[-1]
    row.update(
        person=result.person, framework=result.framework, current=result.current, target=result.target,
        demonstrated=result.demonstrated or "", by=result.by,
        target_percent="" if target.percent is None else round(target.percent * 100, 1),
        self_demonstrated=_view_level(result, "self"), manager_demonstrated=_view_level(result, "manager"),
        gaps=len(result.gaps), not_rated=sum(len(lvl.not_rated) for lvl in result.driving.levels),
        disagreements=len(result.disagreements), status="ok",
    )
    return row


def _view_level(result: Result, name: str) -> str:
    """A view's level, only where self and manager were scored apart (else the one view says it all)."""
    view = result.views.get(name)
    return (view.demonstrated or "") if view and result.split else ""


def _problems(outcome: Outcome) -> None:
    # sys.stderr looked up at call time: a progress bar may be redirecting it
    for problem in outcome.problems:
        sys.stderr.write(f"{problem}\n")


# ---------------------------------------------------------------- json and csv


class Batch(Renderer):
    """What every assess format shares: the --explain option and the batch's counts."""

    def __init__(self, out: TextIO, explain: bool = False, **options: Any) -> None:
        super().__init__(out, **options)
        self.explain = explain
        self.count = {"files": 0, "scored": 0, "invalid": 0}

    def _tally(self, outcome: Outcome) -> None:
        self.count["files"] += 1
        self.count["invalid" if outcome.result is None else "scored"] += 1


class JsonReporter(Batch):
    """JSON on stdout, one shape for one file or many: {"results": [entry, ...], "summary": {...}}.

    An entry is a scored file's whole result (``json_entry``) or a file's problems; a jq script
    written for a batch works on one file and back.
    """

    def one(self, value: Result, history: History | None = None, **context: Any) -> None:
        """Write the document of one file (always with its explanation data; ``explain`` is for text)."""
        self._entry(json_entry(Outcome(value.file, value), history))
        self.count.update(files=1, scored=1)
        self.finish()

    def row(self, value: Outcome) -> None:
        """Write one file's entry of the document (its problems go to stderr too)."""
        _problems(value)
        self._entry(json_entry(value))
        self._tally(value)

    def _entry(self, entry: dict[str, Any]) -> None:
        import json

        # entries are streamed so a large batch is never held in memory
        head = '{"results": [\n' if not self.count["files"] else ",\n"
        self.out.write(head + json.dumps(entry, ensure_ascii=False))

    def finish(self, summary: Any = None) -> None:
        """Close the batch document with its summary."""
        import json

        head = '{"results": [' if not self.count["files"] else "\n"
        self.out.write(f'{head}], "summary": {json.dumps(self.count)}}}\n')


def json_entry(outcome: Outcome, history: History | None = None) -> dict[str, Any]:
    """One file in `assess --format json`: status, file, problems, and for a scored file its whole
    result (every level, rating and criterion) plus target_percent, the score at the target."""
    if outcome.result is None:
        return {"status": "invalid", "file": outcome.file, "problems": [problem_dict(p) for p in outcome.problems]}
    target = outcome.result.driving.levels[-1]
    percent = None if target.percent is None else round(target.percent * 100, 1)
    return {"status": "ok", **result_dict(outcome.result, history), "target_percent": percent, "problems": []}


def _inert(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=HYPERLINK(...)`` as a person's name)
    gets a leading apostrophe, the usual defence against CSV injection; numbers are left alone."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class CsvReporter(Batch):
    """CSV on stdout, one row per file with a header (a single file is a batch of one)."""

    def __init__(self, out: TextIO, explain: bool = False, **options: Any) -> None:
        import csv

        super().__init__(out, explain, **options)
        self.writer = csv.DictWriter(out, fieldnames=BATCH_COLUMNS, lineterminator="\n")

    def one(self, value: Result, **context: Any) -> None:
        """A single file is a batch of one row."""
        self.row(Outcome(value.file, value))
        self.finish()

    def row(self, value: Outcome) -> None:
        """Write one CSV row (the header before the first)."""
        _problems(value)
        if not self.count["files"]:
            self.writer.writeheader()
        self.writer.writerow({key: _inert(cell) for key, cell in batch_row(value).items()})
        self._tally(value)

    def finish(self, summary: Any = None) -> None:
        """An empty batch still gets its header."""
        if not self.count["files"]:
            self.writer.writeheader()


# ---------------------------------------------------------------- markdown


class MarkdownReporter(Batch):
    """GitHub-flavoured markdown: a report per result, or one table for a batch."""

    COLUMNS = ("file", "person", "framework", "current", "target", "demonstrated", "target_percent", "gaps", "status")

    def one(self, value: Result, history: History | None = None, **context: Any) -> None:
        """Write one result as a markdown report."""
        self.out.write("\n".join(markdown_lines(value, self.explain, history)) + "\n")

    def row(self, value: Outcome) -> None:
        """Write one table row (the table head before the first)."""
        _problems(value)
        if not self.count["files"]:
            self.out.write(_md_row(self.COLUMNS) + "\n" + _md_rule(len(self.COLUMNS)) + "\n")
        row = batch_row(value)
        self.out.write(_md_row([str(row[c]) for c in self.COLUMNS]) + "\n")
        self._tally(value)

    def finish(self, summary: Any = None) -> None:
        """Close the table with a count."""
        self.out.write(f"\n{self.count['files']} file(s): {self.count['scored']} scored, "
                       f"{self.count['invalid']} invalid\n")


def _md(text: object) -> str:
    from ladder.render.markdown import markdown_text  # the one rule for text from a file in Markdown

    return markdown_text(text)


def _md_row(cells: Iterable[object]) -> str:
    """A table row; each cell is text (from a file or made here), escaped."""
    return "| " + " | ".join(_md(c) for c in cells) + " |"


def _md_rule(columns: int) -> str:
    return "|" + " --- |" * columns


def markdown_lines(result: Result, explain: bool = False, history: History | None = None) -> list[str]:
    """A result as markdown: summary table, disagreements, gaps, then optional explanation and history."""
    views = list(result.views.values())
    lines = [f"# {_md(result.person)}: {_md(result.framework_name)}", "",
             f"{_md(result.date)} · current **{_md(result.current)}** · target **{_md(result.target)}** "
             f"({_md(result.target_title)}) · threshold {percent(result.threshold)} · {_md(_by_text(result))}", "",
             f"**Demonstrated level: {_md(_demonstrated(result.driving))}**"
             + (f" {_md(_other_views(result))}" if _other_views(result) else ""), "",
             _md_row(["level", "title", *[f"{v.name} score" if result.split else "score" for v in views],
                      "criteria", "demonstrated"]),
             _md_rule(4 + len(views))]
    driving = result.driving
    for index, level in enumerate(driving.levels):
        scores = [_score_text(v.levels[index]) for v in views]
        demonstrated = "yes" if level.demonstrated else ""
        lines.append(_md_row([level.id, level.title, *scores, _criteria_text(level), demonstrated]))
    if result.disagreements:
        lines += ["", "## Self vs manager", "", _md_row(["id", "self", "manager", "expectation"]), _md_rule(4)]
        lines += [_md_row([d.id, d.self or "not rated", d.manager or "not rated", d.text])
                  for d in result.disagreements]
    lines += ["", f"## Gaps to {_md(result.target)} ({len(result.gaps)})"]
    for area, gaps in result.gaps_by_area():
        lines += ["", f"### {_md(area)}", ""] + [f"- {_md(_gap_text(g))}" for g in gaps]
    lines += [f"\n> note: {_md(w)}" for w in result.warnings]
    if explain:
        lines += ["", f"## How the score was computed ({_md(driving.name)} view)"]
        for level in driving.levels:
            lines += ["", f"### {_md(level.id)} {_md(level.title)}: {_md(_explain_sum(level, result.threshold))}", ""]
            lines += [f"- {_md(line)}" for line in explain_lines(level)]
    if history is not None:
        lines += ["", f"## Since {_md(history.since_date)}", ""]
        lines += [f"- {_md(line)}" for line in history_lines(history)]
    return lines


# ---------------------------------------------------------------- shared wording


def _demonstrated(view: ViewResult) -> str:
    if view.demonstrated is None:
        return f"none yet (below {view.levels[0].id})" if view.levels else "none"
    return f"{view.demonstrated} ({view.demonstrated_title})"


def _by_text(result: Result) -> str:
    if result.split:
        return f"the {result.by}'s ratings decide the level"
    return "one set of ratings (no separate self and manager views)"


def _other_views(result: Result) -> str:
    others = [v for name, v in result.views.items() if name != result.by]
    return "".join(f" — {v.name} view: {_demonstrated(v)}" for v in others)


def _score_text(level: LevelScore) -> str:
    if level.applicable == 0:
        return "nothing to rate"
    return f"{points(level.total)}/{level.applicable} = {percent(level.percent)}"


def _criteria_text(level: LevelScore) -> str:
    parts = []
    for label, advisory in (("", False), ("advisory ", True)):
        checks = [c for c in level.criteria if c.advisory == advisory]
        if checks:
            parts.append(f"{label}{sum(c.status == 'met' for c in checks)}/{len(checks)} met")
    return ", ".join(parts) or "—"


def _gap_text(gap: Gap) -> str:
    tag = " (advisory)" if gap.advisory else ""
    return f"[{gap.level}] {gap.id}: {gap.status}{tag} — {gap.text}"


def _explain_sum(level: LevelScore, threshold: float) -> str:
    if level.applicable == 0:
        reached = "nothing applicable, reached"
    else:
        verdict = "reached" if level.reached else "not reached"
        reached = f"{points(level.total)} of {level.applicable} = {percent(level.percent)}, {verdict} " \
                  f"(threshold {percent(threshold)})"
    blocked = "" if level.criteria_met else "; a hard criterion is not met"
    return reached + blocked + ("; demonstrated" if level.demonstrated else "")


def explain_lines(level: LevelScore) -> list[str]:
    """Which ratings gave a level its score, and how each criterion was checked."""
    lines: list[str] = []

    def add(scored: Scored, indent: str) -> None:
        got = "left out" if scored.points is None else points(scored.points)
        how = scored.value or scored.status
        if scored.status == "from items":
            how = "best item" if scored.group == "any" else "mean of items"
        extra = f" [{len(scored.evidence)} evidence]" if scored.evidence else ""
        lines.append(f"{indent}{scored.id}: {how} -> {got}{extra} — {scored.text}")
        for item in scored.items:
            add(item, indent + "    ")

    for scored in level.expectations:
        add(scored, "")
    for check in level.criteria:
        kind = "advisory" if check.advisory else "criterion"
        lines.append(f"{kind} {check.kind}: {check.status} — {check.detail}")
    return lines


def history_lines(history: History) -> list[str]:
    """What changed since the earlier assessment, one line each."""
    lines = [f"demonstrated level: {history.before or 'none'} -> {history.after or 'none'} ({history.level_change})"]
    lines += [f"{lvl}: {percent(old)} -> {percent(new)}" for lvl, old, new in history.percents if old != new]
    lines += [f"{c.direction}: {c.id} {c.before or 'not rated'} -> {c.after or 'not rated'}" for c in history.changes]
    lines += [f"new evidence on {exp_id}: {', '.join(items)}" for exp_id, items in history.new_evidence.items()]
    if len(lines) == 1 and history.level_change == "same":
        lines.append("no rating changed")
    return ([f"note: {history.crosses}"] if history.crosses else []) + lines
