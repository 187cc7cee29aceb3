"""The cells at the right end of an appendix table's line: numbers, '-' placeholders, bounds ('Trên 80',
'<2'), ranges ('2-3') and a trailing verdict ('Đạt', OCR 'Pat'); what stands before them is the row's label."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...reference import cues
from ...reference.ocrkey import phrase
from ..numbers import WORD_OP_ROLES, operator_before, parse_number


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

WORD = re.compile(r"\S+")

LABEL_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.,|)\]-]*\s*(?:\|\s*)?")   # '12 |', '5.' opening a row label

LABEL_DASH = re.compile(r"\s*[-–.,;:|’']+\s*(?:\|\s*)?")              # '- Nông nghiệp': a sub-row

CRUMB_CHARS = 2                                   # '©', '"' after the last cell: OCR crumbs

ROW_NUMBER_CELL = re.compile(r"\d{1,2}[.,|\]\-]")  # '5.' or '4]' opening a line of cells: the row's number

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

def tokenise(key_line: str) -> list[Span]:
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

def parse_tail(key_line: str) -> tuple[int, list[Cell], str | None]:
    """Cells at the right end of a folded line: (where the label ends, cells, verdict).

    A verdict is the last cell; 'đạt' before the numbers is the label's verb ('... đạt 100%'), and the number
    right after it is the label's too, unless no number follows (then it is the row's verdict)."""
    spans = tokenise(key_line)
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

def row_number(label: str) -> tuple[int | None, bool, str]:
    m = LABEL_NUMBER.match(label)
    if m and m.end() < len(label) and not label[m.end():m.end() + 1].isdigit():
        return int(m.group(1)), False, label[m.end():]
    m = LABEL_DASH.match(label)
    if m:
        return None, True, label[m.end():]
    return None, False, label
