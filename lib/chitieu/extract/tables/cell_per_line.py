"""Tables flattened one cell per line, as web pages and some OCR tools give them.

    STT / Chỉ tiêu / Đơn vị tính / Kế hoạch 2022 / Ước thực hiện 2022 / So với cùng kỳ (%) / ... then
    1 / Tốc độ tăng trưởng kinh tế (GRDP) / % / 6,5-7 / 7,4 / (empty) / ... / Vượt

Phases: `find_header` (a run of short lines that are header cells: from 'STT' / 'Chỉ tiêu', or, in a header
without them, at least two value columns, whose label column is then implied; a blank line among header
cells that are not all blank-separated is an empty spacer column), `cell_lines` (the lines after it as cells:
an empty cell is a blank line, or a line of spaces where blank lines separate the cells; a wrapped cell's
lines joined), `Dealer` (cells dealt to the header's columns: a row that omits its number starts at its
label, a lead-in 'Trong đó:' is no row, dash-led lines after a label stack sub-rows whose values follow one
a line, the next row number re-synchronises a row that dropped or added a cell, and prose or a notes block
at a row's start ends the table). Rows become records in `records`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...read.text import Text
from ...reference.table_headers import VALUE_ROLES, header_patterns
from .headers import classify, is_header_cell, words_of
from .lines import index_number, is_index, is_lead_in, is_sub_item, is_unit, starts_notes, table_unit
from .model import LABEL, Cell, Column, Grid, Row

MIN_COLUMNS = 4           # fewer header cells is a list, not a table
MIN_VALUE_HEADERS = 2     # a header without 'STT' / 'Chỉ tiêu' names at least two value columns ...
MIN_UNNAMED_CELLS = 3     # ... among at least three header cells
HEADER_LOOKAHEAD = 30     # lines in which a table's header cells stand
UNIT_LOOKBACK = 4         # lines above a header where 'Đơn vị tính: ha' stands
CELL_MAX_CHARS = 110      # a longer line at a row's start is prose again: the table ended
WRAPPED_LABEL_CHARS = 50  # a cell this long that the next line continues in lower case is one wrapped label
WRAP_WIDTH = 70           # a line this long, not ending a sentence, goes on on the next line
PROSE_AGAIN = re.compile(r"^\s*(?:[IVX]{1,4}\s*[.\-]\s+\S|.{40,}[.:]\s*$)")  # 'III. KẾ HOẠCH ...', a sentence
LETTER_HEADING = re.compile(r"^\s*[A-HĐ]\s*[.)]\s+[A-ZĐÀ-Ỹ]{2,}\S*\s+[A-ZĐÀ-Ỹ]{2,}")   # 'B. PHƯƠNG HƯỚNG, ...'
SENTENCE_END = re.compile(r"[.:;]\s*$")
LABEL_LIKE = re.compile(r"[a-z]{2,}.*[a-z]{2,}")   # words, not a number or a unit
LABEL_MIN_CHARS = 8


@dataclass
class Header:
    columns: list[Column]
    first_line: int    # 1-based
    end: int           # index (0-based) of the first line after the header
    spaced: bool       # blank lines separate the cells (then a line of spaces is an empty cell)
    unit: str | None = None


def _header_run(lines: list[str], i: int) -> tuple[list[str], list[int], int, int]:
    """The header cells from line i on, the blank lines before each (after the first), where the run ends and
    how many blank lines end it."""
    cells: list[str] = []
    gaps: list[int] = []
    j, blank = i, 0
    while j < len(lines) and j < i + HEADER_LOOKAHEAD:
        text = lines[j]
        if not text.strip():
            blank += 1
            j += 1
            continue
        if not is_header_cell(text) or table_unit(text):
            break
        if cells:
            gaps.append(blank)
        cells.append(text.strip())
        blank = 0
        j += 1
    return cells, gaps, j, blank


def find_header(lines: list[str], i: int) -> Header | None:
    """The header that starts at line index i, or None."""
    if not lines[i].strip() or not is_header_cell(lines[i]) or table_unit(lines[i]):
        return None
    cells, gaps, j, trailing = _header_run(lines, i)
    spaced = bool(gaps) and all(g >= 1 for g in gaps)
    columns: list[Column] = []
    for k, text in enumerate(cells):
        if k and not spaced:
            columns += [Column("other")] * gaps[k - 1]   # an empty spacer column
        columns.append(classify(text, (text,)))
    roles = [c.role for c in columns]
    if roles[0] in ("index", "label") and not _names_column(cells[0]):
        return None   # 'Một số chỉ tiêu chủ yếu:' above the table, not its first header cell
    if roles[0] not in ("index", "label"):
        if "index" in roles or "label" in roles or columns[0].bare:
            return None   # the header starts further down, at its 'STT' / 'Chỉ tiêu'
        if sum(r in VALUE_ROLES for r in roles) < MIN_VALUE_HEADERS or len(cells) < MIN_UNNAMED_CELLS:
            return None
    if "label" not in roles:
        at = roles.index("index") + 1 if "index" in roles else 0
        columns.insert(at, LABEL)
    if len(columns) < MIN_COLUMNS:
        return None
    return Header(columns, i + 1, j if spaced else j - trailing, spaced, _unit_above(lines, i))


def _names_column(text: str) -> bool:
    """'STT', 'Chỉ tiêu', 'Tên chỉ tiêu' alone: a header's first cell."""
    pats = header_patterns()
    words = words_of(text)
    return any(pats[r].fullmatch(words) for r in ("index", "label"))


