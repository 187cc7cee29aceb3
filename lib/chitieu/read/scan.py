"""A scanned page read with its ruled tables cell by cell: Tesseract's page segmentation reads a ruled grid as
a picture (or runs a row's cells together and drops digits), so each table found by `ruled` is read apart.

Every non-empty cell is cut out of the page (its rules erased, its paper made white), and the cells are
stacked one under the other, a gap between them, into one strip that Tesseract reads as a block of lines
(`--psm 6`, one process for the whole table); each word goes back to the cell whose band it stands in. In a
column of numbers, a cell read unsurely is read again in a digit strip (only digits, separators, signs)
and that reading kept where it is a number read more surely. The rest of the page (the tables blanked out) is read
as before, and the text is the page's words above, the table as '|' rows (read.layout), the words below, each
cell's box kept in `boxes` (pixels of the straightened 300 dpi page image).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .layout import table_text
from .ocr import LOW_WORD_CONFIDENCE, OcrPage, Word, from_words, read_image, tesseract_tsv, tsv_words
from .ruled import Box, RuledTable, find_tables, straightened

STRIP_GAP = 40          # blank pixels between two cells in the strip
STRIP_MARGIN = 30
CELL_INSET = 4          # pixels inside a cell's rules that may still hold rule ink
MIN_INK = 12            # fewer dark pixels than this: an empty cell
DARK = 128
PAPER = 200             # lighter than this is paper
CELL_PSM = "6"          # a strip of cells is a block of lines
DIGITS = "0123456789.,-%()<>"
NUMERIC = re.compile(r"[\d.,%()<>\s-]+")   # a cell read as a number ('12.500', '7,5 - 8', '(105)')
NUMERIC_COLUMN = 0.6    # a column most of whose cells read as numbers is a column of numbers
SEPARATOR = "\n\n"


@dataclass
class ScanPage:
    text: str
    confidence: float | None
    uncertain: tuple[tuple[int, int], ...]
    boxes: tuple[tuple[int, int, Box], ...] = field(default=())


def _cell_images(gray, grid, table: RuledTable):
    """Each cell's image without its rules (None for an empty cell), row by row."""
    clean = gray.copy()
    clean[grid > 0] = 255
    out = []
    for row in table.rows:
        images = []
        for x0, y0, x1, y1 in row:
            crop = clean[y0 + CELL_INSET:y1 - CELL_INSET, x0 + CELL_INSET:x1 - CELL_INSET]
            dark = crop < DARK
            if crop.size == 0 or dark.sum() < MIN_INK:
                images.append(None)
                continue
            ys, xs = dark.any(axis=1).nonzero()[0], dark.any(axis=0).nonzero()[0]
            cut = crop[ys[0]:ys[-1] + 1, xs[0]:xs[-1] + 1].copy()
            cut[cut > PAPER] = 255   # the paper's grey made white: no edge where the cell meets the strip
            images.append(cut)
        out.append(images)
    return out


