"""Golden outputs for refactoring: every command and format over the bundled frameworks and examples.

    python tests/golden.py record DIR     # before a change
    python tests/golden.py compare DIR    # after it: lists every output that differs

Not a test module (pytest collects test_*.py only): a tool for behaviour-preserving changes, whose
outputs must stay byte for byte the same. Runs the installed `ladder` in-process through Typer's
CliRunner with plain output, the way the tests do.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "frameworks"
EXAMPLES = ROOT / "examples"


def commands() -> Iterator[list[str]]:
    """Every command line whose output is pinned."""
    import yaml

    for fmt in ("text", "json", "markdown"):
        yield ["list", "-f", fmt]
    for framework in sorted(FRAMEWORKS.glob("*.yaml")):
        org = framework.stem
        ids = [level["id"] for level in yaml.safe_load(framework.read_text())["levels"]]
        yield ["validate", str(framework.relative_to(ROOT))]
        yield ["validate", "-f", "json", str(framework.relative_to(ROOT))]
        yield ["export", org, "-f", "markdown"]
        for fmt in ("text", "json", "markdown"):
            yield ["list", org, "-f", fmt]
            yield ["show", org, "-f", fmt]
            for level in ids:
                yield ["show", org, level, "-f", fmt]
            for low, high in pairwise(ids):
                yield ["diff", org, low, high, "-f", fmt]
            yield ["diff", org, ids[-1], ids[0], "-f", fmt]
        for level in ids:
            yield ["template", org, level]
    examples = sorted(str(path.relative_to(ROOT)) for path in EXAMPLES.rglob("*.yaml"))
    for example in examples:
        for fmt in ("text", "json", "markdown", "csv", "html"):
            yield ["assess", example, "-f", fmt]
        yield ["assess", example, "--explain"]
    for fmt in ("text", "json", "markdown", "csv"):
        yield ["assess", *examples, "-f", fmt]
    yield ["schema"]
    yield ["schema", "--kind", "assessment"]


def run_all() -> dict[str, str]:
    """{command line: digest of its exit code, stdout and stderr}, plus the exported site's files."""
    os.environ.update({"TYPER_USE_RICH": "0", "NO_COLOR": "1", "COLUMNS": "120", "LADDER_PATH": ""})
    os.chdir(ROOT)
    from typer.testing import CliRunner

    from ladder.cli import app

    runner = CliRunner()
    results = {}
    for args in commands():
        done = runner.invoke(app, args)
        body = f"{done.exit_code}\n{done.stdout}\n--stderr--\n{done.stderr}".encode()
        results[" ".join(args)] = hashlib.sha256(body).hexdigest()
    with tempfile.TemporaryDirectory() as scratch:
        for framework in sorted(FRAMEWORKS.glob("*.yaml")):
            site = Path(scratch) / framework.stem
            runner.invoke(app, ["export", framework.stem, "-o", str(site)])
            for page in sorted(site.rglob("*")):
                if page.is_file():
                    results[f"site {framework.stem} {page.relative_to(site)}"] = hashlib.sha256(
                        page.read_bytes()).hexdigest()
    return results


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "compare"):
        print(__doc__)
        return 2
    store = Path(sys.argv[2])
    results = run_all()
    if sys.argv[1] == "record":
        store.write_text("".join(f"{digest} {line}\n" for line, digest in results.items()))
        print(f"recorded {len(results)} outputs in {store}")
        return 0
    recorded = dict(reversed(line.split(" ", 1)) for line in store.read_text().splitlines())
    changed = [line for line in recorded if results.get(line) != recorded[line]]
    added = [line for line in results if line not in recorded]
    for line in changed:
        print(f"changed: {line}")
    for line in added:
        print(f"new: {line}")
    print(f"{len(results)} outputs: {len(changed)} changed, {len(added)} new")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
