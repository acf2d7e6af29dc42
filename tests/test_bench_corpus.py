"""bench/corpus.py against a fake `ladder` and a corpus of made-up files: it reads the report, shows what
failed, and always exits 0."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "corpus.py"

_spec = importlib.util.spec_from_file_location("bench_corpus", SCRIPT)
assert _spec and _spec.loader
corpus = importlib.util.module_from_spec(_spec)
sys.modules["bench_corpus"] = corpus  # dataclasses look their module up while the class is made
_spec.loader.exec_module(corpus)


def report(tracks: list[str], levels: list[str], units: int, verbatim: int, not_placed: int, fmt: str = "md") -> dict:
    return {"file": "x", "format": fmt, "framework": {"id": "x", "name": "X", "organisation": "O"},
            "tracks": [{"id": t, "name": t.upper()} for t in tracks],
            "levels": [{"id": lvl, "title": lvl, "track": tracks[0], "order": k} for k, lvl in enumerate(levels, 1)],
            "counts": {"units": units, "in_levels": verbatim, "verbatim_in_levels": verbatim,
                       "elsewhere": units - verbatim - not_placed, "not_placed": not_placed},
            "units": []}


# What the fake ladder does with each file of the made-up corpus: (exit code, stderr).
GOOD = report(["ic", "mgr"], ["ic1", "ic2", "ic3", "m1"], 40, 30, 2)
BEHAVIOUR = {
    "acme-good.md": (0, "some warning first\n" + json.dumps(GOOD, indent=2) + "\n"),
    "acme-ambiguous.md": (1, "acme-ambiguous.md: error: two headings depths could hold the levels; pass "
                             "--levels-at h2 or --levels-at h3\n  hint: see --help\n"),
    "acme-old.md": (2, "Usage: ladder import [OPTIONS] {file}\nTry 'ladder import -h' for help.\n\n"
                       "Error: No such option: --report\n"),
    "acme-silent.csv": (0, "acme-silent.csv: read as CSV: 1 track(s), 2 level(s).\n"),
    "monzo-backend.md": (0, json.dumps(report(["main"], [str(n) for n in range(1, 7)], 10, 5, 1))),
}

FAKE = '''#!{python}
import json, pathlib, sys
behaviour = json.loads(pathlib.Path({table!r}).read_text())
args = sys.argv[1:]
assert args[0] == "import" and args[2:] == ["--report", "json"], args
code, err = behaviour[pathlib.Path(args[1]).name]
if code == 0:
    print("schema_version: 1")
sys.stderr.write(err)
sys.exit(code)
'''


@pytest.fixture
def fake(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus directory of made-up files (and a README.md, which is not a ladder) and a fake ladder."""
    shelf = tmp_path / "ladders"
    shelf.mkdir()
    for name in BEHAVIOUR:
        (shelf / name).write_text("# made up\n", encoding="utf-8")
    (shelf / "README.md").write_text("# about these\n", encoding="utf-8")
    table = tmp_path / "behaviour.json"
    table.write_text(json.dumps(BEHAVIOUR), encoding="utf-8")
    ladder = tmp_path / "ladder"
    ladder.write_text(FAKE.format(python=sys.executable, table=str(table)), encoding="utf-8")
    ladder.chmod(0o755)
    return shelf, ladder


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_the_report_is_found_on_stderr_among_other_lines():
    text = "a line\n{not json\n" + json.dumps(GOOD) + "\ntrailing"
    assert corpus.read_report(text) == GOOD
    assert corpus.read_report("no report at all {") is None
    assert corpus.read_report('{"other": 1}') is None  # some JSON, but not an import report


def test_the_message_line_skips_clicks_usage_lines_and_box_frames():
    assert corpus.first_line(BEHAVIOUR["acme-old.md"][1]) == "Error: No such option: --report"
    boxed = "Usage: ladder import [OPTIONS]\n╭─ Error ─────╮\n│ No such option: --report │\n╰─────────────╯\n"
    assert corpus.first_line(boxed) == "No such option: --report"
    assert corpus.first_line(BEHAVIOUR["acme-ambiguous.md"][1]).endswith("--levels-at h3")


def test_an_outcome_counts_tracks_levels_and_the_verbatim_share():
    result = corpus.outcome("acme-good.md", 0, 0.5, BEHAVIOUR["acme-good.md"][1])
    assert (result.format, result.tracks, len(result.levels)) == ("md", ["ic", "mgr"], 4)
    assert result.verbatim_share == pytest.approx(30 / 40)
    assert result.counts["not_placed"] == 2
    cells = corpus.row(result)
    assert cells[2:6] == ["2", "4", "75%", "2"]  # no README counts for a made-up file: just what was found


def test_found_counts_stand_beside_the_readmes():
    result = corpus.outcome("sourcegraph-engineering-framework.md", 0, 0.1,
                            json.dumps(report(["ic"], ["ic1", "ic2"], 4, 4, 0)))
    expected = corpus.EXPECTED["sourcegraph-engineering-framework.md"]
    assert corpus.row(result)[2:4] == [f"1 / {expected['tracks']}", f"2 / {expected['levels']}"]


def test_the_table_has_a_row_per_file_with_the_failures_said(fake):
    shelf, ladder = fake
    done = run("--corpus", str(shelf), "--ladder", str(ladder))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 + len(BEHAVIOUR)  # header, rule, one per file; README.md is not imported
    by_file = {line.split()[0]: line for line in lines[2:]}
    assert "README.md" not in by_file
    assert by_file["acme-ambiguous.md"].rstrip().endswith("pass --levels-at h2 or --levels-at h3")
    assert "Error: No such option: --report" in by_file["acme-old.md"]
    assert "no JSON report on stderr" in by_file["acme-silent.csv"]
    assert " 75% " in by_file["acme-good.md"]
    assert "1 / 1" in by_file["monzo-backend.md"] and "6 / 6" in by_file["monzo-backend.md"]


def test_json_output_and_one_file(fake):
    shelf, ladder = fake
    done = run("--corpus", str(shelf), "--ladder", str(ladder), "--json", "--file", "acme-good.md")
    assert done.returncode == 0, done.stderr
    [entry] = json.loads(done.stdout)
    assert entry["file"] == "acme-good.md" and entry["exit"] == 0
    assert entry["levels"] == ["ic1", "ic2", "ic3", "m1"]
    assert entry["verbatim_share"] == pytest.approx(0.75)
    assert entry["wall"] > 0
    failed = json.loads(run("--corpus", str(shelf), "--ladder", str(ladder), "--json", "--file",
                            "acme-ambiguous.md").stdout)
    assert failed[0]["exit"] == 1 and failed[0]["message"].startswith("acme-ambiguous.md: error: two headings")


def test_without_a_corpus_it_says_so_and_exits_0(tmp_path):
    done = run("--corpus", str(tmp_path / "absent"))
    assert (done.returncode, done.stdout) == (0, "no corpus here\n")


def test_a_ladder_that_cannot_run_is_reported_per_file_not_raised(fake, tmp_path):
    shelf, _ = fake
    broken = tmp_path / "broken-ladder"
    broken.write_text("#!/bin/sh\necho 'ladder: internal error: boom' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    done = run("--corpus", str(shelf), "--ladder", str(broken), "--json")
    assert done.returncode == 0
    entries = json.loads(done.stdout)
    assert {e["exit"] for e in entries} == {3}
    assert {e["message"] for e in entries} == {"ladder: internal error: boom"}
