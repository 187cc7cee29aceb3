"""How a table read cell by cell (a Word or web table, a ruled table of a scan) is written into a report's
text: one row per line between '|' rules, a layout the table finder reads (extract.tables.aligned), so a
table reads the same whichever file it came in; `table_text` also says where each cell's text stands, so a
scanned cell's box can follow its text."""

from __future__ import annotations

CELL_RULE = "|"


def clean_cell(text: str) -> str:
    """A cell on one line: its own line breaks and rules become spaces."""
    return " ".join(text.replace(CELL_RULE, " ").split())


def table_text(rows: list[list[str]]) -> tuple[list[str], list[list[tuple[int, int, int]]]]:
    """'| STT | Chỉ tiêu | ĐVT | Kế hoạch |' per row, the rules lined up (a header written over several rows
    is read column by column), and for each row given, each cell's (line, start, end) in those lines (line
    -1 for a row without any text, which is dropped)."""
    cleaned = [[clean_cell(c) for c in row] for row in rows]
    widths: dict[int, int] = {}
    for cells in cleaned:
        for i, c in enumerate(cells):
            widths[i] = max(widths.get(i, 0), len(c))
    lines: list[str] = []
    spans: list[list[tuple[int, int, int]]] = []
    for cells in cleaned:
        if not any(cells):
            spans.append([(-1, 0, 0)] * len(cells))
            continue
        line, where = CELL_RULE, []
        for i, c in enumerate(cells):
            line += " "
            where.append((len(lines), len(line), len(line) + len(c)))
            line += c.ljust(widths[i]) + " " + CELL_RULE
        lines.append(line)
        spans.append(where)
    return lines, spans


def table_lines(rows: list[list[str]]) -> list[str]:
    return table_text(rows)[0]
