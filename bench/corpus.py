"""Import each real ladder in ../shared/ladders/ and set what was found beside what a right import has.

    python bench/corpus.py                   # a table, one row per file
    python bench/corpus.py --json            # the same as JSON, for machines
    python bench/corpus.py --file monzo-backend.md

Runs `ladder import FILE --report json` on every file of the corpus (the repository's sibling
``shared/ladders/``, when it is there; else it says "no corpus here") and reads the report it writes on
stderr: the format read, the tracks and levels found, the share of text units that landed verbatim in
levels, and the units not placed. The expected tracks and levels are those the corpus's README.md says a
right import has (EXPECTED below); where the README and the file disagree, both are shown, neither fixed.
An import that fails shows the first line of its message. This is a measurement: it always exits 0.
Standard library only; each import is a child process, timed from spawn to exit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "ladders"
TIMEOUT = 120.0  # seconds for one import; the biggest real ladder takes well under one

# What the corpus's README.md says a right import has (None: it gives no count).
EXPECTED: dict[str, dict[str, Any]] = {
    "monzo-backend.md": {"levels": 6, "tracks": 1, "note": "topics as areas; the intro is not a level"},
    "ft-engineering.yml": {"levels": 8, "tracks": 2, "note": "IC/PM variants distinct (two tracks from Senior 2)"},
    "unidays-engineering.json": {"levels": None, "tracks": 5, "note": "topics are roles: 5 tracks"},
    "carvago-frontend-assessment-template.xlsx": {"levels": 4, "tracks": None,
                                                  "note": "levels as the workbook states them"},
    "sourcegraph-engineering-framework.md": {"levels": 9, "tracks": 2, "note": "IC1-IC5 and M3-M6"},
    "jorgef-Developer.md": {"levels": 5, "tracks": None,
                            "note": "README: D1-D5; the file itself has D1-D7 headings"},
    "postman-open-source-contributors.md": {"levels": 6, "tracks": None, "note": "experience lines as criteria"},
    "gravitational-sre.tex": {"levels": 5, "tracks": None, "note": "LaTeX: unsupported is acceptable",
                              "unsupported_ok": True},
}


@dataclass
class Outcome:
    """One file's import: what the report says, or the first line of the message when it failed."""

    file: str
    exit: int | None  # None: it did not finish in TIMEOUT
    wall: float
    format: str | None = None
    tracks: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    message: str = ""
    expected: dict[str, Any] = field(default_factory=dict)

    @property
    def verbatim_share(self) -> float | None:
        units = self.counts.get("units", 0)
        return self.counts.get("verbatim_in_levels", 0) / units if units else None


def read_report(stderr: str) -> dict[str, Any] | None:
    """The JSON document of `--report json` on stderr (anything around it is skipped); None if there is none."""
    decoder = json.JSONDecoder()
    start = stderr.find("{")
    while start >= 0:
        try:
            found, _ = decoder.raw_decode(stderr, start)
        except ValueError:
            start = stderr.find("{", start + 1)
            continue
        if isinstance(found, dict) and ("counts" in found or "levels" in found):
            return found
        start = stderr.find("{", start + 1)
    return None


def first_line(stderr: str) -> str:
    """The line of a failed import's message that says what is wrong: Click's 'Usage:' and 'Try' lines and
    the frame of a boxed error are skipped."""
    for raw in stderr.splitlines():
        line = raw.strip().strip("│╭╮╰╯─ ").strip()
        if not line or line.startswith(("Usage:", "Try '")) or line == "Error":
            continue
        return line
    return ""


def outcome(file: str, code: int | None, wall: float, stderr: str) -> Outcome:
    """What one import found, from its exit code and stderr."""
    result = Outcome(file, code, wall, expected=EXPECTED.get(file, {}))
    report = read_report(stderr) if code == 0 else None
    if report is None:
        result.message = "timed out" if code is None else (first_line(stderr) or f"exit {code}, no message")
        if code == 0:
            result.message = "no JSON report on stderr: " + result.message
        return result
    result.format = report.get("format")
    result.tracks = [str(t.get("id")) for t in report.get("tracks", []) if isinstance(t, dict)]
    result.levels = [str(lvl.get("id")) for lvl in report.get("levels", []) if isinstance(lvl, dict)]
    counts = report.get("counts", {})
    result.counts = {k: v for k, v in counts.items() if isinstance(v, int)} if isinstance(counts, dict) else {}
    return result


