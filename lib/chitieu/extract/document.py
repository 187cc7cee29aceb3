"""From a report's text to indicator records: metadata, the tables' lines, the prose statements outside
them, then the table rows (linked to the prose they restate). Pure functions of the text and the
reference data."""

from __future__ import annotations

from pathlib import Path

from ..model import Indicator
from ..read.files import read_text
from ..read.text import Text
from ..reference.ocrkey import fold
from .kinds import settle
from .metadata import DocumentMeta, read_metadata
from .prose import prose_indicators


def extract_text(doc: Text) -> tuple[DocumentMeta, list[Indicator]]:
    from .tables.appendix import table_lines
    from .tables.appendix_records import table_indicators
    from .tables.find import find_all, lines_of
    from .tables.records import grid_records

    key = fold(doc.text)
    meta = read_metadata(doc, key)
    grids, tables = find_all(doc, key, meta)
    taken = table_lines(tables) | lines_of(grids)
    found = prose_indicators(doc, key, meta, taken)
    found += table_indicators(doc, key, meta, found, tables)
    for grid in grids:
        found += grid_records(doc, meta, grid)
    settle(meta, found, key, doc.text)
    _unique_keys(found)
    _locate_on_pages(doc, found)
    return meta, found


def _locate_on_pages(doc: Text, found: list[Indicator]) -> None:
    """Each record's page, and whether an OCR read any of its text uncertainly (flagged, never reparsed)."""
    if not doc.pages:
        return
    for ind in found:
        start = doc.line_span(ind.line)[0] if ind.line else ind.char_start
        ind.page = doc.page_of(start)
        ind.needs_check = doc.is_uncertain(ind.char_start, ind.char_end)


def _unique_keys(found: list[Indicator]) -> None:
    """Keys come from the printed numbering, which OCR can repeat: the second 't5' becomes 't5~2'."""
    seen: dict[tuple[str, str], int] = {}
    for ind in found:
        k = (ind.source, ind.key)
        seen[k] = seen.get(k, 0) + 1
        if seen[k] > 1:
            ind.key = f"{ind.key}~{seen[k]}"


def extract_file(path: str | Path, jobs: int = 1) -> tuple[DocumentMeta, list[Indicator]]:
    """Any report file (.txt, .pdf, .docx, .html); `jobs`: scanned pages OCR'd at once."""
    return extract_text(read_text(path, jobs=jobs))


__all__ = ["extract_file", "extract_text", "prose_indicators"]
