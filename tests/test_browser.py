"""The exported site in a real browser: headless Chromium renders titles and expectations.

Skipped with a reason when no Chromium is installed; `.ci/run` installs Debian's chromium so CI runs it.
"""

from __future__ import annotations

import pytest

from browser import chromium, needs_chromium
from conftest import FRAMEWORKS
from ladder.load.loader import load_framework
from ladder.render.export import html_site
from ladder.write.tree import write_tree

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "whatfix"
    framework = load_framework(FRAMEWORKS / "whatfix.yaml").model
    write_tree(out, html_site(framework))
    return out, framework


def test_level_page_renders_its_title_and_expectations(site, tmp_path):
    out, _framework = site
    dom = chromium(tmp_path, "--dump-dom", (out / "levels" / "S3.html").as_uri())
    assert "Principal Technical Support Engineer" in dom
    assert "Specialize in verticals such as HCM, CRM, ICM, etc." in dom
    assert "Inherited from" in dom


def test_index_links_to_every_level_and_screenshots(site, tmp_path):
    out, framework = site
    dom = chromium(tmp_path, "--dump-dom", (out / "index.html").as_uri())
    for level in framework.levels:
        assert f'href="levels/{level.id}.html"' in dom
        assert (out / "levels" / f"{level.id}.html").is_file()
    shot = tmp_path / "index.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=420,900", (out / "index.html").as_uri())
    assert shot.stat().st_size > 1000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_assessment_report_renders_with_its_chart(tmp_path):
    from typer.testing import CliRunner

    from conftest import ROOT
    from ladder.cli import app

    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["assess", str(ROOT / "examples" / "intercom-sam.yaml"), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    dom = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert "Sam Whitfield" in dom and "<svg" in dom and "threshold 80%" in dom
    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=800,1200", out.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
