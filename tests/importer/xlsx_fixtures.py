"""Small workbooks for the XLSX reader's tests, built with openpyxl (or zipfile, for broken ones) into a folder.

Each function writes one workbook and returns its path. The shapes are those real ladders come in (an assessment
template with a sheet per competency, a competency matrix, merged headers, levels as rows), in words of their own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

# The assessment template: per competency sheet, (name, description, summaries, expectations per level).
LEVELS = ["1/ Trainee", "2/ Practitioner", "3/ Master"]
TECHNIQUE = {
    "name": "Technique", "description": "Knife work, timing and consistency of every plate.",
    "summaries": ["Learning the stations with a mentor close by.", "Runs a station alone on a normal night.",
                  "Sets the standard the whole kitchen cooks to."],
    "expectations": [
        ["You keep your station clean during service.", "You taste every sauce before it leaves the pass."],
        ["You prepare a full mise en place without a list.", "You adjust seasoning for each batch.",
         "You plate a dish the same way every time."],
        ["You design dishes that a new cook can repeat.", "You fix a failing recipe before the rush."],
    ],
}
SERVICE = {
    "name": "Service", "description": "Working the pass and looking after the dining room.",
    "summaries": ["Follows the calls of the pass.", "Keeps the pass moving on a full night.",
                  "Leads the pass and the floor together."],
    "expectations": [
        ["You call back every order you hear."],
        ["You warn the floor when a table will wait.", "You reorder tickets when the kitchen falls behind."],
        ["You train the floor staff on the menu each season."],
    ],
}
RATINGS = ["No", "Partly", "Yes", 3]


def _save(book: Any, path: Path) -> Path:
    book.save(path)
    return path


def _competency_sheet(ws: Any, data: dict[str, Any], rated: bool) -> None:
    """Name C2, description C3, level titles in row 5 every second column from C (each with its rating column
    beside it when rated), summaries in row 6, a blank row, then an expectation per row; a score row under."""
    ws["C2"], ws["C3"] = data["name"], data["description"]
    for k, (title, summary, items) in enumerate(zip(LEVELS, data["summaries"], data["expectations"])):
        col = 3 + 2 * k
        ws.cell(5, col, title)
        ws.cell(6, col, summary)
        for n, text in enumerate(items):
            ws.cell(8 + n, col, text)
            if rated:
                ws.cell(8 + n, col + 1, RATINGS[(n + k) % len(RATINGS)])
        if rated:
            letter = ws.cell(1, col + 1).column_letter
            ws.cell(12, col, "Result")
            ws.cell(12, col + 1, f'=IF(COUNTIF({letter}8:{letter}10, "No")=0, "Reached", "Not yet")')
            check = DataValidation(type="list", formula1='"No,Partly,Yes"', allow_blank=True)
            ws.add_data_validation(check)
            check.add(f"{letter}8:{letter}10")


def assessment(folder: Path, formula_in: str | None = None) -> Path:
    """Two competency sheets (one rated, one not) and a score sheet of weights and formulas. ``formula_in``
    puts a formula in that cell of the first sheet (a ladder text position, for the refusal)."""
    book = Workbook()
    first = book.active
    first.title = "Technique"
    _competency_sheet(first, TECHNIQUE, rated=True)
    _competency_sheet(book.create_sheet("Service"), SERVICE, rated=False)
    scores = book.create_sheet("Scorecard")
    scores["B1"], scores["B3"], scores["C3"] = "Kitchen score", "Competency", "Weight"
    for row, (name, weight) in enumerate([("Technique", 0.7), ("Service", 0.3)], 4):
        scores.cell(row, 2, name)
        scores.cell(row, 3, weight)
        scores.cell(row, 4, f'=IF({name}!D12="Reached", C{row}, 0)')
    scores["B7"], scores["D7"] = "Total", "=SUM(D4:D5)"
    if formula_in:
        first[formula_in] = '="You plate" & " fast."'
    return _save(book, folder / "kitchen.xlsx")


def matrix(folder: Path) -> Path:
    """A title, then a category and skill column before the levels; merged category cells; a total row; and a
    notes sheet that holds no ladder."""
    book = Workbook()
    ws = book.active
    ws.title = "Ladder"
    ws["A1"] = "Harbour Bakery skills ladder"
    for col, text in enumerate(["Area", "Skill", "Junior", "Intermediate", "Senior"], 1):
        ws.cell(3, col, text)
    rows = [("Baking", "Dough", "Shapes loaves by hand.", "Adjusts hydration to the flour.", "Develops new doughs."),
            (None, "Ovens", "Loads the deck oven safely.", "Plans the bake order.", "Tunes the oven profiles."),
            ("Counter", "Customers", "Greets every customer.", "Handles a complaint calmly.", "Trains the counter team."),
            (None, "Till", "Takes card payments.", "Closes the till alone.", "Reconciles the week's takings.")]
    for row, cells in enumerate(rows, 4):
        for col, text in enumerate(cells, 1):
            ws.cell(row, col, text)
    ws.merge_cells("A4:A5")
    ws.merge_cells("A6:A7")
    ws["B9"], ws["C9"], ws["D9"] = "Total", "=COUNTA(C4:C7)", "=COUNTA(D4:D7)"
    notes = book.create_sheet("Notes")
    notes["A1"], notes["A2"] = "Reviewed every spring.", "Ask the head baker about exceptions."
    return _save(book, folder / "bakery.xlsx")


def merged_header(folder: Path) -> Path:
    """Level headers merged over two columns each (the last one not), a competency name merged over two rows,
    and a body cell merged over two rows."""
    book = Workbook()
    ws = book.active
    ws.title = "Skills"
    ws["A1"], ws["B1"], ws["D1"], ws["F1"] = "Competency", "L1", "L2", "L3"
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    body = {"A2": "Testing", "B2": "Writes unit tests.", "C2": "Runs the suite before pushing.",
            "D2": "Writes integration tests.", "E2": "Keeps the suite fast.", "F2": "Sets the testing strategy.",
            "A3": "Reviews", "B3": "Reads review comments carefully.", "D3": "Reviews a teammate's change.",
            "F3": "Coaches reviewers.", "D4": "Explains each requested change.", "F4": "Sets review norms."}
    for ref, text in body.items():
        ws[ref] = text
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:C4")
    return _save(book, folder / "skills.xlsx")


def levels_as_rows(folder: Path) -> Path:
    """A level per row (the level column first), areas across the header row."""
    book = Workbook()
    ws = book.active
    ws.title = "Grades"
    rows = [["Grade", "Kitchen", "Front of house"],
            ["Junior", "Preps vegetables to spec.", "Sets tables before opening."],
            ["Senior", "Runs the grill station.", "Looks after a section of the floor."],
            ["Lead", "Writes the weekly prep list.", "Plans the rota for the floor."]]
    for row, cells in enumerate(rows, 1):
        for col, text in enumerate(cells, 1):
            ws.cell(row, col, text)
    return _save(book, folder / "grades.xlsx")


def level_formula(folder: Path) -> Path:
    """A matrix whose middle level title is a formula."""
    book = Workbook()
    ws = book.active
    ws.title = "Matrix"
    for col, text in enumerate(["Skill", "Junior", '="Mid" & "dle"', "Senior"], 1):
        ws.cell(1, col, text)
    for col, text in enumerate(["Coding", "Fixes small bugs.", "Builds features.", "Designs systems."], 1):
        ws.cell(2, col, text)
    return _save(book, folder / "formula-header.xlsx")


def no_ladder(folder: Path) -> Path:
    """Two sheets of cells, neither naming levels, and an empty one."""
    book = Workbook()
    prices = book.active
    prices.title = "Prices"
    prices["A1"], prices["B1"], prices["A2"], prices["B2"] = "Item", "Cost", "Sourdough", 4.5
    staff = book.create_sheet("Staff")
    staff["A1"], staff["A2"] = "Ana", "Bo"
    book.create_sheet("Blank")
    return _save(book, folder / "no-ladder.xlsx")


def empty(folder: Path) -> Path:
    return _save(Workbook(), folder / "empty.xlsx")


def many_cells(folder: Path, count: int) -> Path:
    """A matrix of ``count`` non-empty cells in all (write-only mode, row by row)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Big")
    ws.append(["Skill", "Junior", "Senior"])
    rows, rest = divmod(count - 3, 3)
    for n in range(rows):
        ws.append([f"Skill {n} basics", "Does it.", "Teaches it."])
    if rest:
        ws.append([f"Skill {rows} basics", "Does it."][:rest])
    return _save(book, folder / "big.xlsx")