def run_one(ladder: str, path: Path, env: dict[str, str]) -> Outcome:
    """``ladder import PATH --report json``, its YAML thrown away, its stderr read."""
    start = time.perf_counter()
    try:
        done = subprocess.run([ladder, "import", str(path), "--report", "json"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else ""
        return outcome(path.name, None, time.perf_counter() - start, stderr)
    return outcome(path.name, done.returncode, time.perf_counter() - start,
                   done.stderr.decode("utf-8", "replace"))


def versus(found: int, expected: int | None, ran: bool) -> str:
    """'found / expected' (or just what was found when the README gives no count)."""
    if not ran:
        return "-" if expected is None else f"- / {expected}"
    return str(found) if expected is None else f"{found} / {expected}"


def row(result: Outcome) -> list[str]:
    """One line of the table."""
    ran = result.format is not None or bool(result.counts)
    share = result.verbatim_share
    expected = result.expected
    fine = result.exit == 2 and expected.get("unsupported_ok")
    note = result.message or expected.get("note", "")
    if fine:
        note = f"unsupported (acceptable): {note}"
    return [result.file, result.format or "-", versus(len(result.tracks), expected.get("tracks"), ran),
            versus(len(result.levels), expected.get("levels"), ran),
            f"{share:.0%}" if share is not None else "-",
            str(result.counts["not_placed"]) if "not_placed" in result.counts else "-",
            "timeout" if result.exit is None else str(result.exit), f"{result.wall:.2f} s", note]


HEADER = ["file", "format", "tracks (found / README)", "levels (found / README)", "verbatim in levels",
          "not placed", "exit", "wall", "note"]


def table(results: list[Outcome]) -> str:
    """The outcomes as a plain table, columns padded to their widest cell (the note last, unpadded)."""
    rows = [HEADER] + [row(r) for r in results]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER) - 1)]
    lines = []
    for k, cells in enumerate(rows):
        padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        lines.append("  ".join(padded + [cells[-1]]).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    return "\n".join(lines)


def as_json(results: list[Outcome]) -> str:
    out = []
    for result in results:
        entry = asdict(result)
        entry["verbatim_share"] = result.verbatim_share
        out.append(entry)
    return json.dumps(out, indent=2, ensure_ascii=False)


def find_ladder(given: str | None) -> str | None:
    """The ladder executable: the one given, else the one beside this Python, else on PATH."""
    if given:
        return given
    beside = Path(sys.executable).parent / "ladder"
    return str(beside) if beside.exists() else shutil.which("ladder")


def corpus_files(corpus: Path, only: str | None) -> list[Path]:
    """The ladders of the corpus (its README.md is not one), or the one named."""
    files = sorted(p for p in corpus.iterdir() if p.is_file() and p.name != "README.md")
    return [p for p in files if p.name == only] if only else files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--file", metavar="NAME", help="import only this file of the corpus")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"the directory of ladders (default {CORPUS})")
    parser.add_argument("--ladder", help="the ladder executable (default: beside this Python, else on PATH)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print("no corpus here")
        return 0
    ladder = find_ladder(args.ladder)
    if ladder is None:
        print("no `ladder` executable: pip install -e . first, or pass --ladder PATH")
        return 0
    files = corpus_files(args.corpus, args.file)
    if not files:
        print(f"no file named {args.file!r} in {args.corpus}")
        return 0
    env = {**os.environ, "NO_COLOR": "1", "TYPER_USE_RICH": "0", "COLUMNS": "200"}
    env.pop("LADDER_PATH", None)
    results = [run_one(ladder, path, env) for path in files]
    try:
        print(as_json(results) if args.json else table(results), flush=True)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
