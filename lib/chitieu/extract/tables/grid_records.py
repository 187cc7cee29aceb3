"""Rows of a table, whatever its layout, become indicator records (SCHEMA.md, "Tables").

A layout finder (cell_per_line: one cell per line; aligned: rows with '|' rules or aligned columns) gives
a `Grid`: header columns (table_headers.Column) and rows of cells by column. Here each row becomes:
- its main record: the result column's value (actual; 'Ước' -> estimate), the plan column of the same year
  as its target, the % of plan, the verdict (a group row's verdict applies to its sub-rows), year columns
  as `series` (the plan column is the target, never a series value);
- one record per change column: `.growth` where it says 'tăng / giảm' ('Tăng bq', 'giảm 12,5' read as -12,5),
  else `.vs_prev` ('% so cùng kỳ' 108,2: the value as a share of last year's);
- a next-term record per plan column of a later year or period ('KH 2021 - 2025'), keyed `tn<row>`.
Each record's `line` is the line of its own value cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import Indicator
from ...read.text import Text
from ...reference import cues
from ...reference.units import unit_at
from ...vocab import ActualKind, Operator, Section, Source
from ..concept_fit import Fit, apply, carried_in, column_claim, for_row
from ..metadata import DocumentMeta
from ..numbers import Quantity, find_quantities
from .headers import Column

UNIT_IN_LABEL = re.compile(r"\(([^()]{1,30})\)\s*$")   # 'Tỷ lệ hộ nghèo (%)': the unit in brackets after the label
SERIES_TABLE_YEARS = 3   # a table with this many year columns is a series: even one year's value is kept as one
SUB_ROW = re.compile(r"\s*(?:[-–+*•]|[a-h]\)|trong\s+do\s*:?)")  # '- Nông nghiệp', '+ Riêng công nghiệp'


@dataclass
class Cell:
    text: str      # as printed
    key: str       # folded
    line: int
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return not self.key.strip(" -–.")


@dataclass
class Row:
    index: Cell | None
    label: Cell | None
    cells: dict[int, Cell] = field(default_factory=dict)   # column number -> cell

    @property
    def first_line(self) -> int:
        lines = [c.line for c in (self.index, self.label, *self.cells.values()) if c is not None]
        return min(lines) if lines else 0


@dataclass
class Grid:
    header_line: int
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    last_line: int = 0


def cell_quantity(cell: Cell | None) -> tuple[Quantity | None, bool]:
    """The number a value cell holds and whether it is a fall ('giảm 12,5', '-8,4')."""
    if cell is None or cell.empty:
        return None, False
    qs = [q for q in find_quantities(cell.key) if not q.is_year or len(cell.key.strip()) == len(q.literal)]
    if not qs:
        return None, False
    q = qs[0]
    falls = cues.found("decrease", cell.key[:q.start]) or cell.key[:q.start].strip().endswith("-")
    return q, falls


def _verdict(cell: Cell | None) -> str | None:
    if cell is None or cell.empty:
        return None
    return cues.verdict_of(cell.key, ("any",))


def _unit(row: Row, columns: list[Column]) -> str | None:
    for i, col in enumerate(columns):
        if col.role == "unit" and i in row.cells and not row.cells[i].empty:
            unit, _ = unit_at(row.cells[i].key, 0)
            if unit:
                return unit
            if row.cells[i].key.strip() in ("%", "phan tram"):
                return "%"
    if row.label is not None:
        m = UNIT_IN_LABEL.search(row.label.key)
        if m:
            return unit_at(m.group(1), 0)[0]
    return None


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
                     line_end=cell.line, char_start=label.start if label else cell.start, char_end=cell.end,
                     snippet=" ".join(((label.text + " | ") if label else "").split() + line_text.split())[:240],
                     name_raw=label.text.strip() if label else "", unit=unit)


def _set_target(ind: Indicator, q: Quantity) -> None:
    if q.is_range:
        ind.target_low, ind.target_high, ind.target_op = q.low, q.high, Operator.RANGE
    else:
        ind.target = q.pair_target if q.pair_target is not None else q.value
        ind.target_op = q.op or Operator.EQ
    ind.literals += q.literals
    ind.ocr_repaired |= q.repaired


def _result_year(columns: list[Column], meta: DocumentMeta) -> int | None:
    years = [c.year for c in columns if c.role == "result" and c.year]
    return max(years) if years else (meta.year_reviewed or meta.period_end)


def _row_concept(row: Row, group_label: Cell | None, ind: Indicator, carried: str = "") -> Fit:
    """The row's own label; a sub-row ('- Nông, lâm, thủy sản') with its group's too ('Cơ cấu kinh tế'), and
    what a change column claims ('.growth' a growth, '.vs_prev' a % of the previous year)."""
    label = row.label.key if row.label else ""
    group = group_label.key if group_label is not None and SUB_ROW.match(label) else ""
    return for_row(label, ind.unit, ind, group, column_claim(ind.key.rsplit(".", 1)[-1], ind.actual), carried)


def row_records(doc: Text, meta: DocumentMeta, grid: Grid, row: Row, rkey: RowKey,
                group_verdict: str | None, group_label: Cell | None = None, carried: str = "") -> list[Indicator]:
    """The records one row states (main, growth, next-term), each on the line of its own cell."""
    columns = grid.columns
    unit = _unit(row, columns)
    year = _result_year(columns, meta)
    main = _main_record(doc, row, rkey, columns, unit, year, group_verdict)
    out = [main] if main is not None else []
    for i, col in enumerate(columns):
        cell = row.cells.get(i)
        q, falls = cell_quantity(cell)
        if q is None:
            continue
        later = year is not None and (col.first_year or col.year or 0) > year   # 'KH 2021-2025' after 2020
        if col.role == "target" and later:
            ind = _record(doc, row, f"tn{rkey}", Section.TARGETS_NEXT, cell, unit)
            _set_target(ind, q)
            out.append(ind)
        elif col.role == "change":
            kind = "growth" if cues.found("increase", col.header) or cues.found("decrease", col.header) \
                or cues.found("increase", cell.key) or cues.found("decrease", cell.key) else "vs_prev"
            growth = _record(doc, row, f"{'tn' if later else 't'}{rkey}.{kind}",
                             Section.TARGETS_NEXT if later else Section.RESULTS, cell, "%")
            if later:
                _set_target(growth, q)
            else:
                growth.actual = -q.value if falls and q.value is not None else q.value
                growth.actual_year, growth.literals = year, list(q.literals)
                growth.actual_kind = main.actual_kind if main is not None and main.actual_kind else (
                    ActualKind.ESTIMATE if any(c.estimate for c in columns) else ActualKind.ACTUAL)
            out.append(growth)
    for ind in out:
        apply(ind, _row_concept(row, group_label, ind, carried))
    return out


def _main_record(doc: Text, row: Row, rkey: RowKey, columns: list[Column], unit: str | None, year: int | None,
                 group_verdict: str | None) -> Indicator | None:
    """The row's result against its plan: actual, target of the same year, % of plan, verdict, series."""
    results = [(i, c) for i, c in enumerate(columns) if c.role == "result"
               and (year is None or c.year is None or c.year <= year)]
    values = {i: cell_quantity(row.cells.get(i))[0] for i, _ in results}
    last_year = results[-1][1].year if results else None
    reviewed = [(i, c) for i, c in results if c.year == last_year]   # '2023 (ước)' and 'BQ 2021-2023' alike
    actual_col_i, actual_col = next(((i, c) for i, c in reversed(reviewed) if values.get(i) is not None),
                                    reviewed[-1] if reviewed else (None, None))
    actual_q = values.get(actual_col_i)
    actual_cell = row.cells.get(actual_col_i) if actual_q is not None else None
    singles = [(i, c) for i, c in results if c.year and not c.period]
    series = {str(c.year): values[i].value for i, c in singles if values.get(i) is not None} \
        if len({c.year for _, c in results}) > 1 else {}
    if actual_q is not None and list(series) == [str(actual_col.year)] and len(singles) < SERIES_TABLE_YEARS:
        series = {}   # the reviewed year alone is the actual, not a series
    target_cell, target_q = None, None
    for i, c in enumerate(columns):
        if c.role == "target" and (year is None or (c.first_year or c.year or 0) <= year):
            q, _ = cell_quantity(row.cells.get(i))
            if q is not None:
                target_cell, target_q = row.cells[i], q
    pct_q = next((cell_quantity(row.cells.get(i))[0] for i, c in enumerate(columns)
                  if c.role == "pct_plan" and cell_quantity(row.cells.get(i))[0] is not None), None)
    verdict_cells = [row.cells.get(i) for i, c in enumerate(columns) if c.role == "verdict"]
    status = next((v for v in map(_verdict, verdict_cells) if v), None) or group_verdict
    if actual_q is None and target_q is None and pct_q is None and status is None and not series:
        return None
    anchor = actual_cell or row.label or target_cell or next((c for c in row.cells.values() if not c.empty), None)
    if anchor is None:
        return None
    ind = _record(doc, row, f"t{rkey}", Section.RESULTS, anchor, unit)
    if actual_q is not None:
        ind.actual = actual_q.value if not actual_q.is_range else None
        ind.actual_year = actual_col.year or year
        ind.actual_kind = ActualKind.ESTIMATE if actual_col.estimate else ActualKind.ACTUAL
        ind.literals += actual_q.literals
        ind.ocr_repaired |= actual_q.repaired
    if target_q is not None:
        _set_target(ind, target_q)
    if pct_q is not None and pct_q.value is not None:
        ind.achievement_pct = pct_q.value
    ind.status = status
    if series:
        ind.series = series
    return ind


