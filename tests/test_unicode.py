"""Names, exams, ids and keys are compared after NFC normalisation: text typed in decomposed
form (macOS keyboards and file systems) means the same as the framework's composed text."""

from __future__ import annotations

import json
import unicodedata

from conftest import DATA, one_result
from ladder.load.loader import load_framework
from ladder.models.queries import find_level

UNICODE = DATA / "unicode"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_the_fixtures_really_are_in_the_two_forms():
    assert unicodedata.is_normalized("NFC", (UNICODE / "acces.yaml").read_text())
    decomposed = (UNICODE / "nfd-exam.yaml").read_text()
    assert not unicodedata.is_normalized("NFC", decomposed) and "e\u0301" in decomposed


def test_an_exam_typed_decomposed_counts_as_the_frameworks_composed_exam(invoke):
    result = invoke("assess", UNICODE / "nfd-exam.yaml", "-f", "json")
    assert result.exit_code == 0, result.output
    data = one_result(result.stdout)
    assert data["demonstrated"] == "L2"
    assert data["warnings"] == []  # no "unknown exam" warning either
    assert data["person"] == "Zo\u00e9"  # the name comes out composed


def test_two_keys_equal_under_nfc_are_duplicates(invoke):
    result = invoke("validate", UNICODE / "nfc-duplicate-key.yaml")
    assert result.exit_code == 1
    assert "nfc-duplicate-key.yaml:5:1: error: caf\u00e9: duplicate key 'caf\u00e9' (first defined at line 4)" \
        in result.stdout


def test_a_level_named_on_the_command_line_in_decomposed_form_is_found(invoke):
    framework = load_framework(UNICODE / "acces.yaml").model
    assert find_level(framework, nfd("Exp\u00e9riment\u00e9")).id == "L2"
    assert find_level(framework, nfd("D\u00c9BUTANT")).id == "L1"
    result = invoke("show", UNICODE / "acces.yaml", nfd("exp\u00e9riment\u00e9"), "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["level"]["id"] == "L2"


def test_loaded_text_is_composed_whatever_the_file_used(tmp_path):
    path = tmp_path / "fw.yaml"
    path.write_text(nfd((UNICODE / "acces.yaml").read_text()))
    framework = load_framework(path).model
    assert framework.organisation == "Acc\u00e8s"
    assert framework.levels[1].criteria[0].exam == "Examen de caf\u00e9"


def test_an_organisation_id_in_either_form_finds_its_file(invoke, tmp_path):
    (tmp_path / "acc\u00e8s.yaml").write_text((UNICODE / "acces.yaml").read_text())  # composed file name
    result = invoke("show", nfd("Acc\u00e8s"), "--path", tmp_path, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["organisation"] == "Acc\u00e8s"
