"""Every table of a report's text: each layout finder in turn, a later one leaving alone the lines an earlier
one read, then the appendix reader (OCR'd appendix lines read from their right end) where none did."""

from __future__ import annotations

from ...read.text import Text
from ..metadata import DocumentMeta
from .aligned import find_grid_tables
from .appendix import Table, find_tables
from .cell_per_line import find_cell_tables
from .model import Grid
from .transposed import find_year_rows


def lines_of(grids: list[Grid]) -> set[int]:
    return {n for g in grids for n in g.lines}


def find_grids(doc: Text, key: str) -> list[Grid]:
    """Grids of every layout: one cell per line, years as rows, '|' rules and aligned columns."""
    grids = find_cell_tables(doc, key)
    grids += find_year_rows(doc, key, lines_of(grids))
    grids += find_grid_tables(doc, key, lines_of(grids))
    return grids


def find_all(doc: Text, key: str, meta: DocumentMeta) -> tuple[list[Grid], list[Table]]:
    """The grids, and the appendix tables no grid already holds."""
    grids = find_grids(doc, key)
    held = lines_of(grids)
    return grids, [t for t in find_tables(doc, key, meta) if t.header_line not in held]
