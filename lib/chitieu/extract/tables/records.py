"""The one reader: the rows of any grid (model.Grid, whatever layout found it) become indicator records
(SCHEMA.md, "Tables"). The grid is first made ready (`prepare`: columns by content, years as rows turned,
rows that hold several indicators split). Each row then gives:
- its main record: the result column's value (actual; 'Ước' -> estimate) of the reviewed year, the plan
  column of the same year as its target, the % of plan ('Vượt so KH' 15,3 -> 115,3), the verdict (a verdict
  column, or a note that starts with one; a group row's verdict applies to its sub-rows), year columns as
  `series` (the plan column is the target, never a series value; a column that is only a year is a series
  value, never the actual); where the row's only value is a change of a '%' row, that change is its result;
- one record per change column: `.growth` where it says 'tăng / giảm' ('Tăng bq', 'giảm 12,5' read as -12,5),
  else `.vs_prev` ('% so cùng kỳ' 108,2: the value as a share of last year's);
- a next-term record per plan column of a later year or period ('KH 2021 - 2025'), keyed `tn<row>`;
- a record of its own for a second value in brackets ('1,2% (còn 3,5%)'), keyed `<row>.inner`.
Each record's `line` is the line of its own value cell, and a scanned cell's `box` goes with it. The time
(reviewed year, later columns) is read in `period`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Indicator
from ...read.text import Text
from ...reference import cues
from ...reference.ocrkey import fold
from ...reference.units import unit_at
from ...vocab import ActualKind, Operator, Section, Source
from ..concept_fit import Fit, apply, carried_in, column_claim, for_row
from ..metadata import DocumentMeta
from ..numbers import Quantity, find_quantities
from .lines import is_sub_index
from .model import Cell, Column, Grid, Row
from .period import column_year, future_years_as_targets, is_later, reviewed_year
from .prepare import is_sub_row, prepare
from .repair import repair_row_scale

UNIT_IN_LABEL = re.compile(r"\(([^()]{1,30})\)\s*$")   # 'Tỷ lệ hộ nghèo (%)': the unit in brackets after the label
SERIES_TABLE_YEARS = 3   # a table with this many year columns is a series: even one year's value is kept as one
PROSE_CELL_WORDS = 6     # a cell of more words is a sentence: only its numbers with a unit or an operator count
INNER = re.compile(r"\(([^()]*\d[^()]*)\)")           # '1,2% (còn 3,5%)': a second value in brackets
TITLE_LINES = 4          # a table's title stands in the lines just above its header
EXCESS_BASE = 100.0      # 'Vượt so KH (%)' 15,3: the plan passed by 15,3%, i.e. 115,3% of it


def _inner(key: str) -> tuple[str, re.Match | None]:
    """A cell's text with a bracketed second value blanked out, and that bracket ('3,2% (còn 21,5%)'); a cell
    that is all bracket ('(7 - 7,5)') keeps it."""
    m = INNER.search(key)
    if m is None or not (key[:m.start()] + key[m.end():]).strip():
        return key, None
    return key[:m.start()] + " " * (m.end() - m.start()) + key[m.end():], m


def cell_quantity(cell: Cell | None) -> tuple[Quantity | None, bool]:
    """The number a value cell holds and whether it is a fall ('giảm 12,5', '-8,4')."""
    if cell is None or cell.empty:
        return None, False
    key, _ = _inner(cell.key)
    prose = len(key.split()) > PROSE_CELL_WORDS
    qs = [q for q in find_quantities(key) if (not q.is_year or len(key.strip()) == len(q.literal))
          and (not prose or q.unit or q.op)]
    if not qs:
        return None, False
    q = qs[0]
    falls = cues.found("decrease", key[:q.start]) or key[:q.start].strip().endswith("-")
    return q, falls


def _inner_quantity(cell: Cell | None) -> Quantity | None:
    """'1,2% (còn 3,5%)': the bracketed second value of a cell that prints one before it."""
    m = _inner(cell.key)[1] if cell is not None and not cell.empty else None
    qs = find_quantities(cell.key, m.start(1), m.end(1)) if m else []
    return qs[0] if qs else None


def _verdict(cell: Cell | None, at_start: bool = False) -> str | None:
    if cell is None or cell.empty:
        return None
    if at_start:   # a note that opens with the verdict ('Vượt kế hoạch', 'Đạt 100% KH'), not one that cites it
        return next((status for role, status in cues.VERDICT_ROLES if cues.starts_with(role, cell.key)), None)
    return cues.verdict_of(cell.key, ("any",))


def _unit(row: Row, columns: list[Column], table_unit: str | None) -> str | None:
    for i, col in enumerate(columns):
        if col.role == "unit" and i in row.cells and not row.cells[i].empty:
            unit, _ = unit_at(row.cells[i].key, 0)
            if unit:
                return unit
            if row.cells[i].key.strip() in ("%", "phan tram"):
                return "%"
    m = UNIT_IN_LABEL.search(row.label.key) if row.label is not None else None
    unit = unit_at(m.group(1), 0)[0] if m else None
    return unit or table_unit


@dataclass
class RowKey:
    number: str
    sub: int = 0

    def __str__(self) -> str:
        return self.number + (f".{self.sub}" if self.sub else "")


def _record(doc: Text, row: Row, key: str, section: Section, cell: Cell, unit: str | None) -> Indicator:
    label = row.label
    line_text = doc.lines[cell.line - 1]
    return Indicator(doc=doc.doc_id, key=key, section=section, source=Source.TABLE, line=cell.line,
                     line_end=cell.line, char_start=min(label.start, cell.start) if label else cell.start,
                     char_end=max(cell.end, label.end if label else cell.end),
                     snippet=" ".join(((label.text + " | ") if label else "").split() + line_text.split())[:240],
                     name_raw=label.text.strip() if label else "", unit=unit,
                     box=list(cell.box) if cell.box else None)


def _set_target(ind: Indicator, q: Quantity) -> None:
    if q.is_range:
        ind.target_low, ind.target_high, ind.target_op = q.low, q.high, Operator.RANGE
    else:
        ind.target = q.value   # '10/12' in a target column: 10 of the 12 there are
        ind.target_op = q.op or Operator.EQ
    ind.literals += q.literals
    ind.ocr_repaired |= q.repaired


def _row_concept(row: Row, group_label: Cell | None, ind: Indicator, carried: str = "") -> Fit:
    """The row's own label; a sub-row ('- Nông, lâm, thủy sản') with its group's too ('Cơ cấu kinh tế'), and
    what a change column claims ('.growth' a growth, '.vs_prev' a % of the previous year)."""
    label = row.label.key if row.label else ""
    group = group_label.key if group_label is not None and is_sub_row(row) else ""
    return for_row(label, ind.unit, ind, group, column_claim(ind.key.rsplit(".", 1)[-1], ind.actual), carried)


@dataclass
class Reading:
    """What the reader knows of one grid while it reads its rows."""
    grid: Grid
    reviewed: int | None
    years: list[int | None]    # each column's year (period.column_year)
    values: dict[int, Quantity | None]
    falls: dict[int, bool]


def _change_kind(col: Column, cell: Cell) -> str:
    return "growth" if any(cues.found(w, text) for w in ("increase", "decrease") for text in (col.header, cell.key)) \
        else "vs_prev"


def row_records(doc: Text, reading: Reading, row: Row, rkey: RowKey, group_verdict: str | None,
                group_label: Cell | None = None, carried: str = "") -> list[Indicator]:
    """The records one row states (main, growth, next-term, inner), each on the line of its own cell."""
    grid, columns = reading.grid, reading.grid.columns
    unit = _unit(row, columns, grid.unit)
    main, used = _main_record(doc, reading, row, rkey, unit, group_verdict)
    out = [main] if main is not None else []
    for i, col in enumerate(columns):
        cell, q = row.cells.get(i), reading.values.get(i)
        if q is None:
            continue
        later = is_later(col, reading.reviewed)
        if col.role == "target" and later:
            ind = _record(doc, row, f"tn{rkey}", Section.TARGETS_NEXT, cell, q.unit or unit)
            _set_target(ind, q)
            out.append(ind)
        elif col.role == "change" and i != used:
            growth = _record(doc, row, f"{'tn' if later else 't'}{rkey}.{_change_kind(col, cell)}",
                             Section.TARGETS_NEXT if later else Section.RESULTS, cell, "%")
            if later:
                _set_target(growth, q)
            else:
                growth.actual = -q.value if reading.falls[i] and q.value is not None else q.value
                growth.actual_year, growth.literals = reading.reviewed, list(q.literals)
                growth.actual_kind = ActualKind.ESTIMATE if col.estimate else (
                    main.actual_kind if main is not None and main.actual_kind else
                    ActualKind.ESTIMATE if any(c.estimate for c in columns) else ActualKind.ACTUAL)
            out.append(growth)
        inner = _inner_quantity(cell) if col.role == "result" else None
        if inner is not None:
            extra = _record(doc, row, f"t{rkey}.inner", Section.RESULTS, cell, inner.unit or unit)
            extra.actual, extra.actual_year, extra.literals = inner.value, reading.years[i], list(inner.literals)
            extra.actual_kind = ActualKind.ESTIMATE if col.estimate else ActualKind.ACTUAL
            out.append(extra)
    for ind in out:
        apply(ind, _row_concept(row, group_label, ind, carried))
    return out


def _result_columns(reading: Reading) -> list[tuple[int, Column, int | None]]:
    return [(i, c, reading.years[i]) for i, c in enumerate(reading.grid.columns) if c.role == "result"
            and (reading.reviewed is None or reading.years[i] is None or reading.years[i] <= reading.reviewed)]


def _series(reading: Reading, results, actual_q, actual_year) -> dict[str, float | None]:
    singles = [(i, y) for i, c, y in results if y and not c.period]
    series = {str(y): reading.values[i].value for i, y in singles if reading.values.get(i) is not None} \
        if len({y for _, _, y in results}) > 1 else {}
    if actual_q is not None and list(series) == [str(actual_year)] and len(singles) < SERIES_TABLE_YEARS:
        return {}   # the reviewed year alone is the actual, not a series
    return series


def _status(row: Row, columns: list[Column], group_verdict: str | None) -> str | None:
    """The verdict column's word; else a note or a value cell that opens with one ('Vượt kế hoạch'; 'Chưa đạt'
    where the result's number should stand)."""
    verdicts = [_verdict(row.cells.get(i)) for i, c in enumerate(columns) if c.role == "verdict"]
    opening = [_verdict(row.cells.get(i), at_start=True) for i, c in enumerate(columns)
               if c.role == "note" or (c.role in ("result", "target") and cell_quantity(row.cells.get(i))[0] is None)]
    return next((v for v in verdicts + opening if v), None) or group_verdict


