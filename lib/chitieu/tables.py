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
from dataclasses import dataclass, field
from functools import lru_cache

from . import cues
from .concepts import concepts_by_code, match_key
from .metadata import DocumentMeta
from .model import Indicator
from .numbers import WORD_OP_ROLES, operator_before, parse_number
from .ocrkey import phrase
from .textio import Text
from .units import unit_at

TABLE_HEADER = re.compile(r"(?<![a-z])(?:tt|stt)(?![a-z]).*(?:chi\s+ti|ten\s+chi)")
YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
@lru_cache(maxsize=1)
def cell_pattern() -> re.Pattern:
    """One cell at the right end of a row: a verdict, a bound ('Trên 80', '<2'), a range, a number, a dash.
    Verdict and operator words come from data/reference/cues.csv (with their OCR spellings)."""
    verdicts = "|".join(cues.source(role, cues.VERDICT_CELL_CONTEXTS) for role, _ in cues.VERDICT_ROLES)
    ops = "|".join(cues.source(role) for role, _ in WORD_OP_ROLES)
    return re.compile(
        rf"(?P<verdict>{phrase('dat chi tieu')}|{verdicts})(?![a-z0-9])"
        rf"|(?P<bound>(?:{ops}|[<>~=≥≤])\s*)(?P<bnum>\d[\d.,:]*)%?"
        r"|(?P<range>\d+(?:,\d+)?-\d+(?:,\d+)?)%?(?![\d.])"
        r"|(?P<num>\d[\d.,:]*)%?"
        r"|(?P<dash>-{1,2}|\))(?![a-z0-9])"
    )


SEP = re.compile(r"(?:[\s|;:'\[\]{}]|(?<=\s)-?[li](?=\s|$))*")
TABLE_GAP = 15  # non-empty lines without a row that end a table
HEADER_TITLE_LINES = 4   # the table's title stands in the lines just above its header
HEADER_YEAR_LINES = 4    # the header's year columns may wrap over this many lines
KHO_ABOVE = re.compile(r"(?<![a-z])kho\s*$")       # 'Khó' printed on the line above 'đạt'
ROW_START = re.compile(r"\s*(\d|-)")               # a line that starts the next row, not the label's tail
UNIT_BRACKET = re.compile(r"\(([^()]*)\)\s*[;.]?\s*$")  # 'Tỷ lệ che phủ rừng (%)': the unit in brackets
MANY_CELLS = 6      # a table whose rows usually have this many cells ...
MIN_ROW_CELLS = 3   # ... drops rows of fewer (crumbs of wrapped labels)
MAX_PERCENT = 300   # a % of target above this lost its decimal comma ('10850' for 108,50)
SPACES = re.compile(r"\s+")
WORD = re.compile(r"\S+")
LABEL_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.,|)\]-]*\s*(?:\|\s*)?")   # '12 |', '5.' opening a row label
LABEL_DASH = re.compile(r"\s*[-–.,;:|’']+\s*(?:\|\s*)?")              # '- Nông nghiệp': a sub-row
HEADER_WORDS = re.compile(r"nghi\s+quy|thuc\s+hi|danh\s+gia|du\s+b|so\s+s|nhi[a-z]*m\s+k|de\s+ra|ket\s+qua|"
                          r"tinh\s+20|^\s*ra\s|dvt|pvt")  # words of a header's continuation lines