def grid_records(doc: Text, meta: DocumentMeta, grid: Grid) -> list[Indicator]:
    """Every row's records, numbering sub-rows under their group ('t3.1', 't3.2')."""
    out: list[Indicator] = []
    group, sub, group_verdict, group_label = "", 0, None, None
    carried = ""   # the measure a row names for the rows under it   e.g. 'GRDP giá hiện hành'
    for k, row in enumerate(grid.rows):
        carried = carried_in(row.label.key) if row.label is not None and carried_in(row.label.key) else carried
        number = row.index.key.strip(" .") if row.index is not None and not row.index.empty else None
        if number is not None and not SUB_ROW.match(row.index.key):
            group, sub, group_label = number, 0, row.label
            group_verdict = None
            rkey = RowKey(group)
            if _is_group_header(row, grid, grid.rows[k + 1:k + 2]):
                group_verdict = _row_verdict(row, grid)   # one verdict cell for the group: each sub-row's
                continue
        else:
            sub += 1
            rkey = RowKey(group or "", sub)
        out += row_records(doc, meta, grid, row, rkey, group_verdict if sub else None, group_label, carried)
    return out


def _row_verdict(row: Row, grid: Grid) -> str | None:
    verdicts = [_verdict(row.cells.get(i)) for i, c in enumerate(grid.columns) if c.role == "verdict"]
    return next((v for v in verdicts if v), None)


def _is_group_header(row: Row, grid: Grid, following: list[Row]) -> bool:
    """A numbered row with no value of its own, followed by sub-rows that print no number."""
    values = [c for i, c in row.cells.items() if grid.columns[i].role in ("result", "target", "pct_plan", "change")
              and not c.empty]
    return not values and bool(following) and (following[0].index is None or following[0].index.empty)
