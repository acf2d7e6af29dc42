"""The HTML reader: pages and fragments into blocks, what is left out, tolerance, limits, real ladders' HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ladder.errors import InvalidFile
from ladder.importer.html import MAX_CELLS, MAX_COLUMNS, MAX_DEPTH, MAX_NESTING, html_blocks, html_inline
from ladder.importer.parsed import Block, Unplaced, flatten

FIXTURES = Path(__file__).parent / "fixtures" / "html"
LADDERS = Path("/work/shared/ladders")
SOURCEGRAPH = LADDERS / "sourcegraph-engineering-framework.md"
JORGEF = LADDERS / "jorgef-Developer.md"


def read(text: str, first_line: int = 1) -> tuple[list[Block], list[Unplaced]]:
    unplaced: list[Unplaced] = []
    return html_blocks(text, "page.html", first_line, unplaced), unplaced


def shape(blocks: list[Block]) -> list[tuple[str, int, str]]:
    return [(b.kind, b.line, b.text) for b in blocks]


def every_text(blocks: list[Block], unplaced: list[Unplaced]) -> str:
    """All text the reader gave out: block texts, bullets, cells and the notes of what it left out."""
    parts = [b.text for b in blocks] + [u.text for u in unplaced] + [u.reason for u in unplaced]
    parts += [x.text for b in blocks for x in flatten(b.bullets)] + [c for b in blocks for _, r in b.rows for c in r]
    return "\n".join(parts)


# ---------------------------------------------------------------- mapping


def test_headings_give_their_depth_and_inline_text():
    blocks, _ = read("<h1>Ladder</h1>\n<h3>Level <em>3</em>:  <a href='/x'>Senior</a></h3>\n<h6>Notes</h6>")
    assert [(b.kind, b.line, b.text, b.depth) for b in blocks] == [
        ("heading", 1, "Ladder", 1), ("heading", 2, "Level 3: Senior", 3), ("heading", 3, "Notes", 6)]


def test_paragraphs_and_loose_text_in_containers_are_paragraphs():
    text = "<body>Intro text\n<div>In a div <b>bold</b></div><section><p>One</p>tail</section><article>Art</article>"
    assert shape(read(text)[0]) == [("para", 1, "Intro text"), ("para", 2, "In a div bold"), ("para", 2, "One"),
                                    ("para", 2, "tail"), ("para", 2, "Art")]


def test_white_space_collapses_br_is_a_line_break_and_pre_is_kept_as_written():
    blocks, _ = read("<p>  many\n\t  spaces&nbsp;here<br>next   line<br/>last </p><pre>\n  indented\n    two  </pre>")
    assert shape(blocks) == [("para", 1, "many spaces here\nnext line\nlast"), ("para", 2, "  indented\n    two")]


def test_lists_nest_and_an_item_text_leaves_out_its_nested_list():
    text = "<ul>\n<li>First\n  <ol><li>Inner one</li><li>Inner <i>two</i></li></ol>\n</li>\n<li>Second</li>\n</ul>"
    (block,), _ = read(text)
    assert block.kind == "list" and block.line == 1
    first, second = block.bullets
    assert (first.text, first.line, second.text, second.line) == ("First", 2, "Second", 5)
    assert [(c.text, c.line) for c in first.children] == [("Inner one", 3), ("Inner two", 3)]


def test_an_item_holding_paragraphs_joins_them_with_a_space():
    (block,), _ = read("<ul><li><p>Leads the stand-up.</p><p>Writes the notes.</p></li></ul>")
    assert block.bullets[0].text == "Leads the stand-up. Writes the notes."


def test_a_bold_lead_is_the_item_label_and_a_bold_paragraph_is_wrapped():
    blocks, _ = read("<p><strong>Principles</strong></p><ul><li><strong>Impact:</strong> Ships it.</li>"
                     "<li><b>Craft</b>: Tests it.</li><li>Plain <b>bold</b> text.</li></ul>")
    assert blocks[0].wrapped and blocks[0].text == "Principles"
    assert [(b.text, b.label) for b in blocks[1].bullets] == [
        ("Impact: Ships it.", "Impact"), ("Craft: Tests it.", "Craft"), ("Plain bold text.", None)]


def test_a_table_is_a_grid_with_spans_expanded():
    text = """<table>
