"""Finding appendix tables (PHỤ LỤC) line by line: a header line ('TT ... chỉ tiêu ...') starts one, its years
name the series columns, rows join it, label lines wait for their row, a long run of prose ends it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...read.text import Text
from ...reference.units import unit_at
from ..metadata import DocumentMeta
from .appendix_cells import Cell, Row, parse_tail, row_number
from .period import YEAR, appendix_section, split_years

TABLE_HEADER = re.compile(r"(?<![a-z])(?:tt|stt)(?![a-z]).*(?:chi\s+ti|ten\s+chi)")

TABLE_GAP = 15  # non-empty lines without a row that end a table

HEADER_TITLE_LINES = 4   # the table's title stands in the lines just above its header

HEADER_YEAR_LINES = 4    # the header's year columns may wrap over this many lines

KHO_ABOVE = re.compile(r"(?<![a-z])kho\s*$")       # 'Khó' printed on the line above 'đạt'

ROW_START = re.compile(r"\s*(\d|-)")               # a line that starts the next row, not the label's tail

UNIT_BRACKET = re.compile(r"\(([^()]*)\)\s*[;.]?\s*$")  # 'Tỷ lệ che phủ rừng (%)': the unit in brackets

HEADER_WORDS = re.compile(r"nghi\s+quy|thuc\s+hi|danh\s+gia|du\s+b|so\s+s|nhi[a-z]*m\s+k|de\s+ra|ket\s+qua|"
                          r"tinh\s+20|^\s*ra\s|dvt|pvt")  # words of a header's continuation lines

NUMBERED_ROW = re.compile(r"\s*\d{1,2}\s*[.|]")     # '3.' / '3 |': a row, not a header line

@dataclass
class Table:
    header_line: int
    section: str
    years_before: list[int]
    years_after: list[int]
    rows: list[Row] = field(default_factory=list)

class _TableReader:
    """Reads a report line by line: a header starts a table, rows join it, label lines wait for their row,
    a group row's verdict waits for its sub-rows, and a long run of prose ends it."""

    def __init__(self, doc: Text, key: str, meta: DocumentMeta):
        self.lines, self.klines, self.meta = doc.lines, key.split("\n"), meta
        self.tables: list[Table] = []
        self.current: Table | None = None
        self.pending_label: list[str] = []
        self.pending_keys: list[str] = []
        self.pending_verdict: str | None = None
        self.quiet = 0  # non-empty lines since the last row

    def start_table(self, i: int) -> int:
        """A header at line index i: the table's section and year columns; returns the first row's index."""
        klines = self.klines
        title = " ".join(klines[max(0, i - HEADER_TITLE_LINES):i])   # 'KẾT QUẢ CÁC CHỈ TIÊU NHIỆM KỲ 2020 - 2025'
        years = [int(y) for y in YEAR.findall(" ".join(klines[i:i + HEADER_YEAR_LINES]))]
        section = appendix_section(title, self.meta) if YEAR.search(title) else "results"
        before, after = split_years(years, self.meta)
        self.current = Table(i + 1, section, before, after)
        self.tables.append(self.current)
        self.pending_label, self.pending_keys, self.quiet = [], [], 0
        i += 1
        while i < len(self.lines) and _header_like(klines[i]):
            i += 1   # the rest of the header (lines without a row of values)
        return i

    def read_line(self, i: int) -> None:
        k, line = self.klines[i], self.lines[i]
        if k.strip():
            self.quiet += 1
            if self.quiet > TABLE_GAP:
                self.current = None  # prose again: the table ended a while ago
                return
        label_end, cells, verdict = parse_tail(k)
        label = line[:label_end].strip()
        values = [c for c in cells if c.kind not in ("dash", "qualitative")]
        number, sub, rest = row_number(label)
        if _is_title(line):
            return
        if verdict == "dat" and i and KHO_ABOVE.search(self.klines[i - 1]):
            verdict = "kho_dat"  # 'Khó' printed on the line above 'đạt'
        if values and all(c.value == 0 for c in values) and len(values) <= 2 and not verdict:
            values, cells = [], []  # '0 0': OCR noise of empty '%' cells
        if values or (cells and (number is not None or sub)):
            self.add_row(i, label_end, cells, verdict, number, sub, rest, len(values))
        elif label:
            self.add_label(i, label_end, label, verdict, number, rest)

    def add_row(self, i: int, label_end: int, cells: list[Cell], verdict, number, sub, rest, n_values) -> None:
        k = self.klines[i]
        nxt = self.klines[i + 1] if i + 1 < len(self.klines) else ""
        follow = nxt if nxt.strip() and not parse_tail(nxt)[1] and not ROW_START.match(nxt) else ""
        label_key = " ".join(self.pending_keys + [k[:label_end]])
        um = UNIT_BRACKET.search((k[:label_end] + " " + follow).strip())
        unit = unit_at(um.group(1), 0)[0] if um else None
        row = Row(i + 1, " ".join(self.pending_label + [rest]).strip(), label_key, number, sub, cells, verdict, unit,
                  follow=follow)
        if number is not None and verdict is None and self.pending_verdict and n_values >= 2:
            row.verdict, self.pending_verdict = self.pending_verdict, None
        self.current.rows.append(row)
        self.pending_label, self.pending_keys, self.quiet = [], [], 0

    def add_label(self, i: int, label_end: int, label: str, verdict, number, rest) -> None:
        k = self.klines[i]
        if verdict and number is not None:
            # a group header ('12 Tỷ lệ huy động ... Đạt'): its verdict applies to its sub-rows
            self.current.rows.append(Row(i + 1, rest, k[:label_end], number, False, [], verdict))
            self.pending_label, self.pending_keys = [], []
            return
        if verdict:
            self.pending_verdict = verdict  # the group's number comes on the next row
        self.pending_label.append(label)
        self.pending_keys.append(k[:label_end])
        self.pending_label, self.pending_keys = self.pending_label[-4:], self.pending_keys[-4:]

def find_tables(doc: Text, key: str, meta: DocumentMeta) -> list[Table]:
    """Appendix tables: each from its header line to the prose that follows it."""
    reader = _TableReader(doc, key, meta)
    i = 0
    while i < len(reader.lines):
        if TABLE_HEADER.search(reader.klines[i]):
            i = reader.start_table(i)
            continue
        if reader.current is not None:
            reader.read_line(i)
        i += 1
    return reader.tables

def _is_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) / len(letters) > 0.85

def _header_like(k: str) -> bool:
    s = k.strip()
    if not s:
        return False
    return bool(HEADER_WORDS.search(s)) and not NUMBERED_ROW.match(s)

def table_lines(tables: list[Table]) -> set[int]:
    """The lines a table holds (header to last row), which the prose finder leaves alone."""
    lines: set[int] = set()
    for t in tables:
        if t.rows:
            lines.update(range(t.header_line, max(r.line for r in t.rows) + 1))
    return lines