def _pct(reading: Reading, row: Row) -> tuple[Cell | None, float | None]:
    """The % of plan cell and what it says ('Vượt so KH' 15,3 -> 115,3)."""
    for i, c in enumerate(reading.grid.columns):
        q = reading.values.get(i)
        if c.role == "pct_plan" and q is not None and q.value is not None:
            return row.cells[i], EXCESS_BASE + q.value if c.excess else q.value
    return None, None


def _main_record(doc: Text, reading: Reading, row: Row, rkey: RowKey, unit: str | None,
                 group_verdict: str | None) -> tuple[Indicator | None, int | None]:
    """The row's result against its plan: actual, target of the same year, % of plan, verdict, series; and
    the column its actual came from."""
    columns, values = reading.grid.columns, reading.values
    results = _result_columns(reading)
    last_year = results[-1][2] if results else None
    reviewed = [(i, c) for i, c, y in results if y == last_year and not c.bare]   # '2023 (ước)', 'BQ 2021-2023'
    actual_i, actual_col = next(((i, c) for i, c in reversed(reviewed) if values.get(i) is not None),
                                reviewed[-1] if reviewed else (None, None))
    actual_q = values.get(actual_i)
    year = reading.years[actual_i] if actual_i is not None else None        # the reviewed column's year and
    estimate = actual_col is not None and actual_col.estimate               # kind, even for a change read below
    if actual_q is None and unit == "%":   # a '%' row whose only value is its change: that change is its result
        changes = [i for i, c in enumerate(columns) if c.role == "change" and values.get(i) is not None
                   and not is_later(c, reading.reviewed)]
        if len(changes) == 1:
            actual_i, actual_col, actual_q = changes[0], columns[changes[0]], values[changes[0]]
    actual_cell = row.cells.get(actual_i) if actual_q is not None else None
    series = _series(reading, results, actual_q, last_year)
    target_cell, target_q = None, None
    for i, c in enumerate(columns):
        if c.role == "target" and not is_later(c, reading.reviewed) and values.get(i) is not None:
            target_cell, target_q = row.cells[i], values[i]
    (pct_cell, pct), status = _pct(reading, row), _status(row, columns, group_verdict)
    if actual_q is None and target_q is None and pct is None and status is None and not series:
        return None, None
    anchor = actual_cell or target_cell or pct_cell or row.label \
        or next((c for c in row.cells.values() if not c.empty), None)
    if anchor is None:
        return None, None
    own = next((q.unit for q in (actual_q, target_q) if q is not None and q.unit), None)
    ind = _record(doc, row, f"t{rkey}", Section.RESULTS, anchor, own or unit)   # '94 %' in a cell: its own unit
    if actual_q is not None:
        falls = reading.falls.get(actual_i, False) and actual_col.role == "change"
        ind.actual = None if actual_q.is_range else (-actual_q.value if falls else actual_q.value)
        ind.actual_year = year or last_year
        ind.actual_kind = ActualKind.ESTIMATE if estimate or actual_col.estimate else ActualKind.ACTUAL
        ind.literals += actual_q.literals
        ind.ocr_repaired |= actual_q.repaired
    if target_q is not None:
        _set_target(ind, target_q)
    ind.achievement_pct, ind.status = pct, status
    if series:
        ind.series = series
    return ind, actual_i if actual_q is not None else None


