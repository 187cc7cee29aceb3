"""A grid made ready to read, whatever layout found it: columns known by their content where the header is
silent, years standing as rows turned into columns, and rows that hold several indicators split.

- a column whose cells are units is the unit column, one whose cells are verdict words the verdict column;
- a label column of years (and indicators named by the header) is a table transposed: `transpose`;
- a row whose label stacks dash-led names ('- Nam - Nữ') beside cells holding as many numbers ('12,5 8,3'),
  or whose cells hold parts split by ';' ('40;170' under '%; ha'), is as many sub-rows;
- a lower-case unit printed into the label ('Sản lượng lương thực tấn') goes to the empty unit cell;
- a row of X/Y counts of targets met ('16/24 25/25') is the report's scorecard, dropped.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...reference import cues
from ...reference.units import unit_at
from .headers import starts_with_word
from .lines import is_count_row, is_sub_item, is_unit
from .model import LABEL, Cell, Column, Grid, Row

MOSTLY = 0.6                                         # share of a column's cells that decides its content
YEAR_CELL = re.compile(r"\s*(\D*?)\s*((?:19|20)\d\d)\s*[.:]?\s*$")   # '2021', 'Năm 2021'
NUMBER = re.compile(r"[<>~≥≤]?\s*\d[\d.,]*%?")       # one value among several stacked in a cell
STACK_ITEM = re.compile(r"(?:^|\s)[-–+•]\s*(?=[^\d\s])")   # '- Nam', '+ Nữ' inside one label cell
PART_SEP = ";"                                       # '40;170', '%; ha': parts of one cell
MIN_TRANSPOSED_ROWS = 2
POINT_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{1,2}(?![\d.,])")   # '107.2', '25,130.5'
COMMA_DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{1,2}(?![\d.,])")  # '107,2', '25.130,5'
MIN_CONVENTION_CELLS = 2   # cells that must print '.' decimals before a table is read that way
SWAP_SEPARATORS = str.maketrans(".,", ",.")


def _cells_of(grid: Grid, k: int) -> list[Cell]:
    return [r.cells[k] for r in grid.rows if k in r.cells and not r.cells[k].empty]


def columns_by_content(grid: Grid) -> None:
    """A column the header leaves unnamed ('other') holding units is the unit column; holding verdicts, the
    verdict column."""
    roles = [c.role for c in grid.columns]
    for k, col in enumerate(grid.columns):
        cells = _cells_of(grid, k)
        if col.role != "other" or not cells:
            continue
        if "unit" not in roles and sum(is_unit(c.key) for c in cells) >= MOSTLY * len(cells):
            grid.columns[k] = replace(col, role="unit")
            roles[k] = "unit"
        elif sum(cues.verdict_of(c.key) is not None for c in cells) >= MOSTLY * len(cells):
            grid.columns[k] = replace(col, role="verdict")
            roles[k] = "verdict"


def _year_of(cell: Cell | None) -> int | None:
    """'2021' or 'Năm 2021' (the year's header word, table_headers.csv): a row that stands for a year."""
    m = YEAR_CELL.match(cell.key) if cell is not None else None
    if m is None or (m.group(1) and not starts_with_word("year_head", m.group(1))):
        return None
    return int(m.group(2))


def transpose(grid: Grid) -> Grid:
    """Years standing as rows ('2020 | 45.000 | 6,5'): each value column becomes an indicator row and each
    year a bare year column (a series)."""
    years = [_year_of(r.label) or _year_of(r.index) for r in grid.rows]
    if len(grid.rows) < MIN_TRANSPOSED_ROWS or None in years or len(set(years)) != len(years):
        return grid
    value_cols = [k for k, c in enumerate(grid.columns) if c.role not in ("index", "label", "unit")]
    columns = [LABEL] + [Column("result", y, y, header=str(y), bare=True) for y in years]
    rows = []
    for k in value_cols:
        col = grid.columns[k]
        first = next((r.cells[k] for r in grid.rows if k in r.cells), None)
        if first is None:
            continue
        # the indicator's name as the header printed it, placed where its values start (its first line)
        head = Cell(" ".join(col.path) or col.header, col.header, first.line, first.start, first.start)
        rows.append(Row(None, head, {1 + j: r.cells[k] for j, r in enumerate(grid.rows) if k in r.cells}))
    return Grid(grid.header_line, columns, rows, grid.last_line, grid.layout, grid.unit).place_cells()


def _split_cell(cell: Cell, parts: list[tuple[int, int]]) -> list[Cell]:
    return [replace(cell, text=cell.text[a:b].strip(), key=cell.key[a:b].strip(), start=cell.start + a,
                    end=cell.start + b) for a, b in parts]


def _stacked(label: Cell) -> list[tuple[int, int]]:
    """'Lao động - Nam - Nữ': the spans of the dash-led names (none when fewer than two)."""
    starts = [m.start() for m in STACK_ITEM.finditer(label.key)]
    if len(starts) < 2:
        return []
    return [(a, b) for a, b in zip(starts, [*starts[1:], len(label.key)], strict=True)]


def _numbers(cell: Cell) -> list[tuple[int, int]]:
    return [m.span() for m in NUMBER.finditer(cell.key)]


def _parts(cell: Cell) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for chunk in cell.key.split(PART_SEP):
        spans.append((pos, pos + len(chunk)))
        pos += len(chunk) + 1
    return spans


def _value_cells(grid: Grid, row: Row) -> dict[int, Cell]:
    return {k: c for k, c in row.cells.items() if grid.columns[k].role not in ("unit", "note", "verdict")}


def _split_stacked(grid: Grid, row: Row) -> list[Row] | None:
    """'Lao động - Nam - Nữ' beside '98 97' and '98,4 97,2': the group row, then one sub-row per name."""
    label, values = row.label, _value_cells(grid, row)
    items = _stacked(label) if label is not None else []
    counts = [len(_numbers(c)) for c in values.values()]
    if not items or len(items) not in counts or any(n not in (0, len(items)) for n in counts):
        return None
    head = replace(label, text=label.text[:items[0][0]].strip(), key=label.key[:items[0][0]].strip())
    subs = [Row(None, item, {}) for item in _split_cell(label, items)]
    for k, c in row.cells.items():
        spans = _numbers(c) if k in values else []
        for j, sub in enumerate(subs):
            sub.cells[k] = _split_cell(c, [spans[j]])[0] if len(spans) == len(items) else c
    return [Row(row.index, head, {}), *subs]


def _split_parts(grid: Grid, row: Row) -> list[Row] | None:
    """'40;170' under '%; ha' beside 'Độ che phủ rừng; diện tích trồng rừng': one row per part (a cell of one
    part stays with the first)."""
    values = _value_cells(grid, row)
    counts = {k: len(_parts(c)) for k, c in row.cells.items() if k in values or grid.columns[k].role == "unit"}
    n = max((counts[k] for k in values), default=1)
    if n < 2:
        return None
    label = row.label
    label_parts = _split_cell(label, _parts(label)) if label is not None and len(_parts(label)) == n else None
    subs = []
    for j in range(n):
        cells = {k: _split_cell(c, _parts(c))[j] for k, c in row.cells.items() if counts.get(k) == n}
        if j == 0:
            cells.update({k: c for k, c in row.cells.items() if counts.get(k, 1) == 1})
        subs.append(Row(row.index if j == 0 else None, label_parts[j] if label_parts else label, cells))
    return subs


def split_rows(grid: Grid, row: Row) -> list[Row]:
    """A row that holds several indicators as several rows."""
    return _split_stacked(grid, row) or _split_parts(grid, row) or [row]


def unit_from_label(grid: Grid, row: Row) -> None:
    """'Sản lượng lương thực tấn': a lower-case unit printed into the label goes to the empty unit cell."""
    roles = [c.role for c in grid.columns]
    if "unit" not in roles or row.label is None:
        return
    k = roles.index("unit")
    if k in row.cells and not row.cells[k].empty:
        return
    words = list(re.finditer(r"\S+", row.label.key))
    for w in words[1:]:
        unit, end = unit_at(row.label.key, w.start())
        if unit and end >= len(row.label.key.rstrip()) and row.label.text[w.start():w.start() + 1].islower():
            row.cells[k] = _split_cell(row.label, [(w.start(), end)])[0]
            row.label = _split_cell(row.label, [(0, w.start())])[0]
            return


def point_decimals(grid: Grid) -> None:
    """A table printed with '.' as the decimal point and ',' between thousands ('25,130.5', '107.2'), as
    statistics offices' English-set pages do: its value cells read with the two swapped."""
    cells = [c for r in grid.rows for k, c in r.cells.items() if grid.columns[k].role not in ("unit", "note")]
    point = sum(bool(POINT_DECIMAL.search(c.key)) for c in cells)
    comma = sum(bool(COMMA_DECIMAL.search(c.key)) for c in cells)
    if point >= MIN_CONVENTION_CELLS and point > comma:
        for c in cells:
            c.key = c.key.translate(SWAP_SEPARATORS)


def prepare(grid: Grid) -> Grid:
    """The grid as the reader wants it (see the module's docstring)."""
    columns_by_content(grid)
    point_decimals(grid)
    if not any(c.role in ("target", "pct_plan", "change") for c in grid.columns):
        grid = transpose(grid)
    roles = [c.role for c in grid.columns]
    unit_col = roles.index("unit") if "unit" in roles else None
    rows: list[Row] = []
    for row in grid.rows:
        unit_from_label(grid, row)
        values = [c.key for k, c in row.cells.items() if grid.columns[k].role in ("result", "target", "other")]
        unit_key = row.cells[unit_col].key if unit_col is not None and unit_col in row.cells else ""
        if is_count_row(row.label.key if row.label else "", unit_key, values):
            continue
        rows.extend(split_rows(grid, row))
    grid.rows = rows
    return grid.place_cells()


def is_sub_row(row: Row) -> bool:
    """A row whose name says it is a part of the row above: a dash ('- Nông nghiệp') or a lead-in ('Trong đó:
    công nghiệp') before it."""
    return row.label is not None and (is_sub_item(row.label.key) or starts_with_word("lead_in", row.label.key))
