"""Tables flattened one cell per line, as web pages and some OCR tools give them.

    STT / Chỉ tiêu / Đơn vị tính / Kế hoạch 2022 / Ước thực hiện 2022 / So với cùng kỳ (%) / ... then
    1 / Tốc độ tăng trưởng kinh tế (GRDP) / % / 6,5-7 / 7,4 / (empty) / ... / Vượt

Phases: `find_header` (a run of short lines that are header cells, the first one 'TT'/'STT'/'Chỉ tiêu'),
`cell_stream` (the lines after it as cells; an empty cell is a blank line, or a line holding only spaces
where blank lines separate the cells), `assemble_rows` (cells dealt to the header's columns, a row that
omits its number starting at its label), then grid_records turns rows into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...read.text import Text
from ...reference.ocrkey import fold
from ...reference.units import unit_at
from .grid_records import Cell, Grid, Row
from .headers import Column, classify, is_header_cell

FIRST_HEADER = re.compile(r"\s*(?:s?tt|chi\s+tieu|ten\s+chi\s+tieu)\s*$")   # 'STT' alone on its line
INDEX_CELL = re.compile(r"\s*(?:\d{1,2}|[ivxl]{1,4}|[a-h])\s*[.)]?\s*$")       # '1', 'II', 'a)'
MIN_COLUMNS = 4        # fewer header cells is a list, not a table
HEADER_LOOKAHEAD = 30  # lines in which a table's header cells stand
CELL_MAX_CHARS = 110   # a longer line is prose again: the table ended
WRAPPED_LABEL_CHARS = 50  # a cell this long that the next line continues in lower case is one wrapped label
PROSE_AGAIN = re.compile(r"^\s*(?:[IVX]{1,4}\s*[.\-]\s+\S|.{40,}[.:]\s*$)")  # 'III. KẾ HOẠCH ...', a sentence


@dataclass
class Header:
    columns: list[Column]
    first_line: int    # 1-based
    end: int           # index (0-based) of the first line after the header
    spaced: bool       # blank lines separate the cells (then a line of spaces is an empty cell)


def find_header(lines: list[str], i: int) -> Header | None:
    """The header that starts at line index i, or None."""
    if not FIRST_HEADER.match(lines[i]):
        return None
    cells, j, spaced = [], i, False
    while j < len(lines) and j < i + HEADER_LOOKAHEAD:
        text = lines[j]
        if not text.strip():
            spaced = spaced or bool(cells)
            j += 1
            continue
        if not is_header_cell(text):
            break
        cells.append(text.strip())
        j += 1
    if len(cells) < MIN_COLUMNS:
        return None
    return Header([classify(c) for c in cells], i + 1, j, spaced)


def cell_stream(doc: Text, lines: list[str], header: Header) -> list[Cell]:
    """The cells after the header, in order, up to the first line of prose."""
    out: list[Cell] = []
    for j in range(header.end, len(lines)):
        raw, key = doc.lines[j], lines[j]
        if len(raw.strip()) > CELL_MAX_CHARS or PROSE_AGAIN.search(raw):
            break
        if header.spaced and raw == "":
            continue   # a separator between cells
        start, end = doc.line_span(j + 1)
        if _continues(out, raw):
            prev = out[-1]
            out[-1] = Cell(prev.text + " " + raw.strip(), prev.key + " " + key.strip(), prev.line, prev.start, end)
            continue
        out.append(Cell(raw.strip(), key.strip(), j + 1, start, end))
    while out and out[-1].empty:
        out.pop()
    return out


def _continues(cells: list[Cell], raw: str) -> bool:
    """A long label wrapped onto the next line: it goes on in lower case ('... có hệ thống xử lý nước' / 'thải tập trung')."""
    if not cells or not raw.strip()[:1].islower():
        return False
    unit, end = unit_at(fold(raw), 0)
    if unit and end >= len(raw.rstrip()):
        return False   # 'tỷ đồng' on its own line is the unit cell
    prev = cells[-1].text
    return len(prev) >= WRAPPED_LABEL_CHARS and not prev[-1:].isdigit()


def _new_row(cell: Cell, index_col: int | None, label_col: int) -> tuple[Row, int]:
    """A row begun by this cell: its number, or (a sub-row that prints none) its label."""
    if index_col is not None and (cell.empty or INDEX_CELL.match(cell.key)):
        return Row(index=cell, label=None), index_col + 1
    return Row(index=None, label=cell), label_col + 1


LABEL_LIKE = re.compile(r"[a-z]{2,}.*[a-z]{2,}")   # words, not a number or a unit


def _next_row_starts(row: Row, cell: Cell, after: list[Cell]) -> bool:
    """'8' after row 7, followed by a label: a new row, even where row 7 printed one cell too few."""
    if row.index is None or not INDEX_CELL.match(cell.key) or not after:
        return False
    try:
        return int(cell.key.strip(" .)")) == int(row.index.key.strip(" .)")) + 1 and bool(
            LABEL_LIKE.search(after[0].key)) and len(after[0].key) > 8
    except ValueError:
        return False


def assemble_rows(cells: list[Cell], columns: list[Column]) -> list[Row]:
    """Deal the cells to the columns, row after row."""
    roles = [c.role for c in columns]
    index_col = roles.index("index") if "index" in roles else None
    label_col = roles.index("label") if "label" in roles else (0 if index_col is None else index_col + 1)
    rows: list[Row] = []
    row, pos = None, len(columns)
    for k, cell in enumerate(cells):
        if row is not None and pos < len(columns) and _next_row_starts(row, cell, cells[k + 1:k + 2]):
            pos = len(columns)   # the row before dropped an empty cell: the next number begins the next row
        if pos >= len(columns):
            if cell.empty and index_col is None:
                continue
            row, pos = _new_row(cell, index_col, label_col)
            rows.append(row)
            continue
        if pos == label_col:
            row.label = cell
        else:
            row.cells[pos] = cell
        pos += 1
    return [r for r in rows if r.label is not None and not r.label.empty]


def find_cell_tables(doc: Text, key: str) -> list[Grid]:
    lines = key.split("\n")
    grids, i = [], 0
    while i < len(lines):
        header = find_header(lines, i)
        if header is None:
            i += 1
            continue
        cells = cell_stream(doc, lines, header)
        grid = Grid(header.first_line, header.columns, assemble_rows(cells, header.columns),
                    cells[-1].line if cells else header.end)
        if grid.rows:
            grids.append(grid)
        i = max(i + 1, grid.last_line)
    return grids
