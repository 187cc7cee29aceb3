"""Tables printed with years as rows and indicators as columns, as statistical yearbooks print them:

    Cột: Tổng số | Nông, lâm nghiệp và thủy sản | Công nghiệp và xây dựng     Năm    GRDP (tỷ đồng)   Tăng (%)
    Triệu đồng                                                                2021   45.000           6,5
    2010 27.065.153 4.647.597 13.405.944                                      2022   48.100           6,9

The columns are named by a legend ('Cột:' then names split at '|', over as many lines as it takes) or by a
header line whose first cell is 'Năm' (cells split at '|' or at two spaces). Each line that starts with a year
is a row of values, read in the order of the names. The finder gives a grid of years as rows; `prepare`
sees where the years stand and turns it (each indicator a row, each year a series column).
"""

from __future__ import annotations

import re

from ...read.text import Text
from .headers import starts_with_word
from .lines import table_unit
from .model import LABEL, Cell, Column, Grid, Row

YEAR_ROW = re.compile(r"\s*\|?\s*((?:19|20)\d\d)\b\s*\|?")      # '2010 27.065.153 ...', '| 2021 | 45.000 |'
LEGEND_HEAD = re.compile(r"\s*[a-z]+\s*:\s*")                     # 'Cột: '
VALUE = re.compile(r"[^\s|]+")                                    # one value of a row: '27.065.153', '-'
RUN = re.compile(r"[^\s|](?:[^|]*?[^\s|])?(?=\s{2,}|\s*\||\s*$)")   # a cell between '|' or two spaces
MIN_COLUMNS = 2
MAX_LEGEND_LINES = 6
MAX_GAP = 4        # lines (a unit line, blank lines) between the names and the first year row


def _legend(lines: list[str], i: int) -> tuple[int, int] | None:
    """'Cột: A | B | C' from line i on (joined until a blank line): where the names start on line i, and the
    index of the line after them."""
    head = LEGEND_HEAD.match(lines[i])
    if head is None or not starts_with_word("legend", lines[i][:head.end()]):
        return None
    j = i + 1
    while j < len(lines) and j < i + MAX_LEGEND_LINES and lines[j].strip() and not YEAR_ROW.match(lines[j]):
        j += 1
    return head.end(), j


def _header_cells(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in RUN.finditer(line)]


def _years_head(key: str) -> list[tuple[int, int]] | None:
    """'Năm   GRDP (tỷ đồng)   Tăng (%)': a header whose first cell is the year's; the other cells' spans."""
    cells = _header_cells(key)
    if len(cells) < 1 + MIN_COLUMNS:
        return None
    a, b = cells[0]
    if not starts_with_word("year_head", key[a:b]) or len(key[a:b].split()) > 2:
        return None
    return cells[1:]


def _names(doc: Text, key: str, lines: list[str], i: int) -> tuple[list[tuple[str, str]], int, bool] | None:
    """The indicators' names (printed, folded) standing at line index i, the line after them, and whether
    they came from a legend (then a row's values are split at every space)."""
    found = _legend(lines, i)
    if found is not None:
        head, end = found
        start_off, end_off = doc.line_starts[i] + head, doc.line_span(end)[1]
        text, folded = doc.text[start_off:end_off], key[start_off:end_off]
        names = [(" ".join(t.split()), " ".join(f.split())) for t, f in zip(text.split("|"), folded.split("|"),
                                                                        strict=True)]
        return [n for n in names if n[1]], end, True
    spans = _years_head(lines[i])
    if spans is None:
        return None
    raw = doc.lines[i]
    return [(raw[a:b].strip(), lines[i][a:b].strip()) for a, b in spans], i + 1, False


def _row_cells(doc: Text, key_line: str, lineno: int, by_space: bool) -> tuple[Cell, list[Cell]]:
    """A year row's year cell and its values, in order: every space apart (under a legend), else between
    '|' or two spaces."""
    start = doc.line_starts[lineno - 1]
    raw = doc.lines[lineno - 1]
    m = YEAR_ROW.match(key_line)
    year = Cell(m.group(1), m.group(1), lineno, start + m.start(1), start + m.end(1))
    spans = [v.span() for v in VALUE.finditer(key_line, m.end())] if by_space else \
        [(a, b) for a, b in _header_cells(key_line) if a >= m.end()]
    return year, [Cell(raw[a:b], key_line[a:b], lineno, start + a, start + b) for a, b in spans]


def find_year_rows(doc: Text, key: str, taken: set[int] = frozenset()) -> list[Grid]:
    """Tables with years as rows (see the module's docstring), as grids of years as rows."""
    lines = key.split("\n")
    grids, i = [], 0
    while i < len(lines):
        found = _names(doc, key, lines, i) if i + 1 not in taken else None
        if found is None or len(found[0]) < MIN_COLUMNS:
            i += 1
            continue
        names, j, by_space = found
        unit, names_end = None, j
        while j < len(lines) and j < names_end + MAX_GAP and not YEAR_ROW.match(lines[j]):
            unit = unit or table_unit(lines[j])
            j += 1
        columns = [LABEL] + [Column("other", header=f, path=(t,)) for t, f in names]
        grid = Grid(i + 1, columns, layout="years_as_rows", unit=unit)
        while j < len(lines) and YEAR_ROW.match(lines[j]):
            year, cells = _row_cells(doc, lines[j], j + 1, by_space)
            grid.rows.append(Row(None, year, {1 + k: c for k, c in enumerate(cells[:len(names)])}))
            grid.last_line = j + 1
            j += 1
        if len(grid.rows) >= MIN_COLUMNS:
            grids.append(grid.place_cells())
            i = grid.last_line
        else:
            i += 1
    return grids

