"""Benchmark ladder: start-up against the stack's own floor, batch validation against check-jsonschema.

    python bench/run.py                      # defaults: a few minutes on 2 cores
    python bench/run.py --repeats 31 --sizes 100,1000,5000,20000 --markdown
    python bench/run.py --only team --sizes 100,1000,5000,10000     # ladder team against ladder assess
    python bench/run.py --only versions --sizes 100,1000              # changes, migrate, assess of old versions

Every figure is a child process timed from spawn to exit (wall clock, median of the
repeats) with its own peak RSS from os.wait4, so nothing is shared with this script.
Commands are run round-robin, so background load spreads evenly over all of them.
check-jsonschema comes from the ``bench`` extra (``pip install -e '.[bench]'``) or
--check-jsonschema PATH; without it that column says so and the rest still runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
FRAMEWORKS = ROOT / "frameworks"
EXAMPLES = ROOT / "examples"
SINGLE_TARGET = 1.2  # single-file commands within 1.2x of the stack floor
BATCH_TARGET = 3.0  # ladder validate at least 3x faster than check-jsonschema at the largest N
TEAM_TARGET = 1.5  # ladder team within 1.5x of ladder assess over the same files
IMPORT_TARGET = 2.0  # seconds: `ladder import` of the biggest ladder the limits let through
STALE_TARGET = 1.2  # assess of files written against an older version within 1.2x of up-to-date ones


@dataclass
class Sample:
    """One run of one child process."""

    wall: float
    cpu: float
    rss_mib: float
    code: int


@dataclass
class Case:
    """A command line and its samples."""

    name: str
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss(self) -> float:
        return max(s.rss_mib for s in self.samples)

    @property
    def codes(self) -> str:
        return ",".join(sorted({str(s.code) for s in self.samples}))


def run_once(argv: list[str], env: dict[str, str]) -> Sample:
    """Spawn, wait with wait4 for this child's own rusage, return its wall time, CPU time and peak RSS."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode)


def measure(cases: list[Case], repeats: int, env: dict[str, str], warmup: bool = True) -> None:
    """Run every case ``repeats`` times, round-robin, after one untimed warm-up run each."""
    if warmup:
        for case in cases:
            run_once(case.argv, env)
    for _ in range(repeats):
        for case in cases:
            case.samples.append(run_once(case.argv, env))


def child_env() -> dict[str, str]:
    """The environment for children: plain output, no user framework directories."""
    env = dict(os.environ)
    env.pop("LADDER_PATH", None)
    env.update({"NO_COLOR": "1", "COLUMNS": "100"})
    return env


def find_tool(name: str, given: str | None) -> str | None:
    """A console script: the path given, else the one beside this Python, else on PATH."""
    if given:
        return given
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def has_command(ladder: str, command: str, env: dict[str, str]) -> bool:
    """Whether this ladder has the subcommand (the others land over time)."""
    done = subprocess.run([ladder, command, "--help"], capture_output=True, env=env, cwd=ROOT)
    return done.returncode == 0


# ---------------------------------------------------------------- generated inputs

# Mutations that make a generated framework invalid, each a (find, replace) on the text.
BREAKAGES = [
    ("\norganisation:", "\norganisaton:"),  # unknown key + missing key
    ("\n    order: ", "\n    order: one #"),  # wrong type
    ("\nname: ", "\nname: first\nname: "),  # duplicate key
    ("\ntracks:", "\ntracks: [unclosed\n"),  # YAML syntax error
]