def not_a_zip(folder: Path) -> Path:
    path = folder / "text.xlsx"
    path.write_text("Level,Expectation\nJunior,Writes code\n", encoding="utf-8")
    return path


def ole(folder: Path) -> Path:
    """An OLE compound file, as an .xls workbook and an encrypted .xlsx are."""
    path = folder / "old.xlsx"
    path.write_bytes(OLE_MAGIC + bytes(504))
    return path


def damaged(folder: Path) -> Path:
    """A zip whose directory is sound but whose sheet's compressed bytes are not."""
    path = folder / "damaged.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + "<row><c><v>1</v></c></row>" * 200 + "</worksheet>")
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    data = bytearray(path.read_bytes())
    start = offset + 30 + len("xl/worksheets/sheet1.xml")
    data[start + 2:start + 12] = bytes(range(10))
    path.write_bytes(bytes(data))
    return path


def bomb(folder: Path, kind: str) -> Path:
    """A zip that unpacks far past its size: one entry of a long run of one byte ('ratio'), many entries of a
    megabyte each ('total'), more entries than a workbook has ('entries'), or a tiny sheet merging a whole
    worksheet ('merged')."""
    path = folder / f"bomb-{kind}.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "ratio":
            archive.writestr("xl/worksheets/sheet1.xml", b"a" * (8 * 1024 * 1024))
        elif kind == "total":
            for n in range(70):
                archive.writestr(f"xl/media/part{n}.bin", b"a" * (1024 * 1024))
        elif kind == "entries":
            for n in range(10_001):
                archive.writestr(f"xl/parts/{n}.xml", b"")
        else:
            archive.writestr("xl/worksheets/sheet1.xml", '<worksheet><mergeCells count="1">'
                             '<mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
    return path
