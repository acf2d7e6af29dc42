"""export.py: the static site and Markdown, determinism, escaping, safe writing."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DATA, FRAMEWORKS, ROOT
from ladder.errors import LadderError
from ladder.load.loader import load_framework
from ladder.models.queries import own_items
from ladder.render.export import compare_pairs, html_site, markdown_document, markdown_tree
from ladder.write.tree import write_tree

NAMES = ["whatfix", "heroes", "basecamp", "intercom"]


@pytest.fixture(scope="module")
def fw():
    return {name: load_framework(FRAMEWORKS / f"{name}.yaml").model for name in NAMES}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k == "href" and v]

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


@pytest.mark.parametrize("name", NAMES)
def test_site_has_a_page_per_level_and_links_resolve(fw, name):
    framework = fw[name]
    pages = html_site(framework)
    assert {f"levels/{lvl.id}.html" for lvl in framework.levels} <= set(pages)
    assert ("competencies.html" in pages) == (name == "intercom")
    for page, html in pages.items():
        base = Path(page).parent
        for link in parse(html).links:
            if link.startswith(("http://", "https://", "#")):
                continue
            target = (base / link.split("#")[0]).as_posix()
            target = re.sub(r"[^/]+/\.\./", "", target)
            assert target in pages, f"{page} links to missing {link}"


@pytest.mark.parametrize("name", NAMES)
def test_level_pages_show_every_expectation(fw, name):
    framework = fw[name]
    pages = html_site(framework)
    for level in framework.levels:
        text = " ".join(parse(pages[f"levels/{level.id}.html"]).text)
        assert level.title in text
        for item in own_items(framework, level):
            assert item.text in text


def test_export_is_deterministic(fw):
    assert html_site(fw["whatfix"]) == html_site(fw["whatfix"])
    assert markdown_tree(fw["basecamp"]) == markdown_tree(fw["basecamp"])


def test_hostile_text_is_escaped_everywhere():
    framework = load_framework(DATA / "hostile" / "xss.yaml").model
    for page, html in html_site(framework).items():
        collector = parse(html)
        assert "script" not in collector.tags, page
        assert not {"img", "iframe", "svg", "u", "i", "b"} & set(collector.tags), page
        assert "javascript:" not in " ".join(collector.links), page
        assert "&lt;script&gt;" in html, page


def test_markdown_document_lists_levels_and_expectations(fw):
    text = markdown_document(fw["basecamp"])
    assert "\n## Support\n" in text
    assert "\n### 3 — Senior Customer Support Representative\n" in text
    assert "- Has predictable and high throughput, exceeds CS values, while also maintaining a high level of " \
           "customer satisfaction." in text or "- Has predictable and high throughput" in text
    assert "  - AND/OR" in text
    matrix = markdown_document(fw["intercom"])
    assert "| Competency | beginner — Beginner (After Initial Onboarding) |" in matrix


def test_markdown_document_has_principles_tracks_levels_and_numbered_areas(fw):
    text = markdown_document(fw["whatfix"])
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:6] == ["# Whatfix — Customer Support Career & Competency Framework", "## Career Framework",
                            "## Roles Profiles", "## Competency Framework", "## Individual Contributor (IC)",
                            "### S0 — Technical Support Engineer - Intern"]
    assert headings.index("## People Manager") == headings.index("### SL1 — Lead - Technical Support") - 1
    assert "## Roles Profiles\n\n- Expectations defined at each level\n- Each level builds on" in text
    assert "### S1 — Technical Support Engineer\n" in text and "\n#### 01 — Ticket Resolution\n" in text
    assert "*Rank 3. Builds on S2. Parallel to SL1.*" in text


def test_markdown_unnamed_area_comes_before_named_areas(fw):
    text = markdown_document(fw["heroes"])
    level = text[text.index("### senior-superhero — "):]
    unnamed = next(a for a in fw["heroes"].level("senior-superhero").areas if a.name is None)
    assert level.index(f"- {unnamed.expectations[0].text}\n") < level.index("\n#### ")


def test_markdown_group_joiners_say_all_or_any():
    framework = load_framework(FRAMEWORKS / "basecamp.yaml").model
    group = next(e.group for lvl in framework.levels for a in lvl.areas for e in a.expectations if e.group)
    first, second = group.items[0].text, group.items[1].text
    group.connective, group.satisfied_by = None, "any"
    assert f"  - {first}\n  - OR\n  - {second}\n" in markdown_document(framework)
    group.satisfied_by = "all"
    assert f"  - {first}\n  - {second}\n" in markdown_document(framework)


def test_compare_pairs_follow_builds_on_and_parallels(fw):
    pairs = compare_pairs(fw["whatfix"])
    assert ("S2", "S3") in pairs and ("S2", "SL1") in pairs and ("SL1", "SL2") in pairs and ("S3", "SL1") in pairs
    assert compare_pairs(fw["basecamp"])[:4] == [("1", "2"), ("2", "3"), ("3", "4"), ("4", "5")]


def test_write_tree_refuses_non_empty_directory_without_force(tmp_path):
    target = tmp_path / "site"
    write_tree(target, {"index.html": "old"})
    with pytest.raises(LadderError, match=r"not empty.*pass --force"):
        write_tree(target, {"index.html": "new"})
    assert (target / "index.html").read_text() == "old"
    write_tree(target, {"index.html": "new"}, force=True)
    assert sorted(p.name for p in target.iterdir()) == [".ladder-export", "index.html"]
    assert (target / "index.html").read_text() == "new"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_write_tree_never_replaces_a_directory_that_is_not_an_export(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(LadderError, match=r"not a ladder export \(no .ladder-export marker\)"):
        write_tree(target, {"index.html": "new"}, force=True)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_write_tree_interrupted_leaves_old_directory(tmp_path, monkeypatch):
    target = tmp_path / "site"
    write_tree(target, {"index.html": "old"})

    def failing_exchange(first, second):
        raise OSError("disk full")

    monkeypatch.setattr("ladder.write.tree.exchange", failing_exchange)
    with pytest.raises(LadderError, match="cannot write here: disk full"):
        write_tree(target, {"index.html": "new"}, force=True)
    assert (target / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_export_cli(invoke, tmp_path):
    out = tmp_path / "site"
    result = invoke("export", "whatfix", "-o", out)
    assert result.exit_code == 0, result.output
    assert (out / "levels" / "S3.html").is_file()
    again = invoke("export", "whatfix", "-o", out)
    assert again.exit_code == 1 and "pass --force" in again.output
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert invoke("export", "whatfix", "-o", out, "--force").exit_code == 0
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    md = invoke("export", "basecamp", "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("<!-- Made by `ladder export --format markdown`")
    assert "\n\n# Basecamp — Titles for Support\n" in md.stdout
    single = tmp_path / "basecamp.md"
    assert invoke("export", "basecamp", "-f", "markdown", "-o", single).exit_code == 0
    assert single.read_text() == md.stdout
    assert invoke("export", "basecamp", "-f", "markdown", "-o", single).exit_code == 1
    assert invoke("export", "basecamp").exit_code == 2


def test_assessment_report_is_self_contained_and_escaped(invoke, tmp_path):
    source = (ROOT / "examples" / "intercom-sam.yaml").read_text()
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(source.replace("person: Sam Whitfield", "person: \"<script>alert('x')</script>\""))
    assert hostile.read_text() != source
    out = tmp_path / "report.html"
    result = invoke("assess", hostile, "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    collector = parse(html)
    assert "script" not in collector.tags and "&lt;script&gt;" in html
    assert "svg" in collector.tags and collector.tags.count("rect") == 6  # 3 levels x self and manager
    assert collector.links == []  # nothing to fetch: one self-contained file
    text = " ".join(collector.text)
    assert "Demonstrated level: Practitioner" in " ".join(text.split())
    assert "Goes the extra mile. Advises on best practices." in text
    again = invoke("assess", hostile, "--format", "html", "-o", out)
    assert again.exit_code == 1 and "pass --force" in again.output
    assert invoke("assess", hostile, "--format", "html", "-o", out, "--force").exit_code == 0
    assert out.read_text() == html


def test_assessment_report_shows_criteria_status(invoke):
    result = invoke("assess", ROOT / "examples" / "heroes-marcus.yaml", "--format", "html")
    assert result.exit_code == 0
    text = " ".join(" ".join(parse(result.stdout).text).split())
    assert "20 months; needs 24+ months in the organisation not met" in text


def test_html_report_needs_one_file(invoke):
    result = invoke("assess", ROOT / "examples", "--format", "html")
    assert result.exit_code == 2 and "one assessment file" in result.output


def test_the_site_shows_bidi_zero_width_and_control_characters_escaped(invoke, tmp_path):
    hostile = DATA / "hostile" / "newlines.yaml"
    assert invoke("export", hostile, "-o", tmp_path / "site").exit_code == 0
    pages = {path.name: path.read_text() for path in (tmp_path / "site").rglob("*.html")}
    assert pages
    for name, page in pages.items():
        for invisible in ("\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u061c", "\u200b", "\u2028", "\ufeff"):
            assert invisible not in page, (name, hex(ord(invisible)))
    assert "Name\\u202eevil\\u202c" in pages["index.html"]


def test_markdown_file_force_replaces_only_a_previous_export(invoke, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# My project\n\nHand-written.\n")
    refused = invoke("export", "heroes", "-f", "markdown", "-o", readme, "--force")
    assert refused.exit_code == 1 and "was not written by ladder" in refused.stderr
    assert readme.read_text() == "# My project\n\nHand-written.\n"
    ours = tmp_path / "heroes.md"
    assert invoke("export", "basecamp", "-f", "markdown", "-o", ours).exit_code == 0
    assert invoke("export", "heroes", "-f", "markdown", "-o", ours, "--force").exit_code == 0
    assert "Sample Support Career Advancement Formula" in ours.read_text()
