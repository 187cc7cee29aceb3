"""OCR repairs of appendix table cells ('9465' for 94,65; '94 40' for 94,40; '10850' for 108,50): made only
where the row's clean cells agree on the scale, and flagged `repaired`."""

from __future__ import annotations

import re
from collections import Counter

from .appendix import Table
from .appendix_cells import Cell, Row
from .repair import SEPARATOR, is_clean, ocr_variants, rescaled

MANY_CELLS = 6      # a table whose rows usually have this many cells ...

MIN_ROW_CELLS = 3   # ... drops rows of fewer (crumbs of wrapped labels)

MAX_PERCENT = 300   # a % of target above this lost its decimal comma ('10850' for 108,50)

SPLIT_HEAD = re.compile(r"\d{1,3}")   # '94 40' read as 94,40: the head ...

SPLIT_TAIL = re.compile(r"\d{2}")     # ... and its two decimals


def _looks_like_pct(c: Cell, cells: list[Cell]) -> bool:
    """Before the columns are known: a 4-5 digit cell among cells of the 0-100 scale is a % of target."""
    small = [x.value for x in cells if x is not c and x.value is not None and x.value <= 300]
    return len(small) >= max(2, len(cells) // 2)

def repair_scale(cells: list[Cell], skip: set[int]) -> None:
    """Dropped decimal commas ('9465' for 94,65): repaired when the row's clean cells agree on the scale."""
    refs = [c.value for i, c in enumerate(cells) if i not in skip and c.kind in ("num", "bound")
            and c.value and is_clean(c.literal)]
    if len(refs) < 2:
        return
    med = sorted(refs)[len(refs) // 2]
    for i, c in enumerate(cells):
        if i in skip or c.kind != "num" or c.value is None:
            continue
        v = rescaled(c.literal, c.value, med)
        if v is not None:
            c.value, c.repaired = v, True

def repair_percent(c: Cell) -> None:
    """A % of target printed without its comma ('10850' for 108,50): the reading within 0-300%."""
    if c.kind == "num" and c.value is not None and c.value > MAX_PERCENT and not SEPARATOR.search(c.literal):
        for v, _why in sorted(ocr_variants(c.literal), key=lambda t: -t[0]):
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
        repair_scale(r.cells, set())
        for c in r.cells:
            if c.value is not None and c.value > MAX_PERCENT and _looks_like_pct(c, r.cells):
                repair_percent(c)
