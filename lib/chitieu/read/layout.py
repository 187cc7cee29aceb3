"""How a Word or web table is written into a report's text: one row per line between '|' rules, a layout the
table finder already reads (extract.tables.aligned), so a table reads the same whichever file it came in."""

from __future__ import annotations

CELL_RULE = "|"


def clean_cell(text: str) -> str:
    """A cell on one line: its own line breaks and rules become spaces."""
    return " ".join(text.replace(CELL_RULE, " ").split())


def table_lines(rows: list[list[str]]) -> list[str]:
    """'| STT | Chỉ tiêu | ĐVT | Kế hoạch |' per row, the rules lined up (a header written over several rows
    is read column by column); a row without any text is dropped."""
    table = [cells for cells in ([clean_cell(c) for c in row] for row in rows) if any(cells)]
    widths: dict[int, int] = {}
    for cells in table:
        for i, c in enumerate(cells):
            widths[i] = max(widths.get(i, 0), len(c))
    return [f"{CELL_RULE} " + f" {CELL_RULE} ".join(c.ljust(widths[i]) for i, c in enumerate(cells)) + f" {CELL_RULE}"
            for cells in table]