def _reading(grid: Grid, row: Row, reviewed: int | None, years: list[int | None]) -> Reading:
    values, falls = {}, {}
    for i in row.cells:
        values[i], falls[i] = cell_quantity(row.cells[i])
    repair_row_scale(values, [i for i, c in enumerate(grid.columns) if c.role == "result"])
    return Reading(grid, reviewed, years, values, falls)


def grid_records(doc: Text, meta: DocumentMeta, grid: Grid) -> list[Indicator]:
    """Every row's records, numbering sub-rows under their group ('t3.1', 't3.2')."""
    grid = prepare(grid)
    grid.columns = future_years_as_targets(grid.columns, meta)
    reviewed = reviewed_year(grid.columns, meta)
    years = [column_year(c, reviewed) for c in grid.columns]
    out: list[Indicator] = []
    group, sub, group_verdict, group_label, auto = "", 0, None, None, 0
    numbered = any(c.role == "index" for c in grid.columns)
    carried = _title_measure(doc, grid)   # the measure a row names for the rows under it, first the title's
    for k, row in enumerate(grid.rows):
        carried = (carried_in(row.label.key) if row.label is not None else "") or carried
        number = row.index.key.strip(" .") if row.index is not None and not row.index.empty else None
        if number is None and not numbered and not is_sub_row(row):
            auto += 1
            number = str(auto)   # a table without a number column: its rows counted
        reading = _reading(grid, row, reviewed, years)
        if number is not None and not (row.index is not None and is_sub_index(row.index.key)):
            group, sub, group_label = number, 0, row.label
            group_verdict = None
            rkey = RowKey(group)
            if _is_group_header(reading, row, grid.rows[k + 1:k + 2]):
                group_verdict = _status(row, grid.columns, None)   # one verdict cell for the group: each sub-row's
                continue
        else:
            sub += 1
            rkey = RowKey(group or "", sub)
        out += row_records(doc, reading, row, rkey, group_verdict if sub else None, group_label, carried)
    return out


def _title_measure(doc: Text, grid: Grid) -> str:
    """The price basis the table's title names for all its rows ('Tổng sản phẩm ... theo giá so sánh 2010
    phân theo khu vực kinh tế' over sector columns)."""
    above = doc.lines[max(0, grid.header_line - 1 - TITLE_LINES):max(0, grid.header_line - 1)]
    return carried_in(fold(" ".join(above)))


def _is_group_header(reading: Reading, row: Row, following: list[Row]) -> bool:
    """A numbered row with no value of its own, followed by sub-rows that print no number."""
    has_value = any(not row.cells[i].empty for i, c in enumerate(reading.grid.columns)
                    if c.role in ("result", "target", "pct_plan", "change") and i in row.cells)
    return not has_value and bool(following) and (following[0].index is None or following[0].index.empty)
