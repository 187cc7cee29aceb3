"""Tables printed one row per line: rows between '|' rules (OCR'd rules, Markdown and legal-text portals, Word
and web tables as chitieu's readers write them), and `pdftotext -layout` rows whose columns are runs of text
two or more spaces apart.

    |TT | Chi tieu                 |  DVT    | Uoc TH   | So voi   |       TT  Chi tieu        DVT      TH      Uoc TH
    |   |                          |         | nam 2024 | nam 2023 |                                 2023      2024
    | 1 | Thu ngan sach            | Ty dong |   1.250  |   6,2    |       1   Thu ngan sach   Ty dong  1.180   1.250

Phases: `find_header` (a line starting with TT/STT that names the label column, the header lines under it,
and the header cells: split at '|', or placed by their right edge; each column keeps its header lines as its
path), `split_row` (a row's cells by column: between rules by order when the row has every rule, else by
position; aligned text, each number to the column whose right edge is nearest, a word right of the values to
the column whose left edge is nearest, two numbers or a unit and a
number one space apart being two cells), `assemble` (a line without a row number continues the row above it:
a label alone continues its label, values under an empty label continue its cells ('khoảng' / '8-8,5'); a
label with values is a sub-row; a notes block, the next header, a line of running text across the columns
(prose, a page header) or two blank lines end the table), then
`records` makes the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...read.text import Text
from ...reference import cues
from ...reference.table_headers import VALUE_ROLES, header_patterns
from ..numbers import WORD_OP_ROLES
from .headers import classify, is_header_cell
from .lines import is_sub_item, is_unit, starts_notes
from .model import LABEL, Cell, Column, Grid, Row

RULE = re.compile(r"^\s*\|?[\s|:+=-]*-{3,}[\s|:+=-]*$")        # '|---|-----|' under a header
RUN_HEAD = re.compile(r"(\w{1,3})\s(?=\S)")   # 'TT Chỉ tiêu', '1 Tổng sản phẩm', 'II Xã hội': index then label
TOKEN = re.compile(r"\S+")
RUN = re.compile(r"\S+(?: \S+)*")                               # text between gaps of two or more spaces
NUMBER_START = re.compile(r"[<>~≥≤]?\d")
INDEX = re.compile(r"\s*(?:\d{1,2}|[ivxl]{1,4})\s*[.)]?\s*$")
HAS_VALUE = re.compile(r"\d")
VALUE_START = re.compile(r"[\d(<>~≥≤-]")   # a cell that starts with its number   e.g. '98 (*)', '<2', '-'
INDEX_MAX_START = 4   # a row number stands at the line's start
MAX_HEADER_LINES = 4
MIN_COLUMNS = 4
MIN_PIPED_COLUMNS = 3   # '| TT | Chỉ tiêu | Đánh giá |': rules make even three columns a table
MIN_UNNAMED_CELLS = 3   # a header without 'TT  Chỉ tiêu' has at least three cells ...
MIN_VALUE_HEADERS = 2   # ... naming at least two value columns ...
MIN_LABEL_INDENT = 16   # ... right of an empty label column this wide (or after a 'Chỉ tiêu' cell)
END_GAP = 2           # blank lines that end a table
PROSE_WORDS = 6       # a run this long across the columns is running text, not a cell


@lru_cache(maxsize=1)
def header_start() -> re.Pattern:
    """'TT  Chỉ tiêu', '| STT | Tên chỉ tiêu': a row number's header word then the label's (table_headers.csv)."""
    pats = header_patterns()
    return re.compile(rf"\s*\|?\s*(?:{pats['index'].pattern})(?:\s*\|)?\s*(?:{pats['label'].pattern})")


@lru_cache(maxsize=1)
def _value_words() -> re.Pattern:
    """'trên 3.900', 'khoảng 8': a cell that starts with an operator word (cues.csv) starts with its number."""
    return re.compile("|".join(cues.source(role) for role, _ in WORD_OP_ROLES))


def _starts_with_value(text: str) -> bool:
    return bool(VALUE_START.match(text) or _value_words().match(text))


@dataclass
class Span:
    start: int
    end: int
    text: str


def _pipe_spans(line: str) -> list[Span]:
    """Cells between '|' rules, with their offsets (the outer rules dropped)."""
    parts, pos = [], 0
    for chunk in line.split("|"):
        parts.append(Span(pos, pos + len(chunk), chunk.strip()))
        pos += len(chunk) + 1
    if parts and not parts[0].text and line.lstrip().startswith("|"):
        parts = parts[1:]
    if parts and not parts[-1].text and line.rstrip().endswith("|"):
        parts = parts[:-1]
    return parts


def _split_run(start: int, text: str) -> list[Span]:
    """A run split where two values, or a unit and a value, stand one space apart ('132.611 157.521',
    'Tỷ đồng 120.553'); 'trên 3.900', '7,5 - 8,5', '98 (*)' stay one cell."""
    out: list[Span] = []
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    cut = 0
    for k in range(1, len(tokens)):
        prev_text, word = text[tokens[cut][0]:tokens[k - 1][1]], tokens[k][2]
        if not NUMBER_START.match(word):
            continue
        if tokens[k - 1][2][-1:].isdigit() or is_unit(prev_text):
            out.append(Span(start + tokens[cut][0], start + tokens[k - 1][1], prev_text))
            cut = k
    out.append(Span(start + tokens[cut][0], start + tokens[-1][1], text[tokens[cut][0]:]))
    return out


def _run_spans(line: str) -> list[Span]:
    """Runs of text two or more spaces apart; 'TT Chỉ tiêu' split into its index and label cells."""
    out: list[Span] = []
    for m in RUN.finditer(line):
        head = RUN_HEAD.match(m.group()) if not out else None
        if head and not (INDEX.fullmatch(head.group(1)) or header_start().match(m.group())):
            head = None   # 'Tỷ lệ ...' is no row number
        if head and header_start().match(m.group()) or (head and not HAS_VALUE.search(m.group()[head.end():])):
            out.append(Span(m.start(), m.start() + len(head.group(1)), head.group(1)))
            out.append(Span(m.start() + head.end(), m.end(), m.group()[head.end():]))
        else:
            out += _split_run(m.start(), m.group())
    return out


def _tokens(line: str) -> list[Span]:
    """Single words: the lines under an aligned header print one column's words under it ('2023 2022 (%)')."""
    return [Span(m.start(), m.end(), m.group()) for m in TOKEN.finditer(line)]


