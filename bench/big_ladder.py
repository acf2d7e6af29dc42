"""A generated Markdown ladder of a given size, and where `ladder import` spends its time on it.

    python bench/big_ladder.py write OUT.md [--bytes N]   # the ladder (default: as big as an import allows)
    python bench/big_ladder.py profile [--bytes N] [--top 25]  # cProfile of one in-process import of it

The ladder is made up (an imaginary organisation's words, from a fixed seed, so every run writes the
same bytes) in the shape real ladders have: two tracks as H1 headings, levels as H2 headings with a code
(``## P3 - Platform Engineer 3``), areas as H3 headings, long bullets, some nested bullets joined by OR,
some ``**Label**: text`` bullets, and an italic experience line per level. Every bullet differs, so
nothing is folded as a repeat.

Sizes: the input limit is 5 MiB (``--max-bytes``' default) and the YAML written may not be over 5 MiB
either (``ladder validate`` refuses a bigger file), nor over 100,000 YAML nodes. The YAML holds the ids,
keys and indentation on top of the text, so the default size is the largest input whose YAML stays
under both limits: 4.35 MiB of Markdown (125 levels, 10,500 expectations, 750 of them groups of two),
whose YAML is 4.97 MiB. A full 5 MiB of Markdown in this shape makes 5.7 MiB of YAML, which import
refuses after doing all the work up to the size check (``--bytes 5242880`` measures that).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_BYTES = 4_580_000  # the ladder written is 4.35 MiB, its YAML just under 5 MiB (see the module docstring)

_VOCABULARY = (
    "owns plans reviews ships measures documents automates explains negotiates prioritises mentors unblocks "
    "designs simplifies migrates monitors forecasts rehearses delegates escalates budgets drafts audits "
    "the a every each their our shared critical routine noisy fragile legacy upcoming cross-team quarterly "
    "service pipeline rollout incident runbook dashboard capacity backlog contract interface schema cluster "
    "budget roadmap review handover on-call rota alert migration dependency release experiment hypothesis "
    "with for across within before after during without so that while because customers operators "
    "stakeholders newcomers peers partners auditors carefully early openly reliably quietly thoroughly "
    "and or but then"
)
_WORDS = _VOCABULARY.split()
_AREAS = ["Delivery", "Operations", "Collaboration", "Craft", "Judgement", "Growth"]
_LABELS = ["Scope", "Autonomy", "Influence", "Quality"]
_TRACKS = [("Individual contributor", "P", "Platform Engineer"), ("Management", "M", "Engineering Manager")]


def sentence(rnd: random.Random, serial: int, words: int) -> str:
    """A made-up sentence with a serial number in it, so no two are the same."""
    body = " ".join(rnd.choice(_WORDS) for _ in range(words))
    return f"{body[0].upper()}{body[1:]} (case {serial}), with the reasons written down for later readers."


def ladder(size: int, seed: int = 7) -> str:
    """Markdown of at most ``size`` bytes (UTF-8), ending after a whole level, the levels split between the
    two tracks."""
    rnd = random.Random(seed)
    head = ("# Harbour Labs — Platform engineering ladder\n\n"
            "How platform engineers and their managers grow at Harbour Labs, level by level. "
            "Each level adds to the one before it.\n\n")
    sample = _level(random.Random(seed), 0, _TRACKS[0], 1)[0]
    levels = max(2, (size - len(head)) // len(sample.encode()) + 2)  # one over, then cut to fit
    parts, serial = [head], 0
    for track, (name, code, role) in enumerate(_TRACKS):
        parts.append(f"# {name}\n\n")
        for rank in range(1, levels // 2 + (levels % 2 if track == 0 else 0) + 1):
            text, serial = _level(rnd, serial, (name, code, role), rank)
            parts.append(text)
    text = "".join(parts)
    return text if len(text.encode()) <= size else _trim(text, size)


def _level(rnd: random.Random, serial: int, track: tuple[str, str, str], rank: int) -> tuple[str, int]:
    """One level's Markdown, and the serial number of its last sentence."""
    _, code, role = track
    out = [f"## {code}{rank} - {role} {rank}\n\n*Experience: typically requires a minimum of {rank % 12} "
           "years.*\n\n"]
    for area in _AREAS:
        out.append(f"### {area}\n\n")
        for k in range(12):
            serial += 1
            if k == 5:  # a group: one of two
                out.append(f"- {sentence(rnd, serial, 20)}\n  - {sentence(rnd, serial + 1, 12)}\n  - OR\n"
                           f"  - {sentence(rnd, serial + 2, 12)}\n")
                serial += 2
            elif k >= 9:
                out.append(f"- **{_LABELS[k - 9]}**: {sentence(rnd, serial, 55)}\n")
            else:
                out.append(f"- {sentence(rnd, serial, 55)}\n")
        out.append("\n")
    return "".join(out), serial


