"""The units of a document's blocks, into the ledger: each heading, paragraph, bullet and table cell, and each
piece of markup a reader left out (a comment, a code block, an image, a style), with its line."""

from __future__ import annotations

from ladder.errors import Location
from ladder.importer.ledger import Ledger
from ladder.importer.parsed import Block, Unplaced, flatten


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_location(file: str, block: Block, line: int, col: int) -> Location:
    """Where a table cell is: its line (and column number) in a text file, its sheet and cell in a workbook."""
    if block.sheet is None:
        return Location(file, line, col)
    number = block.first_col + col - 1
    return Location(file, line, number, f"sheet '{block.sheet}', cell {_column(number)}{line}")


def register_blocks(blocks: list[Block], unplaced: list[Unplaced], file: str, ledger: Ledger) -> None:
    """Add every text unit of the blocks, and what the readers left out, to the ledger, in line order."""
    for block in blocks:
        where = Location(file, block.line, 1)
        if block.kind == "heading":
            ledger.add("heading", block.text, where)
        elif block.kind == "para":
            ledger.add("paragraph", block.text, where)
        elif block.kind == "list":
            for bullet in flatten(block.bullets):
                ledger.add("bullet", bullet.text, Location(file, bullet.line, 1))
        elif block.kind == "table":
            for line, cells in block.rows:
                for col, cell in enumerate(cells, 1):
                    for text in cell.split("\n"):
                        ledger.add("cell", text, cell_location(file, block, line, col))
    for item in unplaced:
        unit = ledger.add("markup", item.text, Location(file, item.line, 1))
        if unit is not None:
            unit.reason = item.reason