def make_frameworks(directory: Path, count: int) -> list[Path]:
    """``count`` framework files made from the bundled ones with their own ids; every fourth is broken."""
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(FRAMEWORKS.glob("*.yaml"))]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        stem, text = sources[i % len(sources)]
        text = text.replace(f"\nid: {stem}\n", f"\nid: {stem}-{i}\n", 1)
        rounds = i // len(sources)  # every source in turn, so each framework is broken in each way
        if rounds % 4 == 3:
            find, replace = BREAKAGES[(rounds // 4) % len(BREAKAGES)]
            text = text.replace(find, replace, 1)
        path = directory / f"{stem}-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def make_assessments(directory: Path, count: int) -> list[Path]:
    """``count`` assessment files made from examples/ (different people); one in ten has a misspelt key."""
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        stem, text = sources[i % len(sources)]
        if (i // len(sources)) % 10 == 9:
            text = text.replace("\nperson: ", "\npersn: ", 1)  # unknown key, and person missing
        else:
            text = text.replace("\nperson: ", f"\nperson: Person {i} ", 1)
        path = directory / f"{stem}-{i:05d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def make_history(directory: Path, count: int, people: int = 200) -> Path:
    """``count`` assessment files of the same ``people`` people (the examples, one file per person and
    date, dates a day apart): a team with a long history, so memory should not grow with ``count``."""
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))]
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        stem, text = sources[i % len(sources)]
        person = (i // len(sources)) % people
        visit = i // (len(sources) * people)
        day = dt.date(2030, 1, 1) + dt.timedelta(days=visit)  # after every start_date of the examples
        text = text.replace("\nperson: ", f"\nperson: Person {person} ", 1)
        text = re.sub(r"\ndate: [0-9-]+", f"\ndate: {day.isoformat()}", text, count=1)
        (directory / f"{stem}-{i:05d}.yaml").write_text(text, encoding="utf-8")
    return directory


def subset(paths: list[Path], count: int, directory: Path) -> Path:
    """A directory holding the first ``count`` files, as hard links (no copying)."""
    directory.mkdir(parents=True)
    for path in paths[:count]:
        os.link(path, directory / path.name)
    return directory


# ---------------------------------------------------------------- the table


def print_table(title: str, header: list[str], rows: list[list[str]], markdown: bool) -> None:
    """A plain or Markdown table, columns padded to their widest cell."""
    print(f"\n{'### ' if markdown else ''}{title}\n")
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    def line(cells: list[str]) -> str:
        padded = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return ("| " + " | ".join(padded) + " |") if markdown else "  ".join(padded)
    print(line(header))
    print(("|" + "|".join("-" * (w + 2) for w in widths) + "|") if markdown else "  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


# ---------------------------------------------------------------- the benchmarks


def prepare_bytecode(cold: bool, env: dict[str, str]) -> str:
    """Put ladder's own modules on the same footing as the floor's packages, and say how.

    pip byte-compiles typer, pydantic and the rest at install; an editable ladder gets its
    ``__pycache__`` on the first run, unless PYTHONDONTWRITEBYTECODE is set (it is on some
    machines, and then every run would compile ladder's source again). So by default ladder's
    package is compiled first, as an installed wheel is. ``--cold`` measures the other case:
    the caches are removed and the children may not write them.
    """
    found = subprocess.run([sys.executable, "-c", "import ladder, os; print(os.path.dirname(ladder.__file__))"],
                           capture_output=True, text=True, env=env)
    package = Path(found.stdout.strip()) if found.returncode == 0 else None
    if package is None or not package.is_dir():
        return "bytecode: ladder is not importable from this Python; its modules are as they are"
    if cold:
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return f"bytecode: none for ladder ({package}): its source is compiled on every run (--cold)"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=False, env=env,
                   stdout=subprocess.DEVNULL)
    return f"bytecode: ladder's modules compiled first ({package}), as pip does for an installed package"


def bench_startup(ladder: str, repeats: int, env: dict[str, str], markdown: bool, cold: bool = False) -> None:
    """Single-file commands as ratios to the two floors."""
    env = dict(env)
    print(prepare_bytecode(cold, env))
    python = sys.executable
    floor_typer = Case("floor: typer hello", [python, str(BENCH / "floor_typer.py")])
    floor_stack = Case("floor: typer+yaml+pydantic", [python, str(BENCH / "floor_stack.py"),
                                                       str(FRAMEWORKS / "whatfix.yaml")])
    wanted = [
        ("ladder --help", None, [ladder, "--help"]),
        ("ladder validate frameworks/whatfix.yaml", "validate", [ladder, "validate", "frameworks/whatfix.yaml"]),
        ("ladder show whatfix S3", "show", [ladder, "show", "whatfix", "S3"]),
        ("ladder diff basecamp 2 3", "diff", [ladder, "diff", "basecamp", "2", "3"]),
        ("ladder assess examples/whatfix-priya.yaml", "assess", [ladder, "assess", "examples/whatfix-priya.yaml"]),
    ]
    cases = [floor_typer, floor_stack]
    for name, command, argv in wanted:
        if command and not has_command(ladder, command, env):
            print(f"note: skipping `{name}`: this ladder has no `{command}` command yet")
            continue
        cases.append(Case(name, argv))
    measure(cases, repeats, env)
    if floor_typer.codes != "0" or floor_stack.codes != "0":
        print(f"note: a floor script failed (exit {floor_typer.codes} / {floor_stack.codes}); run this with the "
              "Python that has ladder's dependencies installed, or the ratios mean nothing")
    rows = []
    for case in cases:
        vs_typer, vs_stack = case.wall / floor_typer.wall, case.wall / floor_stack.wall
        verdict = "" if case.name.startswith("floor") else ("ok" if vs_stack <= SINGLE_TARGET else "MISSED")
        rows.append([case.name, ms(case.wall), ms(case.cpu), f"{case.rss:.0f} MiB", f"{vs_typer:.2f}x",
                     f"{vs_stack:.2f}x", verdict, case.codes])
    mode = ", no bytecode cache for ladder" if cold else ""
    print_table(f"Start-up (median of {repeats}{mode}; target <= {SINGLE_TARGET}x the typer+yaml+pydantic floor)",
                ["command", "wall", "cpu", "peak RSS", "/ typer", "/ stack", "target", "exit"], rows, markdown)


def bench_validate(ladder: str, checker: str | None, sizes: list[int], repeats: int, checker_repeats: int,
                   work: Path, env: dict[str, str], markdown: bool) -> None:
    """ladder validate and check-jsonschema over the same N generated files."""
    files = make_frameworks(work / "frameworks-all", max(sizes))
    schema = work / "framework.schema.json"
    with open(schema, "w", encoding="utf-8") as out:  # what `<(ladder schema)` would give
        subprocess.run([ladder, "schema"], stdout=out, check=True, env=env, cwd=ROOT)
    if checker is None:
        print("note: check-jsonschema not found (pip install -e '.[bench]', or --check-jsonschema PATH); "
              "its column is left empty")
    rows = []
    for size in sizes:
        directory = subset(files, size, work / f"frameworks-{size}")
        names = [str(p) for p in sorted(directory.iterdir())]
        ours = Case(f"ladder validate, N={size}", [ladder, "validate", "--quiet", *names])
        measure([ours], repeats, env, warmup=size == sizes[0])
        theirs = None
        if checker:
            theirs = Case(f"check-jsonschema, N={size}", [checker, "--schemafile", str(schema), *names])
            measure([theirs], checker_repeats, env, warmup=False)
        speedup = f"{theirs.wall / ours.wall:.1f}x" if theirs else "-"
        verdict = ""
        if theirs and size == max(sizes):
            verdict = "ok" if theirs.wall / ours.wall >= BATCH_TARGET else "MISSED"
        rows.append([str(size), secs(ours.wall), f"{ours.wall / size * 1000:.2f} ms", f"{ours.rss:.0f} MiB",
                     secs(theirs.wall) if theirs else "-", f"{theirs.rss:.0f} MiB" if theirs else "-",
                     speedup, verdict, ours.codes + (f" / {theirs.codes}" if theirs else "")])
    print_table(f"Batch validation, 1 in 4 files invalid (ladder: median of {repeats}; "
                f"check-jsonschema: median of {checker_repeats}; target >= {BATCH_TARGET}x at N={max(sizes)}, "
                "flat RSS)",
                ["N", "ladder", "per file", "ladder RSS", "check-jsonschema", "its RSS", "speed-up", "target",
                 "exit"], rows, markdown)


def assessment_set(work: Path, sizes: list[int], size: int) -> Path:
    """The directory of the first ``size`` generated assessment files (made once, shared by assess and team)."""
    every = work / "assessments-all"
    directory = work / f"assessments-{size}"
    if not every.exists():
        make_assessments(every, max(sizes))
    if not directory.exists():  # the first ``size`` as made: the examples in turn (names end in the number)
        subset(sorted(every.iterdir(), key=lambda p: p.stem.rsplit("-", 1)[-1]), size, directory)
    return directory


def bench_assess(ladder: str, sizes: list[int], repeats: int, work: Path, env: dict[str, str],
                 markdown: bool) -> None:
    """ladder assess over N generated assessment files."""
    if not has_command(ladder, "assess", env):
        print("note: skipping batch assessment: this ladder has no `assess` command yet")
        return
    rows = []
    for size in sizes:
        directory = assessment_set(work, sizes, size)
        case = Case(f"ladder assess, N={size}", [ladder, "assess", str(directory)])
        measure([case], repeats, env, warmup=size == sizes[0])
        rows.append([str(size), secs(case.wall), f"{case.wall / size * 1000:.2f} ms", f"{case.rss:.0f} MiB",
                     case.codes])
    print_table(f"Batch assessment, 1 in 10 files invalid (median of {repeats})",
                ["N", "ladder assess", "per file", "peak RSS", "exit"], rows, markdown)


def bench_team(ladder: str, sizes: list[int], repeats: int, work: Path, env: dict[str, str],
               markdown: bool) -> None:
    """ladder team against ladder assess over the same N generated assessment files (those of batch
    assessment: the examples' four frameworks, hence --per-framework, one in ten files invalid).

    Both with --format json, as the target is stated; ladder assess's default text output is timed too,
    since its JSON (every view of every level of every file) costs more than its text."""
    if not has_command(ladder, "team", env) or not has_command(ladder, "assess", env):
        print("note: skipping team report: this ladder has no `team` (or `assess`) command yet")
        return
    rows = []
    memory: list[tuple[int, float, float]] = []
    for size in sizes:
        directory = str(assessment_set(work, sizes, size))
        team = Case(f"ladder team, N={size}", [ladder, "team", directory, "--per-framework", "-f", "json"])
        assess = Case(f"ladder assess -f json, N={size}", [ladder, "assess", directory, "-f", "json"])
        text = Case(f"ladder assess, N={size}", [ladder, "assess", directory])
        measure([team, assess, text], repeats, env, warmup=size == sizes[0])
        ratio, text_ratio = team.wall / assess.wall, team.wall / text.wall
        verdict = "ok" if max(ratio, text_ratio) <= TEAM_TARGET else "MISSED"
        rows.append([str(size), secs(team.wall), f"{team.wall / size * 1000:.2f} ms", f"{team.rss:.0f} MiB",
                     secs(assess.wall), f"{assess.rss:.0f} MiB", f"{ratio:.2f}x", secs(text.wall),
                     f"{text_ratio:.2f}x", verdict, f"{team.codes} / {assess.codes} / {text.codes}"])
        memory.append((size, team.rss, assess.rss))
    print_table(f"Team report against batch assessment, same files, 1 in 10 invalid (median of {repeats}; "
                f"target: team <= {TEAM_TARGET}x assess, flat RSS)",
                ["N", "ladder team", "per file", "team RSS", "assess -f json", "its RSS", "team / assess",
                 "assess (text)", "team / text", "target", "exit"], rows, markdown)
    history = []
    for size in sizes:
        directory = str(make_history(work / f"history-{size}", size))
        team = Case(f"ladder team, history N={size}", [ladder, "team", directory, "--per-framework", "-f", "json"])
        measure([team], repeats, env, warmup=size == sizes[0])
        history.append([str(size), secs(team.wall), f"{team.wall / size * 1000:.2f} ms", f"{team.rss:.0f} MiB",
                        str(team.codes)])
    print_table(f"ladder team over the same 200 people per framework, N files (a long history; median of {repeats})",
                ["N", "ladder team", "per file", "peak RSS", "exit"], history, markdown)
    (first, team_low, assess_low), (last, team_high, assess_high) = memory[0], memory[-1]
    print(f"\npeak RSS from N={first} to N={last}: ladder team {team_low:.0f} -> {team_high:.0f} MiB "
          f"({team_high - team_low:+.0f}), ladder assess -f json {assess_low:.0f} -> {assess_high:.0f} MiB "
          f"({assess_high - assess_low:+.0f}); every file is a different person, and team keeps each one's figures")


def bench_import(ladder: str, repeats: int, work: Path, env: dict[str, str], markdown: bool) -> None:
    """ladder import of a generated Markdown ladder as big as the limits allow (bench/big_ladder.py):
    the input under 5 MiB, its YAML just under 5 MiB, which is the most `ladder validate` reads."""
    from big_ladder import DEFAULT_BYTES
    from big_ladder import ladder as big_ladder

    source = work / "harbour-labs.md"
    source.write_text(big_ladder(DEFAULT_BYTES), encoding="utf-8")
    written = work / "harbour-labs.yaml"
    size = source.stat().st_size / 1024**2
    case = Case(f"ladder import {size:.1f} MiB .md (5 MiB YAML)",
                [ladder, "import", str(source), "-o", str(written), "--force"])
    measure([case], repeats, env)
    made = written.stat().st_size / 1024**2 if written.exists() else 0.0
    verdict = "ok" if case.wall <= IMPORT_TARGET and case.codes == "0" else "MISSED"
    rows = [[case.name, secs(case.wall), secs(case.cpu), f"{case.rss:.0f} MiB", f"{made:.2f} MiB", verdict,
             case.codes]]
    print_table(f"Import (median of {repeats}; target <= {IMPORT_TARGET:.0f} s)",
                ["command", "wall", "cpu", "peak RSS", "YAML written", "target", "exit"], rows, markdown)


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                          cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


def _fingerprint(ladder: str, framework: Path, level: str, env: dict[str, str]) -> str:
    """The content fingerprint `ladder template` writes for ``framework``."""
    done = subprocess.run([ladder, "template", str(framework), level], capture_output=True, text=True, env=env)
    found = re.search(r"^framework_fingerprint: \"?([0-9a-f]{16})\"?(?:  #.*)?$", done.stdout, re.M)
    if found is None:
        raise SystemExit(f"bench: `ladder template` wrote no framework_fingerprint:\n{done.stderr}")
    return found.group(1)


def _versioned_repo(ladder: str, work: Path, env: dict[str, str]) -> tuple[Path, str, str]:
    """A git repository holding frameworks/basecamp.yaml in two versions (the second rewords three
    expectations): (the framework's path, the first version's fingerprint, the second's)."""
    repo = work / "versions-repo"
    (repo / "frameworks").mkdir(parents=True)
    framework = repo / "frameworks" / "basecamp.yaml"
    text = (FRAMEWORKS / "basecamp.yaml").read_text(encoding="utf-8")
    framework.write_text(text, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first version")
    old = _fingerprint(ladder, framework, "2", env)
    for find in ("Uses HelpScout effectively.", "Adept at commonly asked questions and inquiries."):
        text = text.replace(find, find[:-1] + ", every day.", 1)
    framework.write_text(text, encoding="utf-8")
    _git(repo, "commit", "-qam", "second version")
    return framework, old, _fingerprint(ladder, framework, "2", env)


def _stamped(directory: Path, count: int, framework: Path, fingerprint: str) -> Path:
    """``count`` basecamp assessments from examples/ naming ``framework`` and carrying ``fingerprint``."""
    sources = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
    sources = [t for t in sources if re.search(r"^framework: basecamp$", t, re.M)]
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = re.sub(r"^framework: basecamp$", f"framework: {framework}\nframework_fingerprint: {fingerprint}",
                      sources[i % len(sources)], count=1, flags=re.M)
        text = text.replace("\nperson: ", f"\nperson: Person {i} ", 1)
        (directory / f"a-{i:05d}.yaml").write_text(text, encoding="utf-8")
    return directory


def bench_versions(ladder: str, sizes: list[int], repeats: int, work: Path, env: dict[str, str],
                   markdown: bool) -> None:
    """Framework versions: `ladder assess` of files written against an older version (git is asked for
    that version once per run, not once per file) against the same files up to date; `ladder changes`
    of the biggest ladder the limits allow against an edited copy, next to validating both; `ladder
    migrate` of one file next to assessing it."""
    if not all(has_command(ladder, c, env) for c in ("changes", "migrate", "assess")):
        print("note: skipping versions: this ladder has no `changes` / `migrate` command yet")
        return
    framework, old, new = _versioned_repo(ladder, work, env)
    rows = []
    for size in sizes:
        stale = _stamped(work / f"stale-{size}", size, framework, old)
        fresh = _stamped(work / f"fresh-{size}", size, framework, new)
        cases = [Case(f"assess, old version, N={size}", [ladder, "assess", str(stale)]),
                 Case(f"assess, up to date, N={size}", [ladder, "assess", str(fresh)])]
        measure(cases, repeats, env, warmup=size == sizes[0])
        ratio = cases[0].wall / cases[1].wall
        rows.append([str(size), secs(cases[0].wall), secs(cases[1].wall), f"{ratio:.2f}x",
                     "ok" if ratio <= STALE_TARGET else "MISSED", f"{cases[0].codes} / {cases[1].codes}"])
    print_table(f"Assessments written against an older framework version (median of {repeats}; "
                f"target <= {STALE_TARGET}x the same files up to date)",
                ["N", "old version", "up to date", "ratio", "target", "exit"], rows, markdown)

    from big_ladder import DEFAULT_BYTES
    from big_ladder import ladder as big_ladder

    source = work / "big.md"
    source.write_text(big_ladder(DEFAULT_BYTES), encoding="utf-8")
    before = work / "big.yaml"
    subprocess.run([ladder, "import", str(source), "-o", str(before)], env=env, check=True, capture_output=True)
    lines = before.read_text(encoding="utf-8").splitlines(keepends=True)
    texts = [i for i, line in enumerate(lines) if line.lstrip().startswith("text: ")]
    for i in texts[::100]:  # one expectation in a hundred reworded
        lines[i] = lines[i].replace(", with the reasons", ", with all the reasons", 1)
    after = work / "big-edited.yaml"
    after.write_text("".join(lines), encoding="utf-8")
    one = _stamped(work / "one", 1, framework, old) / "a-00000.yaml"
    cases = [Case("changes big.yaml big-edited.yaml -f json",
                  [ladder, "changes", str(before), str(after), "-f", "json"]),
             Case("validate big.yaml big-edited.yaml", [ladder, "validate", str(before), str(after)]),
             Case("migrate ONE --to basecamp.yaml", [ladder, "migrate", str(one), "--to", str(framework)]),
             Case("assess ONE", [ladder, "assess", str(one)])]
    measure(cases, repeats, env)
    size = before.stat().st_size / 1024**2
    print_table(f"Comparing and migrating (median of {repeats}; the big ladder's YAML is {size:.1f} MiB, "
                f"{len(texts)} expectations, {len(texts[::100])} reworded)",
                ["command", "wall", "cpu", "peak RSS", "exit"],
                [[c.name, secs(c.wall), secs(c.cpu), f"{c.rss:.0f} MiB", c.codes] for c in cases], markdown)
    print(f"\nchanges / validate of the same two files: {cases[0].wall / cases[1].wall:.2f}x; "
          f"migrate / assess of one file: {cases[2].wall / cases[3].wall:.2f}x")


def describe_machine() -> str:
    """Cores, memory, Python and the commit, for the record."""
    cores = os.cpu_count()
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 1024 ** 3:.0f} GiB"
    except (ValueError, OSError):
        memory = "unknown memory"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True, cwd=ROOT)
    head = commit.stdout.strip() or "unknown"
    head += " (work tree has uncommitted changes)" if dirty.stdout.strip() else ""
    return (f"{time.strftime('%Y-%m-%d %H:%M %Z')} · {cores} cores, {memory} · Python "
            f"{platform.python_version()} · {platform.system()} {platform.release()} · commit {head}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=15, help="runs of each start-up command (default 15)")
    parser.add_argument("--batch-repeats", type=int, default=3, help="runs of each ladder batch (default 3)")
    parser.add_argument("--checker-repeats", type=int, default=1,
                        help="runs of each check-jsonschema batch (default 1: it takes minutes at N=5000)")
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="comma-separated N for the batches (the issue's team of 10,000: --only team "
                             "--sizes 100,1000,5000,10000)")
    parser.add_argument("--import-repeats", type=int, default=5, help="runs of the big import (default 5)")
    parser.add_argument("--only", choices=["startup", "validate", "assess", "team", "import", "versions"],
                        action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("--ladder", help="the ladder executable (default: beside this Python, else on PATH)")
    parser.add_argument("--check-jsonschema", dest="checker", help="the check-jsonschema executable")
    parser.add_argument("--cold", action="store_true",
                        help="start-up with no bytecode cache for ladder's modules (default: compiled first)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (for bench/RESULTS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and print where")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks and print their tables."""
    args = parse_args(argv)
    sizes = sorted({int(n) for n in args.sizes.split(",") if n.strip()})
    env = child_env()
    ladder = find_tool("ladder", args.ladder)
    if ladder is None:
        print("bench: no `ladder` executable; pip install -e . first, or pass --ladder PATH", file=sys.stderr)
        return 2
    checker = find_tool("check-jsonschema", args.checker)
    parts = args.only or ["startup", "validate", "assess", "team", "import", "versions"]
    print(describe_machine())
    work = Path(tempfile.mkdtemp(prefix="ladder-bench-"))
    try:
        if "startup" in parts:
            bench_startup(ladder, args.repeats, env, args.markdown, args.cold)
        if "validate" in parts:
            bench_validate(ladder, checker, sizes, args.batch_repeats, args.checker_repeats, work, env, args.markdown)
        if "assess" in parts:
            bench_assess(ladder, sizes, args.batch_repeats, work, env, args.markdown)
        if "team" in parts:
            bench_team(ladder, sizes, args.batch_repeats, work, env, args.markdown)
        if "import" in parts:
            bench_import(ladder, args.import_repeats, work, env, args.markdown)
        if "versions" in parts:
            bench_versions(ladder, sizes, args.batch_repeats, work, env, args.markdown)
    finally:
        if args.keep:
            print(f"\ngenerated files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
