"""importer.xlsx: workbooks in each shape (assessment template, matrix, merged headers, levels as rows) and the
refusals (not a zip, damaged, .xls or encrypted, zip bombs, no cells, no ladder, formulas as ladder text, size)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlsx_fixtures as fx

from ladder.errors import InvalidFile
from ladder.importer import Imported, import_file
from ladder.importer import xlsx as reader
from ladder.importer.ledger import NOT_PLACED, Ledger, Unit
from ladder.importer.options import Options
from ladder.models.queries import walk

CARVAGO = Path("/work/shared/ladders/carvago-frontend-assessment-template.xlsx")


def _units(result: Imported, sheet: str) -> list[Unit]:
    return [u for u in result.ledger.units if u.where.path.startswith(f"sheet '{sheet}'")]


def _unit(result: Imported, sheet: str, cell: str) -> Unit:
    [unit] = [u for u in result.ledger.units if u.where.path == f"sheet '{sheet}', cell {cell}"]
    return unit


def _texts(result: Imported, level_id: str, area: str) -> list[str]:
    [found] = [a for a in result.framework.level(level_id).areas if a.name == area]
    return [e.text for e in walk(found.expectations)]


def _refused(path: Path) -> InvalidFile:
    with pytest.raises(InvalidFile) as caught:
        reader.read_xlsx(path, path.name, Ledger(), Options())
    assert "Traceback" not in str(caught.value)
    return caught.value


# ---------------------------------------------------------------- the assessment template


def test_an_assessment_template_gives_ranked_levels_with_an_area_per_competency_sheet(tmp_path: Path) -> None:
    result = import_file(fx.assessment(tmp_path))
    levels = result.framework.levels
    assert [(lvl.id, lvl.title, lvl.order, lvl.aliases) for lvl in levels] == [
        ("trainee", "Trainee", 1, ["1/ Trainee"]), ("practitioner", "Practitioner", 2, ["2/ Practitioner"]),
        ("master", "Master", 3, ["3/ Master"])]
    assert len(result.framework.tracks) == 1
    for k, level in enumerate(levels):
        assert [a.name for a in level.areas] == ["Technique", "Service"]
        assert _texts(result, level.id, "Technique") == fx.TECHNIQUE["expectations"][k]
        assert _texts(result, level.id, "Service") == fx.SERVICE["expectations"][k]
        # the summary row under each title is that area's note, rated sheet or not (then by the gap under it)
        assert [a.notes for a in level.areas] == [[fx.TECHNIQUE["summaries"][k]], [fx.SERVICE["summaries"][k]]]
    assert result.framework.description == [f"Technique: {fx.TECHNIQUE['description']}",
                                             f"Service: {fx.SERVICE['description']}"]


def test_ratings_score_rows_and_the_score_sheet_are_not_ladder_text_and_say_why(tmp_path: Path) -> None:
    result = import_file(fx.assessment(tmp_path))
    texts = {e.text for lvl in result.framework.levels for a in lvl.areas for e in walk(a.expectations)}
    assert not texts & {"No", "Partly", "Yes", "3", "Result"}
    assert not [t for t in texts if "COUNTIF" in t or t.startswith("=")]
    assert _unit(result, "Technique", "D8").reason == reader._RATING
    assert _unit(result, "Technique", "H9").reason == reader._RATING
    assert _unit(result, "Technique", "D12").reason == "formula (score row), not read"
    assert _unit(result, "Technique", "C12").reason == "label of a score row (formulas beside it), not read"
    score_sheet = _units(result, "Scorecard")
    assert len(score_sheet) == 11 and all(u.place == NOT_PLACED and "'Scorecard' has no level columns" in u.reason
                                          for u in score_sheet)
    assert "formula, not read" in _unit(result, "Scorecard", "D4").reason
    assert [u.text for u in result.unplaced] == ["sheet 'Scorecard'"]
    # every other cell landed in the framework: nothing is left without a reason
    assert not [u for u in result.ledger.units if u.place == NOT_PLACED and not u.skipped]
    placed = _unit(result, "Technique", "E9")
    assert placed.place == "level practitioner, expectation practitioner.technique.2" and placed.verbatim


def test_a_formula_where_an_expectation_belongs_is_refused_at_its_cell(tmp_path: Path) -> None:
    error = _refused(fx.assessment(tmp_path, formula_in="E9"))
    assert error.message == "cell holds a formula; ladder reads values, not formulas"
    assert error.location is not None
    assert (error.location.line, error.location.col, error.location.path) == (9, 5, "sheet 'Technique', cell E9")
    assert error.hint == "paste the values (Paste special → Values) and import again"


def test_a_formula_as_a_level_title_is_refused_at_its_cell(tmp_path: Path) -> None:
    error = _refused(fx.level_formula(tmp_path))
    assert error.message.startswith("cell holds a formula")
    assert error.location is not None and error.location.path == "sheet 'Matrix', cell C1"


# ---------------------------------------------------------------- matrices, merged cells, levels as rows


def test_a_matrix_sheet_reads_as_competencies_with_groups_from_merged_category_cells(tmp_path: Path) -> None:
    result = import_file(fx.matrix(tmp_path))
    fw = result.framework
    assert fw.name == "Harbour Bakery skills ladder"
    assert [(lvl.title, lvl.order) for lvl in fw.levels] == [("Junior", 1), ("Intermediate", 2), ("Senior", 3)]
    assert fw.competencies is not None
    items = fw.competencies.items
    assert [(i.name, i.group) for i in items] == [("Dough", "Baking"), ("Ovens", "Baking"),
                                                  ("Customers", "Counter"), ("Till", "Counter")]
    assert items[1].cells["intermediate"] == "Plans the bake order."
    assert "Total" not in {i.name for i in items}
    assert _unit(result, "Ladder", "C9").reason == "formula (score row), not read"
    assert _unit(result, "Ladder", "A3").reason == "header of a column that is not a level"
    assert all("'Notes' has no level columns" in u.reason for u in _units(result, "Notes"))
    assert len(_units(result, "Notes")) == 2


def test_merged_headers_name_every_column_they_span_and_merged_body_cells_are_read_once(tmp_path: Path) -> None:
    result = import_file(fx.merged_header(tmp_path))
    fw = result.framework
    assert [lvl.id for lvl in fw.levels] == ["L1", "L2", "L3"]
    assert fw.competencies is not None
    testing, reviews = fw.competencies.items
    assert testing.cells["L1"] == "Writes unit tests.\nRuns the suite before pushing."
    assert testing.cells["L2"] == "Writes integration tests.\nKeeps the suite fast."
    assert reviews.name == "Reviews" and reviews.cells["L1"] == "Reads review comments carefully."
    assert reviews.cells["L2"] == "Reviews a teammate's change.\nExplains each requested change."
    assert sum(u.text == "Reads review comments carefully." for u in result.ledger.units) == 1
    assert [(u.text, u.reason) for u in result.ledger.units if u.place == NOT_PLACED] == [
        ("Competency", "header of a column that is not a level")]


def test_levels_down_the_first_column_are_a_level_per_row_with_areas_across(tmp_path: Path) -> None:
    result = import_file(fx.levels_as_rows(tmp_path))
    fw = result.framework
    assert [lvl.title for lvl in fw.levels] == ["Junior", "Senior", "Lead"]
    assert [a.name for a in fw.level("lead").areas] == ["Kitchen", "Front of house"]
    assert _texts(result, "senior", "Front of house") == ["Looks after a section of the floor."]
    assert fw.competencies is None


def test_the_same_level_title_on_several_sheets_is_one_level(tmp_path: Path) -> None:
    parsed = reader.read_xlsx(fx.assessment(tmp_path), "kitchen.xlsx", Ledger(), Options())
    assert [lvl.title for lvl in parsed.levels] == ["Trainee", "Practitioner", "Master"]
    assert [lvl.rank for lvl in parsed.levels] == [1, 2, 3]
    assert all(len(lvl.areas) == 2 for lvl in parsed.levels)


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("build, words", [
    (fx.not_a_zip, "not an XLSX workbook: an .xlsx file is a zip archive"),
    (fx.damaged, "cannot read the workbook: its zip archive or its parts are damaged"),
    (fx.ole, "Excel 97-2003 workbook (.xls) or a password-protected one"),
    (fx.empty, "workbook has no cells"),
])
def test_files_that_are_no_workbook_or_an_empty_one_are_refused_with_a_located_message(
        tmp_path: Path, build: object, words: str) -> None:
    error = _refused(build(tmp_path))  # type: ignore[operator]
    assert words in error.message
    assert error.location is not None and error.location.line == 1 and error.location.file.endswith(".xlsx")
    assert error.hint


def test_an_ole_file_says_to_save_it_as_xlsx(tmp_path: Path) -> None:
    assert "save it as .xlsx" in _refused(fx.ole(tmp_path)).hint


@pytest.mark.parametrize("kind, words, hint", [
    ("ratio", "unpacks to 8,388,608 bytes from", reader._BOMB),
    ("total", "workbook unpacks to more than 64 MiB", reader._BOMB),
    ("entries", "workbook has more than 10,000 parts (zip entries)", reader._BOMB),
    ("merged", "merged ranges cover more than 500,000 cells", "unmerge the large ranges"),
])
def test_zip_bombs_are_refused_before_openpyxl_reads_them(tmp_path: Path, kind: str, words: str, hint: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to read a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    error = _refused(fx.bomb(tmp_path, kind))
    assert words in error.message and error.hint == hint
    assert error.location is not None and error.location.line == 1


def test_a_workbook_without_a_ladder_sheet_lists_each_sheet_and_why(tmp_path: Path) -> None:
    error = _refused(fx.no_ladder(tmp_path))
    assert error.message == ("no sheet holds a ladder: sheet 'Prices' has no level columns (no row or column names "
                             "two or more levels); sheet 'Staff' has no level columns (no row or column names two or "
                             "more levels); sheet 'Blank' is empty")
    assert error.location is not None and error.location.path == "sheet 'Prices'"


def test_more_than_the_cell_limit_is_refused_at_the_cell_past_it(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert reader.MAX_CELLS == 200_000  # lowered below: a workbook that size takes openpyxl seconds to read
    monkeypatch.setattr(reader, "MAX_CELLS", 300)
    parsed = reader.read_xlsx(fx.many_cells(tmp_path, 300), "big.xlsx", Ledger(), Options())
    assert len(parsed.rows) == 99
    error = _refused(fx.many_cells(tmp_path, 301))
    assert error.message == "more than 300 non-empty cells"
    assert error.location is not None and error.location.path == "sheet 'Big', cell A101"


# ---------------------------------------------------------------- the real workbook


@pytest.mark.skipif(not CARVAGO.exists(), reason="the real ladders are not on this machine (not in the repository)")
def test_the_carvago_assessment_template_reads_as_its_four_levels() -> None:
    result = import_file(CARVAGO)
    fw = result.framework
    assert [(lvl.title, lvl.order, lvl.aliases) for lvl in fw.levels] == [
        ("Junior", 1, ["1/ Junior"]), ("Medior", 2, ["2/ Medior"]), ("Senior", 3, ["3/ Senior"]),
        ("Expert", 4, ["4/ Expert"])]
    for level in fw.levels:
        assert [a.name for a in level.areas] == ["Delivery", "Know-how", "Communication", "Leadership"]
        assert all(len(a.notes) == 1 and a.expectations for a in level.areas)
    texts = [e.text for lvl in fw.levels for a in lvl.areas for e in walk(a.expectations)]
    assert len(texts) == 83 and not {"Nope", "Level result"} & set(texts)
    assert not [u for u in result.ledger.units if u.place == NOT_PLACED and not u.skipped]
    assert [u.text for u in result.unplaced] == ["sheet 'Summary'"]
