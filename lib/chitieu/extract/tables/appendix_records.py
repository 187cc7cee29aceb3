"""Appendix tables (PHỤ LỤC): rows of a label, a unit and value cells, often with year columns.

A table starts at a header line ('TT ... chỉ tiêu ...'); its years (2020 2021 ... in the header) name the
series columns. Each row's cells are read from the right end of its line: numbers, '-' placeholders,
bounds ('Trên 80', '<2'), ranges ('2-3') and a trailing verdict ('Đạt', OCR 'Pat'). The first cell is
the resolution's target. Which cell holds the result and which the % of target is learnt per table
from the rows that the prose also states (same values), else taken from the header's layout.
OCR damage ('9465' for 94,65; '26' for 86) is repaired only when neighbouring cells or the prose
agree, and the record keeps the printed literal and says `ocr_repaired`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from ...model import Indicator
from ...read.text import Text
from ...reference import cues
from ...reference.concept_match import match_key
from ...reference.concepts import concepts_by_code
from ...vocab import close
from ..concept_fit import Fit, apply, for_row
from ..metadata import DocumentMeta
from ..numbers import parse_number
from .appendix import Table, find_tables
from .appendix_cells import Cell, Row
from .appendix_repair import prune_rows, repair_cells, repair_percent, repair_scale
from .period import appendix_year, value_still_open
from .prose_link import ProseIndex, reconcile

SPACES = re.compile(r"\s+")

LABEL_TARGET = re.compile(r"(?:it\s+nhat|toi\s+thieu|tren|dat)\s+(\d[\d.,]*)\s*%")  # '... đạt ít nhất 80%'

AT_LEAST = re.compile(r"it\s+nhat|toi\s+thieu")

TARGET_IN_WORDS = re.compile(r"dat\s+chi\s+ti|giao")  # 'đạt chỉ tiêu giao': a target stated in words

def table_indicators(doc: Text, key: str, meta: DocumentMeta, prose: list[Indicator],
                     tables: list[Table] | None = None) -> list[Indicator]:
    out: list[Indicator] = []
    for table in find_tables(doc, key, meta) if tables is None else tables:
        out += _table_to_indicators(doc, meta, table, prose)
    return out

@dataclass
class Layout:
    """Where a table keeps its result and its % of target (learnt from the rows the prose also states)."""

    actual_col: int
    pct_col: int | None

def _row_numbers(rows: list[Row]):
    """(row, its group's number, its index under the group) for rows with cells."""
    group_no, sub_i = None, 0
    for r in rows:
        if r.number is not None:
            group_no, sub_i = r.number, 0
        if not r.cells:
            continue
        sub_i += 1
        yield r, (r.number if r.number is not None else group_no), (sub_i if r.number is None else 1)

def learn_layout(rows: list[Row], table: Table, candidates: ProseIndex) -> Layout:
    """The result and %-of-target columns: where the values of the rows the prose also states sit."""
    actual_pos: Counter = Counter()
    pct_pos: Counter = Counter()
    for r, number, sub in _row_numbers(rows):
        concept, _ = match_key(r.label_key, r.unit)
        vals = [c.value for c in r.cells if c.value is not None]
        link = candidates.link(number, sub, vals, concept.code if concept else None)
        if link is None:
            continue
        for idx, c in enumerate(r.cells):
            if idx and link.actual is not None and close(c.value, link.actual):
                actual_pos[idx] += 1
            if idx and link.achievement_pct is not None and close(c.value, link.achievement_pct):
                pct_pos[idx] += 1
    nyb = len(table.years_before)
    a_col = actual_pos.most_common(1)[0][0] if actual_pos else (nyb if nyb else 1)
    p_col = pct_pos.most_common(1)[0][0] if pct_pos else None
    return Layout(a_col, p_col)

def repair_with_layout(rows: list[Row], table: Table, layout: Layout) -> None:
    """With the columns known: the % of target column read on its 0-300 scale, other cells by their row."""
    p_col = layout.pct_col
    for r in rows:
        if p_col is not None and len(r.cells) > p_col:
            repair_percent(r.cells[p_col])
        tail = set(range(p_col, len(r.cells))) - set(range(p_col + 1, p_col + 1 + len(table.years_after))) \
            if p_col is not None else set()
        repair_scale(r.cells, tail)

def _table_to_indicators(doc, meta, table: Table, prose) -> list[Indicator]:
    """find -> prune -> repair -> learn the columns -> repair again -> one record per row."""
    candidates = ProseIndex([p for p in prose if p.section == table.section])
    rows, modal = prune_rows(table)
    repair_cells(rows, modal)
    layout = learn_layout(rows, table, candidates)
    repair_with_layout(rows, table, layout)
    out = []
    group_verdicts = _group_verdicts(rows)
    results = ProseIndex([p for p in prose if p.section == "results"]) if table.section == "targets_next" else None
    for r, number, sub in _row_numbers(rows):
        ind = row_indicator(doc, meta, table, r, number, sub, layout, candidates, group_verdicts.get(id(r)))
        out.append(ind)
        if results is not None and ind.actual is not None:
            out.append(_baseline(ind, number, sub, results, meta))
    return out


def _baseline(ind: Indicator, number: int | None, sub: int, results: ProseIndex, meta: DocumentMeta) -> Indicator:
    """A next-term table's value already reached ('Kết quả đã thực hiện') is a result of the reviewed period, a
    record of its own beside the target (SCHEMA.md, Time): `<key>.baseline`; the target record keeps no actual."""
    year = appendix_year(meta)
    base = replace(ind, key=f"{ind.key}.baseline", section="results", target=None, target_low=None, target_high=None,
                   target_op=None, achievement_pct=None, status=None, actual_year=year, repairs=list(ind.repairs),
                   actual_kind="estimate" if value_still_open(meta, year) else "actual")
    ind.actual = ind.actual_year = ind.actual_kind = None
    link = results.link(number, sub, [base.actual], base.concept)
    if link is not None:
        reconcile(base, link)
    return base

def _group_verdicts(rows: list[Row]) -> dict[int, str | None]:
    """The verdict of the group row each row falls under ('12 Tỷ lệ huy động ... Đạt' for its sub-rows)."""
    out, verdict = {}, None
    for r in rows:
        if r.number is not None:
            verdict = r.verdict
        out[id(r)] = verdict
    return out

def _new_row_indicator(doc: Text, table: Table, r: Row, number: int | None, sub: int) -> Indicator:
    prefix = "t" if table.section == "results" else "tn"
    key = f"{prefix}{number if number is not None else ''}" + (f".{sub}" if r.number is None else "")
    return Indicator(doc=doc.doc_id, key=key, section=table.section, source="table", line=r.line, line_end=r.line,
                     char_start=doc.line_starts[r.line - 1], char_end=doc.line_span(r.line)[1],
                     snippet=SPACES.sub(" ", doc.lines[r.line - 1]).strip()[:240], name_raw=r.label,
                     unit=r.unit, literals=[c.literal for c in r.cells])

def _target_from_label(r: Row, cells: list[Cell], section: str) -> tuple[Cell | None, list[Cell]]:
    """The target cell; in a next-term table a label that states the target ('đạt ít nhất 80%') gives it."""
    target_cell = cells[0] if cells else None
    label_q = LABEL_TARGET.search(r.label_key)
    if section == "targets_next" and label_q and len(cells) >= 1:
        num = parse_number(label_q.group(1))
        op = ">=" if AT_LEAST.search(label_q.group()) else (">" if "tren" in label_q.group() else "=")
        if num and (len(cells) < 2 or not close(cells[0].value, num.value)):
            target_cell = Cell("num", label_q.group(1), num.value, op=op)
            cells = [target_cell] + cells
        elif num:
            target_cell.op = op
    return target_cell, cells

def _set_target_and_actual(ind: Indicator, r: Row, cells: list[Cell], target_cell: Cell | None, section: str,
                           layout: Layout) -> None:
    if target_cell is not None:
        if target_cell.kind == "range":
            ind.target_low, ind.target_high, ind.target_op = target_cell.low, target_cell.high, "range"
        elif target_cell.value is not None:
            ind.target, ind.target_op = target_cell.value, target_cell.op or "="
    # one value and a target stated only in words ('đạt chỉ tiêu giao'): the value is the result reached
    if (section == "targets_next" and len(cells) == 1 and target_cell is cells[0] and "%" not in r.label_key
            and TARGET_IN_WORDS.search(r.label_key) and target_cell.kind == "num"):
        ind.actual, ind.target, ind.target_op = target_cell.value, None, None
    if cues.found("none_left_label", r.label_key) and ind.target is None and section == "targets_next":
        ind.target, ind.target_op = 0.0, "="
        if cells and cells[0].value is not None:
            ind.actual = cells[0].value
    ac = cells[layout.actual_col] if len(cells) > layout.actual_col else None
    if ind.actual is None and ac is not None and ac.kind in ("num", "bound") and ac is not target_cell:
        ind.actual = ac.value
        ind.ocr_repaired |= ac.repaired
    p_col = layout.pct_col
    if p_col is not None and len(cells) > p_col and cells[p_col].kind == "num":
        ind.achievement_pct = cells[p_col].value
        ind.ocr_repaired |= cells[p_col].repaired

def _set_series(ind: Indicator, cells: list[Cell], table: Table, layout: Layout, meta: DocumentMeta) -> None:
    """Year columns as the series; without a result column, the last reported year is the actual."""
    nyb = len(table.years_before)
    if not (nyb or table.years_after):
        return
    series = {}
    for j, y in enumerate(table.years_before):
        c = cells[1 + j] if len(cells) > 1 + j else None
        series[str(y)] = c.value if c is not None and c.kind == "num" else None
    for j, y in enumerate(table.years_after):
        idx = (layout.pct_col if layout.pct_col is not None else layout.actual_col + 1) + 1 + j
        c = cells[idx] if len(cells) > idx else None
        series[str(y)] = c.value if c is not None and c.kind == "num" else None
    ind.series = series
    ind.ocr_repaired |= any(c.repaired for c in cells[1:1 + nyb])
    if ind.actual is None:
        last = appendix_year(meta) or 9999
        if str(last) in series:
            return   # the reviewed year has its own column: its empty cell is no result (SCHEMA.md, Tables)
        reported = [(int(y), v) for y, v in series.items() if v is not None and int(y) <= last]
        if reported:
            ind.actual_year, ind.actual = reported[-1]

def _concept_and_link(ind: Indicator, r: Row, cells: list[Cell], number, sub: int, candidates: ProseIndex):
    """The row's concept, checked against the prose statement it restates (which may repair its value)."""
    found = for_row(r.label_key, ind.unit, ind)
    if found.concept is None and r.follow:
        found = for_row(r.label_key + " " + r.follow, ind.unit, ind)
    concept = found.concept
    vals = [c.value for c in cells if c.value is not None]
    link = candidates.link(number, sub, vals, concept.code if concept else None)
    if link is not None:
        reconcile(ind, link)
        if concept is None or (link.concept and link.concept != concept.code and not _unit_says(ind, concept)):
            found = Fit(concepts_by_code().get(link.concept), 0.6) if link.concept else found
    return found, link

def row_indicator(doc: Text, meta: DocumentMeta, table: Table, r: Row, number, sub: int, layout: Layout,
                  candidates: ProseIndex, group_verdict: str | None) -> Indicator:
    """One row's record: target, result, % of target, series, verdict, concept and the prose it restates."""
    ind = _new_row_indicator(doc, table, r, number, sub)
    target_cell, cells = _target_from_label(r, r.cells, table.section)
    _set_target_and_actual(ind, r, cells, target_cell, table.section, layout)
    _set_series(ind, cells, table, layout, meta)
    ind.status = r.verdict or group_verdict
    found, link = _concept_and_link(ind, r, cells, number, sub, candidates)
    if ind.actual is not None:
        if ind.actual_year is None:
            ind.actual_year = link.actual_year if link is not None and link.actual is not None else appendix_year(meta)
        if ind.actual_kind is None:
            ind.actual_kind = link.actual_kind if link is not None and link.actual_kind else (
                "estimate" if table.section == "targets_next" else "actual")
    apply(ind, found)
    return ind

def _unit_says(ind: Indicator, concept) -> bool:
    return bool(ind.unit and concept.unit and ind.unit == concept.unit)