NUMBERED_ROW = re.compile(r"\s*\d{1,2}\s*[.|]")     # '3.' / '3 |': a row, not a header line
NOT_DIGIT = re.compile(r"[^\d]")
PROSE_ITEM_KEY = re.compile(r"[pn](\d+)(?:\.(\d+))?(?:~\d+)?$")   # a prose item's key: 'p3', 'n1.2', 'n1~2'
NOT_NUMBER_CHAR = re.compile(r"[^\d.,]")
SEPARATOR = re.compile(r"[.,]")
SPLIT_HEAD = re.compile(r"\d{1,3}")   # '94 40' read as 94,40: the head ...
SPLIT_TAIL = re.compile(r"\d{2}")     # ... and its two decimals
CRUMB_CHARS = 2                                   # '©', '"' after the last cell: OCR crumbs
ROW_NUMBER_CELL = re.compile(r"\d{1,2}[.,|\]\-]")  # '5.' or '4]' opening a line of cells: the row's number
LABEL_TARGET = re.compile(r"(?:it\s+nhat|toi\s+thieu|tren|dat)\s+(\d[\d.,]*)\s*%")  # '... đạt ít nhất 80%'
AT_LEAST = re.compile(r"it\s+nhat|toi\s+thieu")
TARGET_IN_WORDS = re.compile(r"dat\s+chi\s+ti|giao")  # 'đạt chỉ tiêu giao': a target stated in words


@dataclass
class Cell:
    kind: str              # num | dash | bound | range | qualitative
    literal: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    op: str | None = None
    repaired: bool = False


@dataclass
class Row:
    line: int
    label: str
    label_key: str
    number: int | None
    sub: bool
    cells: list[Cell]
    verdict: str | None
    unit: str | None = None
    follow: str = ""       # the label's continuation on the next line ('... y tế (%)')


Span = tuple[int, int, "re.Match | None"]   # (start, end, the cell it is, or None for a word)


def _tokenise(key_line: str) -> list[Span]:
    """The line's tokens left to right: cells where a cell pattern matches, words elsewhere."""
    spans: list[Span] = []
    pos, n = 0, len(key_line)
    while pos < n:
        pos = SEP.match(key_line, pos).end()
        if pos >= n:
            break
        m = cell_pattern().match(key_line, pos)
        end = m.end() if m else None
        if m and (end >= n or not key_line[end].isalnum()):
            spans.append((pos, end, m))
            pos = end
        else:
            wm = WORD.match(key_line, pos)
            spans.append((pos, wm.end(), None))
            pos = wm.end()
    while spans and spans[-1][2] is None and spans[-1][1] - spans[-1][0] <= CRUMB_CHARS:
        spans.pop()  # OCR crumbs after the last cell ('©', '"')
    return spans


def _cell_run_start(spans: list[Span], key_line: str) -> int:
    """Where the longest run of cells that reaches the end of the line begins."""
    run_start = len(spans)
    for i in range(len(spans) - 1, -1, -1):
        if spans[i][2] is None:
            break
        run_start = i
    # a whole line of cells that starts with '5.' or '4]': that first one is the row's number
    if run_start == 0 and len(spans) > 2 and ROW_NUMBER_CELL.fullmatch(key_line[spans[0][0]:spans[0][1]]):
        run_start = 1
    return run_start


def _cell_of(m: re.Match) -> Cell | None:
    """A matched cell as a Cell (None for a bound whose number does not read)."""
    if m.group("dash"):
        return Cell("dash", m.group())
    if m.group("bound"):
        num = parse_number(m.group("bnum"))
        found = operator_before(m.group("bound").strip() + " ")
        op = found[0] if found else ("=" if "=" in m.group("bound") else None)
        return Cell("bound", m.group(), num.value, op=op, repaired=num.repaired) if num else None
    if m.group("range"):
        lo, hi = [parse_number(x.strip()) for x in m.group("range").split("-")]
        if lo and hi and hi.value > lo.value:
            return Cell("range", m.group(), low=lo.value, high=hi.value, op="range")
        return Cell("dash", m.group())
    num = parse_number(m.group("num").rstrip(".,:"))
    return Cell("num", m.group(), num.value if num else None, repaired=bool(num and num.repaired))


def _has_values(cells: list[Cell]) -> bool:
    return any(c.kind not in ("dash", "qualitative") for c in cells)