<thead><tr><th>Level</th><th>A</th><th>B</th><th>C</th></tr></thead>
<tbody>
<tr><th rowspan="2">L1</th><td colspan="2">wide</td><td>c1</td></tr>
<tr><td>a2</td><td rowspan=3>tall</td></tr>
<tr><td>x</td><td>a3</td><td>c3</td></tr>
</tbody>
<tfoot><tr><td>foot</td></tr></tfoot>
</table>"""
    (block,), _ = read(text)
    assert block.kind == "table" and block.line == 1
    assert block.rows == [(2, ["Level", "A", "B", "C"]), (4, ["L1", "wide", "", "c1"]), (5, ["", "a2", "tall", ""]),
                          (6, ["x", "a3", "", "c3"]), (8, ["foot", "", "", ""])]


def test_rowspan_zero_runs_to_the_end_of_its_section_and_no_further():
    text = "<table><tbody><tr><td rowspan=0>all</td><td>1</td></tr><tr><td>2</td></tr></tbody>" \
           "<tbody><tr><td>3</td><td>4</td></tr></tbody></table>"
    (block,), _ = read(text)
    assert [r for _, r in block.rows] == [["all", "1"], ["", "2"], ["3", "4"]]


def test_a_cell_gives_a_line_per_paragraph_and_list_item():
    text = ("<table><tr><td><p>Summary here.</p><ul><li><strong>Years:</strong> Typically 2+</li>"
            "<li>Item <ul><li>nested</li></ul></li></ul></td><td>one<br>two</td></tr></table>")
    (block,), _ = read(text)
    assert block.rows[0][1] == ["Summary here.\nYears: Typically 2+\nItem\nnested", "one\ntwo"]


def test_a_table_nested_in_a_cell_is_flattened_to_its_lines():
    (block,), _ = read("<table><tr><td>Outer<table><tr><td>in one</td><td><p>in two</p></td></tr></table></td>"
                       "<td>next</td></tr></table>")
    assert block.rows == [(1, ["Outer\nin one\nin two", "next"])]


def test_a_caption_and_text_outside_the_cells_come_before_the_table():
    blocks, _ = read("<table><caption>Levels by area</caption>loose <tr>in a row<td>a</td></tr></table>")
    assert [(b.kind, b.text) for b in blocks] == [("para", "Levels by area"), ("para", "loose in a row"),
                                                  ("table", "")]  # as browsers show them: before the table
    assert blocks[-1].rows == [(1, ["a"])]


def test_a_definition_list_gives_a_paragraph_per_term_and_definition():
    blocks, _ = read("<dl>\n<dt>Scope</dt>\n<dd>The team's <em>own</em> services.</dd>\n<dt>Impact<dd>Org-wide\n</dl>")
    assert shape(blocks) == [("para", 2, "Scope"), ("para", 3, "The team's own services."), ("para", 4, "Impact"),
                             ("para", 4, "Org-wide")]


def test_spans_and_abbreviations_join_the_text_around_them():
    (block,), _ = read('<table><tr><th><a class="anchor" href="#m3"></a><abbr title="Manager">M</abbr>3</th></tr>'
                       "</table>")
    assert block.rows[0][1] == ["M3"]
    assert html_inline('<span class="x">Lead</span><span>er</span> <abbr title="t">IC</abbr>2') == "Leader IC2"


# ---------------------------------------------------------------- left out, and noted


@pytest.mark.parametrize(("markup", "reason"), [
    ("<script>var leak = 'SECRET';</script>", "script, not read"),
    ("<style>p { content: 'SECRET' }</style>", "style sheet, not read"),
    ("<template><p>SECRET</p></template>", "template, not read"),
    ("<noscript>SECRET</noscript>", "no-script fallback, not read"),
    ("<svg><title>SECRET</title><text>SECRET</text></svg>", "drawing (SVG), not read"),
    ("<head><title>SECRET</title></head>", "page head, not read"),
    ("<nav><ul><li>SECRET</li></ul></nav>", "navigation, not read"),
    ("<footer><p>SECRET</p></footer>", "page footer, not read"),
    ("<iframe src='x'>SECRET</iframe>", "embedded content, not read"),
    ("<form><button>SECRET</button><select><option>SECRET</select><textarea>SECRET</textarea></form>",
     "form control, not read"),
    ("<!-- SECRET -->", "HTML comment, not read"),
])
def test_what_is_not_text_is_left_out_and_noted_with_its_line(markup, reason):
    blocks, unplaced = read(f"<p>before</p>\n\n{markup}\n<p>after</p>")
    assert shape(blocks) == [("para", 1, "before"), ("para", 4, "after")]
    assert unplaced and {u.reason for u in unplaced} == {reason} and unplaced[0].line == 3
    assert all(u.line == 3 for u in unplaced)


def test_notes_quote_visible_text_but_never_code():
    _, unplaced = read("<nav><a href='/'>Home</a> <a href='/jobs'>Jobs</a></nav><script>\nalert(1)\n</script>")
    assert [(u.line, u.text) for u in unplaced] == [(1, "Home Jobs"), (1, "script, lines 1–3")]


def test_images_are_left_out_with_a_note():
    blocks, unplaced = read('<p>See <img src="/chart.png" alt="Growth chart"> below.</p>\n<picture>\n'
                            '<source srcset="/a-dark.png"><img src="/a.png" alt="Levels chart"></picture>\n'
                            '<img src="/plain.png">')
    assert shape(blocks) == [("para", 1, "See below.")]
    assert [(u.line, u.text, u.reason) for u in unplaced] == [
        (1, "Growth chart", "image, not read"), (2, "Levels chart", "image, not read"),
        (4, "/plain.png", "image, not read")]


def test_a_link_keeps_its_words_and_never_its_target():
    blocks, unplaced = read('<p>Read <a href="javascript:alert(1)">the guide</a> and <a href="/faq">FAQ</a>.</p>'
                            '<img src="javascript:alert(2)">')
    assert blocks[0].text == "Read the guide and FAQ."
    assert "javascript" not in every_text(blocks, unplaced) and unplaced[0].text == "image"


# ---------------------------------------------------------------- tolerance


def test_unclosed_paragraphs_items_and_cells_end_where_the_next_starts():
    blocks, _ = read("<p>one<p>two<ul><li>a<li>b</ul><dl><dt>t<dd>d</dl>"
                     "<table><tr><th>h1<th>h2<tr><td>c1<td>c2</table><p>end")
    assert [(b.kind, b.text) for b in blocks] == [("para", "one"), ("para", "two"), ("list", ""), ("para", "t"),
                                                  ("para", "d"), ("table", ""), ("para", "end")]
    assert [b.text for b in blocks[2].bullets] == ["a", "b"]
    assert [r for _, r in blocks[5].rows] == [["h1", "h2"], ["c1", "c2"]]


def test_stray_end_tags_are_ignored():
    blocks, _ = read("</div></span><p>one</b></li></td></p></p><div>two</table></div>")
    assert shape(blocks) == [("para", 1, "one"), ("para", 1, "two")]


def test_cells_straight_in_a_table_get_a_row_and_stray_cells_are_text():
    blocks, _ = read("<table><td>a</td><td>b</td></table><td>loose</td>")
    assert (blocks[0].rows, blocks[1].text) == ([(1, ["a", "b"])], "loose")


def test_a_head_left_open_ends_where_the_body_starts():
    blocks, unplaced = read("<html><head><title>Page</title>\n<h1>Ladder</h1><p>text</p>")
    assert shape(blocks) == [("heading", 2, "Ladder"), ("para", 2, "text")]
    assert [u.reason for u in unplaced] == ["page head, not read"]


def test_an_unfinished_tag_or_comment_at_the_end_is_left_out_and_noted():
    blocks, unplaced = read("<p>kept</p>\n<p>cut <a href='x")
    assert shape(blocks) == [("para", 1, "kept"), ("para", 2, "cut")]
    assert [(u.line, u.text) for u in unplaced] == [(2, "a")]
    _, unplaced = read("<p>kept</p><!-- never closed <p>hidden</p>")
    assert [u.text for u in unplaced] == ["comment"] and "hidden" not in every_text(*read("<!-- x <p>hidden</p>"))


def test_self_closing_html_elements_stay_open_but_svg_ones_close():
    blocks, unplaced = read("<div/>inside<svg/><p>after</p>")
    assert shape(blocks) == [("para", 1, "inside"), ("para", 1, "after")]
    assert [u.reason for u in unplaced] == ["drawing (SVG), not read"]


def test_marked_sections_and_declarations_never_fail():
    blocks, unplaced = read("<!DOCTYPE html><![CDATA[ x ]]><![ bogus <?php echo 1 ?><p>ok</p>")
    assert [b.text for b in blocks] == ["ok"]  # as browsers: '<![' opens a comment that the first '>' ends
    assert [(u.text, u.reason) for u in unplaced] == [("[CDATA[ x ]]", "HTML comment, not read"),
                                                      ("[ bogus", "HTML comment, not read")]


# ---------------------------------------------------------------- entities and hostile text


def test_entities_are_decoded_and_escaped_markup_stays_text():
    blocks, unplaced = read("<p>R&amp;D &lt;script&gt;alert(1)&lt;/script&gt; &eacute;t&eacute; &#x2014; &#39;</p>")
    assert blocks[0].text == "R&D <script>alert(1)</script> été — '" and unplaced == []
    assert html_inline("Tom &amp; Jerry &lt;b&gt;") == "Tom & Jerry <b>"


def test_script_content_never_appears_however_it_is_hidden():
    page = ("<p>a</p><script>document.write('<p>EVIL</p>')</script><SCRIPT type=x>EVIL</SCRIPT>"
            "<script/>EVIL</script><svg><script>EVIL</script></svg><noscript><p>Turn scripts on</p></noscript>"
            "<p>b<style>EVIL{}</style></p><template><script>EVIL</script></template><script>EVIL")
    blocks, unplaced = read(page)
    assert [b.text for b in blocks] == ["a", "b"] and "EVIL" not in every_text(blocks, unplaced)


@pytest.mark.parametrize("fragment", [
    "<b>bold</b> <i>it</i>", "a <img src=x onerror=alert(1)> b", "<a href='javascript:x'>link</a>",
    "x<br/>y", "<span title='<b>'>t</span>", "unfinished <a href='x", "<<b>>double<</b>>", "<!-- c -->text",
    "<SCRIPT>alert(1)</SCRIPT>after", "<p>one<p>two<script src=j>alert(1)",
])
def test_inline_text_never_keeps_a_tag(fragment):
    text = html_inline(fragment)
    assert not re.search(r"<[a-zA-Z/!?]", text) and "alert" not in text and "javascript" not in text
    assert text == text.strip() and "  " not in text


def test_inline_text_keeps_its_words():
    assert html_inline("<strong>Years of experience:</strong> Typically 0-2") == "Years of experience: Typically 0-2"
    assert html_inline("first<br>second <b>third</b>") == "first\nsecond third"
    assert html_inline("  plain   words  ") == "plain words"


# ---------------------------------------------------------------- line numbers


def test_lines_are_the_source_lines_offset_by_the_first_line():
    text = "<style>\n.x {}\n</style>\n<ul>\n  <li>one</li>\n</ul>\n<table>\n<tr><td>c</td></tr>\n</table>\n\n<p>\nlate</p>"
    blocks, unplaced = read(text, first_line=100)
    assert [(b.kind, b.line) for b in blocks] == [("list", 103), ("table", 106), ("para", 110)]
    assert blocks[0].bullets[0].line == 104 and blocks[1].rows[0][0] == 107
    assert [(u.line, u.text) for u in unplaced] == [(100, "style, lines 100–102")]


def test_loose_text_starts_on_the_line_of_its_first_word():
    blocks, _ = read("<div>\n\n\n   words here\n</div>")
    assert shape(blocks) == [("para", 4, "words here")]


# ---------------------------------------------------------------- limits


def test_lists_nested_too_deep_are_a_located_error():
    inner = "<ul><li>x" * MAX_NESTING
    assert len(flatten(read(f"<div>{inner}</div>")[0][0].bullets)) == MAX_NESTING
    with pytest.raises(InvalidFile) as err:
        read("<p>top</p>\n" + inner + "\n<ul><li>too deep")
    assert err.value.message == f"lists nested more than {MAX_NESTING} levels deep"
    assert err.value.location is not None and err.value.location.line == 3


def test_too_many_columns_or_cells_are_located_errors():
    row = "<tr>" + "<td>x" * MAX_COLUMNS + "</tr>"
    assert len(read(f"<table>{row}</table>")[0][0].rows[0][1]) == MAX_COLUMNS
    with pytest.raises(InvalidFile) as err:
        read("<table>\n<tr><td>a</td></tr>\n<tr>" + "<td>x" * MAX_COLUMNS + "\n<td>over</tr></table>")
    assert "more than 1,000 columns" in err.value.message and err.value.location.line == 4
    with pytest.raises(InvalidFile) as err:
        read("<table>\n" + "<tr><td colspan=1000>wide</tr>\n" * (MAX_CELLS // MAX_COLUMNS + 1) + "</table>")
    assert "more than 100,000 cells" in err.value.message and err.value.location.line == MAX_CELLS // MAX_COLUMNS + 2


def test_elements_nested_too_deep_are_a_located_error():
    assert read("<div>" * (MAX_DEPTH - 1) + "deep")[0][0].text == "deep"
    with pytest.raises(InvalidFile) as err:
        read("<p>ok</p>\n" + "<div>" * (MAX_DEPTH + 1))
    assert "nested more than 256 deep" in err.value.message and err.value.location.line == 2


def test_a_large_page_is_read_in_one_pass():
    section = ("<section><h2>Level {n}</h2><p>Summary of level {n} with <b>bold</b> &amp; more.</p>"
               "<ul><li>One thing</li><li>Another <ul><li>nested</li></ul></li></ul>"
               "<table><tr><th>Area</th><th>Text</th></tr><tr><td>A</td><td><p>x</p><p>y</p></td></tr></table>"
               "<!-- c --><script>var n = {n};</script></section>\n")
    count = 2 * 1024 * 1024 // len(section.format(n=1000))
    page = "<html><head><title>t</title></head><body>" + "".join(section.format(n=n) for n in range(count))
    blocks, unplaced = read(page)
    assert len(page) > 2 * 1024 * 1024 * 0.95
    assert len(blocks) == 4 * count and [b.kind for b in blocks[-4:]] == ["heading", "para", "list", "table"]
    assert len(unplaced) == 2 * count + 1 and blocks[-4].text == f"Level {count - 1}"


# ---------------------------------------------------------------- fixtures in the shapes of real pages


def test_a_saved_handbook_page():
    blocks, unplaced = read((FIXTURES / "handbook.html").read_text())
    assert [(b.kind, b.text) for b in blocks if b.kind == "heading"] == [
        ("heading", "Deck crew progression"), ("heading", "Level 1: Deckhand"),
        ("heading", "Level 2: Able Seafarer"), ("heading", "Level 3: Bosun")]
    lists = [b for b in blocks if b.kind == "list"]
    assert [len(b.bullets) for b in lists] == [3, 3, 2]
    assert [(x.label, x.text) for x in lists[2].bullets] == [
        ("Safety", "Safety: Runs the weekly safety rounds and files the report."),
        ("Leadership", "Leadership: Plans the deck crew rota for each season.")]
    assert [c.text for c in lists[0].bullets[1].children] == ["Coils and stows lines after each crossing.",
                                                              "Reports frayed lines to the bosun."]
    assert lists[1].bullets[1].text == "Seamanship: Steers in open water under the officer’s eye."
    assert lists[1].bullets[2].text == "Trains new deckhands on mooring. Signs off their line-handling checklist."
    assert [(u.line, u.reason) for u in unplaced] == [
        (3, "page head, not read"), (11, "HTML comment, not read"), (13, "navigation, not read"),
        (33, "image, not read"), (49, "page footer, not read")]
    text = every_text(blocks, [])
    assert "Engine room" not in text and "Privacy" not in text and "analytics" not in text and "<" not in text


def test_a_page_holding_a_levels_by_areas_table():
    blocks, _ = read((FIXTURES / "matrix.html").read_text())
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows[0] == (10, ["Level", "Querying", "Storytelling", "Stakeholders"])
    assert [r[0] for _, r in table.rows[1:]] == ["Analyst I", "Analyst II", "Senior Analyst"]
    assert table.rows[2][1][1:] == ["Writes window functions.\nReviews queries for others.",
                                    "Presents findings at the monthly review.\nChooses the chart for the question.",
                                    ""]
    assert table.rows[3][1][1:] == ["Designs the metrics layer with the data engineers.", "",
                                    "Sets the quarterly analysis roadmap with product leads."]
    assert {len(r) for _, r in table.rows} == {4}


# ---------------------------------------------------------------- the real ladders' HTML


def fragment(path: Path, start: str, end: str) -> tuple[str, int]:
    """The lines from the first starting with ``start`` to the next one holding ``end``, and the first's number."""
    lines = path.read_text().split("\n")
    first = next(k for k, line in enumerate(lines) if line.lstrip().startswith(start))
    last = next(k for k in range(first, len(lines)) if end in lines[k])
    return "\n".join(lines[first:last + 1]), first + 1