@dataclass
class Header:
    columns: list[Column]
    edges: list[int]      # right edge of each column (aligned layout)
    starts: list[int]     # left edge of each column
    piped: bool
    first_line: int       # 1-based
    end: int              # 0-based index of the first row line


def _header_spans(line: str, piped: bool) -> tuple[list[Span], bool] | None:
    """The header cells of a line, and whether its label column is only implied: a line that starts with
    'TT  Chỉ tiêu'; or whose cells are all header words naming at least two value columns, its first cell
    'Chỉ tiêu' or standing right of an empty label column ('          ĐVT    Thực hiện 6 tháng    So cùng kỳ')."""
    spans = (_pipe_spans if piped else _run_spans)(line)
    if header_start().match(line):
        return (spans, False) if len(spans) >= (MIN_PIPED_COLUMNS if piped else MIN_COLUMNS) else None
    implied = bool(spans) and not spans[0].text and piped
    cells = spans[1:] if implied else spans
    if len(cells) < MIN_UNNAMED_CELLS or not all(is_header_cell(c.text) for c in cells):
        return None
    roles = [classify(c.text).role for c in cells]
    if sum(r in VALUE_ROLES for r in roles) < MIN_VALUE_HEADERS or "index" in roles:
        return None
    if roles[0] == "label":
        return spans, False
    if piped and not implied or not piped and cells[0].start < MIN_LABEL_INDENT:
        return None
    label = spans[0] if implied else Span(0, max(0, cells[0].start - 2), "")
    return [label, *cells], True


