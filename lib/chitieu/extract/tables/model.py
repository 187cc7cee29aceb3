"""The one table model every layout feeds: a `Grid` of header `Column`s and `Row`s of `Cell`s.

A layout finder (cell per line, '|' rules, aligned columns, rows of a plain list, years as rows, a scanned ruled
grid written as '|' rows) only decides where each cell stands; `records.grid_records` turns any grid into
records. A cell knows its text as printed and folded, the lines and offsets it spans, its column and row, and
(a cell read from a scanned grid) its box on the page.

    Grid(columns=[index, label, unit, target 2023, result 2023 (estimate), pct_plan])
      Row(index=Cell('1'), label=Cell('Thu ngân sách'), cells={2: Cell('Tỷ đồng'), 3: Cell('1.200'), ...})
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

Box = tuple[int, int, int, int]   # (x0, y0, x1, y1) in pixels of the page image (a scan read at 300 dpi)


@dataclass
class Cell:
    text: str      # as printed
    key: str       # folded (same length as text)
    line: int      # 1-based line of its first character
    start: int     # offsets in the document's text
    end: int
    col: int = -1                # column number in its grid (-1 until placed)
    row: int = -1                # row number in its grid (-1 until placed)
    box: Box | None = None       # where a scanned grid printed it

    @property
    def empty(self) -> bool:
        return not self.key.strip(" -–.")

    def joined(self, other: Cell) -> Cell:
        """This cell continued by `other` (a wrapped label, a value on the cell's second line)."""
        if self.empty:
            return other
        return replace(self, text=f"{self.text} {other.text}".strip(), key=f"{self.key} {other.key}".strip(),
                       end=max(self.end, other.end))


@dataclass(frozen=True)
class Column:
    role: str                    # one of reference.table_headers.ROLES, or "other"
    year: int | None = None      # the (last) year the header names: 'KH 2021 - 2025' -> 2025
    first_year: int | None = None
    estimate: bool = False       # 'Ước ...', 'BQ 2021-2023', 'Tăng bq' (a period average)
    header: str = ""             # the header's words, folded, its lines joined
    path: tuple[str, ...] = ()   # the header as printed, top line first ('Thực hiện', '2023')
    previous: bool = False       # 'Thực hiện cùng kỳ năm trước': the year before the reviewed one
    excess: bool = False         # 'Vượt so KH (%)': the % by which the plan was passed (100 + X)
    bare: bool = False           # a header that is only a year ('2021', 'Năm 2021'): a series value

    @property
    def period(self) -> bool:
        return self.first_year is not None and self.year is not None and self.first_year != self.year


LABEL = Column("label")   # the label column a header without 'Chỉ tiêu' leaves unnamed


@dataclass
class Row:
    index: Cell | None
    label: Cell | None
    cells: dict[int, Cell] = field(default_factory=dict)   # column number -> cell

    @property
    def first_line(self) -> int:
        lines = [c.line for c in self.all_cells()]
        return min(lines) if lines else 0

    def all_cells(self) -> list[Cell]:
        return [c for c in (self.index, self.label, *self.cells.values()) if c is not None]


@dataclass
class Grid:
    header_line: int
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    last_line: int = 0
    layout: str = ""             # the finder that read it: cell_per_line, piped, aligned, plain_rows, years_as_rows
    unit: str | None = None      # 'Đơn vị tính: ha' printed over the whole table

    @property
    def lines(self) -> range:
        return range(self.header_line, max(self.header_line, self.last_line) + 1)

    def place_cells(self) -> Grid:
        """Stamp every cell with its row and column number (the index and label cells with theirs)."""
        roles = [c.role for c in self.columns]
        index_col = roles.index("index") if "index" in roles else -1
        label_col = roles.index("label") if "label" in roles else -1
        for r, row in enumerate(self.rows):
            for k, cell in row.cells.items():
                cell.row, cell.col = r, k
            for cell, k in ((row.index, index_col), (row.label, label_col)):
                if cell is not None:
                    cell.row, cell.col = r, k
        return self