def _strip_words(images: list, folder: Path, name: str, options: tuple[str, ...] = ()) -> list[list[Word]]:
    """The words of each image, read in one strip of them all."""
    import cv2
    import numpy as np

    width = max(im.shape[1] for im in images) + 2 * STRIP_MARGIN
    height = sum(im.shape[0] + STRIP_GAP for im in images) + 2 * STRIP_MARGIN
    strip = np.full((height, width), 255, dtype=np.uint8)
    bands, y = [], STRIP_MARGIN
    for im in images:
        strip[y:y + im.shape[0], STRIP_MARGIN:STRIP_MARGIN + im.shape[1]] = im
        bands.append((y - STRIP_GAP // 2, y + im.shape[0] + STRIP_GAP // 2))
        y += im.shape[0] + STRIP_GAP
    png = folder / f"{name}.png"
    cv2.imwrite(str(png), strip)
    words: list[list[Word]] = [[] for _ in images]
    for w in tsv_words(tesseract_tsv(png, CELL_PSM, options)):
        middle = w.top + w.height / 2
        k = next((i for i, (a, b) in enumerate(bands) if a <= middle < b), None)
        if k is not None:
            words[k].append(w)
    return words


def _read_cells(gray, grid, table: RuledTable, folder: Path, name: str) -> list[list[list[Word]]]:
    """Each cell's words: a strip of every cell, then, in the columns of numbers, a digit strip of the cells
    read unsurely (or not as a number), whose digit reading is kept where it is a number read more surely."""
    images = _cell_images(gray, grid, table)
    flat = [(r, c) for r, row in enumerate(images) for c, im in enumerate(row) if im is not None]
    words: list[list[list[Word]]] = [[[] for _ in row] for row in images]
    if not flat:
        return words
    for (r, c), ws in zip(flat, _strip_words([images[r][c] for r, c in flat], folder, name), strict=True):
        words[r][c] = ws
    columns: dict[int, list[bool]] = {}
    for r, c in flat:
        columns.setdefault(c, []).append(bool(NUMERIC.fullmatch(_joined(words[r][c]))))
    numeric = {c for c, v in columns.items() if sum(v) >= NUMERIC_COLUMN * len(v)}
    unsure = [(r, c) for r, c in flat if c in numeric and (not NUMERIC.fullmatch(_joined(words[r][c]))
                                                           or _surety(words[r][c]) < LOW_WORD_CONFIDENCE)]
    if unsure:
        digits = _strip_words([images[r][c] for r, c in unsure], folder, name + "-digits",
                              ("-c", f"tessedit_char_whitelist={DIGITS}"))
        for (r, c), ws in zip(unsure, digits, strict=True):
            if ws and NUMERIC.fullmatch(_joined(ws)) and _surety(ws) > _surety(words[r][c]):
                words[r][c] = ws
    return words


def _surety(words: list[Word]) -> float:
    return min((w.conf for w in words), default=-1.0)


def _joined(words: list[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: (w.line, w.left)))


def read_scanned_page(png: Path) -> ScanPage:
    """The page's text with its ruled tables read cell by cell (a page without one: as Tesseract reads it)."""
    import cv2

    gray = straightened(cv2.imread(str(png), cv2.IMREAD_GRAYSCALE))
    tables, grid = find_tables(gray)
    if not tables:
        page = read_image(png)
        return ScanPage(page.text, page.confidence, page.uncertain)
    rest = gray.copy()
    for t in tables:
        x0, y0, x1, y1 = t.box
        rest[y0:y1 + 1, x0:x1 + 1] = 255
    blank = png.with_name(png.stem + "-rest.png")
    cv2.imwrite(str(blank), rest)
    page_words = tsv_words(tesseract_tsv(blank))
    cells = [_read_cells(gray, grid, t, png.parent, f"{png.stem}-table{k}") for k, t in enumerate(tables)]
    return _assemble(page_words, tables, cells)


def _assemble(page_words: list[Word], tables: list[RuledTable], cells) -> ScanPage:
    """The words above each table, the table as '|' rows, the words below, in the page's order."""
    parts: list[str] = []
    uncertain: list[tuple[int, int]] = []
    boxes: list[tuple[int, int, Box]] = []
    confs = [w.conf for w in page_words if w.conf >= 0]
    pos, top = 0, -1

    def add(text: str) -> int:
        nonlocal pos
        if parts:
            parts.append(SEPARATOR)
            pos += len(SEPARATOR)
        start = pos
        parts.append(text)
        pos += len(text)
        return start

    for table, words in zip(tables, cells, strict=True):
        above = [w for w in page_words if top <= w.top + w.height / 2 < table.box[1]]
        _add_words(above, add, uncertain)
        texts = [[_joined(ws) for ws in row] for row in words]
        lines, spans = table_text(texts)
        start = add("\n".join(lines))
        line_starts = [start + sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
        for row, where, row_words in zip(table.rows, spans, words, strict=True):
            for box, (line, a, b), ws in zip(row, where, row_words, strict=True):
                if line >= 0 and b > a:
                    boxes.append((line_starts[line] + a, line_starts[line] + b, box))
                    if any(0 <= w.conf < LOW_WORD_CONFIDENCE for w in ws):
                        uncertain.append((line_starts[line] + a, line_starts[line] + b))
                confs += [w.conf for w in ws if w.conf >= 0]
        top = table.box[3]
    _add_words([w for w in page_words if w.top + w.height / 2 >= top], add, uncertain)
    mean = round(sum(confs) / len(confs), 1) if confs else None
    return ScanPage("".join(parts), mean, tuple(uncertain), tuple(boxes))


def _add_words(words: list[Word], add, uncertain: list[tuple[int, int]]) -> None:
    if not words:
        return
    page: OcrPage = from_words(words)
    if page.text.strip():
        start = add(page.text)
        uncertain.extend((start + a, start + b) for a, b in page.uncertain)