def _unit_above(lines: list[str], i: int) -> str | None:
    """'Đơn vị tính: ha' in the lines just above the header."""
    seen = 0
    for k in range(i - 1, -1, -1):
        if not lines[k].strip():
            continue
        unit = table_unit(lines[k])
        if unit:
            return unit
        seen += 1
        if seen >= UNIT_LOOKBACK:
            return None
    return None


def cell_lines(doc: Text, lines: list[str], header: Header) -> list[Cell]:
    """The cells after the header, in order, a wrapped cell's lines joined (up to CELL_MAX_CHARS each line)."""
    out: list[Cell] = []
    prev_blank = True
    for j in range(header.end, len(lines)):
        raw, key = doc.lines[j], lines[j]
        if header.spaced and raw == "":
            prev_blank = True
            continue   # a separator between cells
        start, end = doc.line_span(j + 1)
        cell = Cell(raw.strip(), key.strip(), j + 1, start, end)
        if out and _continues(out[-1], raw, key, header.spaced and not prev_blank):
            out[-1] = out[-1].joined(cell)
        else:
            out.append(cell)
        prev_blank = False
    return out


def _continues(prev: Cell, raw: str, key: str, same_block: bool) -> bool:
    """A cell's text wrapped onto the next line: in a layout whose cells are blank-separated, any line right
    under another; else a long line going on in lower case, or one at the wrap width that ends no sentence."""
    text = raw.strip()
    if not text or prev.empty:
        return False
    if same_block:
        return True
    if is_unit(key):
        return False   # 'tỷ đồng' on its own line is the unit cell
    if text[:1].islower():
        return len(prev.text) >= WRAPPED_LABEL_CHARS and not prev.text[-1:].isdigit()
    return len(prev.text) >= WRAP_WIDTH and not SENTENCE_END.search(prev.text) and not text[:1].isdigit() \
        and not is_sub_item(text)