def find_header(lines: list[str], i: int, raw: list[str] | None = None) -> Header | None:
    piped = lines[i].count("|") >= 3
    found = _header_spans(lines[i], piped) if lines[i].strip() else None
    if found is None:
        return None
    spans, implied = found
    raw = raw or lines
    split = _pipe_spans if piped else _run_spans
    texts = [s.text for s in spans]
    paths = [[raw[i][s.start:s.end].strip()] for s in spans]
    j = i + 1
    numbered = header_start().match(lines[i]) is not None   # 'TT  Chỉ tiêu ...': rows open with their number
    while j < len(lines) and j <= i + MAX_HEADER_LINES and lines[j].strip() and \
            not _is_row(lines[j], piped, None if numbered else spans[0].end):
        if not RULE.match(lines[j]):
            for s in (split(lines[j]) if piped else _tokens(lines[j])):
                if s.text:
                    k = _column_of(s, spans, piped)
                    texts[k] = (texts[k] + " " + s.text).strip()
                    paths[k].append(raw[j][s.start:s.end].strip())
        j += 1
    while j < len(lines) and (RULE.match(lines[j]) or not lines[j].strip()):
        j += 1
    columns = [classify(t, tuple(p for p in path if p)) for t, path in zip(texts, paths, strict=True)]
    if implied:
        columns[0] = LABEL
    return Header(columns, [s.end for s in spans], [s.start for s in spans], piped, i + 1, j)


def _column_of(span: Span, columns: list[Span], piped: bool) -> int:
    """The column a cell belongs to: by position between rules, else the column its middle stands under, else the
    nearest right edge."""
    if piped:
        for k, c in enumerate(columns):
            if c.start <= span.start < c.end + 1:
                return k
        return len(columns) - 1
    middle = (span.start + span.end) / 2   # a header word under its column ('6 tháng' under 'Ước TH')
    under = [k for k, c in enumerate(columns) if c.start <= middle <= c.end]
    return under[0] if under else min(range(len(columns)), key=lambda k: abs(columns[k].end - span.end))


def _is_row(line: str, piped: bool, label_end: int | None = None) -> bool:
    """A line that begins a row: its first cell is a row number ('1', 'II'), or (a table without numbers,
    `label_end` its label column's right edge) text where the label stands; header lines begin empty."""
    spans = _pipe_spans(line) if piped else _run_spans(line)
    if not spans:
        return False
    if label_end is not None:
        return bool(spans[0].text) if piped else spans[0].start < label_end - 1
    return bool(INDEX.match(spans[0].text)) and spans[0].start < INDEX_MAX_START + 2


def split_row(doc: Text, key_line: str, lineno: int, header: Header) -> dict[int, Cell]:
    """A row's cells by column number."""
    spans = _pipe_spans(key_line) if header.piped else _run_spans(key_line)
    by_order = header.piped and len(spans) == len(header.columns)
    start, _ = doc.line_span(lineno)
    raw = doc.lines[lineno - 1]
    cells: dict[int, Cell] = {}
    for ordinal, s in enumerate(spans):
        if not s.text:
            continue
        # between rules a cell's place is its order when every rule is there (OCR moves them out of line);
        # a row that lost a rule, and aligned text, place a cell by its position
        k = ordinal if by_order else (_piped_column(s, header) if header.piped else _aligned_column(s, header))
        chunk = raw[s.start:s.end]
        a = s.start + len(chunk) - len(chunk.lstrip())       # the cell's own text, without the padding
        b = s.start + len(chunk.rstrip())
        cell = Cell(chunk.strip(), s.text, lineno, start + a, start + b, box=doc.box_at(start + a, start + b))
        cells[k] = cells[k].joined(cell) if k in cells else cell
    return cells


def _piped_column(span: Span, header: Header) -> int:
    """A cell of a row that lost a rule: the header column its middle stands under."""
    middle = (span.start + span.end) / 2
    return min(range(len(header.columns)),
               key=lambda k: 0 if header.starts[k] <= middle <= header.edges[k] + 1
               else min(abs(header.starts[k] - middle), abs(header.edges[k] - middle)))