def _parse_tail(key_line: str) -> tuple[int, list[Cell], str | None]:
    """Cells at the right end of a folded line: (where the label ends, cells, verdict).

    A verdict is the last cell; 'đạt' before the numbers is the label's verb ('... đạt 100%'), and the number
    right after it is the label's too, unless no number follows (then it is the row's verdict)."""
    spans = _tokenise(key_line)
    run_start = _cell_run_start(spans, key_line)
    label_end = spans[run_start][0] if run_start < len(spans) else len(key_line)
    tokens: list[Cell] = []
    verdict = early = None
    for _a, b, m in spans[run_start:]:
        if m.group("verdict"):
            word = m.group("verdict")
            if "chi ti" in word and not tokens:
                tokens.append(Cell("qualitative", word))  # 'Đạt chỉ tiêu' standing where a target would be
            elif not _has_values(tokens):
                label_end, early = b, cues.verdict_of(word.strip())
                continue
            verdict = cues.verdict_of(word.replace("chi tieu", "").strip()) or verdict
            continue
        if verdict is not None and not m.group("dash"):
            verdict = None  # a verdict before more numbers was label text
        if early and not tokens and not m.group("dash"):
            label_end, early = b, None  # '... đạt 100%': the label's number, not a cell
            continue
        cell = _cell_of(m)
        if cell is not None:
            tokens.append(cell)
    if early and not _has_values(tokens):
        verdict = early
    return label_end, tokens, verdict


def _row_number(label: str) -> tuple[int | None, bool, str]:
    m = LABEL_NUMBER.match(label)
    if m and m.end() < len(label) and not label[m.end():m.end() + 1].isdigit():
        return int(m.group(1)), False, label[m.end():]
    m = LABEL_DASH.match(label)
    if m:
        return None, True, label[m.end():]
    return None, False, label


@dataclass
class Table:
    header_line: int
    section: str
    years_before: list[int]
    years_after: list[int]
    rows: list[Row] = field(default_factory=list)


def _section_for(title_key: str, meta: DocumentMeta) -> str:
    years = [int(y) for y in YEAR.findall(title_key)]
    if meta.period_end and years and min(years) >= meta.period_end and max(years) > meta.period_end:
        return "targets_next"
    return "results"


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
        section = _section_for(title, self.meta) if YEAR.search(title) else "results"
        before, after = _split_years(years, self.meta)
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
        label_end, cells, verdict = _parse_tail(k)
        label = line[:label_end].strip()
        values = [c for c in cells if c.kind not in ("dash", "qualitative")]
        number, sub, rest = _row_number(label)
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
        follow = nxt if nxt.strip() and not _parse_tail(nxt)[1] and not ROW_START.match(nxt) else ""
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


def _split_years(years: list[int], meta: DocumentMeta) -> tuple[list[int], list[int]]:
    """Header years as reported columns and forecast columns (after the period the report reviews)."""
    seen = []
    for y in years:
        if y not in seen:
            seen.append(y)
    if len(seen) < 2:
        return [], []
    last = meta.period_end or max(seen)
    return [y for y in seen if y <= last], [y for y in seen if y > last]


# ---------------------------------------------------------------- rows to indicators

def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _ocr_variants(cell: Cell) -> list[tuple[float, str]]:
    """Readings of a damaged number: a dropped decimal comma ('9465' -> 94,65 / 946,5), or one digit misread."""
    out = []
    lit = NOT_DIGIT.sub("", cell.literal)
    if not lit:
        return out
    for k in range(1, min(3, len(lit))):
        out.append((float(lit[:-k] + "." + lit[-k:]), "dropped decimal comma"))
    return out


def _agrees_by_one_digit(printed: str, value: float) -> bool:
    """'26' for 86, '05' for 95, '5' for 95: the prose value printed with one digit misread or lost."""
    digits = NOT_DIGIT.sub("", printed)
    want = NOT_DIGIT.sub("", f"{value:g}")
    if len(digits) == len(want):
        return sum(a != b for a, b in zip(digits, want)) == 1
    if len(digits) + 1 == len(want):
        return want.endswith(digits) or want.startswith(digits)
    return False