class Dealer:
    """Deals a table's cells to its columns, row after row (see the module's docstring)."""

    def __init__(self, columns: list[Column]):
        self.columns = columns
        roles = [c.role for c in columns]
        self.index_col = roles.index("index") if "index" in roles else None
        self.label_col = roles.index("label")
        self.rows: list[Row] = []
        self.row: Row | None = None
        self.pos = len(columns)
        self.stack: list[Row] = []   # sub-rows stacked in the current row's cells ('- Nam' / '- Nữ')
        self.filled = 0              # how many of the stacked sub-rows the current column has dealt to
        self.last_number: int | None = None
        self.last_line = 0

    @property
    def at_row_start(self) -> bool:
        return self.pos >= len(self.columns)

    def ends_table(self, cell: Cell, after: Cell | None = None) -> bool:
        """At a row's start (or after an empty row number), prose again, a notes block, or a lettered heading
        with prose under it ('B. PHƯƠNG HƯỚNG, NHIỆM VỤ ...' then a paragraph)."""
        opening = self.at_row_start or (self.pos == self.label_col and self.row.index is not None
                                        and self.row.index.empty)
        heading = bool(LETTER_HEADING.match(cell.text)) and after is not None and len(after.text) >= WRAP_WIDTH
        return opening and (len(cell.text) > CELL_MAX_CHARS or bool(PROSE_AGAIN.search(cell.text))
                            or starts_notes(cell.key) or heading)

    def add(self, cell: Cell, after: Cell | None) -> None:
        if not self.at_row_start and self._next_row_starts(cell, after):
            self.pos = len(self.columns)   # the row before dropped an empty cell: the next number begins the next row
        if self.at_row_start:
            self._start_row(cell, after)
        elif self._stacks(cell):
            sub = Row(index=None, label=cell)   # '- Nam' under the label: a sub-row, its values one a line below
            self.stack.append(sub)
            self.rows.append(sub)
        else:
            self._put(cell, after)
        self.last_line = max(self.last_line, cell.line)

    def _stacks(self, cell: Cell) -> bool:
        """A dash-led name right after a row's label, before any of its values: a stacked sub-row."""
        return self.pos == self.label_col + 1 and self.row.label is not None and not self.row.cells \
            and is_sub_item(cell.key) and not _has_digit(cell.key)

    def _start_row(self, cell: Cell, after: Cell | None) -> None:
        if cell.empty and self.index_col is None:
            return
        if is_lead_in(cell.key) and (after is None or not _has_digit(after.key)):
            return   # 'Trong đó:' in a cell of its own: the sub-rows follow
        self.stack, self.filled = [], 0
        if self.index_col is not None and (cell.empty or is_index(cell.key)):
            self.row, self.pos = Row(index=cell, label=None), self.index_col + 1
            self.last_number = index_number(cell.key) if not cell.empty else self.last_number
        else:
            self.row, self.pos = Row(index=None, label=cell), self.label_col + 1
        self.rows.append(self.row)

    def _put(self, cell: Cell, after: Cell | None) -> None:
        """The cell into the current column; under stacked sub-rows, one cell to each (a unit printed once
        stands for all of them)."""
        if self.pos == self.label_col:
            self.row.label = cell
        elif not self.stack:
            self.row.cells[self.pos] = cell
        else:
            shared_unit = self.columns[self.pos].role == "unit" and self.filled == 0 and not (after is not None and is_unit(after.key))
            for sub in self.stack if shared_unit else self.stack[self.filled:self.filled + 1]:
                sub.cells[self.pos] = cell
            self.filled = len(self.stack) if shared_unit else self.filled + 1
            if self.filled < len(self.stack):
                return
            self.filled = 0
        self.pos += 1

    def _next_row_starts(self, cell: Cell, after: Cell | None) -> bool:
        """'8' after row 7, followed by a label: a new row, even where row 7 printed one cell too few."""
        if self.index_col is None or self.last_number is None or after is None or not is_index(cell.key):
            return False
        number = index_number(cell.key)
        return number == self.last_number + 1 and bool(LABEL_LIKE.search(after.key)) \
            and len(after.key) > LABEL_MIN_CHARS

    def finish(self) -> list[Row]:
        return [r for r in self.rows if r.label is not None and not r.label.empty]


def _has_digit(key: str) -> bool:
    return any(ch.isdigit() for ch in key)


def deal(cells: list[Cell], columns: list[Column]) -> Dealer:
    """Deal the cells to the columns, row after row, up to prose or a notes block at a row's start."""
    dealer = Dealer(columns)
    for k, cell in enumerate(cells):
        if dealer.ends_table(cell, cells[k + 1] if k + 1 < len(cells) else None):
            break
        dealer.add(cell, cells[k + 1] if k + 1 < len(cells) else None)
    return dealer


def assemble_rows(cells: list[Cell], columns: list[Column]) -> list[Row]:
    return deal(cells, columns).finish()


def find_cell_tables(doc: Text, key: str) -> list[Grid]:
    lines = key.split("\n")
    grids, i = [], 0
    while i < len(lines):
        header = find_header(lines, i)
        if header is None:
            i += 1
            continue
        dealer = deal(cell_lines(doc, lines, header), header.columns)
        grid = Grid(header.first_line, header.columns, dealer.finish(), dealer.last_line or header.end,
                    layout="cell_per_line", unit=header.unit)
        if grid.rows:
            grids.append(grid.place_cells())
        i = max(i + 1, grid.last_line)
    return grids