@pytest.mark.skipif(not SOURCEGRAPH.exists(), reason="the real ladders are not on this machine")
def test_sourcegraph_management_table():
    style, style_line = fragment(SOURCEGRAPH, "<style>", "</style>")
    blocks, unplaced = read(style, style_line)
    assert blocks == [] and [(u.line, u.reason) for u in unplaced] == [(style_line, "style sheet, not read")]
    text, line = fragment(SOURCEGRAPH, "<table", "</table>")
    blocks, unplaced = read(text, line)
    (table,) = blocks
    header, *rows = [r for _, r in table.rows]
    assert len(header) == 5 and header[:2] == ["Level", "Proficiency"] and {len(r) for r in rows} == {5}
    assert [r[0] for r in rows if r[0]] == ["M3", "M4", "M5", "M6"]
    m3, summary, behaviours = rows[0:3]
    assert m3 == ["M3", "", "", "", ""] and summary[0] == "" and summary[2:] == ["", "", ""]
    assert summary[1].split("\n")[1] == "Years of experience: Typically 0-2"
    assert summary[1].startswith("Accountable for the performance and results of a small team")
    assert [len(cell.split("\n")) for cell in behaviours[1:]] == [12, 3, 10, 3]  # one line per <li> (one unclosed)
    assert behaviours[3].split("\n")[2] == "Ensures team members are happy and engaged, as measured by impact reviews."
    assert [u.text for u in unplaced] == ["M3", "M4", "M5", "M6"]
    assert not re.search(r"<[a-zA-Z/]", every_text(blocks, []))


@pytest.mark.skipif(not JORGEF.exists(), reason="the real ladders are not on this machine")
def test_jorgef_pictures_give_only_a_note():
    text, line = fragment(JORGEF, "<picture>", "</picture>")
    blocks, unplaced = read(text, line)
    assert blocks == [] and [(u.line, u.reason) for u in unplaced] == [(line, "image, not read")]
    assert unplaced[0].text == "Developer 1"