def _trim(text: str, size: int) -> str:
    """The text cut after the last whole level that fits in ``size`` bytes."""
    data = text.encode()[:size].decode(errors="ignore")
    return data[: data.rfind("\n## ") + 1]


def profile(size: int, top: int) -> int:
    """Import the generated ladder in-process under cProfile; print stage times and the hot functions."""
    from ladder.commands.import_ import run
    from ladder.importer.options import Options

    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "harbour-labs.md"
        source.write_text(ladder(size), encoding="utf-8")
        print(f"input: {source.stat().st_size:,} bytes")
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        run(source, None, False, Options(), None, 5 * 1024 * 1024, io.StringIO(), io.StringIO())
        print(f"unprofiled: {time.perf_counter() - start:.2f} s")
        profiler = cProfile.Profile()
        profiler.enable()
        code = run(source, None, False, Options(), None, 5 * 1024 * 1024, out, err)
        profiler.disable()
    print(f"exit {code}; YAML {len(out.getvalue().encode()):,} bytes; {err.getvalue().splitlines()[0]}")
    stats = pstats.Stats(profiler)
    print_stages(stats)
    stats.sort_stats("tottime").print_stats(top)
    return 0


# The import's steps, by the function that does each (module path, function name).
STAGES = [
    ("read: markdown_blocks", "importer/blocks.py", "markdown_blocks"),
    ("read: parse_markdown", "importer/markdown.py", "parse_markdown"),
    ("settle_ranks", "importer/", "settle_ranks"),
    ("build", "importer/build.py", "build"),
    ("ledger.settle", "importer/ledger.py", "settle"),
    ("model_validate", "pydantic/main.py", "model_validate"),
    ("check_framework", "checks/framework.py", "check_framework"),
    ("dump_framework", "render/yaml.py", "dump_framework"),
    ("  model_dump", "pydantic/main.py", "model_dump"),
    ("  dump_yaml", "render/yaml.py", "dump_yaml"),
    ("check_output", "importer/__init__.py", "check_output"),
    ("  parse_yaml", "load/yaml.py", "parse_yaml"),
    ("  validate", "load/loader.py", "validate"),
    ("describe", "importer/__init__.py", "describe"),
]


def print_stages(stats: pstats.Stats) -> None:
    """Cumulative time of each step (a step called twice, such as check_framework, is summed)."""
    table = stats.stats  # type: ignore[attr-defined]
    print("\nstep                      calls   cumulative")
    for label, path, name in STAGES:
        found = [(v[1], v[3]) for (file, _, func), v in table.items() if func == name and path in file]
        if found:
            print(f"{label:<24} {sum(c for c, _ in found):>6} {sum(t for _, t in found):>10.3f} s")
        else:
            print(f"{label:<24}      -  (not in this build)")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["write", "profile"])
    parser.add_argument("out", nargs="?", help="where `write` puts the ladder")
    parser.add_argument("--bytes", type=int, default=DEFAULT_BYTES, help=f"its size (default {DEFAULT_BYTES:,})")
    parser.add_argument("--top", type=int, default=25, help="functions `profile` lists (default 25)")
    args = parser.parse_args(argv)
    if args.action == "profile":
        return profile(args.bytes, args.top)
    if not args.out:
        parser.error("write needs OUT")
    Path(args.out).write_text(ladder(args.bytes), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