def _looks_like_pct(c: Cell, cells: list[Cell]) -> bool:
    """Before the columns are known: a 4-5 digit cell among cells of the 0-100 scale is a % of target."""
    small = [x.value for x in cells if x is not c and x.value is not None and x.value <= 300]
    return len(small) >= max(2, len(cells) // 2)


def _is_clean(c: Cell) -> bool:
    """A cell whose printed form leaves no doubt about its scale (it has a separator, or is short)."""
    lit = c.literal
    return "." in lit or "," in lit or sum(ch.isdigit() for ch in lit) <= 2


def _repair_scale(cells: list[Cell], skip: set[int]) -> None:
    """Dropped decimal commas ('9465' for 94,65): repaired when the row's clean cells agree on the scale."""
    refs = [c.value for i, c in enumerate(cells) if i not in skip and c.kind in ("num", "bound")
            and c.value and _is_clean(c)]
    if len(refs) < 2:
        return
    med = sorted(refs)[len(refs) // 2]
    for i, c in enumerate(cells):
        if i in skip or c.kind != "num" or c.value is None or _is_clean(c) or c.value < 8 * med:
            continue
        for v, _why in _ocr_variants(c):
            if 0.5 * med <= v <= 2 * med:
                c.value, c.repaired = v, True
                break


def _repair_percent(c: Cell) -> None:
    """A % of target printed without its comma ('10850' for 108,50): the reading within 0-300%."""
    if c.kind == "num" and c.value is not None and c.value > MAX_PERCENT and not SEPARATOR.search(c.literal):
        for v, _why in sorted(_ocr_variants(c), key=lambda t: -t[0]):
            if v <= 300:
                c.value, c.repaired = v, True
                return


def _merge_split_decimal(cells: list[Cell], expected: int) -> list[Cell]:
    """'94 40' for 94,40 (the comma read as a space): merge when the row has one cell too many."""
    if len(cells) != expected + 1:
        return cells
    for i in range(1, len(cells) - 1):
        a, b = cells[i], cells[i + 1]
        if (a.kind == b.kind == "num" and SPLIT_HEAD.fullmatch(a.literal) and SPLIT_TAIL.fullmatch(b.literal)
                and b.value is not None and a.value is not None):
            merged = Cell("num", f"{a.literal} {b.literal}", float(f"{a.literal}.{b.literal}"), repaired=True)
            return cells[:i] + [merged] + cells[i + 2:]
    return cells


def table_indicators(doc: Text, key: str, meta: DocumentMeta, prose: list[Indicator],
                     tables: list[Table] | None = None) -> list[Indicator]:
    out: list[Indicator] = []
    for table in find_tables(doc, key, meta) if tables is None else tables:
        out += _table_to_indicators(doc, meta, table, prose)
    return out


def table_lines(tables: list[Table]) -> set[int]:
    """The lines a table holds (header to last row), which the prose finder leaves alone."""
    lines: set[int] = set()
    for t in tables:
        if t.rows:
            lines.update(range(t.header_line, max(r.line for r in t.rows) + 1))
    return lines


GROUP_CAP = 16  # a report states one indicator a few times, not hundreds: bound the comparisons


class ProseIndex:
    """The prose indicators a table row may restate, looked up by concept, value and item number (a long
    report has thousands; comparing every row with every one of them would be quadratic)."""

    def __init__(self, prose: list[Indicator]):
        self.by_concept: dict[str, list[Indicator]] = {}
        self.by_value: dict[float, list[Indicator]] = {}
        self.by_item: dict[tuple[int, int], list[Indicator]] = {}
        for p in prose:
            if p.concept:
                self.by_concept.setdefault(p.concept, []).append(p)
            for v in (p.actual, p.target):
                if v is not None:
                    self.by_value.setdefault(round(v, 6), []).append(p)
            item = PROSE_ITEM_KEY.match(p.key)   # 'p3', 'n1.2', 'n1~2' (the second list that numbers an item 1)
            if item:
                self.by_item.setdefault((int(item.group(1)), int(item.group(2) or 1)), []).append(p)

    def link(self, number: int | None, sub_index: int, values: list[float], concept: str | None):
        """The prose indicator this row restates: same concept and/or same values, or the same item number."""
        rounded = {round(v, 6) for v in values}
        cands: dict[int, Indicator] = {}
        for group in ([self.by_concept.get(concept, [])] + [self.by_value.get(v, []) for v in rounded]
                      + [self.by_item.get((number, sub_index), []) if number is not None else []]):
            for p in group[:GROUP_CAP]:
                cands.setdefault(id(p), p)
        best, best_score = None, 0
        for p in cands.values():
            score = 0
            if concept and p.concept == concept:
                score += 3
            if p.actual is not None and round(p.actual, 6) in rounded:
                score += 2
            if p.target is not None and round(p.target, 6) in rounded:
                score += 1
            if number is not None and any(q is p for q in self.by_item.get((number, sub_index), ())):
                score += 2
            if score > best_score or (score == best_score and best is not None and p.line < best.line):
                best, best_score = p, score
        return best if best_score >= 3 else None


@dataclass
class Layout:
    """Where a table keeps its result and its % of target (learnt from the rows the prose also states)."""

    actual_col: int
    pct_col: int | None


def prune_rows(table: Table) -> tuple[list[Row], int]:
    """Rows worth reading, and the usual number of cells a row has (crumbs of wrapped labels go)."""
    counts = Counter(len(r.cells) for r in table.rows if r.cells)
    modal = counts.most_common(1)[0][0] if counts else 0
    rows = table.rows
    if modal >= MANY_CELLS:
        rows = [r for r in rows if not r.cells or len(r.cells) >= MIN_ROW_CELLS]
    return rows, modal


def repair_cells(rows: list[Row], modal: int) -> None:
    """OCR repairs that need no column knowledge: split decimals, dropped commas, percents without comma."""
    for r in rows:
        r.cells = _merge_split_decimal(r.cells, modal)
    for r in rows:
        _repair_scale(r.cells, set())
        for c in r.cells:
            if c.value is not None and c.value > MAX_PERCENT and _looks_like_pct(c, r.cells):
                _repair_percent(c)


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
            if idx and link.actual is not None and _close(c.value, link.actual):
                actual_pos[idx] += 1
            if idx and link.achievement_pct is not None and _close(c.value, link.achievement_pct):
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
            _repair_percent(r.cells[p_col])
        tail = set(range(p_col, len(r.cells))) - set(range(p_col + 1, p_col + 1 + len(table.years_after))) \
            if p_col is not None else set()
        _repair_scale(r.cells, tail)


def _table_to_indicators(doc, meta, table: Table, prose) -> list[Indicator]:
    """find -> prune -> repair -> learn the columns -> repair again -> one record per row."""
    candidates = ProseIndex([p for p in prose if p.section == table.section])
    rows, modal = prune_rows(table)
    repair_cells(rows, modal)
    layout = learn_layout(rows, table, candidates)
    repair_with_layout(rows, table, layout)
    out = []
    group_verdicts = _group_verdicts(rows)
    for r, number, sub in _row_numbers(rows):
        out.append(row_indicator(doc, meta, table, r, number, sub, layout, candidates, group_verdicts.get(id(r))))
    return out


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
        if num and (len(cells) < 2 or not _close(cells[0].value, num.value)):
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
        last = meta.period_end or 9999
        reported = [(int(y), v) for y, v in series.items() if v is not None and int(y) <= last]
        if reported:
            ind.actual_year, ind.actual = reported[-1]


def _concept_and_link(ind: Indicator, r: Row, cells: list[Cell], number, sub: int, candidates: ProseIndex):
    """The row's concept, checked against the prose statement it restates (which may repair its value)."""
    concept, conf = match_key(r.label_key, ind.unit)
    if concept is None and r.follow:
        concept, conf = match_key(r.label_key + " " + r.follow, ind.unit)
    vals = [c.value for c in cells if c.value is not None]
    link = candidates.link(number, sub, vals, concept.code if concept else None)
    if link is not None:
        _reconcile(ind, link)
        if concept is None or (link.concept and link.concept != concept.code and not _unit_says(ind, concept)):
            concept, conf = (concepts_by_code().get(link.concept), 0.6) if link.concept else (None, 0.0)
    return concept, conf, link


def row_indicator(doc: Text, meta: DocumentMeta, table: Table, r: Row, number, sub: int, layout: Layout,
                  candidates: ProseIndex, group_verdict: str | None) -> Indicator:
    """One row's record: target, result, % of target, series, verdict, concept and the prose it restates."""
    ind = _new_row_indicator(doc, table, r, number, sub)
    target_cell, cells = _target_from_label(r, r.cells, table.section)
    _set_target_and_actual(ind, r, cells, target_cell, table.section, layout)
    _set_series(ind, cells, table, layout, meta)
    ind.status = r.verdict or group_verdict
    concept, conf, link = _concept_and_link(ind, r, cells, number, sub, candidates)
    if ind.actual is not None:
        if ind.actual_year is None:
            ind.actual_year = link.actual_year if link is not None and link.actual is not None else meta.period_end
        if ind.actual_kind is None:
            ind.actual_kind = link.actual_kind if link is not None and link.actual_kind else (
                "estimate" if table.section == "targets_next" else "actual")
    if concept is not None:
        ind.concept, ind.label_vi, ind.label_en = concept.code, concept.label_vi, concept.label_en
        ind.domain, ind.direction, ind.confidence = concept.domain, concept.direction, conf
        if ind.unit is None and (ind.target is not None or ind.actual is not None):
            ind.unit = concept.unit
    return ind


def _unit_says(ind: Indicator, concept) -> bool:
    return bool(ind.unit and concept.unit and ind.unit == concept.unit)


def _printed_token(ind: Indicator) -> str | None:
    """The printed token the row's result was read from ('26' for the 86 the prose states)."""
    for lit in ind.literals:
        num = parse_number(NOT_NUMBER_CHAR.sub("", lit) or "x")
        if num is not None and _close(num.value, ind.actual):
            return lit
    return None


def _reconcile(ind: Indicator, link: Indicator) -> None:
    """Repair a damaged table value from the prose when the printed digits support it; keep the literal."""
    if link.actual is not None and ind.actual is not None and not _close(ind.actual, link.actual):
        printed = _printed_token(ind)
        if printed and (_agrees_by_one_digit(printed, link.actual)
                        or (not SEPARATOR.search(printed)
                            and any(_close(v, link.actual) for v, _ in _ocr_variants(Cell("num", printed))))):
            ind.note = f"result printed '{printed}', read as {link.actual:g} (prose line {link.line})"
            ind.repairs.append({"field": "actual", "printed": printed, "read": link.actual, "why": "prose",
                                "line": link.line})
            ind.actual = link.actual
            ind.ocr_repaired = True
    if link.target is not None and ind.target is not None and not _close(ind.target, link.target):
        printed = NOT_DIGIT.sub("", f"{ind.target:g}")
        if _agrees_by_one_digit(printed, link.target):
            ind.note = ((ind.note + "; ") if ind.note else "") + \
                f"target printed '{printed}', read as {link.target:g} (prose line {link.line})"
            ind.repairs.append({"field": "target", "printed": printed, "read": link.target, "why": "prose",
                                "line": link.line})
            ind.target = link.target
            ind.ocr_repaired = True