def _aligned_column(span: Span, header: Header) -> int:
    """A row number goes to the index column, a unit ('Tỷ đồng') to the unit column, other words to the label
    (they stand left of the values), numbers to the column whose right edge is nearest."""
    roles = [c.role for c in header.columns]
    label = roles.index("label") if "label" in roles else 1
    if INDEX.match(span.text) and span.start < INDEX_MAX_START and "index" in roles:
        return roles.index("index")
    if not HAS_VALUE.search(span.text) or not _starts_with_value(span.text):
        if "unit" in roles and is_unit(span.text):
            return roles.index("unit")
        if span.end <= header.edges[roles.index("unit")] - 2 if "unit" in roles else True:
            return label
        # a word right of the values ('Đạt' under 'Đánh giá') is printed from its column's left edge
        return min(range(len(header.starts)), key=lambda k: abs(header.starts[k] - span.start))
    return min(range(len(header.edges)), key=lambda k: abs(header.edges[k] - span.end))


def _is_prose(line: str, header: Header) -> bool:
    """A run of PROSE_WORDS or more words that reaches past the first value column's left edge: no cell of an
    aligned row does that ('Mot so ket qua noi bat khac: gia tri san xuat cac nganh ...')."""
    first_value = next((header.starts[k] for k, c in enumerate(header.columns) if c.role in VALUE_ROLES), None)
    return first_value is not None and any(
        len(m.group().split()) >= PROSE_WORDS and m.end() > first_value + 1 for m in RUN.finditer(line))


def _continue_row(row: Row, label: Cell | None, values: dict[int, Cell]) -> None:
    """A line that goes on with the row above: its label's next words, or its cells' second lines."""
    if label is not None:
        row.label = row.label.joined(label) if row.label is not None else label
    for k, cell in values.items():
        row.cells[k] = row.cells[k].joined(cell) if k in row.cells else cell


def _wrapped(label: Cell, prev: Row, has_values: bool) -> bool:
    """An unnumbered line's label that goes on with the row above ('tren dia ban (GRDP)', '(GRDP)'), rather
    than a sub-row ('- Nông nghiệp', 'Tốc độ tăng trưởng GRDP'): it starts in lower case or with a bracket
    and (when it brings values) lands in cells the row above left empty or began."""
    if prev.label is None or is_sub_item(label.key):
        return False
    first = label.text.lstrip()[:1]
    if not (first.islower() or first == "("):
        return False
    return not has_values or not prev.cells or all(c.empty for c in prev.cells.values()) or first == "("


def assemble(doc: Text, lines: list[str], header: Header) -> Grid:
    roles = [c.role for c in header.columns]
    index_col = roles.index("index") if "index" in roles else None
    label_col = roles.index("label") if "label" in roles else (index_col or 0) + 1
    grid = Grid(header.first_line, header.columns, layout="piped" if header.piped else "aligned")
    blanks, j = 0, header.end
    while j < len(lines) and blanks < END_GAP:
        if not lines[j].strip() or RULE.match(lines[j]):
            blanks += 0 if RULE.match(lines[j]) else 1
            j += 1
            continue
        if header_start().match(lines[j]) or starts_notes(lines[j]) or (header.piped and "|" not in lines[j]):
            break   # the next table's header, the notes under this one, prose after a ruled table
        if not header.piped and _is_prose(lines[j], header):
            break   # a line of running text across the columns: the prose (or a page header) after the table
        blanks = 0
        cells = split_row(doc, lines[j], j + 1, header)
        index = cells.pop(index_col, None) if index_col is not None else None
        label = cells.pop(label_col, None)
        values = {k: c for k, c in cells.items() if header.columns[k].role not in ("label", "index")}
        if label is None and not values:
            break   # neither a label nor values: the table ended
        if index is None and grid.rows and (label is None or _wrapped(label, grid.rows[-1], bool(values))):
            _continue_row(grid.rows[-1], label, values)   # the label's next words, the cells' second lines
        else:
            grid.rows.append(Row(index, label, values))
        grid.last_line = j + 1
        j += 1
    return grid


def find_grid_tables(doc: Text, key: str, taken: set[int] = frozenset()) -> list[Grid]:
    lines = key.split("\n")
    grids, i = [], 0
    while i < len(lines):
        header = find_header(lines, i, doc.lines) if i + 1 not in taken else None
        if header is None:
            i += 1
            continue
        grid = assemble(doc, lines, header)
        if grid.rows:
            grids.append(grid.place_cells())
        i = max(i + 1, grid.last_line)
    return grids
