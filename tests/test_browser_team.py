"""The `ladder team --format html` page in a real browser: headless Chromium renders names and charts, and
takes screenshots at a desktop and a phone width.

Skipped with a reason when no Chromium is installed; `.ci/run` installs Debian's chromium so CI runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import chromium, needs_chromium
from teamgen import write_team

pytestmark = needs_chromium

PNG = b"\x89PNG\r\n\x1a\n"


def make_page(directory: Path, out: Path, *extra: str) -> None:
    from typer.testing import CliRunner

    from ladder.cli import app

    result = CliRunner(env={"TYPER_USE_RICH": "0", "NO_COLOR": "1", "LADDER_PATH": ""}).invoke(
        app, ["team", str(directory), "--format", "html", "-o", str(out), *extra])
    assert result.exit_code == 1, result.output  # the generated team has broken files: left out, reported
    assert "wrote " in result.output


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser-team")
    write_team(base / "whatfix", "whatfix", 24, seed=7)
    out = base / "page.html"
    make_page(base / "whatfix", out, "--threshold", "0.8")
    return base, out


def people_names(directory: Path) -> set[str]:
    names = set()
    for path in directory.glob("p*.yaml"):
        match = re.search(r'^person: "(.*)"$', path.read_text(encoding="utf-8"), re.M)
        assert match is not None
        names.add(match.group(1))
    return names


def test_dom_has_every_person_and_the_three_charts(team, tmp_path):
    base, out = team
    dom = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert '<meta name="generator" content="ladder team">' in dom
    for name in people_names(base / "whatfix"):
        assert name in dom
    assert dom.count("<svg") == 3
    for chart in ('class="distribution"', 'class="heatmap"', 'class="calibration"'):
        assert chart in dom
    assert "<script" not in dom
    assert "Gaps heatmap" in dom and "What this team needs to learn next" in dom and "Over time" in dom
    assert re.search(r"3 problem\(s\); 3 file\(s\) left out", dom)


@pytest.mark.parametrize("size", ["1280,900", "390,844"])
def test_screenshots_at_desktop_and_phone_width(team, tmp_path, size):
    _base, out = team
    shot = tmp_path / f"team-{size.replace(',', 'x')}.png"
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size={size}", "--hide-scrollbars", out.as_uri())
    data = shot.read_bytes()
    assert data[:8] == PNG
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == tuple(int(n) for n in size.split(","))
    assert len(data) > 20_000  # a page of text and charts, not a blank screen


def test_per_framework_page_renders_a_section_each(tmp_path):
    base = tmp_path / "teams"
    write_team(base / "whatfix", "whatfix", 8, seed=8, broken=1)
    write_team(base / "intercom", "intercom", 8, seed=9, broken=1)
    out = tmp_path / "both.html"
    make_page(base, out, "--per-framework")
    dom = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert dom.count('<section class="report"') == 2 and dom.count("<svg") == 6
    assert "Whatfix — Customer Support Career" in dom and "Intercom — General Frontline" in dom
